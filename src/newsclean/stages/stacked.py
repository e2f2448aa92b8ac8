"""A second, unrelated article printed under the first one: where its headline is.

Pages that load the next story as you scroll, and scrapers that follow "next article", leave
two articles in one file. The second one starts the way articles start: a headline (a line
of a few words without sentence punctuation) followed at once by a byline, a dateline or a
caption printed twice, and then by running text. A sub-heading inside the article is
followed by text, but not by a byline or a dateline, so it stays; and a headline that repeats
the page's title (its first line) is the page's own article, whatever prose stands above it
(a sidebar, teasers, a browser notice).

With the body model, this is evidence, not a verdict (:func:`mark`): the headline's block is
recorded on the document and the context model weighs it (a few prose-like lines above the
real article, a sidebar or a browser notice, also look like a first article). Without the
model, the layout heuristics cut there (:func:`run`).
"""
from __future__ import annotations

from ..document import Block, Document
from ..title import repeats_title
from . import Context

# Kinds of removed block that open an article (rule kinds, see rules/bylines.yaml and
# rules/datelines.yaml), plus the doubled-caption reason from the duplicates stage.
MARKER_KINDS = frozenset({"byline", "dateline"})
DOUBLED = "duplicate.doubled-line"


def run(doc: Document, context: Context) -> None:
    """Remove everything from a second article's headline down."""
    at = find(doc)
    if at is not None:
        detail = f"a second article starts at block {doc.blocks[at].index}: a headline, then a byline, dateline or doubled caption"
        doc.remove_all(doc.blocks[at:], "layout.stacked-article", "layout", detail)


def mark(doc: Document, context: Context) -> None:
    """Record a second article's headline as ``doc.stacked_at`` (a block), for the body model."""
    at = find(doc)
    doc.stacked_at = None if at is None else doc.blocks[at]


def find(doc: Document) -> int | None:
    """The position of a second article's headline in ``doc.blocks``, or None."""
    settings = doc.settings
    prose_run = 0       # prose lines of the current cluster (gaps up to region_max_gap)
    since_prose = 0     # kept lines since the last prose line
    for at, block in enumerate(doc.blocks):
        if block.removal is not None:
            continue
        if block.prose:
            prose_run = prose_run + 1 if since_prose <= settings.region_max_gap else 1
            since_prose = 0
            continue
        since_prose += 1
        # The headline must follow the first article closely: one cluster of running text
        # just above it. A sidebar's prose far up the page, behind a menu, does not count.
        if prose_run < settings.stacked_min_first_article_lines or since_prose > settings.region_max_gap:
            continue
        if not _headline_shaped(block, settings) or repeats_title(doc, block):
            continue
        markers = _markers_after(doc.blocks, at, settings.stacked_marker_window)
        if not markers:
            continue
        rest = sum(1 for b in doc.blocks[markers[-1] + 1:] if b.kept and b.prose)
        if rest < settings.stacked_min_prose_lines:
            continue
        return at
    return None


def _markers_after(blocks: list[Block], at: int, window: int) -> list[int]:
    """Positions of the article-opening lines right under the headline at ``at`` (no kept line between)."""
    markers = []
    for position in range(at + 1, min(at + 1 + window, len(blocks))):
        if blocks[position].kept:
            break
        if _opens_article(blocks[position]):
            markers.append(position)
    return markers


def _headline_shaped(block: Block, settings) -> bool:
    return (settings.stacked_headline_min_words <= block.words <= settings.stacked_headline_max_words
            and not block.ends_clause)


def _opens_article(block: Block) -> bool:
    removal = block.removal
    return removal is not None and (removal.kind in MARKER_KINDS or removal.reason == DOUBLED)
