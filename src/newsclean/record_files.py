"""The record sources of a plan (JSON Lines, Parquet): read, cleaned and written.

A record source's records are read as they come (``newsclean.jsonl``,
``newsclean.columns``), cleaned through the plan's :class:`~newsclean.batch.Runner` in
input order, and written as they come back: as JSON Lines (to standard output, or to the
output folder, compressed as the input is), as Parquet, or as the text of each record
(``--output-format text``).
"""
from __future__ import annotations

from collections import deque
from typing import IO, TYPE_CHECKING, Callable, Iterator

from .files import Plan, Report, learnable_text, record_input, record_site, target_of
from .io import Source
from .jsonl import jsonl_raw_records, jsonl_records, split_lines
from .temporaries import atomic_folder, atomic_path, open_atomic, write_atomic

if TYPE_CHECKING:
    from pathlib import Path

    from .batch import Runner


def run_records(plan: Plan, source: Source, runner: Runner, report: Report, stdout: IO,
                 stdin: "IO[bytes] | bytes | None", on_document) -> None:
    """Clean the records of a JSON Lines or Parquet source and write them."""
    if source.format == "parquet":
        from .columns import ColumnsError, parquet_records, require_pyarrow

        try:
            require_pyarrow()
        except ColumnsError as error:
            report.error(f"{source.name}: {error}")
            return
        _write_output(plan, source, parquet_records(source.path, source.name), runner, report, stdout, on_document)
        return
    handle = open_lines(source, stdin, plan.max_bytes, report)
    if handle is None:
        return
    # JSON Lines to JSON Lines: each line is read and written where it is cleaned.
    raw = on_document is None and plan.output_format in ("auto", "jsonl")
    with handle as lines:
        rows = (jsonl_raw_records if raw else jsonl_records)(lines, source.name, plan.max_bytes)
        _write_output(plan, source, rows, runner, report, stdout, on_document, raw=raw)
    if handle.problem:   # after what was read is written: the records before a damage are kept
        report.error(handle.problem)




Rows = Iterator[tuple[int, "dict | None", "str | None"]]


def _write_output(plan: Plan, source: Source, rows: Rows, runner: Runner, report: Report,
                  stdout: IO, on_document, raw: bool = False) -> None:
    """A record source's records to stdout as JSON Lines, or atomically to its file in the
    output folder (JSON Lines, or Parquet with ``--output-format parquet``); with
    ``--output-format text``, each record's text (:func:`_text_writer`)."""
    text = plan.output_format == "text" and on_document is None
    if plan.outdir is None:
        if on_document is not None:
            _write_records(plan, source, rows, runner, report, None, on_document)
        elif text:
            _write_records(plan, source, rows, runner, report, _text_writer(plan, source, out=stdout), None)
        else:
            _write_records(plan, source, rows, runner, report, None, None, out=stdout, raw=raw)
        return
    target = target_of(plan, source)
    try:
        if text:
            with atomic_folder(target) as folder:
                _write_records(plan, source, rows, runner, report, _text_writer(plan, source, folder=folder), None)
            return
        if plan.output_format == "parquet":
            from .columns import ParquetSink

            with atomic_path(target) as temporary:
                sink = ParquetSink(temporary)
                _write_records(plan, source, rows, runner, report, _parquet_writer(source, sink, report), on_document)
                problem = sink.close()
                if problem:
                    report.error(f"{target}: {problem}")
            return
        with open_atomic(target, source.compression if source.format == "jsonl" else None) as out:
            if on_document is not None:   # preview with -o: the records are shown
                _write_records(plan, source, rows, runner, report, None, on_document)
            else:
                _write_records(plan, source, rows, runner, report, None, None, out=out, raw=raw)
    except OSError as error:   # the output cannot be made or written (full disk, a folder in its place)
        report.error(f"{target}: cannot write: {error.strerror or error}")


# Between two records' texts on standard output: a line holding only a form feed, which
# no cleaned text holds (a form feed ends a line, as a newline does).
RECORD_SEPARATOR = "\f\n"


def _text_writer(plan: Plan, source: Source, *, out: IO | None = None,
                 folder: "Path | None" = None) -> Callable[[int, dict], None]:
    """What ``--output-format text`` writes of each cleaned record: its text (with the
    headline first under ``--keep-title``), to ``out`` with :data:`RECORD_SEPARATOR`
    between records, or to ``folder``/<record number, 6 digits or more>.txt, compressed as
    the input is."""
    from .compression import SUFFIX_OF
    from .files import with_title

    suffix = ".txt" + (SUFFIX_OF[source.compression] if source.compression else "")
    first = True

    def write(number: int, record: dict) -> None:
        nonlocal first
        body = record["clean_text"]
        if plan.keep_title:
            body = with_title(record["title"], body)
        if folder is not None:
            write_atomic(folder / f"{number:06d}{suffix}", body, source.compression)
            return
        out.write(body if first else RECORD_SEPARATOR + body)
        first = False
    return write


def _parquet_writer(source: Source, sink, report: Report) -> Callable[[int, dict], None]:
    def write(number: int, record: dict) -> None:
        problem = sink.write(record)
        if problem:
            report.error(f"{source.name}: {problem}")
    return write


