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


def normalise_body(text: str) -> list[str]:
    """Lines with runs of spaces folded and blank runs dropped (trailing whitespace aside)."""
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines()]
    return [line for line in lines if line]


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
