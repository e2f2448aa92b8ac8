"""Golden files: the five seeds, cleaned as ONE folder, give exactly the expected bodies."""
from __future__ import annotations

import pytest

from conftest import SEEDS, normalise_body, seed_params

NAMES = sorted(p.name for p in (SEEDS / "expected").glob("*.txt"))
# The State Department spokeswoman's written statement, quoted by several of the five sites:
# text shared across different sites is syndicated content, and must survive in each.
STATEMENT = "concrete evidence that Russia is prepared to engage on the diplomatic proposals"


@pytest.fixture(scope="module")
def cleaned(tmp_path_factory):
    from click.testing import CliRunner

    from newsclean.cli import cli

    out = tmp_path_factory.mktemp("seeds-out")
    result = CliRunner().invoke(cli, ["clean", str(SEEDS / "raw"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_there_are_five_seeds():
    assert len(NAMES) == 5


@pytest.mark.parametrize("name", seed_params(NAMES))
def test_seed_comes_out_exactly(cleaned, name):
    got = normalise_body((cleaned / name).read_text(encoding="utf-8"))
    want = normalise_body((SEEDS / "expected" / name).read_text(encoding="utf-8"))
    assert got == want


def test_quoted_statement_survives_in_each_file_that_has_it(cleaned):
    holders = [n for n in NAMES if STATEMENT in (SEEDS / "raw" / n).read_text(encoding="utf-8")]
    assert len(holders) >= 3
    for name in holders:
        assert STATEMENT in (cleaned / name).read_text(encoding="utf-8"), name


@pytest.mark.parametrize("name", NAMES)
def test_seed_cleans_the_same_alone_as_in_the_folder(cleaner, cleaned, name):
    alone = cleaner.clean((SEEDS / "raw" / name).read_text(encoding="utf-8")).text
    assert alone == (cleaned / name).read_text(encoding="utf-8")
