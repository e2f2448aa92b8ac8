"""Bad input: one clear line on stderr naming the file, the documented exit code, no
traceback, the other inputs still cleaned, and no input file ever changed."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

ARTICLE = ("Share\n\nThe talks in Geneva ended on Monday without an agreement, officials said.\n\n"
           "Both delegations said they would meet again next month to try once more.\n")


def snapshot(folder: Path) -> dict[str, str]:
    # open() rather than Path.read_bytes, which one test replaces to make a file unreadable
    hashes = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            with open(path, "rb") as handle:
                hashes[str(path)] = hashlib.sha256(handle.read()).hexdigest()
    return hashes


@pytest.fixture
def folder(tmp_path) -> Path:
    source = tmp_path / "in"
    source.mkdir()
    (source / "good1.txt").write_text(ARTICLE, encoding="utf-8")
    (source / "good2.txt").write_text(ARTICLE.replace("Geneva", "Vienna"), encoding="utf-8")
    return source


def clean_folder(run, folder: Path, out: Path):
    before = snapshot(folder)
    result = run("clean", folder, "-o", out)
    assert snapshot(folder) == before, "an input file changed"
    assert "Traceback" not in result.output + result.stderr
    return result


def assert_good_ones_written(out: Path):
    assert (out / "good1.txt").read_text(encoding="utf-8").startswith("The talks in Geneva")
    assert (out / "good2.txt").read_text(encoding="utf-8").startswith("The talks in Vienna")


def test_not_utf8_is_detected_and_cleaned(run, folder, tmp_path):
    (folder / "latin.txt").write_bytes(ARTICLE.replace("Geneva", "Genève").encode("cp1252"))
    result = clean_folder(run, folder, tmp_path / "out")
    assert result.exit_code == 0
    assert result.stderr == f"warning: {folder / 'latin.txt'}: not UTF-8: read as cp1252\n"
    assert "Genève" in (tmp_path / "out" / "latin.txt").read_text(encoding="utf-8")
    assert_good_ones_written(tmp_path / "out")


def test_utf16_with_a_byte_order_mark(run, folder, tmp_path):
    (folder / "wide.txt").write_bytes(ARTICLE.encode("utf-16"))
    result = clean_folder(run, folder, tmp_path / "out")
    assert result.exit_code == 0 and result.stderr == ""
    assert (tmp_path / "out" / "wide.txt").read_text(encoding="utf-8").startswith("The talks in Geneva")


def test_binary_file_fails_alone(run, folder, tmp_path):
    (folder / "photo.txt").write_bytes(bytes(range(256)) * 20)
    result = clean_folder(run, folder, tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr == f"error: {folder / 'photo.txt'}: binary file, not text (skipped)\n"
    assert not (tmp_path / "out" / "photo.txt").exists()
    assert_good_ones_written(tmp_path / "out")


def test_empty_file_gives_an_empty_body_and_a_warning(run, folder, tmp_path):
    (folder / "empty.txt").write_bytes(b"")
    result = clean_folder(run, folder, tmp_path / "out")
    assert result.exit_code == 0
    assert result.stderr == f"warning: {folder / 'empty.txt'}: empty, nothing to clean\n"
    assert (tmp_path / "out" / "empty.txt").read_text(encoding="utf-8") == ""


def test_missing_path_fails_alone(run, folder, tmp_path):
    before = snapshot(folder)
    result = run("clean", folder / "good1.txt", tmp_path / "nope.txt", "-o", tmp_path / "out")
    assert snapshot(folder) == before
    assert result.exit_code == 1
    assert result.stderr == f"error: {tmp_path / 'nope.txt'}: no such file or folder\n"
    assert (tmp_path / "out" / "good1.txt").exists()


def test_unreadable_file_fails_alone(run, folder, tmp_path, monkeypatch):
    bad = folder / "locked.txt"
    bad.write_text(ARTICLE, encoding="utf-8")
    import newsclean.io

    def guarded_open(path, *args, **kwargs):
        if Path(path).name == "locked.txt":  # as if chmod 000 (tests may run as root, who can read anything)
            raise PermissionError(13, "Permission denied", str(path))
        return open(path, *args, **kwargs)

    monkeypatch.setattr(newsclean.io, "open", guarded_open, raising=False)
    result = clean_folder(run, folder, tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr == f"error: {bad}: cannot read: Permission denied\n"
    assert_good_ones_written(tmp_path / "out")


def test_one_bad_file_among_good_ones(run, folder, tmp_path):
    (folder / "nested").mkdir()
    (folder / "nested" / "bad.txt").write_bytes(b"\x00\x00\x00")
    (folder / "nested" / "fine.txt").write_text(ARTICLE, encoding="utf-8")
    result = clean_folder(run, folder, tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "nested/bad.txt" in result.stderr
    assert (tmp_path / "out" / "nested" / "fine.txt").exists()
    assert_good_ones_written(tmp_path / "out")


def test_bad_jsonl_lines_are_named_and_the_rest_written(run, tmp_path):
    path = tmp_path / "pages.jsonl"
    good = json.dumps({"id": 1, "text": ARTICLE})
    path.write_text("\n".join([good, '{"id": 2, "text": "cut sho', "[1, 2]", json.dumps({"id": 4}),
                               json.dumps({"id": 5, "text": 5}), good.replace('"id": 1', '"id": 6')]) + "\n",
                    encoding="utf-8")
    before = snapshot(tmp_path)
    result = run("clean", path)
    assert snapshot(tmp_path) == before
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"error: {path}:2: not valid JSON: Unterminated string starting at (column 19)",
        f"error: {path}:3: not a JSON object",
        f"error: {path}:4: record has no 'text' field",
        f"error: {path}:5: record has a non-text 'text' field",
    ]
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [1, 6]


def test_jsonl_that_is_not_utf8_is_named_by_line(run, tmp_path):
    path = tmp_path / "pages.jsonl"
    path.write_bytes(json.dumps({"text": ARTICLE}).encode() + b"\n" + b'{"text": "caf\xe9"}\n')
    result = run("clean", path)
    assert result.exit_code == 1
    assert result.stderr == f"error: {path}:2: not UTF-8 (JSON Lines must be UTF-8)\n"


def test_malformed_rule_file_stops_before_anything_is_cleaned(run, folder, tmp_path):
    rules = tmp_path / "bad.yaml"
    rules.write_text("rules:\n  - id: house.thing\n    kind: promo\n    description: x\n    pattern: '(unclosed'\n",
                     encoding="utf-8")
    result = run("clean", folder, "-o", tmp_path / "out", "--rules", rules)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {rules}:5: rule 'house.thing': bad pattern")
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / "out").exists()


def test_a_rule_file_with_yaml_aliases_is_refused_in_one_line(run, folder, tmp_path):
    # A "billion laughs" file: each level nine aliases of the one before.
    levels = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    levels += [f"a{k}: &a{k} [{', '.join([f'*a{k - 1}'] * 9)}]" for k in range(1, 4)]
    rules = tmp_path / "laughs.yaml"
    rules.write_text("\n".join(levels) + "\nrules: *a3\n", encoding="utf-8")
    result = run("clean", folder, "-o", tmp_path / "out", "--rules", rules)
    assert result.exit_code == 2
    assert result.stderr == f"error: {rules}:2: YAML aliases (*name) are not allowed in rule files: write the value out\n"
    assert not (tmp_path / "out").exists()


def test_a_rule_file_with_an_anchor_but_no_alias_loads(run, folder, tmp_path):
    rules = tmp_path / "anchored.yaml"
    rules.write_text("rules:\n  - &first\n    id: house.promo\n    kind: promo\n    description: A house promo.\n"
                     "    pattern: '^Buy our mugs'\n", encoding="utf-8")
    result = run("clean", folder, "-o", tmp_path / "out", "--rules", rules)
    assert result.exit_code in (0, 1), result.stderr
    assert "alias" not in result.stderr


def test_output_folder_cannot_be_the_input_folder(run, folder):
    before = snapshot(folder)
    result = run("clean", folder, "-o", folder)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: -o {folder}: is inside the input folder")
    assert snapshot(folder) == before


def test_output_folder_cannot_be_inside_the_input_folder(run, folder):
    result = run("clean", folder, "-o", folder / "cleaned")
    assert result.exit_code == 2
    assert not (folder / "cleaned").exists()


def test_a_single_file_cannot_be_written_over(run, folder):
    before = snapshot(folder)
    result = run("clean", folder / "good1.txt", "-o", folder)
    assert result.exit_code == 2
    assert "would overwrite an input file" in result.stderr
    assert snapshot(folder) == before


def test_two_inputs_with_one_output_name(run, tmp_path, folder):
    other = tmp_path / "other"
    other.mkdir()
    (other / "good1.txt").write_text(ARTICLE, encoding="utf-8")
    result = run("clean", folder, other, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert "would both be written to" in result.stderr


def test_a_folder_without_text_files(run, tmp_path):
    (tmp_path / "empty").mkdir()
    result = run("clean", tmp_path / "empty", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr == f"error: {tmp_path / 'empty'}: no *.txt, *.html, *.htm files in this folder\n"


def test_a_5_mb_line_cleans_in_seconds(tmp_path):
    # Two versions of a paragraph printed over and over on one line: its halves look like
    # two versions of one text, and comparing them unbounded took hours (issue 13, item 5). Run apart,
    # so that a regression fails on its timeout rather than hanging the suite.
    import subprocess
    import sys

    old = "The council met on Monday and voted to close the old harbour bridge for repairs. "
    new = "The council met on Monday and voted to shut the old harbour bridge for repairs. "
    path = tmp_path / "long.txt"
    path.write_text(old * (2_500_000 // len(old)) + new * (2_500_000 // len(new)) + "\n", encoding="utf-8")
    code = ("import sys; from newsclean import Cleaner; "
            "print(len(Cleaner().clean(open(sys.argv[1], encoding='utf-8').read()).source))")
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-500:]
    assert int(done.stdout) == path.stat().st_size
