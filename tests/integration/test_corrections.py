"""Refusal at the counter (status 3, Mẫu 03) and void with a supervisor's approval (status 8
on the wire, reason and approver in the history), through the services and the CLI."""

from __future__ import annotations

import io
import json
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.cli import main
from app.docs import render_form
from app.domain.dossier import Status
from app.domain.errors import DeskError
from app.services.demo import DEMO_PASSWORD
from app.services.dossiers import (
    ApplicantInput,
    advance_dossier,
    get_dossier,
    receive_dossier,
    refuse_dossier,
    void_dossier,
)
from app.services.printing import render_for_preview
from app.services.users import log_in
from app.store.db import DB_FILENAME

PERSON = ApplicantInput("Nguyễn Văn An", "001090012345", address="Số 1 Âu Cơ, Hà Nội")
REASON = "Thiếu tờ khai CT01 có chữ ký của chủ hộ"


def _clerk(desk):  # type: ignore[no-untyped-def]
    return log_in(desk, username="canbo1", password=DEMO_PASSWORD)


def _last_event(desk, code: str) -> dict:  # type: ignore[type-arg]
    db = sqlite3.connect(Path(desk.data_dir) / DB_FILENAME)
    (payload,) = db.execute(
        "SELECT payload FROM outbox WHERE dossier_code = ? ORDER BY id DESC LIMIT 1", (code,)
    ).fetchone()
    db.close()
    return json.loads(payload)["dossier"]


def test_refusal_at_the_counter_prints_mau_03_with_the_reason(desk, clock):
    clerk = _clerk(desk)
    rec = receive_dossier(clerk, procedure_code="1.004194", applicant=PERSON)
    with pytest.raises(DeskError) as short:
        refuse_dossier(clerk, code=rec.code, reason="x")
    assert short.value.key == "correction.reason"
    refused = refuse_dossier(clerk, code=rec.code, reason=REASON)
    assert refused.status == Status.REFUSED and refused.last_note(Status.REFUSED) == REASON
    wire = _last_event(desk, rec.code)
    assert wire["TrangThaiHoSo"] == 3 and wire["QuaTrinhXuLy"][-1]["NoiDungXuLy"] == REASON
    pdf = render_form("refusal", get_dossier(clerk, code=rec.code))
    text = " ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Thiếu tờ khai CT01" in " ".join(text.split()) and rec.code in text

    later = receive_dossier(clerk, procedure_code="1.004194", applicant=PERSON)
    clock.now += timedelta(days=1)
    with pytest.raises(DeskError) as late:
        advance_dossier(clerk, code=later.code, to=Status.REFUSED, note=REASON)
    assert late.value.key == "correction.refuse_late"
    assert get_dossier(clerk, code=later.code).status == Status.RECEIVED


def test_void_needs_a_supervisors_approval_and_keeps_the_reason(desk):
    clerk = _clerk(desk)
    rec = receive_dossier(clerk, procedure_code="1.004194", applicant=PERSON)
    reason = "Nhập nhầm thủ tục, đúng ra là gia hạn tạm trú"
    for kwargs in ({}, {"approver": "canbo2", "approver_password": DEMO_PASSWORD}):
        with pytest.raises(DeskError) as refused:
            void_dossier(clerk, code=rec.code, reason=reason, **kwargs)
        assert refused.value.key == "correction.approval"
    with pytest.raises(DeskError) as wrong:
        void_dossier(
            clerk, code=rec.code, reason=reason, approver="lanhdao", approver_password="not-it"
        )
    assert wrong.value.key == "auth.failed"
    assert get_dossier(clerk, code=rec.code).status == Status.RECEIVED

    voided = void_dossier(
        clerk, code=rec.code, reason=reason, approver="lanhdao", approver_password=DEMO_PASSWORD
    )
    assert voided.status == Status.STOPPED
    note = voided.history[-1].note
    assert reason in note and "lanhdao" in note and voided.history[-1].actor == "canbo1"
    wire = _last_event(desk, rec.code)
    assert wire["TrangThaiHoSo"] == 8 and reason in wire["QuaTrinhXuLy"][-1]["NoiDungXuLy"]
    with pytest.raises(DeskError) as no_notice:  # no Mẫu 05: nothing was stopped for the citizen
        render_for_preview(clerk, code=rec.code, form="stop")
    assert no_notice.value.key == "print.not_applicable"
    with pytest.raises(DeskError) as closed:
        void_dossier(
            log_in(desk, username="lanhdao", password=DEMO_PASSWORD), code=rec.code, reason=reason
        )
    assert closed.value.key == "correction.void_closed"


def test_cli_void_and_refuse(desk, monkeypatch, capsys):
    rec = receive_dossier(_clerk(desk), procedure_code="1.004194", applicant=PERSON)
    data = str(desk.data_dir)
    monkeypatch.setenv("MOTCUA_PASSWORD", DEMO_PASSWORD)
    monkeypatch.delenv("MOTCUA_APPROVER_PASSWORD", raising=False)
    base = ["--data-dir", data, "--user", "canbo1"]
    # Received by the CLI on the real clock: the refusal below is the same day.
    assert (
        main(
            [
                "intake",
                "--procedure",
                "1.004194",
                "--name",
                "Trần Thị Bình",
                "--id-number",
                "001190054321",
                "--json",
                *base,
            ]
        )
        == 0
    )
    other = get_dossier(desk, code=json.loads(capsys.readouterr().out)["code"])
    assert main(["void", rec.code, "--reason", "Nhập trùng hồ sơ", *base]) == 2
    assert "lãnh đạo phê duyệt" in capsys.readouterr().err
    monkeypatch.setenv("MOTCUA_APPROVER_PASSWORD", DEMO_PASSWORD)
    assert (
        main(
            [
                "void",
                rec.code,
                "--reason",
                "Nhập trùng hồ sơ",
                "--approver",
                "lanhdao",
                "--json",
                *base,
            ]
        )
        == 0
    )
    assert json.loads(capsys.readouterr().out)["status"] == 8
    assert main(["advance", other.code, "--to", "refused", *base]) == 2
    assert "lý do" in capsys.readouterr().err
    assert main(["advance", other.code, "--to", "supplement", *base]) == 2
    assert "cần ghi rõ lý do" in capsys.readouterr().err
    assert get_dossier(desk, code=other.code).status == Status.RECEIVED
    assert main(["advance", other.code, "--to", "refused", "--note", REASON, *base]) == 0
    assert get_dossier(desk, code=other.code).status == Status.REFUSED


@pytest.mark.parametrize(
    "to", [Status.SUPPLEMENT, Status.STOPPED, Status.WITHDRAWN, Status.FINANCIAL]
)
def test_a_move_that_needs_a_reason_is_refused_without_one(desk, to):
    clerk = _clerk(desk)
    rec = receive_dossier(clerk, procedure_code="1.004194", applicant=PERSON)
    with pytest.raises(DeskError) as err:
        advance_dossier(clerk, code=rec.code, to=to, note="  ")
    assert err.value.key == "move.note_required" and to.label_vi in err.value.message("vi")
    kept = get_dossier(clerk, code=rec.code)
    assert kept.status == Status.RECEIVED and kept.history[-1].to_status == Status.RECEIVED
    if to == Status.SUPPLEMENT:  # Mẫu 02 has no move to print an empty reason from
        with pytest.raises(DeskError):
            render_for_preview(clerk, code=rec.code, form="supplement")
    moved = advance_dossier(clerk, code=rec.code, to=to, note=REASON)
    assert moved.status == to and moved.last_note(to) == REASON
