"""Numbers that describe each line of a document, for the line model.

Two kinds, all general (none depends on the words of a particular page):

* the line's own shape (:func:`line_profile`): length, how it ends, its shares of digits,
  punctuation and function words ("the", "und", "что"; for Chinese and Japanese, function
  characters), capitals per word, list markers, link separators, sentences, a call to action;
* its context (:func:`document_features`): its neighbours' shapes, the run of short lines it
  sits in, how much prose is around it, its distance to the main region of prose, how many
  of its words the rest of the text uses, its paragraph, its place in the page, and the
  chrome that rules and duplicates found near it.

Profiles are computed once per distinct line text (a site repeats its menus on every
page); the context is computed for all lines of a document at once with numpy.
"""
from __future__ import annotations

import re
from itertools import chain, count, repeat
from importlib import resources
from math import log1p
from operator import attrgetter, is_, itemgetter
from typing import Iterator, NamedTuple

import numpy as np

from .document import Block, Document
from .linecache import LineCache
from .region import BOUNDARY_KINDS, article_region

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_LIST_MARKER = re.compile(r"^(?:[•·▪►▸◦‣∙*–—-]\s|\d{1,3}[.)]\s|\(\d{1,3}\)\s)")
_SEPARATOR = re.compile(r" [|»›/•·] ")
_SENTENCE_BREAK = re.compile(r"[.!?。！？][\"'”’»)\]]*(?:\s|$)")
_ASCII_PUNCTUATION = b"!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
_PUNCTUATION_TO_SPACE = bytes.maketrans(_ASCII_PUNCTUATION, b" " * len(_ASCII_PUNCTUATION))
_ASCII_CAPITALS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ"

PROFILE = [
    "log_chars", "log_words", "ends_sentence", "ends_clause", "digit_share", "punctuation_share",
    "capitals_per_word", "stopword_share", "list_marker", "separators",
    "log_sentences", "ellipsis_end", "call_to_action", "ends_colon",
]
# Verbs that open a call to action ("Get ...", "Sign up ...", "Click here ...").
_CALL_TO_ACTION = frozenset("""
get join subscribe sign click download follow read watch listen learn discover find shop buy
order register try start upgrade support share tap visit explore see
holen abonnieren jetzt klicken lesen melden entdecken
assine baixe clique leia cadastre siga confira veja acesse
suscríbete descarga haz lee sigue regístrate
abonnez-vous téléchargez cliquez lisez
подпишитесь скачайте читайте смотрите узнайте
""".split())


def _load_stopwords() -> tuple[frozenset[str], dict[int, None]]:
    text = (resources.files("newsclean") / "data" / "stopwords.txt").read_text(encoding="utf-8")
    entries = [line for line in text.splitlines() if line and not line.startswith("#")]
    words = frozenset(e for e in entries if not _CJK.fullmatch(e))
    characters = {ord(e): None for e in entries if _CJK.fullmatch(e)}
    return words, characters


_STOPWORDS, _CJK_FUNCTION = _load_stopwords()
# By line text: (the profile as float32 bytes, the content words, never changed once made).
_lines: LineCache[str, tuple[bytes, tuple[str, ...]]] = LineCache(20_000)
# Attribute and item getters: map() with these reads many blocks at C speed.
_ATTRIBUTES = attrgetter("words", "prose", "ends_clause", "paragraph")
_REMOVAL = attrgetter("removal")
_TEXT = attrgetter("text")
_FIRST, _SECOND = itemgetter(0), itemgetter(1)


def _table(characters: bytes) -> np.ndarray:
    """A lookup table over byte values: 1 for the given characters, 0 for the others."""
    table = np.zeros(256, np.int64)
    table[list(characters)] = 1
    return table


_IS_DIGIT = _table(b"0123456789")
_IS_PUNCTUATION = _table(_ASCII_PUNCTUATION)
_IS_CAPITAL = _table(_ASCII_CAPITALS)


def line_profile(block: Block) -> tuple[float, ...]:
    """The shape of one line, as the numbers named in :data:`PROFILE`.

    >>> from newsclean.document import segment
    >>> from newsclean.settings import Settings
    >>> line = segment("• The minister said the talks would resume.", Settings()).blocks[0]
    >>> shape = dict(zip(PROFILE, line_profile(line)))
    >>> shape["list_marker"], round(shape["stopword_share"], 2), round(shape["capitals_per_word"], 2)
    (1.0, 0.38, 0.12)
    """
    return tuple(float(v) for v in profile_rows([block])[0][0])


def content_words(block: Block) -> frozenset[str]:
    """The words that carry a line's topic: lower-cased, not function words; for Chinese and
    Japanese, pairs of characters.

    >>> from newsclean.document import segment
    >>> from newsclean.settings import Settings
    >>> sorted(content_words(segment("The minister spoke to the Senate on Tuesday.", Settings()).blocks[0]))
    ['minister', 'senate', 'spoke', 'tuesday']
    """
    return frozenset(profile_rows([block])[1][0])


