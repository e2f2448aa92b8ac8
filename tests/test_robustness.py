"""Robustness: no odd record, file, rule or signal loses output, hangs a run or leaves
anything behind (issue 13). Each test here failed before its fix."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

GOOD_FIRST = '{"id": 1, "text": "The talks in Geneva ended on Monday without an agreement."}'
GOOD_LAST = '{"id": 9, "text": "Both delegations said they would meet again next month."}'
ODD_RECORDS = {
    "surrogate in a field not read": ('{"id": "\\udfff", "text": "The storm hit the coast."}', None),
    "surrogate in the site": ('{"site": "bad\\udfffsite", "text": "The storm hit the coast."}', None),
    "surrogate in the text": ('{"text": "The storm \\udfff hit the coast."}', "unpaired surrogate"),
    "nested 1,000 levels": ('{"deep": ' + "[" * 1000 + "]" * 1000 + ', "text": "The storm hit."}',
                            "nested too deeply"),
    "integer of 5,000 digits": ('{"n": ' + "9" * 5000 + ', "text": "The storm hit."}', "4300 digits"),
}


@pytest.fixture(params=list(ODD_RECORDS))
def odd(request, tmp_path) -> tuple[Path, str | None]:
    """A JSON Lines file of a good record, an odd one, a good one; what the error says (None: none)."""
    line, error = ODD_RECORDS[request.param]
    path = tmp_path / "odd.jsonl"
    path.write_text(f"{GOOD_FIRST}\n{line}\n{GOOD_LAST}\n", encoding="utf-8")
    return path, error


def written_ids(text: str) -> list:
    return [json.loads(line).get("id") for line in text.splitlines()]


def assert_odd_record_fails_alone(result, output: str, error: str | None):
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    ids = written_ids(output)
    assert ids[0] == 1 and ids[-1] == 9, "the good records are written"
    if error is None:
        assert result.exit_code == 0 and len(ids) == 3, result.stderr
    else:
        assert result.exit_code == 1 and len(ids) == 2
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")
        assert ":2: " in result.stderr and error in result.stderr


def test_an_odd_record_fails_alone_on_stdout(run, odd):
    path, error = odd
    result = run("clean", path)
    assert_odd_record_fails_alone(result, result.stdout, error)


def test_an_odd_record_fails_alone_with_an_output_folder(run, odd, tmp_path):
    path, error = odd
    result = run("clean", path, "-o", tmp_path / "out")
    assert_odd_record_fails_alone(result, (tmp_path / "out" / "odd.jsonl").read_text(encoding="utf-8"), error)


def test_an_odd_record_fails_alone_when_learning(run, odd, tmp_path):
    path, error = odd
    result = run("learn", path, "--store", tmp_path / "learned.db", "--site", "example.com")
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert result.exit_code == (0 if error is None else 1), result.stderr
    assert "learned 3 pages" in result.stderr if error is None else "learned 2 pages" in result.stderr


def test_a_field_utf8_cannot_carry_is_passed_through_as_its_escape(run, tmp_path):
    path = tmp_path / "odd.jsonl"
    path.write_text('{"id": "a\\udfffb", "text": "The storm hit the coast."}\n', encoding="utf-8")
    result = run("clean", path)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["id"] == "a\udfffb"


# --- signals and worker processes (items 3, 4, 10) -------------------------------------

import os
import signal
import subprocess
import sys
import time

NEWSCLEAN = [sys.executable, "-c", "from newsclean.cli import cli; cli()"]
POSIX_ONLY = pytest.mark.skipif(os.name != "posix", reason="signals and process groups as on POSIX")


def big_jsonl(path: Path, records: int = 4000) -> Path:
    """Records that take a while to clean (many seconds in all), each a page with chrome."""
    lines = ["Home | News | Sport | Weather", "Share this article", "Advertisement"]
    lines += [f"Paragraph {n} of the report on the harbour works, with a figure of {n * 7} tonnes." for n in range(25)]
    with path.open("w", encoding="utf-8") as out:
        for number in range(records):
            out.write(json.dumps({"id": number, "text": "\n".join(lines + [f"Record {number}."])}) + "\n")
    return path


def start(*args: str, **options) -> subprocess.Popen:
    """The command in a process group of its own, as a terminal runs it: with Ctrl-C's
    default action (a suite started in the background, as `make test &` is, has SIGINT
    ignored, and a process inherits that: it would never see the test's Ctrl-C)."""
    return subprocess.Popen([*NEWSCLEAN, *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True, preexec_fn=_default_interrupt, **options)


def _default_interrupt() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
            except (OSError, IndexError, ValueError):
                pass
    return found


def running(pid: int) -> bool:
    """``pid`` exists and is not a zombie (an ended process its new parent has not reaped)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@POSIX_ONLY
@pytest.mark.parametrize("attempt", range(3))
def test_ctrl_c_with_two_jobs_ends_at_once_and_quietly(tmp_path, attempt):
    # The pool's terminate hung in 2 tries of 6, and workers printed KeyboardInterrupt
    # tracebacks and a leaked-semaphore warning.
    process = start("clean", big_jsonl(tmp_path / "big.jsonl"), "--no-learn", "--jobs", "2")
    assert process.stdout.readline(), "records come out"          # the workers are at work
    os.killpg(process.pid, signal.SIGINT)                          # Ctrl-C: the whole group
    started = time.monotonic()
    _, stderr = process.communicate(timeout=30)
    assert time.monotonic() - started < 10
    assert process.returncode == 130
    assert stderr.decode() == "error: interrupted\n"


@POSIX_ONLY
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the workers in /proc")
def test_workers_end_when_the_parent_is_killed(tmp_path):
    process = start("clean", big_jsonl(tmp_path / "big.jsonl"), "--no-learn", "--jobs", "2")
    assert process.stdout.readline()
    workers = [pid for pid in children(process.pid) if pid != process.pid]
    assert len(workers) >= 2
    process.kill()
    process.wait(10)
    deadline = time.monotonic() + 10
    while (alive := [pid for pid in workers if running(pid)]) and time.monotonic() < deadline:
        time.sleep(0.1)
    for pid in alive:
        os.kill(pid, signal.SIGKILL)
    assert not alive, "the workers outlived their parent"


@POSIX_ONLY
def test_a_rule_file_that_can_be_read_once_serves_every_worker(tmp_path):
    # --rules <(cat r.yaml): a pipe, read by the parent; workers that read it again found it
    # empty and were respawned forever, 50 tracebacks a second.
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(500):   # enough files for two workers (one per 250)
        (folder / f"{number:03}.txt").write_text(
            f"The harbour works went on in week {number} with two cranes.\nZZZ sponsored line\n", encoding="utf-8")
    fifo = tmp_path / "rules.yaml"
    os.mkfifo(fifo)
    rule = ("rules:\n  - id: test.sponsored\n    kind: advertising\n    description: A sponsored line.\n    pattern: '^ZZZ sponsored line$'\n"
            "    examples:\n      match: ['ZZZ sponsored line']\n      keep: ['The harbour works went on.']\n")
    process = start("clean", folder, "-o", tmp_path / "out", "--rules", fifo, "--jobs", "2", "--no-learn")
    with fifo.open("w") as writer:   # one reader, once: as a process substitution
        writer.write(rule)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr.decode()
    outputs = sorted((tmp_path / "out").glob("*.txt"))
    assert len(outputs) == 500
    assert all("ZZZ" not in path.read_text(encoding="utf-8") for path in outputs)


def test_a_worker_that_cannot_start_ends_the_run_in_one_error():
    from newsclean.workers import WorkerError, WorkerPool

    started = time.monotonic()
    with pytest.raises(WorkerError, match="a worker could not start: OSError: no such store"):
        with WorkerPool(2, _failing_setup, ("no such store",)) as pool:
            list(pool.map(abs, range(100)))
    assert time.monotonic() - started < 30


def _failing_setup(message: str) -> None:
    raise OSError(message)


# --- SIGTERM and what a killed run leaves behind (items 11, 15) ------------------------

def sited_jsonl(path: Path, records: int = 4000) -> Path:
    """As :func:`big_jsonl`, with sites: the run learns from its inputs into a scratch store first."""
    lines = big_jsonl(path, records).read_text(encoding="utf-8").splitlines()
    with path.open("w", encoding="utf-8") as out:
        for number, line in enumerate(lines):
            out.write(json.dumps({**json.loads(line), "site": f"site{number % 5}.example"}) + "\n")
    return path


def leftovers(*folders: Path) -> list[str]:
    return sorted(p.name for folder in folders if folder.exists() for p in folder.iterdir()
                  if p.name.endswith(".tmp") or p.name.startswith("newsclean-"))


@POSIX_ONLY
@pytest.mark.parametrize("jobs, output", [("1", "jsonl"), ("2", "jsonl"), ("1", "jsonl.gz"), ("1", "parquet"),
                                         ("1", "text")])
def test_sigterm_ends_the_run_like_ctrl_c_and_leaves_nothing_behind(tmp_path, jobs, output):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    out = tmp_path / "out"
    source = sited_jsonl(tmp_path / "big.jsonl")
    options = []
    if output == "jsonl.gz":   # a compressed output, written through its compressor
        import gzip

        compressed = tmp_path / "big.jsonl.gz"
        compressed.write_bytes(gzip.compress(source.read_bytes()))
        source.unlink()
        source = compressed
    elif output == "parquet":
        pytest.importorskip("pyarrow")
        options = ["--output-format", "parquet"]
    elif output == "text":     # a folder of the records' texts, made whole or not at all
        options = ["--output-format", "text"]
    process = start("clean", source, "-o", out, "--jobs", jobs, *options, env={**os.environ, "TMPDIR": str(scratch)})
    deadline = time.monotonic() + 60
    while not (list(out.glob(".*.tmp")) and list(out.glob(".*.tmp"))[0].stat().st_size) and time.monotonic() < deadline:
        time.sleep(0.05)                                # learnt, and writing the output
    assert leftovers(scratch), "learning from the inputs made a scratch folder"
    os.killpg(process.pid, signal.SIGTERM)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 143
    assert stderr.decode() == "error: terminated\n"
    assert leftovers(out, scratch) == []


@POSIX_ONLY
def test_a_killed_runs_temporaries_are_removed_by_the_next_run(tmp_path):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    out = tmp_path / "out"
    source = sited_jsonl(tmp_path / "big.jsonl", records=1500)
    env = {**os.environ, "TMPDIR": str(scratch)}
    process = start("clean", source, "-o", out, env=env)
    deadline = time.monotonic() + 60
    while not list(out.glob(".*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)              # nothing can clean up after this
    process.communicate(timeout=30)
    assert len(leftovers(out)) == 1 and len(leftovers(scratch)) == 1
    done = subprocess.run([*NEWSCLEAN, "clean", str(source), "-o", str(out)], capture_output=True, env=env,
                          timeout=300)
    assert done.returncode == 0, done.stderr.decode()
    assert leftovers(out, scratch) == []
    assert len((out / "big.jsonl").read_text(encoding="utf-8").splitlines()) == 1500


def test_a_live_processs_temporary_is_left_alone(tmp_path):
    from newsclean.temporaries import sweep_folder, temporary_for

    ours = temporary_for(tmp_path / "a.jsonl")
    other_host = temporary_for(tmp_path / "b.jsonl", pid=2 ** 22 + 12345, host="elsewhere")
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = temporary_for(tmp_path / "c.jsonl", pid=int(ended.stdout))
    for path in (ours, other_host, dead):
        path.write_text("partial")
    assert sweep_folder(tmp_path) == 1
    assert ours.exists() and other_host.exists() and not dead.exists()


@POSIX_ONLY
@pytest.mark.parametrize("suffix", [".jsonl", ".txt"])
def test_outputs_follow_the_umask(run, tmp_path, suffix):
    source = tmp_path / f"in{suffix}"
    source.write_text('{"text": "The storm hit the coast."}\n' if suffix == ".jsonl" else "The storm hit.\n")
    previous = os.umask(0o022)
    try:
        result = run("clean", source, "-o", tmp_path / "out")
    finally:
        os.umask(previous)
    assert result.exit_code == 0, result.stderr
    assert ((tmp_path / "out" / source.name).stat().st_mode & 0o777) == 0o644


# --- the environment failing (item 12) and rules that match nothing in particular (13) -

@POSIX_ONLY
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("suffix", [".txt", ".jsonl"])
def test_a_full_disk_on_standard_output_is_one_line(tmp_path, suffix):
    source = tmp_path / f"in{suffix}"
    source.write_text('{"text": "The storm hit the coast."}\n' if suffix == ".jsonl" else "The storm hit.\n")
    with open("/dev/full", "w") as full:
        done = subprocess.run([*NEWSCLEAN, "clean", str(source)], stdout=full, stderr=subprocess.PIPE, text=True,
                              timeout=60)
    assert done.returncode == 1
    assert done.stderr == "error: <stdout>: cannot write: No space left on device\n"


@POSIX_ONLY
def test_a_closed_standard_output_is_a_usage_error_unless_nothing_goes_there(tmp_path):
    source = tmp_path / "in.txt"
    source.write_text("The storm hit.\n")
    closed = subprocess.run([*NEWSCLEAN, "clean", str(source)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, timeout=60, preexec_fn=lambda: os.close(1))
    assert closed.returncode == 2
    assert closed.stderr == "error: standard output is closed: give -o OUTDIR, or send it somewhere\n"
    into_folder = subprocess.run([*NEWSCLEAN, "clean", str(source), "-o", str(tmp_path / "out")],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=60,
                                 preexec_fn=lambda: os.close(1))
    assert into_folder.returncode == 0, into_folder.stderr
    assert (tmp_path / "out" / "in.txt").read_text() == "The storm hit.\n"


@pytest.mark.parametrize("suffix", [".txt", ".jsonl"])
def test_an_output_path_taken_by_a_folder_fails_alone(run, tmp_path, suffix):
    folder = tmp_path / "in"
    folder.mkdir()
    line = '{"text": "The storm hit the coast."}\n' if suffix == ".jsonl" else "The storm hit.\n"
    for name in ("a", "b", "c"):
        (folder / f"{name}{suffix}").write_text(line)
    (tmp_path / "out" / f"b{suffix}").mkdir(parents=True)
    result = run("clean", *sorted(folder.iterdir()), "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr == f"error: {tmp_path / 'out' / f'b{suffix}'}: cannot write: Is a directory\n"
    assert (tmp_path / "out" / f"a{suffix}").is_file() and (tmp_path / "out" / f"c{suffix}").is_file()


def test_a_full_disk_on_a_json_lines_output_fails_alone(run, tmp_path, monkeypatch):
    import contextlib

    import newsclean.record_files

    real = newsclean.record_files.open_atomic

    @contextlib.contextmanager
    def full_for_b(path, compression=None):
        with real(path, compression) as out:
            if path.name == "b.jsonl":
                def write(text):
                    raise OSError(28, "No space left on device")
                out.write = write
            yield out

    monkeypatch.setattr(newsclean.record_files, "open_atomic", full_for_b)
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.jsonl").write_text('{"text": "The storm hit the coast."}\n')
    result = run("clean", *[tmp_path / f"{n}.jsonl" for n in "abc"], "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr == f"error: {tmp_path / 'out' / 'b.jsonl'}: cannot write: No space left on device\n"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.jsonl", "c.jsonl"]


RULE = """rules:
  - id: test.rule
    kind: advertising
    description: A test rule.
{body}"""


@pytest.mark.parametrize("body, says", [
    ("    pattern: '^x$'\n    1: 2\n", ":6: rule 'test.rule': a field name must be a word, not int 1"),
    ("    pattern: '(?:)'\n", ":5: rule 'test.rule': the pattern matches an empty string"),
    ("    pattern: '.*'\n", ":5: rule 'test.rule': the pattern matches an empty string"),
    ("    pattern: '^'\n", ":5: rule 'test.rule': the pattern matches an empty string"),
])
def test_rules_check_refuses_a_rule_in_one_line(run, tmp_path, body, says):
    path = tmp_path / "r.yaml"
    path.write_text(RULE.format(body=body))
    for command in (("rules", "check", path), ("clean", "-", "--rules", path)):
        result = run(*command, input="The storm hit.\n")
        assert result.exit_code == 2
        assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"error: {path}{says}")


def test_a_pattern_must_require_some_text_on_every_line_it_matches(run, tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text(RULE.format(body="    pattern: '^(Advertisement)?$|^Sponsored$'\n"))
    result = run("rules", "check", path)
    assert result.exit_code == 2   # '^(Advertisement)?$' matches an empty line: refused too
    path.write_text(RULE.format(body="    pattern: '^(Advertisement|Sponsored)$'\n"))
    assert run("rules", "check", path).exit_code == 0


def test_patterns_past_the_compile_budget_are_refused_at_the_rule_that_crosses_it(run, tmp_path, monkeypatch):
    import newsclean.ruleset
    # 10,000 patterns like these took 15 minutes and gigabytes to compile; now they stop at the
    # budget (here lowered, so that three patterns of 121,000 instructions cross it).
    monkeypatch.setattr(newsclean.ruleset, "PATTERN_BUDGET", 300_000)
    path = tmp_path / "r.yaml"
    path.write_text("rules:\n" + "".join(
        f"  - id: test.wide{n}\n    kind: advertising\n    description: A test rule.\n"
        f"    pattern: '^\\p{{L}}[\\p{{L}}.]{{1,100}} zz{n}$'\n" for n in range(5)))
    result = run("rules", "check", path, "--no-default-rules")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"error: {path}:10: rule 'test.wide2': the patterns up to this one need ")
    monkeypatch.setattr(newsclean.ruleset, "PATTERN_BUDGET", 400_000)
    assert run("rules", "check", path, "--no-default-rules").exit_code == 2
    monkeypatch.setattr(newsclean.ruleset, "PATTERN_BUDGET", 700_000)
    assert run("rules", "check", path, "--no-default-rules").exit_code == 0


# --- concurrent learners (item 14), damaged and newer stores (17) ---------------------

def learn_pages(folder: Path, count: int = 60) -> list[Path]:
    """Pages of two sites, each with its menu and footer, in ``folder/<site>/``."""
    pages = []
    for number in range(count):
        site = f"site{number % 2}.example"
        (folder / site).mkdir(parents=True, exist_ok=True)
        page = folder / site / f"{number:03}.txt"
        page.write_text(f"Home | News | Sport | {site}\nStory {number}: the council met on day {number} and "
                        f"voted on the harbour works.\nCopyright {site}, all rights reserved\n", encoding="utf-8")
        pages.append(page)
    return pages


def store_counts(store: Path) -> list[str]:
    sites = subprocess.run([*NEWSCLEAN, "store", "show", str(store)], capture_output=True, text=True, check=True)
    lines = sites.stdout.splitlines()
    for line in sites.stdout.splitlines():
        shown = subprocess.run([*NEWSCLEAN, "store", "show", str(store), "--site", line.split("\t")[0]],
                               capture_output=True, text=True, check=True)
        lines += shown.stdout.splitlines()
    return lines


@pytest.mark.parametrize("attempt, flat", [(0, False), (1, False), (2, False), (0, True), (1, True)])
def test_two_learners_of_one_new_store_both_succeed_with_exact_counts(tmp_path, attempt, flat):
    # flat: one folder of pages without a site, learned by their templates.
    if flat:
        from test_templates import write_folder

        pages = list(write_folder(tmp_path / "pages", ["Harbour Gazette", "Valley Echo"], per_site=30))
    else:
        pages = learn_pages(tmp_path / "pages")
    command = [*NEWSCLEAN, "learn", "--site-from", "auto" if flat else "folder"]
    store = tmp_path / "shared.sqlite"
    # Started together on the same pages: one creates the store while the other opens it,
    # and each finds pages the other is learning.
    learners = [subprocess.Popen([*command, "--store", str(store), str(tmp_path / "pages")],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for learner in learners:
        _, stderr = learner.communicate(timeout=120)
        assert learner.returncode == 0, stderr
    alone = tmp_path / "alone.sqlite"
    subprocess.run([*command, "--store", str(alone), str(tmp_path / "pages")], check=True, capture_output=True)
    assert store_counts(store) == store_counts(alone)
    assert len(pages) == 60


def test_a_store_damaged_past_its_header_is_refused_when_opened(run, tmp_path):
    pages = learn_pages(tmp_path / "pages")
    store = tmp_path / "s.sqlite"
    assert run("learn", "--site-from", "folder", "--store", store, tmp_path / "pages").exit_code == 0
    data = bytearray(store.read_bytes())
    assert len(data) > 8192
    half = len(data) // 2 // 4096 * 4096
    data[half:] = bytes(len(data) - half)                # the second half of its pages zeroed
    store.write_bytes(bytes(data))
    result = run("clean", *pages[:4], "-o", tmp_path / "out", "--store", store)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and f"error: {store}: the store is damaged" in result.stderr


def test_a_store_of_a_newer_version_asks_for_a_newer_newsclean(run, tmp_path):
    import sqlite3

    learn_pages(tmp_path / "pages")
    store = tmp_path / "s.sqlite"
    assert run("learn", "--site-from", "folder", "--store", store, tmp_path / "pages").exit_code == 0
    with sqlite3.connect(store) as connection:
        connection.execute("UPDATE meta SET value = '99' WHERE key = 'version'")
    result = run("clean", "-", "--store", store, input="The storm hit.\n")
    assert result.exit_code == 2
    assert result.stderr == (f"error: {store}: made by a newer newsclean (store version 99; this one reads "
                             "version 2): upgrade newsclean to use it\n")


# --- small gaps (item 18) -----------------------------------------------------------------

def test_more_jobs_than_cores_are_capped_with_a_warning(run, tmp_path, monkeypatch):
    import newsclean.cli

    monkeypatch.setattr(newsclean.cli, "_cores", lambda: 1)
    source = tmp_path / "in.txt"
    source.write_text("The storm hit the coast on Monday.\n")
    result = run("clean", source, "--jobs", "8")
    assert result.exit_code == 0
    assert result.stderr == "warning: --jobs 8: this machine has 1 cores: using 1\n"
    assert result.stdout == "The storm hit the coast on Monday.\n"


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs a folder nobody can write in (/proc)")
def test_an_output_folder_that_cannot_be_written_is_refused_before_cleaning(run, tmp_path):
    for number in range(3):
        (tmp_path / f"{number}.txt").write_text("The storm hit the coast on Monday.\n")
    result = run("clean", *sorted(tmp_path.glob("*.txt")), "-o", "/proc/newsclean-out")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("error: -o /proc/newsclean-out: cannot write there (")


def test_a_very_long_site_is_named_compactly_in_every_learned_removal(run, tmp_path):
    site = "s" * 10_000 + ".example"
    records = [{"site": site, "text": f"Home | News | Sport | Weather | Contact\nStory {n}: the council met and "
                                      f"voted on the harbour works on day {n}.\nThe {('north', 'south', 'east', 'west')[n]} gate of the "
                                      f"harbour stays closed until the works are done.\nCopyright, all rights reserved"}
               for n in range(4)]
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(record) + "\n" for record in records))
    result = run("clean", path)
    assert result.exit_code == 0, result.stderr
    for line in result.stdout.splitlines():
        learned = [r for r in json.loads(line)["removed"] if r["fingerprint"]]
        assert learned, "the site's chrome was learned"
        for removal in learned:
            assert len(removal["fingerprint"]["site"]) <= 80 and "(10,008 characters)" in removal["detail"]
    assert len(result.stdout) < 4 * len(site) + 20_000   # the site in each record, not in each removal
