"""Services compose the store's repositories: the areas moved so far build no ORM query of
their own (no select/func/text/update, no session.scalar/scalars/execute, no
session.get(Model, ...)). app/store/repositories.py maps rows to the domain's records."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SERVICES = Path(__file__).resolve().parents[2] / "app" / "services"
MOVED = [
    "dossiers",
    "users",
    "volunteer",
    "reports",
    "post",
    "catalog",
    "sync",
    "calendar_admin",
    "printing",
    "context",
    "identity",
    "numbering",
    "backups",
    "restore",
    "erasure",
    "results",
    "ratings",
    "certification",
    "interagency",
    "interagency_feed",
    "remote_moves",
    "agencies",
]
QUERY_CALLS = {"scalar", "scalars", "execute"}


def _query_building(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    models: set[str] = set()
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [a.asname or a.name for a in node.names]
            if node.module == "app.store.models":
                models.update(names)
            elif node.module == "sqlalchemy":
                found += [f"line {node.lineno}: from sqlalchemy import {n}" for n in names]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            attr = node.func.attr
            if attr in QUERY_CALLS:
                found.append(f"line {node.lineno}: .{attr}(...)")
            elif (
                attr == "get"
                and node.args
                and isinstance(node.args[0], ast.Name)
                and node.args[0].id in models
            ):
                found.append(f"line {node.lineno}: .get({node.args[0].id}, ...)")
    return found


@pytest.mark.parametrize("name", MOVED)
def test_service_builds_no_orm_query(name: str) -> None:
    assert _query_building(SERVICES / f"{name}.py") == []


def test_no_service_hand_builds_a_dossier_record() -> None:
    for path in SERVICES.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        built = [
            n.lineno
            for n in ast.walk(tree)
            if isinstance(n, ast.Call)
            and isinstance(n.func, ast.Name)
            and n.func.id in {"DossierRecord", "DossierRow", "HistoryEntry"}
        ]
        assert built == [], f"{path.name} builds records by hand at lines {built}"
