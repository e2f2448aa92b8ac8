"""Clean a list of sources (files, folders' files, standard input) into files or a stream.

This is what ``newsclean clean`` does once its arguments are parsed: it decides where each
output goes, refuses a plan that could write over an input, cleans the sources through a
:class:`~newsclean.batch.Runner`, and writes each result as it comes. Problems with one input
go to the :class:`Report` and the others carry on.
"""
from __future__ import annotations

import dataclasses
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Callable, Iterator, Protocol

from .io import (DEFAULT_MAX_BYTES, DOCUMENT_FORMATS, InputError, Source, has_lone_surrogate, output_path,
                 read_source, site_key, site_of_record)
from .jsonl import jsonl_records
from .temporaries import write_atomic

if TYPE_CHECKING:  # the cleaning machinery is imported when cleaning, not to learn
    from .batch import Outcome, Runner


class PlanError(Exception):
    """The sources and options cannot be carried out as asked (a usage error)."""


class Report(Protocol):
    def error(self, message: str) -> None: ...
    def warning(self, message: str) -> None: ...
    def advance(self) -> None: ...
    def advance_record(self) -> None: ...
    def add_timings(self, timings: dict | None) -> None: ...


# Where a document's site comes from (--site-from); see :func:`text_site` and :func:`record_site`.
SITE_FROM = ("auto", "folder", "field", "none")


@dataclass(frozen=True)
class Plan:
    sources: list[Source]
    outdir: Path | None = None
    text_field: str = "text"
    html_field: str = "html"      # a record's page markup, used before its text when it has one
    site: str | None = None
    stdin_format: str = "text"
    site_from: str = "auto"
    keep_title: bool = False      # text outputs start with the headline (JSON Lines has "title")
    max_bytes: int = DEFAULT_MAX_BYTES   # the largest input file, page or record read (--max-bytes)
    skip_existing: bool = False   # inputs whose output is in outdir are not cleaned again (--skip-existing)
    output_format: str = "auto"   # records out as: auto (JSON Lines), jsonl, parquet or text (--output-format)


def text_site(plan: Plan, source: Source) -> str | None:
    """The site of a text input: with ``--site-from folder``, the subfolder of the given
    folder the file sits in (``pages/example.com/a.txt`` -> ``example.com``); else ``--site``.

    A file's folder is not its site unless asked: a folder of scraped files often mixes
    sites (the seeds are five sites in one folder), and learning across different sites
    would take shared article text (a quoted statement) for chrome.
    """
    if plan.site_from == "folder" and source.from_folder and len(source.relative.parts) > 1:
        return site_key(source.relative.parts[0])
    return _given_site(plan)


def _given_site(plan: Plan) -> str | None:
    """``--site``, keyed as every site is (``io.site_key``)."""
    return site_key(plan.site) if plan.site else None


def record_site(plan: Plan, record: dict) -> str | None:
    """The site of a JSON Lines record: its ``site``, ``domain`` or ``url`` field (unless
    ``--site-from`` is ``none`` or ``folder``), else ``--site``."""
    if plan.site_from in ("auto", "field"):
        return site_of_record(record) or _given_site(plan)
    return _given_site(plan)


def learnable(plan: Plan) -> bool:
    """Whether learning from the inputs may find something: a JSON Lines input, a text
    input with a site, or (templates found from the pages: :func:`discovers`) two inputs."""
    if discovers(plan) and len(plan.sources) >= 2:
        return True
    return any(input_format(plan, s) in RECORD_FORMATS or text_site(plan, s) is not None for s in plan.sources)


def discovers(plan: Plan) -> bool:
    """Whether pages without a site are grouped into the templates their chrome shows
    (``--site-from auto``, the default; ``newsclean.templates``)."""
    return plan.site_from == "auto"


def record_document(plan: Plan, record: dict) -> tuple[str, bool] | None:
    """A record's document and whether it is markup: its ``html`` field (``--html-field``)
    if that holds a string, else its text field; None if it has neither."""
    html = record.get(plan.html_field)
    if isinstance(html, str):
        return html, True
    text = record.get(plan.text_field)
    return (text, False) if isinstance(text, str) else None


