"""The built wheel carries the shipped rules and works from anywhere, installed on its own."""
from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS, normalise_body

SEED = "002_762ba3fc91da0198.txt"


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh virtual environment with the wheel installed; returns its bin folder."""
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(work / "dist"), str(ROOT)],
                   check=True, capture_output=True)
    wheel = next((work / "dist").glob("newsclean-*.whl"))
    env_dir = work / "env"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    # Offline and fast: the new environment sees this one's dependencies (click, rich, ...)
    # through a path line, which Python appends to sys.path without running this
    # environment's own .pth hooks, so newsclean itself can only come from the wheel.
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
                    "--quiet", str(wheel)], check=True, capture_output=True)
    return env_dir / "bin"


def test_wheel_contains_the_rules(installed):
    code = "import newsclean.ruleset as r; print(r.default_rules_dir()); print(len(r.default_rule_files()))"
    out = subprocess.run([str(installed / "python"), "-c", code], check=True, capture_output=True, text=True,
                         cwd="/").stdout.split()
    assert "site-packages/newsclean/rules" in out[0]
    assert str(ROOT) not in out[0]
    assert int(out[1]) == len(list((ROOT / "rules").glob("*.yaml")))


def test_installed_command_cleans_a_file_from_another_folder(installed, tmp_path):
    source = tmp_path / "elsewhere" / SEED
    source.parent.mkdir()
    source.write_bytes((SEEDS / "raw" / SEED).read_bytes())
    result = subprocess.run([str(installed / "newsclean"), "clean", str(source)],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert normalise_body(result.stdout) == normalise_body((SEEDS / "expected" / SEED).read_text(encoding="utf-8"))
