"""The database as closed files: safe copies of the live database with SQLite's online
backup API, the rotation of the automatic copies, and the raw file checks a restore needs
before it trusts a candidate.

Everything here works on closed files with plain ``sqlite3`` (never the app's engines), so
it also works on a damaged database that SQLAlchemy could not open."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.domain.dossier import VN_TZ
from app.domain.errors import DeskError
from app.store.schema import APPLICATION_ID, MOTCUA_TABLES, open_for_inspection, read_header

#: ``<prefix>-<yyyymmddThhmmssffffffZ>.sqlite3``: the time a copy was taken, in its name.
_STAMP_RE = re.compile(r"-([0-9]{8}T[0-9]{12})Z\.sqlite3$")
#: The automatic copies (``auto-<reason>-<stamp>``): the only ones rotation may delete.
AUTO_PREFIX = "auto-"
#: The file a restore replaced: kept as evidence, never offered as "the latest backup".
REPLACED_PREFIX = "replaced-"
PART_SUFFIX = ".part"
#: The tables that make a SQLite file a MotCua Desk database.
REQUIRED_TABLES = MOTCUA_TABLES


def _sqlite_error(exc: BaseException, path: Path, target: Path) -> DeskError:
    text = str(exc).lower()
    if "full" in text or getattr(exc, "errno", None) == 28:
        return DeskError("disk.full")
    if (
        "readonly" in text
        or "read-only" in text
        or "unable to open" in text
        or isinstance(exc, PermissionError)
    ):
        return DeskError("db.readonly", path=str(target.parent))
    if "locked" in text or "busy" in text:
        return DeskError("db.locked")
    return DeskError("db.corrupt", path=str(path), backup_hint="", backup_hint_en="")


def fsync_dir(folder: Path) -> None:
    """Make a rename inside ``folder`` survive a power cut (a no-op where unsupported)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_sqlite_file(path: Path) -> None:
    """Delete a database file and its -wal, -shm and -journal companions."""
    for p in (path, *sidecars(path)):
        p.unlink(missing_ok=True)


def sidecars(path: Path) -> tuple[Path, Path, Path]:
    """The -wal, -shm and -journal files SQLite may keep beside ``path``."""
    return (
        path.with_name(path.name + "-wal"),
        path.with_name(path.name + "-shm"),
        path.with_name(path.name + "-journal"),
    )


def backup_to(source: Path, target: Path, *, verify: bool = False) -> Path:
    """Copy ``source`` to ``target`` consistently even while the app writes to it.

    The copy is written to ``<target>.part`` and renamed into place only when complete (and,
    with ``verify``, when ``PRAGMA quick_check`` says it is sound), so a crash or a full disk
    never leaves a torn file under a backup's name. The copy is a standalone file
    (rollback journal, no -wal beside it)."""
    if not source.is_file():
        raise DeskError("backup.no_database", path=str(source))
    for folder in (target.parent, *target.parent.parents):
        if folder.exists():
            if not folder.is_dir():  # e.g. a file named "backups" where the folder belongs
                raise DeskError("backup.folder_is_file", path=str(folder))
            break
    if target.is_dir():
        raise DeskError("backup.folder_is_file", path=str(target))
    tmp = target.with_name(target.name + PART_SUFFIX)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_sqlite_file(tmp)
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(str(tmp))
            try:
                src.backup(dst)  # one step: one read snapshot, writers are never blocked (WAL)
                dst.execute("PRAGMA journal_mode=DELETE")
                if verify:
                    row = dst.execute("PRAGMA quick_check").fetchone()
                    if not row or row[0] != "ok":
                        raise DeskError(
                            "db.corrupt", path=str(source), backup_hint="", backup_hint_en=""
                        )
            finally:
                dst.close()
        finally:
            src.close()
        _fsync_file(tmp)
        tmp.replace(target)
        fsync_dir(target.parent)
    except DeskError:
        remove_sqlite_file(tmp)
        raise
    except (sqlite3.Error, OSError) as exc:
        remove_sqlite_file(tmp)
        raise _sqlite_error(exc, source, target) from exc
    return target


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def timestamped_name(prefix: str, now: datetime | None = None) -> str:
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    return f"{prefix}-{moment:%Y%m%dT%H%M%S%fZ}.sqlite3"


