"""The article's headline, found among the lines above the body.

A full-page scrape starts with the page's ``<title>`` ("Headline | Site name"), and the
headline is printed again as the page's heading, somewhere above the body among menus and
bylines. So, in order:

1. a line above the body, shaped like a headline, whose words are nearly all in the first
   line and cover a good part of it (the heading that repeats the ``<title>``);
2. else the first line itself, less a site name after a separator ("Headline | Site");
3. else nothing: a page with no title line and no repeated heading has no headline we can
   tell from a sub-heading.

The title is reported apart (``Result.title``); whether the lines holding it are body text
is the body model's call (headlines are not body text, so they normally go).

>>> from newsclean.document import segment
>>> from newsclean.settings import Settings
>>> doc = segment("Storm hits coast | Daily News\\nHome\\nStorm hits coast\\nThe storm hit the coast on Monday night, officials said.\\n", Settings())
>>> find_title(doc)
'Storm hits coast'
"""
from __future__ import annotations

import re
from functools import lru_cache

from .document import Block, Document

_WORD = re.compile(r"[^\W_]+")
# What separates a headline from the site's name in a <title>.
_SEPARATOR = re.compile(r"\s+[|–—:·»/-]\s+|\s*[|_]\s*|\s+::\s+")
_LIST_MARKER = re.compile(r"^(?:[•·▪►▸◦‣∙*–—-]\s|\d{1,3}[.)]\s)")
# A heading repeats the title when nearly all its words are the title's...
_MIN_INSIDE = 0.75
# ...and it holds at least this share of the title's words (the site name left out).
_MIN_COVER = 0.4
_MAX_WORDS = 30


@lru_cache(maxsize=4_096)  # a site's headings and menus recur from page to page (a page's first line can be long)
def words_of(text: str) -> frozenset[str]:
    """The distinct lower-cased words of ``text``.

    >>> sorted(words_of("Kerry, Lavrov may meet Kerry"))
    ['kerry', 'lavrov', 'may', 'meet']
    """
    return frozenset(_WORD.findall(text.casefold()))


def headline_shaped(block: Block) -> bool:
    """Two to thirty words, not a sentence ending in a full stop, not a list item."""
    return (2 <= block.words <= _MAX_WORDS and not block.text.rstrip().endswith(".")
            and not _LIST_MARKER.match(block.text))


def repeats_title(doc: Document, block: Block) -> bool:
    r"""Whether ``block`` is a heading that repeats ``doc``'s first line (its ``<title>``).

    >>> from newsclean.document import segment
    >>> from newsclean.settings import Settings
    >>> doc = segment("Storm hits coast | Daily News\nStorm hits coast\nMarkets\n", Settings())
    >>> repeats_title(doc, doc.blocks[1]), repeats_title(doc, doc.blocks[2])
    (True, False)
    """
    if not doc.blocks or block is doc.blocks[0]:
        return False
    return _repeats(words_of(block.text), words_of(doc.blocks[0].text))


def _repeats(words: frozenset[str], title_words: frozenset[str]) -> bool:
    if not words or not title_words:
        return False
    shared = len(words & title_words)
    return shared >= _MIN_INSIDE * len(words) and shared / len(title_words) >= _MIN_COVER


def title_heading(doc: Document) -> int | None:
    """The position of the heading that repeats the page's ``<title>`` above the body: the
    fullest copy, the nearest to the body among equals; None if there is none."""
    blocks = doc.blocks
    if not blocks:
        return None
    body_start = next((i for i, b in enumerate(blocks) if b.removal is None and b.prose), len(blocks))
    title_words = words_of(blocks[0].text)
    if not title_words:
        return None
    best: tuple[float, int] | None = None
    disjoint = title_words.isdisjoint
    for position in range(1, min(body_start, max(len(blocks) // 2, 1))):
        block = blocks[position]
        # Cheapest tests first: most lines above the body are menu items sharing no word.
        if 2 <= block.words <= _MAX_WORDS and not disjoint(words := words_of(block.text)) and headline_shaped(block):
            if _repeats(words, title_words):
                key = (len(words & title_words) / len(title_words), position)
                if best is None or key > best:
                    best = key
    return None if best is None else best[1]


def find_title(doc: Document) -> str:
    """The headline of the page ``doc`` holds, or "" (see the module's docstring).

    ``doc`` is the whole page with the stages' decisions: the body is its kept lines.
    """
    heading = title_heading(doc)
    if heading is not None:
        return doc.blocks[heading].text
    if not doc.blocks:
        return ""
    first = doc.blocks[0]
    if first.removal is not None and first.removal.kind not in _MAY_BE_TITLE:
        return ""   # a rule's or the site's chrome (a share prompt, the site name on every page)
    if headline_shaped(first) or (first.words <= _MAX_WORDS and not first.prose):
        return _without_site_name(first.text)
    return ""


# Removals that leave a first line the page's <title>: the body model's (a title is not
# body text) and a doubled line's (a title printed twice).
_MAY_BE_TITLE = frozenset({"layout", "title", "duplicate"})


def _without_site_name(text: str) -> str:
    """The longest part of a <title> split at its separators.

    >>> _without_site_name("Storm hits coast | Daily News")
    'Storm hits coast'
    >>> _without_site_name("Kerry, Lavrov may meet over Ukraine")
    'Kerry, Lavrov may meet over Ukraine'
    """
    parts = [p.strip() for p in _SEPARATOR.split(text) if p.strip()]
    if len(parts) < 2:
        return text.strip()
    return max(parts, key=lambda p: len(_WORD.findall(p)))
