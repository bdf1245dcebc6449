"""Every kept database of an earlier schema upgrades with every row and every unsent
outbox event intact; a failed upgrade puts the backup back."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from app.domain.errors import DeskError
from app.services.context import open_desk
from app.services.dossiers import list_dossiers
from app.store import migrate
from app.store.db import Database

FIXTURES = sorted((Path(__file__).resolve().parents[1] / "fixtures").glob("schema_*.sqlite3"))
TABLES = (
    "dossier",
    "applicant",
    "status_history",
    "audit_log",
    "outbox",
    "procedure",
    "user_account",
    "dossier_document",
)


def _counts(path: Path) -> dict[str, int]:
    con = sqlite3.connect(path)
    try:
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
        counts["pending"] = con.execute(
            "SELECT count(*) FROM outbox WHERE state='pending'"
        ).fetchone()[0]
        return counts
    finally:
        con.close()


def test_schema_head_constant_matches_alembic():
    from app.store.schema import SCHEMA_HEAD

    assert SCHEMA_HEAD == migrate.head_revision()


def test_there_is_a_fixture_for_the_first_revision():
    assert any(p.name == "schema_0001.sqlite3" for p in FIXTURES)


@pytest.mark.parametrize("fixture", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_populated_database_upgrades_to_head(tmp_path, fixture):
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(fixture, data / "motcua.sqlite3")
    before = _counts(data / "motcua.sqlite3")
    assert before["dossier"] > 0 and before["pending"] > 0
    ctx = open_desk(data)
    try:
        assert migrate.current_revision(ctx.db) == migrate.head_revision()
        after = _counts(data / "motcua.sqlite3")
        assert after == before
        assert len(list_dossiers(ctx, limit=1000)) == before["dossier"]
        con = sqlite3.connect(data / "motcua.sqlite3")
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        con.close()
        if fixture.stem != f"schema_{migrate.head_revision()}":
            assert list((data / "backups").glob("pre-migrate-*.sqlite3"))
    finally:
        ctx.db.dispose()


def test_failed_migration_restores_the_backup(tmp_path, monkeypatch):
    scripts = tmp_path / "migrations"
    shutil.copytree(migrate.alembic_config().get_main_option("script_location"), scripts)
    head = migrate.head_revision()
    (scripts / "versions" / "9999_broken.py").write_text(
        f'''"""A migration that fails half-way."""
from alembic import op

revision = "9999"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("DELETE FROM outbox")
    op.execute("THIS IS NOT SQL")


def downgrade():
    pass
''',
        encoding="utf-8",
    )
    data = tmp_path / "data"
    ctx = open_desk(data)
    from app.services.demo import create_demo

    create_demo(ctx, dossiers=5)
    ctx.db.dispose()
    before = _counts(data / "motcua.sqlite3")

    def broken_config():
        cfg = migrate.Config()
        cfg.set_main_option("script_location", str(scripts))
        cfg.attributes["configure_logger"] = False
        return cfg

    monkeypatch.setattr(migrate, "alembic_config", broken_config)
    db = Database(data / "motcua.sqlite3")
    with pytest.raises(DeskError) as info:
        migrate.upgrade_database(db, backup_dir=data / "backups")
    assert info.value.key == "migration.failed"
    assert "pre-migrate" in info.value.message("vi")
    db.dispose()
    assert _counts(data / "motcua.sqlite3") == before
    monkeypatch.undo()
    again = Database(data / "motcua.sqlite3")
    assert migrate.current_revision(again) == head
    again.dispose()
