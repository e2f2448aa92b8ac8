"""Compressed inputs and outputs, by their names: gzip (``.gz``) and Zstandard (``.zst``).

An input named ``pages.jsonl.gz`` or ``page.html.zst`` is read through its decompressor;
with ``-o`` its output is compressed the same way (``pages.jsonl.gz``, ``page.txt.zst``).
Zstandard needs the ``zstandard`` package (``pip install 'newsclean[zstd]'``); gzip needs
nothing. Outputs are reproducible: a gzip output carries no time stamp and no name.

>>> split_suffix("pages.jsonl.gz"), split_suffix("page.html.ZST"), split_suffix("a.txt")
(('pages.jsonl', 'gzip'), ('page.html', 'zstd'), ('a.txt', None))
"""
from __future__ import annotations

import zlib
from typing import IO

SUFFIXES = {".gz": "gzip", ".zst": "zstd"}
SUFFIX_OF = {compression: suffix for suffix, compression in SUFFIXES.items()}
_MAGIC = {b"\x1f\x8b": "gzip", b"\x28\xb5\x2f\xfd": "zstd"}


class CompressionError(Exception):
    """Compressed data cannot be read (or its decompressor is not installed); the message
    says why, without the input's name."""


def split_suffix(name: str) -> tuple[str, str | None]:
    """A name without its compression suffix, and the compression it names (or None)."""
    for suffix, compression in SUFFIXES.items():
        if name.lower().endswith(suffix):
            return name[:-len(suffix)], compression
    return name, None


def sniffed(stream: IO[bytes]) -> str | None:
    """The compression a buffered stream's first bytes show (peeked, not consumed)."""
    peek = getattr(stream, "peek", None)
    head = peek(4)[:4] if peek else b""
    return next((compression for magic, compression in _MAGIC.items() if head.startswith(magic)), None)


def reader(stream: IO[bytes], compression: str) -> IO[bytes]:
    """The decompressed bytes of ``stream``, as a stream (closing it leaves ``stream`` open)."""
    if compression == "gzip":
        import gzip

        return gzip.GzipFile(fileobj=stream)
    return _zstandard().ZstdDecompressor().stream_reader(stream, read_across_frames=True, closefd=False)


def writer(stream: IO[bytes], compression: str) -> IO[bytes]:
    """A stream that compresses what is written to it into ``stream`` (close it to finish;
    ``stream`` stays open)."""
    if compression == "gzip":
        import gzip

        return gzip.GzipFile(fileobj=stream, mode="wb", mtime=0, filename="")
    return _zstandard().ZstdCompressor(level=3).stream_writer(stream, closefd=False)


def read_errors() -> tuple[type[BaseException], ...]:
    """What a decompressor raises on damaged or cut data."""
    errors: tuple[type[BaseException], ...] = (OSError, EOFError, zlib.error)
    try:
        import zstandard
    except ImportError:
        return errors
    return errors + (zstandard.ZstdError,)


def _zstandard():
    try:
        import zstandard
    except ImportError:
        raise CompressionError("Zstandard-compressed, and the zstandard package is not installed "
                               "(pip install 'newsclean[zstd]')") from None
    return zstandard


NAMES = {"gzip": "gzip", "zstd": "Zstandard"}
