"""Numbers that the markup of an HTML page adds to each line's features, for the HTML model.

For a page read from its HTML (``newsclean.markup.read_page``), the line model's features
(``newsclean.features``) gain the columns of :data:`NAMES`, all general (none names a
site's words):

* the block element the line sits in (a heading, a list item, a table cell, a paragraph,
  a quote, the <title>) and its share of link text, alone and around it;
* the landmark around it (nav, header, footer, aside, form, figure, a comment container)
  and what the class and id names of its ancestors say (``markup.HINTS``: navigation,
  sharing, related stories, subscription prompts, adverts, sidebars, captions, metadata,
  comments, the article body);
* its depth in the tree against the depth of the lines trafilatura kept (an article's
  paragraphs are siblings);
* trafilatura's judgement (``newsclean.extraction``): whether it kept the line, the lines
  before and after, the lines around, and how much of the page it kept.

The static columns are measured once per page line; those that read the lines around are
measured over the document's blocks as they are (the kept ones, in a later pass).
"""
from __future__ import annotations

import numpy as np

from .document import Document
from .markup import HINTS, PageMarkup

_ELEMENTS = {  # column: the block elements it stands for
    "el_heading": ("h1", "h2", "h3", "h4", "h5", "h6"),
    "el_list_item": ("li", "dt", "dd", "option"),
    "el_cell": ("td", "th"),
    "el_paragraph": ("p",),
    "el_quote": ("blockquote", "pre"),
    "el_title": ("title",),
}
_LANDMARKS = ("nav", "header", "footer", "aside", "form", "figure", "comments")
# The boxes around a line (``PageLine.boxes``): its innermost, and the innermost holding at
# least 3 and at least 10 lines (an article's paragraphs share a box; so do a menu's items).
_BOX_SIZES = (3, 10)
_BOX = (["box_lines", "box_extracted"]
        + [f"box{size}_{name}" for size in _BOX_SIZES for name in ("lines", "extracted", "links", "words")])
STATIC = (list(_ELEMENTS) + [f"in_{name}" for name in _LANDMARKS] + [f"hint_{name}" for name in HINTS]
          + ["link_share", "depth_from_extracted", "extracted"] + _BOX)
NAMES = STATIC + ["extracted_prev", "extracted_next", "extracted_near5", "link_share_near2",
                  "extracted_page_share", "extracted_any"]
_S = {name: i for i, name in enumerate(STATIC)}
_N = {name: i for i, name in enumerate(NAMES)}
_static_cache: dict[int, tuple[PageMarkup, np.ndarray]] = {}


def static_features(page: PageMarkup) -> np.ndarray:
    """A row of :data:`STATIC` for each line of ``page``."""
    lines = page.lines
    n = len(lines)
    out = np.zeros((n, len(STATIC)), np.float32)
    column = {element: _S[name] for name, elements in _ELEMENTS.items() for element in elements}
    landmark = {name: _S[f"in_{name}"] for name in _LANDMARKS}
    hint_columns = [_S[f"hint_{name}"] for name in HINTS]
    depth = np.fromiter((line.depth for line in lines), np.float64, n)
    hints = np.fromiter((line.hints for line in lines), np.int64, n)
    for i, line in enumerate(lines):
        if line.element in column:
            out[i, column[line.element]] = 1.0
        if line.landmark:
            out[i, landmark[line.landmark]] = 1.0
    for bit, c in enumerate(hint_columns):
        out[:, c] = (hints >> bit) & 1
    out[:, _S["link_share"]] = np.fromiter((line.link_share for line in lines), np.float64, n)
    extracted = page.extracted
    reference = np.median(depth[extracted]) if extracted.any() else np.median(depth)
    out[:, _S["depth_from_extracted"]] = depth - reference
    out[:, _S["extracted"]] = extracted
    out[:, _S[_BOX[0]]:_S[_BOX[-1]] + 1] = _box_features(lines, extracted)
    return out


