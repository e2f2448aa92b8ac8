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
from .features import NAMES as LINE_NAMES, LineEvidence
from .html_features import NAMES as HTML_LINE_NAMES
from .region import region_arrays

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
    "title_words", "title_overlap", "own_cluster_title_overlap", "best_cluster_title_overlap",
    "boundary_removed_before", "boundary_removed_after", "stacked_after",
    "stacked_mass_before", "stacked_mass_after", "stacked_lines_after",
    "page_max_p", "page_body_share", "page_lines",
]
NAMES = CONTEXT_NAMES + LINE_NAMES
HTML_NAMES = NAMES + HTML_LINE_NAMES   # a page read from its HTML: its line columns as well
_C = {name: i for i, name in enumerate(CONTEXT_NAMES)}


def context_features(doc: Document, evidence: LineEvidence, p: np.ndarray, stacked_at: int | None = None) -> np.ndarray:
    """A row of :data:`NAMES` for each kept block of ``doc`` (of :data:`HTML_NAMES` when
    ``evidence.X`` holds the HTML columns too).

    ``evidence``: :func:`newsclean.features.line_evidence` of ``doc``; ``p``: the line
    model's score of each kept block, in order; ``stacked_at``: the position (in
    ``doc.blocks``) of a second article's headline, if one was found.
    """
    blocks = doc.blocks
    X = evidence.X
    kept_positions = np.flatnonzero(evidence.kept)
    m = len(kept_positions)
    rows = np.zeros((m, len(CONTEXT_NAMES) + X.shape[1]), np.float32)   # (HTML pages: more line columns)
    out = rows[:, :len(CONTEXT_NAMES)]    # the context columns; the line features follow them
    Xk = rows[:, len(CONTEXT_NAMES):]
    Xk[:] = X[kept_positions]
    if m == 0:
        return rows
    p = np.asarray(p, np.float64)
    words = np.expm1(Xk[:, _LINE["log_words"]].astype(np.float64))
    prose = Xk[:, _LINE["prose"]] > 0
    mass = p * words
    total = mass.sum() + 1.0
    c = _C

    out[:, c["p"]] = p
    _score_windows(p, words, out)
    running = np.concatenate([[0.0], np.cumsum(mass)])
    out[:, c["mass_before"]] = running[:-1] / total
    out[:, c["mass_after"]] = (running[-1] - running[1:]) / total

    weights, starts, ends = region_arrays(p >= _BODY, mass, _REGION_GAP)
    clusters = len(weights)
    position = np.arange(m)
    weight_of = np.zeros(m)
    if clusters:
        best = int(np.argmax(weights))  # the first of equals
        weight, first, last = float(weights[best]), int(starts[best]), int(ends[best])
        out[:, c["in_best"]] = (position >= first) & (position <= last)
        out[:, c["before_best"]] = np.log1p(np.maximum(first - position, 0))
        out[:, c["after_best"]] = np.log1p(np.maximum(position - last, 0))
        out[:, c["best_share"]] = weight / total
        runner_up = np.partition(weights, -2)[-2] if len(weights) > 1 else 0.0
        out[:, c["runner_up_ratio"]] = runner_up / weight if weight > 0 else 0.0
        out[:, c["clusters"]] = np.log1p(clusters)
        # Each line's own region (the one whose span holds it), if any.
        region = np.searchsorted(starts, position, side="right") - 1
        inside = (region >= 0) & (position <= ends[np.maximum(region, 0)])
        weight_of = np.where(inside, weights[np.maximum(region, 0)], 0.0)
        out[:, c["in_own_cluster_share"]] = weight_of / total
    else:
        out[:, c["before_best"]] = out[:, c["after_best"]] = -1.0

    # Runs of non-prose lines (lists, steps, specs, menus) and what encloses them.
    ends_colon = Xk[:, _LINE["ends_colon"]] > 0
    out[:, c["ends_colon"]] = ends_colon
    out[1:, c["prev_ends_colon"]] = ends_colon[:-1]
    out[0, c["prev_ends_colon"]] = -1.0
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
    # (The six columns side by side in CONTEXT_NAMES: written as one block, zero on prose lines.)
    runs = np.column_stack([np.log1p(lengths[run_id]), padded[start_of], padded[end_of + 2], colon[start_of],
                            run_list[run_id], run_p[run_id]])   # p of the lines before and after the run
    runs[prose] = 0.0
    out[:, c["run_length"]:c["run_mean_p"] + 1] = runs

    # Runs of list items (prose or not): the line before the run (a colon introduces a list)
    # and the scores of the lines that enclose it.
    in_list = list_marker > 0
    list_id = np.cumsum(np.concatenate([[True], in_list[1:] != in_list[:-1]])) - 1
    list_start = np.flatnonzero(np.concatenate([[True], list_id[1:] != list_id[:-1]]))
    list_end = np.concatenate([list_start[1:], [m]]) - 1
    first_of, last_of = list_start[list_id], list_end[list_id]
    lists = np.column_stack([np.log1p(last_of - first_of + 1), colon[first_of], padded[first_of], padded[last_of + 2]])
    lists[~in_list] = 0.0
    out[:, c["list_run_length"]:c["list_run_p_after"] + 1] = lists

    # Words shared with the page's title (its first line, in a full-page scrape): the
    # article is about what the title says; a rail of other stories or a thread is not.
    # The document's first line (its <title>) as the title, unless a rule removed it (a
    # "Share" button, a date) or it has fewer than two content words.
    first = blocks[0]
    lines_words = evidence.words
    title_size = int(lines_words.lengths[0])
    if title_size < 2 or (first.removal is not None and first.removal.kind not in ("layout", "duplicate")):
        title_size = 0
    overlap = np.zeros(m)
    if title_size:
        in_title = np.zeros(len(lines_words.word) + 1)
        in_title[lines_words.word[lines_words.line == 0]] = 1.0
        shared = np.bincount(lines_words.line, weights=in_title[lines_words.word], minlength=len(blocks))
        overlap = shared[kept_positions] / np.maximum(lines_words.lengths[kept_positions], 1)
    out[:, c["title_words"]] = np.log1p(title_size)
    out[:, c["title_overlap"]] = overlap
    if clusters:
        # Word-weighted title overlap of each region (its span, lines under 0.5 included).
        running = np.concatenate([[0.0], np.cumsum(overlap * words)])
        running_words = np.concatenate([[0.0], np.cumsum(words)])
        cluster_overlap = (running[ends + 1] - running[starts]) / (running_words[ends + 1] - running_words[starts] + 1.0)
        out[:, c["own_cluster_title_overlap"]] = np.where(inside, cluster_overlap[np.maximum(region, 0)], 0.0)
        out[:, c["best_cluster_title_overlap"]] = cluster_overlap[best]

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
    seen = np.concatenate([[0.0], np.cumsum(evidence.boundary)])
    out[:, c["boundary_removed_before"]] = np.log1p(seen[kept_positions])
    out[:, c["boundary_removed_after"]] = np.log1p(seen[-1] - seen[kept_positions + 1])
    if stacked_at is not None:
        after_headline = kept_positions >= stacked_at
        out[:, c["stacked_after"]] = after_headline
        out[:, c["stacked_mass_before"]] = np.log1p(mass[~after_headline].sum())
        out[:, c["stacked_mass_after"]] = np.log1p(mass[after_headline].sum())
        out[:, c["stacked_lines_after"]] = np.where(after_headline, np.log1p(np.maximum(kept_positions - stacked_at + 1, 0)), 0.0)

    out[:, c["page_max_p"]] = p.max()
    out[:, c["page_body_share"]] = words[p >= _BODY].sum() / (words.sum() + 1.0)
    out[:, c["page_lines"]] = np.log1p(m)
    return rows


