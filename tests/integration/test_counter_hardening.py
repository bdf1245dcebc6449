"""Issue 11, the counter's files: where backups go, foreign and damaged database files."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from app import cli
from app.domain.errors import DeskError
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


def _foreign(path: Path) -> bytes:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    con.execute("INSERT INTO notes (body) VALUES ('somebody else''s data')")
    con.commit()
    con.close()
    return path.read_bytes()


def test_a_foreign_sqlite_file_is_refused_and_left_untouched(tmp_path, capsys):
    data = tmp_path / "data"
    data.mkdir()
    before = _foreign(data / "motcua.sqlite3")
    for _ in range(2):  # the quick start path and the checked one
        with pytest.raises(DeskError) as info:
            open_desk(data, check=_ == 1)
        assert info.value.key == "db.foreign"
        assert "không phải của MotCua Desk" in info.value.message("vi")
        assert "not a MotCua Desk one" in info.value.message("en")
    assert (data / "motcua.sqlite3").read_bytes() == before
    assert cli.main(["list", "--data-dir", str(data)]) == 2
    assert "không phải của MotCua Desk" in capsys.readouterr().err
    assert cli.main(["check", "--data-dir", str(data)]) != 0
    capsys.readouterr()
    assert (data / "motcua.sqlite3").read_bytes() == before
    assert not (data / "backups").exists() or not any((data / "backups").iterdir())


def test_our_tables_under_someone_elses_mark_are_refused(data, capsys):
    con = sqlite3.connect(data / "motcua.sqlite3")
    con.execute("PRAGMA application_id = 1234")
    con.commit()
    con.close()
    with pytest.raises(DeskError) as info:
        open_desk(data)
    assert info.value.key == "db.foreign"
    assert cli.main(["check", "--data-dir", str(data)]) != 0
    assert "not a MotCua Desk database" in capsys.readouterr().err


def test_new_and_older_databases_carry_our_mark(data, tmp_path):
    from app.store.schema import APPLICATION_ID

    con = sqlite3.connect(data / "motcua.sqlite3")
    assert con.execute("PRAGMA application_id").fetchone() == (APPLICATION_ID,)
    con.close()
    old = tmp_path / "old"
    old.mkdir()
    shutil.copy(FIXTURES / "schema_0003.sqlite3", old / "motcua.sqlite3")
    open_desk(old).db.dispose()  # no mark yet, but our tables and revision: upgraded
    con = sqlite3.connect(old / "motcua.sqlite3")
    assert con.execute("PRAGMA application_id").fetchone() == (APPLICATION_ID,)
    con.close()


def test_show_and_print_what_was_received_with_that_dossier(data):
    from datetime import date

    from app.services.dossiers import ApplicantInput, get_dossier, receive_dossier
    from app.services.printing import render

    ctx = open_desk(data)
    try:
        first = receive_dossier(
            ctx,
            procedure_code="1.004222",
            applicant=ApplicantInput(
                "Trần Thị Mai", "001190000111", "013456789", date(1990, 1, 2), "Nữ", "Hà Nội"
            ),
        )
        receive_dossier(
            ctx,
            procedure_code="1.004222",
            applicant=ApplicantInput(
                "Trần Thị Mai", "001190000111", "123456789", date(1991, 3, 4), "Nam", "Huế"
            ),
        )
        again = get_dossier(ctx, code=first.code)
        assert again.applicant.birth_date == date(1990, 1, 2)
        assert again.applicant.sex == "Nữ"
        assert again.applicant.old_id_number == "013456789"
        assert again.applicant == first.applicant
        assert render(again, "receipt") == render(first, "receipt")
    finally:
        ctx.db.dispose()


# --- Damaged pages ----------------------------------------------------------------------------


def _damage(path: Path, first_page: int, last_page: int, step: int = 1) -> None:
    raw = bytearray(path.read_bytes())
    page = 4096
    # From each page's own header on: bytes 100-400 of a nearly empty page are its unused
    # middle, whose damage no check can (or needs to) see.
    for i in range(first_page * page, min(len(raw), last_page * page), step * page):
        raw[i : i + 300] = bytes((i * 7 + k) % 251 for k in range(300))
    path.write_bytes(bytes(raw))


def test_damaged_pages_in_the_middle_are_found_at_an_ordinary_start(data):
    backup = data / "backups" / "auto-good.sqlite3"
    from app.store.db_files import backup_to

    backup_to(data / "motcua.sqlite3", backup)
    pages = (data / "motcua.sqlite3").stat().st_size // 4096
    _damage(data / "motcua.sqlite3", pages // 3, pages * 2 // 3, step=2)  # not the schema
    with pytest.raises(DeskError) as info:
        open_desk(data)  # no crash marker, no check=True: the start-up check itself
    assert info.value.key == "db.corrupt"
    assert str(backup) in info.value.message("vi") and str(backup) in info.value.message("en")
    # A large file gets a random probe at start, which may miss the damage next time: the
    # refusal leaves the marker that makes every later start run the full check.
    assert (data / "run" / "damaged").exists()
    with pytest.raises(DeskError):
        open_desk(data)
    assert (data / "run" / "damaged").exists()
    from app.services.restore import restore_database

    restore_database(data, backup)
    open_desk(data).db.dispose()  # the full check passes on the restored file
    assert not (data / "run" / "damaged").exists()


def test_the_probe_finds_a_damaged_middle_of_a_large_file(tmp_path):
    import os

    from app.store.db import FULL_CHECK_BELOW, probe_database

    path = tmp_path / "big.sqlite3"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b BLOB)")
    con.execute("CREATE INDEX ix_t_a ON t (a)")
    con.executemany(
        "INSERT INTO t (a, b) VALUES (?, ?)",
        ((f"{i * 7919 % 100003:08d}", os.urandom(700)) for i in range(30_000)),
    )
    con.commit()
    con.close()
    size = path.stat().st_size
    assert size > FULL_CHECK_BELOW
    probe_database(path)  # sound: passes
    pages = size // 4096
    _damage(path, pages * 2 // 5, pages * 3 // 5, step=3)  # every third page of the middle fifth
    with pytest.raises(DeskError) as info:
        probe_database(path)
    assert info.value.key == "db.corrupt"


def test_the_first_corruption_error_stops_all_writing(data):
    from app.services.dossiers import ApplicantInput, list_dossiers, receive_dossier
    from app.store.db_files import backup_to

    ctx = open_desk(data)
    create_demo(ctx, dossiers=30)
    ctx.db.dispose()
    backup = backup_to(data / "motcua.sqlite3", data / "backups" / "auto-good.sqlite3")
    _damage(data / "motcua.sqlite3", 3, 60)  # damaged while the app runs
    with pytest.raises(DeskError) as info:
        for _ in range(3):
            list_dossiers(ctx, limit=1000)
            list_dossiers(ctx, search="nguyen", limit=1000)
    assert info.value.key == "db.corrupt" and str(backup) in info.value.message("vi")
    before = (data / "motcua.sqlite3").read_bytes()
    with pytest.raises(DeskError) as info:
        receive_dossier(
            ctx, procedure_code="1.004222", applicant=ApplicantInput("Lê Văn An", "001090000222")
        )
    assert info.value.key == "db.corrupt" and str(backup) in info.value.message("en")
    ctx.db.dispose()
    assert (data / "motcua.sqlite3").read_bytes() == before
    assert (
        not (data / "motcua.sqlite3-wal").exists()
        or (data / "motcua.sqlite3-wal").stat().st_size == 0
    )
    # The next start runs the full check first, whatever the size of the file.
    assert (data / "run" / "damaged").exists()
    with pytest.raises(DeskError) as info:
        open_desk(data)
    assert info.value.key == "db.corrupt"


def test_sqlite_failures_are_told_apart_by_code_not_by_message(tmp_path):
    from app.store.db import translate

    con = sqlite3.connect(tmp_path / "x.sqlite3")
    con.execute("CREATE TABLE t (x)")
    con.execute(
        "CREATE TRIGGER t_no BEFORE INSERT ON t "
        "BEGIN SELECT RAISE(ABORT, 'database disk image is malformed'); END"
    )
    with pytest.raises(sqlite3.Error) as info:
        con.execute("INSERT INTO t VALUES (1)")
    con.close()
    assert translate(info.value, tmp_path / "x.sqlite3") is None  # a constraint, not damage
    (tmp_path / "y.sqlite3").write_bytes(b"garbage" * 1000)
    con = sqlite3.connect(tmp_path / "y.sqlite3")
    with pytest.raises(sqlite3.Error) as info:
        con.execute("SELECT * FROM sqlite_master").fetchall()
    con.close()
    mapped = translate(info.value, tmp_path / "y.sqlite3")
    assert mapped is not None and mapped.key == "db.corrupt"


# --- The keyring --------------------------------------------------------------------------------


def test_a_plaintext_keyring_is_not_the_os_keyring(tmp_path, monkeypatch):
    import keyring
    from keyrings.alt.file import PlaintextKeyring

    from app.sync.tokens import KeyringTokenStore

    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # no keyringrc.cfg
    clear = PlaintextKeyring()
    clear.file_path = str(tmp_path / "keyring_pass.cfg")
    keyring.set_keyring(clear)
    store = KeyringTokenStore()
    with pytest.raises(DeskError) as info:
        store.put("https://hub.example", "secret-device-token")
    assert info.value.key == "sync.plaintext_keyring"
    assert "PlaintextKeyring" in info.value.message("vi")
    assert "clear-text" in info.value.message("en")
    assert "PYTHON_KEYRING_BACKEND" in info.value.message("en")
    assert not (tmp_path / "keyring_pass.cfg").exists()  # nothing was written in clear
    # Named explicitly by the user: their choice is honoured.
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    store.put("https://hub.example", "secret-device-token")
    assert store.get("https://hub.example") == "secret-device-token"


# --- Password hashes ----------------------------------------------------------------------------


def test_production_hashes_use_n_2_17_and_weaker_ones_are_rehashed_at_log_in(data, monkeypatch):
    from app.services.context import PASSWORD_WORK, DeskContext
    from app.services.demo import DEMO_PASSWORD
    from app.services.users import hash_password, log_in, verify_password
    from app.store.models import User

    monkeypatch.delenv("MOTCUA_PASSWORD_WORK", raising=False)
    assert PASSWORD_WORK == 2**17
    ctx = open_desk(data)
    assert ctx.password_work == 2**17
    assert DeskContext(ctx.data_dir, ctx.db).password_work == 2**17
    strong = hash_password("matkhau-dai-hon", n=ctx.password_work)  # needs > 64 MiB maxmem
    assert strong.startswith("scrypt$131072$8$1$") and verify_password("matkhau-dai-hon", strong)
    ctx.db.dispose()
    # An account from before (N=2^14); a context with more work (2^15 keeps the test fast).
    weak = hash_password(DEMO_PASSWORD, n=2**14)
    desk = open_desk(data, password_work=2**15)
    try:
        with desk.db.session() as s:
            s.query(User).filter(User.username == "canbo1").update({"password_hash": weak})
            s.commit()
        with pytest.raises(DeskError):
            log_in(desk, username="canbo1", password="wrong password")
        with desk.db.read_session() as s:
            assert s.query(User).filter(User.username == "canbo1").one().password_hash == weak
        log_in(desk, username="canbo1", password=DEMO_PASSWORD)
        with desk.db.read_session() as s:
            now = s.query(User).filter(User.username == "canbo1").one().password_hash
        assert now.startswith("scrypt$32768$8$1$") and verify_password(DEMO_PASSWORD, now)
        log_in(desk, username="canbo1", password=DEMO_PASSWORD)  # the new hash works
    finally:
        desk.db.dispose()


# --- Text from outside is NFC ---------------------------------------------------------------------


def _nfd(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFD", text)


def test_text_pulled_from_the_hub_is_stored_as_nfc(enrolled, tmp_path):
    import json

    from sync_helpers import hub_admin

    from app.services.catalog import get_procedure
    from app.services.dossiers import ApplicantInput, get_dossier, receive_dossier
    from app.services.sync import sync_once

    ctx, hub = enrolled
    agency = ctx.service_point()[0].code
    rec = receive_dossier(
        ctx, procedure_code="1.004222", applicant=ApplicantInput("Lê Văn An", "001090000333")
    )
    assert sync_once(ctx).pushed == 1
    hub_admin(
        hub.db_url,
        "advance",
        rec.code,
        "--to",
        "processing",
        "--note",
        _nfd("Chuyển phòng chuyên môn"),
    )
    proc = {
        "code": "9.999003",
        "name": _nfd("Xác nhận thử nghiệm"),
        "field_code": "CT",
        "processing": {"amount": 1, "unit": "day"},
        "cutoff": "15:00",
        "documents": [{"name": _nfd("Tờ khai"), "originals": 1}],
        "fees": [],
    }
    path = tmp_path / "procs.json"
    path.write_text(
        json.dumps(
            {"fields": [{"code": "CT", "name": _nfd("Chứng thực")}], "procedures": [proc]},
            ensure_ascii=False,
        ),
        "utf-8",
    )
    hub_admin(hub.db_url, "procedure", "--agency", agency, "--json", str(path))
    sync_once(ctx)
    assert get_dossier(ctx, code=rec.code).history[-1].note == "Chuyển phòng chuyên môn"
    got = get_procedure(ctx, code="9.999003")
    assert got.name == "Xác nhận thử nghiệm" and got.field_name == "Chứng thực"
    assert got.documents[0].name == "Tờ khai"


def test_the_catalog_file_is_imported_as_nfc(data, tmp_path):
    import json

    from app.services.catalog import get_procedure, seed_catalog

    proc = {
        "code": "9.999004",
        "name": _nfd("Đăng ký thử nghiệm"),
        "field_code": "HT",
        "processing": {"amount": 2, "unit": "day"},
        "documents": [],
        "fees": [],
    }
    path = tmp_path / "catalog.json"
    path.write_text(
        json.dumps(
            {"fields": [{"code": "HT", "name": _nfd("Hộ tịch")}], "procedures": [proc]},
            ensure_ascii=False,
        ),
        "utf-8",
    )
    ctx = open_desk(data)
    try:
        seed_catalog(ctx, path=path)
        got = get_procedure(ctx, code="9.999004")
        assert got.name == "Đăng ký thử nghiệm" and got.field_name == "Hộ tịch"
    finally:
        ctx.db.dispose()


def test_volunteer_records_and_clerk_names_follow_the_same_rules(data):
    from app.domain.roles import Role
    from app.services.demo import DEMO_PASSWORD
    from app.services.users import create_user, log_in
    from app.services.volunteer import AssistOutcome, record_assisted_submission

    ctx = open_desk(data)
    try:
        helper = log_in(ctx, username="tnv1", password=DEMO_PASSWORD)
        rec = record_assisted_submission(
            helper,
            procedure_code="1.004222",
            outcome=AssistOutcome.SUBMITTED,
            online_code="G22-250715-0009",
            citizen_id="００１０９５０１２３４５",
        )
        assert rec.citizen_id == "001095012345"
        boss = log_in(ctx, username="lanhdao", password=DEMO_PASSWORD)
        made = create_user(
            boss,
            username="canbo9",
            full_name=_nfd("Phạm\u200b Thị Thu"),
            role=Role.CLERK,
            password="matkhau-moi-123",
        )
        assert made.full_name == "Phạm Thị Thu"
        with pytest.raises(DeskError) as info:
            create_user(
                boss,
                username="canbo10",
                full_name="X" * 500,
                role=Role.CLERK,
                password="matkhau-moi-123",
            )
        assert info.value.key == "text.too_long"
    finally:
        ctx.db.dispose()
