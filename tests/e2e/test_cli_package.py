"""Issue 13: app/cli/ is a package with one static list of command groups.

``main()`` builds its parser from ``app.cli.COMMANDS`` on every call: nothing registers
itself at import, nothing is appended at run time, so ``main()`` runs any number of times
in one process and ``build_parser()`` alone knows every command."""

from __future__ import annotations

import argparse
import ast
import json
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import app.cli
from app.cli import COMMANDS, build_parser, main

ROOT = Path(__file__).resolve().parents[2]
CLI_DIR = ROOT / "app" / "cli"

EVERY_COMMAND = [
    "demo",
    "intake",
    "list",
    "show",
    "advance",
    "void",
    "print",
    "book",
    "deadline",
    "report",
    "migrate",
    "enroll",
    "sync",
    "sync-problems",
    "numbering",
    "backup",
    "restore",
    "check",
    "erase-applicant",
    "user",
    "audit",
    "handover",
    "volunteer",
    "calendar",
    "catalog",
    "attach",
    "scan",
    "push-files",
    "files",
    "result",
    "handover-result",
    "verify",
    "sign",
    "certify",
    "supplement",
    "pay",
    "receipts",
    "void-receipt",
    "ratings",
    "rating-handled",
    "index",
    "route",
    "incoming",
    "take",
    "send-back",
    "agencies",
]


def _commands(parser: argparse.ArgumentParser) -> list[str]:
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return list(sub.choices)


def test_build_parser_alone_knows_every_command_in_the_listed_order():
    # Before: the sync, admin and people commands were appended to a module-level list by
    # main() only, so a parser built without main() lacked them.
    assert _commands(build_parser()) == EVERY_COMMAND
    assert _commands(build_parser()) == EVERY_COMMAND  # and again: nothing accumulates
    assert isinstance(COMMANDS, tuple)


def test_main_runs_many_times_in_one_process_with_different_commands(tmp_path, capsys, monkeypatch):
    data = str(tmp_path / "data")
    assert main(["demo", "--dossiers", "3", "--data-dir", data]) == 0
    capsys.readouterr()
    assert main(["list", "--json", "--data-dir", data]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 3
    assert main(["show", rows[0]["code"], "--data-dir", data]) == 0
    assert rows[0]["code"] in capsys.readouterr().out
    # A command of another group (people), then one of the sync group, in the same process.
    monkeypatch.setenv("MOTCUA_NEW_PASSWORD", "một mật khẩu dài")
    assert (
        main(
            [
                "user",
                "add",
                "lan",
                "--name",
                "Lê Thị Lan",
                "--role",
                "clerk",
                "--json",
                "--data-dir",
                data,
            ]
        )
        == 0
    )
    assert json.loads(capsys.readouterr().out)["username"] == "lan"
    assert main(["numbering", "--json", "--data-dir", data]) == 0
    assert json.loads(capsys.readouterr().out) == {"held": False, "reason": ""}
    # Bad input still exits 2 with the message, after all those calls.
    assert main(["show", "KHÔNG-CÓ", "--data-dir", data]) == 2
    assert "Không tìm thấy hồ sơ KHÔNG-CÓ." in capsys.readouterr().err


def _module_level_problems(path: Path) -> list[str]:
    """Statements at module level that change state at import: loops, calls, mutable
    containers. Imports, functions, classes and constant assignments are fine."""
    problems = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue  # docstring
        if isinstance(node, ast.Import | ast.ImportFrom | ast.FunctionDef | ast.ClassDef):
            continue
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            continue
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            mutable = (ast.List, ast.Dict, ast.Set, ast.ListComp, ast.DictComp, ast.SetComp)
            calls = [ast.unparse(n.func) for n in ast.walk(node.value) if isinstance(n, ast.Call)]
            if not isinstance(node.value, mutable) and set(calls) <= {"logging.getLogger"}:
                continue
        problems.append(f"{path.name}:{node.lineno}: {ast.unparse(node).splitlines()[0]}")
    return problems


def test_no_command_module_changes_state_at_import():
    modules = sorted(p for p in CLI_DIR.glob("*.py") if p.name != "__main__.py")
    assert {p.stem for p in modules} >= {
        "__init__",
        "common",
        "dossiers",
        "sync",
        "people",
        "admin",
    }
    problems = [p for m in modules for p in _module_level_problems(m)]
    assert problems == []
    assert not (ROOT / "app" / "cli.py").exists()
    assert not list((ROOT / "app").glob("cli_*.py"))


def test_every_command_module_is_in_the_one_list():
    listed = {register.__module__ for register in COMMANDS}
    on_disk = {
        f"app.cli.{p.stem}"
        for p in CLI_DIR.glob("*.py")
        if p.stem not in ("__init__", "__main__", "common")
    }
    assert listed == on_disk


def test_the_console_script_and_python_m_run_the_same_main(tmp_path):
    (script,) = entry_points(group="console_scripts", name="motcua")
    assert script.value == "app.cli:main"
    assert script.load() is app.cli.main
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "app.cli",
            "deadline",
            "--procedure",
            "1.004222",
            "--received",
            "2025-07-15T14:05",
            "--json",
            "--data-dir",
            str(tmp_path / "data"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    # An empty data folder has no catalog: the command is found and refuses cleanly.
    assert done.returncode == 2, done.stderr
    assert (
        done.stderr
        == "Không tìm thấy thủ tục có mã 1.004222.\n(No procedure with code 1.004222.)\n"
    )
