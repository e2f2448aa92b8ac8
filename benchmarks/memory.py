#!/usr/bin/env python3
"""Peak memory of `newsclean clean` on the largest inputs it accepts, in the worst shapes.

    python benchmarks/memory.py [--scale 1.0]

Every input is made here, just under the bounds (--max-bytes' default of 20 MB, and
Settings.max_lines of 200,000 lines): running text of long lines, one 20 MB line, 199,000
short lines, a page of 95,000 paragraphs, a 99,000-row table page (the most lines HTML
makes per byte), the same table as a JSON Lines record read from a file and from standard
input. Each runs in a fresh process with one job; the peak is its largest resident set
(GNU time). The bound to hold (issue 13): under 1 GB for any accepted input.
--scale shrinks the inputs for a quick look (0.1: a tenth).
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = ("the council harbour works engineers said report stones cranes cost vote spring storm town "
         "roads closed officials").split()
PARAGRAPH = ("The harbour works went on through the {n}th week, the engineers said, and the council "
             "will hear their report on the stones, the cranes and the cost before the vote in spring.")


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def inputs(folder: Path, scale: float) -> list[tuple[str, list[str], Path | None]]:
    """(what, command arguments, standard input file) for each case."""
    rng = random.Random(1)
    size = int(19_500_000 * scale)
    lines, total = [], 0
    while total < size:
        line = sentence(rng, rng.randint(30, 90)) if rng.random() < 0.7 else sentence(rng, rng.randint(2, 8))
        lines.append(line)
        total += len(line) + 1
    (folder / "long-lines.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "one-line.txt").write_text(" ".join(rng.choice(WORDS) for _ in range(int(2_900_000 * scale))) + ".",
                                         encoding="utf-8")
    (folder / "short-lines.txt").write_text("".join(f"item {n}\n" for n in range(int(199_000 * scale))),
                                            encoding="utf-8")
    body = "".join(f"<div class='c{n % 97}'><p>{PARAGRAPH.format(n=n)}</p></div>" for n in range(int(95_000 * scale)))
    (folder / "paragraphs.html").write_text(f"<html><head><title>Big</title></head><body>{body}</body></html>",
                                            encoding="utf-8")
    cells = "".join(f"<tr><td><a href='/p/{n}'>item {n}</a></td><td>{n}</td></tr>" for n in range(int(99_000 * scale)))
    table = f"<html><body><table>{cells}</table><p>{PARAGRAPH.format(n=1)}</p></body></html>"
    (folder / "table.html").write_text(table, encoding="utf-8")
    (folder / "table.jsonl").write_text(json.dumps({"id": 1, "html": table}) + "\n", encoding="utf-8")
    return [
        ("text, long lines", ["long-lines.txt"], None),
        ("text, one line", ["one-line.txt"], None),
        ("text, 199,000 short lines", ["short-lines.txt"], None),
        ("HTML, 95,000 paragraphs", ["paragraphs.html"], None),
        ("HTML, 99,000-row table", ["table.html"], None),
        ("JSON Lines file, that table", ["table.jsonl"], None),
        ("JSON Lines stdin, that table", ["-", "--format", "jsonl"], folder / "table.jsonl"),
    ]


def peak(arguments: list[str], folder: Path, stdin: Path | None) -> tuple[float, float, int]:
    """(seconds, peak resident MB, exit code) of one run."""
    newsclean = Path(sys.executable).parent / "newsclean"
    started = time.perf_counter()
    with open(stdin or "/dev/null", "rb") as feed:
        done = subprocess.run(["/usr/bin/time", "-f", "%M", str(newsclean), "clean", *arguments], cwd=folder,
                              stdin=feed, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - started
    return seconds, int(done.stderr.strip().splitlines()[-1]) / 1024, done.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        cases = inputs(folder, options.scale)
        print(f"{'input':32} {'MB in':>7} {'seconds':>8} {'peak MB':>8} {'x size':>7}  exit")
        for what, arguments, stdin in cases:
            source = folder / (arguments[0] if stdin is None else stdin.name)
            megabytes = source.stat().st_size / 1e6
            seconds, resident, code = peak(arguments, folder, stdin)
            print(f"{what:32} {megabytes:7.1f} {seconds:8.1f} {resident:8.0f} {resident / megabytes:7.1f}  {code}",
                  flush=True)


if __name__ == "__main__":
    main()
