#!/usr/bin/env python3
"""How well `newsclean clean` does on every shared corpus, in one run.

    python benchmarks/quality.py                         # each corpus: F1/P/R, the mean, the worst pages
    python benchmarks/quality.py --by-reason             # ...and what each reason removed (and how much was body)
    python benchmarks/quality.py --corpora bench --worst 5 -- --no-learn
    python benchmarks/quality.py --html                  # the pages' HTML, beside trafilatura alone

Each corpus (../shared/bench, wcxb, l3s-rest, sites/l3s-gn1, and the seeds) goes through the
installed command as one JSON Lines file with its sites (so learning across a site's pages
happens as for a user), and is scored with its own metric (WCXB's word F1 for wcxb, the
bench's shingle F1 for the others; benchmarks/corpora.py), as ../shared/tools/score_all.py
does. The figures here are in-sample for the shipped model: train_model.py --cv gives the
cross-validated ones.

For each of the worst pages it says which of the kinds of page that lose the body it shows
(judged from the gold and the output, line by line):

  short-body    a short article beside more prose that is not the article (a thread, a rail)
  list-body     a body made of lists or short lines, lost
  interrupted   body lost after (or before) an interruption, the rest of it kept
  prose-chrome  prose that is not the body kept around it
  stacked       body lost after a line taken for a second article's headline

and the confidence the command gave the page. The table of F1 by confidence band shows
whether the doubtful pages are the bad ones.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from corpora import (CORPORA, Labeller, Page, headline_in_gold, headline_of, load_all, mean_f1,  # noqa: E402
                     page_html, score_corpora, without_headline, word_prf)

from newsclean.title import words_of  # noqa: E402

NEWSCLEAN = Path(sys.executable).parent / "newsclean"
BANDS = (0.0, 0.5, 0.7, 0.85, 1.01)


def run_corpus(newsclean: Path, pages: list[Page], options: list[str], html: dict | None = None) -> dict[str, dict]:
    """The command's output record for each page, by id (``html``: each page's HTML by id, sent instead of its text)."""
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        with corpus.open("w", encoding="utf-8") as out:
            for page in pages:
                record = {"id": page.id, "site": page.group if page.corpus != "seeds" else None}
                if html is not None:
                    record["html"] = html[page.id]
                else:
                    record["text"] = page.text
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        done = subprocess.run([str(newsclean), "clean", str(corpus), *options], capture_output=True, text=True)
    if done.returncode not in (0, 1):
        sys.exit(f"newsclean failed (exit {done.returncode}): {done.stderr[-500:]}")
    return {r["id"]: r for r in map(json.loads, done.stdout.splitlines())}


# trafilatura as the issue measures it: the main text, comments off, its defaults otherwise.
TRAFILATURA_OPTIONS = dict(include_comments=False)


def trafilatura_figures(pages: list[Page], html: dict) -> dict[str, dict]:
    """trafilatura.extract alone on each page's HTML, scored as newsclean is."""
    import trafilatura

    outputs = {(p.corpus, p.id): trafilatura.extract(html[(p.corpus, p.id)], **TRAFILATURA_OPTIONS) or ""
               for p in pages}
    return score_corpora(pages, outputs)


def line_fates(page: Page, record: dict) -> list[tuple[str, bool, bool, str | None]]:
    """Each non-blank input line: (text, is body, kept, removal reason)."""
    gold = without_headline(page.gold) if headline_in_gold(page) else page.gold
    labeller = Labeller(gold, headline_of(page))
    removed = sorted((r["start"], r["end"], r["reason"]) for r in record["removed"])
    fates, offset, k = [], 0, 0
    text = record.get("source_text") or record.get("text", "")   # the text the spans index
    for line in text.splitlines(keepends=True):
        body = line.strip()
        start = offset + (line.index(body) if body else 0)
        offset += len(line)
        if not body:
            continue
        while k < len(removed) and removed[k][1] <= start:
            k += 1
        reason = removed[k][2] if k < len(removed) and removed[k][0] <= start < removed[k][1] else None
        fates.append((body, labeller.is_body(body), reason is None, reason))
    return fates


