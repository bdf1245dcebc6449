"""Backups of the counter's database: the automatic rotating copies and the manual one.

Backups are copies made with SQLite's online backup API into ``<data dir>/backups``:

- ``auto-<reason>-<time>.sqlite3``: made by :func:`maybe_backup`; rotated (see
  :class:`app.store.db_files.RetentionRule`);
- ``pre-migrate-<revision>-<time>.sqlite3``: made before every schema upgrade; never deleted;
- ``manual-<time>.sqlite3`` (or any name the clerk chose): ``backup --out``; never deleted;
- ``replaced-<time>.sqlite3``: the file a restore replaced, kept as evidence; never deleted
  and never offered as "the latest backup" (app/services/restore.py)."""

from __future__ import annotations

import logging
import os
from datetime import datetime, timedelta
from pathlib import Path

from app.domain.dossier import VN_TZ
from app.domain.errors import DeskError
from app.domain.roles import SYSTEM_ACTOR, Actor, Permission
from app.services.context import Clock, DeskContext, utc_now
from app.services.sync_lock import busy_error, lock_holder, restore_in_progress
from app.store.db import DB_FILENAME
from app.store.db_files import (
    DEFAULT_RETENTION,
    RetentionRule,
    backup_to,
    rotate,
    sidecars,
    unique_backup_path,
)
from app.store.repositories import audit_count_after, get_value, set_value

log = logging.getLogger(__name__)


# --- Automatic backups -------------------------------------------------------------------------

REASONS = ("start", "daily", "changes")
#: A backup after this many audited changes since the last one.
CHANGES_THRESHOLD = 200
#: A "start" backup is skipped when the last one is this recent and nothing changed since
#: (a counter that restarts again and again must not churn its backups).
START_QUIET = timedelta(minutes=10)
LAST_BACKUP_KEY = "backup.last_at"


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
        return audit_count_after(s, moment)


def _due(
    ctx: DeskContext, reason: str, now: datetime, last: datetime | None, threshold: int
) -> bool:
    if reason == "start":
        return last is None or now - last >= START_QUIET or changes_since(ctx, last) > 0
    if reason == "daily":
        return last is None or last.astimezone(VN_TZ).date() < now.astimezone(VN_TZ).date()
    return changes_since(ctx, last) >= threshold


def maybe_backup(
    ctx: DeskContext,
    *,
    reason: str,
    changes_threshold: int = CHANGES_THRESHOLD,
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
    by ``rule`` (the newest 10, one a day for 14 days, one a week for 8 weeks), and the
    digitised files only those copies named go with them (app.services.files.
    prune_backup_files). Copies made before a migration, by hand, or replaced by a restore
    are never deleted.

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
    if not ctx.activity.backup.acquire(blocking=False):  # one at a time per open_desk()
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
            from app.services.files import prune_backup_files

            gone = prune_backup_files(ctx.backup_dir)  # the files only those copies named
            log.info("rotated out %d old backups and %d of their files", len(removed), gone)
        return target
    finally:
        ctx.activity.backup.release()


# --- Manual backup -----------------------------------------------------------------------------


def _norm(path: Path) -> str:
    return os.path.normcase(os.path.realpath(path))


def is_live_file(target: Path, live: Path) -> bool:
    names = {_norm(live), *(_norm(s) for s in sidecars(live))}
    if _norm(target) in names:
        return True
    try:
        return target.exists() and live.exists() and os.path.samefile(target, live)
    except OSError:
        return False


def live_database(data_dir: Path | str) -> Path:
    """The counter's database file; DeskError ``backup.no_database`` when there is none."""
    live = Path(data_dir) / DB_FILENAME
    if not live.is_file():
        raise DeskError("backup.no_database", path=str(live))
    return live


def backup_database(
    data_dir: Path | str,
    out: Path | str,
    *,
    clock: Clock = utc_now,
    actor: Actor = SYSTEM_ACTOR,
) -> Path:
    """Copy the counter's database to ``out`` (a file, or a folder to put
    ``manual-<time>.sqlite3`` in) consistently, even while the app is writing to it.

    The database is only read: it is not opened by the app's engine and not migrated.
    Refuses to overwrite the live database (or its -wal/-shm)."""
    actor.require(Permission.BACKUP)
    live = live_database(data_dir)
    if live.stat().st_size == 0:
        raise DeskError("backup.no_database", path=str(live))
    target = Path(out)
    text = os.fspath(out)
    # "DIR/" or an existing folder means a file inside it, and so does the backups folder
    # itself, whether or not it exists yet: a file named "backups" would break every
    # later automatic copy.
    if (
        target.is_dir()
        or text.endswith(("/", os.sep))
        or _norm(target) == _norm(Path(data_dir) / "backups")
    ):
        target = unique_backup_path(target, "manual", clock())
    if is_live_file(target, live):
        raise DeskError("backup.same_file", path=str(live))
    holder = lock_holder(data_dir)
    if holder is not None and holder.purpose == "restore":
        raise busy_error(holder)
    copy = backup_to(live, target, verify=True)
    from app.services.files import carry_files

    carry_files(data_dir, copy)  # the digitised documents, beside the copy (only new ones)
    return copy
