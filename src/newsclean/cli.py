"""The ``newsclean`` command: parse arguments, call the library, print.

Data goes to standard output, messages to standard error (``error: FILE: why`` and
``warning: FILE: why``, one line each). The exit code is decided in one place,
:meth:`NewscleanGroup.invoke`:

* 0: everything was cleaned;
* 1: some inputs failed (each named on stderr); the others were cleaned and written;
* 2: usage or configuration error (a bad option, a bad rule file): nothing was cleaned.
"""
from __future__ import annotations

import os
import sys
from enum import IntEnum
from pathlib import Path

import click

from . import __version__
from .batch import CleanerConfig, Runner
from .pipeline import Cleaner
from .files import Plan, PlanError, check_plan, run_plan
from .io import discover
from .ruleset import RuleFileError, RuleSet, default_rule_files, load_rules
from .settings import DEFAULT_SETTINGS


class ExitCode(IntEnum):
    OK = 0
    INPUT_FAILED = 1
    USAGE = 2
    INTERRUPTED = 130


class StderrReport:
    """Prints problems to stderr (through the progress bar, if one is shown) and counts errors."""

    def __init__(self, progress_total: int = 0):
        self.errors = 0
        self._progress = None
        self._task = None
        if progress_total > 1 and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self._progress = Progress(TextColumn("cleaning"), BarColumn(), MofNCompleteColumn(),
                                      TimeRemainingColumn(), console=Console(stderr=True), transient=True)
            self._task = self._progress.add_task("clean", total=progress_total)

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
        self._say(f"warning: {message}")

    def advance(self) -> None:
        if self._progress is not None:
            self._progress.advance(self._task)

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.INPUT_FAILED if self.errors else ExitCode.OK


class ConfigurationError(Exception):
    """Problems that stop a run before anything is cleaned (exit 2); one message per line."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def _rules_options(command):
    command = click.option("--no-default-rules", is_flag=True,
                           help="Do not load the shipped rules; use only --rules files.")(command)
    command = click.option("--rules", "rule_files", multiple=True, type=click.Path(dir_okay=False),
                           metavar="FILE", help="A YAML rule file to add (repeatable).")(command)
    return command


def _load(rule_files: tuple[str, ...], no_default_rules: bool) -> RuleSet:
    try:
        return load_rules(rule_files, defaults=not no_default_rules)
    except RuleFileError as error:
        raise ConfigurationError(error.problems)


class NewscleanGroup(click.Group):
    """Turns every way a command can end into one of the documented exit codes."""

    def invoke(self, ctx: click.Context):
        try:
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
        except KeyboardInterrupt:
            click.echo("error: interrupted", err=True)
            code = ExitCode.INTERRUPTED
        except BrokenPipeError:
            # The reader of our output went away (| head): stop quietly, as cat does.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            code = ExitCode.OK
        except Exception as error:  # a bug: one line (NEWSCLEAN_DEBUG=1 shows the traceback)
            if os.environ.get("NEWSCLEAN_DEBUG"):
                raise
            click.echo(f"error: internal error: {type(error).__name__}: {error} "
                       "(run with NEWSCLEAN_DEBUG=1 for details, and please report it)", err=True)
            code = ExitCode.INPUT_FAILED
        if isinstance(code, int) and ctx.parent is None:
            ctx.exit(int(code))
        return code


@click.group(cls=NewscleanGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="newsclean")
def cli() -> None:
    """Turn scraped news text into clean article bodies.

    Site chrome (menus, comment widgets, "Read more" rails, share and newsletter boxes,
    captions, datelines, disclaimers, repeated paragraphs) is removed; every removal says why.
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", "outdir", type=click.Path(file_okay=False, path_type=Path),
              help="Write one output per input into this folder (same relative paths).")
@click.option("--format", "stdin_format", type=click.Choice(["text", "jsonl"]), default="text",
              show_default=True, help="What standard input ('-') holds.")
@click.option("--text-field", default="text", show_default=True, help="The JSON Lines field holding the text.")
@click.option("--site", default=None, help="The site of every input (JSON Lines records' own fields win).")
@_rules_options
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes; the output is the same for any number.")
@click.option("--preview", is_flag=True, help="Show each document with its removals instead of the text.")
@click.option("--no-model", is_flag=True,
              help="Decide with the layout heuristics instead of the line model (faster, less accurate).")
@click.option("--color", "colour", type=click.Choice(["auto", "always", "never"]), default="auto",
              show_default=True, help="Style the preview (auto: when stdout is a terminal and NO_COLOR is unset).")
