"""Numbers that place each line among the first pass's scores, for the second (context) model.

The line model (``newsclean.features``) judges a line from its shape and a few neighbours.
Where the article is, though, is a question about the whole page: which run of body-like
lines holds the article, whether a list sits between two body paragraphs, whether body text
resumes after an interruption. The context model answers it from the first pass's scores
``p`` of the kept lines, read as a sequence:

* the scores around a line (the previous and next lines, windows weighted by words, the best
  score within a few lines on either side);
* candidate regions: runs of lines scoring at least one half, with gaps, ranked by the body
  mass (score times words) they hold; whether the line is in the heaviest one, how far from
  it, how much the runner-up weighs against it (a page with a comment thread or a rail of
  summaries beside a short article has two such runs);
* the run of non-prose lines a line sits in (a list, steps, specs, a calendar): its length,
  the scores of the lines that enclose it, whether the line before it ends with a colon;
* the chrome the rules found before a line (comment widgets, rails of related stories:
  what ends an article) and whether a second article's headline opened above it;
* the page: its best score, its share of body-like words.

All of it is general: nothing names a page's words. Computed with numpy over the kept lines
(the removed ones are gone from the sequence, as they are from the output), so a clean text
reads the same as the kept lines of a raw one.
"""
from __future__ import annotations

import numpy as np

from .document import Document
from .features import NAMES as LINE_NAMES, profile_rows
from .region import BOUNDARY_KINDS

_LINE = {name: i for i, name in enumerate(LINE_NAMES)}
# Scores at least this make a line body-like for the candidate regions.
_BODY = 0.5
# Kept lines at most this many apart join one candidate region (sub-headings, an inline link).
_REGION_GAP = 6

CONTEXT_NAMES = [
    "p", "p_prev1", "p_next1", "p_prev3", "p_next3", "p_max_prev3", "p_max_next3",
    "p_weighted5", "p_weighted15",
    "mass_before", "mass_after",
    "in_best", "before_best", "after_best", "best_share", "runner_up_ratio", "clusters",
    "in_own_cluster_share",
    "run_length", "run_p_before", "run_p_after", "run_colon_before", "run_list_share", "run_mean_p",
    "prose_p_before", "prose_p_after",
    "list_run_length", "list_run_colon_before", "list_run_p_before", "list_run_p_after",
    "ends_colon", "prev_ends_colon",
    "title_overlap", "own_cluster_title_overlap", "best_cluster_title_overlap",
    "boundary_removed_before", "boundary_removed_after", "stacked_after",
    "stacked_mass_before", "stacked_mass_after",
    "page_max_p", "page_body_share", "page_lines",
]
NAMES = CONTEXT_NAMES + LINE_NAMES
_C = {name: i for i, name in enumerate(CONTEXT_NAMES)}


