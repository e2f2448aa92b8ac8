"""How sure newsclean is that it found the body: a number from 0 to 1 for each page.

A pipeline that cleans millions of pages wants to route the doubtful ones (to a person, to
another extractor, to the bin). The body model's scores say how doubtful a page was: a body
of clear-cut lines in one run is likely right; a page where much of the text scored near
the threshold, where two runs of body-like lines competed, or where the model kept nothing
and a fallback chose, is likely wrong. A small model (``BodyModel.confidence``, fitted by
``benchmarks/train_model.py`` on the cross-validated F1 of every shared page) maps these
numbers to an estimate of the page's F1.
"""
from __future__ import annotations

from itertools import chain
from math import log1p
from operator import attrgetter

import numpy as np

from .document import Document
from .features import kept_mask
from .region import candidate_regions

_WORDS_PROSE = attrgetter("words", "prose")

NAMES = [
    "kept_words", "kept_word_share", "kept_lines", "lines", "kept_mean_score", "kept_min_score",
    "uncertain_share", "near_threshold_share", "kept_runs", "runner_up_ratio", "best_share",
    "kept_prose_share", "fell_back", "title_found", "removed_by_model_share",
]
_UNCERTAIN = (0.2, 0.8)
_NEAR = 0.1     # "near the threshold": within this of it
_RUN_GAP = 6


def page_features(doc: Document, title: str) -> np.ndarray:
    """The numbers :data:`NAMES` for a cleaned page (``doc``: the whole page, decided)."""
    blocks = doc.blocks
    out = np.zeros(len(NAMES), np.float32)
    if not blocks:
        return out
    n = len(blocks)
    table = np.fromiter(chain.from_iterable(map(_WORDS_PROSE, blocks)), np.float64, 2 * n).reshape(n, 2)
    words, prose = table[:, 0], table[:, 1] > 0
    kept = kept_mask(blocks)
    by_model = np.zeros(n, bool)
    by_model[~kept] = [b.removal.score is not None for b in blocks if b.removal is not None]
    scores = doc.scores if doc.scores is not None and len(doc.scores) == len(blocks) else kept.astype(np.float64)
    judged = kept | by_model        # the lines the model scored (the rest went to rules and duplicates)
    total = words.sum() + 1.0
    kept_words = words[kept].sum()
    values = dict.fromkeys(NAMES, 0.0)
    values["kept_words"] = log1p(kept_words)
    values["kept_word_share"] = kept_words / total
    values["kept_lines"] = log1p(int(kept.sum()))
    values["lines"] = log1p(len(blocks))
    if kept.any():
        values["kept_mean_score"] = float((scores[kept] * words[kept]).sum() / (kept_words + 1e-9))
        values["kept_min_score"] = float(scores[kept].min())
        values["kept_prose_share"] = float(words[kept & prose].sum() / (kept_words + 1e-9))
    judged_words = words[judged].sum() + 1.0
    low, high = _UNCERTAIN
    values["uncertain_share"] = float(words[judged & (scores > low) & (scores < high)].sum() / judged_words)
    values["near_threshold_share"] = _near_threshold(words, judged, scores, doc.settings.body_threshold)
    runs = candidate_regions(kept, words, _RUN_GAP)
    values["kept_runs"] = log1p(len(runs))
    regions = sorted(candidate_regions(judged & (scores >= 0.5), scores * words, _RUN_GAP), key=lambda r: -r[0])
    if regions:
        values["best_share"] = regions[0][0] / total
        values["runner_up_ratio"] = regions[1][0] / regions[0][0] if len(regions) > 1 and regions[0][0] else 0.0
    values["fell_back"] = float(kept.any() and not (scores[kept] >= doc.settings.body_threshold).all())
    values["title_found"] = float(bool(title))
    values["removed_by_model_share"] = float(words[by_model].sum() / total)
    out[:] = [values[name] for name in NAMES]
    return out


def near_threshold_share(doc: Document) -> float:
    """The share of the words the body model judged in ``doc`` (the whole page, decided)
    that it scored within 0.1 of its threshold: how unsure it was of the page (0 before it ran)."""
    blocks = doc.blocks
    if doc.scores is None or len(doc.scores) != len(blocks):
        return 0.0
    words = np.fromiter((b.words for b in blocks), np.float64, len(blocks))
    judged = np.fromiter((b.removal is None or b.removal.score is not None for b in blocks), bool, len(blocks))
    return _near_threshold(words, judged, doc.scores, doc.settings.body_threshold)


def _near_threshold(words: np.ndarray, judged: np.ndarray, scores: np.ndarray, threshold: float) -> float:
    near = judged & (np.abs(scores - threshold) < _NEAR)
    return float(words[near].sum() / (words[judged].sum() + 1.0))