def profile_rows(blocks: list[Block]) -> tuple[np.ndarray, list[tuple[str, ...]]]:
    """The profile of each block (a row of :data:`PROFILE`) and its content words.

    Lines seen before come from the cache; the others are measured together, the whole
    document's lines at once (:func:`_measure`), not one by one.
    """
    texts = list(map(_TEXT, blocks))
    known = _lines.get_many(texts)
    missing = [i for i, entry in enumerate(known) if entry is None]
    for part in _batches(missing, texts):
        measured = _measure([blocks[i] for i in part])
        for i, entry in zip(part, measured):
            known[i] = entry
        _lines.put_many([texts[i] for i in part], measured)
    rows = np.frombuffer(b"".join(map(_FIRST, known)), np.float32).reshape(len(blocks), len(PROFILE))
    return rows, list(map(_SECOND, known))


# Lines are measured together up to this many characters, or lines, at a time: the words
# of a whole 20 MB document held at once cost some twenty times its size.
_MEASURE_CHARS = 1_000_000
_MEASURE_LINES = 10_000


def _batches(positions: list[int], texts: list[str]) -> Iterator[list[int]]:
    """``positions`` in consecutive runs of at most :data:`_MEASURE_CHARS` characters of text
    (a longer line alone) and :data:`_MEASURE_LINES` lines."""
    batch: list[int] = []
    size = 0
    for position in positions:
        length = len(texts[position])
        if batch and (size + length > _MEASURE_CHARS or len(batch) == _MEASURE_LINES):
            yield batch
            batch, size = [], 0
        batch.append(position)
        size += length
    if batch:
        yield batch


def _measure(blocks: list[Block]) -> list[tuple[bytes, tuple[str, ...]]]:
    """Profiles and content words of many lines at once: counts over the bytes of all of them
    (numpy), and words through C-level maps; only Chinese and Japanese lines, rare, one by one."""
    m = len(blocks)
    texts = list(map(_TEXT, blocks))
    chars = np.fromiter(map(len, texts), np.float64, m)
    encoded = list(map(str.encode, texts))
    starts = np.zeros(m, np.int64)
    np.cumsum(np.fromiter(map(len, encoded[:-1]), np.int64, m - 1), out=starts[1:])
    data = np.frombuffer(b"".join(encoded), np.uint8)
    digits = np.add.reduceat(_IS_DIGIT[data], starts)
    punctuation = np.add.reduceat(_IS_PUNCTUATION[data], starts)
    capitals = np.add.reduceat(_IS_CAPITAL[data], starts)

    # Words: lower case, ASCII punctuation made space (bytewise: in UTF-8 an ASCII byte is
    # never part of another character). Lines stay apart: no line holds a newline.
    lowered = "\n".join(texts).casefold().encode().translate(_PUNCTUATION_TO_SPACE).decode().split("\n")
    tokens = list(map(str.split, lowered))
    counts = np.fromiter(map(len, tokens), np.int64, m)
    n_tokens = np.maximum(counts, 1)
    flat = list(chain.from_iterable(tokens))
    stopwords = np.bincount(np.repeat(np.arange(m), counts), minlength=m,
                            weights=np.fromiter(map(_STOPWORDS.__contains__, flat), np.float64, len(flat)))
    stop_share = stopwords / n_tokens
    capitals_per_word = capitals / n_tokens
    call_to_action = np.fromiter(map(_CALL_TO_ACTION.__contains__, [t[0] if t else "" for t in tokens]),
                                 np.float64, m)
    content = list(map(_STOPWORDS.__rsub__, map(set, tokens)))
    for i in [i for i, text in enumerate(texts) if not text.isascii()]:
        cjk = "".join(_CJK.findall(texts[i]))
        if cjk:  # no spaces between words: function characters, and pairs of characters
            stop_share[i] = (len(cjk) - len(cjk.translate(_CJK_FUNCTION))) / len(cjk)
            capitals_per_word[i] = 0.0
            content[i].update(cjk[k:k + 2] for k in range(len(cjk) - 1))
    # Kept as tuples: a tuple of strings is no work for the garbage collector, a set is
    # (the cache holds thousands of lines' words).
    content = list(map(tuple, content))

    attributes = np.fromiter(chain.from_iterable([(b.words, b.ends_sentence, b.ends_clause) for b in blocks]),
                             np.float64, 3 * m).reshape(m, 3)
    matrix = np.column_stack([
        np.log1p(chars), np.log1p(attributes[:, 0]), attributes[:, 1], attributes[:, 2],
        digits / chars, punctuation / chars, capitals_per_word, stop_share,
        np.fromiter(map(bool, map(_LIST_MARKER.match, texts)), np.float64, m),
        np.minimum(np.fromiter(map(len, map(_SEPARATOR.findall, texts)), np.float64, m), 5),
        np.log1p(np.fromiter(map(len, map(_SENTENCE_BREAK.findall, texts)), np.float64, m)),
        np.fromiter(map(str.endswith, texts, repeat(("...", "…"))), np.float64, m),
        call_to_action,
        np.fromiter(map(str.endswith, texts, repeat((":", "："))), np.float64, m),
    ]).astype(np.float32)
    raw, width = matrix.tobytes(), matrix.shape[1] * 4
    return list(zip([raw[k:k + width] for k in range(0, len(raw), width)], content))