def open_lines(source: Source, stdin: "IO[bytes] | bytes | None", max_bytes: int,
                report: Report | None) -> "_Lines | None":
    """A JSON Lines source opened for reading (what was noticed of it reported), or None
    when it cannot be (said in ``report``, if any)."""
    from .compression import CompressionError

    try:
        handle = _Lines(source, stdin, max_bytes)
    except OSError as error:
        problem = f"{source.name}: cannot read: {error.strerror or error}"
    except CompressionError as error:
        problem = f"{source.name}: {error}"
    else:
        if handle.note and report is not None:
            report.warning(handle.note)
        return handle
    if report is not None:
        report.error(problem)
    return None


class _Lines:
    """The lines of a JSON Lines source (a file, maybe gzip, or standard input's stream),
    each bounded by ``max_bytes`` (None for a longer one), as a context manager."""

    def __init__(self, source: Source, stdin: "IO[bytes] | bytes | None", max_bytes: int):
        """:class:`~newsclean.compression.CompressionError` if the input's decompressor is missing."""
        import io

        from .compression import NAMES, SUFFIX_OF, reader, sniffed

        self.name = source.name
        self.max_bytes = max_bytes
        self.problem: str | None = None   # why reading stopped early (a gzip file cut short)
        self.note: str | None = None      # what was noticed about the input (gzip without .gz)
        if source.is_stdin:
            self._raw = stdin if hasattr(stdin, "read") else io.BytesIO(stdin or b"")
            self._owned = False
        else:
            self._raw = open(source.path, "rb")
            self._owned = True
        self._file = self._raw
        self.compression = source.compression or sniffed(self._raw)
        if self.compression:
            if not source.compression:
                kind, suffix = NAMES[self.compression], SUFFIX_OF[self.compression]
                self.note = f"{source.name}: {kind}-compressed, though not named {suffix}: read as {kind}"
            try:
                self._file = reader(self._raw, self.compression)
            except BaseException:
                if self._owned:
                    self._raw.close()
                raise

    def __enter__(self) -> Iterator[bytes | None]:
        return self._guarded()

    def _guarded(self) -> Iterator[bytes | None]:
        from .compression import NAMES, read_errors

        try:
            yield from split_lines(self._file, self.max_bytes)
        except read_errors() as error:   # the records read so far are kept
            if self._file is self._raw:
                self.problem = f"{self.name}: cannot read further: {getattr(error, 'strerror', None) or error}"
            else:
                self.problem = (f"{self.name}: cannot read past a damaged or cut "
                                f"{NAMES[self.compression]} stream ({error})")

    def __exit__(self, *exc) -> None:
        if self._file is not self._raw:
            self._file.close()          # a decompressor over a file object leaves that file open
        if self._owned:
            self._raw.close()


def _write_records(plan: Plan, source: Source, rows: Rows, runner: Runner,
                   report: Report, write: Callable[[int, dict], None] | None, on_document, out: IO | None = None,
                   raw: bool = False) -> None:
    """Clean each record of a record source and ``write`` it with its added fields; with
    ``out`` instead, the worker that cleans a record makes its JSON Lines line too (the
    parent, which feeds all the workers, only writes it); ``raw``: the rows hold the
    records' lines, read by the worker too."""
    from .batch import clean_raw_record, clean_record_line, clean_text_item
    from .records import cleaned_record

    pending: deque[tuple[int, dict, str | None]] = deque()   # records sent, awaiting results
    as_lines = out is not None
    reading = (plan.text_field, plan.html_field, plan.site, plan.site_from)

    def items() -> Iterator[tuple]:
        for number, record, problem in rows:
            if raw and problem is None:
                pending.append((number, None, None))
                yield record, source.name, number, reading
                continue
            document, problem = record_input(plan, source.name, number, record, problem)
            if problem:
                report.error(problem)
                continue
            site = record_site(plan, record)
            name = f"{source.name}:{number}"
            if as_lines:
                pending.append((number, None, site))
                yield record, document[0], document[1], site, name
            else:
                pending.append((number, record, site))
                yield document[0], site, name, document[1]

    function = clean_raw_record if raw else clean_record_line if as_lines else clean_text_item
    for outcome in runner.map(function, items()):
        number, record, site = pending.popleft()
        report.add_timings(outcome.timings)
        if outcome.error:
            report.error(outcome.error)
            continue
        report.advance_record()
        if as_lines:
            out.write(outcome.line)
            continue
        if on_document is not None:
            on_document(f"{source.name}:{number}", outcome)
            continue
        write(number, cleaned_record(record, text=outcome.text, title=outcome.title, confidence=outcome.confidence,
                                     site=site, removed=outcome.removed, source_text=outcome.source_text))


def learnable_records(plan: Plan, name: str, rows: "Rows",
                       report: Report | None) -> Iterator[tuple[str | None, str]]:
    """``(site, text)`` of each record of a record source, for learning."""
    for number, record, problem in rows:
        document, problem = record_input(plan, name, number, record, problem)
        if problem:
            if report is not None:
                report.error(problem)
            continue
        yield record_site(plan, record), learnable_text(*document)
