"""Clean many inputs in one process or several, with results always in input order.

Each worker process builds its own :class:`~newsclean.pipeline.Cleaner` from a
:class:`CleanerConfig` once (the rules loaded and checked by the parent travel in it, so a
worker reads no rule file), then cleans the items sent to it. Results come back in the
order the items went in, so the output is byte-identical whatever the number of workers.
Items are fed in slices, so memory stays bounded however long the input is.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, TypeVar

from .document import Document
from .io import InputError, Source, read_source
from .pipeline import Cleaner, DocumentTooLarge
from .ruleset import RuleSet
from .settings import DEFAULT_SETTINGS, Settings, settle_collector
from .store import Store, StoreError

T = TypeVar("T")
R = TypeVar("R")

_CHUNK = 16         # items per message to a worker (amortises the cost of a message)
# Starting a worker (its imports, its cleaner) costs about what cleaning this many files does.
_FILES_PER_WORKER = 250


@dataclass(frozen=True)
class CleanerConfig:
    """What a worker needs to build the same cleaner as the parent."""

    rules: RuleSet | None = None  # None: the shipped rules
    settings: Settings = DEFAULT_SETTINGS
    store: str | None = None      # a learned store's path: each process opens it to read
    templates: bool = True        # pages without a site take their template's chrome
    timed: bool = False           # each outcome carries the seconds its steps took (-v)

    def build(self) -> Cleaner:
        cleaner = Cleaner(rules=self.rules, settings=self.settings,
                          store=Store.open(self.store) if self.store else None, templates=self.templates)
        if self.timed:
            cleaner.time_steps()
        return cleaner


@dataclass
class Outcome:
    """The result of cleaning one text: the body and removals, or an error message."""

    text: str = ""
    removed: list[dict] = field(default_factory=list)
    title: str = ""
    confidence: float | None = None
    source_text: str | None = None      # the page text the removals index, when the input was markup
    from_html: bool = False             # the input was markup, read as its page text
    note: str | None = None
    error: str | None = None
    empty_input: bool = False
    document: Document | None = None   # kept only when asked (preview), never sent between processes
    timings: dict | None = None         # seconds by step, when the cleaner is timed (-v)
    line: str | None = None             # a record's output line, made where it was cleaned


_cleaner: Cleaner | None = None
_keep_documents = False


def _init_worker(config: CleanerConfig, keep_documents: bool = False) -> None:
    global _cleaner, _keep_documents
    _cleaner = config.build()
    _keep_documents = keep_documents
    settle_collector()


def clean_text_item(item: tuple) -> Outcome:
    """Clean ``(text, site, name)`` or ``(text, site, name, html)`` for a record: its body
    and its removals (``html``: the text is a page's markup)."""
    text, site, name, *html = item
    return _clean(text, site, name, with_removals=True, html=bool(html and html[0]))


_plans: dict = {}   # (text field, html field, site, site from) -> the Plan records are read by


def clean_raw_record(item: tuple) -> Outcome:
    """Read, clean and write a JSON Lines record ``(raw line, input name, line number, how
    records are read)`` here, in the worker (``Outcome.line``, or ``error`` saying why not,
    as the parent would have): the parent only splits the input and writes the lines."""
    from .files import record_input, record_site
    from .jsonl import read_record
    from .records import record_plan

    raw, source_name, number, reading = item
    plan = _plans.get(reading)
    if plan is None:
        text_field, html_field, site, site_from = reading
        plan = _plans[reading] = record_plan(text_field=text_field, html_field=html_field, site=site,
                                             site_from=site_from)
    record, problem = read_record(raw, source_name, number)
    document, problem = record_input(plan, source_name, number, record, problem)
    if problem:
        return Outcome(error=problem)
    return clean_record_line((record, document[0], document[1], record_site(plan, record),
                              f"{source_name}:{number}"))


def clean_record_line(item: tuple) -> Outcome:
    """Clean a record ``(record, document, html, site, name)`` and make its JSON Lines
    output line here (``Outcome.line``), in the worker: the parent only writes it."""
    from .jsonl import json_line
    from .records import cleaned_record

    record, document, html, site, name = item
    outcome = _clean(document, site, name, with_removals=True, html=html)
    if outcome.error:
        return outcome
    out = cleaned_record(record, text=outcome.text, title=outcome.title, confidence=outcome.confidence,
                         site=site, removed=outcome.removed, source_text=outcome.source_text)
    try:
        line = json_line(out)
        line.encode()
    except UnicodeEncodeError:   # an unpaired surrogate in a field not read: passed through as its escape
        line = json_line(out, ascii_only=True)
    except (ValueError, RecursionError) as error:
        return Outcome(error=f"{name}: cannot be written back as JSON ({error}); record skipped", timings=outcome.timings)
    return Outcome(line=line, timings=outcome.timings)


def _clean(text: str, site: str | None, name: str, *, with_removals: bool, html: bool = False) -> Outcome:
    """Clean one text (``html``: a page's markup); never raises (an unexpected failure becomes an error)."""
    try:
        result = _cleaner.clean(text, site=site, html=html)
        removed = result.removed if with_removals else []
        title = result.title
        confidence = result.confidence if with_removals or _keep_documents else None
    except DocumentTooLarge as error:
        return Outcome(error=f"{name}: {error}")
    except StoreError:   # the store is damaged: no document can be cleaned with it
        raise
    except Exception as error:  # a bug must not stop the other inputs
        return Outcome(error=f"{name}: internal error while cleaning ({type(error).__name__}: {error})")
    timings = None
    if _cleaner.timings is not None:   # this document's: the cleaner's sums start again
        timings = dict(_cleaner.timings)
        _cleaner.timings.clear()
    return Outcome(text=result.text, removed=removed, title=title, confidence=confidence,
                   source_text=result.source if result.from_html and with_removals else None,
                   from_html=result.from_html, timings=timings,
                   empty_input=not text.strip(), document=result.document if _keep_documents else None)


def clean_source_item(item: tuple[Source, str | None, bytes | None, int]) -> Outcome:
    """Read and clean a text source ``(source, site, stdin bytes, the size bound)``."""
    source, site, stdin, max_bytes = item
    try:
        text, note = read_source(source, stdin, max_bytes)
    except InputError as error:
        return Outcome(error=str(error))
    # A text output has no use for the removals.
    outcome = _clean(text, site, source.name, with_removals=False, html=source.format == "html")
    outcome.note = note
    return outcome


def clean_source_to_file(item: tuple[Source, str | None, bytes | None, int, Path, bool]) -> Outcome:
    """Read and clean a text source ``(source, site, stdin bytes, the size bound, target,
    keep title)`` and write its body to ``target`` here, in the worker, through a temporary
    file (``newsclean.temporaries``): the parent only reports. The outcome carries no text."""
    from .files import with_title
    from .temporaries import write_atomic

    *read, target, keep_title = item
    outcome = clean_source_item(tuple(read))
    if outcome.error is None:
        body = with_title(outcome.title, outcome.text) if keep_title else outcome.text
        try:
            write_atomic(target, body, item[0].compression)
        except OSError as error:
            outcome.error = f"{target}: cannot write: {error.strerror or error}"
        outcome.text = ""
    return outcome


class Runner:
    """Maps a cleaning function over items, in this process or in ``jobs`` workers."""

    def __init__(self, config: CleanerConfig, jobs: int = 1, *, keep_documents: bool = False,
                 cleaner: Cleaner | None = None, pool=None):
        """``cleaner``, if given, is the one ``config`` builds (saves building it again here);
        ``pool``, workers already started (:func:`start_workers`: they learned the inputs),
        are given the cleaner and used (and closed with the runner)."""
        if keep_documents and jobs > 1:
            raise ValueError("documents are kept only when cleaning in this process (jobs=1)")
        self.config = config
        self.jobs = jobs
        self._pool = None
        if pool is not None:
            pool.set_up(_init_worker, (config,))
            self._pool = pool
        if jobs <= 1:
            global _cleaner, _keep_documents
            _cleaner = cleaner or config.build()
            _keep_documents = keep_documents

    def __enter__(self) -> "Runner":
        return self

    def __exit__(self, kind, *exc) -> None:
        self.close(interrupted=kind is not None)

    def close(self, interrupted: bool = False) -> None:
        if self._pool is not None:
            self._pool.close(wait=not interrupted)
            self._pool = None

    def map(self, function: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """``function`` over ``items``, results in input order (:class:`~newsclean.workers.WorkerError`
        if a worker cannot start or dies)."""
        if self.jobs <= 1:
            yield from map(function, items)
            return
        if self._pool is None:
            from .workers import WorkerPool

            self._pool = WorkerPool(self.jobs, _init_worker, (self.config,))
        yield from self._pool.map(function, items, chunk=_CHUNK)


def _idle_worker() -> None:
    """A worker's set-up before it has a cleaner: it folds pages for learning (newsclean.learning)."""
    settle_collector()


def workers_worth_starting(jobs: int, sources: list[Source]) -> int:
    """Of ``jobs`` workers, how many are worth starting for ``sources``: one per
    ``_FILES_PER_WORKER`` files, since a few files are cleaned sooner in this process than
    by workers that must start first (1 means none: this process cleans). Record inputs
    and standard input hold an unknown number of documents: all ``jobs``.

    >>> from pathlib import Path
    >>> files = [Source(Path(f"{n}.txt"), f"{n}.txt", Path(f"{n}.txt"), "text") for n in range(600)]
    >>> workers_worth_starting(2, files[:88]), workers_worth_starting(2, files), workers_worth_starting(4, files)
    (1, 2, 2)
    """
    if any(source.is_stdin or source.format not in ("text", "html") for source in sources):
        return jobs
    return max(1, min(jobs, len(sources) // _FILES_PER_WORKER))


def start_workers(jobs: int):
    """``jobs`` worker processes without a cleaner yet: they learn first, then a
    :class:`Runner` given them sets them up to clean."""
    from .workers import WorkerPool

    return WorkerPool(jobs, _idle_worker, ())
