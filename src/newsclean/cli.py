"""The ``newsclean`` command: parse arguments, call the library, print.

Data goes to standard output, messages to standard error (``error: FILE: why`` and
``warning: FILE: why``, one line each). How a command ends, and its exit code, is decided
in one place: :mod:`newsclean.endings`.
"""
from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path
from typing import IO, TYPE_CHECKING

import click

from . import __version__
from .endings import ConfigurationError, ExitCode, GuardedOutput, NewscleanGroup, StderrReport
from .files import (RECORD_FORMATS, SITE_FROM, Plan, check_plan, discovers, documents, input_format, learnable,
                    run_plan)
from .io import DEFAULT_MAX_BYTES, discover
from .settings import DEFAULT_SETTINGS, settle_collector
from .store import Store, StoreError, learn
from .template_store import learn_templates, summary as template_summary
from .spool import rereadable, standard_input
from .temporaries import scratch_folder

if TYPE_CHECKING:
    from .ruleset import RuleSet

# The rules, the pipeline and the line model (numpy) are imported by the commands that clean:
# `newsclean learn` and `store show` start without them.


class ByteSize(click.ParamType):
    """A size in bytes, with an optional k, M or G (powers of 1000): 20000000, 20M, 1G."""

    name = "SIZE"
    _UNITS = {"": 1, "k": 10 ** 3, "m": 10 ** 6, "g": 10 ** 9}

    def convert(self, value, param, ctx):
        if isinstance(value, int):
            return value
        match = re.fullmatch(r"\s*(\d+)\s*([kmg]?)b?\s*", str(value), re.IGNORECASE)
        if not match or int(match[1]) == 0:
            self.fail(f"{value!r}: a size in bytes, such as 20000000 or 20M", param, ctx)
        return int(match[1]) * self._UNITS[match[2].lower()]


def _input_options(command):
    """What the inputs hold and how much of one is read: shared by clean, preview and learn."""
    command = click.option(
        "--max-bytes", type=ByteSize(), default=DEFAULT_MAX_BYTES, show_default=True,
        help="Refuse (alone) an input file, page or record larger than this: bounds a run's memory.")(command)
    command = click.option(
        "--html-field", default="html", show_default=True,
        help="The JSON Lines field holding a page's HTML (used before the text field when a record has it).")(command)
    command = click.option("--text-field", default="text", show_default=True,
                           help="The JSON Lines field holding the text.")(command)
    command = click.option("--format", "stdin_format", type=click.Choice(["text", "html", "jsonl"]), default="text",
                           show_default=True, help="What standard input ('-') holds.")(command)
    return command


def _site_options(command):
    command = click.option(
        "--site-from", type=click.Choice(SITE_FROM), default="auto", show_default=True,
        help="Where an input's site comes from: auto or field = a JSON Lines record's site, domain or url "
             "field; folder = the subfolder (of a folder given) a file is in; none = only --site. With auto, "
             "pages without a site are grouped into the templates their chrome shows.")(command)
    command = click.option("--site", default=None,
                           help="The site of every input that has none of its own (see --site-from).")(command)
    return command


def _rules_options(command):
    command = click.option("--no-default-rules", is_flag=True,
                           help="Do not load the shipped rules; use only --rules files.")(command)
    command = click.option("--rules", "rule_files", multiple=True, type=click.Path(dir_okay=False),
                           metavar="FILE", help="A YAML rule file to add (repeatable).")(command)
    return command


# --trafilatura: which HTML pages trafilatura is asked about (Settings.html_trafilatura*).
TRAFILATURA_CHOICES = {"doubtful": {}, "all": {"html_trafilatura_doubt": 0.0}, "none": {"html_trafilatura": False}}


def _model_options(command):
    """How pages are judged: shared by clean and preview."""
    command = click.option("--no-trafilatura", is_flag=True,
                           help="The same as --trafilatura none.")(command)
    command = click.option(
        "--trafilatura", "trafilatura", type=click.Choice(list(TRAFILATURA_CHOICES)), default="doubtful",
        show_default=True,
        help="Which HTML pages trafilatura's opinion is asked for: doubtful = those the markup alone leaves "
             "in doubt (about 1 in 6), all = every page (slower, about as accurate), none = none (faster, "
             "a little less accurate).")(command)
    command = click.option("--no-model", is_flag=True,
                           help="Decide with the layout heuristics instead of the body model (faster, less "
                                "accurate).")(command)
    return command


