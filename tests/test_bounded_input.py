"""Inputs are read with a bound (issue 13, items 6, 12, 16, 18): a pipe or device in a
folder, a file or record over --max-bytes, a gzip bomb, standard input that never ends,
and JSON Lines with odd line ends, a byte-order mark or no JSON Lines at all each give one
line, and every other input is cleaned. Each test here failed before its fix."""
from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from test_bad_input import ARTICLE, assert_good_ones_written, clean_folder, folder  # noqa: F401 (a fixture)

NEWSCLEAN = [sys.executable, "-c", "from newsclean.cli import cli; cli()"]
POSIX_ONLY = pytest.mark.skipif(os.name != "posix", reason="named pipes and /dev as on POSIX")
RECORDS = [{"id": n, "site": "example.com", "text": f"Menu | Home | World\nThe storm reached town {n} by noon, "
            f"the officials said, and the roads were closed.\nShare this story"} for n in range(4)]


def jsonl_bytes(records=RECORDS, end: bytes = b"\n") -> bytes:
    return b"".join(json.dumps(record).encode() + end for record in records)


def ids(output: str) -> list:
    return [json.loads(line)["id"] for line in output.splitlines()]


@POSIX_ONLY
def test_a_named_pipe_in_a_folder_is_skipped_with_a_warning(folder, tmp_path):  # noqa: F811
    os.mkfifo(folder / "pipe.txt")     # nobody writes to it: reading it would block forever
    done = subprocess.run([*NEWSCLEAN, "clean", str(folder), "-o", str(tmp_path / "out")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr == f"warning: {folder / 'pipe.txt'}: a named pipe, not a file: skipped\n"
    assert_good_ones_written(tmp_path / "out")


@POSIX_ONLY
def test_a_symbolic_link_to_itself_in_a_folder_fails_alone(run, folder, tmp_path):  # noqa: F811
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    result = clean_folder(run, folder, tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr == f"error: {folder / 'loop.txt'}: cannot read: Too many levels of symbolic links\n"
    assert_good_ones_written(tmp_path / "out")


def test_a_file_over_the_bound_fails_alone(run, folder, tmp_path):  # noqa: F811
    (folder / "huge.txt").write_text(ARTICLE * 100, encoding="utf-8")
    result = run("clean", folder, "-o", tmp_path / "out", "--max-bytes", "5k")
    assert result.exit_code == 1
    assert result.stderr == (f"error: {folder / 'huge.txt'}: larger than 5,000 bytes "
                             "(skipped; --max-bytes raises the bound)\n")
    assert_good_ones_written(tmp_path / "out")


def test_a_gzip_bomb_is_refused_without_being_inflated(run, folder, tmp_path):  # noqa: F811
    (folder / "bomb.txt.gz").write_bytes(gzip.compress(b"a" * 200_000_000, 9))   # 200 MB in 200 KB
    result = run("clean", folder, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {folder / 'bomb.txt.gz'}: holds more than 20,000,000 bytes")
    assert_good_ones_written(tmp_path / "out")


@POSIX_ONLY
@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_named_as_input_is_read_up_to_the_bound(tmp_path):
    done = subprocess.run([*NEWSCLEAN, "clean", "/dev/zero", "--max-bytes", "1M"], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 1
    assert done.stderr == "error: /dev/zero: larger than 1,000,000 bytes (skipped; --max-bytes raises the bound)\n"


def test_standard_input_over_the_bound_is_refused(run):
    result = run("clean", "-", "--max-bytes", "1000", input=ARTICLE * 50)
    assert result.exit_code == 1
    assert result.stderr == "error: <stdin>: larger than 1,000 bytes (skipped; --max-bytes raises the bound)\n"


def test_a_record_over_the_bound_fails_alone(run, tmp_path):
    records = RECORDS[:2] + [{"id": 99, "text": "x " * 5000}] + RECORDS[2:]
    path = tmp_path / "in.jsonl"
    path.write_bytes(jsonl_bytes(records))
    result = run("clean", path, "--max-bytes", "2k")
    assert result.exit_code == 1
    assert result.stderr == f"error: {path}:3: a record longer than the size bound (2,000 bytes, --max-bytes) (record skipped)\n"
    assert ids(result.stdout) == [0, 1, 2, 3]


def test_the_size_bound_must_be_a_size(run, tmp_path):
    result = run("clean", "-", "--max-bytes", "lots", input="a")
    assert result.exit_code == 2 and "a size in bytes" in result.stderr


@pytest.mark.parametrize("name, data", [
    ("a UTF-8 byte-order mark", b"\xef\xbb\xbf" + jsonl_bytes()),
    ("CR line ends", jsonl_bytes(end=b"\r")),
    ("CRLF line ends", jsonl_bytes(end=b"\r\n")),
])
def test_json_lines_read_alike_from_a_file_and_from_standard_input(run, tmp_path, name, data):
    path = tmp_path / "in.jsonl"
    path.write_bytes(data)
    from_file = run("clean", path, "--no-learn")
    from_stdin = run("clean", "-", "--format", "jsonl", "--no-learn", input=data)
    assert from_file.exit_code == from_stdin.exit_code == 0, from_file.stderr + from_stdin.stderr
    assert ids(from_file.stdout) == [0, 1, 2, 3]
    assert from_file.stdout == from_stdin.stdout


def test_gzip_data_named_jsonl_is_read_as_gzip_with_a_warning(run, tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_bytes(gzip.compress(jsonl_bytes()))
    result = run("clean", path)
    assert result.exit_code == 0
    assert result.stderr == f"warning: {path}: gzip-compressed, though not named .gz: read as gzip\n"
    assert ids(result.stdout) == [0, 1, 2, 3]


@pytest.mark.parametrize("data, says", [
    (json.dumps(RECORDS, indent=2).encode(), "a JSON array, not JSON Lines"),
    (json.dumps(RECORDS).encode(), "a JSON array, not JSON Lines"),
    (bytes(range(256)) * 40, "binary data, not JSON Lines"),
])
def test_what_is_not_json_lines_at_all_is_one_line(run, tmp_path, data, says):
    path = tmp_path / "in.jsonl"
    path.write_bytes(data)
    result = run("clean", path)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and f"{path}:1: {says}" in result.stderr


def test_a_name_with_a_newline_is_quoted_on_one_line(run, tmp_path):
    path = tmp_path / "bad\nname.txt"
    path.write_bytes(b"\x00\x01binary")
    result = run("clean", path)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "'" in result.stderr and "bad\\nname.txt" in result.stderr


def test_standard_input_records_come_out_while_the_producer_is_still_writing(tmp_path):
    process = subprocess.Popen([*NEWSCLEAN, "clean", "-", "--format", "jsonl", "--no-learn"],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdin.write(jsonl_bytes(RECORDS[:1]))
    process.stdin.flush()
    first: list[bytes] = []
    reader = threading.Thread(target=lambda: first.append(process.stdout.readline()), daemon=True)
    reader.start()
    reader.join(60)                          # standard input is still open
    came_before_the_end = bool(first)
    process.communicate(timeout=60)             # closes standard input
    assert came_before_the_end, "the first record waited for the end of the input"
    assert json.loads(first[0])["id"] == 0 and process.returncode == 0


def test_standard_input_records_are_learned_from_as_a_file_is(run, tmp_path):
    records = [{**record, "text": "Sponsored: the best deals today\n" + record["text"]} for record in RECORDS]
    path = tmp_path / "in.jsonl"
    path.write_bytes(jsonl_bytes(records))
    from_file = run("clean", path)
    from_stdin = run("clean", "-", "--format", "jsonl", input=jsonl_bytes(records))
    assert from_file.exit_code == from_stdin.exit_code == 0
    assert from_file.stdout == from_stdin.stdout
    assert all("fingerprint" in [removal["reason"] for removal in json.loads(line)["removed"]]
               for line in from_stdin.stdout.splitlines()), "the records' site chrome was learned"


@POSIX_ONLY
def test_a_named_pipe_of_records_is_learned_from_without_a_hang(run, tmp_path):
    records = [{**record, "text": "Sponsored: the best deals today\n" + record["text"]} for record in RECORDS]
    path = tmp_path / "in.jsonl"
    path.write_bytes(jsonl_bytes(records))
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    process = subprocess.Popen([*NEWSCLEAN, "clean", str(fifo)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    with fifo.open("wb") as writer:
        writer.write(path.read_bytes())
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr
    assert stdout.decode() == run("clean", path).stdout


def test_a_text_of_more_lines_than_a_page_has_fails_alone(run, folder, tmp_path):  # noqa: F811
    # Cleaning costs about 2 KB a line: 20 MB of two-character lines would cost 20 GB.
    (folder / "log.txt").write_text("ok\n" * 200_001, encoding="utf-8")
    result = clean_folder(run, folder, tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr == (f"error: {folder / 'log.txt'}: 200,001 lines, more than the 200,000 a page may have "
                             "(not one page: skipped)\n")
    assert_good_ones_written(tmp_path / "out")


def test_a_page_of_too_many_elements_is_judged_by_its_markup_alone():
    from newsclean.markup import read_page

    page = "<html><body>" + "".join(f"<p>Paragraph {n} of the report on the storm.</p>" for n in range(20)) + "</body></html>"
    assert read_page(page, judge_max_elements=100)[1].judged
    assert not read_page(page, judge_max_elements=10)[1].judged
