r"""JSON Lines in and out: records one at a time, each bounded, whatever the line ends.

An input is read in chunks as they come (a slow producer's first record is cleaned at
once) and split at any line end (``\n``, ``\r\n`` or a lone ``\r``), so that a file and a
pipe read alike. No line is held beyond a size bound: a longer one is skipped and reported
alone. A leading UTF-8 byte-order mark is dropped. An input that is not JSON Lines at all
(gzip data without ``.gz``, a JSON array, binary data) is said in one line, not one a line.

>>> import io
>>> list(split_lines(io.BytesIO(b'{"a": 1}\r{"b": 2}\r\n\n{"c": 3}'), 100))
[b'{"a": 1}', b'{"b": 2}', b'', b'{"c": 3}']
>>> list(split_lines(io.BytesIO(b'short\n' + b'x' * 50 + b'\nend'), 20, chunk_size=8))
[b'short', None, b'end']
"""
from __future__ import annotations

import json
from typing import IO, Iterable, Iterator

_BOM = b"\xef\xbb\xbf"
# Characters that JSON leaves raw but that split a line for many readers (Python's
# str.splitlines, JavaScript before ES2019): escaped, so that a record is always one line.
_LINE_BREAKS = {"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def split_lines(stream: IO[bytes], limit: int, chunk_size: int = 1 << 20) -> Iterator[bytes | None]:
    """The lines of ``stream`` without their ends; None for a line of over ``limit`` bytes,
    which is skipped without being held."""
    read = getattr(stream, "read1", stream.read)   # what is there, without waiting for a full chunk
    pending: list[bytes] = []      # the start of a line not yet ended
    size = 0
    overlong = False               # inside a line already over the limit: dropping it
    after_cr = False               # the last chunk ended in \r: a \n opening the next one ends nothing
    while data := read(chunk_size):
        if after_cr and data.startswith(b"\n"):
            data = data[1:]
        after_cr = data.endswith(b"\r")
        for piece in data.splitlines(keepends=True):
            content = piece.rstrip(b"\r\n")
            ended = len(content) < len(piece)
            if not overlong:
                size += len(content)
                if size > limit:
                    pending, overlong = [], True
                else:
                    pending.append(content)
            if ended:
                yield None if overlong else b"".join(pending)
                pending, size, overlong = [], 0, False
    if overlong:
        yield None
    elif pending:
        yield b"".join(pending)


def jsonl_raw_records(lines: Iterable[bytes | None], name: str,
                      max_bytes: int | None = None) -> Iterator[tuple[int, bytes | None, str | None]]:
    """As :func:`jsonl_records`, each record left as its line's bytes (to be read with
    :func:`read_record` where it is cleaned): ``(line number, raw line, error)``."""
    first = True
    for number, raw in enumerate(lines, start=1):
        if raw is None:
            bound = f" ({max_bytes:,} bytes, --max-bytes)" if max_bytes else ""
            yield number, None, f"{name}:{number}: a record longer than the size bound{bound} (record skipped)"
            first = False
            continue
        if first and raw.startswith(_BOM):
            raw = raw[len(_BOM):]
        if not raw.strip():
            continue
        if first:
            first = False
            problem = _not_jsonl(raw)
            if problem:
                yield number, None, f"{name}:{number}: {problem}"
                return
        yield number, raw, None


def read_record(raw: bytes, name: str, number: int) -> tuple[dict | None, str | None]:
    """A raw line as :func:`jsonl_raw_records` gives it, read: ``(record, None)`` or ``(None, error)``."""
    return _record(raw, name, number)


def jsonl_records(lines: Iterable[bytes | None], name: str,
                  max_bytes: int | None = None) -> Iterator[tuple[int, dict | None, str | None]]:
    """``(line number, record, error)`` for each non-blank line of a JSON Lines input
    (``None``: a line over ``max_bytes``, skipped).

    A line that cannot be read as a record is an error for that line alone; an input that
    is not JSON Lines at all is one error, for its first line.

    >>> [error for _, _, error in jsonl_records([b'{"n": ' + b'9' * 5000 + b'}'], "a.jsonl")]
    ['a.jsonl:1: holds an integer of over 4300 digits, which cannot be read (record skipped)']
    >>> [error for _, _, error in jsonl_records([b'[', b'  {"text": "a"},', b']'], "a.jsonl")]
    ["a.jsonl:1: a JSON array, not JSON Lines (one object a line): convert it first, for instance jq -c '.[]'"]
    """
    for number, raw, problem in jsonl_raw_records(lines, name, max_bytes):
        yield (number, None, problem) if raw is None else (number, *_record(raw, name, number))


def _not_jsonl(first_line: bytes) -> str | None:
    """Why an input whose first line is ``first_line`` is not JSON Lines at all, if it is not."""
    start = first_line.lstrip()
    if start.startswith(b"["):
        try:
            whole_array = isinstance(json.loads(start), list)
        except (ValueError, RecursionError):
            whole_array = True      # the opening of a JSON array laid out over many lines
        if whole_array:
            return "a JSON array, not JSON Lines (one object a line): convert it first, for instance jq -c '.[]'"
    if b"\x00" in first_line[:8192]:
        return "binary data, not JSON Lines (skipped)"
    return None


def _record(raw: bytes, name: str, number: int) -> tuple[dict | None, str | None]:
    where = f"{name}:{number}"
    try:
        record = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return None, f"{where}: not UTF-8 (JSON Lines must be UTF-8)"
    except json.JSONDecodeError as error:
        return None, f"{where}: not valid JSON: {error.msg} (column {error.colno})"
    except RecursionError:
        return None, f"{where}: nested too deeply to be read (record skipped)"
    except ValueError:   # Python refuses integers of over 4300 digits (a guard against slow conversions)
        return None, f"{where}: holds an integer of over 4300 digits, which cannot be read (record skipped)"
    if not isinstance(record, dict):
        return None, f"{where}: not a JSON object"
    return record, None


def json_line(record: dict, ascii_only: bool = False) -> str:
    r"""``record`` as one line of JSON Lines (UTF-8 as it is, line-breaking characters escaped;
    ``ascii_only``: every non-ASCII character escaped, for values UTF-8 cannot carry).

    >>> json_line({"text": "caf\u00e9\u2028next"})
    '{"text": "café\\u2028next"}\n'
    >>> json_line({"id": "\udfff"}, ascii_only=True)
    '{"id": "\\udfff"}\n'
    """
    line = json.dumps(record, ensure_ascii=ascii_only)
    # (str.translate looks every character up: over a page of text, slower than the dumps;
    # three scans in C for characters that are rarely there cost nothing.)
    for character, escape in _LINE_BREAKS.items():
        if character in line:
            line = line.replace(character, escape)
    return line + "\n"
