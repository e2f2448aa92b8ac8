"""Fingerprints of lines, for learning what recurs across the pages of one site.

A line's *form* is the line with what changes from page to page folded away: case, digits
(dates, counts, ids all become ``0``), punctuation and spacing. Its *fingerprint* is a 64-bit
hash of the form, stable across processes and machines (it is what the store keeps).

>>> forms(["12 Comments", "3 comments!", "Posted: 2008-01-04 | Politics"])
['0 comments', '0 comments', 'posted 0 0 0 politics']
>>> fingerprint("0 comments") == fingerprint("0 comments")
True

Forms that differ by a word or two ("posted 0 0 0 politics" / "posted 0 0 0 business") are
matched fuzzily (rapidfuzz), but only among candidates found through exact keys, the first and
the last words of the form (:func:`keys`): never all pairs.
"""
from __future__ import annotations

import re
from hashlib import blake2b

# Folding works on the UTF-8 bytes of all the lines of a page at once: a bytes.translate
# and three byte patterns cost a fraction of Unicode character classes run over the text.
# ASCII: letters and newlines kept, digits made "0", everything else (punctuation, symbols,
# spaces, "_") a space. An ASCII byte is never part of another character in UTF-8.
_ASCII_FOLD = bytes.maketrans(
    bytes(c for c in range(128) if not (chr(c).isalpha() or c == 10)),
    bytes(48 if chr(c).isdigit() else 32 for c in range(128) if not (chr(c).isalpha() or c == 10)))
# Other punctuation, symbols and spaces, as UTF-8 sequences: Latin-1's (U+00A0-00BF, the
# signs x and /), U+2000-27FF (dashes, quotes, bullets, ellipsis, arrows, boxes, dingbats),
# CJK punctuation (U+3000-303F) and the punctuation among fullwidth forms (U+FF01-FF65).
# Alternatives, not a class with "+": the regex engine then scans for their lead bytes.
_WIDE_PUNCTUATION = re.compile(
    rb"\xc2[\xa0-\xbf]|\xc3[\x97\xb7]|\xe2[\x80-\x9f][\x80-\xbf]|\xe3\x80[\x80-\xbf]"
    rb"|\xef\xbc[\x81-\x8f\x9a-\xa0\xbb-\xbf]|\xef\xbd[\x80\x9b-\xa5]")
_ZEROS = re.compile(rb"00+")      # a number of any length is one "0"
_SPACES = re.compile(rb"  +")
# Words at each end of a form that key it for fuzzy matching.
KEY_WORDS = 3


def folded(lines: list[str]) -> list[bytes]:
    """The form of each line as UTF-8 bytes (lines hold no newline), all folded in one go.

    A line of punctuation only ("*", "|") keeps its own text as its form, so that it is
    not confused with every other such line.

    >>> folded(["Home — News", "Page 2 of 14"])
    [b'home news', b'page 0 of 0']
    """
    if not lines:
        return []
    data = "\n".join(lines).casefold().encode().translate(_ASCII_FOLD)
    if not data.isascii():
        data = _WIDE_PUNCTUATION.sub(b" ", data)
    data = _SPACES.sub(b" ", _ZEROS.sub(b"0", data))
    return [form.strip() or line.strip().encode() for form, line in zip(data.split(b"\n"), lines)]


def forms(lines: list[str]) -> list[str]:
    """The form of each line, as text (see :func:`folded`)."""
    return [form.decode() for form in folded(lines)]


def fingerprint(data: bytes | str) -> int:
    """A signed 64-bit hash of a form or of a page (SQLite's integer type)."""
    if isinstance(data, str):
        data = data.encode()
    return int.from_bytes(blake2b(data, digest_size=8).digest(), "big", signed=True)


def keys(form: bytes) -> tuple[bytes, ...]:
    """The exact keys under which a form is filed for fuzzy matching: its first and its last
    :data:`KEY_WORDS` words. A form of fewer words has none (it is matched exactly only:
    a word or two changed in a three-word line makes another line).

    >>> keys(b"more from politics and world news")
    (b'^more from politics', b'and world news$')
    >>> keys(b"0 comments")
    ()
    """
    if form.count(b" ") < KEY_WORDS:  # most lines of a page are looked up: no split for short ones
        return ()
    words = form.split(b" ")
    return (b"^" + b" ".join(words[:KEY_WORDS]), b" ".join(words[-KEY_WORDS:]) + b"$")