def _model_settings(no_model: bool, trafilatura: str, no_trafilatura: bool) -> dict:
    """The settings the model options ask for."""
    return dict(TRAFILATURA_CHOICES["none" if no_trafilatura else trafilatura], line_model=not no_model)


def _load(rule_files: tuple[str, ...], no_default_rules: bool) -> RuleSet:
    from .ruleset import RuleFileError, load_rules

    try:
        return load_rules(rule_files, defaults=not no_default_rules)
    except RuleFileError as error:
        raise ConfigurationError(error.problems)


def _cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):   # not on Linux
        return os.cpu_count() or 1


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
@_input_options
@_site_options
@_rules_options
@click.option("--store", type=click.Path(dir_okay=False), default=None,
              help="Remove the site chrome learned into this store (newsclean learn).")
@click.option("--no-learn", is_flag=True,
              help="Do not learn site chrome from the inputs (rules, duplicates and the line model only).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes; the output is the same for any number (a folder is given one "
                   "for every 250 files: for fewer, starting a worker costs more than it saves).")
@click.option("--preview", is_flag=True, help="Show each document with its removals instead of the text.")
@click.option("--keep-title", is_flag=True,
              help="Start each text output with the article's headline (JSON Lines always has it as 'title').")
@click.option("--output-format", type=click.Choice(["auto", "jsonl", "parquet", "text"]), default="auto",
              show_default=True,
              help="How the records of JSON Lines and Parquet inputs are written: auto and jsonl as JSON Lines, "
                   "parquet as OUTDIR/<name>.parquet (needs pyarrow: pip install 'newsclean[parquet]'), text as "
                   "each record's text: OUTDIR/<name>/<record number>.txt, or on stdout with a form-feed "
                   "line between records.")
@click.option("--skip-existing", is_flag=True,
              help="With -o: leave out the inputs whose output is already there (a run resumed; learning still "
                   "reads every input, so the outputs are those of one whole run).")
@_model_options
@click.option("--color", "colour", type=click.Choice(["auto", "always", "never"]), default="auto",
              show_default=True, help="Style the preview (auto: when stdout is a terminal and NO_COLOR is unset).")
@click.option("-q", "--quiet", is_flag=True, help="Print no warnings (errors still are).")
@click.option("-v", "--verbose", is_flag=True, help="At the end, print where the time went, step by step.")
def clean(paths, outdir, stdin_format, text_field, html_field, max_bytes, site, site_from, rule_files, no_default_rules,
          store, no_learn, jobs, preview, keep_title, output_format, skip_existing, no_model, trafilatura,
          no_trafilatura, colour, quiet, verbose):
    """Clean files, folders (their *.txt files, recursively), .jsonl files or '-' (stdin).

    One text input prints its body on stdout; with -o OUTDIR every input is written to
    OUTDIR/<relative path>.txt. JSON Lines inputs give JSON Lines, each record with
    clean_text, title, confidence, site and removed added.

    Lines a site prints on many of its pages are learned from the inputs first (a first
    pass over them), or taken from --store; inputs without a known site are learned by the
    template their chrome shows (--site-from auto), or not at all.
    """
    if store and no_learn:
        raise ConfigurationError(["--store and --no-learn: give one or the other"])
    if quiet and verbose:
        raise ConfigurationError(["--quiet and --verbose: give one or the other"])
    if skip_existing and outdir is None:
        raise ConfigurationError(["--skip-existing: give -o OUTDIR (it skips the inputs whose output is there)"])
    rules = _load(rule_files, no_default_rules)
    errors: list[str] = []
    warnings: list[str] = []
    cores = _cores()
    if jobs > cores:   # more workers than cores only add start-up time and memory
        warnings.append(f"--jobs {jobs}: this machine has {cores} cores: using {cores}")
        jobs = cores
    sources = discover(list(paths), errors, warnings)
    from .batch import workers_worth_starting

    jobs = workers_worth_starting(jobs, sources)
    plan = Plan(sources=sources, outdir=outdir, text_field=text_field, html_field=html_field, site=site, stdin_format=stdin_format,
                site_from=site_from, keep_title=keep_title, max_bytes=max_bytes, skip_existing=skip_existing,
                output_format=output_format)
    check_plan(plan, list(paths), preview=preview)
    opened = _open_store(store) if store else None
    stdin = standard_input(plan, sys.stdin.buffer)
    pool = None   # the workers, started to learn the inputs, then to clean them
    with scratch_folder() as scratch:
        try:
            if opened is None and not no_learn and learnable(plan):
                plan = rereadable(plan, stdin, Path(scratch))   # two passes: a pipe is copied first
                if jobs > 1 and not preview:
                    from .batch import start_workers

                    pool = start_workers(jobs)
                opened = _learn_from_inputs(plan, stdin, Path(scratch), pool)
            return _run(plan, rules, jobs, errors, warnings, preview, colour,
                        _model_settings(no_model, trafilatura, no_trafilatura), store=opened, stdin=stdin,
                        quiet=quiet, verbose=verbose, pool=pool)
        except BaseException:
            if pool is not None:    # (the runner closes them when the run ends as it should)
                pool.close(wait=False)
            raise
        finally:
            if opened is not None:
                opened.close()


