"""Decide, with the line model, which of the remaining lines are body text.

The model (``newsclean.model``, fitted by ``benchmarks/train_model.py``) scores each kept
line from its shape and its context (``newsclean.features``). A line scoring below
``Settings.model_threshold`` goes. Its reason says where it sits relative to the main run
of lines the model keeps (before it, after it, in a menu, or inside it); its removal carries
the score, and its detail the plainest of the evidence.
"""
from __future__ import annotations

import numpy as np

from ..document import Document
from ..features import NAMES, document_features
from ..region import main_span
from . import Context

_COLUMN = {name: i for i, name in enumerate(NAMES)}


def run(doc: Document, context: Context) -> None:
    model = context.model
    blocks = doc.blocks
    kept = np.fromiter((b.removal is None for b in blocks), bool, len(blocks))
    if not kept.any():
        return
    settings = doc.settings
    gap = settings.region_max_gap
    X = document_features(doc, gap)
    score = np.zeros(len(blocks))
    score[kept] = model.probability(X[kept])
    in_region = X[:, _COLUMN["in_region"]] > 0
    threshold = np.where(in_region, settings.model_threshold, settings.model_threshold_outside)
    if not (kept & (score >= threshold)).any():
        # The model would leave nothing: a page has an article, and the heuristics' region
        # is the best guess at it (a one-paragraph news item under a menu looks, line by
        # line, like a stray teaser).
        threshold = np.where(in_region, 0.0, np.inf)
    words = np.expm1(X[:, _COLUMN["log_words"]])
    span = main_span(kept & (score >= threshold), score * words, gap)
    start, end = span if span is not None else (len(blocks), -1)
    chrome = np.flatnonzero(kept & (score < threshold))
    if not len(chrome):
        return
    rows = X[chrome]
    runs = np.expm1(rows[:, _COLUMN["short_run"]])
    evidence = _evidence(rows, runs, chrome, start, end)
    for k, position in enumerate(chrome.tolist()):
        if position < start:
            reason = "layout.before-article"
        elif position > end:
            reason = "layout.after-article"
        elif runs[k] >= settings.nav_run_min_lines - 0.5:
            reason = "layout.navigation"
        else:
            reason = "layout.chrome"
        doc.remove(blocks[position], reason, "layout", _detail(int(evidence[k])), float(score[position]))


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
