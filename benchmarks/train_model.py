#!/usr/bin/env python3
"""Fit the line model, and measure it by cross-validation grouped by site.

    python benchmarks/train_model.py --cv      # 5 folds by site: F1/P/R per corpus, worst pages
    python benchmarks/train_model.py --cv --learn   # ...also with chrome learned across each site's pages
    python benchmarks/train_model.py --fit     # fit on every page, write src/newsclean/data/line_model.json

(needs the train extra: pip install -e '.[train]')

Training data: the bench pages, l3s-gn1 and the seeds (benchmarks/corpora.py derives the
labels by aligning lines to the gold bodies). Each page is put through the stages that run
before the model (rules, duplicates, stacked articles), as in the pipeline; the model then
learns, for each line still kept, whether it is body text, from its features
(newsclean/features.py: its shape and its context).

The pipeline runs its stages until nothing more is removed, so the model also meets texts
it has already cleaned. A model that has only seen raw pages removes more body text from a
clean one (the chrome that made the article stand out is gone). So each page is also
shown as two cleaner versions: its body lines alone (everything stays), and what the
layout heuristics keep of it (mostly body, some chrome). The labels are the same lines'.

Cross-validation holds out whole sites (GroupKFold by domain or site) and measures the
whole pipeline, fixed point included, with each fold's model: no figure printed here
comes from a page, or a site, the model saw.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpora import SHARED, Labeller, Page, load_bench, load_seeds, load_sites, without_headline  # noqa: E402

sys.path.insert(0, str(SHARED / "bench"))
from score import score_pairs  # noqa: E402

from newsclean.document import Document, segment  # noqa: E402
from newsclean.features import NAMES, document_features  # noqa: E402
from newsclean.model import TreeEnsemble  # noqa: E402
from newsclean.pipeline import HEURISTIC_STAGES, STAGES, Cleaner  # noqa: E402
from newsclean.ruleset import RuleSet, load_rules  # noqa: E402
from newsclean.settings import DEFAULT_SETTINGS  # noqa: E402
from newsclean.stages import Context, duplicates, rules, stacked  # noqa: E402
from newsclean.store import Store, learn  # noqa: E402

MODEL_FILE = Path(__file__).resolve().parents[1] / "src" / "newsclean" / "data" / "line_model.json"
PARAMS = dict(objective="binary", learning_rate=0.3, num_leaves=15, max_depth=4, min_data_in_leaf=30,
              feature_fraction=0.8, bagging_fraction=0.8, bagging_freq=1, lambda_l2=1.0,
              num_threads=2, seed=7, deterministic=True, verbose=-1)
ROUNDS = 30


class Prepared:
    """A page's training rows: its lines as the model meets them, raw and cleaner."""

    def __init__(self, page: Page, ruleset: RuleSet):
        self.page = page
        gold = without_headline(page.gold) if page.corpus not in ("bench", "seeds") else page.gold
        labeller = Labeller(gold)
        doc = segment(page.text, DEFAULT_SETTINGS)
        for stage in (rules, duplicates, stacked):
            stage.run(doc, Context(rules=ruleset))
        labels = np.array([labeller.is_body(b.text) for b in doc.blocks], dtype=np.int8)
        kept = np.array([b.removal is None for b in doc.blocks])
        self.views = [_view_rows(doc, labels, kept)]
        # Cleaner versions: the body lines alone, and what the heuristics keep.
        body = doc.view()
        body.blocks = [b for b, k, y in zip(doc.blocks, kept, labels) if k and y]
        if body.blocks:
            self.views.append(_view_rows(body, np.ones(len(body.blocks), np.int8), np.ones(len(body.blocks), bool)))
        heuristic = Cleaner(rules=ruleset, settings=DEFAULT_SETTINGS.with_changes(line_model=False),
                            stages=HEURISTIC_STAGES).clean(page.text).document.view()
        if heuristic.blocks:
            view_labels = np.array([labeller.is_body(b.text) for b in heuristic.blocks], dtype=np.int8)
            self.views.append(_view_rows(heuristic, view_labels, np.ones(len(heuristic.blocks), bool)))

    def rows(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        X, y, w = zip(*self.views)
        return np.vstack(X), np.concatenate(y), np.concatenate(w)


def _view_rows(doc: Document, labels: np.ndarray, kept: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(X, y, weight) for the kept lines of one version of a page.

    The score counts word 4-grams and averages over pages, so a line weighs its share of its
    page's words (each page weighs the same in all), with a floor so short lines count a little.
    """
    X = document_features(doc, DEFAULT_SETTINGS.region_max_gap)[kept]
    words = np.fromiter((b.words for b, k in zip(doc.blocks, kept) if k), np.float32)
    weight = (words + 2.0) / (words.sum() + 2.0 * len(words)) * 100.0
    return X, labels[kept], weight


def fit(pages: list[Prepared]):
    import lightgbm

    X, y, w = zip(*(p.rows() for p in pages))
    data = lightgbm.Dataset(np.vstack(X), np.concatenate(y), weight=np.concatenate(w))
    return lightgbm.train(PARAMS, data, num_boost_round=ROUNDS)


def ensemble(booster) -> TreeEnsemble:
    return TreeEnsemble.from_trees(NAMES, [_flatten(t["tree_structure"]) for t in booster.dump_model()["tree_info"]])


def _flatten(root: dict) -> dict:
    """A LightGBM tree as parallel lists: feature, threshold, left, right (-1: leaf), value."""
    feature, threshold, left, right, value = [], [], [], [], []

    def visit(node: dict) -> int:
        index = len(feature)
        feature.append(0), threshold.append(0.0), left.append(-1), right.append(-1), value.append(0.0)
        if "leaf_value" in node:
            value[index] = node["leaf_value"]
            return index
        if node.get("decision_type", "<=") != "<=":
            raise ValueError(f"unsupported split: {node.get('decision_type')}")
        feature[index] = node["split_feature"]
        threshold[index] = node["threshold"]
        left[index] = visit(node["left_child"])
        right[index] = visit(node["right_child"])
        return index

    visit(root)
    return {"feature": feature, "threshold": threshold, "left": left, "right": right, "value": value}


def export(booster, path: Path) -> None:
    trees = [_flatten(t["tree_structure"]) for t in booster.dump_model()["tree_info"]]
    path.write_text(json.dumps({"format": 2, "features": NAMES, "trees": trees}, separators=(",", ":")),
                    encoding="utf-8")


def cross_validate(pages: list[Prepared], ruleset: RuleSet, folds: int, thresholds: list[tuple[float, float]],
                   store: Store | None = None) -> dict[tuple, dict[str, str]]:
    """The pipeline's output for every page, each cleaned with a model that never saw its site,
    for each pair of thresholds (inside, outside the layout region), without learned chrome
    and, if a ``store`` is given, with it (keys: (inside, outside, learned))."""
    from sklearn.model_selection import GroupKFold

    variants = [(t, None) for t in thresholds] + ([(t, store) for t in thresholds] if store else [])
    outputs: dict[tuple, dict[str, str]] = {(*t, s is not None): {} for t, s in variants}
    groups = [p.page.group for p in pages]
    for fold, (train, test) in enumerate(GroupKFold(n_splits=folds).split(np.zeros(len(pages)), groups=groups)):
        started = time.time()
        model = ensemble(fit([pages[i] for i in train]))
        for (inside, outside), learned in variants:
            settings = DEFAULT_SETTINGS.with_changes(model_threshold=inside, model_threshold_outside=outside)
            # The pipeline's own stages, with this fold's model in place of the shipped one.
            cleaner = Cleaner(rules=ruleset, settings=settings.with_changes(line_model=False), stages=STAGES)
            cleaner.context = Context(rules=ruleset, model=model, learned=learned)
            for i in test:
                page = pages[i].page
                outputs[(inside, outside, learned is not None)][page.id] = cleaner.clean(page.text, site=page.group).text
        print(f"  fold {fold + 1}/{folds}: {len(test)} pages, {time.time() - started:.0f} s", file=sys.stderr)
    return outputs


def report(pages: list[Prepared], outputs: dict[str, str], label: str, worst: int = 0) -> None:
    for corpus in ("bench", "l3s-gn1", "seeds"):
        pairs = {p.page.id: (p.page.gold, outputs[p.page.id]) for p in pages if p.page.corpus == corpus}
        if not pairs:
            continue
        summary, per = score_pairs(pairs)
        print(f"{label} {corpus:8} F1 {summary['f1']:.3f} P {summary['precision']:.3f} "
              f"R {summary['recall']:.3f} ({summary['docs']} pages)")
        if worst and corpus == "bench":
            for row in sorted(per, key=lambda r: r["f1"])[:worst]:
                print(f"    {row['id'][:16]} F1 {row['f1']:.3f} P {row['precision'] or 0:.3f} R {row['recall'] or 0:.3f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cv", action="store_true", help="cross-validate by site and print F1/P/R")
    parser.add_argument("--fit", action="store_true", help="fit on all pages and write the model file")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--threshold", type=float, nargs=2, action="append", metavar=("INSIDE", "OUTSIDE"),
                        help="thresholds inside and outside the layout region (repeatable; default: the settings')")
    parser.add_argument("--worst", type=int, default=10, help="with --cv: list the N worst bench pages")
    parser.add_argument("--learn", action="store_true",
                        help="with --cv: also with chrome learned from all pages of each site")
    args = parser.parse_args()
    ruleset = load_rules([])
    started = time.time()
    pages = [Prepared(page, ruleset) for page in load_bench() + load_sites() + load_seeds()]
    print(f"{len(pages)} pages, {sum(len(p.rows()[1]) for p in pages)} training rows "
          f"({time.time() - started:.0f} s)", file=sys.stderr)
    if args.cv:
        thresholds = [tuple(t) for t in args.threshold] if args.threshold else \
            [(DEFAULT_SETTINGS.model_threshold, DEFAULT_SETTINGS.model_threshold_outside)]
        with tempfile.TemporaryDirectory() as tmp:
            store = None
            if args.learn:  # learned from the pages' text alone, as `newsclean clean` does
                store = Store.temporary(tmp)
                learn(store, ((p.page.group, p.page.text) for p in pages))
            for (inside, outside, learned), outputs in cross_validate(pages, ruleset, args.folds, thresholds,
                                                                      store).items():
                report(pages, outputs, f"cv{args.folds} {inside:.2f}/{outside:.2f}{' learned' if learned else ''}",
                       args.worst)
    if args.fit:
        export(fit(pages), MODEL_FILE)
        print(f"wrote {MODEL_FILE} ({MODEL_FILE.stat().st_size // 1024} KB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
