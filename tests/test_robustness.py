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
