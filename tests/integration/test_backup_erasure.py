"""The right to erasure: an applicant's personal fields are pseudonymised everywhere on the
counter, what the archive needs stays, an audit row records it without the data, and no
outbox event carries anything new to the city."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import update
from sqlalchemy.exc import DatabaseError

from app.domain.dossier import Status
from app.domain.errors import DeskError
from app.domain.roles import Actor, Role
from app.services.dossiers import ApplicantInput, advance_dossier, receive_dossier
from app.services.erasure import erase_applicant
from app.services.printing import print_form
from app.store.models import OutboxEvent

ROOT = Path(__file__).resolve().parents[2]
PERSON = ApplicantInput(
    "Hoàng Minh Châu",
    "001188009999",
    old_id_number="012345678",
    birth_date=date(1988, 3, 4),
    sex="Nữ",
    address="Số 9 ngõ 5 Âu Cơ, Tây Hồ",
    phone="0912345678",
    email="chau@example.vn",
)
OTHER = ApplicantInput("Lý Văn Bình", "001077001111", address="Số 1 Xuân Diệu", phone="0987000111")


def _rows(path: Path, sql: str, *args) -> list[tuple]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def _ack_everything(desk) -> None:
    with desk.db.session() as s:
        s.execute(update(OutboxEvent).values(state="acked", acked_at=desk.now()))
        s.commit()


def _dump(path: Path) -> str:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return "\n".join(con.iterdump())
    finally:
        con.close()


@pytest.fixture
def history(desk):
    first = receive_dossier(
        desk,
        procedure_code="1.004222",
        applicant=PERSON,
        summary="Hoàng Minh Châu xin đăng ký thường trú",
    )
    advance_dossier(
        desk, code=first.code, to=Status.PROCESSING, note="Bà Hoàng Minh Châu bổ sung sau"
    )
    second = receive_dossier(desk, procedure_code="2.000815", applicant=PERSON)
    other = receive_dossier(desk, procedure_code="1.004222", applicant=OTHER)
    receipt = print_form(desk, code=first.code, form="receipt")
    return first, second, other, receipt


def test_without_confirm_nothing_changes(desk, history):
    first, second, _, receipt = history
    before = _dump(desk.db.path)
    preview = erase_applicant(desk, id_number=PERSON.id_number)
    assert not preview.done and set(preview.dossier_codes) == {first.code, second.code}
    assert _dump(desk.db.path) == before and receipt.exists()


def test_refused_while_the_city_has_not_acknowledged_the_dossiers(desk, history):
    with pytest.raises(DeskError) as info:
        erase_applicant(desk, id_number=PERSON.id_number, confirm=True)
    assert info.value.key == "privacy.unsent"
    assert "đồng bộ" in info.value.message("vi")


def test_erasure_pseudonymises_everywhere_and_keeps_the_archive(desk, history):
    first, second, other, receipt = history
    _ack_everything(desk)
    events_before = _rows(desk.db.path, "SELECT count(*) FROM outbox")[0][0]
    audit_before = _rows(desk.db.path, "SELECT count(*) FROM audit_log")[0][0]
    done = erase_applicant(desk, id_number=PERSON.id_number, confirm=True)
    assert done.done and done.pseudonym.startswith("Đã xóa ")
    assert done.outbox_scrubbed == 3 and str(receipt) in done.files_deleted
    assert not receipt.exists()

    db = desk.db.path
    # The audit trail is append-only (triggers refuse UPDATE): a free-text note a clerk typed
    # stays in it, as the README says. Everything else is clean.
    dump = "\n".join(
        line for line in _dump(db).splitlines() if not line.startswith('INSERT INTO "audit_log"')
    )
    noted = _rows(db, "SELECT action FROM audit_log WHERE detail LIKE '%Hoàng Minh Châu%'")
    assert noted == [("dossier.advance",)]
    for value in (
        "Hoàng Minh Châu",
        "hoang minh chau",
        "Số 9 ngõ 5 Âu Cơ",
        "0912345678",
        "chau@example.vn",
        "1988-03-04",
        "012345678",
    ):
        assert value not in dump, value
    person = _rows(
        db,
        "SELECT full_name, birth_date, sex, address, phone, email, old_id_number "
        "FROM applicant WHERE id_number = ?",
        PERSON.id_number,
    )
    assert person == [(done.pseudonym, None, "", "", "", "", "")]
    kept = _rows(
        db,
        "SELECT code, id_number, applicant_name, status, received_at IS NOT NULL, "
        "appointment_at IS NOT NULL FROM dossier WHERE id_number = ? ORDER BY code",
        PERSON.id_number,
    )
    assert [(k[0], k[1], k[2], k[3]) for k in kept] == [
        (first.code, PERSON.id_number, done.pseudonym, int(Status.PROCESSING)),
        (second.code, PERSON.id_number, done.pseudonym, int(Status.RECEIVED)),
    ]
    assert all(k[4] and k[5] for k in kept)
    assert _rows(
        db,
        "SELECT count(*) FROM status_history WHERE dossier_id IN "
        "(SELECT id FROM dossier WHERE id_number = ?)",
        PERSON.id_number,
    ) == [(3,)]
    # Nobody else is touched.
    assert _rows(db, "SELECT applicant_name, phone FROM dossier WHERE code = ?", other.code) == [
        (OTHER.full_name, OTHER.phone)
    ]
    # No event queued; the sent copies are cleaned but keep the hash of what was sent.
    assert _rows(db, "SELECT count(*) FROM outbox")[0][0] == events_before
    assert _rows(db, "SELECT count(*) FROM outbox WHERE state != 'acked'") == [(0,)]
    payload = json.loads(
        _rows(
            db,
            "SELECT payload FROM outbox WHERE dossier_code = ? ORDER BY id DESC LIMIT 1",
            first.code,
        )[0][0]
    )
    assert payload["dossier"]["ChuHoSo"] == done.pseudonym
    assert payload["dossier"]["MaHoSo"] == first.code
    assert payload["dossier"]["SoGiayToChuHoSo"] == PERSON.id_number
    # One audit row, without the erased data.
    audit = _rows(
        db, "SELECT action, entity, entity_key, detail FROM audit_log WHERE id > ?", audit_before
    )
    assert len(audit) == 1 and audit[0][:3] == ("applicant.erase", "applicant", done.pseudonym)
    assert set(json.loads(audit[0][3])["dossiers"]) == {first.code, second.code}
    # A reprint shows the pseudonym.
    again = print_form(desk, code=first.code, form="receipt")
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(again).pages)
    assert "Hoàng Minh Châu" not in text and first.code in text


def test_only_a_supervisor_may_erase(desk, history):
    _ack_everything(desk)
    clerk = desk.with_actor(Actor("canbo1", "Nguyễn Thị Hằng", Role.CLERK, None))
    with pytest.raises(DeskError) as info:
        erase_applicant(clerk, id_number=PERSON.id_number, confirm=True)
    assert info.value.key == "auth.forbidden"
    boss = desk.with_actor(Actor("lanhdao", "Đặng Thị Thu Hà", Role.SUPERVISOR, None))
    assert erase_applicant(boss, id_number=PERSON.id_number, confirm=True).done


def test_unknown_person(desk):
    with pytest.raises(DeskError) as info:
        erase_applicant(desk, id_number="001199999999", confirm=True)
    assert info.value.key == "privacy.unknown"


def test_cli_needs_confirm(desk, history):
    _ack_everything(desk)
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    cmd = [
        sys.executable,
        str(ROOT / "main.py"),
        "erase-applicant",
        PERSON.id_number,
        "--data-dir",
        str(desk.data_dir),
    ]
    asked = subprocess.run(
        cmd, capture_output=True, text=True, encoding="utf-8", env=env, timeout=60
    )
    assert (
        asked.returncode == 2
        and "--confirm" in asked.stderr
        and "không thể hoàn tác" in asked.stderr
    )
    assert _rows(
        desk.db.path, "SELECT full_name FROM applicant WHERE id_number = ?", PERSON.id_number
    ) == [(PERSON.full_name,)]
    done = subprocess.run(
        [*cmd, "--confirm", "--json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["pseudonym"].startswith("Đã xóa")


def test_a_failure_inside_the_transaction_keeps_the_data_and_the_printed_forms(desk, history):
    """The PDFs go only once the erasure committed: here the database refuses the erasure's
    audit row (a real SQLite trigger aborts the INSERT), so nothing is erased and the
    printed receipt of the still-named applicant stays beside it."""
    first, _, _, receipt = history
    _ack_everything(desk)
    copy = print_form(desk, code=first.code, form="cover")
    con = sqlite3.connect(desk.db.path)
    con.execute(
        "CREATE TRIGGER refuse_erasure BEFORE INSERT ON audit_log "
        "WHEN NEW.action = 'applicant.erase' BEGIN SELECT RAISE(ABORT, 'disk says no'); "
        "END"
    )
    con.commit()
    con.close()
    before = _dump(desk.db.path)
    with pytest.raises(DatabaseError, match="disk says no"):
        erase_applicant(desk, id_number=PERSON.id_number, confirm=True)
    assert receipt.exists() and copy.exists()
    assert _dump(desk.db.path) == before  # rolled back: the person is still there
    con = sqlite3.connect(desk.db.path)
    con.execute("DROP TRIGGER refuse_erasure")
    con.commit()
    con.close()
    done = erase_applicant(desk, id_number=PERSON.id_number, confirm=True)
    assert {str(receipt), str(copy)} <= set(done.files_deleted)
    assert not receipt.exists() and not copy.exists()
