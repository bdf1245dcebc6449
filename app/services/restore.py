"""Restore of the counter's database from a backup: the candidate checked before anything
is touched, the replaced file kept as evidence, the numbering carried forward, and
automatic sync held until the clerk syncs by hand."""

from __future__ import annotations

import json
import logging
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from app.domain.codes import NUMBERING_ASK_HUB_KEY, NUMBERING_HOLD_KEY
from app.domain.errors import DeskError
from app.domain.roles import SYSTEM_ACTOR, Actor, Permission
from app.services.backups import is_live_file
from app.services.context import Clock, DeskContext, open_desk, utc_now
from app.services.integrity import known_revisions
from app.services.numbering import backup_sequences, carry_sequences, printed_sequences
from app.services.sync_lock import sync_lock
from app.store.db import DB_FILENAME
from app.store.db_files import (
    copy_raw,
    dossier_codes,
    fsync_dir,
    inspect_file,
    known_sequences,
    latest_good_backup,
    make_standalone,
    merge_sequences,
    remove_sqlite_file,
    take_exclusive,
    unique_backup_path,
)
from app.store.repositories import add_audit, delete_value, get_value, set_value

log = logging.getLogger(__name__)


SYNC_HOLD_KEY = "sync.hold"


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    replaced: Path | None  # the previous file, kept in the backups folder
    revision_restored: str  # the candidate's schema revision before the upgrade
    revision_now: str
    lost_dossiers: tuple[str, ...]  # in the replaced file but not in the restored one
    sequences_carried: int  # code-number counters moved forward so no code is reused
    #: Why no new code is issued until the hub told this counter's highest codes (or a
    #: supervisor lifted it): "" when the numbering was carried forward for sure.
    numbering_hold: str = ""


def _verify_candidate(staged: Path, shown: Path, backup_dir: Path) -> str:
    """The candidate's revision, or a DeskError saying why it cannot be restored."""
    found = inspect_file(staged, full=True, read_only=False)
    if found.problems:
        good = latest_good_backup(backup_dir)
        raise DeskError(
            "backup.candidate_corrupt",
            path=str(shown),
            detail="; ".join(found.problems[:3])[:300],
            hint=f" Bản sao lưu tốt gần nhất: {good}." if good else "",
            hint_en=f" Latest good backup: {good}." if good else "",
        )
    if not found.is_motcua:
        raise DeskError("backup.candidate_foreign", path=str(shown))
    if found.revision not in known_revisions():
        raise DeskError("backup.candidate_revision", path=str(shown), revision=found.revision)
    return str(found.revision)


def restore_database(
    data_dir: Path | str,
    candidate: Path | str,
    *,
    clock: Clock = utc_now,
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
    if is_live_file(source, live):
        raise DeskError("backup.same_file", path=str(live))
    now = clock()
    with sync_lock(folder, purpose="restore"):
        staged = folder / f".restore-{uuid.uuid4().hex[:12]}.sqlite3"
        replaced: Path | None = None
        old_sequences: dict[tuple[str, str, int], int] = {}
        old_codes: set[str] = set()
        uncertain = ""  # why the replaced file's numbering is not known
        try:
            try:
                copy_raw(source, staged)
            except OSError as exc:
                raise (
                    DeskError("disk.full")
                    if exc.errno == 28
                    else DeskError("db.readonly", path=str(folder))
                ) from exc
            revision = _verify_candidate(staged, source, backup_dir)
            make_standalone(staged)
            if live.exists():
                readable = live.stat().st_size > 0 and take_exclusive(live)
                backup_dir.mkdir(parents=True, exist_ok=True)
                replaced = unique_backup_path(backup_dir, "replaced", now)
                _move_aside(live, replaced)
                known = known_sequences(replaced) if readable else None
                if known is None:
                    uncertain = (
                        f"tệp bị thay thế {replaced.name} không đọc được / "
                        f"the replaced file {replaced.name} is unreadable"
                    )
                else:
                    old_sequences = known
                    old_codes = dossier_codes(replaced)
            else:
                uncertain = (
                    f"không có tệp dữ liệu trước khi khôi phục / no database before "
                    f"the restore ({live.name})"
                )
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

            carried, hold = _after_restore(
                ctx, source, replaced, revision, old_sequences, uncertain
            )
            from app.services.files import restore_files

            restore_files(folder, source)  # files the restored rows name, from the backup
            lost = tuple(sorted(old_codes - dossier_codes(live)))
            return RestoreResult(
                source, replaced, revision, str(current_revision(ctx.db)), lost, carried, hold
            )
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
    ctx: DeskContext,
    source: Path,
    replaced: Path | None,
    revision: str,
    old_sequences: dict[tuple[str, str, int], int],
    uncertain: str = "",
) -> tuple[int, str]:
    """Carry the code numbering forward from everything known on this machine: the
    replaced file, every backup, the restored file's own dossiers and outbox, the printed
    PDFs. The next sync round asks the hub too (``codes.ask_hub``). When the replaced file
    could not be read, none of the rest is sure to be as far on (a backup is older than the
    file it copies), so no code is issued (``codes.hold``) until the hub answered or a
    supervisor lifted it (:func:`release_numbering`). Returns (counters moved, hold reason)."""
    wanted = merge_sequences(
        old_sequences,
        backup_sequences(ctx.data_dir / "backups", replaced),
        known_sequences(ctx.db.path) or {},
        printed_sequences(ctx.output_dir),
    )
    now = ctx.now()
    with ctx.db.session() as s:
        carried = carry_sequences(s, wanted)
        set_value(s, SYNC_HOLD_KEY, json.dumps({"reason": "restore", "at": now.isoformat()}))
        set_value(s, NUMBERING_ASK_HUB_KEY, now.isoformat())
        if uncertain:
            set_value(
                s,
                NUMBERING_HOLD_KEY,
                json.dumps({"reason": uncertain, "at": now.isoformat()}, ensure_ascii=False),
            )
        add_audit(
            s,
            at=now,
            actor=ctx.actor.username,
            action="backup.restore",
            entity="database",
            key=DB_FILENAME,
            detail={
                "from": source.name,
                "replaced": replaced.name if replaced else None,
                "revision": revision,
                "sequences_carried": carried,
                "numbering_hold": uncertain or None,
            },
        )
        s.commit()
    if uncertain:
        log.warning("restore: numbering on hold until the hub answers: %s", uncertain)
    return carried, uncertain


# --- The sync hold a restore sets ----------------------------------------------------------


def sync_on_hold(ctx: DeskContext) -> bool:
    """True right after a restore: automatic sync waits until the clerk syncs by hand (the
    sync facade checks this before an automatic round and calls release_sync_hold on a
    manual one)."""
    with ctx.db.read_session() as s:
        return bool(get_value(s, SYNC_HOLD_KEY))


def release_sync_hold(ctx: DeskContext) -> None:
    with ctx.db.session() as s:
        delete_value(s, SYNC_HOLD_KEY)
        s.commit()
