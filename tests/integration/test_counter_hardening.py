"""Issue 11, the counter's files: where backups go, foreign and damaged database files."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from app import cli
from app.services.context import open_desk
from app.services.demo import create_demo

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    ctx = open_desk(folder)
    create_demo(ctx, dossiers=3)
    ctx.db.dispose()
    return folder


def _sound(path: Path) -> bool:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute("PRAGMA quick_check").fetchone() == ("ok",)
    finally:
        con.close()


@pytest.mark.parametrize("how", ["slash", "no-slash"])
def test_backup_into_the_backups_folder_makes_a_file_inside_it(data, how, capsys):
    out = str(data / "backups") + ("/" if how == "slash" else "")
    assert not (data / "backups").exists() or (data / "backups").is_dir()
    shutil.rmtree(data / "backups", ignore_errors=True)
    assert cli.main(["backup", "--out", out, "--data-dir", str(data)]) == 0
    assert (data / "backups").is_dir()
    made = list((data / "backups").glob("manual-*.sqlite3"))
    assert len(made) == 1 and _sound(made[0])
    capsys.readouterr()


def test_backup_to_a_new_folder_with_a_trailing_slash(data, tmp_path, capsys):
    target = tmp_path / "elsewhere" / "copies"
    assert cli.main(["backup", "--out", f"{target}/", "--data-dir", str(data)]) == 0
    assert target.is_dir() and len(list(target.glob("manual-*.sqlite3"))) == 1
    capsys.readouterr()


def test_a_file_where_the_backups_folder_belongs_stops_the_upgrade_clearly(tmp_path, capsys):
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(FIXTURES / "schema_0001.sqlite3", data / "motcua.sqlite3")
    (data / "backups").write_bytes(b"a stray file")
    code = cli.main(["migrate", "--data-dir", str(data)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "backups" in err and "thư mục" in err and "should be a folder" in err
    assert "Traceback" not in err
    con = sqlite3.connect(data / "motcua.sqlite3")
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    con.close()
