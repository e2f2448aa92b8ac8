"""Inputs compressed with gzip (by name: .txt.gz, .html.gz, .jsonl.gz), .ndjson, and .json refused."""
from __future__ import annotations

import gzip
import json

from test_html_input import ARTICLE, BODY, MENU, page

TEXT = "\n\n".join(MENU + ARTICLE) + "\n"


def test_compressed_text_and_pages_clean_as_the_plain_ones(run, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt.gz").write_bytes(gzip.compress(TEXT.encode()))
    (tmp_path / "in" / "b.html.gz").write_bytes(gzip.compress(page().encode()))
    result = run("clean", tmp_path / "in", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "out" / "a.txt").read_text(encoding="utf-8") == run("clean", "-", input=TEXT).stdout
    assert (tmp_path / "out" / "b.txt").read_text(encoding="utf-8") == BODY


def test_compressed_json_lines_and_ndjson(run, tmp_path):
    records = "".join(json.dumps({"id": n, "text": TEXT}) + "\n" for n in range(3))
    (tmp_path / "r.jsonl.gz").write_bytes(gzip.compress(records.encode()))
    (tmp_path / "r.ndjson").write_text(records, encoding="utf-8")
    plain = run("clean", "-", "--format", "jsonl", "--no-learn", input=records).stdout
    for name in ("r.jsonl.gz", "r.ndjson"):
        result = run("clean", tmp_path / name, "--no-learn")
        assert result.exit_code == 0, result.stderr
        assert result.stdout == plain


def test_a_damaged_gzip_file_is_one_error_and_the_others_go_on(run, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bad.txt.gz").write_bytes(b"\x1f\x8b\x08\x00not really gzip")
    (tmp_path / "in" / "good.txt").write_text(TEXT, encoding="utf-8")
    result = run("clean", tmp_path / "in", "-o", tmp_path / "out")
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: {tmp_path / 'in' / 'bad.txt.gz'}: not a valid gzip file")
    assert (tmp_path / "out" / "good.txt").exists() and not (tmp_path / "out" / "bad.txt").exists()


def test_a_cut_json_lines_gzip_keeps_the_records_read_before_the_cut(run, tmp_path):
    records = "".join(json.dumps({"id": n, "text": TEXT + f"Line {n} of its own here.\n"}) + "\n" for n in range(200))
    data = gzip.compress(records.encode())
    (tmp_path / "cut.jsonl.gz").write_bytes(data[:len(data) // 2])
    result = run("clean", tmp_path / "cut.jsonl.gz", "-o", tmp_path / "out", "--no-learn")
    assert result.exit_code == 1
    assert "cannot read past a damaged or cut gzip stream" in result.stderr and result.stderr.count("\n") <= 2
    written = (tmp_path / "out" / "cut.jsonl").read_text(encoding="utf-8").splitlines()
    assert 0 < len(written) < 200 and [json.loads(r)["id"] for r in written] == list(range(len(written)))


def test_a_json_file_is_refused_with_how_to_convert_it(run, tmp_path):
    (tmp_path / "records.json").write_text(json.dumps([{"text": TEXT}]), encoding="utf-8")
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    result = run("clean", tmp_path / "records.json", tmp_path / "a.txt", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"error: {tmp_path / 'records.json'}: a JSON file, not JSON Lines (one record "
                                          f"a line): convert it first, for instance jq -c '.[]' "
                                          f"{tmp_path / 'records.json'} > records.jsonl"]
    assert (tmp_path / "out" / "a.txt").exists()
