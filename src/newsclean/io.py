"""Reading inputs and writing outputs: encodings, folders, JSON Lines, atomic writes.

Nothing here cleans text; the batch runner and the CLI use these to get text in and out
safely. Every problem with one input is an :class:`InputError` whose message names it, so
that the caller can report it on one line and carry on with the others.
"""
from __future__ import annotations

import codecs
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
# The largest input (a file, a page, a record) read: a bigger one is refused alone rather
# than read until memory runs out (a device, a pipe that never ends). Memory peaks at about
# MEMORY_PER_BYTE times a document's size (benchmarks/memory.py), so the bound keeps any run's
# peak under 1 GB; --max-bytes changes it.
DEFAULT_MAX_BYTES = 20_000_000
# The formats whose every input is one document (a JSON Lines input holds many).
DOCUMENT_FORMATS = ("text", "html")
# A page's own charset declaration: <meta charset="..."> or http-equiv's content="...; charset=...".
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_NO_GUESS = ["utf_16", "utf_16_be", "utf_16_le", "utf_32", "utf_32_be", "utf_32_le"]
# Control characters other than tab, newline, carriage return and form feed.
_CONTROL = bytes(c for c in range(32) if c not in (9, 10, 12, 13))


class InputError(Exception):
    """One input cannot be cleaned; the message names it and says why."""


@dataclass(frozen=True)
class Source:
    """One input as named on the command line or found in a folder."""

    path: Path | None          # None for standard input
    name: str                  # how messages refer to it
    relative: Path             # where its output goes, relative to the output folder
    format: str                # "text", "html", "jsonl" or "parquet"
    from_folder: bool = False
    compression: str | None = None   # "gzip" or "zstd", by its name (its output is compressed alike)

    @property
    def is_stdin(self) -> bool:
        return self.path is None

    @property
    def compressed(self) -> bool:
        return self.compression is not None


