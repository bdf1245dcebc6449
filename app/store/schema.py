"""The schema revision this code expects and the mark that makes a file ours, both known
without importing Alembic.

Start-up reads the database's revision with plain sqlite3 and imports Alembic only when an
upgrade is due. tests/integration/test_migrations.py checks SCHEMA_HEAD against Alembic's
own head, so a new revision cannot be forgotten here."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

SCHEMA_HEAD = "0017"
#: The database file in a counter's data folder.
DB_FILENAME = "motcua.sqlite3"
#: ``PRAGMA application_id`` of a MotCua Desk database ("MCUD"), set by revision 0005.
APPLICATION_ID = 0x4D435544
#: The tables that make a SQLite file a MotCua Desk database (of any revision).
MOTCUA_TABLES = frozenset(
    {"alembic_version", "dossier", "applicant", "outbox", "audit_log", "key_value", "code_sequence"}
)


@dataclass(frozen=True)
class FileHeader:
    """What the first pages of a file say about it."""

    application_id: int
    revision: str | None
    tables: frozenset[str]  # empty: a new, empty database

    @property
    def ours(self) -> bool:
        """Marked as ours, or an older MotCua file (no mark yet, but our tables and Alembic
        revision), or empty: the only files the app may migrate and write."""
        if self.application_id == APPLICATION_ID:
            return True
        if self.application_id != 0:
            return False
        return not self.tables or (self.revision is not None and MOTCUA_TABLES <= self.tables)


def open_for_inspection(
    path: Path, *, read_only: bool = True, timeout: float = 5.0
) -> sqlite3.Connection:
    """A raw connection to a file that may be damaged: read-only by default, and text read
    with replacement characters, since damage can leave bytes that are not UTF-8 in a
    check's own report or in any text column (sqlite3.Error when it cannot be opened).
    Every raw look at a file before or beside the engine goes through it."""
    uri = f"file:{path}?mode=ro" if read_only else f"file:{path}"
    con = sqlite3.connect(uri, uri=True, timeout=timeout)
    con.text_factory = lambda raw: raw.decode("utf-8", "replace")
    return con


def read_header(path: Path) -> FileHeader:
    """The file's application id, revision and table count; raises sqlite3 errors for a
    file that is not a database."""
    con = open_for_inspection(path)
    try:
        app_id = int(con.execute("PRAGMA application_id").fetchone()[0])
        names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        revision = None
        if "alembic_version" in names:
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
        return FileHeader(app_id, revision, frozenset(names))
    finally:
        con.close()


def stored_revision(path: Path) -> str | None:
    """The revision recorded in the file; None for a new file. Raises sqlite3 errors for a
    file that is not a database."""
    return read_header(path).revision


def stored_password_hash(path: Path, username: str) -> str | None:
    """The password hash stored for ``username``, read with plain sqlite3 before the database
    is opened (the start checks the password while the core loads); None when the file has
    no such account. Raises sqlite3 errors for a file that is not a database."""
    con = open_for_inspection(path)
    try:
        row = con.execute(
            "SELECT password_hash FROM user_account WHERE username = ?", (username,)
        ).fetchone()
        return str(row[0]) if row and row[0] else None
    finally:
        con.close()
