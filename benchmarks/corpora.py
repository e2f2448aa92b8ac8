"""The corpora newsclean is measured and trained on, and the line labels derived from them.

Each corpus is a folder of scraped pages with their true bodies: ../shared/bench (text/,
gold/, meta.jsonl with domain), ../shared/sites/l3s-gn1 (the same with site), and the seeds
(fixtures/seeds: raw/, expected/). A page's group is its site, so that cross-validation
never tests a site it trained on.

Labels: a line is body text when most of its word 4-grams are in the gold body (for a line
of fewer than four words, when its words appear together in the gold). This is the metric's
own unit (shingles of \\w+ tokens), so a labeller this simple is consistent with the score.
The l3s-gn1 gold keeps the headline, which the bench gold does not: a short first gold
paragraph without sentence punctuation is dropped before labelling, so that both teach one
convention (headlines are not body text).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True)
class Page:
    corpus: str
    id: str
    group: str
    text: str
    gold: str


def load_bench(folder: Path = SHARED / "bench") -> list[Page]:
    pages = []
    for line in (folder / "meta.jsonl").read_text(encoding="utf-8").splitlines():
        meta = json.loads(line)
        pages.append(Page("bench", meta["id"], meta["domain"], _read(folder / "text" / f"{meta['id']}.txt"),
                          _read(folder / "gold" / f"{meta['id']}.txt")))
    return pages


def load_sites(folder: Path = SHARED / "sites" / "l3s-gn1") -> list[Page]:
    pages = []
    for line in (folder / "meta.jsonl").read_text(encoding="utf-8").splitlines():
        meta = json.loads(line)
        pages.append(Page(folder.name, meta["id"], meta["site"], _read(folder / "text" / f"{meta['id']}.txt"),
                          _read(folder / "gold" / f"{meta['id']}.txt")))
    return pages


def load_seeds(folder: Path = ROOT / "fixtures" / "seeds") -> list[Page]:
    return [Page("seeds", p.stem, f"seed-{p.stem}", _read(p), _read(folder / "expected" / p.name))
            for p in sorted((folder / "raw").glob("*.txt"))]


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.exists() else ""


def without_headline(gold: str) -> str:
    """``gold`` without a first paragraph that is a headline (short, no sentence punctuation)."""
    paragraphs = gold.strip().split("\n\n")
    first = paragraphs[0].strip() if paragraphs else ""
    if len(paragraphs) > 1 and "\n" not in first and len(first.split()) <= 20 and not re.search(r"[.!?:]\W*$", first):
        return "\n\n".join(paragraphs[1:])
    return gold


class Labeller:
    """Whether a line's words are in one gold body (see the module's docstring)."""

    def __init__(self, gold: str):
        tokens = _TOKEN.findall(gold)
        self._grams = {k: {tuple(tokens[i:i + k]) for i in range(len(tokens) - k + 1)} for k in (1, 2, 3, 4)}

    def is_body(self, line: str) -> bool:
        tokens = _TOKEN.findall(line)
        if not tokens:
            return False
        k = min(4, len(tokens))
        grams = [tuple(tokens[i:i + k]) for i in range(len(tokens) - k + 1)]
        found = sum(1 for g in grams if g in self._grams[k])
        return found * 2 >= len(grams)
