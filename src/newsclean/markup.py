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
from itertools import count
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import numpy as np

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
# Block elements that hold lines rather than being one: a line's boxes are these.
_BOXES = _BLOCK - frozenset("""
br dd dt figcaption h1 h2 h3 h4 h5 h6 hr legend li option p pre summary td th title
""".split())
_SKIP = frozenset("script style noscript template head svg math object embed applet map".split())


def looks_like_html(text: str) -> bool:
    """Whether ``text`` is a page's markup rather than text (see the module's docstring)."""
    sample = text[:_SAMPLE]
    if "<" not in sample:
        return False
    tags = _TAG.findall(sample)
    return len(tags) >= _MIN_TAGS and sum(map(len, tags)) >= _MIN_TAG_SHARE * len(sample)


class PageLine(NamedTuple):
    """One line of a page's text and what the markup says of it."""

    text: str
    element: str        # the block element its first words sit in: "p", "li", "h2", "td", "title", ...
    landmark: str       # the page region around it: "nav", "header", "footer", "aside", "form",
                        # "figure", "comments", or "" (see _kind)
    depth: int          # how many elements enclose its first words
    link_share: float   # the share of its characters inside links (0 to 1)
    hints: int = 0      # what the class and id names around it say (a bit per HINTS entry)
    boxes: tuple = ()   # the elements that enclose it and hold whole lines (divs, sections,
                        # lists, tables...), outermost first, as ids unique within the page


# Landmarks by tag, and by ARIA role.
_LANDMARK_TAGS = {"nav": "nav", "header": "header", "footer": "footer", "aside": "aside", "form": "form",
                  "figure": "figure", "figcaption": "figure"}
_LANDMARK_ROLES = {"navigation": "nav", "banner": "header", "contentinfo": "footer", "complementary": "aside",
                   "search": "form"}

# What the class and id names of the elements around a line say about it: the naming
# conventions of page templates and CMSs (not any one site's words). A name matches when
# one of its parts (split at case changes, "-", "_" and spaces) starts with a prefix here.
HINTS = {
    "nav": ("nav", "menu", "breadcrumb", "topbar", "masthead"),
    "share": ("share", "sharing", "social", "follow"),
    "related": ("related", "recommend", "trending", "popular", "teaser", "more", "readmore", "promo"),
    "subscribe": ("newsletter", "subscri", "signup", "optin", "paywall", "register", "login", "cookie", "consent"),
    "advert": ("ads", "advert", "sponsor", "banner", "dfp", "outbrain", "taboola"),
    "side": ("sidebar", "widget", "rail", "aside", "column"),
    "caption": ("caption", "credit", "figcaption", "gallery", "photo", "image", "media", "video"),
    "meta": ("byline", "author", "date", "time", "meta", "tags", "tag", "dateline", "published", "category"),
    "comment": ("comment", "disqus", "reply", "respond", "discussion"),
    "body": ("article", "story", "content", "entry", "post", "body", "text", "main", "prose"),
}
_HINT_BITS = {name: 1 << k for k, name in enumerate(HINTS)}
_WHOLE_PARTS = {"ad": _HINT_BITS["advert"]}   # too short to be a prefix ("adjust", "address")
_NAME_PART = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")
_part_bits: dict[str, int] = {}   # by part of a name (ids are unique, their parts are not)


def name_hints(names: str) -> int:
    """The :data:`HINTS` bits that class and id names ``names`` carry.

    >>> bits = name_hints("article-body relatedLinks")
    >>> sorted(name for name, bit in _HINT_BITS.items() if bits & bit)
    ['body', 'related']
    >>> name_hints("header address") == 0   # "ad" counts as a whole part only
    True
    """
    bits = 0
    for part in _NAME_PART.findall(names):
        found = _part_bits.get(part)
        if found is None:
            lowered = part.lower()
            found = _WHOLE_PARTS.get(lowered, 0)
            for name, prefixes in HINTS.items():
                if lowered.startswith(prefixes):
                    found |= _HINT_BITS[name]
            if len(_part_bits) < 100_000:
                _part_bits[part] = found
        bits |= found
    return bits


def page_text(markup: str) -> str:
    """The text of the page ``markup`` holds, a line per block element, the title first.

    Never raises: markup that cannot be parsed, or holds no text the parser could reach (it
    stops at a depth of about 2,000 elements), comes back as it is (an empty page too).
    """
    lines = page_lines(markup)
    return _joined(lines) if lines else markup


def _joined(lines: list["PageLine"]) -> str:
    """The page text of ``lines``: a line each."""
    return "".join(line.text + "\n" for line in lines)


