"""How a command ends: its messages on standard error and its exit code, decided in one
place (:meth:`NewscleanGroup.invoke`), as black decides its own.

* 0: everything was cleaned (warnings may have been printed);
* 1: some inputs failed (each named on stderr); the others were cleaned and written;
* 2: usage or configuration error (a bad option, a bad rule file, a damaged store): nothing was cleaned;
* 130: interrupted (Ctrl-C); 143: terminated (SIGTERM): nothing half-written is left.

Every way a run can end becomes one line on stderr, never a traceback (an internal error
too: ``NEWSCLEAN_DEBUG=1`` shows it).
"""
from __future__ import annotations

import os
import signal
import sys
import threading
import time
from contextlib import contextmanager
from enum import IntEnum
from typing import IO, Iterator

import click

from .files import PlanError
from .store import StoreError
from .workers import WorkerError


class OutputError(Exception):
    """An output the run cannot go on without (standard output) cannot be written."""


class GuardedOutput:
    """A text stream whose write failures (a full disk, a closed descriptor) are one
    :class:`OutputError` naming it; a reader gone away (``BrokenPipeError``) stays as it is,
    for the caller to end quietly."""

    def __init__(self, stream: IO[str], name: str = "<stdout>"):
        self._stream = stream
        self.name = name

    def _guard(self, method, *arguments):
        try:
            return method(*arguments)
        except (BrokenPipeError, UnicodeError):   # a reader gone; text the caller may write otherwise
            raise
        except (OSError, ValueError) as error:   # ValueError: written after being closed
            raise OutputError(f"{self.name}: cannot write: {getattr(error, 'strerror', None) or error}") from None

    def write(self, text: str) -> int:
        return self._guard(self._stream.write, text)

    def flush(self) -> None:
        self._guard(self._stream.flush)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


class ExitCode(IntEnum):
    OK = 0
    INPUT_FAILED = 1
    USAGE = 2
    INTERRUPTED = 130
    TERMINATED = 143


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised wherever the run is, so that it unwinds as after Ctrl-C: temporary
    outputs and the scratch folder are removed on the way out."""


def _raise_terminated(signum, frame) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)   # a second one must not cut the clean-up short
    raise Terminated()


@contextmanager
def _sigterm_unwinds() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class StderrReport:
    """Prints problems to stderr (through the progress bar, if one is shown) and counts errors.

    The progress bar (on a terminal only) counts the inputs done and, when there are JSON
    Lines inputs, the records cleaned and their rate. ``quiet``: warnings are not printed
    (errors are). Timings handed to :meth:`add_timings` are summed for :meth:`timing_summary`.
    """

    def __init__(self, progress_total: int = 0, *, records: bool = False, quiet: bool = False,
                 console=None):
        """``console``: the rich console to draw the bar on (default: stderr, if a terminal)."""
        self.errors = 0
        self.quiet = quiet
        self.records = 0
        self.timings: dict[str, float] = {}
        self._progress = None
        self._task = None
        self._started = time.monotonic()
        self._shown_records = 0
        if (progress_total > 1 or records) and (console is not None or sys.stderr.isatty()):
            from rich.console import Console
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                                       TimeRemainingColumn)

            columns = [TextColumn("cleaning"), BarColumn(), MofNCompleteColumn()]
            columns += ([TextColumn("inputs · {task.fields[records]:,} records, {task.fields[rate]:,.0f}/s"),
                         TimeElapsedColumn()] if records else [TimeRemainingColumn()])
            self._progress = Progress(*columns, console=console or Console(stderr=True), transient=True)
            self._task = self._progress.add_task("clean", total=progress_total, records=0, rate=0.0)

    def __enter__(self) -> "StderrReport":
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(self, *exc) -> None:
        if self._progress is not None:
            self._progress.stop()

    def _say(self, line: str) -> None:
        if self._progress is not None:
            self._progress.console.print(line, markup=False, highlight=False)
        else:
            click.echo(line, err=True)

    def error(self, message: str) -> None:
        self.errors += 1
        self._say(f"error: {message}")

    def warning(self, message: str) -> None:
        if not self.quiet:
            self._say(f"warning: {message}")

    def advance(self) -> None:
        if self._progress is not None:
            self._progress.advance(self._task)

    def advance_record(self) -> None:
        """One more JSON Lines record cleaned (the bar is updated about ten times a second)."""
        self.records += 1
        if self._progress is not None and self.records - self._shown_records >= 50:
            self._shown_records = self.records
            elapsed = max(time.monotonic() - self._started, 1e-6)
            self._progress.update(self._task, records=self.records, rate=self.records / elapsed)

    def add_timings(self, timings: dict[str, float] | None) -> None:
        for step, seconds in (timings or {}).items():
            self.timings[step] = self.timings.get(step, 0.0) + seconds

    def timing_summary(self, documents: int) -> list[str]:
        """Lines saying where the time went, the slowest step first (``-v``).

        >>> report = StderrReport()
        >>> report.add_timings({"rules": 0.5, "classify": 1.5})
        >>> report.timing_summary(100)
        ['time by step (100 documents, 2.00 s in the steps):', '  classify          1.500 s   75%   15.00 ms a document', '  rules             0.500 s   25%    5.00 ms a document']
        """
        total = sum(self.timings.values())
        lines = [f"time by step ({documents:,} documents, {total:.2f} s in the steps):"]
        for step, seconds in sorted(self.timings.items(), key=lambda item: -item[1]):
            lines.append(f"  {step:15} {seconds:7.3f} s  {seconds / max(total, 1e-9):4.0%}  "
                         f"{1000 * seconds / max(documents, 1):6.2f} ms a document")
        return lines

    def say(self, line: str) -> None:
        """An informative line (``-v``), not a problem."""
        self._say(line)

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.INPUT_FAILED if self.errors else ExitCode.OK


class ConfigurationError(Exception):
    """Problems that stop a run before anything is cleaned (exit 2); one message per line."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


