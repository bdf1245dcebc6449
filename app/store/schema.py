"""The schema revision this code expects, known without importing Alembic.

Start-up reads the database's revision with plain sqlite3 and imports Alembic only when an
upgrade is due. tests/integration/test_migrations.py checks SCHEMA_HEAD against Alembic's
own head, so a new revision cannot be forgotten here."""

from __future__ import annotations

import sqlite3
from pathlib import Path

SCHEMA_HEAD = "0006"


def stored_revision(path: Path) -> str | None:
    """The revision recorded in the file; None for a new file. Raises sqlite3 errors for a
    file that is not a database."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    try:
        has_table = con.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        if not has_table:
            return None
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    finally:
        con.close()
