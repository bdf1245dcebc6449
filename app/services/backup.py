"""Data protection at the counter: automatic rotating backups, manual backup and restore,
the database check, the sync lock a restore respects, and the erasure of an applicant's
personal data on request.

Backups are copies made with SQLite's online backup API into ``<data dir>/backups``:

- ``auto-<reason>-<time>.sqlite3``: made by :func:`maybe_backup`; rotated (see
  :class:`app.store.backup.RetentionRule`);
- ``pre-migrate-<revision>-<time>.sqlite3``: made before every schema upgrade; never deleted;
- ``manual-<time>.sqlite3`` (or any name the clerk chose): ``backup --out``; never deleted;
- ``replaced-<time>.sqlite3``: the file a restore replaced, kept as evidence; never deleted
  and never offered as "the latest backup".
"""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
import socket
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from app.domain.codes import SLOT_SIZE, parse_code
from app.domain.dossier import VN_TZ
from app.domain.errors import MESSAGES, DeskError
from app.domain.roles import SYSTEM_ACTOR, Actor, Permission, Role
from app.domain.text import fold
from app.services.context import Clock, DeskContext, open_desk, utc_now
from app.services.processes import pid_alive
from app.store.backup import (
    DEFAULT_RETENTION,
    RetentionRule,
    backup_to,
    copy_raw,
    dossier_codes,
    fsync_dir,
    highest_sequences,
    inspect_file,
    latest_good_backup,
    make_standalone,
    merge_sequences,
    remove_sqlite_file,
    rotate,
    sidecars,
    take_exclusive,
    unique_backup_path,
)
from app.store.db import DB_FILENAME
from app.store.models import (
    Applicant,
    AuditLog,
    CodeSequence,
    Dossier,
    KeyValue,
    OutboxEvent,
    StatusHistory,
)
from app.store.repositories import add_audit, get_value, set_value

log = logging.getLogger(__name__)

BACKUP_MESSAGES: dict[str, tuple[str, str]] = {
    "backup.no_database": (
        "Không có cơ sở dữ liệu ở {path}. Hãy kiểm tra lại thư mục dữ liệu (--data-dir).",
        "There is no database at {path}. Check the data folder (--data-dir).",
    ),
    "backup.same_file": (
        "Không được ghi bản sao lưu đè lên chính cơ sở dữ liệu đang dùng ({path}). "
        "Hãy chọn một tệp khác.",
        "A backup must not overwrite the live database ({path}). Choose another file.",
    ),
    "backup.candidate_missing": (
        "Không tìm thấy tệp sao lưu {path}.",
        "The backup file {path} does not exist.",
    ),
    "backup.candidate_corrupt": (
        "Tệp sao lưu {path} bị hỏng nên không khôi phục; cơ sở dữ liệu hiện tại không bị thay "
        "đổi. Chi tiết: {detail}.{hint}",
        "The backup {path} is damaged, so it was not restored; the current database is "
        "unchanged. Detail: {detail}.{hint_en}",
    ),
    "backup.candidate_foreign": (
        "Tệp {path} không phải cơ sở dữ liệu của MotCua Desk nên không khôi phục; cơ sở dữ "
        "liệu hiện tại không bị thay đổi.",
        "{path} is not a MotCua Desk database, so it was not restored; the current database "
        "is unchanged.",
    ),
    "backup.candidate_revision": (
        "Tệp {path} có cấu trúc dữ liệu phiên bản «{revision}» mà chương trình này không biết "
        "(có thể do phiên bản MotCua Desk mới hơn tạo ra). Hãy cập nhật chương trình trước "
        "khi khôi phục; cơ sở dữ liệu hiện tại không bị thay đổi.",
        "{path} has schema revision '{revision}', unknown to this program (perhaps made by a "
        "newer MotCua Desk). Update the program before restoring; the current database is "
        "unchanged.",
    ),
    "backup.sync_running": (
        "Đang đồng bộ với hệ thống của thành phố (tiến trình {pid}). Hãy chờ đồng bộ xong rồi "
        "thử lại.",
        "A sync with the city system is running (process {pid}). Wait until it finishes, "
        "then try again.",
    ),
    "backup.restore_running": (
        "Đang khôi phục cơ sở dữ liệu từ bản sao lưu (tiến trình {pid}); tạm thời chưa đồng bộ "
        "hay sao lưu được. Hãy chờ khôi phục xong.",
        "The database is being restored from a backup (process {pid}); sync and backup wait "
        "until the restore is done.",
    ),
    "backup.in_use": (
        "Cơ sở dữ liệu {path} đang được mở bởi MotCua Desk hoặc một chương trình khác. Hãy đóng "
        "chương trình đó rồi khôi phục lại.",
        "The database {path} is open in MotCua Desk or another program. Close it, then "
        "restore again.",
    ),
    "backup.check_failed": (
        "Cơ sở dữ liệu {path} có lỗi: {problems}. {hint}",
        "The database {path} has problems: {problems_en}. {hint_en}",
    ),
    "privacy.unknown": (
        "Không có người nộp nào có số giấy tờ {id_number} trên máy này.",
        "No applicant with ID number {id_number} on this computer.",
    ),
    "privacy.unsent": (
        "Còn {count} thay đổi hồ sơ của người này chưa được hệ thống của thành phố xác nhận "
        "({codes}). Hồ sơ phải được gửi trọn vẹn trước; hãy đồng bộ xong rồi xóa lại.",
        "{count} dossier changes of this person are not yet acknowledged by the city system "
        "({codes}). The dossiers must be delivered first; sync, then erase again.",
    ),
    "privacy.confirm": (
        "Sẽ xóa vĩnh viễn dữ liệu cá nhân của người nộp {id_number} trên {count} hồ sơ ({codes}); "
        "không thể hoàn tác. Chạy lại lệnh với --confirm để thực hiện.",
        "This permanently erases the personal data of applicant {id_number} on {count} "
        "dossiers ({codes}); it cannot be undone. Run the command again with --confirm.",
    ),
}


