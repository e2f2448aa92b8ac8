"""--output-format text for record inputs: each record's text, on stdout or in a folder."""
from __future__ import annotations

import gzip
import json
import os

import pytest

from newsclean.record_files import RECORD_SEPARATOR
from newsclean.temporaries import sweep_folder, temporary_for

STORY = "The talks in Geneva ended on Monday without an agreement, officials said on Tuesday."


HEADLINES = ["Talks end without a deal", "Ports close as the storm nears", "Council backs the harbour plan",
             "Schools reopen after the floods"]


def records(count: int = 3) -> list[dict]:
    return [{"id": n, "site": "example.com",
             "text": f"{HEADLINES[n]} | Example News\nShare this\n\n{STORY}\nPage {n} has a line of its own, told here.\n"}
            for n in range(count)]


def write_jsonl(path, rows, bad_line: int | None = None):
    lines = [json.dumps(r) + "\n" for r in rows]
    if bad_line is not None:
        lines.insert(bad_line - 1, "{not json\n")
    path.write_text("".join(lines), encoding="utf-8")
    return path


def json_lines_of(run, *args) -> list[dict]:
    result = run("clean", *args)
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_on_stdout_the_texts_are_those_of_the_json_lines_output_between_form_feed_lines(run, tmp_path):
    source = write_jsonl(tmp_path / "r.jsonl", records(), bad_line=2)
    expected = [r["clean_text"] for r in json_lines_of(run, source)]
    result = run("clean", source, "--output-format", "text")
    assert result.exit_code == 1                                   # the bad record, said and skipped
    assert result.stderr == "error: " + str(source) + ":2: not valid JSON: Expecting property name enclosed in " \
                            "double quotes (column 2)\n"
    assert result.stdout == RECORD_SEPARATOR.join(expected)
    assert len(expected) == 3 and all(STORY in text for text in expected) and "Share this" not in result.stdout


def test_with_an_output_folder_each_record_is_a_file_named_by_its_record_number(run, tmp_path):
    source = write_jsonl(tmp_path / "crawl.jsonl", records(), bad_line=2)
    expected = json_lines_of(run, source)
    result = run("clean", source, "--output-format", "text", "-o", tmp_path / "out", "--keep-title")
    assert result.exit_code == 1
    folder = tmp_path / "out" / "crawl"
    assert sorted(p.name for p in folder.iterdir()) == ["000001.txt", "000003.txt", "000004.txt"]
    assert (folder / "000003.txt").read_text() == f"{expected[1]['title']}\n\n{expected[1]['clean_text']}"
    assert expected[1]["title"] == HEADLINES[1]          # (the record of line 3)


def test_a_compressed_input_gives_compressed_texts(run, tmp_path):
    plain = write_jsonl(tmp_path / "a.jsonl", records(2))
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress(plain.read_bytes()))
    result = run("clean", plain, tmp_path / "b.jsonl.gz", "--output-format", "text", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out" / "b").iterdir()) == ["000001.txt.gz", "000002.txt.gz"]
    for number in ("000001", "000002"):
        packed = (tmp_path / "out" / "b" / f"{number}.txt.gz").read_bytes()
        assert gzip.decompress(packed).decode() == (tmp_path / "out" / "a" / f"{number}.txt").read_text()


def test_a_second_run_replaces_the_folder_whole_and_skip_existing_leaves_it(run, tmp_path):
    source = write_jsonl(tmp_path / "r.jsonl", records(3))
    assert run("clean", source, "--output-format", "text", "-o", tmp_path / "out").exit_code == 0
    write_jsonl(source, records(2))                  # fewer records now: no file of the old run stays
    assert run("clean", source, "--output-format", "text", "-o", tmp_path / "out").exit_code == 0
    assert sorted(p.name for p in (tmp_path / "out" / "r").iterdir()) == ["000001.txt", "000002.txt"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["r"]   # nothing set aside is left
    write_jsonl(source, records(4))
    assert run("clean", source, "--output-format", "text", "-o", tmp_path / "out", "--skip-existing").exit_code == 0
    assert len(list((tmp_path / "out" / "r").iterdir())) == 2


def test_a_file_where_the_folder_goes_is_one_error_and_the_other_inputs_go_on(run, tmp_path):
    write_jsonl(tmp_path / "a.jsonl", records(1))
    write_jsonl(tmp_path / "b.jsonl", records(1))
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "a").write_text("in the way\n")
    result = run("clean", tmp_path / "a.jsonl", tmp_path / "b.jsonl", "--output-format", "text", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"error: {tmp_path / 'out' / 'a'}: cannot write")
    assert (tmp_path / "out" / "a").read_text() == "in the way\n"
    assert [p.name for p in (tmp_path / "out" / "b").iterdir()] == ["000001.txt"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a", "b"]


def test_parquet_records_give_the_same_texts(run, tmp_path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    rows = records(3)
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "r.parquet")
    from_parquet = run("clean", tmp_path / "r.parquet", "--output-format", "text")
    from_jsonl = run("clean", write_jsonl(tmp_path / "r.jsonl", rows), "--output-format", "text")
    assert from_parquet.exit_code == 0, from_parquet.stderr
    assert from_parquet.stdout == from_jsonl.stdout and from_jsonl.stdout.count(RECORD_SEPARATOR) == 2


def test_a_killed_runs_half_made_folder_is_swept_by_the_next_run(tmp_path):
    dead = 2 ** 22 + 12345          # above any pid this test's host hands out
    left = temporary_for(tmp_path / "crawl", pid=dead)
    left.mkdir()
    (left / "000001.txt").write_text("half\n")
    mine = temporary_for(tmp_path / "other", pid=os.getpid())
    mine.mkdir()
    assert sweep_folder(tmp_path) == 1
    assert not left.exists() and mine.exists()