def record_input(plan: Plan, name: str, number: int, record: dict | None,
                 problem: str | None) -> tuple[tuple[str, bool] | None, str | None]:
    """``(document, None)`` for a record that can be cleaned, ``(None, error)`` otherwise;
    ``record`` and ``problem`` as :func:`~newsclean.jsonl.jsonl_records` yields them."""
    if problem:
        return None, problem
    document = record_document(plan, record)
    if document is None:
        what = "has no" if plan.text_field not in record else "has a non-text"
        return None, f"{name}:{number}: record {what} '{plan.text_field}' field"
    if has_lone_surrogate(document[0]):
        field = plan.html_field if document[1] else plan.text_field
        return None, (f"{name}:{number}: the '{field}' field holds an unpaired surrogate escape "
                      "(\\ud800-\\udfff), which is not text (record skipped)")
    return document, None


def learnable_text(text: str, html: bool) -> str:
    """What learning counts of a document: a page's markup as its page text, as cleaning reads it."""
    if not html:
        return text
    from .markup import page_text

    return page_text(text)


def documents(plan: Plan, report: Report | None, stdin: "IO[bytes] | bytes | None" = None) -> Iterator[tuple[str | None, str]]:
    """``(site, text)`` of every input, read in order, for learning. Text files without a
    site are read only when templates are found from the pages (:func:`discovers`; else
    there is nothing to learn from them); problems go to ``report`` (None: ignored, as
    when the cleaning pass that follows will report them)."""
    from .record_files import learnable_records, open_lines

    siteless = discovers(plan)
    for source in plan.sources:
        source = _as_format(source, input_format(plan, source))
        if source.format in DOCUMENT_FORMATS:
            site = text_site(plan, source)
            if site is None and not siteless:
                yield None, ""
                continue
            try:
                text, _ = read_source(source, stdin, plan.max_bytes)
            except InputError as error:
                if report is not None:
                    report.error(str(error))
                continue
            yield site, learnable_text(text, source.format == "html")
            continue
        if source.format == "parquet":
            from .columns import ColumnsError, parquet_records, require_pyarrow

            try:
                require_pyarrow()
            except ColumnsError:   # said by the cleaning pass
                continue
            yield from learnable_records(plan, source.name, parquet_records(source.path, source.name), report)
            continue
        handle = open_lines(source, stdin, plan.max_bytes, report)
        if handle is None:
            continue
        with handle as lines:
            yield from learnable_records(plan, source.name, jsonl_records(lines, source.name, plan.max_bytes), report)
        if handle.problem and report is not None:
            report.error(handle.problem)


def check_plan(plan: Plan, inputs: list[str], preview: bool = False) -> None:
    """Refuse plans that are ambiguous or could overwrite an input; :class:`PlanError` if so."""
    stdin_count = sum(1 for s in plan.sources if s.is_stdin)
    if stdin_count > 1:
        raise PlanError("'-' (standard input) can be given only once")
    if plan.output_format == "parquet" and plan.outdir is None:
        raise PlanError("--output-format parquet: give -o OUTDIR (a Parquet file is written for each record input)")
    if plan.outdir is None:
        if preview:
            return
        texts = [s for s in plan.sources if input_format(plan, s) in DOCUMENT_FORMATS]
        if texts and len(plan.sources) > 1 or any(s.from_folder for s in texts):
            raise PlanError("several inputs: give -o OUTDIR to write one output file for each")
        return
    outdir = plan.outdir.resolve()
    if outdir.exists() and not outdir.is_dir():
        raise PlanError(f"-o {plan.outdir}: exists and is not a folder")
    for arg in inputs:
        if arg != "-" and Path(arg).is_dir():
            folder = Path(arg).resolve()
            if outdir == folder or folder in outdir.parents:
                raise PlanError(f"-o {plan.outdir}: is inside the input folder {arg}; "
                                "outputs would mix with the inputs: choose a folder outside it")
    inputs_resolved = {s.path.resolve() for s in plan.sources if s.path is not None}
    seen: dict[Path, Source] = {}
    for source in plan.sources:
        target = target_of(dataclasses.replace(plan, outdir=outdir), source)
        if target in inputs_resolved:
            raise PlanError(f"-o {plan.outdir}: the output for {source.name} would overwrite an input file")
        if target in seen:
            raise PlanError(f"{seen[target].name} and {source.name} would both be written to {target}")
        seen[target] = source
    _check_writable(plan.outdir)   # last: it makes the folder, which no refusal above may leave behind


