#!/usr/bin/env python3
"""How well `newsclean clean` does on a corpus of scraped pages with true bodies.

    python benchmarks/quality.py                          # the bench text: F1/P/R, 10 worst pages
    python benchmarks/quality.py --by-reason              # ...and what each reason removed
    python benchmarks/quality.py --corpus ../shared/sites/l3s-gn1 --worst 5

A corpus is a folder with text/<id>.txt (the scraped page), gold/<id>.txt (the true body)
and meta.jsonl (one line per page: id, and url, domain or site). The pages go through the
installed command as one JSON Lines file (so the output is exactly what a user gets, and
each removal comes with its span and reason), and are scored with the bench's own scorer
(../shared/bench/score.py: word 4-gram precision and recall averaged over pages).

--by-reason adds, for each reason (a rule id, duplicate.*, layout.*): how many word 4-grams
it removed and how many of those are in the gold body. A rule that eats body text shows up
there. Headlines, captions and credit lines are not in the bench's gold bodies.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared"
NEWSCLEAN = Path(sys.executable).parent / "newsclean"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=SHARED / "bench", help="folder with text/, gold/, meta.jsonl")
    parser.add_argument("--worst", type=int, default=10, help="how many of the worst pages to list")
    parser.add_argument("--by-reason", action="store_true", help="removed and gold word 4-grams by reason")
    parser.add_argument("--newsclean", type=Path, default=NEWSCLEAN, help="the command to run")
    parser.add_argument("options", nargs="*", help="more options for newsclean clean (after --)")
    args = parser.parse_args()
    sys.path.insert(0, str(SHARED / "bench"))
    from score import score_pairs, shingles

    meta = [json.loads(line) for line in (args.corpus / "meta.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        with corpus.open("w", encoding="utf-8") as out:
            for page in meta:
                text = (args.corpus / "text" / f"{page['id']}.txt").read_text(encoding="utf-8")
                out.write(json.dumps({**page, "text": text}, ensure_ascii=False) + "\n")
        done = subprocess.run([str(args.newsclean), "clean", str(corpus), *args.options], capture_output=True, text=True)
    if done.returncode not in (0, 1):
        sys.exit(f"newsclean failed (exit {done.returncode}): {done.stderr[-500:]}")
    records = {r["id"]: r for r in map(json.loads, done.stdout.splitlines())}
    gold = {page["id"]: (args.corpus / "gold" / f"{page['id']}.txt").read_text(encoding="utf-8") for page in meta}

    summary, rows = score_pairs({i: (gold[i], records[i]["clean_text"] if i in records else "") for i in gold})
    print(f"{args.corpus.name}: F1 {summary['f1']:.3f}  P {summary['precision']:.3f}  R {summary['recall']:.3f}  "
          f"({summary['docs']} pages, {summary['empty_predictions']} empty)")
    if args.worst:
        print(f"the {args.worst} worst pages:")
        for row in sorted(rows, key=lambda r: r["f1"])[:args.worst]:
            print(f"  {row['id'][:24]:24}  F1 {row['f1']:.3f}  P {row['precision'] or 0:.3f}  R {row['recall'] or 0:.3f}")

    if args.by_reason:
        removed, eaten = Counter(), Counter()
        for page_id, record in records.items():
            body = shingles(gold[page_id])
            for removal in record["removed"]:
                found = shingles(record["text"][removal["start"]:removal["end"]])
                removed[removal["reason"]] += sum(found.values())
                eaten[removal["reason"]] += sum((found & body).values())
        width = max(map(len, removed), default=10)
        print(f"{'reason':<{width}}  {'removed':>8}  {'of them gold':>12}")
        for reason in sorted(removed, key=lambda r: (-eaten[r], -removed[r], r)):
            print(f"{reason:<{width}}  {removed[reason]:>8}  {eaten[reason]:>12}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
