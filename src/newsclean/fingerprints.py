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

_DIGITS = re.compile(r"\d+")
# Runs of punctuation and symbols (not spaces: those are split away after, and matching
# every space would make a replacement per word).
_PUNCTUATION = re.compile(r"[^\w\s]+")
_ASCII_NON_WORD = bytes.maketrans(
    bytes(c for c in range(128) if not (chr(c).isalnum() or c == 10)),
    b" " * sum(1 for c in range(128) if not (chr(c).isalnum() or c == 10)))
# Words at each end of a form that key it for fuzzy matching.
KEY_WORDS = 3


def forms(lines: list[str]) -> list[str]:
    """The form of each line (lines hold no newline). All lines are folded in one go.

    A line of punctuation only ("*", "|") keeps its own text as its form, so that it is
    not confused with every other such line.
    """
    if not lines:
        return []
    text = "\n".join(lines).casefold()
    if text.isascii():
        text = text.encode().translate(_ASCII_NON_WORD).decode()
    else:
        text = _PUNCTUATION.sub(" ", text.replace("_", " "))
    folded = _DIGITS.sub("0", text).split("\n")
    return [" ".join(form.split()) or line.strip() for form, line in zip(folded, lines)]


def fingerprint(form: str) -> int:
    """A signed 64-bit hash of a form (SQLite's integer type)."""
    return int.from_bytes(blake2b(form.encode(), digest_size=8).digest(), "big", signed=True)


def keys(form: str) -> tuple[str, ...]:
    """The exact keys under which a form is filed for fuzzy matching: its first and its last
    :data:`KEY_WORDS` words. A form of fewer words has none (it is matched exactly only:
    a word or two changed in a three-word line makes another line).

    >>> keys("more from politics and world news")
    ('^more from politics', 'and world news$')
    >>> keys("0 comments")
    ()
    """
    words = form.split(" ")
    if len(words) <= KEY_WORDS:
        return ()
    return ("^" + " ".join(words[:KEY_WORDS]), " ".join(words[-KEY_WORDS:]) + "$")