CONTEXT = [
    "prose", "relative_position", "log_lines", "prose_before_share", "cohesion_document",
    "short_run", "removed_near", "boundary_before",
    "prose_near_3", "prose_near_10", "in_region", "before_region", "after_region", "region_share",
    "paragraph_lines", "paragraph_first", "paragraph_last", "doc_prose_share",
]
NEIGHBOURS = (-2, -1, 1, 2)
NEIGHBOUR_PROFILE = ("log_words", "ends_sentence", "stopword_share", "capitals_per_word")
NEIGHBOUR_FLAGS = ("prose",)
NAMES = PROFILE + CONTEXT + [
    f"{name}{offset:+d}" for offset in NEIGHBOURS for name in NEIGHBOUR_PROFILE + NEIGHBOUR_FLAGS
]
# Lines at most this many words long, without a clause ending, are "short" (menu items).
_SHORT_WORDS = 4
# The widest window of lines summed on either side of a line (prose_near_10).
_PAD = 10
_CONTEXT_COLUMN = {name: NAMES.index(name) for name in CONTEXT}
# The neighbour columns copy these (the last, "prose", is set from the context).
_NEIGHBOUR_SOURCE = [NAMES.index(name) for name in NEIGHBOUR_PROFILE] + [NAMES.index("prose")]
# ...into these columns, one range for each offset (written as slices: fewer array calls).
_NEIGHBOUR_COLUMNS = [(offset, (NAMES.index(f"{NEIGHBOUR_PROFILE[0]}{offset:+d}"),
                                NAMES.index(f"{NEIGHBOUR_FLAGS[-1]}{offset:+d}") + 1)) for offset in NEIGHBOURS]
assert all(right - left == len(NEIGHBOUR_PROFILE + NEIGHBOUR_FLAGS) for _, (left, right) in _NEIGHBOUR_COLUMNS)


class LineEvidence(NamedTuple):
    """What :func:`line_evidence` measures of a document, for the model's two passes."""

    X: np.ndarray              # a row of NAMES for every block
    words: "Words"             # the blocks' content words, as arrays
    kept: np.ndarray           # whether each block is still kept
    boundary: np.ndarray       # whether a rule removed it as chrome that ends an article


def kept_mask(blocks: list[Block]) -> np.ndarray:
    """Whether each block is still kept (not removed), as a boolean array."""
    return np.fromiter(map(is_, map(_REMOVAL, blocks), repeat(None)), bool, len(blocks))


def document_features(doc: Document, max_gap: int) -> np.ndarray:
    """A row of :data:`NAMES` for every block of ``doc`` (removed blocks included, flagged)."""
    return line_evidence(doc, max_gap).X