def clean(paths, outdir, stdin_format, text_field, site, rule_files, no_default_rules, jobs, preview, no_model,
          colour):
    """Clean files, folders (their *.txt files, recursively), .jsonl files or '-' (stdin).

    One text input prints its body on stdout; with -o OUTDIR every input is written to
    OUTDIR/<relative path>.txt. JSON Lines inputs give JSON Lines, each record with
    clean_text, site and removed added.
    """
    rules = _load(rule_files, no_default_rules)
    errors: list[str] = []
    sources = discover(list(paths), errors)
    plan = Plan(sources=sources, outdir=outdir, text_field=text_field, site=site, stdin_format=stdin_format)
    check_plan(plan, list(paths), preview=preview)
    return _run(plan, rules, rule_files, no_default_rules, jobs, errors, preview, colour, no_model)


@cli.command()
@click.argument("path")
@click.option("--format", "stdin_format", type=click.Choice(["text", "jsonl"]), default="text",
              show_default=True, help="What standard input ('-') holds.")
@click.option("--text-field", default="text", show_default=True, help="The JSON Lines field holding the text.")
@click.option("--site", default=None, help="The site of the input.")
@_rules_options
@click.option("--no-model", is_flag=True, help="Decide with the layout heuristics instead of the line model.")
@click.option("--color", "colour", type=click.Choice(["auto", "always", "never"]), default="auto",
              show_default=True, help="Style the output (auto: when stdout is a terminal and NO_COLOR is unset).")
def preview(path, stdin_format, text_field, site, rule_files, no_default_rules, no_model, colour):
    """Show PATH with every removed block styled and labelled with why, then a summary."""
    rules = _load(rule_files, no_default_rules)
    errors: list[str] = []
    sources = discover([path], errors)
    plan = Plan(sources=sources, text_field=text_field, site=site, stdin_format=stdin_format)
    return _run(plan, rules, rule_files, no_default_rules, 1, errors, True, colour, no_model)


def _run(plan: Plan, rules: RuleSet, rule_files, no_default_rules, jobs, errors, preview, colour,
         no_model: bool = False) -> ExitCode:
    from .preview import render, use_colour

    settings = DEFAULT_SETTINGS.with_changes(line_model=not no_model)
    config = CleanerConfig(rule_files=tuple(rule_files), default_rules=not no_default_rules, settings=settings)
    cleaner = Cleaner(rules=rules, settings=config.settings)
    stdin = sys.stdin.buffer.read() if any(s.is_stdin for s in plan.sources) else None
    on_document = None
    if preview:
        styled = use_colour(colour, sys.stdout)
        on_document = lambda name, doc: render(doc, name, colour=styled)  # noqa: E731
        jobs = 1
    with StderrReport(progress_total=len(plan.sources)) as report:
        for message in errors:
            report.error(message)
        with Runner(config, jobs, keep_documents=preview, cleaner=cleaner) as runner:
            run_plan(plan, runner, report, stdin=stdin, on_document=on_document)
    return report.exit_code


@cli.group(cls=NewscleanGroup)
def rules() -> None:
    """List, check and test rule files (the shipped ones, plus any FILE given)."""


def _rule_files_arguments(command):
    command = click.option("--no-default-rules", is_flag=True,
                           help="Only the FILEs given, not the shipped rules.")(command)
    return click.argument("files", nargs=-1, type=click.Path(dir_okay=False))(command)


@rules.command("list")
@_rule_files_arguments
def rules_list(files, no_default_rules):
    """One line per rule: id, kind, scope, description (tab-separated)."""
    for rule in _load(files, no_default_rules).rules:
        click.echo(f"{rule.id}\t{rule.kind}\t{rule.scope}\t{rule.description}")
    return ExitCode.OK


@rules.command("check")
@_rule_files_arguments
def rules_check(files, no_default_rules):
    """Validate rule files: every problem is named with its file, rule id and line."""
    ruleset = _load(files, no_default_rules)
    count = len(files) + (0 if no_default_rules else len(default_rule_files()))
    click.echo(f"ok: {len(ruleset)} rules in {count} files")
    return ExitCode.OK


@rules.command("test")
@_rule_files_arguments
def rules_test(files, no_default_rules):
    """Run every rule's examples: 'match' examples must match, 'keep' examples must not."""
    ruleset = _load(files, no_default_rules)
    failures = ruleset.check_examples()
    for failure in failures:
        click.echo(f"FAIL {failure}")
    examples = sum(len(r.match_examples) + len(r.keep_examples) for r in ruleset.rules)
    untested = [r.id for r in ruleset.rules if not r.match_examples or not r.keep_examples]
    for rule_id in untested:
        click.echo(f"warning: rule '{rule_id}' lacks match or keep examples", err=True)
    click.echo(f"{len(ruleset)} rules, {examples} examples, {len(failures)} failed")
    return ExitCode.INPUT_FAILED if failures else ExitCode.OK


def main() -> None:
    """The console script."""
    cli(prog_name="newsclean")
