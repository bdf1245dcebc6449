"""Restore and check: a bad candidate changes nothing, a good one brings the counter back
(keeping the replaced file, never reusing a printed code), and ``check`` names the latest
good backup when the database is damaged. The CLI runs as a real subprocess."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.domain.errors import DeskError
from app.services import backups, integrity, restore, sync_lock
from app.services.context import open_desk
from app.services.demo import create_demo
from app.services.dossiers import ApplicantInput, list_dossiers, receive_dossier
from app.store.migrate import head_revision
from tests.helpers.cli import ROOT, run

FIXTURE_0001 = ROOT / "tests" / "fixtures" / "schema_0001.sqlite3"
PERSON = ApplicantInput("Trần Thị Lan", "001190004567", address="Tây Hồ, Hà Nội")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _q(path: Path, sql: str) -> list[tuple]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _damage(path: Path) -> None:
    raw = bytearray(path.read_bytes())
    for i in range(2 * 4096, min(len(raw), 60 * 4096), 4096):
        raw[i + 16 : i + 1200] = os.urandom(1184)
    path.write_bytes(bytes(raw))


@pytest.fixture
def counter(tmp_path, clock):
    """A closed counter database with 5 dossiers and one automatic backup of it."""
    data = tmp_path / "data"
    ctx = open_desk(data, clock=clock)
    create_demo(ctx, dossiers=5)
    backup = backups.maybe_backup(ctx, reason="start")
    ctx.db.dispose()
    assert backup is not None
    return data, backup


def _dump(path: Path) -> str:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return "\n".join(con.iterdump())
    finally:
        con.close()


def _leftovers(data: Path) -> list[str]:
    return sorted(p.name for p in data.iterdir() if p.name.startswith((".restore", "sync.lock")))


# --- candidates that must be refused -------------------------------------------------------------


def test_a_corrupt_candidate_is_refused_and_nothing_changes(counter, tmp_path):
    data, backup = counter
    bad = tmp_path / "bad.sqlite3"
    shutil.copy(backup, bad)
    _damage(bad)
    before = _sha(data / "motcua.sqlite3")
    with pytest.raises(DeskError) as info:
        restore.restore_database(data, bad)
    assert info.value.key == "backup.candidate_corrupt"
    text = info.value.message("vi")
    assert str(bad) in text and "không bị thay đổi" in text
    assert str(backup) in text  # the latest good backup is offered instead
    assert _sha(data / "motcua.sqlite3") == before
    assert not list((data / "backups").glob("replaced-*")) and _leftovers(data) == []


def test_a_foreign_sqlite_file_is_refused(counter, tmp_path):
    data, _ = counter
    foreign = tmp_path / "other.sqlite3"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE songs (title TEXT)")
    con.commit()
    con.close()
    with pytest.raises(DeskError) as info:
        restore.restore_database(data, foreign)
    assert info.value.key == "backup.candidate_foreign"
    text_file = tmp_path / "notes.sqlite3"
    text_file.write_text("hello " * 1000, encoding="utf-8")
    with pytest.raises(DeskError) as info:
        restore.restore_database(data, text_file)
    assert info.value.key == "backup.candidate_corrupt"
    assert _leftovers(data) == []


def test_a_candidate_from_an_unknown_newer_schema_is_refused(counter, tmp_path):
    data, backup = counter
    newer = tmp_path / "newer.sqlite3"
    shutil.copy(backup, newer)
    con = sqlite3.connect(newer)
    con.execute("UPDATE alembic_version SET version_num = 'f00dcafe'")
    con.commit()
    con.close()
    with pytest.raises(DeskError) as info:
        restore.restore_database(data, newer)
    assert info.value.key == "backup.candidate_revision" and "f00dcafe" in info.value.message("en")


def test_restore_is_refused_while_a_sync_runs_or_the_app_has_the_file_open(counter):
    data, backup = counter
    with sync_lock.sync_lock(data):
        with pytest.raises(DeskError) as info:
            restore.restore_database(data, backup)
        assert info.value.key == "backup.sync_running"
    app = sqlite3.connect(data / "motcua.sqlite3")  # the desktop app, still open
    try:
        app.execute("PRAGMA journal_mode=WAL").fetchone()
        app.execute("SELECT count(*) FROM dossier").fetchone()
        with pytest.raises(DeskError) as info:
            restore.restore_database(data, backup)
        assert info.value.key == "backup.in_use"
    finally:
        app.close()
    assert not list((data / "backups").glob("replaced-*")) and _leftovers(data) == []


def test_the_live_file_is_never_its_own_candidate(counter):
    data, _ = counter
    with pytest.raises(DeskError) as info:
        restore.restore_database(data, data / "motcua.sqlite3")
    assert info.value.key == "backup.same_file"


# --- a good restore ---------------------------------------------------------------------------------


def test_restore_brings_back_the_backup_keeps_the_replaced_file_and_never_reuses_a_code(
    counter, clock
):
    data, backup = counter
    ctx = open_desk(data, clock=clock)
    later = receive_dossier(ctx, procedure_code="1.004222", applicant=PERSON)
    from app.services.printing import print_form

    print_form(ctx, code=later.code, form="receipt")
    ctx.db.dispose()
    result = restore.restore_database(data, backup, clock=clock)
    assert result.replaced is not None and result.replaced.name.startswith("replaced-")
    assert result.lost_dossiers == (later.code,)
    assert result.revision_now == head_revision() and result.sequences_carried >= 1
    assert _q(result.replaced, f"SELECT count(*) FROM dossier WHERE code = '{later.code}'") == [
        (1,)
    ]
    for side in ("-wal", "-shm", "-journal"):
        assert not (data / f"motcua.sqlite3{side}").exists()
    assert _leftovers(data) == []
    ctx = open_desk(data, clock=clock)
    try:
        codes = {r.code for r in list_dossiers(ctx, limit=100)}
        assert later.code not in codes and len(codes) == 5
        again = receive_dossier(ctx, procedure_code="1.004222", applicant=PERSON)
        assert again.code != later.code and again.code > later.code  # the printed code stays his
        assert restore.sync_on_hold(ctx)
        restore.release_sync_hold(ctx)
        assert not restore.sync_on_hold(ctx)
    finally:
        ctx.db.dispose()
    audit = _q(
        data / "motcua.sqlite3", "SELECT detail FROM audit_log WHERE action='backup.restore'"
    )
    assert json.loads(audit[0][0])["from"] == backup.name


def test_restore_keeps_what_a_killed_app_left_in_the_wal(counter, tmp_path):
    data, backup = counter
    writer = (
        "import os, sqlite3, sys\n"
        "con = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "con.execute('PRAGMA journal_mode=WAL')\n"
        "con.execute(\"INSERT INTO key_value(key, value) VALUES ('only-in-wal', 'yes')\")\n"
        "print('ready', flush=True)\n"
        "sys.stdin.readline()\n"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", writer, str(data / "motcua.sqlite3")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout.readline().strip() == "ready"
        assert (data / "motcua.sqlite3-wal").stat().st_size > 0
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdin.close()
        child.stdout.close()
    result = restore.restore_database(data, backup)
    assert result.replaced is not None
    assert _q(result.replaced, "SELECT value FROM key_value WHERE key='only-in-wal'") == [("yes",)]


def test_a_restore_failing_at_the_last_step_puts_the_old_file_back(counter, monkeypatch):
    data, backup = counter
    before = _dump(data / "motcua.sqlite3")
    real = os.replace

    def failing(src, dst):
        if Path(src).name.startswith(".restore-"):
            raise OSError(5, "I/O error")
        return real(src, dst)

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(DeskError):
        restore.restore_database(data, backup)
    monkeypatch.undo()
    assert _dump(data / "motcua.sqlite3") == before  # the same data (now in rollback mode)
    assert not list((data / "backups").glob("replaced-*")) and _leftovers(data) == []


def test_an_older_schema_backup_is_restored_and_upgraded(tmp_path):
    data = tmp_path / "data"
    result = restore.restore_database(data, FIXTURE_0001)
    assert result.replaced is None and result.revision_restored == "0001"
    assert result.revision_now == head_revision()
    assert _q(data / "motcua.sqlite3", "SELECT version_num FROM alembic_version") == [
        (head_revision(),)
    ]
    if head_revision() != "0001":
        assert list((data / "backups").glob("pre-migrate-0001-*.sqlite3"))
    assert _sha(FIXTURE_0001) == _sha(FIXTURE_0001)  # read only: the fixture is intact
    assert _q(FIXTURE_0001, "SELECT version_num FROM alembic_version") == [("0001",)]


# --- check ------------------------------------------------------------------------------------------


def test_check_of_a_sound_database(counter):
    data, backup = counter
    res = integrity.check_database(data)
    assert res.ok and res.problems == () and res.revision == head_revision()
    assert res.waiting > 0 and res.dead == 0
    assert res.latest_good_backup == backup


def test_check_of_a_damaged_database_names_the_latest_good_backup(counter, tmp_path):
    data, backup = counter
    newer_but_bad = data / "backups" / "auto-start-29990101T000000000000Z.sqlite3"
    shutil.copy(backup, newer_but_bad)
    _damage(newer_but_bad)
    (data / "backups" / "replaced-29990101T000000000000Z.sqlite3").write_bytes(b"evidence")
    _damage(data / "motcua.sqlite3")
    res = integrity.check_database(data)
    assert not res.ok and res.problems
    assert res.latest_good_backup == backup
    message = res.failure().both()
    assert str(backup) in message and message.index("Hãy khôi phục") < message.index("Restore")


def test_a_foreign_or_empty_sqlite_file_in_the_backups_folder_is_never_offered(counter):
    data, backup = counter
    newest = data / "backups" / "auto-start-29990101T000000000000Z.sqlite3"
    con = sqlite3.connect(newest)  # sound, but somebody else's
    con.execute("CREATE TABLE notes (a)")
    con.commit()
    con.close()
    marked = data / "backups" / "auto-start-29980101T000000000000Z.sqlite3"
    shutil.copy(backup, marked)  # our tables, another program's mark
    con = sqlite3.connect(marked)
    con.execute("PRAGMA application_id = 1234")
    con.commit()
    con.close()
    sqlite3.connect(data / "backups" / "auto-start-29970101T000000000000Z.sqlite3").close()
    assert integrity.check_database(data).latest_good_backup == backup
    _damage(data / "motcua.sqlite3")
    broken = run(data, "list", ok=False)
    assert broken.returncode == 2 and str(backup) in broken.stderr
    assert "2999" not in broken.stderr and "2998" not in broken.stderr


def test_cli_check_backup_restore_and_recovery(counter, tmp_path):
    data, backup = counter
    ok = run(data, "check")
    assert "tốt" in ok.stdout and "chờ gửi" in ok.stdout
    report = json.loads(run(data, "check", "--json").stdout)
    assert report["ok"] is True and report["latest_good_backup"] == str(backup)

    refused = run(data, "backup", "--out", str(data / "motcua.sqlite3"), ok=False)
    assert refused.returncode == 2 and "đè lên" in refused.stderr and "overwrite" in refused.stderr
    refused = run(data, "backup", "--out", str(data / "motcua.sqlite3-wal"), ok=False)
    assert refused.returncode == 2
    manual = json.loads(run(data, "backup", "--out", str(tmp_path), "--json").stdout)["file"]
    assert Path(manual).name.startswith("manual-") and _q(
        Path(manual), "PRAGMA integrity_check"
    ) == [("ok",)]

    bad = tmp_path / "bad.sqlite3"
    shutil.copy(backup, bad)
    _damage(bad)
    refused = run(data, "restore", str(bad), ok=False)
    assert refused.returncode == 2 and "bị hỏng" in refused.stderr

    # The counter's file gets damaged: the app names the backup, check agrees, restore fixes it.
    _damage(data / "motcua.sqlite3")
    broken = run(data, "list", ok=False)
    assert broken.returncode == 2
    named = re.search(r"bản gần nhất: (.+?\.sqlite3)", broken.stderr)
    assert named, broken.stderr
    failed = run(data, "check", ok=False)
    assert failed.returncode == 2 and "CÓ LỖI" in failed.stdout
    assert str(backup) in failed.stderr
    assert failed.stderr.index("khôi phục") < failed.stderr.index("Restore")
    restored = run(data, "restore", named[1])
    assert "Đã khôi phục" in restored.stdout
    rows = json.loads(run(data, "list", "--json").stdout)
    assert len(rows) == 5
    assert run(data, "check").returncode == 0


def test_cli_backup_is_consistent_while_the_app_writes(counter, tmp_path):
    data, _ = counter
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys\n"
            "from app.services.context import open_desk\n"
            "from app.services.dossiers import ApplicantInput, receive_dossier\n"
            "ctx = open_desk(sys.argv[1])\n"
            "p = ApplicantInput('Trần Thị Lan', '001190004567')\n"
            "print('ready', flush=True)\n"
            "while True:\n"
            "    receive_dossier(ctx, procedure_code='1.004222', applicant=p)\n",
            str(data),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout.readline().strip() == "ready"
        copies = [tmp_path / f"copy{i}.sqlite3" for i in range(2)]
        for copy in copies:
            run(data, "backup", "--out", str(copy))
    finally:
        writer.kill()
        writer.wait()
        writer.stdout.close()
    for copy in copies:
        assert _q(copy, "PRAGMA integrity_check") == [("ok",)]
        assert _q(
            copy,
            "SELECT count(*) FROM dossier d WHERE NOT EXISTS "
            "(SELECT 1 FROM outbox o WHERE o.dossier_code = d.code)",
        ) == [(0,)]


def test_text_that_is_not_utf8_in_a_damaged_file_is_read_not_raised(tmp_path):
    """Damage can leave bytes that are not UTF-8 where the check reads text (the check's
    own report, the revision, the outbox states): the file is inspected, never a crash
    (CI once met a UnicodeDecodeError in integrity_check's report of a random damage)."""
    from app.store.db_files import inspect_file

    path = tmp_path / "x.sqlite3"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
    con.execute("CREATE TABLE outbox (state TEXT)")
    con.execute("INSERT INTO alembic_version VALUES (CAST(X'30E63031' AS TEXT))")
    con.execute("INSERT INTO outbox VALUES (CAST(X'E670' AS TEXT))")
    con.commit()
    con.close()
    got = inspect_file(path)
    assert got.revision == "0\ufffd01"
    assert got.outbox == {"\ufffdp": 1}
    # The start's own raw look at the file (before the engine) reads it the same way.
    from app.store.schema import read_header

    assert read_header(path).revision == "0\ufffd01"
