"""The body model: two ensembles of gradient-boosted trees, evaluated with numpy.

The first (``line``) scores each line from its shape and neighbours (``newsclean.features``);
the second (``context``) scores it again among the first one's scores over the whole page
(``newsclean.stacking``): which run of lines is the article, whether a list sits between body
paragraphs. The trees are fitted by ``benchmarks/train_model.py`` (LightGBM, at development
time only) and shipped as ``data/line_model.json``: for each tree, parallel lists of the
feature each node tests, its threshold, its two children (-1 at a leaf) and its value.
Prediction walks every tree for every line at once: one array step per level of depth, never
a Python loop over lines or trees.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import numpy as np


# Rows walked through the trees together (see TreeEnsemble.raw): a few MB of work arrays.
_ROWS_AT_ONCE = 4096


@dataclass(frozen=True)
class TreeEnsemble:
    """Trees stored as complete binary trees of one depth, so that a walk is arithmetic.

    Node ``k`` of a tree has its children at ``2k + 1`` (value <= threshold) and ``2k + 2``;
    a leaf that the fitted tree reaches early is pushed down through nodes that always go
    left (threshold +inf). Every line then takes exactly ``depth`` steps, each step three
    array lookups, for all trees and lines at once.
    """

    features: tuple[str, ...]   # the feature names the trees were fitted on, in column order
    feature: np.ndarray         # (trees, 2**depth - 1): feature tested at each inner node
    threshold: np.ndarray       # (trees, 2**depth - 1): go left when the value is <= this
    value: np.ndarray           # (trees, 2**depth): leaf values
    depth: int
    source: list = field(default_factory=list, compare=False, repr=False)  # the fitted trees, as read

    def __post_init__(self) -> None:
        # Features are float32. A float32 value is <= a threshold exactly when it is <= the
        # largest float32 not above it: comparing in float32 decides as float64 does, without
        # converting every feature row.
        below = self.threshold.astype(np.float32)
        over = below.astype(np.float64) > self.threshold
        below[over] = np.nextafter(below[over], np.float32(-np.inf))
        object.__setattr__(self, "_threshold32", below.ravel())
        object.__setattr__(self, "_feature_flat", self.feature.ravel().astype(np.intp))

    @classmethod
    def from_trees(cls, features: list[str], trees: list[dict]) -> "TreeEnsemble":
        depth = max(_depth(tree) for tree in trees)
        inner, leaves = 2 ** depth - 1, 2 ** depth
        feature = np.zeros((len(trees), inner), np.int64)
        threshold = np.full((len(trees), inner), np.inf)
        value = np.zeros((len(trees), leaves))
        for t, tree in enumerate(trees):
            stack = [(0, 0, 0)]  # (node of the fitted tree, place in the complete tree, level)
            while stack:
                node, place, level = stack.pop()
                if level == depth:
                    value[t, place - inner] = tree["value"][node]
                elif tree["left"][node] < 0:  # an early leaf: always go left from here
                    stack.append((node, 2 * place + 1, level + 1))
                    stack.append((node, 2 * place + 2, level + 1))
                else:
                    feature[t, place] = tree["feature"][node]
                    threshold[t, place] = tree["threshold"][node]
                    stack.append((tree["left"][node], 2 * place + 1, level + 1))
                    stack.append((tree["right"][node], 2 * place + 2, level + 1))
        return cls(tuple(features), feature, threshold, value, depth, trees)

    def raw(self, X: np.ndarray) -> np.ndarray:
        """The summed leaf values for each row of ``X`` (float32, columns in :attr:`features` order).

        Rows go through the trees :data:`_ROWS_AT_ONCE` at a time: the walk holds a few
        arrays of rows x trees, which for a document of many lines would cost gigabytes.
        """
        if len(X) <= _ROWS_AT_ONCE:
            return self._raw(X)
        return np.concatenate([self._raw(X[k:k + _ROWS_AT_ONCE]) for k in range(0, len(X), _ROWS_AT_ONCE)])

    def _raw(self, X: np.ndarray) -> np.ndarray:
        rows, columns = X.shape
        trees, inner = self.feature.shape
        flat = X.astype(np.float32, copy=False).ravel()
        row_base = (np.arange(rows, dtype=np.intp) * columns)[:, None]
        inner_base = np.arange(trees, dtype=np.intp) * inner
        feature, threshold = self._feature_flat, self._threshold32
        node = np.zeros((rows, trees), np.intp)
        for _ in range(self.depth):
            here = inner_base + node
            node = 2 * node + 1 + (flat[row_base + feature[here]] > threshold[here])
        return self.value.ravel()[np.arange(trees) * (inner + 1) + node - inner].sum(axis=1)

    def probability(self, X: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.raw(X)))


def _depth(tree: dict) -> int:
    """Levels from the root to the deepest leaf."""
    deepest, stack = 0, [(0, 0)]
    while stack:
        node, level = stack.pop()
        if tree["left"][node] < 0:
            deepest = max(deepest, level)
        else:
            stack += [(tree["left"][node], level + 1), (tree["right"][node], level + 1)]
    return deepest


@dataclass(frozen=True)
class BodyModel:
    """The two passes: ``line`` over line features, ``context`` over the first pass's scores;
    ``confidence`` maps page-level numbers to an estimate of how well the body was found."""

    line: TreeEnsemble
    context: TreeEnsemble
    confidence: TreeEnsemble | None = None


LineModel = BodyModel
MODEL_FORMAT = 3


def ensemble_from_json(data: dict) -> TreeEnsemble:
    return TreeEnsemble.from_trees(data["features"], data["trees"])


def body_model_from_json(data: dict) -> BodyModel:
    if data.get("format") != MODEL_FORMAT:
        raise ValueError(f"line_model.json: not a newsclean body model (format {MODEL_FORMAT})")
    confidence = data.get("confidence")
    return BodyModel(ensemble_from_json(data["line"]), ensemble_from_json(data["context"]),
                     ensemble_from_json(confidence) if confidence else None)


@lru_cache(maxsize=1)
def load_line_model() -> BodyModel:
    """The shipped model for text (read once per process)."""
    from .features import NAMES as LINE_NAMES
    from .stacking import NAMES as CONTEXT_NAMES

    return _load("line_model.json", LINE_NAMES, CONTEXT_NAMES, "make model")


@lru_cache(maxsize=1)
def load_html_model() -> BodyModel:
    """The shipped model for pages read from their HTML: the text model's features and the
    markup's (``newsclean.html_features``), trafilatura's judgement among them."""
    return _load_html("html_model.json")


@lru_cache(maxsize=1)
def load_markup_model() -> BodyModel:
    """The shipped model for pages read from their HTML without trafilatura's opinion
    (``Settings.html_trafilatura`` off): the same columns, fitted with that opinion absent."""
    return _load_html("html_markup_model.json")


def _load_html(name: str) -> BodyModel:
    """A shipped HTML model: the text model's line columns and the markup's."""
    from .features import NAMES as LINE_NAMES
    from .html_features import NAMES as HTML_NAMES
    from .stacking import HTML_NAMES as CONTEXT_NAMES

    return _load(name, LINE_NAMES + HTML_NAMES, CONTEXT_NAMES, "make html-model")


def _load(name: str, line_names: list[str], context_names: list[str], refit: str) -> BodyModel:
    text = (resources.files("newsclean") / "data" / name).read_text(encoding="utf-8")
    model = body_model_from_json(json.loads(text))
    # The trees read features by column: a model fitted on other columns would score garbage.
    for part, ensemble, names in (("line", model.line, line_names), ("context", model.context, context_names)):
        if list(ensemble.features) != list(names):
            raise ValueError(f"{name}: its {part} model was fitted on other features than this code "
                             f"computes (refit it: {refit})")
    return model