def _check_writable(folder: Path) -> None:
    """:class:`PlanError` unless files can be made in ``folder`` (made if missing): found
    before anything is cleaned, not once for every output."""
    import tempfile

    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        raise PlanError(f"-o {folder}: cannot write there ({error.strerror or error})")


RECORD_FORMATS = ("jsonl", "parquet")


def target_of(plan: Plan, source: Source) -> Path:
    """Where a source's output goes in ``plan.outdir``: a text or page's ``.txt``; a record
    input's ``.jsonl`` (compressed as it is), ``.parquet`` with ``--output-format parquet``,
    or with ``--output-format text`` a folder of the input's name without its suffix."""
    fmt = input_format(plan, source)
    if fmt in RECORD_FORMATS:
        if plan.output_format == "text":   # a folder of the records' texts
            return plan.outdir / source.relative.with_suffix("")
        if plan.output_format == "parquet":
            return plan.outdir / source.relative.with_suffix(".parquet")
        if fmt == "parquet":
            return plan.outdir / source.relative.with_suffix(".jsonl")
    return output_path(plan.outdir, _as_format(source, fmt))


def input_format(plan: Plan, source: Source) -> str:
    """What a source holds: its own format, or for standard input --format's."""
    return plan.stdin_format if source.is_stdin else source.format


def _as_format(source: Source, fmt: str) -> Source:
    if fmt == source.format:
        return source
    relative = source.relative.with_suffix(".jsonl" if fmt == "jsonl" else ".txt")
    return Source(source.path, source.name, relative, fmt, source.from_folder, source.compression)


def run_plan(plan: Plan, runner: Runner, report: Report, *, stdout: IO | None = None,
             stdin: "IO[bytes] | bytes | None" = None,
             on_document: Callable[[str, "Outcome"], None] | None = None) -> None:
    """Clean every source of ``plan``; outputs to ``plan.outdir`` or ``stdout``.

    With ``on_document`` (used by preview) each outcome (its document kept) is handed to it instead of
    being printed; files are still written when there is an output folder.
    """
    from .batch import clean_source_item, clean_source_to_file

    stdout = stdout or sys.stdout
    sources = [_as_format(s, input_format(plan, s)) for s in plan.sources]
    if plan.skip_existing and plan.outdir is not None:   # written whole or not at all: what is there is done
        done = [s for s in sources if not s.is_stdin and target_of(plan, s).exists()]
        for _ in done:
            report.advance()
        sources = [s for s in sources if s not in done]
    texts = [s for s in sources if s.format in DOCUMENT_FORMATS]
    streams = [s for s in sources if s.format in RECORD_FORMATS]
    items = ((source, text_site(plan, source), stdin if source.is_stdin else None, plan.max_bytes)
             for source in texts)
    # Written where they are cleaned (in the workers: the parent is left only the reports).
    to_files = plan.outdir is not None and on_document is None
    if to_files:
        items = ((*item, output_path(plan.outdir, item[0]), plan.keep_title) for item in items)
    for source, outcome in zip(texts, runner.map(clean_source_to_file if to_files else clean_source_item, items)):
        report.advance()
        report.add_timings(outcome.timings)
        if outcome.error:
            report.error(outcome.error)
            continue
        if outcome.note:
            report.warning(f"{source.name}: {outcome.note}")
        if outcome.empty_input:
            report.warning(f"{source.name}: empty, nothing to clean")
        if to_files:
            continue
        body = with_title(outcome.title, outcome.text) if plan.keep_title else outcome.text
        if plan.outdir is not None:
            target = output_path(plan.outdir, source)
            try:
                write_atomic(target, body, source.compression)
            except OSError as error:
                report.error(f"{target}: cannot write: {error.strerror or error}")
                continue
        if on_document is not None:
            on_document(source.name, outcome)
        elif plan.outdir is None:
            stdout.write(body)
    from .record_files import run_records

    for source in streams:
        run_records(plan, source, runner, report, stdout, stdin, on_document)
        report.advance()


def with_title(title: str, text: str) -> str:
    r"""The text output with the headline as its first paragraph (``--keep-title``).

    >>> with_title("Storm hits coast", "The storm hit.\n")
    'Storm hits coast\n\nThe storm hit.\n'
    >>> with_title("", "The storm hit.\n")
    'The storm hit.\n'
    """
    if not title:
        return text
    return f"{title}\n\n{text}" if text else f"{title}\n"