class NewscleanGroup(click.Group):
    """Turns every way a command can end into one of the documented exit codes."""

    def invoke(self, ctx: click.Context):
        try:
            if ctx.parent is None:
                with _sigterm_unwinds():
                    code = super().invoke(ctx)
            else:
                code = super().invoke(ctx)
        except ConfigurationError as error:
            for problem in error.problems:
                click.echo(f"error: {problem}", err=True)
            code = ExitCode.USAGE
        except PlanError as error:
            click.echo(f"error: {error}", err=True)
            code = ExitCode.USAGE
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise  # --help, --version, bad options: click reports them (usage errors exit 2)
        except WorkerError as error:
            click.echo(f"error: {error}", err=True)
            code = ExitCode.INPUT_FAILED
        except StoreError as error:   # found damaged while read: the run cannot go on
            click.echo(f"error: {error}", err=True)
            code = ExitCode.USAGE
        except Terminated:
            click.echo("error: terminated", err=True)
            code = ExitCode.TERMINATED
        except KeyboardInterrupt:
            click.echo("error: interrupted", err=True)
            code = ExitCode.INTERRUPTED
        except BrokenPipeError:
            # The reader of our output went away (| head): stop quietly, as cat does.
            _silence_stdout()
            code = ExitCode.OK
        except OutputError as error:
            click.echo(f"error: {error}", err=True)
            _silence_stdout()
            code = ExitCode.INPUT_FAILED
        except Exception as error:  # a bug: one line (NEWSCLEAN_DEBUG=1 shows the traceback)
            if os.environ.get("NEWSCLEAN_DEBUG"):
                raise
            click.echo(f"error: internal error: {type(error).__name__}: {error} "
                       "(run with NEWSCLEAN_DEBUG=1 for details, and please report it)", err=True)
            code = ExitCode.INPUT_FAILED
        if isinstance(code, int) and ctx.parent is None:
            ctx.exit(int(code))
        return code


def _silence_stdout() -> None:
    """Point standard output at the null device: what is still buffered for it (written at
    exit) cannot fail again and print a second message."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):   # no stdout, or not a real file (a test's)
        pass
