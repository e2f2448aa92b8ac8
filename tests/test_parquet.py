"""Parquet in and out (newsclean.columns)."""
from __future__ import annotations

import json
import sys

import pytest

pa = pytest.importorskip("pyarrow")
import pyarrow.parquet as pq  # noqa: E402

TEXT = "Share\n\nThe talks in Geneva ended on Monday without an agreement, officials said on Tuesday.\n"


def rows(count: int = 5) -> list[dict]:
    return [{"id": n, "site": "example.com", "text": TEXT + f"Page {n} has a line of its own, told here.\n"}
            for n in range(count)]


def write_both(tmp_path, records) -> tuple:
    pq.write_table(pa.Table.from_pylist(records), tmp_path / "r.parquet")
    (tmp_path / "rows.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return tmp_path / "r.parquet", tmp_path / "rows.jsonl"


def test_a_parquet_input_gives_the_records_a_json_lines_one_gives(run, tmp_path):
    parquet, jsonl = write_both(tmp_path, rows())
    assert run("clean", parquet).stdout == run("clean", jsonl).stdout != ""
    assert run("clean", parquet, "-o", tmp_path / "out").exit_code == 0
    assert (tmp_path / "out" / "r.jsonl").read_text() == run("clean", jsonl).stdout


def test_parquet_out_holds_the_json_lines_records_with_typed_columns(run, tmp_path):
    parquet, jsonl = write_both(tmp_path, rows())
    expected = [json.loads(line) for line in run("clean", jsonl).stdout.splitlines()]
    for source, out in ((jsonl, "a"), (parquet, "b")):
        result = run("clean", source, "-o", tmp_path / out, "--output-format", "parquet")
        assert result.exit_code == 0, result.stderr
        table = pq.read_table(tmp_path / out / source.with_suffix(".parquet").name)
        assert table.to_pylist() == expected
    assert table.schema.field("confidence").type == pa.float64()
    assert table.schema.field("removed").type.value_type.field("fingerprint").type.field("pages").type == pa.int64()


def test_parquet_out_needs_an_output_folder(run, tmp_path):
    _, jsonl = write_both(tmp_path, rows())
    result = run("clean", jsonl, "--output-format", "parquet")
    assert result.exit_code == 2 and "--output-format parquet: give -o OUTDIR" in result.stderr


def test_a_record_that_does_not_fit_the_columns_is_refused_alone(run, tmp_path):
    records = rows(3)
    records[2]["id"] = {"not": "an integer"}
    (tmp_path / "r.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result = run("clean", tmp_path / "r.jsonl", "-o", tmp_path / "out", "--output-format", "parquet")
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "1 record(s) do not fit the types of the first records' fields" in result.stderr
    assert [r["id"] for r in pq.read_table(tmp_path / "out" / "r.parquet").to_pylist()] == [0, 1]


def test_a_damaged_parquet_file_is_one_error_and_the_others_go_on(run, tmp_path):
    (tmp_path / "bad.parquet").write_bytes(b"PAR1 this is not really parquet PAR1")
    _, jsonl = write_both(tmp_path, rows())
    result = run("clean", tmp_path / "bad.parquet", jsonl, "-o", tmp_path / "out", "--no-learn")
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"error: {tmp_path / 'bad.parquet'}: cannot read this Parquet file")
    assert len((tmp_path / "out" / "rows.jsonl").read_text().splitlines()) == 5


def test_without_pyarrow_parquet_is_one_line_saying_what_to_install(run, tmp_path, monkeypatch):
    parquet, jsonl = write_both(tmp_path, rows())
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    result = run("clean", parquet, jsonl, "-o", tmp_path / "out", "--no-learn")
    assert result.exit_code == 1
    assert result.stderr == (f"error: {parquet}: Parquet, and the pyarrow package is not installed "
                             "(pip install 'newsclean[parquet]')\n")
    assert (tmp_path / "out" / "rows.jsonl").exists()


def test_learn_reads_parquet_records_as_json_lines_ones(run, tmp_path):
    parquet, jsonl = write_both(tmp_path, rows())
    for source, store in ((parquet, "p.sqlite"), (jsonl, "j.sqlite")):
        result = run("learn", source, "--store", tmp_path / store)
        assert result.exit_code == 0 and "learned 5 pages" in result.stderr
    shown = [run("store", "show", tmp_path / store, "--site", "example.com").stdout for store in ("p.sqlite", "j.sqlite")]
    assert shown[0] == shown[1] != ""
