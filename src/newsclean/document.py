"""A scraped text as an ordered list of blocks, and what the stages decided about each.

A :class:`Block` is one non-blank line of the input: scrapers write one page element per
line, so a line is the unit that is kept or removed. Lines separated by blank lines share a
``paragraph`` number, which stages may use as context. Every block keeps its character span
in the original text, so a removal can always be reported as ``text[start:end]``.

Stages never delete a block: they mark it removed with a :class:`Removal` that says why.
The first stage to remove a block gives the reason.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, Iterator, NamedTuple

from .linecache import LineCache
from .settings import Settings
from .shape import ends_clause, ends_sentence, word_count

if TYPE_CHECKING:
    import numpy as np

    from .markup import PageMarkup

# Invisible characters scrapers leave at line edges, which str.strip() does not remove.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_EDGE_SPACE = re.compile(r"^[\s\u200b-\u200d\u2060\ufeff]+|[\s\u200b-\u200d\u2060\ufeff]+$")


class Removal(NamedTuple):
    """Why a block was removed (immutable: one may be shared by many blocks).

    ``reason`` is a stable dotted id: a rule id (``comments.hide-comments``) or a stage's
    own (``duplicate.exact``, ``layout.navigation``). ``kind`` groups reasons for display
    (``comments``, ``duplicate``, ``layout``); ``detail`` explains it to a person; ``score``
    is the line model's score (0 to 1, how much it looks like body text) when the model
    decided, else None; ``learned`` is the learned chrome it matched, when a fingerprint did.
    """

    reason: str
    kind: str
    detail: str
    score: float | None = None
    learned: "LearnedMatch | None" = None


class LearnedMatch(NamedTuple):
    """The learned chrome a block matched: the site, on how many of its ``site_pages``
    learned pages the form was seen, and the form (the line as it is compared)."""

    site: str
    pages: int
    site_pages: int
    form: str

    def as_json(self) -> dict:
        return {"site": self.site, "pages": self.pages, "site_pages": self.site_pages, "form": self.form}


@dataclass(eq=False, slots=True)  # a block is one place in one text: equal only to itself
class Block:
    index: int
    start: int
    end: int
    text: str
    paragraph: int
    words: float = 0.0
    prose: bool = False
    ends_sentence: bool = False  # ends with . ! ? (see shape.ends_sentence)
    ends_clause: bool = False    # ends with . ! ? : ;
    removal: Removal | None = None

    @property
    def kept(self) -> bool:
        return self.removal is None


@dataclass
class Document:
    text: str
    blocks: list[Block]
    settings: Settings
    site: str | None = None
    parent: "Document | None" = None
    # Per-block results of pure functions of a block's text (rule matches, ...), kept for
    # the later passes over the same blocks; shared with views. Keyed by (name, block): the
    # key holds the block, so a block split away cannot free its id for a new block to reuse.
    memo: dict = field(default_factory=dict)
    # The headline of a second article stacked under the first (stages/stacked.py), if any.
    stacked_at: Block | None = None
    # On the whole page: the body model's last score of each block (by ``Block.index``), for
    # the confidence estimate; None until the model ran.
    scores: "np.ndarray | None" = None
    # On the whole page read from HTML: what its markup says of each line (newsclean.markup).
    page: "PageMarkup | None" = None

    def root(self) -> "Document":
        """The whole page this document is a view of (itself if it is not a view)."""
        document = self
        while document.parent is not None:
            document = document.parent
        return document

    def view(self) -> "Document":
        """The kept blocks only, as a document of their own: what cleaning the output would see.

        The blocks are the same objects, so removing one in the view removes it here too,
        and block numbers (``index``) stay those of the whole document. Each block becomes a
        paragraph of its own, as in the cleaned text: what the view shows the stages is
        exactly what cleaning the output would show them.
        """
        kept = [b for b in self.blocks if b.removal is None]
        for paragraph, block in enumerate(kept):
            block.paragraph = paragraph
        return Document(text=self.text, blocks=kept, settings=self.settings, site=self.site,
                        parent=self, memo=self.memo)

    def kept(self) -> Iterator[Block]:
        return (b for b in self.blocks if b.removal is None)

    def remove(self, block: Block, reason: str, kind: str, detail: str, score: float | None = None) -> bool:
        """Mark ``block`` removed unless an earlier stage already did; True if marked now."""
        if block.removal is not None:
            return False
        block.removal = Removal(reason, kind, detail, score)
        return True

    def remove_all(self, blocks: Iterable[Block], reason: str, kind: str, detail: str) -> None:
        """Mark every block of ``blocks`` not yet removed with one shared reason."""
        removal = Removal(reason, kind, detail)
        for block in blocks:
            if block.removal is None:
                block.removal = removal

    def split(self, block: Block, offset: int) -> tuple[Block, Block]:
        """Cut ``block`` in two at ``offset`` characters into its text; renumber the blocks.

        Used when one line holds two things (two versions of a paragraph glued together) and
        only one of them should go. Edge spaces of both halves are trimmed from the spans.
        """
        cut = block.start + offset
        first = _make_block(self.text, block.start, cut, block.paragraph, self.settings)
        second = _make_block(self.text, cut, block.end, block.paragraph, self.settings)
        if first is None or second is None:
            raise ValueError("split would leave an empty half")
        document: Document | None = self
        while document is not None:
            i = document.blocks.index(block)
            document.blocks[i:i + 1] = [first, second]
            root, document = document, document.parent
        for n, b in enumerate(root.blocks):
            b.index = n
        return first, second

    def clean_text(self) -> str:
        """The kept blocks, one paragraph each, separated by one blank line."""
        kept = [b.text for b in self.kept()]
        return "\n\n".join(kept) + "\n" if kept else ""

    def removals(self) -> list[dict]:
        """Every removed block as ``{start, end, reason, kind, detail, score, fingerprint}``,
        in text order (``fingerprint`` is :meth:`LearnedMatch.as_json` or None)."""
        return [
            {"start": b.start, "end": b.end, "reason": b.removal.reason, "kind": b.removal.kind,
             "detail": b.removal.detail,
             "score": None if b.removal.score is None else round(b.removal.score, 3),
             "fingerprint": None if b.removal.learned is None else b.removal.learned.as_json()}
            for b in self.blocks if b.removal is not None
        ]


# (words, ends like a sentence, ends like a clause) by line text: a site's pages repeat
# their menus and footers, so most short lines have been measured before.
_shapes: LineCache[str, tuple[float, bool, bool]] = LineCache(20_000)


def _make_block(text: str, start: int, end: int, paragraph: int, settings: Settings) -> Block | None:
    """A block for ``text[start:end]`` with its edge spaces trimmed, or None if blank."""
    raw = text[start:end]
    body = _trim(raw)
    if not body:
        return None
    return _block(body, start + raw.index(body), paragraph, settings)


def _trim(raw: str) -> str:
    """``raw`` without spaces or invisible characters at its edges."""
    body = raw.strip()
    if body and (body[0] in _INVISIBLE or body[-1] in _INVISIBLE):
        body = _EDGE_SPACE.sub("", body)  # rare: zero-width characters at an edge
    return body


def _block(body: str, start: int, paragraph: int, settings: Settings) -> Block:
    """The block for the trimmed line ``body`` found at ``start``."""
    end = start + len(body)
    shape = _shapes.get(body)
    if shape is None:
        shape = (word_count(body), ends_sentence(body), ends_clause(body))
        _shapes.put(body, shape)
    words, sentence, clause = shape
    return Block(0, start, end, body, paragraph, words, _prose(words, sentence, settings), sentence, clause)


def _prose(words: float, sentence: bool, settings: Settings) -> bool:
    """Prose: long enough and ending like a sentence, or simply long (see Settings)."""
    return words >= settings.prose_long_words or (words >= settings.prose_min_words and sentence)


def segment(text: str, settings: Settings, site: str | None = None) -> Document:
    """Split ``text`` into line blocks with their spans and paragraph numbers.

    >>> doc = segment("Title\\n\\nFirst line.\\nSecond line.\\n", Settings())
    >>> [(b.text, b.paragraph, b.start) for b in doc.blocks]
    [('Title', 0, 0), ('First line.', 1, 7), ('Second line.', 1, 19)]
    """
    # First the lines' spans and paragraphs, then their shapes looked up together (most
    # short lines of a site are known), then the blocks.
    bodies: list[str] = []
    starts: list[int] = []
    paragraphs: list[int] = []
    paragraph = 0
    previous_blank = False
    offset = 0
    invisible = _INVISIBLE
    for line in text.splitlines(keepends=True):
        body = line.strip()
        if body and (body[0] in invisible or body[-1] in invisible):
            body = _EDGE_SPACE.sub("", body)  # rare: zero-width characters at an edge
        if body:
            if previous_blank and bodies:
                paragraph += 1
            previous_blank = False
            bodies.append(body)
            starts.append(offset + line.index(body))
            paragraphs.append(paragraph)
        else:
            previous_blank = True
        offset += len(line)
    shapes = _shapes.get_many(bodies)
    for i, shape in enumerate(shapes):
        if shape is None:
            body = bodies[i]
            shapes[i] = shape = (word_count(body), ends_sentence(body), ends_clause(body))
            _shapes.put(body, shape)
    blocks = [Block(index, start, start + len(body), body, paragraph, words, _prose(words, sentence, settings),
                    sentence, clause)
              for index, (body, start, paragraph, (words, sentence, clause))
              in enumerate(zip(bodies, starts, paragraphs, shapes))]
    return Document(text=text, blocks=blocks, settings=settings, site=site)
