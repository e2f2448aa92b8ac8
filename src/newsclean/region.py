"""Where the article is: the cluster of prose lines holding the most words.

Shared by the stages that need to know whether a block is inside the article (layout, to cut
what is outside; duplicates, to keep the copy that is inside).
"""
from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

from .document import Block

# Kinds of removed block that end one part of a page and start another: a "Read more" rail, a
# comment section, a marketplace or newsletter box. Prose after one of these joins the article
# only if it is running text (two prose lines in a row), not a teaser under a headline.
BOUNDARY_KINDS = frozenset({"related", "comments", "marketplace", "newsletter", "tips"})


def is_boundary(block: Block) -> bool:
    return block.removal is not None and block.removal.kind in BOUNDARY_KINDS


def article_region(blocks: Sequence[Block], max_gap: int,
                   boundary: Callable[[Block], bool] = is_boundary) -> tuple[int, int] | None:
    """Positions in ``blocks`` of the first and last prose line of the article, or None.

    Kept prose lines at most ``max_gap`` lines apart form a cluster. Every line between two
    prose lines counts, removed or not: a menu that an earlier step removed still separates
    a sidebar from the article. A boundary among them (a rail heading, a comment section)
    stops the cluster unless running text follows. The cluster with the most words of prose
    is the article.
    """
    clusters: list[tuple[float, int, int]] = []
    start = last = -1
    words = 0.0
    gap = 0
    crossed = False
    for pos, block in enumerate(blocks):
        if block.removal is not None or not block.prose:
            gap += 1
            crossed = crossed or boundary(block)
            continue
        joins = last >= 0 and gap <= max_gap and (not crossed or _prose_run(blocks, pos) >= 2)
        if joins:
            last, words = pos, words + block.words
        else:
            if last >= 0:
                clusters.append((words, start, last))
            start, last, words = pos, pos, block.words
        gap, crossed = 0, False
    if last >= 0:
        clusters.append((words, start, last))
    if not clusters:
        return None
    _, first, last = max(clusters, key=lambda c: c[0])  # the first of equals wins
    return first, last


def _prose_run(blocks: Sequence[Block], pos: int) -> int:
    """How many kept prose lines follow one another from ``pos`` (removed blocks skipped)."""
    count = 0
    for block in blocks[pos:]:
        if block.removal is not None:
            continue
        if not block.prose:
            break
        count += 1
        if count >= 2:
            break
    return count


def main_span(mask: np.ndarray, weights: np.ndarray, max_gap: int) -> tuple[int, int] | None:
    """First and last position of the heaviest cluster of ``mask`` lines at most ``max_gap`` apart
    (the first of equals)."""
    regions = candidate_regions(mask, weights, max_gap)
    if not regions:
        return None
    _, first, last = max(regions, key=lambda r: r[0])
    return first, last


def candidate_regions(mask: np.ndarray, weights: np.ndarray, max_gap: int) -> list[tuple[float, int, int]]:
    """Runs of ``mask`` positions at most ``max_gap`` apart: ``(summed weight, first, last)``.

    >>> candidate_regions(np.array([1, 1, 0, 0, 1, 0, 0, 0, 1], bool), np.ones(9), 2)
    [(3.0, 0, 4), (1.0, 8, 8)]
    """
    sums, firsts, lasts = region_arrays(mask, weights, max_gap)
    return list(zip(sums.tolist(), firsts.tolist(), lasts.tolist()))


def region_arrays(mask: np.ndarray, weights: np.ndarray, max_gap: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`candidate_regions` as three arrays: summed weights, first and last positions."""
    index = np.flatnonzero(mask)
    k = len(index)
    if not k:
        return np.zeros(0), index, index
    opens = np.empty(k, bool)        # a position that starts a region
    opens[0] = True
    np.greater(index[1:] - index[:-1], max_gap + 1, out=opens[1:])
    sums = np.bincount(np.cumsum(opens) - 1, weights=np.asarray(weights, np.float64)[index])
    firsts = index[opens]
    lasts = np.empty(len(firsts), index.dtype)
    lasts[:-1] = index[:-1][opens[1:]]
    lasts[-1] = index[-1]
    return sums, firsts, lasts