def page_lines(markup: str) -> list[PageLine]:
    """The lines of :func:`page_text` with what the markup says of each; [] when the
    markup cannot be parsed or holds no text.

    >>> [(l.text, l.element, l.landmark, l.link_share) for l in page_lines(
    ...     "<html><head><title>Storm</title></head><body><nav><ul><li><a href='/'>Home</a></li></ul></nav>"
    ...     "<p>The storm <a href='/coast'>hit</a> the coast.</p></body></html>")]
    [('Storm', 'title', '', 0.0), ('Home', 'li', 'nav', 1.0), ('The storm hit the coast.', 'p', '', 0.125)]
    """
    root = parse(markup)
    return [] if root is None else lines_of(root)


def parse(markup: str):
    """The lxml tree of ``markup``, or None when it cannot be parsed."""
    from lxml import etree, html  # only for pages that need it: text input does not

    try:
        # huge_tree: deep pages and long text nodes are parsed whole (the input's size is bounded).
        parser = html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True)
        return html.document_fromstring(markup.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, ValueError):
        return None


def lines_of(root) -> list[PageLine]:
    """The page lines of a parsed page (see :func:`page_lines`); the tree is only read."""
    from lxml import etree

    builder = _LineBuilder()
    title = root.findtext(".//title")
    if title and title.strip():
        builder.add(title, _State(element="title"))
        builder.flush()
    # lxml's walker goes depth first in C (a page may nest deeper than Python recurses).
    # ``stack`` holds, for each open element, the state around it and whether it is a block:
    # its end ends a line (a block) and adds its tail, which belongs to the state around it.
    # (The hot loop of HTML input: states are plain tuples in _State's order, what an element
    # opens is looked up once per kind of element.)
    numbers = count()
    add, flush, kinds = builder.add, builder.flush, _kinds
    outer = _State()
    stack: list[tuple[tuple, str]] = []
    push, pop = stack.append, stack.pop
    walker = etree.iterwalk(root, events=("start", "end", "comment", "pi"))
    skip = walker.skip_subtree
    for event, element in walker:
        if event == "end":
            outer, block = pop()
            if block:
                flush()
            if element.tail:
                add(element.tail, outer)
            continue
        if event != "start":   # a comment or processing instruction: its tail is still text
            if element.tail:
                add(element.tail, outer)
            continue
        tag = element.tag
        # (Only the attributes _kind reads make the key: hrefs and ids are unique.)
        key = (tag, element.get("class"), element.get("id"), element.get("role")) if element.attrib else tag
        kind = kinds.get(key)
        if kind is None:
            kind = _kind(tag.lower(), dict(element.items()))
            if len(kinds) < 100_000:
                kinds[key] = kind
        if kind is _SKIPPED:
            skip()   # its end still comes, and adds its tail
            push((outer, ""))
            continue
        block, landmark, hints, link, pre, box = kind
        push((outer, block))
        outer = (block or outer[0], landmark or outer[1], outer[2] + 1, outer[3] or link, outer[4] or pre,
                 outer[5] | hints, outer[6] + (next(numbers),) if box else outer[6])
        if block:
            flush()
        if element.text:
            add(element.text, outer)
    flush()
    return builder.lines


class _State(NamedTuple):
    """Where a text node sits: its block element, landmark, depth, in a link or <pre>, name
    hints, boxes."""

    element: str = ""
    landmark: str = ""
    depth: int = 0
    link: bool = False
    pre: bool = False
    hints: int = 0
    boxes: tuple = ()


_SKIPPED = ("skip",)
# By tag and attributes: what an element opens (see _kind). Pages of a site repeat them.
_kinds: dict = {}


def _kind(tag: str, attributes: dict) -> tuple:
    """What an element with ``tag`` and ``attributes`` opens: (its block element or "", its
    landmark or "", the hints of its names, a link, a <pre>, a box), or _SKIPPED."""
    if tag in _SKIP:
        return _SKIPPED
    names = f"{attributes.get('class') or ''} {attributes.get('id') or ''}"
    landmark = _LANDMARK_TAGS.get(tag) or _LANDMARK_ROLES.get((attributes.get("role") or "").strip().lower(), "")
    if not landmark and "comment" in names.lower():
        landmark = "comments"
    return (tag if tag in _BLOCK else "", landmark, name_hints(names) if names != " " else 0, tag == "a",
            tag == "pre", tag in _BOXES)