def kinds_of(fates: list[tuple[str, bool, bool, str | None]], words_p: float, words_r: float) -> list[str]:
    """Which of the kinds named in the module's docstring a page shows."""
    def words(line: str) -> int:
        return len(line.split())

    gold = [i for i, f in enumerate(fates) if f[1]]
    if not gold:
        return []
    lost = [i for i in gold if not fates[i][2]]
    kept_gold = [i for i in gold if fates[i][2]]
    gold_words = sum(words(fates[i][0]) for i in gold)
    prose_words = sum(words(f[0]) for f in fates if words(f[0]) >= 7)
    kinds = []
    if words_r < 0.8 and gold_words < 0.35 * prose_words:
        kinds.append("short-body")
    short_gold = [i for i in gold if words(fates[i][0]) < 8]
    if lost and len(short_gold) >= 0.4 * len(gold) and sum(1 for i in lost if i in set(short_gold)) >= 3:
        kinds.append("list-body")
    if kept_gold and lost:
        after = [i for i in lost if i > max(kept_gold)]
        before = [i for i in lost if i < min(kept_gold)]
        if sum(words(fates[i][0]) for i in after + before) >= 0.15 * gold_words:
            kinds.append("interrupted")
    chrome_prose = sum(words(f[0]) for f in fates if f[2] and not f[1] and words(f[0]) >= 7)
    kept_words = sum(words(f[0]) for f in fates if f[2]) or 1
    if words_p < 0.85 and chrome_prose >= 0.15 * kept_words:
        kinds.append("prose-chrome")
    if any(fates[i][3] == "layout.stacked-article" for i in lost):
        kinds.append("stacked")
    return kinds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", default=",".join(CORPORA), help="comma list of the shared corpora")
    parser.add_argument("--worst", type=int, default=8, help="how many of the worst pages of each corpus to list")
    parser.add_argument("--by-reason", action="store_true", help="removed and body words by reason")
    parser.add_argument("--newsclean", type=Path, default=NEWSCLEAN, help="the command to run")
    parser.add_argument("--html", action="store_true",
                        help="send each page's HTML (its corpus's html/), and score trafilatura alone on it too")
    parser.add_argument("options", nargs="*", help="more options for newsclean clean (after --)")
    args = parser.parse_args()

    pages = load_all(tuple(c for c in args.corpora.split(",") if c), seeds=not args.html)
    html = None
    if args.html:
        html = {(p.corpus, p.id): page_html(p) for p in pages}
        pages = [p for p in pages if html[(p.corpus, p.id)] is not None]
    records: dict[tuple[str, str], dict] = {}
    for corpus in dict.fromkeys(p.corpus for p in pages):
        chosen = [p for p in pages if p.corpus == corpus]
        by_id = None if html is None else {p.id: html[(p.corpus, p.id)] for p in chosen}
        for page_id, record in run_corpus(args.newsclean, chosen, args.options, by_id).items():
            records[(corpus, page_id)] = record
    outputs = {key: r.get("clean_text", "") for key, r in records.items()}
    figures = score_corpora(pages, outputs)
    baseline = trafilatura_figures(pages, html) if html is not None else {}
    for corpus, f in figures.items():
        line = f"{corpus:9} F1 {f['f1']:.3f}  P {f['p']:.3f}  R {f['r']:.3f}  ({f['docs']} pages)"
        if corpus in baseline:
            b = baseline[corpus]
            line += f"   trafilatura alone: F1 {b['f1']:.3f}  P {b['p']:.3f}  R {b['r']:.3f}"
        print(line)
    print(f"mean over the shared corpora (seeds left out): {mean_f1(figures):.3f}"
          + (f"   trafilatura alone: {mean_f1(baseline):.3f}" if baseline else ""))

    by_page = {(p.corpus, p.id): p for p in pages}
    kinds_seen: dict[str, list[tuple[str, float]]] = defaultdict(list)
    removed, eaten = Counter(), Counter()
    for key, record in records.items():
        page = by_page[key]
        fates = line_fates(page, record)
        f1 = figures[page.corpus]["pages"].get(page.id, 0.0)
        p, r, _ = word_prf(page.gold, record.get("clean_text", ""))
        for kind in kinds_of(fates, p, r):
            kinds_seen[kind].append((f"{page.corpus}/{page.id[:12]}", f1))
        for body, is_body, kept, reason in fates:
            if reason:
                removed[reason] += len(body.split())
                eaten[reason] += len(body.split()) if is_body else 0
        record["_kinds"] = kinds_of(fates, p, r)

    if args.worst:
        for corpus, f in figures.items():
            if corpus == "seeds":
                continue
            print(f"\nthe {args.worst} worst pages of {corpus}:")
            for page_id, value in sorted(f["pages"].items(), key=lambda kv: kv[1])[:args.worst]:
                record = records[(corpus, page_id)]
                print(f"  {page_id[:24]:24}  F1 {value:.3f}  confidence {record.get('confidence') or 0:.2f}  "
                      f"{', '.join(record['_kinds']) or '-'}")

    print("\nkinds of page that lose the body: pages that show each, and their mean F1")
    for kind in ("short-body", "list-body", "interrupted", "prose-chrome", "stacked"):
        seen = kinds_seen.get(kind, [])
        mean = sum(v for _, v in seen) / len(seen) if seen else 0.0
        print(f"  {kind:13} {len(seen):4} pages  mean F1 {mean:.3f}")

    print("\nthe headline (JSON Lines 'title') against the corpus's own: wcxb's title, the L3S gold's first line")
    for corpus in ("wcxb", "l3s-rest", "l3s-gn1"):
        known = [(p, records[(p.corpus, p.id)].get("title") or "") for p in pages
                 if p.corpus == corpus and headline_of(p) and (p.corpus, p.id) in records]
        if not known:
            continue
        exact = sum(1 for p, found in known if words_of(found) == words_of(headline_of(p)))
        f1 = sum(word_prf(headline_of(p), found)[2] for p, found in known) / len(known)
        empty = sum(1 for _, found in known if not found)
        print(f"  {corpus:9} {len(known):4} pages: exact {exact / len(known):.3f}, word F1 {f1:.3f}, none found {empty}")

    print("\nF1 by confidence band (all corpora; the command's own confidence)")
    rows = [(records[key].get("confidence") or 0.0, figures[key[0]]["pages"].get(key[1], 0.0)) for key in records]
    for low, high in zip(BANDS, BANDS[1:]):
        band = [f for c, f in rows if low <= c < high]
        print(f"  {low:.2f}-{min(high, 1.0):.2f}  {len(band):5} pages  mean F1 {sum(band) / len(band) if band else 0:.3f}")

    if args.by_reason:
        width = max(map(len, removed), default=10)
        print(f"\n{'reason':<{width}}  {'words removed':>13}  {'of them body':>12}")
        for reason in sorted(removed, key=lambda r: (-eaten[r], -removed[r], r)):
            print(f"{reason:<{width}}  {removed[reason]:>13}  {eaten[reason]:>12}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