def context_features(doc: Document, X: np.ndarray, p: np.ndarray, stacked_at: int | None = None) -> np.ndarray:
    """A row of :data:`NAMES` for each kept block of ``doc``.

    ``X``: :func:`newsclean.features.document_features` of every block; ``p``: the line
    model's score of each kept block, in order; ``stacked_at``: the position (in
    ``doc.blocks``) of a second article's headline, if one was found.
    """
    blocks = doc.blocks
    kept_positions = np.fromiter((i for i, b in enumerate(blocks) if b.removal is None), np.int64)
    m = len(kept_positions)
    out = np.zeros((m, len(CONTEXT_NAMES)), np.float32)
    if m == 0:
        return np.hstack([out, X[kept_positions]])
    p = np.asarray(p, np.float64)
    Xk = X[kept_positions]
    words = np.expm1(Xk[:, _LINE["log_words"]].astype(np.float64))
    prose = Xk[:, _LINE["prose"]] > 0
    mass = p * words
    total = mass.sum() + 1.0
    c = _C

    out[:, c["p"]] = p
    out[:, c["p_prev1"]] = _shift(p, 1)
    out[:, c["p_next1"]] = _shift(p, -1)
    out[:, c["p_prev3"]] = _window_mean(p, 3, 0)
    out[:, c["p_next3"]] = _window_mean(p, 0, 3)
    out[:, c["p_max_prev3"]] = _window_max(p, 3, 0)
    out[:, c["p_max_next3"]] = _window_max(p, 0, 3)
    out[:, c["p_weighted5"]] = _weighted_mean(p, words, 5)
    out[:, c["p_weighted15"]] = _weighted_mean(p, words, 15)
    running = np.concatenate([[0.0], np.cumsum(mass)])
    out[:, c["mass_before"]] = running[:-1] / total
    out[:, c["mass_after"]] = (running[-1] - running[1:]) / total

    clusters = candidate_regions(p >= _BODY, mass, _REGION_GAP)
    position = np.arange(m)
    if clusters:
        ranked = sorted(clusters, key=lambda r: -r[0])
        weight, first, last = ranked[0]
        out[:, c["in_best"]] = (position >= first) & (position <= last)
        out[:, c["before_best"]] = np.log1p(np.maximum(first - position, 0))
        out[:, c["after_best"]] = np.log1p(np.maximum(position - last, 0))
        out[:, c["best_share"]] = weight / total
        out[:, c["runner_up_ratio"]] = ranked[1][0] / weight if len(ranked) > 1 and weight > 0 else 0.0
        out[:, c["clusters"]] = np.log1p(len(clusters))
        own = np.zeros(m)
        for cluster_weight, start, end in clusters:
            own[start:end + 1] = cluster_weight
        out[:, c["in_own_cluster_share"]] = own / total
    else:
        out[:, c["before_best"]] = out[:, c["after_best"]] = -1.0

    # Runs of non-prose lines (lists, steps, specs, menus) and what encloses them.
    ends_colon = np.fromiter((blocks[i].text.endswith((":", "：")) for i in kept_positions), bool, m)
    out[:, c["ends_colon"]] = ends_colon
    out[:, c["prev_ends_colon"]] = _shift(ends_colon.astype(np.float64), 1)
    run_id = np.cumsum(np.concatenate([[True], prose[1:] != prose[:-1]])) - 1
    run_start = np.flatnonzero(np.concatenate([[True], run_id[1:] != run_id[:-1]]))
    run_end = np.concatenate([run_start[1:], [m]]) - 1
    lengths = run_end - run_start + 1
    start_of, end_of = run_start[run_id], run_end[run_id]
    padded = np.concatenate([[-1.0], p, [-1.0]])
    list_marker = Xk[:, _LINE["list_marker"]].astype(np.float64)
    run_list = np.bincount(run_id, weights=list_marker) / lengths
    run_p = np.bincount(run_id, weights=p) / lengths
    colon = np.concatenate([[False], ends_colon])
    not_prose = ~prose
    out[not_prose, c["run_length"]] = np.log1p(lengths[run_id])[not_prose]
    out[not_prose, c["run_p_before"]] = padded[start_of][not_prose]       # p of the line before the run
    out[not_prose, c["run_p_after"]] = padded[end_of + 2][not_prose]      # ...and after it
    out[not_prose, c["run_colon_before"]] = colon[start_of][not_prose]
    out[not_prose, c["run_list_share"]] = run_list[run_id][not_prose]
    out[not_prose, c["run_mean_p"]] = run_p[run_id][not_prose]

    # Runs of list items (prose or not): the line before the run (a colon introduces a list)
    # and the scores of the lines that enclose it.
    in_list = list_marker > 0
    list_id = np.cumsum(np.concatenate([[True], in_list[1:] != in_list[:-1]])) - 1
    list_start = np.flatnonzero(np.concatenate([[True], list_id[1:] != list_id[:-1]]))
    list_end = np.concatenate([list_start[1:], [m]]) - 1
    first_of, last_of = list_start[list_id], list_end[list_id]
    out[in_list, c["list_run_length"]] = np.log1p(last_of - first_of + 1)[in_list]
    out[in_list, c["list_run_colon_before"]] = colon[first_of][in_list]
    out[in_list, c["list_run_p_before"]] = padded[first_of][in_list]
    out[in_list, c["list_run_p_after"]] = padded[last_of + 2][in_list]

    # Words shared with the page's title (its first line, in a full-page scrape): the
    # article is about what the title says; a rail of other stories or a thread is not.
    title = _title_words(doc)
    contents = profile_rows([blocks[i] for i in kept_positions])[1]
    overlap = np.fromiter((len(w & title) / len(w) if w else 0.0 for w in contents), np.float64, m)
    out[:, c["title_overlap"]] = overlap
    if clusters:
        cluster_overlap = [float((overlap[s:e + 1] * words[s:e + 1]).sum() / (words[s:e + 1].sum() + 1.0))
                           for _, s, e in clusters]
        own_overlap = np.zeros(m)
        for (_, start, end), value in zip(clusters, cluster_overlap):
            own_overlap[start:end + 1] = value
        out[:, c["own_cluster_title_overlap"]] = own_overlap
        out[:, c["best_cluster_title_overlap"]] = cluster_overlap[clusters.index(ranked[0])]

    # The nearest prose line before and after (itself excluded): its score.
    prose_index = np.flatnonzero(prose)
    if len(prose_index):
        before = np.searchsorted(prose_index, position, side="left") - 1
        after = np.searchsorted(prose_index, position, side="right")
        pp = np.concatenate([[-1.0], p[prose_index], [-1.0]])
        out[:, c["prose_p_before"]] = pp[before + 1]
        out[:, c["prose_p_after"]] = pp[np.minimum(after, len(prose_index)) + 1]
    else:
        out[:, c["prose_p_before"]] = out[:, c["prose_p_after"]] = -1.0

    # Chrome the rules found that ends an article (comment widgets, related rails), counted
    # over the whole page, removed lines included.
    boundary = np.fromiter((b.removal is not None and b.removal.kind in BOUNDARY_KINDS for b in blocks),
                           np.float64, len(blocks))
    seen = np.concatenate([[0.0], np.cumsum(boundary)])
    out[:, c["boundary_removed_before"]] = np.log1p(seen[kept_positions])
    out[:, c["boundary_removed_after"]] = np.log1p(seen[-1] - seen[kept_positions + 1])
    if stacked_at is not None:
        after_headline = kept_positions >= stacked_at
        out[:, c["stacked_after"]] = after_headline
        out[:, c["stacked_mass_before"]] = np.log1p(mass[~after_headline].sum())
        out[:, c["stacked_mass_after"]] = np.log1p(mass[after_headline].sum())

    out[:, c["page_max_p"]] = p.max()
    out[:, c["page_body_share"]] = words[p >= _BODY].sum() / (words.sum() + 1.0)
    out[:, c["page_lines"]] = np.log1p(m)
    return np.hstack([out, Xk])


