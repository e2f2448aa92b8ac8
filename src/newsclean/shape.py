"""The shape of a line of text: how many words, whether it ends like a sentence, how it is cased.

Small pure functions shared by the stages. Chinese and Japanese have no spaces between words,
so their characters are counted instead (two characters make about one word).
"""
from __future__ import annotations

import re
import unicodedata

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_WORD = re.compile(r"[^\W_]+")
# Sentence-final punctuation, which closing quotes or brackets may follow.
_CLOSERS = "\"'”’»)]」』"
_SENTENCE_FINAL = frozenset(".!?。！？…")
_CLAUSE_FINAL = _SENTENCE_FINAL | frozenset(":;：；")
_ASCII_WORD_BYTES = bytes(c if chr(c).isalnum() else 32 for c in range(128)) + bytes(range(128, 256))
_EDGE_PUNCTUATION = re.compile(r"^[\W_]+|[\W_]+$")
_SPACES = re.compile(r"\s+")
_ASCII_NON_WORD = "".join(chr(c) for c in range(128) if not (chr(c).isalnum()))


def word_count(text: str) -> float:
    """Words in ``text``; CJK characters count half a word each.

    >>> word_count("The vote is to be held on Sunday.")
    8.0
    >>> word_count("日本語の文章です")
    4.0
    """
    if text.isascii():  # letters and digits kept, all else made space, then split (no regex)
        return float(len(text.encode().translate(_ASCII_WORD_BYTES).split()))
    cjk = len(_CJK.findall(text))
    if cjk:
        text = _CJK.sub(" ", text)
    return float(len(_WORD.findall(text))) + cjk / 2


def ends_sentence(text: str) -> bool:
    """True when ``text`` ends with sentence-final punctuation (closing quotes allowed).

    >>> ends_sentence('"We will not be rolled," the official said.')
    True
    >>> ends_sentence('He called it a “fait accompli.”')
    True
    >>> ends_sentence("Read more World Wires stories")
    False
    """
    return text.rstrip().rstrip(_CLOSERS)[-1:] in _SENTENCE_FINAL


def ends_clause(text: str) -> bool:
    """Like :func:`ends_sentence` but a colon or semicolon also counts.

    >>> ends_clause("In other developments on Tuesday:")
    True
    """
    return text.rstrip().rstrip(_CLOSERS)[-1:] in _CLAUSE_FINAL


def normalise_phrase(text: str) -> str:
    """Case, width and spacing folded; bullets and punctuation at the edges dropped.

    What rule phrases and the line they are compared with are both reduced to:

    >>> normalise_phrase("  • Related  Topics:")
    'related topics'
    >>> normalise_phrase("ＳＨＡＲＥ")
    'share'
    """
    if text.isascii():  # most lines: no width forms to fold, and str methods are faster
        return " ".join(text.strip(_ASCII_NON_WORD).lower().split())
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _EDGE_PUNCTUATION.sub("", text)
    return _SPACES.sub(" ", text)
