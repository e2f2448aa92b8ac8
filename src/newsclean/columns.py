"""Parquet in and out (``pip install 'newsclean[parquet]'``: pyarrow).

A ``.parquet`` input is records, as a JSON Lines file is: a row's ``text`` (or ``html``)
column is cleaned and its other columns are kept. ``--output-format parquet`` writes the
records of any record input as ``OUTDIR/<name>.parquet``: the input's columns (their
types as the input's first rows give them), then the added ones with fixed types
(:data:`ADDED_SCHEMA`: ``removed`` a list of structs, as in JSON Lines).
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

# Rows read, and written, at a time.
BATCH = 1_000


class ColumnsError(Exception):
    """Parquet cannot be read or written (pyarrow missing, a damaged file); the message
    says why, without the file's name."""


def _pyarrow():
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise ColumnsError("Parquet, and the pyarrow package is not installed (pip install 'newsclean[parquet]')") \
            from None
    return pyarrow


def require_pyarrow() -> None:
    """:class:`ColumnsError` if pyarrow is not installed."""
    _pyarrow()


def added_schema():
    """The types of the fields cleaning adds (see the README's JSON Lines section)."""
    pa = _pyarrow()
    fingerprint = pa.struct([("site", pa.string()), ("pages", pa.int64()), ("site_pages", pa.int64()),
                             ("form", pa.string())])
    removal = pa.struct([("start", pa.int64()), ("end", pa.int64()), ("reason", pa.string()), ("kind", pa.string()),
                         ("detail", pa.string()), ("score", pa.float64()), ("fingerprint", fingerprint)])
    return pa.schema([("clean_text", pa.string()), ("title", pa.string()), ("confidence", pa.float64()),
                      ("site", pa.string()), ("removed", pa.list_(removal)), ("source_text", pa.string())])


def parquet_records(path: Path, name: str) -> Iterator[tuple[int, dict | None, str | None]]:
    """``(row number, record, error)`` for each row of a Parquet file, as
    ``jsonl_records`` gives them; a file that cannot be read is one error."""
    pa = _pyarrow()
    number = 0
    try:
        reader = pa.parquet.ParquetFile(path)
        for batch in reader.iter_batches(batch_size=BATCH):
            for row in batch.to_pylist():
                number += 1
                yield number, row, None
    except (OSError, pa.ArrowException) as error:
        where = f"{name}:{number + 1}" if number else name
        yield number + 1, None, f"{where}: cannot read this Parquet file further ({error})"


def _first_type(pa, batch: list[dict], name: str):
    """A field's type: that of its first value that is not None (a string if all are)."""
    for record in batch:
        value = record.get(name)
        if value is not None:
            try:
                return pa.array([value]).type
            except (pa.ArrowException, TypeError, ValueError):
                break
    return pa.string()


class ParquetSink:
    """Writes records to a Parquet file, a batch at a time. The input's fields take the
    types their first batch shows; a record that does not fit them is refused alone
    (:meth:`write` returns why)."""

    def __init__(self, path: Path):
        self.pa = _pyarrow()
        self.path = path
        self._writer = None
        self._schema = None
        self._batch: list[dict] = []

    def write(self, record: dict) -> str | None:
        self._batch.append(record)
        if len(self._batch) >= BATCH:
            return self.flush()
        return None

    def flush(self) -> str | None:
        """Write the batch; why any of its records could not be written (they are left out)."""
        pa = self.pa
        batch, self._batch = self._batch, []
        if not batch:
            return None
        if self._schema is None:
            added = added_schema()
            names = [key for key in batch[0] if key not in added.names]
            self._schema = pa.schema([pa.field(name, _first_type(pa, batch, name)) for name in names] + list(added))
            self._writer = pa.parquet.ParquetWriter(self.path, self._schema)
        try:
            self._writer.write_table(pa.Table.from_pylist(batch, schema=self._schema))
            return None
        except (pa.ArrowException, TypeError, ValueError):
            pass
        kept, problems = [], []
        for record in batch:   # the batch did not fit: record by record, the misfits left out
            try:
                pa.Table.from_pylist([record], schema=self._schema)
                kept.append(record)
            except (pa.ArrowException, TypeError, ValueError) as error:
                problems.append(f"{record.get('id', '?')}: {error}")
        if kept:
            self._writer.write_table(pa.Table.from_pylist(kept, schema=self._schema))
        return f"{len(problems)} record(s) do not fit the types of the first records' fields and were left out " \
               f"(first: {problems[0][:200]})"

    def close(self) -> str | None:
        problem = self.flush()
        if self._writer is None:   # no record at all: an empty file with the added columns
            self._writer = self.pa.parquet.ParquetWriter(self.path, added_schema())
        self._writer.close()
        return problem
