#!/usr/bin/env python3
"""Throughput and peak memory of `newsclean clean`, with jusText timed in the same run.

    python benchmarks/throughput.py [--bench ../shared/bench] [--docs 10000] [--repeat 2] [--quick]
    python benchmarks/throughput.py --html     # pages as HTML: newsclean beside trafilatura.extract

Two corpora: the bench's scraped pages (text/), and a corpus of --docs documents made from
them: each page is repeated like the pages of one site, its chrome (short lines) kept as
the site would print it, its numbers changed, and every line of running text made unique
(two of its words swapped), so that no article text recurs between documents while menus
and footers do, as on a real site. newsclean runs as a user runs it, as a command
over a folder (process start, reading and writing files included), once with one process
and once with --jobs 2; and as a library in this process (Cleaner.clean over the same texts,
timed in a fresh process: the conditions jusText runs in). jusText runs in this process on the same texts, each line
wrapped as <p> (its input is HTML), with the English stop list: its time includes parsing,
not the wrapping. The ratios printed are newsclean's docs/s (one process) over jusText's.

This machine's speed drifts from minute to minute, so every measurement is repeated
(--repeat), interleaved with the others, and the best of each is kept.

With --html: the bench's and wcxb's pages as HTML files (wcxb's ungzipped first), newsclean
as a command over the folder and as a library (as it runs by default: trafilatura asked
about the pages the markup leaves in doubt; with --no-trafilatura; and as a library with
--trafilatura all), trafilatura.extract (comments off) in this process on the same pages;
the ratios are newsclean's docs/s over trafilatura's.

Peak memory is the largest resident set of the newsclean process (with --jobs, of the
largest of its processes), as GNU time (/usr/bin/time) reports it.
"""
from __future__ import annotations

import argparse
import html
import os
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_BENCH = HERE.parent.parent / "shared" / "bench"
NEWSCLEAN = Path(sys.executable).parent / "newsclean"


def synthesise(pages: list[str], count: int, folder: Path, seed: int = 7) -> None:
    """Write ``count`` documents made from ``pages`` into ``folder`` (100 per subfolder)."""
    rng = random.Random(seed)
    for n in range(count):
        page = pages[n % len(pages)]
        page = re.sub(r"\d+", lambda m: str(int(m.group()) + n % 97), page)  # dates, counts, ids change
        lines = [_vary(line, rng) for line in page.splitlines()]
        head = rng.randint(0, min(5, len(lines)))  # the page's first few lines move to its foot
        lines = lines[head:] + lines[:head]
        target = folder / f"{n // 100:03d}" / f"{n:05d}.txt"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _vary(line: str, rng: random.Random) -> str:
    """A line of running text with two of its inner words swapped; other lines as they are."""
    words = line.split(" ")
    if len(words) < 8:
        return line
    i, j = rng.sample(range(1, len(words) - 1), 2)
    words[i], words[j] = words[j], words[i]
    return " ".join(words)


def run_newsclean(folder: Path, out: Path, jobs: int, *options: str) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of `newsclean clean folder -o out --jobs N [options]`."""
    shutil.rmtree(out, ignore_errors=True)
    errors = out.with_suffix(".stderr")
    argv = [str(NEWSCLEAN), "clean", str(folder), "-o", str(out), "--jobs", str(jobs), *options]
    # Peak memory through GNU time when there is one: a child started from this process is
    # charged this process's pages (it holds whole corpora) in its peak until it execs.
    # GNU time reports the largest of the command and its worker processes.
    timer = shutil.which("time", path="/usr/bin:/bin")
    if timer:
        argv = [timer, "-f", "peak-kb %M"] + argv
    actions = [(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
               (os.POSIX_SPAWN_OPEN, 2, str(errors), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)]
    started = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=actions)
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - started
    messages = errors.read_text()
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit(f"newsclean failed: {messages[-500:]}")
    peaks = re.findall(r"^peak-kb (\d+)$", messages, re.MULTILINE)
    return elapsed, (int(peaks[-1]) if peaks else usage.ru_maxrss) / 1024  # kilobytes


def run_justext(texts: list[str]) -> float:
    """Seconds jusText takes over ``texts`` (each line a <p>)."""
    import justext

    stoplist = justext.get_stoplist("English")
    documents = ["<html><body>" + "".join(f"<p>{html.escape(line)}</p>" for line in t.splitlines() if line.strip())
                 + "</body></html>" for t in texts]
    started = time.perf_counter()
    for document in documents:
        justext.justext(document, stoplist)
    return time.perf_counter() - started


_LIBRARY_RUN = """
import sys, time
from pathlib import Path
from newsclean import Cleaner
texts = [p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[1]).rglob("*.txt"))]
cleaner = Cleaner()
started = time.perf_counter()
for text in texts:
    cleaner.clean(text)