def unique_backup_path(folder: Path, prefix: str, now: datetime) -> Path:
    """A not-yet-used ``<prefix>-<stamp>.sqlite3`` in ``folder`` (a fixed test clock, or two
    copies in the same microsecond, must not overwrite each other)."""
    moment = now
    while True:
        path = folder / timestamped_name(prefix, moment)
        if not path.exists() and not path.with_name(path.name + PART_SUFFIX).exists():
            return path
        moment += timedelta(microseconds=1)


def stamp_of(path: Path) -> datetime | None:
    """The moment in a backup's name, or None for a file named otherwise."""
    m = _STAMP_RE.search(path.name)
    if m is None:
        return None
    try:
        return datetime.strptime(m[1], "%Y%m%dT%H%M%S%f").replace(tzinfo=UTC)
    except ValueError:
        return None


def _taken_at(path: Path) -> datetime:
    stamp = stamp_of(path)
    if stamp is not None:
        return stamp
    return datetime.fromtimestamp(path.stat().st_mtime, UTC)


def list_backups(folder: Path, *, include_replaced: bool = False) -> list[Path]:
    """The complete backups in ``folder``, newest first (by the time in their names)."""
    if not folder.is_dir():
        return []
    found = [
        p
        for p in folder.glob("*.sqlite3")
        if p.is_file() and (include_replaced or not p.name.startswith(REPLACED_PREFIX))
    ]
    return sorted(found, key=_taken_at, reverse=True)


def is_sound(path: Path) -> bool:
    """``PRAGMA quick_check`` on a closed file, read-only."""
    try:
        con = open_for_inspection(path)
        try:
            row = con.execute("PRAGMA quick_check").fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        return False
    return bool(row) and row[0] == "ok"


def is_our_backup(path: Path) -> bool:
    """A MotCua Desk database (our mark, or our tables in a file older than the mark), not
    an empty or foreign SQLite file that happens to lie in the backups folder."""
    try:
        header = read_header(path)
    except sqlite3.Error:
        return False
    return header.ours and MOTCUA_TABLES <= header.tables


def latest_good_backup(folder: Path) -> Path | None:
    """The newest backup that is ours and passes ``quick_check`` (a replaced file never
    counts)."""
    for path in list_backups(folder):
        if is_our_backup(path) and is_sound(path):
            return path
    return None


# --- Rotation -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RetentionRule:
    """Which automatic copies to keep: the newest ``keep_last``, the newest of each day for
    ``daily_days`` days and the newest of each ISO week for ``weekly_weeks`` weeks."""

    keep_last: int = 10
    daily_days: int = 14
    weekly_weeks: int = 8


DEFAULT_RETENTION = RetentionRule()


def backups_to_prune(
    backups: Iterable[tuple[Path, datetime]],
    *,
    now: datetime,
    rule: RetentionRule = DEFAULT_RETENTION,
) -> list[Path]:
    """The automatic copies the rule lets go (days and weeks in Vietnam time)."""
    ordered = sorted(backups, key=lambda b: b[1], reverse=True)
    keep: set[Path] = {p for p, _ in ordered[: rule.keep_last]}
    days: set[object] = set()
    weeks: set[object] = set()
    for path, at in ordered:
        age = now - at
        local = at.astimezone(VN_TZ)
        if age < timedelta(days=rule.daily_days) and local.date() not in days:
            days.add(local.date())
            keep.add(path)
        week = local.isocalendar()[:2]
        if age < timedelta(weeks=rule.weekly_weeks) and week not in weeks:
            weeks.add(week)
            keep.add(path)
    return [p for p, _ in ordered if p not in keep]


