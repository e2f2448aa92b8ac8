"""The page's headline is not body text: where a heading repeats the page's title, both go.

A full-page scrape starts with the ``<title>`` and prints the headline again as a heading
above the body (``newsclean.title``). When the body model kept either copy, it goes here,
with the reason ``title.headline``; the headline is reported as the result's ``title``.
Only a heading that repeats the first line counts: a lone first line may be the body's own
first line (a text that was cleaned before), so the model alone judges it.
"""
from __future__ import annotations

from ..document import Document
from ..title import title_heading
from . import Context

REASON = "title.headline"


def run(doc: Document, context: Context) -> None:
    heading = title_heading(doc)
    if heading is None:
        return
    detail = "the article's headline (reported as its title), printed as the page's title and as a heading"
    doc.remove_all([doc.blocks[0], doc.blocks[heading]], REASON, "title", detail)