print(time.perf_counter() - started)
"""


def run_library(folder: Path) -> float:
    """Seconds newsclean's Cleaner takes over the folder's texts, timed inside a fresh process
    (so that no cache warmed by an earlier round helps; imports and reading not timed)."""
    import subprocess

    done = subprocess.run([sys.executable, "-c", _LIBRARY_RUN, str(folder)], capture_output=True, text=True, check=True)
    return float(done.stdout.strip().splitlines()[-1])


def report(name: str, folder: Path, work: Path, repeat: int) -> None:
    runs: dict[str, list[float]] = {"one": [], "two": [], "library": [], "justext": []}
    peak = {"one": 0.0, "two": 0.0}
    for round_ in range(repeat):
        # The command runs before this process holds the texts: a child forked from a big
        # process is charged the parent's pages in its peak memory until it execs.
        for label, jobs in (("one", 1), ("two", 2)):
            seconds, rss = run_newsclean(folder, work / f"out-{label}", jobs)
            runs[label].append(seconds)
            peak[label] = max(peak[label], rss)
        texts = [p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.txt"))]
        runs["library"].append(run_library(folder))
        runs["justext"].append(run_justext(texts))
        count, size = len(texts), sum(map(len, texts))
        del texts
    rate = {label: count / min(seconds) for label, seconds in runs.items()}
    print(f"{name}: {count} documents, {size / 1e6:.1f} MB of text (best of {repeat} interleaved runs)")
    print_rates(rate, [("newsclean clean (command, 1 process)", "one", f"peak RSS {peak['one']:5.0f} MB"),
                       ("newsclean clean --jobs 2", "two", f"peak RSS {peak['two']:5.0f} MB (largest process)"),
                       ("newsclean library, in process", "library", "")],
                [("command", "one"), ("library", "library"), ("command --jobs 2", "two")])


_LIBRARY_HTML_RUN = """
import sys, time
from pathlib import Path
from newsclean import Cleaner
from newsclean.settings import Settings
pages = [p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[1]).rglob("*.html"))]
cleaner = Cleaner(settings=Settings(html_trafilatura=sys.argv[2] != "markup",
                                    html_trafilatura_doubt=0.0 if sys.argv[2] == "all" else Settings.html_trafilatura_doubt))
started = time.perf_counter()
for page in pages:
    cleaner.clean(page, html=True)