def rotate(folder: Path, *, now: datetime, rule: RetentionRule = DEFAULT_RETENTION) -> list[Path]:
    """Delete the automatic copies the rule lets go, and ``.part`` files a crash left behind
    (older than an hour, so a copy being written right now is never touched). Copies made
    before a migration (``pre-migrate-*``), by hand, or replaced by a restore are never
    deleted. Returns what was deleted."""
    if not folder.is_dir():
        return []
    autos = [
        (p, at) for p in folder.glob(f"{AUTO_PREFIX}*.sqlite3") if (at := stamp_of(p)) is not None
    ]
    doomed = backups_to_prune(autos, now=now, rule=rule)
    for path in doomed:
        path.unlink(missing_ok=True)
    horizon = datetime.now(UTC).timestamp() - 3600
    for part in folder.glob(f"*{PART_SUFFIX}"):
        try:
            if part.stat().st_mtime < horizon:
                part.unlink()
                doomed.append(part)
        except OSError:
            continue
    return doomed


# --- Raw checks of a file ------------------------------------------------------------------


@dataclass(frozen=True)
class FileInspection:
    """What a raw look at a SQLite file found."""

    path: Path
    problems: tuple[str, ...]  # integrity_check and foreign_key_check findings; () when sound
    tables: frozenset[str]
    revision: str | None
    outbox: dict[str, int]  # rows per state (empty when unreadable)
    application_id: int = 0  # PRAGMA application_id; 0 in files older than revision 0004

    @property
    def is_motcua(self) -> bool:
        """Our tables, and our mark in the header (or no mark: a file older than 0004)."""
        return REQUIRED_TABLES <= self.tables and self.application_id in (0, APPLICATION_ID)