def _title_words(doc: Document) -> frozenset[str]:
    """The content words of the page's first line (the root document's: later passes see a
    view without it)."""
    while doc.parent is not None:
        doc = doc.parent
    if not doc.blocks:
        return frozenset()
    return frozenset(profile_rows([doc.blocks[0]])[1][0])


def candidate_regions(mask: np.ndarray, weights: np.ndarray, max_gap: int) -> list[tuple[float, int, int]]:
    """Runs of ``mask`` positions at most ``max_gap`` apart: ``(summed weight, first, last)``.

    >>> candidate_regions(np.array([1, 1, 0, 0, 1, 0, 0, 0, 1], bool), np.ones(9), 2)
    [(3.0, 0, 4), (1.0, 8, 8)]
    """
    regions: list[tuple[float, int, int]] = []
    start = last = -1
    total = 0.0
    for i in np.flatnonzero(mask).tolist():
        if last >= 0 and i - last - 1 <= max_gap:
            last, total = i, total + float(weights[i])
            continue
        if last >= 0:
            regions.append((total, start, last))
        start, last, total = i, i, float(weights[i])
    if last >= 0:
        regions.append((total, start, last))
    return regions


def _shift(values: np.ndarray, by: int) -> np.ndarray:
    """``values`` moved ``by`` places later (positive) or earlier, -1 where nothing is."""
    out = np.full(len(values), -1.0)
    if by > 0:
        out[by:] = values[:-by]
    else:
        out[:by] = values[-by:]
    return out


def _window_mean(values: np.ndarray, before: int, after: int) -> np.ndarray:
    """Mean of the ``before`` values before each place, or of the ``after`` values after it
    (the place itself left out; -1 where the window is empty)."""
    n = len(values)
    running = np.concatenate([[0.0], np.cumsum(values)])
    index = np.arange(n)
    if before:
        lo, hi = np.maximum(index - before, 0), index
    else:
        lo, hi = index + 1, np.minimum(index + 1 + after, n)
    count = hi - lo
    sums = running[hi] - running[lo]
    return np.where(count > 0, sums / np.maximum(count, 1), -1.0)


def _window_max(values: np.ndarray, before: int, after: int) -> np.ndarray:
    """The largest of the ``before`` values before each place (or ``after`` after it), -1 if none."""
    n = len(values)
    padded = np.concatenate([np.full(max(before, after), -1.0), values, np.full(max(before, after), -1.0)])
    pad = max(before, after)
    out = np.full(n, -1.0)
    for k in range(1, (before or after) + 1):
        shifted = padded[pad - k:pad - k + n] if before else padded[pad + k:pad + k + n]
        out = np.maximum(out, shifted)
    return out


def _weighted_mean(values: np.ndarray, weights: np.ndarray, radius: int) -> np.ndarray:
    """Mean of ``values`` over the ``radius`` places on either side and the place itself,
    weighted by ``weights`` (plus one, so that a window of one-word lines still counts)."""
    n = len(values)
    w = weights + 1.0
    running_vw = np.concatenate([[0.0], np.cumsum(values * w)])
    running_w = np.concatenate([[0.0], np.cumsum(w)])
    index = np.arange(n)
    lo, hi = np.maximum(index - radius, 0), np.minimum(index + radius + 1, n)
    return (running_vw[hi] - running_vw[lo]) / (running_w[hi] - running_w[lo])