def register_messages() -> None:
    """Add this module's messages to the catalogue without overriding anyone else's keys."""
    for key, texts in BACKUP_MESSAGES.items():
        MESSAGES.setdefault(key, texts)


register_messages()


# --- The sync lock ---------------------------------------------------------------------------
#
# One file, <data dir>/sync.lock, created exclusively by whoever is about to touch the
# database as a whole from outside the normal unit of work: a sync round (purpose "sync")
# or a restore (purpose "restore"). It holds the holder's pid, so a lock left by a killed
# process or a power cut is recognised as stale (the pid is gone, or the file is older than
# the machine's last boot) and taken over.

SYNC_LOCK_NAME = "sync.lock"
_YOUNG_SECONDS = 10.0  # an unreadable lock younger than this is being written right now


@dataclass(frozen=True)
class LockHolder:
    pid: int
    purpose: str
    since: str
    token: str


def _boot_time() -> float | None:
    try:
        if sys.platform.startswith("linux"):
            with open("/proc/stat", encoding="ascii") as fh:
                for line in fh:
                    if line.startswith("btime "):
                        return float(line.split()[1])
        elif sys.platform == "win32":
            import ctypes

            kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]  # Windows only
            kernel32.GetTickCount64.restype = ctypes.c_ulonglong
            return time.time() - kernel32.GetTickCount64() / 1000.0
    except (OSError, ValueError, AttributeError):
        return None
    return None


def lock_holder(data_dir: Path | str) -> LockHolder | None:
    """Who holds ``<data_dir>/sync.lock`` right now; None when nobody does (or the lock is
    stale: its process is gone, or it predates the last boot)."""
    path = Path(data_dir) / SYNC_LOCK_NAME
    try:
        stat = path.stat()
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError:
        return LockHolder(-1, "unknown", "", "")
    try:
        data = json.loads(text)
        holder = LockHolder(int(data["pid"]), str(data["purpose"]), str(data.get("since", "")),
                            str(data.get("token", "")))
    except (ValueError, KeyError, TypeError):
        if time.time() - stat.st_mtime < _YOUNG_SECONDS:
            return LockHolder(-1, "unknown", "", "")
        return None
    boot = _boot_time()
    if boot is not None and stat.st_mtime < boot - 5:
        return None
    if holder.pid != os.getpid() and not pid_alive(holder.pid):
        return None
    return holder


def sync_in_progress(data_dir: Path | str) -> bool:
    """True while a live process holds the sync lock for a sync round."""
    holder = lock_holder(data_dir)
    return holder is not None and holder.purpose == "sync"


def restore_in_progress(data_dir: Path | str) -> bool:
    holder = lock_holder(data_dir)
    return holder is not None and holder.purpose == "restore"


