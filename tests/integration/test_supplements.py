"""Supplement requests done properly (issue 16): what is missing and when, its completion,
the appointment moved on by the working days waited, a second request visible to the
supervisor, Mẫu 02 listing the missing papers, and a back-office move out of status 5
completing the request too."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from app.cli import main
from app.docs import render_form
from app.domain.dossier import VN_TZ, Status
from app.domain.errors import DeskError
from app.services.change_feed import StoreChangeApplier
from app.services.demo import DEMO_PASSWORD
from app.services.dossiers import (
    ApplicantInput,
    advance_dossier,
    get_dossier,
    list_dossiers,
    receive_dossier,
)
from app.services.supplements import (
    complete_supplement,
    request_supplement,
    supplement_summary,
)
from app.services.users import log_in
from app.store.db import DB_FILENAME
from app.sync.protocol import CHANGE_STATUS, status_change_data

PERSON = ApplicantInput("Trần Thị Bích", "001190054321", address="Số 5 Âu Cơ, Hà Nội")
MISSING = ["Tờ khai CT01 có chữ ký của chủ hộ", "Bản sao sổ hộ khẩu"]


def _clerk(desk):  # type: ignore[no-untyped-def]
    return log_in(desk, username="canbo1", password=DEMO_PASSWORD)


def _last_wire(desk, code: str) -> dict:  # type: ignore[type-arg]
    db = sqlite3.connect(Path(desk.data_dir) / DB_FILENAME)
    (payload,) = db.execute(
        "SELECT payload FROM outbox WHERE dossier_code = ? ORDER BY id DESC LIMIT 1", (code,)
    ).fetchone()
    db.close()
    return json.loads(payload)["dossier"]


def test_request_and_completion_keep_items_times_and_move_the_appointment(desk, clock):
    clerk = _clerk(desk)
    rec = receive_dossier(clerk, procedure_code="1.004194", applicant=PERSON)  # Tue 15/7 14:05
    due = rec.appointment_at
    assert due is not None and due.astimezone(VN_TZ).date().isoformat() == "2025-07-18"

    asked = request_supplement(clerk, code=rec.code, missing=MISSING, note="Ký đủ hai trang")
    assert asked.status == Status.SUPPLEMENT
    (req,) = asked.supplements
    assert req.items == tuple(MISSING) and req.note == "Ký đủ hai trang"
    assert req.requested_at == clock.now and req.requested_by == "canbo1" and req.open

    clock.now += timedelta(days=2)  # Thursday 17/7: two working days waited
    done = complete_supplement(clerk, code=rec.code)
    assert done.status == Status.RECEIVED  # back where it was before the request
    (req,) = done.supplements
    assert req.completed_at == clock.now and req.completed_by == "canbo1"
    # The clock stopped while the citizen was away: Friday 18/7 + 2 working days = Tue 22/7.
    assert req.due_before == due
    assert done.appointment_at is not None
    assert done.appointment_at.astimezone(VN_TZ).date().isoformat() == "2025-07-22"
    assert req.due_after == done.appointment_at
    summary = supplement_summary(clerk, done)
    assert summary["waiting_working_days"] == 2 and summary["requests"] == 1
    assert summary["repeat"] is False

    wire = _last_wire(desk, rec.code)
    (item,) = wire["DanhSachHoSoBoSung"]
    assert item["DanhSachGiayToBoSung"] == MISSING
    assert item["NgayBoSung"] == "20250715140500"
    assert item["NgayTiepNhanBoSung"] == "20250717140500"
    assert item["TrangThaiBoSung"] == 1
    assert item["NgayHenTraTruoc"][:8] == "20250718" and item["NgayHenTraMoi"][:8] == "20250722"
    assert wire["NgayHenTra"][:8] == "20250722"


def test_a_second_request_is_listed_for_the_supervisor(desk, clock):
    clerk = _clerk(desk)
    once = receive_dossier(clerk, procedure_code="1.004194", applicant=PERSON)
    twice = receive_dossier(clerk, procedure_code="1.004194", applicant=PERSON)
    request_supplement(clerk, code=once.code, missing=MISSING[:1])
    request_supplement(clerk, code=twice.code, missing=MISSING[:1])
    clock.now += timedelta(hours=1)
    complete_supplement(clerk, code=twice.code)
    assert list_dossiers(clerk, repeat_supplement=True) == []
    request_supplement(clerk, code=twice.code, missing=MISSING[1:])
    rows = list_dossiers(clerk, repeat_supplement=True)
    assert [r.code for r in rows] == [twice.code]
    assert supplement_summary(clerk, get_dossier(clerk, code=twice.code))["repeat"] is True


def test_bad_requests_are_refused_and_nothing_moves(desk):
    clerk = _clerk(desk)
    rec = receive_dossier(clerk, procedure_code="1.004194", applicant=PERSON)
    with pytest.raises(DeskError) as empty:
        request_supplement(clerk, code=rec.code, missing=["  "], note="")
    assert empty.value.key == "supplement.nothing_missing"
    with pytest.raises(DeskError) as not_waiting:
        complete_supplement(clerk, code=rec.code)
    assert not_waiting.value.key == "supplement.not_waiting"
    after = get_dossier(clerk, code=rec.code)
    assert after.status == Status.RECEIVED and after.supplements == ()


def test_a_move_out_of_5_by_the_back_office_or_a_withdrawal_completes_the_request(desk, clock):
    clerk = _clerk(desk)
    rec = receive_dossier(clerk, procedure_code="1.004194", applicant=PERSON)
    advance_dossier(clerk, code=rec.code, to=Status.PROCESSING)
    advance_dossier(clerk, code=rec.code, to=Status.SUPPLEMENT, note="Thiếu ảnh 4x6")
    (req,) = get_dossier(clerk, code=rec.code).supplements
    assert req.open and req.items == () and req.note == "Thiếu ảnh 4x6"
    clock.now += timedelta(days=1)
    at = clock.now
    change = {
        "seq": 1,
        "kind": CHANGE_STATUS,
        "at": "",
        "data": status_change_data(
            code=rec.code,
            to=Status.PROCESSING,
            src=Status.SUPPLEMENT,
            note="Đã nhận bổ sung",
            at=at,
            actor="phongtuphap",
        ),
    }
    StoreChangeApplier(clerk).apply_page([change], "1")  # type: ignore[list-item]
    back = get_dossier(clerk, code=rec.code)
    assert back.status == Status.PROCESSING
    (req,) = back.supplements
    assert req.completed_at == at and req.completed_by == "phongtuphap"
    assert back.appointment_at is not None and rec.appointment_at is not None
    assert back.appointment_at > rec.appointment_at  # Wed 16/7 waited: one working day

    advance_dossier(clerk, code=rec.code, to=Status.SUPPLEMENT, note="Thiếu chữ ký")
    advance_dossier(clerk, code=rec.code, to=Status.WITHDRAWN, note="Công dân rút hồ sơ")
    final = get_dossier(clerk, code=rec.code)
    assert [r.open for r in final.supplements] == [False, False]


def test_mau_02_lists_the_missing_papers(desk):
    clerk = _clerk(desk)
    rec = receive_dossier(clerk, procedure_code="1.004194", applicant=PERSON)
    asked = request_supplement(clerk, code=rec.code, missing=MISSING, note="Ký đủ hai trang")
    import io

    from pypdf import PdfReader

    pdf = render_form("supplement", asked)
    text = " ".join(
        " ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf)).pages).split()
    )
    for item in MISSING:
        assert item in text
    assert "Ký đủ hai trang" in text and rec.code in text


def test_cli_supplement_and_show(desk, capsys, monkeypatch, clock):
    monkeypatch.setenv("MOTCUA_PASSWORD", DEMO_PASSWORD)
    clerk = _clerk(desk)
    rec = receive_dossier(clerk, procedure_code="1.004194", applicant=PERSON)
    base = ["--data-dir", str(desk.data_dir), "--user", "canbo1"]
    capsys.readouterr()
    assert (
        main(
            [
                "supplement",
                rec.code,
                *base,
                "--missing",
                MISSING[0],
                "--missing",
                MISSING[1],
                "--json",
            ]
        )
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert out["dossier"]["status"] == 5 and out["supplement"]["requests"] == 1
    assert main(["supplement", rec.code, *base]) == 2  # nothing named as missing
    assert "bổ sung" in capsys.readouterr().err
    assert main(["supplement", rec.code, *base, "--done", "--missing", "x"]) == 2
    assert "--done" in capsys.readouterr().err
    assert main(["supplement", rec.code, *base, "--done"]) == 0
    assert main(["supplement", rec.code, *base, "--missing", "Ảnh 4x6"]) == 0
    capsys.readouterr()
    assert main(["show", rec.code, *base]) == 0
    shown = capsys.readouterr().out
    assert "Yêu cầu bổ sung: 2 lần" in shown and MISSING[1] in shown and "Ảnh 4x6" in shown
    assert main(["list", *base, "--second-supplement"]) == 0
    assert rec.code in capsys.readouterr().out


def test_erasure_scrubs_the_supplement_requests_and_the_representative(desk):
    from sqlalchemy import update

    from app.domain.organisation import ApplicantKind
    from app.services.erasure import erase_applicant
    from app.store.models import OutboxEvent

    person = ApplicantInput("Hoàng Minh Châu", "001190099999")
    rec = receive_dossier(desk, procedure_code="1.004194", applicant=person)
    request_supplement(
        desk, code=rec.code, missing=["Bản sao CCCD của Hoàng Minh Châu"], note="Hoàng Minh Châu ký"
    )
    company = ApplicantInput(
        "Công ty TNHH Châu Minh",
        "0100109106",
        kind=ApplicantKind.BUSINESS,
        representative="Hoàng Minh Châu",
    )
    org = receive_dossier(desk, procedure_code="1.004194", applicant=company)
    with desk.db.session() as s:
        s.execute(update(OutboxEvent).values(state="acked", acked_at=desk.now()))
        s.commit()
    erase_applicant(desk, id_number="001190099999", confirm=True)
    erase_applicant(desk, id_number="0100109106", confirm=True)
    (req,) = get_dossier(desk, code=rec.code).supplements
    assert "Hoàng Minh Châu" not in req.note and "Hoàng Minh Châu" not in req.items[0]
    assert get_dossier(desk, code=org.code).applicant.representative == ""
    db = sqlite3.connect(Path(desk.data_dir) / DB_FILENAME)
    rows = db.execute("SELECT * FROM supplement_request").fetchall()
    rows += db.execute("SELECT * FROM dossier").fetchall()
    rows += db.execute("SELECT * FROM applicant").fetchall()
    rows += db.execute("SELECT payload FROM outbox").fetchall()
    db.close()
    assert "Hoàng Minh Châu" not in repr(rows)  # (the append-only audit log keeps its notes)


def test_an_extended_appointment_waits_too(desk, clock):
    clerk = _clerk(desk)
    rec = receive_dossier(clerk, procedure_code="1.004194", applicant=PERSON)  # due Fri 18/7
    extended = datetime(2025, 7, 24, 10, 0, tzinfo=VN_TZ)  # Thursday
    advance_dossier(clerk, code=rec.code, to=Status.RECEIVED, new_appointment=extended)
    request_supplement(clerk, code=rec.code, missing=MISSING[:1])
    clock.now += timedelta(days=2)  # two working days
    done = complete_supplement(clerk, code=rec.code)
    (req,) = done.supplements
    assert req.due_before == extended
    assert done.extended_appointment_at == datetime(2025, 7, 28, 10, 0, tzinfo=VN_TZ)  # Monday
    assert req.due_after == done.due_at == done.extended_appointment_at
    assert done.appointment_at is not None
    assert done.appointment_at.astimezone(VN_TZ).date().isoformat() == "2025-07-22"
