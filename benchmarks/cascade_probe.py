#!/usr/bin/env python3
"""Evidence for the HTML cascade: which pages need trafilatura's opinion?

    python benchmarks/cascade_probe.py [--out /tmp/cascade.pkl]

Cross-validated by site (5 folds over every corpus, as train_model.py --html --cv --learn):
for each page, the output of the markup-only model and of the model with trafilatura's
opinion, each fitted without the page's fold, and what the markup-only run knew of its
own doubt (each kept line's score and words). Written to a pickle for the analysis
(``--analyse`` reads it again: the mean F1 over the corpora when trafilatura is asked about
the share of pages each measure of doubt ranks first, for a range of shares; for a range
of bounds on the share of doubtful words, ``Settings.html_trafilatura_doubt``; and, for the
settings' bound, the paired bootstrap of its per-page difference from asking about all).
"""
from __future__ import annotations

import argparse
import pickle
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_model as T  # noqa: E402
from corpora import load_all, page_html, score_corpora, mean_f1  # noqa: E402

from newsclean.features import NAMES as TEXT_NAMES  # noqa: E402
from newsclean.html_features import NAMES as HTML_NAMES  # noqa: E402
from newsclean.stacking import HTML_NAMES as HTML_CONTEXT_NAMES  # noqa: E402
from newsclean.settings import DEFAULT_SETTINGS  # noqa: E402
from newsclean.store import Store, learn  # noqa: E402


def collect(out: Path) -> None:
    T.LINE_NAMES, T.CONTEXT_NAMES = TEXT_NAMES + HTML_NAMES, HTML_CONTEXT_NAMES
    ruleset = T.load_rules([])
    started = time.time()
    prepared = {}
    for judge in (True, False):
        T.JUDGE = judge
        prepared[judge] = [T.Prepared(p, ruleset, h) for p in load_all() if (h := page_html(p)) is not None]
    print(f"prepared {len(prepared[True])} pages twice ({time.time() - started:.0f} s)", file=sys.stderr)
    pages = prepared[True]
    folds = T.group_folds(pages, 5)
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.temporary(tmp)
        learn(store, ((p.page.group, p.text) for p in pages))
        for k, test in enumerate(folds):
            started = time.time()
            inner = [f for j, f in enumerate(folds) if j != k]
            train = [i for f in inner for i in f]
            position = {i: n for n, i in enumerate(train)}
            inner_folds = [[position[i] for i in f] for f in inner]
            for judge in (False, True):
                T.JUDGE = judge
                model = T.fit_body_model([prepared[judge][i] for i in train], inner_folds)
                cleaner = T.Cleaner(rules=ruleset, settings=DEFAULT_SETTINGS.with_changes(line_model=False),
                                    stages=T.STAGES)
                cleaner.settings = DEFAULT_SETTINGS.with_changes(html_trafilatura=judge)
                cleaner.context = T.Context(rules=ruleset, model=None, learned=store, html_model=model,
                                            markup_model=model)
                for i in test:
                    page = pages[i].page
                    result = cleaner.clean(pages[i].html, site=page.group, html=True)
                    row = rows.setdefault((page.corpus, page.id), {"group": page.group})
                    row["full" if judge else "markup"] = result.text
                    if not judge:
                        doc = result.document
                        row["scores"] = None if doc.scores is None else doc.scores.copy()
                        row["words"] = np.array([b.words for b in doc.blocks])
                        row["kinds"] = [None if b.removal is None else b.removal.kind for b in doc.blocks]
                        row["features"] = T.page_features(doc, result.title)
            print(f"  fold {k + 1}/5: {len(test)} pages, {time.time() - started:.0f} s", file=sys.stderr)
    out.write_bytes(pickle.dumps({"rows": rows, "pages": [p.page for p in pages]}))