def inspect_file(path: Path, *, full: bool = True, read_only: bool = True) -> FileInspection:
    """``PRAGMA integrity_check`` (or ``quick_check``), ``foreign_key_check``, the Alembic
    revision and the outbox's counts of one file. Never raises for a damaged file: the
    damage is in ``problems``."""
    problems: list[str] = []
    tables: set[str] = set()
    revision: str | None = None
    outbox: dict[str, int] = {}
    app_id = 0
    try:
        con = open_for_inspection(path, read_only=read_only)
    except sqlite3.Error as exc:
        return FileInspection(path, (str(exc),), frozenset(), None, {})
    try:
        try:
            rows = con.execute(
                "PRAGMA integrity_check" if full else "PRAGMA quick_check"
            ).fetchall()
            problems += [r[0] for r in rows if r[0] != "ok"]
        except sqlite3.Error as exc:
            problems.append(str(exc))
        try:
            tables = {
                r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            app_id = int(con.execute("PRAGMA application_id").fetchone()[0])
        except sqlite3.Error as exc:
            problems.append(str(exc))
        if not problems:
            try:
                fks = con.execute("PRAGMA foreign_key_check").fetchall()
                problems += [f"foreign key: {r[0]} row {r[1]} -> {r[2]}" for r in fks[:20]]
                if len(fks) > 20:
                    problems.append(f"... {len(fks) - 20} more foreign-key problems")
            except sqlite3.Error as exc:
                problems.append(str(exc))
        if "alembic_version" in tables:
            try:
                row = con.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
            except sqlite3.Error as exc:
                problems.append(str(exc))
        if "outbox" in tables:
            try:
                outbox = {
                    str(s): int(n)
                    for s, n in con.execute("SELECT state, count(*) FROM outbox GROUP BY state")
                }
            except sqlite3.Error as exc:
                problems.append(str(exc))
    finally:
        con.close()
    return FileInspection(path, tuple(problems[:50]), frozenset(tables), revision, outbox, app_id)


def copy_raw(source: Path, target: Path) -> None:
    """Byte copy of a closed database file and, if there is one, its -wal (whose committed
    transactions belong to it), fsynced. The source is only read."""
    remove_sqlite_file(target)
    shutil.copyfile(source, target)
    _fsync_file(target)
    wal = source.with_name(source.name + "-wal")
    if wal.is_file() and wal.stat().st_size > 0:
        shutil.copyfile(wal, target.with_name(target.name + "-wal"))


def make_standalone(path: Path) -> None:
    """Fold a -wal into the file and switch it to a rollback journal: one self-contained file."""
    con = sqlite3.connect(str(path))
    try:
        con.execute("PRAGMA journal_mode=DELETE").fetchone()
    finally:
        con.close()
    for side in sidecars(path)[1:]:
        side.unlink(missing_ok=True)
    _fsync_file(path)


def take_exclusive(path: Path, *, timeout: float = 2.0) -> bool:
    """True when nobody else has ``path`` open: leaving WAL mode needs every other connection
    closed, so success proves it (and folds the -wal into the file on the way). False when
    the file is damaged. Raises DeskError("backup.in_use") when it is open elsewhere."""
    try:
        con = sqlite3.connect(str(path), timeout=timeout)
    except sqlite3.Error:
        return False
    try:
        con.execute("PRAGMA journal_mode=DELETE").fetchone()
    except sqlite3.OperationalError as exc:
        text = str(exc).lower()
        if "locked" in text or "busy" in text:
            raise DeskError("backup.in_use", path=str(path)) from exc
        return False
    except sqlite3.DatabaseError:
        return False
    finally:
        con.close()
    return True


def highest_sequences(path: Path) -> dict[tuple[str, str, int], int]:
    """``code_sequence`` of a (possibly damaged) file: the last number each counter slot
    used on each day; whatever cannot be read is left out."""
    try:
        con = open_for_inspection(path)
    except sqlite3.Error:
        return {}
    try:
        rows = con.execute("SELECT agency_code, day, slot, last FROM code_sequence").fetchall()
    except sqlite3.Error:
        return {}
    finally:
        con.close()
    return {(str(a), str(d), int(s)): int(n) for a, d, s, n in rows}


def dossier_codes(path: Path) -> set[str]:
    """The dossier codes a (possibly damaged) file holds; empty when unreadable."""
    try:
        con = open_for_inspection(path)
    except sqlite3.Error:
        return set()
    try:
        return {str(r[0]) for r in con.execute("SELECT code FROM dossier")}
    except sqlite3.Error:
        return set()
    finally:
        con.close()


def merge_sequences(*sources: dict[tuple[str, str, int], int]) -> dict[tuple[str, str, int], int]:
    merged: dict[tuple[str, str, int], int] = {}
    for source in sources:
        for key, last in source.items():
            merged[key] = max(merged.get(key, 0), last)
    return merged


def paths_named(folder: Path, patterns: Sequence[str]) -> list[Path]:
    return sorted({p for pattern in patterns for p in folder.glob(pattern)})


def known_sequences(path: Path) -> dict[tuple[str, str, int], int] | None:
    """Every code number a (possibly damaged) MotCua file shows it used: its
    ``code_sequence``, its dossiers' codes and its outbox events' codes. None when none of
    them can be read (not a database, garbage, a locked or missing file)."""
    from app.domain.codes import SLOT_SIZE, parse_code

    try:
        con = open_for_inspection(path)
    except sqlite3.Error:
        return None
    found: dict[tuple[str, str, int], int] = {}
    readable = False
    try:
        queries = (
            "SELECT agency_code, day, slot, last FROM code_sequence",
            "SELECT code FROM dossier",
            "SELECT DISTINCT dossier_code FROM outbox",
        )
        for query in queries:
            try:
                rows = con.execute(query).fetchall()
            except sqlite3.Error:
                continue
            readable = True
            for row in rows:
                if len(row) == 4:
                    key, last = (str(row[0]), str(row[1]), int(row[2])), int(row[3])
                else:
                    parsed = parse_code(str(row[0]))
                    if parsed is None:
                        continue
                    key = (parsed.agency_code, f"{parsed.day:%y%m%d}", parsed.slot)
                    last = parsed.sequence % SLOT_SIZE
                found[key] = max(found.get(key, 0), last)
    finally:
        con.close()
    return found if readable else None