@cli.command()
@click.argument("path")
@_input_options
@_site_options
@_rules_options
@click.option("--store", type=click.Path(dir_okay=False), default=None,
              help="Also remove the site chrome learned into this store (newsclean learn).")
@_model_options
@click.option("--color", "colour", type=click.Choice(["auto", "always", "never"]), default="auto",
              show_default=True, help="Style the output (auto: when stdout is a terminal and NO_COLOR is unset).")
def preview(path, stdin_format, text_field, html_field, max_bytes, site, site_from, rule_files, no_default_rules, store, no_model,
            trafilatura, no_trafilatura, colour):
    """Show PATH with every removed block styled and labelled with why, then a summary."""
    rules = _load(rule_files, no_default_rules)
    errors: list[str] = []
    warnings: list[str] = []
    sources = discover([path], errors, warnings)
    plan = Plan(sources=sources, text_field=text_field, html_field=html_field, site=site, stdin_format=stdin_format,
                site_from=site_from, max_bytes=max_bytes)
    stdin = standard_input(plan, sys.stdin.buffer)
    return _run(plan, rules, 1, errors, warnings, True, colour, _model_settings(no_model, trafilatura, no_trafilatura),
                store=_open_store(store) if store else None, stdin=stdin)


@cli.command("learn")
@click.argument("paths", nargs=-1, required=True)
@click.option("--store", type=click.Path(dir_okay=False), required=True,
              help="The store to learn into (created if missing; learning again adds pages).")
@_input_options
@_site_options
def learn_command(paths, store, stdin_format, text_field, html_field, max_bytes, site, site_from):
    """Learn each site's chrome from its pages (files, folders, .jsonl, '-') into STORE.

    Counts, for every site, on how many of its pages each line form is seen. A page is
    counted once however often it is learned. With --site-from auto, pages without a known
    site are learned by the templates their chrome shows, and a site's pages by its
    templates too when it has several (found again over all the store's pages at each
    learn); otherwise pages without a site are skipped.
    """
    report = StderrReport()
    errors: list[str] = []
    warnings: list[str] = []
    sources = discover(list(paths), errors, warnings)
    for message in errors:
        report.error(message)
    for message in warnings:
        report.warning(message)
    plan = Plan(sources=sources, text_field=text_field, html_field=html_field, site=site, stdin_format=stdin_format,
                site_from=site_from, max_bytes=max_bytes)
    stdin = standard_input(plan, sys.stdin.buffer)
    try:
        with Store.create_or_open(store) as opened:
            if discovers(plan):
                (learned, known), unknown = learn_templates(opened, documents(plan, report, stdin)), 0
            else:
                learned, known, unknown = learn(opened, documents(plan, report, stdin))
            unsited, within = template_summary(opened)
            sites = sum(" template " not in f" {name}" for name, _ in opened.sites())
    except StoreError as error:
        raise ConfigurationError([str(error)])
    held = (f"{sites} sites" + (f" (their pages in {within} templates)" if within else "")
            + (f" and {unsited} templates of pages without a site" if unsited else ""))
    click.echo(f"learned {learned} pages into {store} ({known} already learned; {held} in the store)", err=True)
    if unknown:
        report.warning(f"{unknown} inputs without a known site were not learned "
                       "(give --site, or --site-from folder for a folder of one subfolder per site)")
    return report.exit_code


@cli.group("store", cls=NewscleanGroup)
def store_group() -> None:
    """Look into a learned store."""