def analyse(path: Path) -> None:
    import lightgbm
    from sklearn.model_selection import GroupKFold
    from newsclean.confidence import NAMES as CONFIDENCE_NAMES

    data = pickle.loads(path.read_bytes())
    rows, pages = data["rows"], data["pages"]
    keys = [(p.corpus, p.id) for p in pages]
    figures = {}
    for name in ("markup", "full"):
        figures[name] = score_corpora(pages, {k: rows[k][name] for k in keys})
        print(f"{name:24}", " ".join(f"{c} {f['f1']:.4f}" for c, f in figures[name].items()),
              f"mean {mean_f1(figures[name]):.4f}")
    f1 = {name: np.array([figures[name][c]["pages"].get(i, 0.0) for c, i in keys]) for name in figures}
    X = np.vstack([rows[k]["features"] for k in keys])
    groups = [rows[k]["group"] for k in keys]
    params = dict(objective="regression", learning_rate=0.1, num_leaves=8, max_depth=3, min_data_in_leaf=30,
                  lambda_l2=5.0, num_threads=2, seed=7, deterministic=True, verbose=-1)

    def out_of_fold(y):
        predicted = np.zeros(len(y))
        for train, test in GroupKFold(n_splits=5).split(X, groups=groups):
            booster = lightgbm.train(params, lightgbm.Dataset(X[train], y[train]), num_boost_round=60)
            predicted[test] = booster.predict(X[test])
        return predicted

    column = {n: i for i, n in enumerate(CONFIDENCE_NAMES)}
    doubts = {"1-confidence(cv)": -out_of_fold(f1["markup"]),
              "gain(cv)": out_of_fold(f1["full"] - f1["markup"]),
              "uncertain_share": X[:, column["uncertain_share"]],
              "near_threshold_share": X[:, column["near_threshold_share"]],
              "oracle gain": f1["full"] - f1["markup"]}
    for name, doubt in doubts.items():
        order = np.argsort(-doubt, kind="stable")
        for q in (0.05, 0.1, 0.13, 0.15, 0.2, 0.3, 0.5):
            ask = np.zeros(len(keys), bool)
            ask[order[:int(q * len(keys))]] = True
            outputs = {k: rows[k]["full" if a else "markup"] for k, a in zip(keys, ask)}
            got = score_corpora(pages, outputs)
            print(f"{name:20} {q:4.2f}", " ".join(f"{c} {f['f1']:.4f}" for c, f in got.items()),
                  f"mean {mean_f1(got):.4f}")
    # The shipped rule: a bound on the share of doubtful words.
    doubt = doubts["near_threshold_share"]
    for bound in (0.005, 0.01, 0.0125, 0.015, 0.02, 0.025, 0.03, 0.05):
        ask = doubt >= bound
        got = score_corpora(pages, {k: rows[k]["full" if a else "markup"] for k, a in zip(keys, ask)})
        print(f"bound {bound:<6} asks {ask.mean():.3f}", " ".join(f"{c} {f['f1']:.4f}" for c, f in got.items()),
              f"mean {mean_f1(got):.4f}")
    bound = DEFAULT_SETTINGS.html_trafilatura_doubt
    got = score_corpora(pages, {k: rows[k]["full" if d >= bound else "markup"] for k, d in zip(keys, doubt)})
    rng = np.random.default_rng(7)
    print(f"the settings' bound {bound}, against asking about every page (paired bootstrap, 95%):")
    for corpus, f in got.items():
        ids = list(f["pages"])
        diff = np.array([f["pages"][i] - figures["full"][corpus]["pages"][i] for i in ids])
        means = [diff[rng.integers(0, len(diff), len(diff))].mean() for _ in range(2000)]
        low, high = np.percentile(means, [2.5, 97.5])
        print(f"  {corpus:9} F1 {f['f1']:.3f} (P {f['p']:.3f} / R {f['r']:.3f}) per-page difference "
              f"{diff.mean():+.4f} [{low:+.4f}, {high:+.4f}]")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=Path("/tmp/cascade.pkl"))
    parser.add_argument("--analyse", action="store_true")
    args = parser.parse_args()
    if not args.analyse:
        collect(args.out)
    analyse(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