print(time.perf_counter() - started)
"""


def report_html(folder: Path, work: Path, repeat: int) -> None:
    """newsclean (command, library) and trafilatura.extract over the same HTML pages."""
    import subprocess

    import trafilatura

    runs: dict[str, list[float]] = {"one": [], "library": [], "markup": [], "markup-library": [], "all-library": [],
                                    "trafilatura": []}
    peak = {"one": 0.0, "markup": 0.0}
    for _ in range(repeat):
        for key, options, evidence in (("one", (), "trafilatura"), ("markup", ("--no-trafilatura",), "markup")):
            seconds, rss = run_newsclean(folder, work / "out-html", 1, *options)
            runs[key].append(seconds)
            peak[key] = max(peak[key], rss)
            done = subprocess.run([sys.executable, "-c", _LIBRARY_HTML_RUN, str(folder), evidence],
                                  capture_output=True, text=True, check=True)
            runs["library" if key == "one" else "markup-library"].append(float(done.stdout.strip().splitlines()[-1]))
        done = subprocess.run([sys.executable, "-c", _LIBRARY_HTML_RUN, str(folder), "all"],
                              capture_output=True, text=True, check=True)
        runs["all-library"].append(float(done.stdout.strip().splitlines()[-1]))
        pages = [p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.html"))]
        started = time.perf_counter()
        for page in pages:
            trafilatura.extract(page, include_comments=False)
        runs["trafilatura"].append(time.perf_counter() - started)
        count = len(pages)
        del pages
    rate = {label: count / min(seconds) for label, seconds in runs.items()}
    print(f"html pages: {count} documents (best of {repeat} interleaved runs)")
    for title, key, note in (("newsclean clean (command, 1 process)", "one", f"peak RSS {peak['one']:5.0f} MB"),
                             ("newsclean library, in process", "library", ""),
                             ("clean --no-trafilatura (command)", "markup", f"peak RSS {peak['markup']:5.0f} MB"),
                             ("...the same, library in process", "markup-library", ""),
                             ("--trafilatura all, library in process", "all-library", ""),
                             ("trafilatura.extract, in process", "trafilatura", "")):
        print(f"  {title:38} {rate[key]:7.0f} docs/s   {note}".rstrip())
    print("  ratio to trafilatura: " + ", ".join(
        f"{name} {rate[key] / rate['trafilatura']:.2f}x" for name, key in
        (("command", "one"), ("library", "library"), ("--no-trafilatura command", "markup"),
         ("library", "markup-library"), ("--trafilatura all library", "all-library"))))


def _html_folder(bench: Path, target: Path) -> Path:
    """The bench's and wcxb's HTML pages as plain .html files in ``target``."""
    import gzip

    target.mkdir(parents=True, exist_ok=True)
    for corpus in (bench, bench.parent / "wcxb"):
        for path in sorted((corpus / "html").glob("*.html*")):
            data = gzip.decompress(path.read_bytes()) if path.name.endswith(".gz") else path.read_bytes()
            name = path.name.removesuffix(".gz")
            (target / f"{corpus.name}-{name}").write_text(data.decode("utf-8", "replace"), encoding="utf-8")
    return target


def print_rates(rate: dict[str, float], rows: list[tuple[str, str, str]], ratios: list[tuple[str, str]]) -> None:
    """One line per (title, key, note) with its docs/s, jusText's line (key "justext"), and
    the ratios of the keys named in ``ratios`` to jusText."""
    for title, key, note in rows + [("jusText 3, in process", "justext", "")]:
        print(f"  {title:38} {rate[key]:7.0f} docs/s   {note}".rstrip())
    print("  ratio to jusText: " + ", ".join(f"{name} {rate[key] / rate['justext']:.2f}x" for name, key in ratios))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH, help="the bench folder (with text/)")
    parser.add_argument("--docs", type=int, default=10_000, help="size of the synthetic corpus")
    parser.add_argument("--repeat", type=int, default=2, help="interleaved runs of each measurement (best kept)")
    parser.add_argument("--quick", action="store_true", help="a 1,000-document synthetic corpus")
    parser.add_argument("--html", action="store_true", help="HTML pages, beside trafilatura.extract")
    args = parser.parse_args()
    if not NEWSCLEAN.exists():
        sys.exit(f"{NEWSCLEAN} not found: run make test (or make bench) first")
    if args.html:
        with tempfile.TemporaryDirectory() as tmp:
            report_html(_html_folder(args.bench, Path(tmp) / "html"), Path(tmp), args.repeat)
        return 0
    pages_dir = args.bench / "text"
    paths = sorted(pages_dir.glob("*.txt"))
    if not paths:
        sys.exit(f"no pages in {pages_dir}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        report("bench text", pages_dir, work, max(args.repeat, 3))
        corpus = work / "corpus"
        synthesise([p.read_text(encoding="utf-8") for p in paths], 1_000 if args.quick else args.docs, corpus)
        report("synthetic corpus", corpus, work, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
