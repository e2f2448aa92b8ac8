"""Repeated text inside one document: keep one copy of content, drop printed-twice chrome.

Three things, in this order:

1. A line holding two versions of one paragraph glued together (a page-history scrape shows
   the old version, then the new one): the line is cut in two and the older, first half goes.
2. A short line printed twice in a row goes entirely, both copies. That is what a scrape
   makes of an image's alt text followed by its caption, or of the page title followed by
   the same headline as a heading; an article body does not repeat a sentence line after
   line, so neither copy is body text.
3. A paragraph seen twice (exactly, or nearly: an edit of a word or two) keeps one copy
   when it is long, or when it repeats together with the lines around it (a passage printed
   twice); a short line that recurs among different neighbours (the same question put to
   each interviewee, a refrain) is a formula of the article and every copy stays. The copy
   kept is the first one inside the article region, so that a lead repeated as a page summary
   above the navigation keeps its copy in the article rather than the stray one (which
   layout would cut), and a run of repeated lines keeps one whole run in order.

Candidates are found through exact keys (the normalised text, its first and last words), so
the cost is linear in the number of lines, never all pairs.
"""
from __future__ import annotations

import re

from rapidfuzz.distance import Indel

from ..document import Block, Document
from ..region import article_region
from . import Context

_NON_WORD = re.compile(r"[\W_]+")
_DIGITS = re.compile(r"\d+")
_ASCII_PUNCTUATION_TO_SPACE = {c: " " for c in range(128) if not chr(c).isalnum()}
_EDGE_CHARS = 24      # characters that key a paragraph's start and end for near-duplicate lookup
_PREFIX_CHARS = 12    # characters that must recur to propose a cut of a glued line
_MAX_CUTS = 4         # cuts of a glued line tried at most
# Longer lines are not looked at for glued versions: two versions of a paragraph are far
# shorter, and comparing the halves costs their product (a 2 MB line took minutes).
_MAX_GLUED_CHARS = 20_000


def run(doc: Document, context: Context) -> None:
    _split_glued_versions(doc)
    _remove_doubled_lines(doc)
    _remove_repeated_paragraphs(doc)


def normalise(text: str) -> str:
    """Lower case, punctuation dropped, spaces collapsed: the form duplicates are compared in.

    >>> normalise("“Fait accompli,” he said.")
    'fait accompli he said'
    >>> normalise("Don't -- stop!")
    'don t stop'
    """
    if text.isascii():
        return " ".join(text.lower().translate(_ASCII_PUNCTUATION_TO_SPACE).split())
    return " ".join(_NON_WORD.sub(" ", text.casefold()).split())


def similarity(a: str, b: str) -> float:
    """Similarity of two normalised texts, 0-100 (rapidfuzz's normalised Indel ratio)."""
    return Indel.normalized_similarity(a, b) * 100


def same_line(a: str, b: str, min_ratio: float) -> bool:
    """Two printings of one line: the same numbers, and words that differ by a comma at most.

    >>> same_line("Ms Lee, the minister, speaks.", "Ms Lee, the minister speaks", 95)
    True
    >>> same_line("Section 4 - patient records", "Section 5 - patient files", 95)
    False
    """
    if _DIGITS.findall(a) != _DIGITS.findall(b):
        return False
    return similarity(normalise(a), normalise(b)) >= min_ratio


def glued_split(text: str, min_chars: int, min_ratio: float) -> int | None:
    """Where a line holding two versions of one paragraph should be cut, or None.

    The second version starts near the middle with the same words as the first, or the
    first ends near the middle with the same words as the second.

    >>> line = "Kerry delayed a trip to Russia on Monday. Kerry postponed a trip to Russia on Monday."
    >>> line[glued_split(line, 20, 80):].strip()
    'Kerry postponed a trip to Russia on Monday.'
    >>> glued_split("The talks began on Monday and went on into the night, officials said.", 20, 80) is None
    True
    """
    n = len(text)
    if n < 2 * min_chars or n > _MAX_GLUED_CHARS:
        return None
    low, high = int(n * 0.35), int(n * 0.65)
    cuts = set()
    head = text[:_PREFIX_CHARS]
    at = text.find(head, low)
    while at != -1 and at <= high:
        cuts.add(at)
        at = text.find(head, at + 1)
    tail = text[-_PREFIX_CHARS:]
    at = text.find(tail, max(0, low - _PREFIX_CHARS))
    while at != -1 and at + _PREFIX_CHARS <= high:
        cuts.add(at + _PREFIX_CHARS)
        at = text.find(tail, at + 1)
    best, best_ratio = None, min_ratio
    # Only the cuts nearest the middle are tried: a line that repeats one short string
    # many times would otherwise propose thousands of them.
    for cut in sorted(cuts, key=lambda c: (abs(2 * c - n), c))[:_MAX_CUTS]:
        first, second = text[:cut].strip(), text[cut:].strip()
        if len(first) < min_chars or len(second) < min_chars:
            continue
        ratio = similarity(normalise(first), normalise(second))
        if ratio >= best_ratio:
            best, best_ratio = cut, ratio
    return best


def _normalised(doc: Document, block: Block) -> str:
    """``normalise(block.text)``, computed once per block for all passes."""
    key = ("normalised", block)
    form = doc.memo.get(key)
    if form is None:
        form = doc.memo[key] = normalise(block.text)
    return form


