"""A text that is really a page's HTML, read as the page's text.

A scraper that fails to extract a page's text sometimes saves its markup instead, often as
one giant line: tags, scripts and all. Line by line such a text has no lines to judge, so it
is read first as a full-page scrape lays a page out: the ``<title>`` on the first line, then
every block element (paragraph, heading, list item, table cell, ``<br>``) on a line of its
own, inline elements (links, emphasis) inside their line, scripts, styles and comments left
out, character references decoded. The stages then judge this page text, and the removed
spans index it (``Result.source``; JSON Lines ``source_text``).

What counts as markup: most of the text is tags. A page about HTML quotes tags in its
prose, but tags are a small share of its characters (under 0.25 on every shared page that
quotes some); a saved page is mostly tags (0.64 to 0.78 on the eight shared ones).

>>> looks_like_html("<html><head><title>Storm hits coast</title></head><body>" + "<div>" * 60 + "<p>The storm hit.</p></body></html>")
True
>>> looks_like_html("Write <p> to open a paragraph and </p> to close it.")
False
>>> page_text("<html><head><title>Storm</title><script>var x = 1;</script></head>"
...           "<body><p>The storm <a href='/x'>hit</a> the coast &amp; the port.</p><p>Two died.</p></body></html>")
'Storm\\nThe storm hit the coast & the port.\\nTwo died.\\n'
"""
from __future__ import annotations

import re

# A tag, a comment's start or a doctype (what a saved page is made of).
_TAG = re.compile(r"<(?:!--|!doctype|/?[a-zA-Z][a-zA-Z0-9]*)(?:\s[^<>]*)?/?>", re.IGNORECASE)
_MIN_TAGS = 50          # markup has many tags...
_MIN_TAG_SHARE = 0.4    # ...and they are most of its characters
_SAMPLE = 200_000       # characters looked at (a page's head says what it is)

# Elements that end a line in a full-page scrape, and those whose content is never text.
_BLOCK = frozenset("""
address article aside blockquote body br center dd details dialog dir div dl dt fieldset figcaption
figure footer form frame frameset h1 h2 h3 h4 h5 h6 header hr html iframe legend li main menu nav
noframes ol option p pre section select summary table tbody td tfoot th thead title tr ul
""".split())
_SKIP = frozenset("script style noscript template head svg math object embed applet map".split())


def looks_like_html(text: str) -> bool:
    """Whether ``text`` is a page's markup rather than text (see the module's docstring)."""
    sample = text[:_SAMPLE]
    if "<" not in sample:
        return False
    tags = _TAG.findall(sample)
    return len(tags) >= _MIN_TAGS and sum(map(len, tags)) >= _MIN_TAG_SHARE * len(sample)


def page_text(markup: str) -> str:
    """The text of the page ``markup`` holds, a line per block element, the title first.

    Never raises: markup that cannot be parsed, or holds no text the parser could reach (it
    stops at a depth of about 2,000 elements), comes back as it is (an empty page too).
    """
    from lxml import etree, html  # only for pages that need it: text input does not

    try:
        # huge_tree: deep pages and long text nodes are parsed whole (the input's size is bounded).
        parser = html.HTMLParser(encoding="utf-8", remove_comments=True, huge_tree=True)
        root = html.document_fromstring(markup.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, ValueError):
        return markup
    pieces: list[str] = []
    title = root.findtext(".//title")
    if title and title.strip():
        pieces += [title, "\n"]
    # Depth first with an explicit stack (a page may nest deeper than Python recurses):
    # (element, False, in <pre>) opens it, (element, True, ...) closes it and adds its tail.
    # The source's own line breaks are spaces, except inside <pre>.
    stack = [(root, False, False)]
    while stack:
        element, closing, pre = stack.pop()
        tag = element.tag.lower() if isinstance(element.tag, str) else None   # None: a comment
        if closing:
            if tag in _BLOCK:
                pieces.append("\n")
        elif tag is None or tag in _SKIP:
            pass
        else:
            inner = pre or tag == "pre"
            if tag in _BLOCK:
                pieces.append("\n")
            if element.text:
                pieces.append(element.text if inner else _one_line(element.text))
            stack.append((element, True, pre))
            stack.extend((child, False, inner) for child in reversed(element))
            continue
        if element.tail:
            pieces.append(element.tail if pre else _one_line(element.tail))
    lines = (" ".join(line.split()) for line in "".join(pieces).split("\n"))
    return "".join(line + "\n" for line in lines if line) or markup


def _one_line(text: str) -> str:
    """A text node of the source with its line breaks made spaces (markup wraps its lines)."""
    return text.replace("\r", " ").replace("\n", " ")


def readable(text: str) -> tuple[str, bool]:
    """``text`` as the stages should read it, and whether it was markup read as page text."""
    if looks_like_html(text):
        return page_text(text), True
    return text, False