class _LineBuilder:
    """Text nodes in, lines out (whitespace collapsed, a line's context from its first words)."""

    def __init__(self) -> None:
        self.lines: list[PageLine] = []
        self._texts: list[str] = []          # the pieces of the line being built
        self._linked = 0                     # how many of their characters are inside links
        self._first: _State | None = None    # the state of its first words

    def add(self, text: str, state: _State) -> None:
        if not state[4]:   # (the common case, outside <pre>: one piece)
            if self._first is None:
                if text.isspace():
                    self._texts.append(" ")   # a space between pieces, never a line's start
                    return
                self._first = state
            text = _one_line(text)
            self._texts.append(text)
            if state[3]:
                self._linked += len(text.strip())
            return
        for k, part in enumerate(text.split("\n")):
            if k:
                self.flush()      # inside <pre>, the source's line breaks are the page's
            if part:
                if self._first is None and part.strip():
                    self._first = state
                self._texts.append(part)
                if state[3]:
                    self._linked += len(part.strip())

    def flush(self) -> None:
        if not self._texts:
            return
        text = " ".join("".join(self._texts).split())
        first = self._first
        if text and first is not None:
            self.lines.append(PageLine(text, first[0], first[1], first[2],
                                       round(min(self._linked / len(text), 1.0), 3), first[5], first[6]))
        self._texts.clear()
        self._linked = 0
        self._first = None


def _one_line(text: str) -> str:
    """A text node of the source with its line breaks made spaces (markup wraps its lines)."""
    return text.replace("\r", " ").replace("\n", " ")


def readable(text: str) -> tuple[str, bool]:
    """``text`` as the stages should read it, and whether it was markup read as page text."""
    if looks_like_html(text):
        return page_text(text), True
    return text, False


class PageMarkup(NamedTuple):
    """What the markup says of each line of a page's text, for the HTML model: the lines
    (in text order, ``starts`` their offsets in the text) and whether trafilatura kept each."""

    lines: list[PageLine]
    starts: "np.ndarray"
    extracted: "np.ndarray"     # bool per line: trafilatura's main text holds it
    judged: bool = True         # trafilatura was asked (else ``extracted`` is all False)

    @property
    def text(self) -> str:
        """The page text these lines make (:func:`page_text`)."""
        return _joined(self.lines)

    def line_at(self, offsets: "np.ndarray") -> "np.ndarray":
        """The line each text offset falls in."""
        import numpy as np

        return np.maximum(np.searchsorted(self.starts, offsets, side="right") - 1, 0)


def unjudged_page(root) -> PageMarkup | None:
    """The :class:`PageMarkup` of the parsed page ``root``, trafilatura not yet asked; None
    when it holds no text the parser could reach."""
    import numpy as np

    lines = [] if root is None else lines_of(root)
    if not lines:
        return None
    lengths = np.fromiter((len(line.text) + 1 for line in lines), np.int64, len(lines))
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    return PageMarkup(lines, starts, np.zeros(len(lines), bool), judged=False)


def judgeable(root, max_elements: int | None) -> bool:
    """Whether trafilatura may be asked about ``root``: at most ``max_elements`` elements (None: any)."""
    return max_elements is None or root.xpath("count(//*)") <= max_elements   # (counted in C: no element objects)


def judged_page(page: PageMarkup, root) -> PageMarkup:
    """``page`` with trafilatura's opinion of each line (its main text of ``root``, aligned).

    trafilatura prunes the tree as it reads it: ``root`` is of no further use.
    """
    import numpy as np

    from .extraction import align, extracted_text

    extracted = np.array(align([line.text for line in page.lines], extracted_text(root)), bool)
    return page._replace(extracted=extracted, judged=True)


def read_page(markup: str, judge: bool = True, judge_max_elements: int | None = None) -> tuple[str, PageMarkup | None]:
    """A page's text (:func:`page_text`) and its :class:`PageMarkup`; the markup itself and
    None when it holds no text the parser could reach. ``judge``: ask trafilatura which
    lines are its main text (else none are, and ``PageMarkup.judged`` says so), if the
    page has at most ``judge_max_elements`` elements (None: whatever its size).

    >>> text, page = read_page("<html><head><title>Storm</title></head><body><nav><a href='/'>Home</a></nav>"
    ...                        "<article><p>The storm hit the coast on Monday, and two people died.</p>"
    ...                        "<p>The port stays closed until Friday, officials said.</p></article></body></html>")
    >>> [(line.text, bool(kept)) for line, kept in zip(page.lines, page.extracted)]
    [('Storm', False), ('Home', False), ('The storm hit the coast on Monday, and two people died.', True), ('The port stays closed until Friday, officials said.', True)]
    """
    root = parse(markup)
    page = unjudged_page(root)
    if page is None:
        return markup, None
    if judge and judgeable(root, judge_max_elements):
        page = judged_page(page, root)
    return page.text, page
