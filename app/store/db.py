"""The SQLite engine of one counter: WAL, synchronous=FULL, foreign keys, busy timeout,
and the translation of SQLite's failures into messages a clerk can act on."""

from __future__ import annotations

import errno
import os
import random
import sqlite3
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from app.domain.errors import DeskError
from app.store.schema import DB_FILENAME as DB_FILENAME  # re-exported: its old home
from app.store.schema import open_for_inspection

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


# SQLite's primary result codes (https://sqlite.org/rescode.html): failures are told apart
# by code, never by the wording of the message.
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_IOERR = 5, 6, 8, 10
SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 11, 13, 14, 26
#: A marker in the data folder's run/ directory: this file raised SQLITE_CORRUPT. The next
#: start runs the full check before it writes anything.
DAMAGED_MARKER = "damaged"


def _corrupt(path: Path | str) -> DeskError:
    return DeskError("db.corrupt", path=str(path), backup_hint="", backup_hint_en="")


def translate(exc: BaseException, path: Path | str) -> DeskError | None:
    """Map SQLite's own failures to a DeskError; None when it is not the environment's fault."""
    original = exc.orig if isinstance(exc, DBAPIError) else exc
    if isinstance(original, OSError):
        if original.errno == errno.ENOSPC:
            return DeskError("disk.full")
        if original.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return DeskError("db.readonly", path=str(Path(path).parent))
        return None
    if not isinstance(original, sqlite3.Error):
        return None
    code = getattr(original, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary in (SQLITE_BUSY, SQLITE_LOCKED):
        return DeskError("db.locked")
    if primary in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return _corrupt(path)
    if primary == SQLITE_FULL:
        return DeskError("disk.full")
    if primary in (SQLITE_READONLY, SQLITE_CANTOPEN):
        return DeskError("db.readonly", path=str(Path(path).parent))
    if primary == SQLITE_IOERR:
        return DeskError("disk.full")
    if primary is not None:
        return None
    # Errors raised by the driver itself carry no code: the old reading of the text.
    text = str(original).lower()
    if "locked" in text or "busy" in text:
        return DeskError("db.locked")
    if "malformed" in text or "not a database" in text:
        return _corrupt(path)
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
        #: Set on the first SQLITE_CORRUPT: from then on nothing is written to this file.
        self.damaged = False

    def session(self) -> AbstractContextManager[Session]:
        """A unit of work that writes: committed by the caller, rolled back otherwise.

        Refused once the file was found damaged: writing into a damaged b-tree spreads the
        damage, and the clerk must restore the latest good backup instead."""
        if self.damaged:
            raise self.corrupt_error()
        return self._unit(self._factory)

    def corrupt_error(self) -> DeskError:
        """db.corrupt naming this file and the newest backup that passes its check."""
        from app.store.db_files import latest_good_backup

        good = latest_good_backup(self.path.parent / "backups")
        if good is None:
            return _corrupt(self.path)
        return DeskError(
            "db.corrupt",
            path=str(self.path),
            backup_hint=f" (bản gần nhất: {good})",
            backup_hint_en=f" (latest: {good})",
        )

    def mark_damaged(self) -> None:
        """Stop writing, and leave a marker so the next start runs the full check first."""
        self.damaged = True
        run = self.path.parent / "run"
        try:
            run.mkdir(exist_ok=True)
            (run / DAMAGED_MARKER).touch()
        except OSError:
            pass  # a read-only or full folder: this process still refuses to write

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
            if mapped is not None and mapped.key == "db.corrupt":
                self.mark_damaged()
                raise self.corrupt_error() from exc
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
        con = open_for_inspection(path, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            row = con.execute("PRAGMA quick_check").fetchone()
        finally:
            con.close()
    except sqlite3.Error as exc:
        mapped = translate(exc, path)
        raise (mapped or _corrupt(path)) from exc
    if not row or row[0] != "ok":
        raise _corrupt(path)


#: Files up to this size get the full ``PRAGMA quick_check`` at every start (about 2 s per
#: GB here, so some 30 ms); larger ones get ``probe_database``.
FULL_CHECK_BELOW = 16 * 1024 * 1024


def probe_database(
    path: Path, *, probes: int = 48, budget_s: float = 0.15, rng: random.Random | None = None
) -> None:
    """A start-up check cheap enough for a 1 GB file; db.corrupt when it finds damage.

    ``PRAGMA quick_check`` reads every page (seconds on a large file). This reads instead:
    the header (magic, page size, the page count against the file's size), the schema, the
    first and last row of every table and index, and ``probes`` rows at random rowids of
    each table with their entries in each index, within ``budget_s``. Each probe walks a
    b-tree from its root to a leaf, so damaged interior pages (which lose many rows) are
    found at once; one damaged leaf among many is found only by chance: the full check runs
    in the background after start, and the first SQLITE_CORRUPT in use stops all writing."""
    if path.stat().st_size <= FULL_CHECK_BELOW:
        quick_check(path)
        return
    _check_header(path)
    pick = rng or random.Random()
    deadline = time.monotonic() + budget_s
    try:
        con = open_for_inspection(path, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise (translate(exc, path) or _corrupt(path)) from exc
    try:
        tables = con.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND sql NOT LIKE '%WITHOUT ROWID%'"
        ).fetchall()
        for (table,) in tables:
            _probe_table(con, table, probes, pick, deadline)
    except sqlite3.Error as exc:
        mapped = translate(exc, path)
        if mapped is None:
            raise
        raise mapped from exc
    finally:
        con.close()


def _check_header(path: Path) -> None:
    with open(path, "rb") as fh:
        head = fh.read(100)
    size = path.stat().st_size
    if len(head) < 100 or not head.startswith(b"SQLite format 3\x00"):
        raise _corrupt(path)
    page = int.from_bytes(head[16:18], "big")
    page = 65536 if page == 1 else page
    if page < 512 or page & (page - 1) or size % page:
        raise _corrupt(path)
    pages = int.from_bytes(head[28:32], "big")
    valid_for = int.from_bytes(head[92:96], "big")
    change = int.from_bytes(head[24:28], "big")
    wal = path.with_name(path.name + "-wal")
    if valid_for == change and pages * page > size and not (wal.exists() and wal.stat().st_size):
        raise _corrupt(path)  # truncated: the header counts pages the file no longer has


def _index_query(con: sqlite3.Connection, sql: str, params: tuple[object, ...]) -> None:
    """Run one index probe; an index the planner cannot use that way is simply skipped."""
    try:
        con.execute(sql, params).fetchall()
    except sqlite3.OperationalError as exc:
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
        if code in (SQLITE_CORRUPT, SQLITE_NOTADB, SQLITE_IOERR):
            raise


def _probe_table(
    con: sqlite3.Connection, table: str, probes: int, pick: random.Random, deadline: float
) -> None:
    q = '"' + table.replace('"', '""') + '"'
    # Two sub-queries: min() and max() in one SELECT would scan the whole table.
    lo, hi = con.execute(
        f"SELECT (SELECT min(rowid) FROM {q}), (SELECT max(rowid) FROM {q})"
    ).fetchone()
    if lo is None:
        return
    indexes = []
    for name, partial in con.execute(f"SELECT name, \"partial\" FROM pragma_index_list('{table}')"):
        cols = [c for (c,) in con.execute(f"SELECT name FROM pragma_index_info('{name}')")]
        if cols and all(cols) and not partial:
            indexes.append((name, cols[0]))
    for ix, col in indexes:  # both ends of each index
        qc = '"' + col.replace('"', '""') + '"'
        for order in ("ASC", "DESC"):
            _index_query(
                con, f'SELECT {qc} FROM {q} INDEXED BY "{ix}" ORDER BY {qc} {order} LIMIT 1', ()
            )
    names = [r[1] for r in con.execute(f"SELECT * FROM pragma_table_info('{table}')")]
    for i in range(probes):
        rowid = hi if i == 0 else lo if i == 1 else pick.randint(lo, hi)
        row = con.execute(f"SELECT * FROM {q} WHERE rowid >= ? LIMIT 1", (rowid,)).fetchone()
        if row is None:
            continue
        values = dict(zip(names, row, strict=False))
        for ix, col in indexes:
            if values.get(col) is not None:
                qc = '"' + col.replace('"', '""') + '"'
                _index_query(
                    con,
                    f'SELECT 1 FROM {q} INDEXED BY "{ix}" WHERE {qc} = ? LIMIT 1',
                    (values[col],),
                )
        if time.monotonic() > deadline:
            return
