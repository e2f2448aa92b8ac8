"""The corpora newsclean is measured and trained on, and the line labels derived from them.

Each corpus is a folder of scraped pages with their true bodies (text/, gold/, meta.jsonl with
a site or domain): ../shared/bench, ../shared/wcxb (general web articles), ../shared/l3s-rest
and ../shared/sites/l3s-gn1 (news), and the seeds (fixtures/seeds: raw/, expected/). A page's
group is its site, so that cross-validation never tests a site it trained on, whichever
corpus the site's pages are in.

Labels: a line is body text when most of its word 4-grams are in the gold body (for a line
of fewer than four words, when its words appear together in the gold). This is the metric's
own unit (shingles of \\w+ tokens), so a labeller this simple is consistent with the score.
The L3S gold keeps the headline, which the bench and wcxb gold do not: a short first gold
paragraph without sentence punctuation is dropped before labelling, so that all teach one
convention (headlines are not body text; the title is found apart, see newsclean.title).
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
    title: str = ""   # the page's headline where the corpus gives it (wcxb's meta)


CORPORA = {  # name: (folder, whether its gold starts with the headline)
    "bench": (SHARED / "bench", False),
    "wcxb": (SHARED / "wcxb", False),
    "l3s-rest": (SHARED / "l3s-rest", True),
    "l3s-gn1": (SHARED / "sites" / "l3s-gn1", True),
}


def load_corpus(name: str) -> list[Page]:
    """Every page of one shared corpus (an empty list if the folder is not there)."""
    folder = CORPORA[name][0]
    meta_file = folder / "meta.jsonl"
    if not meta_file.exists():
        return []
    pages = []
    for line in meta_file.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        meta = json.loads(line)
        site = meta.get("site") or meta.get("domain") or meta["id"]
        pages.append(Page(name, meta["id"], site.lower().removeprefix("www."),
                          _read(folder / "text" / f"{meta['id']}.txt"), _read(folder / "gold" / f"{meta['id']}.txt"),
                          meta.get("title") or ""))
    return pages


def page_html(page: Page) -> str | None:
    """The page's own HTML (its corpus's html/ folder, maybe gzipped), decoded as newsclean
    reads a page; None if the corpus has none for it."""
    from newsclean.io import declared_charset, decode, gunzip

    if page.corpus not in CORPORA:
        return None
    folder = CORPORA[page.corpus][0] / "html"
    for name in (f"{page.id}.html", f"{page.id}.html.gz"):
        path = folder / name
        if path.exists():
            data = path.read_bytes()
            if name.endswith(".gz"):
                data = gunzip(data, name)
            return decode(data, name, declared_charset(data))[0]
    return None


def load_all(names=tuple(CORPORA), seeds: bool = True) -> list[Page]:
    """The pages of the named corpora, and the seeds."""
    pages = [page for name in names for page in load_corpus(name)]
    return pages + (load_seeds() if seeds else [])


def load_bench() -> list[Page]:
    return load_corpus("bench")


def load_sites() -> list[Page]:
    return load_corpus("l3s-gn1")


def headline_in_gold(page: Page) -> bool:
    return CORPORA.get(page.corpus, (None, False))[1]


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


def headline_of(page: Page) -> str:
    """The page's headline where the corpus tells it: wcxb's title, the L3S gold's first line."""
    if page.title:
        return page.title
    if headline_in_gold(page):
        paragraphs = page.gold.strip().split("\n\n")
        if without_headline(page.gold) != page.gold:
            return paragraphs[0].strip()
    return ""


class Labeller:
    """Whether a line's words are in one gold body (see the module's docstring).

    Copies of the page's headline are never body (the title is reported apart): a line whose
    words are nearly all the headline's, and most of them, is labelled chrome even where the
    gold repeats the headline as its first heading.
    """

    def __init__(self, gold: str, headline: str = ""):
        tokens = _TOKEN.findall(gold)
        self._grams = {k: {tuple(tokens[i:i + k]) for i in range(len(tokens) - k + 1)} for k in (1, 2, 3, 4)}
        self._headline = set(_TOKEN.findall(headline.lower()))

    def is_headline(self, line: str) -> bool:
        words = set(_TOKEN.findall(line.lower()))
        if not words or not self._headline:
            return False
        shared = len(words & self._headline)
        return shared >= 0.8 * len(words) and shared >= 0.6 * len(self._headline)

    def is_body(self, line: str) -> bool:
        tokens = _TOKEN.findall(line)
        if not tokens or self.is_headline(line):
            return False
        k = min(4, len(tokens))
        grams = [tuple(tokens[i:i + k]) for i in range(len(tokens) - k + 1)]
        found = sum(1 for g in grams if g in self._grams[k])
        return found * 2 >= len(grams)


def score_corpora(pages: list[Page], outputs: dict[tuple[str, str], str]) -> dict[str, dict]:
    """Each corpus's figure for ``outputs`` (keyed by (corpus, page id)): its own metric
    (WCXB's word F1 for wcxb, the bench's shingle F1 for the others), as score_all.py
    prints it, with P, R and the per-page F1 (for the bootstrap and the worst pages)."""
    import sys
    sys.path.insert(0, str(SHARED / "bench"))
    from score import score_pairs

    figures = {}
    for corpus in dict.fromkeys(p.corpus for p in pages):
        chosen = [p for p in pages if p.corpus == corpus]
        if corpus == "wcxb":
            rows = [word_prf(p.gold, outputs.get((corpus, p.id), "")) for p in chosen]
            n = len(rows)
            P, R, F = (sum(r[k] for r in rows) / n for k in range(3))
            figures[corpus] = {"f1": F, "p": P, "r": R, "docs": n,
                               "pages": {p.id: r[2] for p, r in zip(chosen, rows)}}
        else:
            summary, per = score_pairs({p.id: (p.gold, outputs.get((corpus, p.id), "")) for p in chosen})
            figures[corpus] = {"f1": summary["f1"], "p": summary["precision"], "r": summary["recall"],
                               "docs": summary["docs"], "pages": {r["id"]: r["f1"] for r in per}}
    return figures


_WORD = re.compile(r"\w+")


def word_prf(gold: str, predicted: str) -> tuple[float, float, float]:
    """WCXB's per-page metric: bag-of-words precision, recall and F1 over lower-cased \\w+ tokens."""
    from collections import Counter
    p_tok, r_tok = _WORD.findall(predicted.lower()), _WORD.findall(gold.lower())
    if not r_tok:
        return (1.0, 1.0, 1.0) if not p_tok else (0.0, 0.0, 0.0)
    if not p_tok:
        return 0.0, 0.0, 0.0
    overlap = sum((Counter(p_tok) & Counter(r_tok)).values())
    p, r = overlap / len(p_tok), overlap / len(r_tok)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def mean_f1(figures: dict[str, dict]) -> float:
    """The mean over the shared corpora (the seeds left out), the figure score_all.py prints."""
    values = [f["f1"] for name, f in figures.items() if name != "seeds"]
    return sum(values) / len(values) if values else 0.0
