"""Decide, with the body model, which of the remaining lines are body text.

Two passes (``newsclean.model``, fitted by ``benchmarks/train_model.py``): the line model
scores each kept line from its shape and neighbours (``newsclean.features``); the context
model scores it again among those scores over the whole page (``newsclean.stacking``): the
candidate regions, the run a list sits in, what the rules found around it, a second
article's headline. The heuristics (the biggest cluster of prose, a stacked article) are
among its evidence, not vetoes. A line scoring below ``Settings.body_threshold`` goes. Its
reason says where it sits relative to the main run of lines the model keeps (before it,
after it, in a menu, or inside it); its removal carries the score, and its detail the
plainest of the evidence.
"""
from __future__ import annotations

import numpy as np

from ..document import Document, Removal
from ..features import NAMES, LineEvidence, kept_mask, line_evidence
from ..html_features import html_features
from ..region import main_span
from ..stacking import context_features
from . import Context

_COLUMN = {name: i for i, name in enumerate(NAMES)}


def score_blocks(doc: Document, context: Context) -> tuple[np.ndarray, np.ndarray]:
    """The line features of every block and the body model's score of each (0 for removed blocks).

    A page read from its HTML is scored by the HTML model, with the markup's columns after
    the text's (``newsclean.html_features``); the text columns keep their places.
    """
    model = context.body_model(doc)
    evidence = evidence_of(doc, html=model is not context.model)   # (an HTML model, with or without trafilatura)
    kept = evidence.kept
    score = np.zeros(len(doc.blocks))
    if kept.any():
        first = model.line.probability(evidence.X[kept])
        score[kept] = model.context.probability(context_features(doc, evidence, first, stacked_position(doc)))
    return evidence.X, score


def evidence_of(doc: Document, html: bool = True) -> LineEvidence:
    """The line evidence the body model reads: ``features.line_evidence``, and (``html``)
    for a page read from HTML the markup's columns too."""
    evidence = line_evidence(doc, doc.settings.region_max_gap)
    markup = html_features(doc) if html else None
    if markup is None:
        return evidence
    return evidence._replace(X=np.hstack([evidence.X, markup]))


def stacked_position(doc: Document) -> int | None:
    """Where the headline of a stacked second article is in ``doc.blocks`` (if found and kept)."""
    if doc.stacked_at is None or doc.stacked_at.removal is not None:
        return None
    return next((i for i, b in enumerate(doc.blocks) if b is doc.stacked_at), None)


def run(doc: Document, context: Context) -> None:
    blocks = doc.blocks
    kept = kept_mask(blocks)
    if not kept.any():
        return
    settings = doc.settings
    gap = settings.region_max_gap
    X, score = score_blocks(doc, context)
    _remember(doc, score, kept)
    threshold = settings.body_threshold
    words = np.expm1(X[:, _COLUMN["log_words"]])
    keep = kept & (score >= threshold)
    if not keep.any():
        # The model would leave nothing: a page has an article, and the lines it doubts
        # least are the best guess at it (a one-paragraph item under a menu looks, line by
        # line, like a stray teaser): its prose, if it has any.
        prose = kept & np.fromiter((b.prose for b in blocks), bool, len(blocks))
        candidates = prose if prose.any() else kept
        best = score[candidates].max()
        chosen = candidates & (score >= best * 0.5)
        span = main_span(chosen, score * words, gap)
        keep = np.zeros(len(blocks), bool)
        keep[span[0]:span[1] + 1] = True
        keep &= chosen
    span = main_span(keep, score * words, gap)
    start, end = span if span is not None else (len(blocks), -1)
    chrome = np.flatnonzero(kept & ~keep)
    if not len(chrome):
        return
    stacked = stacked_position(doc)
    stacked = len(blocks) if stacked is None else stacked
    rows = X[chrome]
    runs = np.expm1(rows[:, _COLUMN["short_run"]])
    masks = _evidence(rows, runs, chrome, start, end).tolist()
    # The reason of each line, where it sits: the first that holds of these.
    reasons = np.select([(chrome >= stacked) & (chrome > end), chrome < start, chrome > end,
                         runs >= settings.nav_run_min_lines - 0.5],
                        [0, 1, 2, 3], 4).tolist()
    for position, reason, mask, value in zip(chrome.tolist(), reasons, masks, score[chrome].tolist()):
        block = blocks[position]
        if block.removal is None:
            block.removal = Removal(_REASONS[reason], "layout", _detail(mask), value)


_REASONS = ("layout.stacked-article", "layout.before-article", "layout.after-article", "layout.navigation",
            "layout.chrome")


def _remember(doc: Document, score: np.ndarray, kept: np.ndarray) -> None:
    """Keep each kept block's score on the whole page (the last pass's word stands)."""
    root = doc.root()
    if root.scores is None or len(root.scores) != len(root.blocks):
        root.scores = np.zeros(len(root.blocks))
    index = np.fromiter((b.index for b in doc.blocks), np.int64, len(doc.blocks))
    root.scores[index[kept]] = score[kept]


# The plainest reasons a line looks like chrome, in words, each with its bit in the evidence mask.
_HINTS = ("before the main text", "after the main text", "in a run of short lines",
          "short, without a sentence ending", "a call to action", "shares few words with the rest of the text")
_details: dict[int, str] = {}


def _evidence(rows: np.ndarray, runs: np.ndarray, positions: np.ndarray, start: int, end: int) -> np.ndarray:
    """For each row, a bit mask of the :data:`_HINTS` that hold."""
    column = lambda name: rows[:, _COLUMN[name]]  # noqa: E731
    words = np.expm1(column("log_words"))
    holds = [positions < start, positions > end, runs >= 1.5,
             (column("ends_sentence") == 0) & (words < 7), column("call_to_action") > 0,
             (column("cohesion_document") < 0.2) & (words >= 7)]
    return sum(h.astype(np.int64) << bit for bit, h in enumerate(holds))


def _detail(mask: int) -> str:
    """The words for an evidence mask (made once per mask)."""
    detail = _details.get(mask)
    if detail is None:
        said = "; ".join(hint for bit, hint in enumerate(_HINTS) if mask >> bit & 1)
        detail = _details[mask] = "the line model judges it chrome" + (f": {said}" if said else "")
    return detail