def _busy(holder: LockHolder) -> DeskError:
    key = "backup.restore_running" if holder.purpose == "restore" else "backup.sync_running"
    return DeskError(key, pid=holder.pid if holder.pid > 0 else "?")


@contextmanager
def sync_lock(data_dir: Path | str, *, purpose: str = "sync") -> Iterator[LockHolder]:
    """Hold ``<data_dir>/sync.lock`` for one sync round (or, with ``purpose="restore"``, a
    restore). Raises DeskError("backup.sync_running" / "backup.restore_running") when a
    live process already holds it; a stale lock is taken over. Not re-entrant.

    The sync facade (app/services/sync.py) wraps each round in ``with sync_lock(data_dir):``
    so that a restore never replaces the file under a running sync, and a sync never starts
    in the middle of a restore."""
    folder = Path(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / SYNC_LOCK_NAME
    me = LockHolder(os.getpid(), purpose, datetime.now(UTC).isoformat(timespec="seconds"),
                    uuid.uuid4().hex)
    body = json.dumps({"pid": me.pid, "purpose": me.purpose, "since": me.since, "token": me.token,
                       "host": socket.gethostname()}).encode("utf-8")
    for _ in range(5):
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            holder = lock_holder(folder)
            if holder is not None:
                raise _busy(holder) from None
            # Stale: move it aside atomically (a rival taking it over at the same moment
            # loses the rename and retries), then try again.
            aside = path.with_name(f"{SYNC_LOCK_NAME}.stale-{os.getpid()}-{me.token[:8]}")
            try:
                os.replace(path, aside)
                aside.unlink(missing_ok=True)
            except OSError:
                pass
            continue
        try:
            os.write(fd, body)
        finally:
            os.close(fd)
        break
    else:
        holder = lock_holder(folder)
        raise _busy(holder or LockHolder(-1, "unknown", "", ""))
    try:
        yield me
    finally:
        try:
            current = json.loads(path.read_text(encoding="utf-8"))
            if current.get("token") == me.token:
                path.unlink()
        except (OSError, ValueError):
            pass


# --- Automatic backups -------------------------------------------------------------------------

REASONS = ("start", "daily", "changes")
#: A backup after this many audited changes since the last one.
CHANGES_THRESHOLD = 200
#: A "start" backup is skipped when the last one is this recent and nothing changed since
#: (a counter that restarts again and again must not churn its backups).
START_QUIET = timedelta(minutes=10)
LAST_BACKUP_KEY = "backup.last_at"
SYNC_HOLD_KEY = "sync.hold"
_RUNNING = threading.Lock()


def last_backup_at(ctx: DeskContext) -> datetime | None:
    """When :func:`maybe_backup` last made a copy (None if never, or if the stored time is in
    the future because the clock was wrong then)."""
    with ctx.db.read_session() as s:
        value = get_value(s, LAST_BACKUP_KEY)
    if not value:
        return None
    try:
        at = datetime.fromisoformat(value)
    except ValueError:
        return None
    if at.tzinfo is None or at > ctx.now() + timedelta(minutes=5):
        return None
    return at


def changes_since(ctx: DeskContext, moment: datetime | None) -> int:
    """Audited changes (every dossier change, print, user or catalog edit) after ``moment``."""
    with ctx.db.read_session() as s:
        stmt = select(func.count(AuditLog.id))
        if moment is not None:
            stmt = stmt.where(AuditLog.at > moment)
        return int(s.scalar(stmt) or 0)


def _due(ctx: DeskContext, reason: str, now: datetime, last: datetime | None, threshold: int) -> bool:
    if reason == "start":
        return last is None or now - last >= START_QUIET or changes_since(ctx, last) > 0
    if reason == "daily":
        return last is None or last.astimezone(VN_TZ).date() < now.astimezone(VN_TZ).date()
    return changes_since(ctx, last) >= threshold


def maybe_backup(
    ctx: DeskContext, *, reason: str, changes_threshold: int = CHANGES_THRESHOLD,
    rule: RetentionRule = DEFAULT_RETENTION,
) -> Path | None:
    """Make an automatic backup into ``ctx.backup_dir`` if one is due; returns its path, or
    None when none was due (or another backup, or a restore, is running).

    When it is due, by ``reason``:

    - ``"start"``: at every start of the app (skipped only when the last copy is under ten
      minutes old and nothing changed since);
    - ``"daily"``: when no copy was made yet today (Vietnam time);
    - ``"changes"``: when at least ``changes_threshold`` (200) audited changes were made since
      the last copy.

    The copy is taken with SQLite's online backup API (a consistent snapshot while the
    counter keeps writing), checked with ``quick_check`` and renamed into place only when
    complete; then its time is stored in ``key_value`` and older automatic copies are rotated
    by ``rule`` (the newest 10, one a day for 14 days, one a week for 8 weeks). Copies made
    before a migration, by hand, or replaced by a restore are never deleted.

    Designed for a background worker: the UI calls it off the GUI thread (ui/workers.py)
    at start-up with ``reason="start"``, on a timer (say hourly) with ``"daily"``, and after
    saves with ``"changes"`` (that check is one indexed count, cheap to call often). The copy
    only reads the database, so it belongs in a lane beside the write lane (e.g. the read
    lane): on a large file it takes seconds, and it must not hold intake back; its one tiny
    write (the time in ``key_value``) waits its turn on SQLite's busy timeout. It is safe to
    call from several threads (a call while another copy runs returns None).

    Raises:
        DeskError: ``disk.full``, ``db.readonly`` or ``db.corrupt`` (the live file failed the
            check: nothing was copied and no older copy was rotated away).
    """
    if reason not in REASONS:
        raise ValueError(f"unknown backup reason: {reason!r}")
    if not _RUNNING.acquire(blocking=False):
        return None
    try:
        if restore_in_progress(ctx.data_dir):
            return None
        now = ctx.now()
        last = last_backup_at(ctx)
        if not _due(ctx, reason, now, last, changes_threshold):
            return None
        target = unique_backup_path(ctx.backup_dir, f"auto-{reason}", now)
        backup_to(ctx.db.path, target, verify=True)
        from app.services.files import carry_files

        carry_files(ctx.data_dir, target)
        with ctx.db.session() as s:
            set_value(s, LAST_BACKUP_KEY, now.isoformat())
            s.commit()
        removed = rotate(ctx.backup_dir, now=now, rule=rule)
        if removed:
            log.info("rotated out %d old backups", len(removed))
        return target
    finally:
        _RUNNING.release()


# --- Manual backup -----------------------------------------------------------------------------


def _norm(path: Path) -> str:
    return os.path.normcase(os.path.realpath(path))


def _is_live_file(target: Path, live: Path) -> bool:
    names = {_norm(live), *(_norm(s) for s in sidecars(live))}
    if _norm(target) in names:
        return True
    try:
        return target.exists() and live.exists() and os.path.samefile(target, live)
    except OSError:
        return False


def backup_database(
    data_dir: Path | str, out: Path | str, *, clock: Clock = utc_now, actor: Actor = SYSTEM_ACTOR,
) -> Path:
    """Copy the counter's database to ``out`` (a file, or a folder to put
    ``manual-<time>.sqlite3`` in) consistently, even while the app is writing to it.

    The database is only read: it is not opened by the app's engine and not migrated.
    Refuses to overwrite the live database (or its -wal/-shm)."""
    actor.require(Permission.BACKUP)
    live = Path(data_dir) / DB_FILENAME
    if not live.is_file() or live.stat().st_size == 0:
        raise DeskError("backup.no_database", path=str(live))
    target = Path(out)
    text = os.fspath(out)
    # "DIR/" or an existing folder means a file inside it, and so does the backups folder
    # itself, whether or not it exists yet: a file named "backups" would break every
    # later automatic copy.
    if (target.is_dir() or text.endswith(("/", os.sep))
            or _norm(target) == _norm(Path(data_dir) / "backups")):
        target = unique_backup_path(target, "manual", clock())
    if _is_live_file(target, live):
        raise DeskError("backup.same_file", path=str(live))
    holder = lock_holder(data_dir)
    if holder is not None and holder.purpose == "restore":
        raise _busy(holder)
    copy = backup_to(live, target, verify=True)
    from app.services.files import carry_files

    carry_files(data_dir, copy)  # the digitised documents, beside the copy (only new ones)
    return copy


# --- Restore -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    replaced: Path | None  # the previous file, kept in the backups folder
    revision_restored: str  # the candidate's schema revision before the upgrade
    revision_now: str
    lost_dossiers: tuple[str, ...]  # in the replaced file but not in the restored one
    sequences_carried: int  # code-number counters moved forward so no code is reused


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    from app.store.migrate import alembic_config

    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def _verify_candidate(staged: Path, shown: Path, backup_dir: Path) -> str:
    """The candidate's revision, or a DeskError saying why it cannot be restored."""
    found = inspect_file(staged, full=True, read_only=False)
    if found.problems:
        good = latest_good_backup(backup_dir)
        raise DeskError(
            "backup.candidate_corrupt", path=str(shown), detail="; ".join(found.problems[:3])[:300],
            hint=f" Bản sao lưu tốt gần nhất: {good}." if good else "",
            hint_en=f" Latest good backup: {good}." if good else "",
        )
    if not found.is_motcua:
        raise DeskError("backup.candidate_foreign", path=str(shown))
    if found.revision not in known_revisions():
        raise DeskError("backup.candidate_revision", path=str(shown), revision=found.revision)
    return str(found.revision)


def _printed_sequences(folder: Path) -> dict[tuple[str, str, int], int]:
    """Code numbers seen in the names of printed PDFs (``<code>-<form>.pdf``)."""
    found: dict[tuple[str, str, int], int] = {}
    if not folder.is_dir():
        return found
    for pdf in folder.glob("*.pdf"):
        m = re.match(r"(.+?-\d{6}-\d{4})-", pdf.name)
        parsed = parse_code(m[1]) if m else None
        if parsed is None:
            continue
        key = (parsed.agency_code, f"{parsed.day:%y%m%d}", parsed.slot)
        found[key] = max(found.get(key, 0), parsed.sequence % SLOT_SIZE)
    return found


def restore_database(
    data_dir: Path | str, candidate: Path | str, *, clock: Clock = utc_now,
    actor: Actor = SYSTEM_ACTOR,
) -> RestoreResult:
    """Put the backup ``candidate`` in place of the counter's database.

    In order: the candidate is copied aside and checked (``PRAGMA integrity_check``,
    ``foreign_key_check``, the MotCua tables, a known Alembic revision) — a bad candidate
    leaves everything untouched; the sync lock is taken (refused while a sync runs); the
    current file is moved to ``backups/replaced-<time>.sqlite3`` (with its -wal, so nothing
    it held is lost) and stale -wal/-shm files are removed; the checked copy is renamed into
    place and upgraded to the newest schema. Then, in one transaction: the code counters are
    moved past every number the replaced file or the printed PDFs show (a printed code is
    never handed out twice), automatic sync is put on hold (``key_value['sync.hold']``,
    reference/sync-lessons.md item 14) and an audit row records the restore.

    The database must be closed: the CLI never opens it; the UI disposes its engines first
    and opens the desk again afterwards. DeskError("backup.in_use") otherwise."""
    actor.require(Permission.BACKUP)
    folder = Path(data_dir)
    source = Path(candidate)
    live = folder / DB_FILENAME
    backup_dir = folder / "backups"
    if not source.is_file():
        raise DeskError("backup.candidate_missing", path=str(source))
    if _is_live_file(source, live):
        raise DeskError("backup.same_file", path=str(live))
    now = clock()
    with sync_lock(folder, purpose="restore"):
        staged = folder / f".restore-{uuid.uuid4().hex[:12]}.sqlite3"
        replaced: Path | None = None
        old_sequences: dict[tuple[str, str, int], int] = {}
        old_codes: set[str] = set()
        try:
            try:
                copy_raw(source, staged)
            except OSError as exc:
                raise (DeskError("disk.full") if exc.errno == 28
                       else DeskError("db.readonly", path=str(folder))) from exc
            revision = _verify_candidate(staged, source, backup_dir)
            make_standalone(staged)
            if live.exists():
                readable = live.stat().st_size > 0 and take_exclusive(live)
                backup_dir.mkdir(parents=True, exist_ok=True)
                replaced = unique_backup_path(backup_dir, "replaced", now)
                _move_aside(live, replaced)
                if readable:
                    old_sequences = highest_sequences(replaced)
                    old_codes = dossier_codes(replaced)
            try:
                os.replace(staged, live)
                fsync_dir(folder)
            except OSError as exc:
                if replaced is not None:  # put the previous file back: never leave no file
                    _move_aside(replaced, live)
                    replaced = None
                raise DeskError("db.readonly", path=str(folder)) from exc
            if replaced is not None:
                fsync_dir(backup_dir)
        finally:
            remove_sqlite_file(staged)
        ctx = open_desk(folder, clock=clock, actor=actor)  # upgrades to head (with a backup)
        try:
            from app.store.migrate import current_revision

            carried = _after_restore(ctx, source, replaced, revision, old_sequences)
            from app.services.files import restore_files

            restore_files(folder, source)  # files the restored rows name, from the backup
            lost = tuple(sorted(old_codes - dossier_codes(live)))
            return RestoreResult(source, replaced, revision, str(current_revision(ctx.db)), lost,
                                 carried)
        finally:
            ctx.db.dispose()


def _move_aside(source: Path, target: Path) -> None:
    """Move a database file with its -wal / -journal (they belong to it) to ``target``; drop
    its -shm. A failure half-way moves the main file back."""
    try:
        os.replace(source, target)
    except PermissionError as exc:  # Windows: still open somewhere
        raise DeskError("backup.in_use", path=str(source)) from exc
    except OSError as exc:
        raise DeskError("db.readonly", path=str(source.parent)) from exc
    try:
        for suffix in ("-wal", "-journal"):
            side = source.with_name(source.name + suffix)
            if side.exists():
                os.replace(side, target.with_name(target.name + suffix))
    except OSError as exc:
        os.replace(target, source)
        raise DeskError("backup.in_use", path=str(source)) from exc
    source.with_name(source.name + "-shm").unlink(missing_ok=True)


def _after_restore(
    ctx: DeskContext, source: Path, replaced: Path | None, revision: str,
    old_sequences: dict[tuple[str, str, int], int],
) -> int:
    wanted = merge_sequences(old_sequences, _printed_sequences(ctx.output_dir))
    carried = 0
    now = ctx.now()
    with ctx.db.session() as s:
        for (agency, day, slot), last in wanted.items():
            row = s.get(CodeSequence, (agency, day, slot))
            if row is None:
                s.add(CodeSequence(agency_code=agency, day=day, slot=slot, last=last))
                carried += 1
            elif row.last < last:
                row.last = last
                carried += 1
        set_value(s, SYNC_HOLD_KEY, json.dumps({"reason": "restore", "at": now.isoformat()}))
        add_audit(s, at=now, actor=ctx.actor.username, action="backup.restore", entity="database",
                  key=DB_FILENAME, detail={
                      "from": source.name, "replaced": replaced.name if replaced else None,
                      "revision": revision, "sequences_carried": carried,
                  })
        s.commit()
    return carried


def sync_on_hold(ctx: DeskContext) -> bool:
    """True right after a restore: automatic sync waits until the clerk syncs by hand (the
    sync facade checks this before an automatic round and calls release_sync_hold on a
    manual one)."""
    with ctx.db.read_session() as s:
        return bool(get_value(s, SYNC_HOLD_KEY))


def release_sync_hold(ctx: DeskContext) -> None:
    with ctx.db.session() as s:
        row = s.get(KeyValue, SYNC_HOLD_KEY)
        if row is not None:
            s.delete(row)
            s.commit()


# --- Check ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DatabaseCheck:
    path: Path
    problems: tuple[str, ...]  # integrity, foreign keys, not a MotCua file, unknown revision
    warnings: tuple[str, ...]  # rejected or dead-lettered events, an old schema...
    revision: str | None
    head: str
    waiting: int  # outbox events not yet acknowledged
    acked: int
    rejected: int
    dead: int
    latest_good_backup: Path | None

    @property
    def ok(self) -> bool:
        return not self.problems

    def failure(self) -> DeskError:
        """The error a clerk reads when the check failed, naming the backup to restore."""
        good = self.latest_good_backup
        return DeskError(
            "backup.check_failed", path=str(self.path),
            problems="; ".join(self.problems[:5])[:600],
            problems_en="; ".join(self.problems[:5])[:600],
            hint=(f"Hãy khôi phục bản sao lưu tốt gần nhất: {good} (lệnh: restore \"{good}\")."
                  if good else "Không có bản sao lưu nào còn tốt; hãy liên hệ bộ phận kỹ thuật."),
            hint_en=(f"Restore the latest good backup: {good} (command: restore \"{good}\")."
                     if good else "No sound backup was found; call technical support."),
        )


def check_database(data_dir: Path | str, *, actor: Actor = SYSTEM_ACTOR) -> DatabaseCheck:
    """``PRAGMA integrity_check`` and ``foreign_key_check`` of the counter's database, its
    schema revision and the outbox's counts, read-only (it works while the app runs, and on
    a damaged file); plus the newest backup that passes ``quick_check``."""
    actor.require(Permission.BACKUP)
    from app.store.migrate import head_revision

    folder = Path(data_dir)
    live = folder / DB_FILENAME
    if not live.is_file():
        raise DeskError("backup.no_database", path=str(live))
    found = inspect_file(live, full=True)
    problems = list(found.problems)
    warnings: list[str] = []
    head = head_revision()
    if not problems:
        if not found.is_motcua:
            problems.append("không phải cơ sở dữ liệu MotCua Desk / not a MotCua Desk database")
        elif found.revision not in known_revisions():
            problems.append(f"phiên bản cấu trúc không rõ / unknown schema revision {found.revision}")
        elif found.revision != head:
            warnings.append(f"cấu trúc cũ {found.revision}, sẽ nâng cấp lên {head} khi mở / "
                            f"old schema {found.revision}, upgraded to {head} when opened")
    if not problems:
        from app.services.files import check_files

        problems += check_files(folder)  # every stored document re-hashed
    box = found.outbox
    waiting = box.get("pending", 0) + box.get("sending", 0)
    if box.get("rejected"):
        warnings.append(f"{box['rejected']} lần gửi bị thành phố từ chối / rejected by the city")
    if box.get("dead"):
        warnings.append(f"{box['dead']} lần gửi lỗi nhiều lần, cần xem lại / dead-lettered")
    return DatabaseCheck(
        live, tuple(problems), tuple(warnings), found.revision, head, waiting,
        box.get("acked", 0), box.get("rejected", 0), box.get("dead", 0),
        latest_good_backup(folder / "backups"),
    )


# --- Erasure of an applicant's personal data --------------------------------------------------------

_OPEN_STATES = ("pending", "sending", "dead")
#: National payload fields that carry the applicant's person (app/sync/mapping.py).
_PERSON_FIELDS = {"ChuHoSo": "name", "DiaChiChuHoSo": "", "SoDienThoai": "", "Email": ""}


@dataclass(frozen=True)
class ErasureResult:
    id_number: str
    dossier_codes: tuple[str, ...]
    done: bool  # False: a preview, nothing changed
    pseudonym: str = ""
    outbox_scrubbed: int = 0
    files_deleted: tuple[str, ...] = ()


def _require_erasure_right(actor: Actor) -> None:
    if actor.role not in (Role.SUPERVISOR, Role.SYSTEM):
        raise DeskError("auth.forbidden", role=actor.role.label_vi,
                        action="erase an applicant's personal data")


class _Scrubber:
    """Replaces the erased values wherever they appear in text and JSON payloads."""

    def __init__(self, names: set[str], others: set[str], pseudonym: str) -> None:
        self.names = sorted({n for n in names if n}, key=len, reverse=True)
        self.others = {o for o in others if o}
        self.pseudonym = pseudonym

    def text(self, value: str) -> str:
        if value in self.others:
            return ""
        for name in self.names:
            if value == name:
                return self.pseudonym
            if len(name) >= 4:
                value = value.replace(name, self.pseudonym)
        return value

    def json(self, value: Any, key: str = "") -> Any:
        if isinstance(value, dict):
            return {k: self.json(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [self.json(v) for v in value]
        if isinstance(value, str):
            if key in _PERSON_FIELDS:
                return self.pseudonym if _PERSON_FIELDS[key] == "name" else ""
            return self.text(value)
        return value


def _applicant_rows(s: Any, number: str) -> tuple[Applicant | None, list[Dossier]]:
    person = s.scalar(select(Applicant).where(Applicant.id_number == number))
    cond = Dossier.id_number == number
    if person is not None:
        cond = cond | (Dossier.applicant_id == person.id)
    return person, list(s.scalars(select(Dossier).where(cond).order_by(Dossier.id)))


def erase_applicant(ctx: DeskContext, *, id_number: str, confirm: bool = False) -> ErasureResult:
    """Pseudonymise one applicant's personal data where the law allows erasure.

    The name becomes a pseudonym (``Đã xóa XXXXXXXX``); address, phone, email, birth date,
    sex and the old ID number are cleared, on the applicant row and on every dossier's
    snapshot, in status notes and summaries, and in the local sent copies of the outbox.
    What the archive rules require stays: the dossier code, the ID number, the procedure,
    the dates, the statuses and the documents list. Local PDFs of the dossiers' printed
    forms are deleted. One audit row records the erasure without the erased data; no outbox
    event is queued (the city system keeps its own record; the request must go to the city
    too). Older backups keep the data until they rotate out.

    Without ``confirm`` nothing changes: the result lists what would be erased. Refused
    while a change of these dossiers is not yet acknowledged by the city (it must be
    delivered whole first). Supervisor only."""
    _require_erasure_right(ctx.actor)
    number = id_number.strip()
    with ctx.db.read_session() as s:
        person, dossiers = _applicant_rows(s, number)
        codes = tuple(d.code for d in dossiers)
    if person is None and not dossiers:
        raise DeskError("privacy.unknown", id_number=number)
    if not confirm:
        return ErasureResult(number, codes, done=False)
    pseudonym = f"Đã xóa {secrets.token_hex(4).upper()}"
    scrubbed = 0
    deleted: list[str] = []
    with ctx.db.session() as s:
        person, dossiers = _applicant_rows(s, number)  # again, under the write lock
        codes = tuple(d.code for d in dossiers)
        unsent = list(s.scalars(select(OutboxEvent.dossier_code).where(
            OutboxEvent.dossier_code.in_(codes), OutboxEvent.state.in_(_OPEN_STATES))))
        if unsent:
            raise DeskError("privacy.unsent", count=len(unsent),
                            codes=", ".join(sorted(set(unsent))[:5]))
        names = {d.applicant_name for d in dossiers}
        others = ({d.address for d in dossiers} | {d.phone for d in dossiers}
                  | {d.email for d in dossiers})
        if person is not None:
            names.add(person.full_name)
            others |= {person.address, person.phone, person.email, person.old_id_number}
        scrub = _Scrubber(names, others, pseudonym)
        now = ctx.now()
        if person is not None:
            person.full_name = pseudonym
            person.name_folded = fold(pseudonym)
            person.old_id_number = ""
            person.birth_date = None
            person.sex = ""
            person.address = ""
            person.phone = ""
            person.email = ""
            person.updated_at = now
        ids = [d.id for d in dossiers]
        for d in dossiers:
            d.applicant_name = pseudonym
            d.name_folded = fold(pseudonym)
            d.address = ""
            d.phone = ""
            d.email = ""
            d.summary = scrub.text(d.summary)
        for h in s.scalars(select(StatusHistory).where(StatusHistory.dossier_id.in_(ids))):
            h.note = scrub.text(h.note)
        for event in s.scalars(select(OutboxEvent).where(OutboxEvent.dossier_code.in_(codes))):
            # A settled, sent copy: its payload_hash stays the hash of what was sent.
            cleaned = json.dumps(scrub.json(json.loads(event.payload)), ensure_ascii=False,
                                 sort_keys=True, separators=(",", ":"))
            if cleaned != event.payload:
                event.payload = cleaned
                scrubbed += 1
        files = set()
        for row in s.scalars(select(AuditLog).where(AuditLog.entity == "dossier",
                                                    AuditLog.entity_key.in_(codes),
                                                    AuditLog.action.in_(("print", "reprint")))):
            try:
                file = json.loads(row.detail).get("file")
            except ValueError:
                file = None
            if file:
                files.add(Path(file))
        for code in codes:
            files.update(ctx.output_dir.glob(f"{code}-*.pdf"))
        for file in sorted(files):
            try:
                if file.is_file():
                    file.unlink()
                    deleted.append(str(file))
            except OSError as exc:
                log.warning("could not delete printed file %s: %s", file, exc)
        from app.services.files import delete_bytes, forget_files

        doomed = forget_files(s, ids)  # their digitised documents too
        add_audit(s, at=now, actor=ctx.actor.username, action="applicant.erase",
                  entity="applicant", key=pseudonym, detail={
                      "dossiers": list(codes), "outbox_copies_scrubbed": scrubbed,
                      "printed_files_deleted": len(deleted), "documents_deleted": len(doomed),
                      "fields": ["full_name", "birth_date", "sex", "address", "phone", "email",
                                 "old_id_number"],
                  })
        s.commit()
    delete_bytes(ctx.data_dir, doomed)  # after the commit: never a row without its file
    return ErasureResult(number, codes, True, pseudonym, scrubbed, tuple(deleted))