def decode(data: bytes, name: str, declared: str | None = None) -> tuple[str, str | None]:
    """Text of ``data`` and a note if it was not UTF-8; :class:`InputError` if not text.

    ``declared``: the encoding the input says it has (an HTML page's meta charset), tried
    after a byte-order mark and before UTF-8 and detection.

    >>> decode("café".encode("utf-8"), "a.txt")
    ('café', None)
    >>> decode("Un café très chaud, s’il vous plaît.".encode("cp1252"), "a.txt")
    ('Un café très chaud, s’il vous plaît.', 'not UTF-8: read as cp1252')
    >>> decode("Ça va".encode("cp1252"), "a.html", declared="windows-1252")
    ('Ça va', None)
    """
    if not data:
        return "", None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), None
            except UnicodeDecodeError as error:
                raise InputError(f"{name}: starts with a {encoding} mark but is not {encoding}: {error.reason}")
    sample = data[:8192]
    if b"\x00" in sample or len(sample) - len(sample.translate(None, _CONTROL)) > len(sample) // 10:
        raise InputError(f"{name}: binary file, not text (skipped)")
    note = None
    if declared is not None:
        try:
            return data.decode(declared), None
        except (UnicodeDecodeError, LookupError):
            note = f"declares {declared}, but is not {declared}"
    try:
        return data.decode("utf-8"), note
    except UnicodeDecodeError:
        pass
    best = _guess_encoding(data)
    if best is None:
        raise InputError(f"{name}: cannot tell the text encoding (not UTF-8, and no other fits)")
    return str(best), f"{note + '; ' if note else ''}not UTF-8: read as {best.encoding}"


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first 4 KB, if Python knows it.

    >>> declared_charset(b'<html><head><meta charset="ISO-8859-1"><title>x</title>')
    'iso8859-1'
    >>> declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=bogus">') is None
    True
    """
    found = _META_CHARSET.search(data[:4096])
    if found is None:
        return None
    try:
        return codecs.lookup(found.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


def _guess_encoding(data: bytes):
    """charset-normalizer's guess, preferring cp1252 among the equally clean readings.

    On short texts several single-byte code pages read the bytes without any oddity, and
    the tie is broken on weak language evidence (an English text with one "è" can come out
    as cp1250, "Genčve"). cp1252 is the most common legacy encoding of web pages (HTML5 reads
    latin-1 as cp1252), so among the cleanest readings it wins; texts it reads with oddities
    (Polish, Cyrillic) keep their own code page.
    """
    from charset_normalizer import from_bytes  # imported only when needed: it is slow to load

    # UTF-16/32 are read only with a byte-order mark (see decode): guessed without one,
    # they turn short single-byte texts into nonsense.
    matches = list(from_bytes(data, cp_exclusion=_NO_GUESS))
    if not matches:
        return None
    cleanest = min(m.chaos for m in matches)
    for match in matches:
        if match.encoding == "cp1252" and match.chaos <= cleanest:
            return match
    return matches[0]


def read_source(source: Source, stdin: bytes | None = None,
                max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[str, str | None]:
    """Decoded text of a text or HTML source (``stdin`` holds standard input's first bytes,
    up to one more than ``max_bytes``); :class:`InputError` for one of over ``max_bytes``."""
    if source.is_stdin:
        data = stdin or b""
    else:
        data = _read_file(source, max_bytes)
    if len(data) > max_bytes:
        raise InputError(_too_big(source.name, max_bytes, source.compressed))
    return decode(data, source.name, declared_charset(data) if source.format == "html" else None)


def _too_big(name: str, max_bytes: int, compressed: bool = False) -> str:
    what = "holds more than" if compressed else "larger than"
    return f"{name}: {what} {max_bytes:,} bytes (skipped; --max-bytes raises the bound)"


def _read_file(source: Source, max_bytes: int) -> bytes:
    """At most ``max_bytes`` + 1 bytes of a file (uncompressed): a device or a pipe that
    never ends costs no more than a file that is too big."""
    from .compression import CompressionError, read_errors, reader

    try:
        with open(source.path, "rb") as file:
            status = os.fstat(file.fileno())
            if stat.S_ISDIR(status.st_mode):
                raise InputError(f"{source.name}: is a folder")
            if stat.S_ISREG(status.st_mode) and status.st_size > max_bytes and not source.compressed:
                raise InputError(_too_big(source.name, max_bytes))
            if not source.compressed:
                return file.read(max_bytes + 1)
            try:
                with reader(file, source.compression) as unpacked:
                    return unpacked.read(max_bytes + 1)
            except CompressionError as error:
                raise InputError(f"{source.name}: {error}")
            except read_errors() as error:
                kind = "gzip" if source.compression == "gzip" else "Zstandard"
                raise InputError(f"{source.name}: not a valid {kind} file ({error})")
    except IsADirectoryError:
        raise InputError(f"{source.name}: is a folder")
    except OSError as error:
        raise InputError(f"{source.name}: cannot read: {error.strerror or error}")


def discover(paths: list[str], errors: list[str], warnings: list[str] | None = None) -> list[Source]:
    """The sources named by ``paths``: files as given, folders searched for ``*.txt`` and
    ``*.html`` / ``*.htm`` (a page's markup, read as its page text), each maybe ``.gz`` or ``.zst``.

    Missing paths are reported in ``errors`` (one line each) and skipped. Hidden files and
    folders are not searched. Files in a folder come in sorted order; what is not a regular
    file there (a pipe, a device, a socket) is skipped with a line in ``warnings``, and one
    that cannot be looked at (a symbolic link to itself) with a line in ``errors``. A file
    named as an argument is read whatever it is (``<(command)`` is a pipe), up to the size bound.
    """
    warnings = [] if warnings is None else warnings
    sources: list[Source] = []
    for arg in paths:
        if arg == "-":
            sources.append(Source(None, "<stdin>", Path("stdin.txt"), "text"))
            continue
        path = Path(arg)
        if path.is_dir():
            found = sorted(_walk(path))
            if not found:
                errors.append(f"{quoted(arg)}: no {', '.join('*' + s for s in TEXT_SUFFIXES + HTML_SUFFIXES)} "
                              "files in this folder")
            for file in found:
                if not _regular_file(file, errors, warnings):
                    continue
                relative, compression = _uncompressed(file.relative_to(path))
                sources.append(Source(file, quoted(str(file)), relative, format_of(relative), from_folder=True,
                                      compression=compression))
        elif path.exists():
            relative, compression = _uncompressed(Path(path.name))
            if relative.suffix.lower() == ".json":
                errors.append(f"{quoted(arg)}: a JSON file, not JSON Lines (one record a line): convert it first, "
                              f"for instance jq -c '.[]' {quoted(arg)} > records.jsonl")
                continue
            sources.append(Source(path, quoted(arg), relative, format_of(relative), compression=compression))
        elif path.is_symlink():
            errors.append(f"{quoted(arg)}: a symbolic link to nothing, or to itself")
        else:
            errors.append(f"{quoted(arg)}: no such file or folder")
    return sources


def _regular_file(path: Path, errors: list[str], warnings: list[str]) -> bool:
    """Whether a file found in a folder is a regular file (through its links), saying why not."""
    try:
        mode = path.stat().st_mode
    except OSError as error:
        errors.append(f"{quoted(str(path))}: cannot read: {error.strerror or error}")
        return False
    if not stat.S_ISREG(mode):
        kind = ("a named pipe" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
                else "a socket" if stat.S_ISSOCK(mode) else "not a regular file")
        warnings.append(f"{quoted(str(path))}: {kind}, not a file: skipped")
        return False
    return True


def quoted(name: str) -> str:
    r"""A file name as messages print it: as it is, unless it holds a character that would
    break or hide the message's line (a newline, a control character), then quoted and escaped.

    >>> quoted("news/a.txt"), quoted("bad\nname.txt")
    ('news/a.txt', "'bad\\nname.txt'")
    """
    if name.isprintable():
        return name
    return "'" + name.encode("unicode_escape").decode("ascii").replace("'", "\\'") + "'"


def _uncompressed(relative: Path) -> tuple[Path, str | None]:
    """The name of an input without its ``.gz`` or ``.zst``, and the compression it names."""
    from .compression import split_suffix

    name, compression = split_suffix(relative.name)
    return relative.with_name(name), compression


def format_of(path: Path) -> str:
    """An input file's format, by its name: ``jsonl``, ``parquet``, ``html``, else ``text``."""
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return "parquet"
    return "jsonl" if suffix in JSONL_SUFFIXES else "html" if suffix in HTML_SUFFIXES else "text"


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            lower = name.lower().removesuffix(".gz").removesuffix(".zst")
            if not name.startswith(".") and lower.endswith(TEXT_SUFFIXES + HTML_SUFFIXES):
                yield Path(root) / name


def output_path(outdir: Path, source: Source) -> Path:
    """Where a source's output goes: ``.txt`` for text and HTML, ``.jsonl`` for JSON Lines,
    compressed as the source is (``a.html.gz`` -> ``a.txt.gz``)."""
    from .compression import SUFFIX_OF

    suffix = ".jsonl" if source.format == "jsonl" else ".txt"
    path = outdir / source.relative.with_suffix(suffix)
    return path.with_name(path.name + SUFFIX_OF[source.compression]) if source.compression else path


def has_lone_surrogate(text: str) -> bool:
    r"""Whether ``text`` holds half of a UTF-16 surrogate pair, which UTF-8 cannot carry
    (JSON can: ``"\udfff"`` is valid JSON, but not text).

    >>> has_lone_surrogate("caf\u00e9"), has_lone_surrogate("a\udfffb")
    (False, True)
    """
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def site_of_record(record: dict) -> str | None:
    """A record's site: its ``site`` or ``domain`` field, else the host of its ``url``.

    >>> site_of_record({"url": "https://www.example.com/a/b"})
    'example.com'
    >>> site_of_record({"url": "http://[bad"}) is None
    True
    """
    for field in ("site", "domain"):
        value = record.get(field)
        if isinstance(value, str) and value.strip():
            return site_key(value)
    url = record.get("url")
    if isinstance(url, str) and url.strip():
        try:
            host = urlsplit(url.strip() if "//" in url else "//" + url.strip()).hostname
        except ValueError:   # not a URL ("[", an invalid port): no site from it
            host = None
        if host:
            return site_key(host)
    return None


def site_key(name: str) -> str:
    r"""A site's name as it is learned and looked up, whatever its source (``--site``, a
    record's field, a folder, the library): trimmed, lower case, without "www." or a final dot.

    >>> site_key(" WWW.Example.COM. ")
    'example.com'
    >>> site_key("news.example.com")
    'news.example.com'
    >>> site_key("bad\udfffsité")
    'bad\\udfffsité'
    """
    name = name.strip().lower().rstrip(".")
    if has_lone_surrogate(name):   # kept as its escape: a store and an output must be able to hold it
        name = name.encode("utf-8", "backslashreplace").decode("utf-8")
    return name[4:] if name.startswith("www.") else name


def site_label(site: str, limit: int = 80) -> str:
    """A site's name as a removal's reason shows it: whole, unless very long (a record's
    ``site`` can hold anything, and every learned removal names it), then its start and its length.

    >>> site_label("example.com")
    'example.com'
    >>> label = site_label("x" * 10_000); len(label), label[-30:]
    (80, 'xxxx... (10,000 characters)')
    """
    if len(site) <= limit:
        return site
    suffix = f"... ({len(site):,} characters)"
    return site[:max(limit - len(suffix), 8)] + suffix
