"""Receiving and moving dossiers on a real WAL SQLite file."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from app.domain.dossier import VN_TZ, Channel, Status
from app.domain.errors import DeskError
from app.services.dossiers import (
    ApplicantInput,
    advance_dossier,
    count_dossiers,
    get_dossier,
    list_dossiers,
    new_intake_key,
    open_duplicates,
    receive_dossier,
)

QR = "001095012345|013456789|Nguyễn Thị Hằng|15071995|Nữ|Số 12 ngõ 34 Âu Cơ, phường Tây Hồ, Hà Nội|20042021"


def _rows(desk, sql, *args):
    con = sqlite3.connect(desk.db.path)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def test_receive_writes_dossier_audit_and_outbox_together(desk):
    rec = receive_dossier(desk, procedure_code="1.004222", applicant=ApplicantInput.from_qr(QR))
    assert rec.code == "000.00.31.H26-250715-1001"
    assert rec.status is Status.RECEIVED and rec.channel is Channel.DIRECT
    assert rec.applicant.full_name == "Nguyễn Thị Hằng"
    assert rec.received_at == datetime(2025, 7, 15, 14, 5, tzinfo=VN_TZ)
    # Đăng ký thường trú: 7 working days from Tuesday 15/7/2025 is Thursday 24/7.
    assert rec.appointment_at == datetime(2025, 7, 24, 14, 5, tzinfo=VN_TZ)
    assert rec.documents and all(d.name for d in rec.documents)
    audit = _rows(desk, "SELECT action, entity_key FROM audit_log WHERE entity='dossier'")
    assert audit == [("dossier.receive", rec.code)]
    outbox = _rows(desk, "SELECT dossier_code, state, payload FROM outbox")
    assert len(outbox) == 1 and outbox[0][:2] == (rec.code, "pending")
    national = json.loads(outbox[0][2])["dossier"]
    assert national["MaHoSo"] == rec.code and national["KenhThucHien"] == 1
    assert national["NgayTiepNhan"] == "20250715140500"
    assert national["NgayHenTra"] == "20250724140500"
    assert national["TrangThaiHoSo"] == 2
    assert _rows(desk, "PRAGMA journal_mode") == [("wal",)]


def test_same_form_saved_twice_makes_one_dossier(desk):
    key = new_intake_key()
    person = ApplicantInput.from_qr(QR)
    first = receive_dossier(desk, procedure_code="1.004222", applicant=person, intake_key=key)
    again = receive_dossier(desk, procedure_code="1.004222", applicant=person, intake_key=key)
    assert again.code == first.code
    assert _rows(desk, "SELECT count(*) FROM dossier") == [(1,)]
    assert _rows(desk, "SELECT count(*) FROM outbox") == [(1,)]


def test_codes_follow_the_daily_sequence_and_restart_next_day(desk, clock):
    person = ApplicantInput.from_qr(QR)
    codes = [
        receive_dossier(desk, procedure_code="1.004222", applicant=person).code for _ in range(3)
    ]
    assert codes == [f"000.00.31.H26-250715-100{i}" for i in (1, 2, 3)]
    clock.now += timedelta(days=1)
    assert receive_dossier(desk, procedure_code="1.004222", applicant=person).code.endswith(
        "250716-1001"
    )


def test_lifecycle_moves_and_refusals_leave_history(desk, clock):
    rec = receive_dossier(desk, procedure_code="1.004222", applicant=ApplicantInput.from_qr(QR))
    clock.now += timedelta(hours=1)
    advance_dossier(desk, code=rec.code, to=Status.PROCESSING, note="Chuyển công an phường")
    with pytest.raises(DeskError) as info:
        advance_dossier(desk, code=rec.code, to=Status.RETURNED)
    assert info.value.key == "status.illegal"
    clock.now += timedelta(days=2)
    done = advance_dossier(desk, code=rec.code, to=Status.RESOLVED)
    assert done.finished_at == clock.now
    back = advance_dossier(desk, code=rec.code, to=Status.RETURNED)
    assert [h.to_status for h in back.history] == [
        Status.RECEIVED,
        Status.PROCESSING,
        Status.RESOLVED,
        Status.RETURNED,
    ]
    assert _rows(desk, "SELECT count(*) FROM outbox") == [(4,)]  # the refused move left nothing
    assert get_dossier(desk, code=rec.code).status is Status.RETURNED


def test_audit_log_cannot_be_edited(desk):
    receive_dossier(desk, procedure_code="1.004222", applicant=ApplicantInput.from_qr(QR))
    con = sqlite3.connect(desk.db.path)
    try:
        for sql in ("UPDATE audit_log SET actor='x'", "DELETE FROM audit_log"):
            with pytest.raises(sqlite3.DatabaseError, match="append-only"):
                con.execute(sql)
    finally:
        con.close()


def test_bad_input_is_refused_and_nothing_is_written(desk):
    person = ApplicantInput.from_qr(QR)
    with pytest.raises(DeskError, match="procedure|thủ tục") as info:
        receive_dossier(desk, procedure_code="9.999999", applicant=person)
    assert info.value.key == "procedure.unknown"
    with pytest.raises(DeskError) as info:
        receive_dossier(
            desk, procedure_code="1.004222", applicant=ApplicantInput("Lê Văn A", "12345")
        )
    assert info.value.key == "applicant.id_number"
    with pytest.raises(DeskError):
        receive_dossier(
            desk,
            procedure_code="1.004222",
            applicant=person,
            received_at=datetime(2025, 7, 15, 9, 0),
        )  # naive
    assert _rows(desk, "SELECT count(*) FROM dossier") == [(0,)]
    assert _rows(desk, "SELECT count(*) FROM outbox") == [(0,)]


def test_search_by_code_id_and_unaccented_name(desk):
    person = ApplicantInput.from_qr(QR)
    other = ApplicantInput("Đặng Quốc Việt", "001203004005")
    a = receive_dossier(desk, procedure_code="1.004222", applicant=person)
    b = receive_dossier(desk, procedure_code="1.004222", applicant=other)
    assert [r.code for r in list_dossiers(desk, search=a.code)] == [a.code]
    assert [r.code for r in list_dossiers(desk, search="001203004005")] == [b.code]
    assert [r.code for r in list_dossiers(desk, search="dang quoc")] == [b.code]
    assert [r.code for r in list_dossiers(desk, search="NGUYEN thi")] == [a.code]
    assert [r.code for r in list_dossiers(desk, search="Nguyễn Thị H")] == [a.code]
    assert list_dossiers(desk, search="tran") == []
    assert count_dossiers(desk) == 2
    assert count_dossiers(desk, search="dang quoc") == 1
    assert count_dossiers(desk, status=Status.REFUSED) == 0


def test_open_duplicate_warning_and_overdue_filter(desk, clock):
    person = ApplicantInput.from_qr(QR)
    rec = receive_dossier(desk, procedure_code="1.004222", applicant=person)
    assert [
        r.code for r in open_duplicates(desk, id_number=person.id_number, procedure_code="1.004222")
    ] == [rec.code]
    assert open_duplicates(desk, id_number=person.id_number, procedure_code="1.001193") == []
    assert list_dossiers(desk, overdue=True) == []
    clock.now = datetime(2025, 7, 25, 3, 0, tzinfo=UTC)
    assert [r.code for r in list_dossiers(desk, overdue=True)] == [rec.code]
