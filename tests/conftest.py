"""Shared fixtures: the seed files, a CLI runner, a cleaner with the shipped rules."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsclean import Cleaner
from newsclean.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "fixtures" / "seeds"


# Seeds the shipped body model does not yet clean exactly, each with what it gets wrong. A
# strict expected failure: the test fails as soon as the seed comes out exactly, so that
# the mark is removed then (issue 11 tracks it).
KNOWN_SEED_FAILURES = {
    "004_8438013ea21c5626.txt": "the second, stacked article is kept: its headline is marked for the body "
                                "model, which does not yet weigh the mark enough (a cut there costs wcxb and l3s-rest)",
}


def seed_params(names: list[str]) -> list:
    """``names`` as pytest parameters, the known failures marked (strict xfail)."""
    return [pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=KNOWN_SEED_FAILURES[n]))
            if n in KNOWN_SEED_FAILURES else n for n in names]


def normalise_body(text: str) -> list[str]:
    """Lines with runs of spaces folded and blank runs dropped (trailing whitespace aside)."""
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines()]
    return [line for line in lines if line]


@pytest.fixture(autouse=True)
def workers_for_any_folder(monkeypatch):
    """Folders of a few files get the workers asked for (the command gives one only per
    250 files): the tests' small folders exercise the workers' paths."""
    import newsclean.batch

    monkeypatch.setattr(newsclean.batch, "_FILES_PER_WORKER", 1)


@pytest.fixture(scope="session")
def cleaner() -> Cleaner:
    return Cleaner()


@pytest.fixture
def run():
    """Invoke the CLI through click's runner; stdout and stderr kept apart."""

    def invoke(*args: str, input: bytes | str | None = None, env: dict | None = None):
        return CliRunner(env=env).invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def seeds_raw() -> Path:
    return SEEDS / "raw"
