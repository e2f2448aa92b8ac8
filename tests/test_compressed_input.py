"""Compressed inputs and outputs (by name: .txt.gz, .html.zst, .jsonl.gz...), .ndjson, and .json refused."""
from __future__ import annotations

import gzip
import json
import sys

import pytest
import zstandard

from test_html_input import ARTICLE, BODY, MENU, page

TEXT = "\n\n".join(MENU + ARTICLE) + "\n"


def test_compressed_text_and_pages_clean_as_the_plain_ones(run, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt.gz").write_bytes(gzip.compress(TEXT.encode()))
    (tmp_path / "in" / "b.html.gz").write_bytes(gzip.compress(page().encode()))
    (tmp_path / "in" / "c.txt.zst").write_bytes(zstandard.ZstdCompressor().compress(TEXT.encode()))
    (tmp_path / "in" / "d.html.zst").write_bytes(zstandard.ZstdCompressor().compress(page().encode()))
    result = run("clean", tmp_path / "in", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    plain = run("clean", "-", input=TEXT).stdout
    # Each output is compressed as its input was.
    assert gzip.decompress((tmp_path / "out" / "a.txt.gz").read_bytes()).decode() == plain
    assert gzip.decompress((tmp_path / "out" / "b.txt.gz").read_bytes()).decode() == BODY
    assert unzstd((tmp_path / "out" / "c.txt.zst").read_bytes()) == plain
    assert unzstd((tmp_path / "out" / "d.txt.zst").read_bytes()) == BODY
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.txt.gz", "b.txt.gz", "c.txt.zst", "d.txt.zst"]


def unzstd(data: bytes) -> str:
    return zstandard.ZstdDecompressor().stream_reader(data, read_across_frames=True).read().decode()


def test_compressed_json_lines_out_are_compressed_alike_and_reproducible(run, tmp_path):
    records = "".join(json.dumps({"id": n, "text": TEXT}) + "\n" for n in range(3))
    (tmp_path / "r.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(records.encode()))
    (tmp_path / "g.jsonl.gz").write_bytes(gzip.compress(records.encode()))
    plain = run("clean", "-", "--format", "jsonl", input=records).stdout
    for out in ("one", "two"):
        result = run("clean", tmp_path / "r.jsonl.zst", tmp_path / "g.jsonl.gz", "-o", tmp_path / out)
        assert result.exit_code == 0, result.stderr
    assert unzstd((tmp_path / "one" / "r.jsonl.zst").read_bytes()) == plain
    assert gzip.decompress((tmp_path / "one" / "g.jsonl.gz").read_bytes()).decode() == plain
    for name in ("r.jsonl.zst", "g.jsonl.gz"):   # no time stamp: the same bytes each run
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    assert run("clean", tmp_path / "r.jsonl.zst").stdout == plain   # standard output: not compressed


def test_zstandard_data_named_jsonl_is_read_with_a_warning(run, tmp_path):
    records = "".join(json.dumps({"id": n, "text": TEXT}) + "\n" for n in range(3))
    (tmp_path / "r.jsonl").write_bytes(zstandard.ZstdCompressor().compress(records.encode()))
    result = run("clean", tmp_path / "r.jsonl", "--no-learn")
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 3
    assert result.stderr == f"warning: {tmp_path / 'r.jsonl'}: Zstandard-compressed, though not named .zst: " \
                            "read as Zstandard\n"


def test_without_zstandard_a_zst_input_is_one_line_saying_what_to_install(run, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "zstandard", None)   # as if it were not installed
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt.zst").write_bytes(b"\x28\xb5\x2f\xfd")
    (tmp_path / "in" / "b.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "r.jsonl.zst").write_bytes(b"\x28\xb5\x2f\xfd")
    result = run("clean", tmp_path / "in", tmp_path / "r.jsonl.zst", "-o", tmp_path / "out", "--no-learn")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"error: {tmp_path / 'in' / 'a.txt.zst'}: Zstandard-compressed, and the zstandard package is not installed "
        "(pip install 'newsclean[zstd]')",
        f"error: {tmp_path / 'r.jsonl.zst'}: Zstandard-compressed, and the zstandard package is not installed "
        "(pip install 'newsclean[zstd]')"]
    assert (tmp_path / "out" / "b.txt").exists()


def test_compressed_json_lines_and_ndjson(run, tmp_path):
    records = "".join(json.dumps({"id": n, "text": TEXT}) + "\n" for n in range(3))
    (tmp_path / "r.jsonl.gz").write_bytes(gzip.compress(records.encode()))
    (tmp_path / "r.ndjson").write_text(records, encoding="utf-8")
    plain = run("clean", "-", "--format", "jsonl", "--no-learn", input=records).stdout
    for name in ("r.jsonl.gz", "r.ndjson"):
        result = run("clean", tmp_path / name, "--no-learn")
        assert result.exit_code == 0, result.stderr
        assert result.stdout == plain


@pytest.mark.parametrize("name, data, kind", [("bad.txt.gz", b"\x1f\x8b\x08\x00not really gzip", "gzip"),
                                              ("bad.txt.zst", b"\x28\xb5\x2f\xfd not really zstd", "Zstandard")])
def test_a_damaged_compressed_file_is_one_error_and_the_others_go_on(run, tmp_path, name, data, kind):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / name).write_bytes(data)
    (tmp_path / "in" / "good.txt").write_text(TEXT, encoding="utf-8")
    result = run("clean", tmp_path / "in", "-o", tmp_path / "out")
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: {tmp_path / 'in' / name}: not a valid {kind} file")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["good.txt"]


def test_a_cut_json_lines_gzip_keeps_the_records_read_before_the_cut(run, tmp_path):
    records = "".join(json.dumps({"id": n, "text": TEXT + f"Line {n} of its own here.\n"}) + "\n" for n in range(200))
    data = gzip.compress(records.encode())
    (tmp_path / "cut.jsonl.gz").write_bytes(data[:len(data) // 2])
    result = run("clean", tmp_path / "cut.jsonl.gz", "-o", tmp_path / "out", "--no-learn")
    assert result.exit_code == 1
    assert "cannot read past a damaged or cut gzip stream" in result.stderr and result.stderr.count("\n") <= 2
    with gzip.open(tmp_path / "out" / "cut.jsonl.gz", "rt", encoding="utf-8") as kept:
        written = kept.read().splitlines()
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
