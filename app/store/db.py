"""The SQLite engine of one counter: WAL, synchronous=FULL, foreign keys, busy timeout,
and the translation of SQLite's failures into messages a clerk can act on."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from app.domain.errors import DeskError

DB_FILENAME = "motcua.sqlite3"
BUSY_TIMEOUT_MS = int(os.environ.get("MOTCUA_BUSY_TIMEOUT_MS", "5000"))


def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    # Let SQLAlchemy's "begin" hook emit BEGIN itself (pysqlite's own is deferred only).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    try:
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    finally:
        cur.close()


def translate(exc: BaseException, path: Path | str) -> DeskError | None:
    """Map SQLite's own failures to a DeskError; None when it is not the environment's fault."""
    original = exc.orig if isinstance(exc, DBAPIError) else exc
    if not isinstance(original, sqlite3.Error | OSError):
        return None
    text = str(original).lower()
    if "locked" in text or "busy" in text:
        return DeskError("db.locked")
    if "malformed" in text or "not a database" in text or "file is encrypted" in text:
        return DeskError("db.corrupt", path=str(path), backup_hint="", backup_hint_en="")
    if "full" in text or "no space" in text:
        return DeskError("disk.full")
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return DeskError("db.readonly", path=str(Path(path).parent))
    if "disk i/o" in text:
        return DeskError("disk.full")
    return None


def _engine(path: Path, begin: str) -> Engine:
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", lambda conn: conn.exec_driver_sql(begin))
    return engine


class Database:
    """One counter's database file: a writing engine whose transactions take the write lock
    up front (BEGIN IMMEDIATE, so two writers queue on the busy timeout instead of failing
    on a stale WAL snapshot), and a reading engine with plain deferred transactions."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.engine: Engine = _engine(self.path, "BEGIN IMMEDIATE")
        self.read_engine: Engine = _engine(self.path, "BEGIN")
        self._factory = sessionmaker(self.engine, expire_on_commit=False)
        #: Small derived data (the catalog, the calendar) cached for this file's lifetime;
        #: the services that change the data clear their entry.
        self.cache: dict[str, Any] = {}
        self._read_factory = sessionmaker(self.read_engine, expire_on_commit=False)

    def session(self) -> AbstractContextManager[Session]:
        """A unit of work that writes: committed by the caller, rolled back otherwise."""
        return self._unit(self._factory)

    def read_session(self) -> AbstractContextManager[Session]:
        """A read-only unit of work: never blocks, never blocks a writer."""
        return self._unit(self._read_factory)

    @contextmanager
    def _unit(self, factory: sessionmaker[Session]) -> Iterator[Session]:
        """Rolled back on any failure, with SQLite's failures turned into DeskErrors."""
        session = factory()
        try:
            yield session
        except DeskError:
            session.rollback()
            raise
        except Exception as exc:
            session.rollback()
            mapped = translate(exc, self.path)
            if mapped is not None:
                raise mapped from exc
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()
        self.read_engine.dispose()


def quick_check(path: Path) -> None:
    """Open the file raw and make sure it is a readable SQLite database (before migrating)."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            row = con.execute("PRAGMA quick_check").fetchone()
        finally:
            con.close()
    except sqlite3.Error as exc:
        mapped = translate(exc, path)
        raise (mapped or DeskError("db.corrupt", path=str(path), backup_hint="", backup_hint_en="")) from exc
    if not row or row[0] != "ok":
        raise DeskError("db.corrupt", path=str(path), backup_hint="", backup_hint_en="")
