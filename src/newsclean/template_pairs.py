"""Which pages are linked by the chrome they share: template discovery's pair counting, in arrays.

Two pages share the weight of the forms both print, counted through the forms' partners
(``newsclean.templates``): a form pairs each of its pages with all its pages when it has
at most ``template_anchors``, else with the ``template_anchors`` of them first in content
hash order. A batch of pages at a time, the pairs are expanded into arrays, summed into a
dense table of the batch's pages by the pages they meet, and the links found there (shared
weight at least ``template_min_weight`` and ``template_min_share`` of the lighter page's
evidence) are merged into components. A form weighs a number of quarters, so the sums are
exact in any order: the links are those a page-at-a-time count finds, 5-10x faster.

Memory: the pages' form numbers (a few arrays as long as them), one batch's pairs
(``_PAIRS``) and one table (``_CELLS``), whatever the number of pages.

>>> # pages 0 and 1 print the same four-word forms; page 2 shares one of them
>>> forms, ends = [0, 1, 2, 0, 1, 2, 0], [3, 6, 7]
>>> linked_components(forms, ends, [1.0, 1.0, 1.0], [0, 1, 2], min_weight=2.0, min_share=0.3, anchors=50).tolist()
[0, 0, 2]
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

_PAIRS = 1 << 19    # (page, partner) pairs expanded at once: ~60 bytes each
_CELLS = 1 << 20    # cells of one table of shared weights: ~10 bytes each


def linked_components(forms: Sequence[int], ends: Sequence[int], weights: Sequence[float],
                      rank: Sequence[int], *, min_weight: float, min_share: float,
                      anchors: int) -> np.ndarray:
    """Each page's component (its smallest page number): pages are given as ``forms``,
    the numbers of every page's forms one page after another, page ``p``'s ending at
    ``ends[p]`` (each form at most once a page); ``weights[f]`` is form ``f``'s weight
    and ``rank[p]`` page ``p``'s place in content hash order."""
    forms = np.asarray(forms, dtype=np.int64)
    ends = np.asarray(ends, dtype=np.int64)
    weights = np.asarray(weights, dtype=np.float64)
    rank = np.asarray(rank, dtype=np.int64)
    count = len(ends)
    starts = np.concatenate(([0], ends[:-1]))
    page_of = np.repeat(np.arange(count), ends - starts)
    own = np.bincount(page_of, weights=weights[forms], minlength=count)
    # Each form's pages in hash order: the first min(pages, anchors) are its partners.
    members = np.bincount(forms, minlength=len(weights))
    postings = page_of[np.lexsort((rank[page_of], forms))]
    first_posting = np.cumsum(members) - members
    partners = np.where(members > 1, np.minimum(members, anchors), 0)
    pairs_of = partners[forms]                                   # pairs each entry makes
    pairs_before = np.concatenate(([0], np.cumsum(pairs_of)))    # ... before each entry
    parent = np.arange(count)
    seen = np.zeros(count, dtype=bool)
    slot = np.zeros(count, dtype=np.int64)
    page = 0
    while page < count:
        # The next pages whose pairs fit in _PAIRS (at least one page).
        end = int(np.searchsorted(pairs_before[ends], pairs_before[starts[page]] + _PAIRS, side="right"))
        end = max(end, page + 1)
        low, high = starts[page], ends[end - 1]
        entry_pairs = pairs_of[low:high]
        total = int(pairs_before[high] - pairs_before[low])
        if total:
            source = np.repeat(page_of[low:high], entry_pairs)
            offsets = np.repeat(first_posting[forms[low:high]] - (pairs_before[low:high] - pairs_before[low]),
                                entry_pairs) + np.arange(total)
            other = postings[offsets]
            value = np.repeat(weights[forms[low:high]], entry_pairs)
            distinct = other != source
            source, other, value = source[distinct], other[distinct], value[distinct]
            # The pages met, numbered densely: a table's columns.
            seen[other] = True
            met = np.flatnonzero(seen)
            seen[met] = False
            slot[met] = np.arange(len(met))
            column = slot[other]
            rows = max(1, _CELLS // max(1, len(met)))
            for first in range(page, end, rows):
                last = min(first + rows, end)
                a, b = np.searchsorted(source, (first, last))
                cells = (source[a:b] - first) * len(met) + column[a:b]
                table = np.bincount(cells, weights=value[a:b], minlength=(last - first) * len(met))
                hit = np.flatnonzero(table >= min_weight)
                left, right = first + hit // len(met), met[hit % len(met)]
                linked = table[hit] >= min_share * np.minimum(own[left], own[right])
                _merge(parent, left[linked], right[linked])
        page = end
    return _roots(parent, np.arange(count))


def _roots(parent: np.ndarray, nodes: np.ndarray) -> np.ndarray:
    """The root of each of ``nodes`` (compressing their paths)."""
    roots = parent[nodes]
    while True:
        up = parent[roots]
        if np.array_equal(up, roots):
            break
        roots = up
    parent[nodes] = roots
    return roots


def _merge(parent: np.ndarray, left: np.ndarray, right: np.ndarray) -> None:
    """Join the components of each pair ``left[i]``, ``right[i]``: a root is hooked under a
    smaller one; hooks that collide in one round are tried again in the next."""
    while len(left):
        a, b = _roots(parent, left), _roots(parent, right)
        apart = a != b
        left, right, a, b = left[apart], right[apart], a[apart], b[apart]
        parent[np.maximum(a, b)] = np.minimum(a, b)