def _score_windows(p: np.ndarray, words: np.ndarray, out: np.ndarray) -> None:
    """The scores around each line, into ``out``'s columns: the previous and next line's
    (-1 beyond the edges), the mean and the best of the three before and after (the line
    itself left out; -1 where there are none), and means over 5 and 15 lines on either side
    weighted by words. (Slices of one padded array and of running sums: a few array calls.)"""
    n, c = len(p), _C
    padded = np.full(n + 6, -1.0)
    padded[3:3 + n] = p
    out[:, c["p_prev1"]] = padded[2:2 + n]
    out[:, c["p_next1"]] = padded[4:4 + n]
    out[:, c["p_max_prev3"]] = np.maximum(np.maximum(padded[0:n], padded[1:1 + n]), padded[2:2 + n])
    out[:, c["p_max_next3"]] = np.maximum(np.maximum(padded[4:4 + n], padded[5:5 + n]), padded[6:6 + n])
    # Means of the (up to) three lines on each side: the edges have fewer.
    running = np.zeros(n + 1)
    np.cumsum(p, out=running[1:])
    index = np.arange(n)
    lo, hi = np.maximum(index - 3, 0), np.minimum(index + 4, n)
    before, after = index - lo, hi - index - 1
    out[:, c["p_prev3"]] = np.where(before > 0, (running[index] - running[lo]) / np.maximum(before, 1), -1.0)
    out[:, c["p_next3"]] = np.where(after > 0, (running[hi] - running[index + 1]) / np.maximum(after, 1), -1.0)
    weight = words + 1.0   # a window of one-word lines still counts
    running_pw = np.zeros(n + 1)
    running_w = np.zeros(n + 1)
    np.cumsum(p * weight, out=running_pw[1:])
    np.cumsum(weight, out=running_w[1:])
    for radius in (5, 15):
        lo, hi = np.maximum(index - radius, 0), np.minimum(index + radius + 1, n)
        out[:, c[f"p_weighted{radius}"]] = (running_pw[hi] - running_pw[lo]) / (running_w[hi] - running_w[lo])
