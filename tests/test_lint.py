"""The code is lint-clean, formatted and spelt right: ruff (check and format)
and codespell, with the settings in pyproject.toml, over the whole tree."""

import subprocess
import sys
from pathlib import Path

import pytest

from kzedition.paths import ROOT

BIN = Path(sys.executable).parent


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "."],
        ["ruff", "format", "--check", "."],
        ["codespell"],
    ],
    ids=["ruff check", "ruff format", "codespell"],
)
def test_tree_is_clean(command):
    proc = subprocess.run([str(BIN / command[0]), *command[1:]], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, f"{' '.join(command)} found problems:\n{proc.stdout}{proc.stderr}"


def test_lint_catches_a_planted_problem(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import os\nteh = 1\n")  # codespell:ignore teh
    ruff = subprocess.run(
        [str(BIN / "ruff"), "check", "--isolated", "--select", "F401", str(bad)],
        capture_output=True,
        text=True,
    )
    spell = subprocess.run([str(BIN / "codespell"), str(bad)], capture_output=True, text=True)
    assert ruff.returncode != 0 and "F401" in ruff.stdout
    assert spell.returncode != 0 and "teh" in spell.stdout  # codespell:ignore teh
