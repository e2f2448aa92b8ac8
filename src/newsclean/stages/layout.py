"""The shape of the page: navigation runs, and the article as one region of prose.

Scrapers write one page element per line. Menus, tag lists and link rails come out as runs
of short lines without sentence punctuation; an article comes out as lines of running text,
with a few short lines among them (sub-headings, a caption, a list). So:

1. A run of short lines is navigation, wherever it is.
2. Prose lines close to each other (at most ``region_max_gap`` other lines apart) form a
   cluster; the cluster holding the most words of prose is the article. Everything before
   its first prose line (headline, page header, menus) and after its last (rails, comment
   widgets, footers) goes; the short lines inside it (sub-headings, bullet points) stay.
"""
from __future__ import annotations

from ..document import Block, Document
from ..region import article_region
from . import Context


def run(doc: Document, context: Context) -> None:
    _remove_navigation_runs(doc)
    region = article_region(doc.blocks, doc.settings.region_max_gap)
    if region is None:
        return
    first, last = region
    doc.remove_all(doc.blocks[:first], "layout.before-article", "layout",
                   f"before the article's first paragraph (block {doc.blocks[first].index})")
    doc.remove_all(doc.blocks[last + 1:], "layout.after-article", "layout",
                   f"after the article's last paragraph (block {doc.blocks[last].index})")


def _remove_navigation_runs(doc: Document) -> None:
    settings = doc.settings
    run: list[Block] = []
    for block in [b for b in doc.blocks if b.removal is None] + [None]:
        if block is not None and block.words <= settings.nav_max_words and not block.ends_clause:
            run.append(block)
            continue
        if len(run) >= settings.nav_run_min_lines:
            doc.remove_all(run, "layout.navigation", "layout",
                           f"one of {len(run)} short lines in a row without sentence punctuation (a menu or link list)")
        run = []
