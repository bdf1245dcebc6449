"""The repository's own promises: CI runs the README's test command, the layer rules
hold, and the code passes the linter."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _fenced_commands(text: str) -> list[str]:
    return [b.strip() for b in re.findall(r"```\n(.*?)```", text, flags=re.S)]


def test_readme_has_exactly_two_setup_commands_and_ci_runs_the_test_one():
    setup = ROOT.joinpath("README.md").read_text(encoding="utf-8").split("## Set up", 1)[1]
    setup = setup.split("\n## ", 1)[0]
    commands = _fenced_commands(setup)
    assert len(commands) == 2
    launch, test = commands
    assert "main.py --demo" in launch
    assert "pytest" in test
    ci_lines = ROOT.joinpath(".ci/run").read_text(encoding="utf-8").splitlines()
    assert ci_lines[-1].strip() == test


def test_layer_contracts_hold():
    exe = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(exe)], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "broken" in done.stdout and "0 broken" in done.stdout


def test_ruff_is_clean():
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "app", "ui", "hub", "tests", "bench", "main.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