def _box_features(lines, extracted: np.ndarray) -> np.ndarray:
    """The :data:`_BOX` columns: for a line's boxes, how many lines they hold, the share of
    their other lines' words trafilatura kept (-1 when there are none), of their characters
    in links, and of the page's words. (Over (line, box) pairs as arrays, innermost last.)"""
    n = len(lines)
    out = np.zeros((n, len(_BOX)), np.float32)
    sizes = np.fromiter(map(len, (line.boxes for line in lines)), np.int64, n)
    if not sizes.sum():
        out[:, 1] = -1.0
        out[:, 3::4] = -1.0
        return out
    words = np.fromiter((len(line.text.split()) for line in lines), np.float64, n)
    kept_words = words * extracted
    chars = np.fromiter((len(line.text) for line in lines), np.float64, n)
    links = np.fromiter((line.link_share for line in lines), np.float64, n) * chars
    _, box = np.unique(np.fromiter((b for line in lines for b in line.boxes), np.int64, int(sizes.sum())),
                       return_inverse=True)
    line = np.repeat(np.arange(n), sizes)
    box_lines = np.bincount(box)
    box_words, box_kept = np.bincount(box, words[line]), np.bincount(box, kept_words[line])
    box_chars, box_links = np.bincount(box, chars[line]), np.bincount(box, links[line])
    pair = np.arange(len(box))
    page_words = words.sum() + 1.0
    column = 0
    for minimum in (1,) + _BOX_SIZES:
        # Each line's innermost box holding at least ``minimum`` lines (its last such pair).
        chosen = np.full(n, -1)
        qualifying = pair[box_lines[box] >= minimum]
        np.maximum.at(chosen, line[qualifying], qualifying)
        has = chosen >= 0
        b = box[np.maximum(chosen, 0)]
        others = box_words[b] - words
        share = np.where(has & (others > 0), (box_kept[b] - kept_words) / np.maximum(others, 1.0), -1.0)
        counted = np.where(has, np.log1p(box_lines[b]), 0.0)
        if minimum == 1:
            out[:, column], out[:, column + 1] = counted, share
            column += 2
        else:
            out[:, column], out[:, column + 1] = counted, share
            out[:, column + 2] = np.where(has, box_links[b] / np.maximum(box_chars[b], 1.0), 0.0)
            out[:, column + 3] = np.where(has, box_words[b] / page_words, 0.0)
            column += 4
    return out


def html_features(doc: Document) -> np.ndarray | None:
    """A row of :data:`NAMES` for each block of ``doc``; None when its page was not read from HTML."""
    page = doc.root().page
    if page is None:
        return None
    cached = _static_cache.get(id(page))
    if cached is None or cached[0] is not page:
        _static_cache.clear()    # one page at a time: its passes ask again, the next page never
        cached = _static_cache[id(page)] = (page, static_features(page))
    static = cached[1]
    blocks = doc.blocks
    n = len(blocks)
    out = np.zeros((n, len(NAMES)), np.float32)
    if n == 0:
        return out
    line = page.line_at(np.fromiter((b.start for b in blocks), np.int64, n))
    out[:, :len(STATIC)] = static[line]
    extracted = out[:, _N["extracted"]].astype(np.float64)
    padded = np.concatenate([[-1.0], extracted, [-1.0]])
    out[:, _N["extracted_prev"]] = padded[:-2]
    out[:, _N["extracted_next"]] = padded[2:]
    out[:, _N["extracted_near5"]] = _window_mean(extracted, 5)
    out[:, _N["link_share_near2"]] = _window_mean(out[:, _N["link_share"]].astype(np.float64), 2)
    words = np.fromiter((b.words for b in blocks), np.float64, n)
    out[:, _N["extracted_page_share"]] = (words * extracted).sum() / (words.sum() + 1.0)
    out[:, _N["extracted_any"]] = bool(page.extracted.any())
    return out


def _window_mean(values: np.ndarray, radius: int) -> np.ndarray:
    """The mean of ``values`` over the ``radius`` lines on either side (the line itself left out)."""
    n = len(values)
    running = np.concatenate([[0.0], np.cumsum(values)])
    index = np.arange(n)
    lo, hi = np.maximum(index - radius, 0), np.minimum(index + radius + 1, n)
    count = hi - lo - 1
    return np.where(count > 0, (running[hi] - running[lo] - values) / np.maximum(count, 1), 0.0)