def _split_glued_versions(doc: Document) -> None:
    settings = doc.settings
    shortest = 2 * settings.glued_min_chars
    for block in [b for b in doc.blocks if b.removal is None and len(b.text) >= shortest]:
        if ("whole", block) in doc.memo:
            continue
        # The newer half is looked at again: a line may hold three versions.
        while (cut := glued_split(block.text, settings.glued_min_chars, settings.glued_min_ratio)) is not None:
            older, block = doc.split(block, cut)
            doc.remove(older, "duplicate.older-version", "duplicate",
                       f"older version of block {block.index}, printed before it on the same line")
        doc.memo[("whole", block)] = True  # holds one version only


def _remove_doubled_lines(doc: Document) -> None:
    settings = doc.settings
    low, high = settings.doubled_line_min_words, settings.doubled_line_max_words
    kept = [b for b in doc.blocks if b.removal is None]
    for first, second in zip(kept, kept[1:]):
        if not (low <= first.words <= high and low <= second.words <= high):
            continue
        longer = max(len(first.text), len(second.text))
        if abs(len(first.text) - len(second.text)) > longer * (100 - settings.doubled_line_min_ratio) / 50:
            continue  # lengths this far apart cannot reach the ratio
        if not same_line(first.text, second.text, settings.doubled_line_min_ratio):
            continue
        detail = "caption or headline printed twice in a row (block {} and block {})".format(first.index, second.index)
        doc.remove(first, "duplicate.doubled-line", "duplicate", detail)
        doc.remove(second, "duplicate.doubled-line", "duplicate", detail)


def _remove_repeated_paragraphs(doc: Document) -> None:
    settings = doc.settings
    kept = [b for b in doc.blocks if b.removal is None]
    groups = _copies(doc, [b for b in kept if len(b.text) >= settings.duplicate_min_chars])
    if all(len(copies) < 2 for copies in groups):  # (also when there are no groups at all)
        return
    region = article_region(doc.blocks, settings.region_max_gap)
    first, last = region if region is not None else (0, len(doc.blocks) - 1)
    inside = {id(b) for b in doc.blocks[first:last + 1]}
    sequence = kept
    position = {id(b): i for i, b in enumerate(sequence)}
    group_of = {id(b): g for g, copies in enumerate(groups) for b in copies}

    def repeated_with_neighbour(copy: Block, original: Block) -> bool:
        p, q = position[id(copy)], position[id(original)]
        for step in (1, -1):
            if 0 <= p + step < len(sequence) and 0 <= q + step < len(sequence):
                a, b = sequence[p + step], sequence[q + step]
                if a is not b and id(a) in group_of and group_of.get(id(a)) == group_of.get(id(b)):
                    return True
        return False

    pairs = []
    for copies in groups:
        if len(copies) < 2:
            continue
        keep = next((b for b in copies if id(b) in inside), copies[0])
        for block in copies:
            if block is keep:
                continue
            # A long paragraph is not repeated on purpose; a short one (a question put to
            # every interviewee, a refrain) may be, unless it repeats with its neighbours.
            if block.words < settings.duplicate_alone_min_words and not repeated_with_neighbour(block, keep):
                continue
            exact = _normalised(doc, block) == _normalised(doc, keep)
            doc.remove(block, "duplicate.exact" if exact else "duplicate.near", "duplicate",
                       f"{'copy' if exact else 'near copy'} of block {keep.index}")
            pairs.append((block, keep))
    _extend_repeated_runs(doc, sequence, pairs)


def _copies(doc: Document, blocks: list[Block]) -> list[list[Block]]:
    """The blocks grouped into copies of one paragraph, each group in text order.

    Candidates are found through exact keys, so the cost is linear in the number of lines:
    the text itself, and its first and last characters (an edit of a word or two leaves
    one end intact); only candidates are compared fuzzily.
    """
    heads = [b.text[:_EDGE_CHARS].lower() for b in blocks]
    tails = [b.text[-_EDGE_CHARS:].lower() for b in blocks]
    if len(set(heads)) == len(heads) and len(set(tails)) == len(tails):
        return []  # no two lines share a start or an end: no copies (the common case)
    min_ratio = doc.settings.duplicate_min_ratio
    groups: list[list[Block]] = []
    by_text: dict[str, int] = {}
    by_edge: dict[tuple[str, str], list[int]] = {}
    for block, head, tail in zip(blocks, heads, tails):
        text = block.text
        group = by_text.get(text)
        if group is None:
            keys = (("head", head), ("tail", tail))
            for key in keys:
                for candidate in by_edge.get(key, ()):
                    first = groups[candidate][0]
                    if similarity(_normalised(doc, block), _normalised(doc, first)) >= min_ratio:
                        group = candidate
                        break
                if group is not None:
                    break
            if group is None:
                group = len(groups)
                groups.append([])
                for key in keys:
                    by_edge.setdefault(key, []).append(group)
            by_text[text] = group
        groups[group].append(block)
    return groups


def _extend_repeated_runs(doc: Document, sequence: list[Block], pairs: list[tuple[Block, Block]]) -> None:
    """Short lines repeated together with a removed copy go with it.

    When a passage is printed twice, its short lines (an intro ending in a colon, a
    sub-heading) repeat too, at the same places; they are too short to be judged alone, but
    the lines around them show they belong to the repeated passage.
    """
    position = {id(b): i for i, b in enumerate(sequence)}
    for removed, kept in pairs:
        r, k = position[id(removed)], position[id(kept)]
        for step in (1, -1):
            i, j = r + step, k + step
            while 0 <= i < len(sequence) and 0 <= j < len(sequence) and i != k and j != r:
                copy, original = sequence[i], sequence[j]
                if not original.kept or _normalised(doc, copy) != _normalised(doc, original):
                    break
                doc.remove(copy, "duplicate.exact", "duplicate",
                           f"copy of block {original.index}, repeated with the lines around it")
                i, j = i + step, j + step
