"""The environment's faults: a full disk, a read-only folder, a corrupt or foreign file.

Each gives a clear message and loses nothing already saved. The full disk and the
read-only folder are real: a tiny tmpfs mounted for the test (root, as in CI); where
mounting is not permitted, SQLite's own page limit produces the same SQLITE_FULL error."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

import pytest

from app.domain.errors import DeskError
from app.services.context import open_desk
from app.services.demo import create_demo
from app.services.dossiers import ApplicantInput, list_dossiers, receive_dossier

PERSON = ApplicantInput("Nguyễn Thị Hằng", "001095012345", address="Hà Nội")


def _mount_tmpfs(target: Path, options: str) -> bool:
    target.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        return False
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(target)], capture_output=True
    )
    return done.returncode == 0


def _umount(target: Path) -> None:
    subprocess.run(["umount", "-l", str(target)], capture_output=True)


def test_full_disk_refuses_cleanly_and_keeps_what_was_saved(tmp_path):
    mnt = tmp_path / "small"
    mounted = _mount_tmpfs(mnt, "size=6m")
    try:
        ctx = open_desk(mnt / "data")
        create_demo(ctx, dossiers=0)
        first = receive_dossier(ctx, procedure_code="1.004222", applicant=PERSON)
        if mounted:
            with open(mnt / "filler", "wb") as fh:
                try:
                    while True:
                        fh.write(b"\0" * 65536)
                        fh.flush()
                except OSError:
                    pass
        else:
            con = sqlite3.connect(ctx.db.path)
            pages = con.execute("PRAGMA page_count").fetchone()[0]
            con.close()
            from sqlalchemy import event

            event.listen(
                ctx.db.engine, "connect", lambda c, _r: c.execute(f"PRAGMA max_page_count={pages}")
            )
            ctx.db.engine.dispose()
        failures = 0
        for _ in range(40):  # until the WAL really needs a new page
            try:
                receive_dossier(ctx, procedure_code="1.004222", applicant=PERSON)
            except DeskError as err:
                assert err.key == "disk.full", err.key
                assert "đầy" in err.message("vi") and "full" in err.message("en")
                failures += 1
                break
        assert failures == 1
        rows = list_dossiers(ctx, limit=100)
        assert first.code in {r.code for r in rows}
        if mounted:
            (mnt / "filler").unlink()
            again = receive_dossier(ctx, procedure_code="1.004222", applicant=PERSON)
            assert again.code not in {r.code for r in rows}
        ctx.db.dispose()
        con = sqlite3.connect(mnt / "data" / "motcua.sqlite3")
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        con.close()
    finally:
        if mounted:
            _umount(mnt)


def test_read_only_data_folder_gives_a_clear_message(tmp_path):
    mnt = tmp_path / "ro"
    mounted = _mount_tmpfs(mnt, "ro,size=1m")
    try:
        if not mounted:
            mnt.chmod(0o500)
        with pytest.raises(DeskError) as info:
            open_desk(mnt / "data")
        assert info.value.key == "db.readonly"
        assert "chỉ đọc" in info.value.message("vi")
    finally:
        if mounted:
            _umount(mnt)
        else:
            mnt.chmod(0o700)


@pytest.mark.parametrize("garbage", [b"this is not a database at all" * 200, b""])
def test_foreign_file_is_named_and_the_last_backup_offered(tmp_path, garbage):
    data = tmp_path / "data"
    ctx = open_desk(data)
    create_demo(ctx, dossiers=2)
    ctx.db.dispose()
    from app.store.db_files import backup_to

    backup = backup_to(data / "motcua.sqlite3", data / "backups" / "auto-1.sqlite3")
    db_file = data / "motcua.sqlite3"
    for side in ("-wal", "-shm"):
        Path(str(db_file) + side).unlink(missing_ok=True)
    if garbage:
        db_file.write_bytes(garbage)
        with pytest.raises(DeskError) as info:
            open_desk(data)
        assert info.value.key == "db.corrupt"
        assert str(backup) in info.value.message("vi")
        assert db_file.read_bytes() == garbage  # the evidence is left untouched
    else:
        db_file.write_bytes(garbage)  # an empty file is a new database, not a corrupt one
        open_desk(data).db.dispose()


def test_damaged_pages_are_detected(tmp_path):
    data = tmp_path / "data"
    ctx = open_desk(data)
    create_demo(ctx, dossiers=30)
    ctx.db.dispose()
    raw = bytearray((data / "motcua.sqlite3").read_bytes())
    page = 4096
    for i in range(3 * page, min(len(raw), 40 * page), page):
        raw[i + 100 : i + 400] = os.urandom(300)
    (data / "motcua.sqlite3").write_bytes(bytes(raw))
    # The full check runs on demand (and in the UI's background after start)...
    with pytest.raises(DeskError) as info:
        open_desk(data, check=True)
    assert info.value.key == "db.corrupt"
    # ...and by itself at the start after a session that never closed (a power cut).
    (data / "run").mkdir(exist_ok=True)
    (data / "run" / "open-999999999").touch()
    with pytest.raises(DeskError) as info:
        open_desk(data)
    assert info.value.key == "db.corrupt"