def line_evidence(doc: Document, max_gap: int) -> LineEvidence:
    """:func:`document_features`, with the content words and flags measured on the way."""
    blocks = doc.blocks
    n = len(blocks)
    out = np.zeros((n, len(NAMES)), dtype=np.float32)
    if n == 0:
        empty = np.zeros(0, np.int64)
        return LineEvidence(out, Words(empty, empty, empty), np.zeros(0, bool), np.zeros(0, bool))
    profiles, contents = profile_rows(blocks)
    out[:, :len(PROFILE)] = profiles
    # The blocks' attributes, read at C speed (attrgetter): words, prose, clause, paragraph.
    table = np.fromiter(chain.from_iterable(map(_ATTRIBUTES, blocks)), np.float64, 4 * n).reshape(n, 4)
    words, clause, paragraph = table[:, 0], table[:, 2] > 0, table[:, 3]
    removals = list(map(_REMOVAL, blocks))
    kept = np.fromiter(map(is_, removals, repeat(None)), bool, n)
    boundary = np.zeros(n)
    if not kept.all():
        boundary[~kept] = np.fromiter(map(BOUNDARY_KINDS.__contains__, [r.kind for r in removals if r is not None]),
                                      np.float64, n - np.count_nonzero(kept))
    prose = (table[:, 1] > 0) & kept
    prose_words = words * prose
    total_prose = prose_words.sum() + 1.0
    position = np.arange(n)

    # Sums over windows of lines (the line itself left out), from one running sum: row
    # _PAD + i holds the sum over lines before i, padded at both ends with the sums there,
    # so that every window is a difference of two slices.
    running = np.zeros((n + 2 * _PAD + 1, 3))
    np.cumsum(np.column_stack([~kept, boundary, prose_words]), axis=0, out=running[_PAD + 1:_PAD + n + 1])
    running[_PAD + n + 1:] = running[_PAD + n]

    def before(column: int, radius: int) -> np.ndarray:
        return running[_PAD:_PAD + n, column] - running[_PAD - radius:_PAD - radius + n, column]

    def after(column: int, radius: int) -> np.ndarray:
        return running[_PAD + radius + 1:_PAD + radius + 1 + n, column] - running[_PAD + 1:_PAD + 1 + n, column]

    short = (words <= _SHORT_WORDS) & ~clause
    run_id = np.cumsum(np.concatenate([np.ones(1, dtype=bool), short[1:] != short[:-1]])) - 1
    short_run = np.where(short, np.bincount(run_id)[run_id], 0)

    region = article_region(blocks, max_gap)
    first, last = region if region is not None else (n, -1)
    region_words = prose_words[first:last + 1].sum() if region is not None else 0.0
    change = paragraph[1:] != paragraph[:-1]
    true = np.ones(1, dtype=bool)

    column = _CONTEXT_COLUMN
    out[:, column["prose"]] = prose
    out[:, column["relative_position"]] = position / n
    out[:, column["log_lines"]] = log1p(n)
    out[:, column["prose_before_share"]] = running[_PAD:_PAD + n, 2] / total_prose
    out[:, column["cohesion_document"]], words_of_lines = _cohesion(contents, prose)
    out[:, column["short_run"]] = np.log1p(short_run)
    out[:, column["removed_near"]] = before(0, 3) + after(0, 3)
    out[:, column["boundary_before"]] = before(1, 5) > 0
    out[:, column["prose_near_3"]] = (before(2, 3) + after(2, 3)) / total_prose
    out[:, column["prose_near_10"]] = (before(2, 10) + after(2, 10)) / total_prose
    out[:, column["in_region"]] = (position >= first) & (position <= last)
    out[:, column["before_region"]] = np.log1p(np.maximum(first - position, 0))
    out[:, column["after_region"]] = np.log1p(np.maximum(position - last, 0))
    out[:, column["region_share"]] = region_words / total_prose
    out[:, column["paragraph_lines"]] = np.log1p(np.bincount(paragraph.astype(np.int64))[paragraph.astype(np.int64)])
    out[:, column["paragraph_first"]] = np.concatenate([true, change])
    out[:, column["paragraph_last"]] = np.concatenate([change, true])
    out[:, column["doc_prose_share"]] = np.count_nonzero(prose) / n

    # Neighbours: the same few numbers of the lines around (-1 beyond the edges).
    own = out[:, _NEIGHBOUR_SOURCE]
    own[:, -1] = prose
    for offset, (left, right) in _NEIGHBOUR_COLUMNS:
        out[:, left:right] = -1.0
        if offset > 0:
            out[:-offset, left:right] = own[offset:]
        else:
            out[-offset:, left:right] = own[:offset]
    return LineEvidence(out, words_of_lines, kept, boundary > 0)


class Words(NamedTuple):
    """A document's content words as arrays: ``word[k]`` (an id, one per distinct text)
    appears on line ``line[k]``; ``lengths[i]`` is line i's count of distinct content words."""

    word: np.ndarray
    line: np.ndarray
    lengths: np.ndarray


def _cohesion(contents: list[tuple[str, ...]], prose: np.ndarray) -> tuple[np.ndarray, Words]:
    """For each line (given its distinct content words), the share of them that other prose
    lines of the document use. An article's paragraphs share their names and terms; a teaser
    or a ticker item about another story shares few of them. (With the words as arrays.)"""
    n = len(contents)
    lengths = np.fromiter(map(len, contents), np.int64, n)
    total = int(lengths.sum())
    if not total:
        return np.zeros(n, np.float32), Words(np.zeros(0, np.int64), np.zeros(0, np.int64), lengths)
    vocabulary: dict[str, int] = {}
    word = np.fromiter(map(vocabulary.setdefault, chain.from_iterable(contents), count()), np.int64, total)
    line = np.repeat(np.arange(n), lengths)
    own = prose[line].astype(np.float64)                     # the word's own line is prose
    shared = (np.bincount(word, weights=own)[word] - own) >= 1   # ...and another prose line has it
    cohesion = (np.bincount(line, weights=shared, minlength=n) / np.maximum(lengths, 1)).astype(np.float32)
    return cohesion, Words(word, line, lengths)
