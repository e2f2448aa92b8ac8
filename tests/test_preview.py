"""Preview: removed blocks styled and labelled with why; plain markers when piped or NO_COLOR."""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from conftest import SEEDS
from newsclean.preview import use_colour

SEED = SEEDS / "raw" / "002_762ba3fc91da0198.txt"


def test_plain_preview_marks_and_explains_every_removal(run):
    result = run("preview", SEED, "--color", "never")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == f"== {SEED}"
    assert lines[1].startswith("headline: Kerry, Lavrov may meet over Ukraine · confidence ")
    assert " 4 - Share  [share.share-buttons: " in result.stdout
    assert " 5   WASHINGTON - The United States" in result.stdout
    assert "12 - Reuters  [bylines.wire-credit: " in result.stdout
    # a run of removed lines is labelled once
    assert " 2 - Russian Foreign Minister Sergei Lavrov takes part" in result.stdout
    assert not lines[4].endswith("]")
    assert "removed 7 of 14 blocks" in result.stdout
    assert "\x1b[" not in result.stdout


def test_preview_is_plain_when_piped(run):
    assert "\x1b[" not in run("preview", SEED).stdout  # the runner's stdout is not a terminal


def test_styled_preview_colours_and_labels(run):
    result = run("preview", SEED, "--color", "always")
    assert "\x1b[" in result.stdout
    assert "← share.share-buttons" in result.stdout
    assert "← duplicate" not in result.stdout


def test_duplicate_reasons_name_the_block_they_copy(run):
    result = run("preview", SEEDS / "raw" / "003_d8933c6599e0f15b.txt", "--color", "never")
    assert "[duplicate.exact: copy of block" in result.stdout
    assert "[duplicate.doubled-line: caption or headline printed twice" in result.stdout


def test_clean_preview_shows_every_file_of_a_folder(run):
    result = run("clean", SEEDS / "raw", "--preview", "--color", "never")
    assert result.exit_code == 0
    assert result.stdout.count("\n== ") + result.stdout.startswith("== ") == 5


def test_preview_of_jsonl_records(run):
    import json
    result = run("preview", "-", "--format", "jsonl", "--color", "never",
                 input=json.dumps({"text": SEED.read_text(encoding="utf-8")}))
    assert result.stdout.startswith("== <stdin>:1")


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_color_is_respected_on_a_terminal(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    assert use_colour("auto", FakeTerminal())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_colour("auto", FakeTerminal())
    assert use_colour("always", FakeTerminal())
    assert not use_colour("auto", io.StringIO())


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
@pytest.mark.parametrize("no_color", [False, True])
def test_preview_in_a_real_terminal(tmp_path, no_color):
    """Run preview in a tmux pane (a real terminal) and read the screen back."""
    session = f"newsclean-{uuid.uuid4().hex[:8]}"
    # A private server per test (-L): on the shared default server, killing one
    # test's session can stop the server while the next test's session starts.
    tmux = ["tmux", "-L", session, "-f", "/dev/null"]
    newsclean = Path(sys.executable).parent / "newsclean"
    env = "NO_COLOR=1 " if no_color else ""
    command = f"{env}{newsclean} preview {SEED}; echo PREVIEW-DONE; sleep 30"
    started = subprocess.run([*tmux, "new-session", "-d", "-s", session, "-x", "160", "-y", "50", command],
                             capture_output=True, text=True)
    if started.returncode != 0:
        pytest.skip(f"no tmux server can start here: {started.stderr.strip()}")
    try:
        screen = ""
        for _ in range(100):
            screen = subprocess.run([*tmux, "capture-pane", "-p", "-e", "-t", session],
                                    capture_output=True, text=True).stdout
            if "PREVIEW-DONE" in screen:
                break
            time.sleep(0.1)
        assert "PREVIEW-DONE" in screen, screen
        if no_color:
            assert " 4 - Share  [share.share-buttons" in screen
            assert "\x1b[9m" not in screen
        else:
            assert "← share.share-buttons" in screen
            assert re.search(r"\x1b\[[0-9;]*\b9m", screen), "removed text is struck through"
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True)


def test_model_removals_show_their_score(run):
    result = run("preview", SEEDS / "raw" / "000_7acfcc914540de91.txt", "--color", "never")
    assert re.search(r"\[layout\.before-article 0\.\d\d: the line model judges it chrome", result.stdout)
