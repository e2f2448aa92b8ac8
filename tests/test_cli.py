"""The command line through click's runner: outputs, JSON Lines, rules options, jobs."""
from __future__ import annotations

import json
import re
import shutil

import pytest

from conftest import SEEDS

ARTICLE = ("Share\n\nThe talks in Geneva ended on Monday without an agreement, officials said.\n\n"
           "Both delegations said they would meet again next month to try once more.\n\nReuters\n")
BODY = ("The talks in Geneva ended on Monday without an agreement, officials said.\n\n"
        "Both delegations said they would meet again next month to try once more.\n")


def test_one_file_prints_its_body(run, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = run("clean", path)
    assert result.exit_code == 0
    assert result.stdout == BODY
    assert result.stderr == ""


def test_stdin_to_stdout(run):
    result = run("clean", "-", input=ARTICLE)
    assert (result.exit_code, result.stdout) == (0, BODY)


def test_folder_to_outdir_keeps_relative_paths(run, tmp_path):
    source = tmp_path / "in"
    (source / "deep" / "er").mkdir(parents=True)
    (source / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (source / "deep" / "er" / "b.txt").write_text(ARTICLE, encoding="utf-8")
    (source / "notes.md").write_text("not a text input", encoding="utf-8")
    (source / ".hidden.txt").write_text(ARTICLE, encoding="utf-8")
    result = run("clean", source, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    written = sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*") if p.is_file())
    assert written == ["a.txt", "deep/er/b.txt"]
    assert (tmp_path / "out" / "deep" / "er" / "b.txt").read_text(encoding="utf-8") == BODY


def test_several_inputs_without_outdir_is_a_usage_error(run, tmp_path):
    for name in "ab":
        (tmp_path / f"{name}.txt").write_text(ARTICLE, encoding="utf-8")
    result = run("clean", tmp_path / "a.txt", tmp_path / "b.txt")
    assert result.exit_code == 2
    assert result.stderr == "error: several inputs: give -o OUTDIR to write one output file for each\n"


def records(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def test_jsonl_keeps_every_field_and_adds_clean_text_site_removed(run, tmp_path):
    path = tmp_path / "pages.jsonl"
    rows = [{"id": 7, "url": "https://www.example.com/a", "lang": "en", "text": ARTICLE},
            {"id": 8, "site": "other.org", "text": "Hide Comments\n\n" + ARTICLE}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = run("clean", path)
    assert result.exit_code == 0, result.stderr
    out = records(result.stdout)
    assert [r["id"] for r in out] == [7, 8]
    assert out[0]["lang"] == "en" and out[0]["text"] == ARTICLE
    assert out[0]["clean_text"] == BODY
    assert [r["site"] for r in out] == ["example.com", "other.org"]
    for row in out:
        assert row["removed"], row
        for removal in row["removed"]:
            assert set(removal) == {"start", "end", "reason", "kind", "detail", "score", "fingerprint"}
            removed_text = row["text"][removal["start"]:removal["end"]]
            assert removed_text and removed_text == removed_text.strip()
    assert [r["reason"] for r in out[0]["removed"]] == ["share.share-buttons", "bylines.wire-credit"]


def test_jsonl_on_stdin_and_text_field(run):
    line = json.dumps({"body": ARTICLE}) + "\n"
    result = run("clean", "-", "--format", "jsonl", "--text-field", "body", input=line)
    assert result.exit_code == 0
    assert records(result.stdout)[0]["clean_text"] == BODY


def test_jsonl_to_outdir(run, tmp_path):
    (tmp_path / "p.jsonl").write_text(json.dumps({"text": ARTICLE}) + "\n", encoding="utf-8")
    result = run("clean", tmp_path / "p.jsonl", "-o", tmp_path / "out")
    assert result.exit_code == 0
    assert records((tmp_path / "out" / "p.jsonl").read_text(encoding="utf-8"))[0]["clean_text"] == BODY


def test_site_option_fills_records_without_one(run):
    result = run("clean", "-", "--format", "jsonl", "--site", "Given.Example", input=json.dumps({"text": ARTICLE}))
    assert records(result.stdout)[0]["site"] == "given.example"   # as every site is keyed


def test_user_rules_add_to_the_shipped_ones(run, tmp_path):
    rules = tmp_path / "mine.yaml"
    rules.write_text("""\
rules:
  - id: house.promo
    kind: promo
    description: Our own promotion line.
    phrases: [Try our crossword today]
""", encoding="utf-8")
    text = "Try our crossword today\n\n" + ARTICLE
    result = run("clean", "-", "--format", "jsonl", "--rules", rules, input=json.dumps({"text": text}))
    reasons = [r["reason"] for r in records(result.stdout)[0]["removed"]]
    assert reasons[0] == "house.promo"
    assert "share.share-buttons" in reasons


def test_no_default_rules_uses_only_the_given_files(run):
    result = run("clean", "-", "--format", "jsonl", "--no-default-rules", input=json.dumps({"text": ARTICLE}))
    reasons = {r["reason"] for r in records(result.stdout)[0]["removed"]}
    assert not any(reason.startswith(("share.", "bylines.")) for reason in reasons)


def test_jobs_give_byte_identical_output(run, tmp_path):
    shutil.copytree(SEEDS / "raw", tmp_path / "in")
    for n in range(6):
        (tmp_path / "in" / f"extra{n}.txt").write_text(ARTICLE * (n + 1), encoding="utf-8")
    one = run("clean", tmp_path / "in", "-o", tmp_path / "one", "--jobs", "1")
    two = run("clean", tmp_path / "in", "-o", tmp_path / "two", "--jobs", "2")
    assert one.exit_code == two.exit_code == 0
    files = sorted(p.name for p in (tmp_path / "one").iterdir())
    assert files == sorted(p.name for p in (tmp_path / "two").iterdir())
    for name in files:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_a_few_files_are_cleaned_in_this_process_whatever_the_jobs(run, tmp_path, monkeypatch):
    import newsclean.batch

    monkeypatch.setattr(newsclean.batch, "_FILES_PER_WORKER", 250)   # as shipped
    (tmp_path / "in").mkdir()
    for n in range(3):
        (tmp_path / "in" / f"{n}.txt").write_text(f"Story {n} is told here in full, about the harbour works.\n")
    result = run("clean", tmp_path / "in", "-o", tmp_path / "out", "--jobs", "2", "-v")
    assert result.exit_code == 0
    assert "a second, 1 job)" in result.stderr


def test_jobs_keep_jsonl_order(run, tmp_path):
    path = tmp_path / "many.jsonl"
    path.write_text("".join(json.dumps({"id": i, "text": ARTICLE * (1 + i % 3)}) + "\n" for i in range(40)),
                    encoding="utf-8")
    one = run("clean", path, "--jobs", "1")
    two = run("clean", path, "--jobs", "2")
    assert one.stdout == two.stdout
    assert [r["id"] for r in records(two.stdout)] == list(range(40))


def test_rules_list_check_and_test(run):
    listed = run("rules", "list")
    assert listed.exit_code == 0
    assert "comments.widget-controls\tcomments\tline\t" in listed.stdout
    checked = run("rules", "check")
    assert checked.exit_code == 0 and checked.stdout.startswith("ok: ")
    tested = run("rules", "test")
    assert tested.exit_code == 0 and tested.stdout.rstrip().endswith(" 0 failed")


def test_rules_test_reports_a_failing_example(run, tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text("""\
rules:
  - id: test.share
    kind: share
    description: A share button.
    phrases: [share]
    examples:
      match: [Share this]
      keep: [Share]
""", encoding="utf-8")
    result = run("rules", "test", path, "--no-default-rules")
    assert result.exit_code == 1
    assert f"FAIL {path}:2: rule 'test.share': should match but does not: 'Share this'" in result.stdout
    assert f"FAIL {path}:2: rule 'test.share': should keep but matches: 'Share'" in result.stdout


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["clean", "--help"], ["rules", "--help"]])
def test_help_and_version(run, args):
    assert run(*args).exit_code == 0


def test_unknown_option_is_a_usage_error(run):
    assert run("clean", "--nope", "x").exit_code == 2


def test_no_model_uses_the_layout_heuristics(run):
    result = run("clean", "-", "--format", "jsonl", "--no-model", input=json.dumps({"text": "Home\nNews\n" + ARTICLE}))
    row = records(result.stdout)[0]
    assert row["clean_text"] == BODY
    assert all(r["score"] is None for r in row["removed"])


HEADLINED = "Talks end without a deal | Example News\n\nHome\n\nTalks end without a deal\n\n" + ARTICLE


def test_jsonl_records_carry_the_headline_and_a_confidence(run):
    result = run("clean", "-", "--format", "jsonl", input=json.dumps({"id": 1, "text": HEADLINED}) + "\n")
    assert result.exit_code == 0, result.stderr
    (row,) = records(result.stdout)
    assert row["title"] == "Talks end without a deal"
    assert isinstance(row["confidence"], float) and 0 <= row["confidence"] <= 1
    assert "Talks end without a deal" not in row["clean_text"]


def test_keep_title_puts_the_headline_first_in_text_output(run, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(HEADLINED, encoding="utf-8")
    plain, titled = run("clean", path), run("clean", path, "--keep-title")
    assert titled.exit_code == 0, titled.stderr
    assert titled.stdout == "Talks end without a deal\n\n" + plain.stdout


def test_preview_names_the_headline_and_the_confidence(run, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(HEADLINED, encoding="utf-8")
    result = run("preview", path, "--color", "never")
    assert result.exit_code == 0, result.stderr
    assert re.search(r"^headline: Talks end without a deal · confidence \d\.\d\d$", result.stdout, re.M)


def test_each_output_record_is_one_line_whatever_characters_it_holds(run):
    # U+2028, U+2029 and NEL are legal raw in JSON but break lines for str.splitlines and
    # older JavaScript: they are escaped.
    text = "Home\u2028Menu\n\n" + ARTICLE.replace("the", "the\u0085", 1) + "\u2029"
    lines = "".join(json.dumps({"id": n, "text": text}) + "\n" for n in range(2))
    result = run("clean", "-", "--format", "jsonl", input=lines)
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in rows] == [0, 1] and rows[0]["text"] == text


def test_skip_existing_resumes_a_run_with_the_outputs_of_one_whole_run(run, tmp_path):
    from test_templates import outputs, write_folder

    write_folder(tmp_path / "in", ["Harbour Gazette", "Valley Echo"], per_site=4)   # learning matters
    records = tmp_path / "in" / "more.jsonl"
    records.write_text("".join(json.dumps({"id": n, "text": f"Share\n\nStory {n} is told here, in full.\n"}) + "\n"
                               for n in range(2)), encoding="utf-8")
    assert run("clean", tmp_path / "in", records, "-o", tmp_path / "out").exit_code == 0
    whole = outputs(tmp_path / "out")
    (tmp_path / "out" / "page002.txt").unlink()                      # as if the run had stopped before it
    (tmp_path / "out" / "more.jsonl").unlink()
    (tmp_path / "out" / "page005.txt").write_text("done before\n")   # what is there is left alone
    result = run("clean", tmp_path / "in", records, "-o", tmp_path / "out", "--skip-existing")
    assert result.exit_code == 0, result.stderr
    resumed = outputs(tmp_path / "out")
    assert resumed["page005"] == "done before\n"
    assert {k: v for k, v in resumed.items() if k != "page005"} == {k: v for k, v in whole.items() if k != "page005"}
    assert len((tmp_path / "out" / "more.jsonl").read_text().splitlines()) == 2
    assert run("clean", tmp_path / "in", records, "-o", tmp_path / "out").exit_code == 0   # without it: all again
    assert outputs(tmp_path / "out") == whole


def test_skip_existing_needs_an_output_folder(run, tmp_path):
    (tmp_path / "a.txt").write_text("The storm hit the coast.\n")
    result = run("clean", tmp_path / "a.txt", "--skip-existing")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "--skip-existing: give -o OUTDIR" in result.stderr


def test_quiet_prints_no_warnings_but_errors(run, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_text("")
    (tmp_path / "in" / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "in" / "a.txt").write_text("The storm hit the coast on Monday, and the road was closed.\n")
    loud = run("clean", tmp_path / "in", "-o", tmp_path / "out")
    quiet = run("clean", tmp_path / "in", "-o", tmp_path / "out2", "-q")
    assert "warning:" in loud.stderr and "warning:" not in quiet.stderr
    assert [l for l in loud.stderr.splitlines() if l.startswith("error:")] == quiet.stderr.splitlines() != []
    assert loud.exit_code == quiet.exit_code == 1


def test_verbose_says_where_the_time_went_and_changes_no_output(run, tmp_path):
    records = tmp_path / "r.jsonl"
    records.write_text("".join(json.dumps({"id": n, "text": f"Share\n\nStory {n} is told here, in full.\n"}) + "\n"
                               for n in range(4)), encoding="utf-8")
    plain = run("clean", records)
    for jobs in ("1", "2"):
        timed = run("clean", records, "-v", "--jobs", jobs)
        assert timed.exit_code == 0 and timed.stdout == plain.stdout
        lines = timed.stderr.splitlines()
        assert lines[0].startswith("cleaned 4 documents in ") and lines[1].startswith("time by step (4 documents")
        steps = {line.split()[0] for line in lines[2:]}
        assert {"rules", "duplicates", "classify"} <= steps
    assert run("clean", records, "-v", "-q").exit_code == 2


def test_the_progress_bar_counts_records():
    import io

    from rich.console import Console

    from newsclean.endings import StderrReport

    console = Console(file=io.StringIO(), force_terminal=True, width=100)
    with StderrReport(progress_total=1, records=True, console=console) as report:
        for _ in range(120):
            report.advance_record()
        fields = report._progress.tasks[0].fields
    assert report.records == 120 and fields["records"] == 100 and fields["rate"] > 0   # shown every 50
    assert StderrReport(progress_total=1)._progress is None   # one text input: no bar