@store_group.command("show")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--site", default=None, help="List this site's learned chrome (default: list the sites).")
@click.option("--min-pages", type=click.IntRange(min=2), default=DEFAULT_SETTINGS.learn_min_pages, show_default=True,
              help="With --site: only forms seen on at least this many pages.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="With --site: at most this many forms.")
def store_show(path, site, min_pages, limit):
    """The sites of a store with their pages, or a site's learned line forms with counts.

    Tab-separated on stdout: 'site, pages, forms seen on 2+ pages', or with --site
    'pages, share of the site's pages, form', most frequent first.
    """
    opened = _open_store(path)
    try:
        if site is None:
            for name, pages in opened.sites():
                known = opened.site(name)
                click.echo(f"{name}\t{pages}\t{len(known) if known else 0}")
            return ExitCode.OK
        known = opened.site(site)
        if known is None:
            raise ConfigurationError([f"{path}: no site '{site}' in this store (newsclean store show {path} lists them)"])
        for form in opened.top_forms(site, min_pages, limit):
            click.echo(f"{form.pages}\t{form.pages / known.pages:.2f}\t{form.form}")
    except StoreError as error:
        raise ConfigurationError([str(error)])
    finally:
        opened.close()
    return ExitCode.OK


def _open_store(path: str) -> Store:
    try:
        store = Store.open(path)
        store.verify()
        return store
    except StoreError as error:
        raise ConfigurationError([str(error)])


def _learn_from_inputs(plan: Plan, stdin, scratch: Path, pool=None) -> Store | None:
    """The chrome of the inputs' sites, and of the templates found among the pages without
    one (``--site-from auto``), learned into a store in ``scratch`` (None when fewer than two
    pages were learned: nothing recurs); the pages folded by ``pool``'s workers if given."""
    from .learning import learn_inputs

    try:
        store = Store.temporary(scratch)
        learned = learn_inputs(store, plan, stdin, pool)
    except StoreError as error:
        raise ConfigurationError([f"learning from the inputs: {error}"])
    if learned < 2:
        store.close()
        return None
    return store


def _run(plan: Plan, rules: RuleSet, jobs, errors, warnings, preview, colour,
         model_settings: dict | None = None, *, store: Store | None = None, quiet: bool = False, verbose: bool = False,
         stdin: "IO[bytes] | bytes | None" = None, pool=None) -> ExitCode:
    from .batch import CleanerConfig, Runner
    from .pipeline import Cleaner
    from .preview import render, use_colour

    if sys.stdout is None and (plan.outdir is None or preview):
        raise ConfigurationError(["standard output is closed: give -o OUTDIR, or send it somewhere"])
    stdout = GuardedOutput(sys.stdout) if sys.stdout is not None else None
    settings = DEFAULT_SETTINGS.with_changes(**(model_settings or {}))
    templates = discovers(plan)
    config = CleanerConfig(rules=rules, settings=settings, store=str(store.path) if store else None,
                           templates=templates, timed=verbose)
    cleaner = None   # with workers, they clean: none is needed here
    if jobs <= 1 or preview:
        cleaner = Cleaner(rules=rules, settings=config.settings, store=store, templates=templates)
        if verbose:
            cleaner.time_steps()
    on_document = None
    if preview:
        styled = use_colour(colour, sys.stdout)
        on_document = lambda name, outcome: render(outcome.document, name, out=stdout, colour=styled,  # noqa: E731
                                                   headline=outcome.title, confidence=outcome.confidence,
                                                   from_html=outcome.from_html)
        jobs = 1
    records = any(input_format(plan, s) in RECORD_FORMATS for s in plan.sources)
    started = time.perf_counter()
    with StderrReport(progress_total=len(plan.sources), records=records and not preview, quiet=quiet) as report:
        for message in errors:
            report.error(message)
        for message in warnings:
            report.warning(message)
        with Runner(config, jobs, keep_documents=preview, cleaner=cleaner, pool=pool) as runner:
            run_plan(plan, runner, report, stdout=stdout, stdin=stdin, on_document=on_document)
        if stdout is not None:
            stdout.flush()     # here, where a full disk can still be said in one line
    if verbose:
        documents = report.records + sum(input_format(plan, s) not in RECORD_FORMATS for s in plan.sources)
        seconds = time.perf_counter() - started
        report.say(f"cleaned {documents:,} documents in {seconds:.2f} s ({documents / max(seconds, 1e-9):,.0f} a second, "
                   f"{jobs} job{'s' if jobs > 1 else ''})")
        for line in report.timing_summary(documents):
            report.say(line)
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
    from .ruleset import default_rule_files

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
    settle_collector()
    cli(prog_name="newsclean")
