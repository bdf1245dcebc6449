"""Issue 13: one message catalogue, built in app/domain/messages without import side effects.

Every key the code raises a DeskError with is in the catalogue in Vietnamese and English,
and importing ``app.domain.errors`` alone gives the whole catalogue: no module adds to it
when it happens to be imported (before, the sync, backup, user, volunteer, calendar,
catalog, hand-over, correction, role and CLI messages only existed once their module had
been imported)."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted(p for folder in ("app", "ui", "hub") for p in (ROOT / folder).rglob("*.py"))


def _python(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def alone() -> dict[str, list[str]]:
    """The catalogue as a fresh interpreter sees it after importing app.domain.errors only."""
    return json.loads(
        _python(
            "import json, sys\n"
            "from app.domain.errors import MESSAGES\n"
            "assert not [m for m in sys.modules if m.startswith(('app.services', 'app.sync', "
            "'app.store', 'app.cli', 'ui', 'hub'))]\n"
            "print(json.dumps(dict(MESSAGES), ensure_ascii=False))\n"
        )
    )


def _is_desk_error(call: ast.Call) -> bool:
    func = call.func
    return (isinstance(func, ast.Name) and func.id == "DeskError") or (
        isinstance(func, ast.Attribute) and func.attr == "DeskError"
    )


def _used_keys() -> tuple[dict[str, list[str]], list[tuple[str, str]]]:
    """Literal keys given to DeskError (directly, or through a module's helper that passes its
    first parameter on as the key), and the f-string keys (literal prefix, where)."""
    keys: dict[str, list[str]] = {}
    patterns: list[tuple[str, str]] = []
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = str(path.relative_to(ROOT))
        helpers = set()
        for fn in ast.walk(tree):
            if isinstance(fn, ast.FunctionDef) and fn.args.args:
                first = fn.args.args[0].arg
                if any(
                    isinstance(c, ast.Call)
                    and _is_desk_error(c)
                    and c.args
                    and isinstance(c.args[0], ast.Name)
                    and c.args[0].id == first
                    for c in ast.walk(fn)
                ):
                    helpers.add(fn.name)
        for call in ast.walk(tree):
            if not isinstance(call, ast.Call) or not call.args:
                continue
            named = call.func.id if isinstance(call.func, ast.Name) else None
            if not (_is_desk_error(call) or named in helpers):
                continue
            arg = call.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                keys.setdefault(arg.value, []).append(f"{where}:{call.lineno}")
            elif isinstance(arg, ast.JoinedStr) and isinstance(arg.values[0], ast.Constant):
                patterns.append((str(arg.values[0].value), f"{where}:{call.lineno}"))
    return keys, patterns


def test_the_scan_finds_keys_of_every_layer_and_of_the_helpers():
    keys, patterns = _used_keys()
    places = {where.split("/")[0] for wheres in keys.values() for where in wheres}
    assert places == {"app", "ui", "hub"}
    assert "cccd.lost_diacritics" in keys  # ui/intake.py
    assert "text.too_long" in keys  # through app/domain/entry.py's _error(key, field)
    assert ("sync.problem.", "app/services/sync_problems.py") in {
        (p, w.split(":")[0]) for p, w in patterns
    }
    assert len(keys) > 100


def test_every_key_raised_in_app_ui_and_hub_is_in_the_catalogue_in_both_languages(alone):
    keys, patterns = _used_keys()
    missing = {key: wheres for key, wheres in keys.items() if key not in alone}
    assert missing == {}
    for prefix, where in patterns:
        assert [k for k in alone if k.startswith(prefix)], (prefix, where)
    for kind in ("dead", "conflict", "rejected"):  # app/services/sync_problems.py _kind()
        assert f"sync.problem.{kind}" in alone and f"sync.advice.{kind}" in alone
    for key, texts in alone.items():
        assert len(texts) == 2, key
        vi, en = texts
        assert isinstance(vi, str) and vi.strip(), key
        assert isinstance(en, str) and en.strip(), key


def test_importing_errors_alone_gives_the_catalogue_that_importing_everything_gives(alone):
    everything = json.loads(
        _python(
            "import importlib, json, pkgutil\n"
            "import app, ui, hub\n"
            "for pkg in (app, ui, hub):\n"
            "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
            "        if not m.name.endswith('__main__'):\n"
            "            importlib.import_module(m.name)\n"
            "from app.domain.errors import MESSAGES\n"
            "print(json.dumps(dict(MESSAGES), ensure_ascii=False))\n"
        )
    )
    assert alone == everything
    for key in (
        "sync.on_hold",
        "backup.folder_is_file",
        "privacy.confirm",
        "role.unknown",
        "code.numbering_hold",
        "post.receipt_at_commune",
        "cli.password_mismatch",
    ):
        assert key in alone


def test_nothing_adds_to_the_catalogue_and_it_cannot_be_changed():
    from app.domain.errors import MESSAGES, DeskError

    writers = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            target = None
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                target = node.func.value
            elif isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store):
                target = node.value
            if (
                isinstance(target, ast.Name)
                and target.id == "MESSAGES"
                and not (isinstance(node, ast.Call) and node.func.attr in ("get", "items", "keys"))
            ):
                writers.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert writers == []
    with pytest.raises(TypeError):
        MESSAGES["x.y"] = ("x", "y")  # type: ignore[index]
    assert DeskError("sync.on_hold").message("en").startswith("Automatic sync is paused")


def test_a_key_in_two_parts_is_refused():
    from app.domain.messages import merge

    with pytest.raises(ValueError, match="input.invalid"):
        merge(({"input.invalid": ("a", "b")}, {"input.invalid": ("c", "d")}))
