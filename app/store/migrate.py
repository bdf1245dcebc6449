"""Start-up upgrade: back the file up, upgrade to head, restore the backup if that fails."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from app.domain.errors import DeskError
from app.resources import resource_path
from app.store.db import Database, quick_check
from app.store.db_files import backup_to, timestamped_name
from app.store.schema import read_header

log = logging.getLogger(__name__)


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(resource_path("migrations", top_level=True)))
    cfg.attributes["configure_logger"] = False
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade_database(
    db: Database, *, backup_dir: Path, target: str = "head", check: bool = True
) -> Path | None:
    """Upgrade ``db`` to ``target``; returns the pre-upgrade backup, if one was needed.

    A fresh file is created at head without a backup. An existing file is checked, copied
    with the online backup API, then upgraded; when the upgrade fails the copy is put back
    and a DeskError says so."""
    existing = db.path.exists() and db.path.stat().st_size > 0
    if existing:
        if check:
            quick_check(db.path)
        refuse_foreign(db.path)
        current = current_revision(db)
        if current == head_revision() and target == "head":
            return None
    backup: Path | None = None
    if existing:
        backup = backup_to(
            db.path, backup_dir / timestamped_name(f"pre-migrate-{current or 'none'}")
        )
    cfg = alembic_config()
    try:
        with db.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, target)
    except Exception as exc:
        if backup is None:
            raise
        log.exception("migration failed; restoring %s", backup)
        db.dispose()
        _restore_file(backup, db.path)
        raise DeskError("migration.failed", backup=str(backup), detail=str(exc)[:300]) from exc
    return backup


def refuse_foreign(path: Path) -> None:
    """DeskError('db.foreign') unless the file is ours (app/store/schema.py): a foreign
    SQLite file is never migrated, written or backed up as ours."""
    try:
        header = read_header(path)
    except sqlite3.Error as exc:
        raise DeskError("db.corrupt", path=str(path), backup_hint="", backup_hint_en="") from exc
    if not header.ours:
        raise DeskError("db.foreign", path=str(path))


def _restore_file(backup: Path, target: Path) -> None:
    for suffix in ("-wal", "-shm"):
        side = target.with_name(target.name + suffix)
        if side.exists():
            side.unlink()
    src = sqlite3.connect(str(backup))
    try:
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
