"""Businesses and organisations as applicants (LoaiDoiTuong 2-4): received by tax code
with their representative, refused with a wrong check digit, found by the one search box,
remembered, and sent on the wire with their kind; a citizen read from the card's QR is
flagged TaiKhoanDuocXacThucVoiVNeID, a typed one is not."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from app.cli import main
from app.domain.errors import DeskError
from app.domain.organisation import ApplicantKind
from app.services.demo import DEMO_PASSWORD
from app.services.dossiers import (
    ApplicantInput,
    find_applicant,
    get_dossier,
    list_dossiers,
    receive_dossier,
)
from app.services.users import log_in
from app.store.db import DB_FILENAME

COMPANY = ApplicantInput(
    "Công ty TNHH Xây dựng Tây Hồ",
    "0100109106",
    address="Số 9 Lạc Long Quân",
    kind=ApplicantKind.BUSINESS,
    representative="Lê Văn Cường",
)
QR = "001095012345||Nguyễn Văn An|01011995|Nam|Số 1 Âu Cơ, Tây Hồ, Hà Nội|20042021"


def _clerk(desk):  # type: ignore[no-untyped-def]
    return log_in(desk, username="canbo1", password=DEMO_PASSWORD)


def _wire(desk, code: str) -> dict:  # type: ignore[type-arg]
    db = sqlite3.connect(Path(desk.data_dir) / DB_FILENAME)
    (payload,) = db.execute(
        "SELECT payload FROM outbox WHERE dossier_code = ? ORDER BY id DESC LIMIT 1", (code,)
    ).fetchone()
    db.close()
    return json.loads(payload)["dossier"]


def test_a_business_is_received_by_tax_code_and_found_by_it(desk):
    clerk = _clerk(desk)
    rec = receive_dossier(clerk, procedure_code="1.004194", applicant=COMPANY)
    a = get_dossier(clerk, code=rec.code).applicant
    assert a.kind == ApplicantKind.BUSINESS and a.id_number == "0100109106"
    assert a.representative == "Lê Văn Cường" and a.full_name == COMPANY.full_name
    branch = receive_dossier(
        clerk,
        procedure_code="1.004194",
        applicant=ApplicantInput(
            "Chi nhánh Công ty TNHH Xây dựng Tây Hồ",
            "0100109106-001",
            kind=ApplicantKind.BUSINESS,
            representative="Phạm Thu Hà",
        ),
    )
    assert {r.code for r in list_dossiers(clerk, search="0100109106")} == {rec.code, branch.code}
    assert [r.code for r in list_dossiers(clerk, search="0100109106-001")] == [branch.code]
    assert rec.code in {r.code for r in list_dossiers(clerk, search="Công ty TNHH")}
    known = find_applicant(clerk, id_number="0100109106")
    assert known is not None and known.kind == ApplicantKind.BUSINESS
    assert known.representative == "Lê Văn Cường"

    wire = _wire(desk, rec.code)
    assert wire["LoaiDoiTuong"] == 2 and wire["SoGiayToChuHoSo"] == "0100109106"
    assert wire["ChuHoSo"] == COMPANY.full_name and wire["NguoiDaiDien"] == "Lê Văn Cường"
    assert wire["DinhDanhCHS"] == [] and wire["TaiKhoanDuocXacThucVoiVNeID"] == 0


def test_a_wrong_tax_code_is_refused_and_nothing_is_saved(desk):
    clerk = _clerk(desk)
    with pytest.raises(DeskError) as bad:
        receive_dossier(
            clerk,
            procedure_code="1.004194",
            applicant=ApplicantInput("Công ty A", "0100109107", kind=ApplicantKind.BUSINESS),
        )
    assert bad.value.key == "applicant.tax_code"
    with pytest.raises(DeskError) as missing:
        receive_dossier(
            clerk,
            procedure_code="1.004194",
            applicant=ApplicantInput("", "0100109106", kind=ApplicantKind.AGENCY),
        )
    assert missing.value.key == "applicant.org_missing"
    assert list_dossiers(clerk) == []


def test_the_vneid_flag_follows_how_the_identity_was_taken(desk):
    clerk = _clerk(desk)
    scanned = receive_dossier(
        clerk, procedure_code="1.004194", applicant=ApplicantInput.from_qr(QR)
    )
    typed = receive_dossier(
        clerk,
        procedure_code="1.004194",
        applicant=ApplicantInput("Nguyễn Văn An", "001095012345"),
    )
    assert get_dossier(clerk, code=scanned.code).applicant.identity_verified
    assert _wire(desk, scanned.code)["TaiKhoanDuocXacThucVoiVNeID"] == 1
    assert _wire(desk, typed.code)["TaiKhoanDuocXacThucVoiVNeID"] == 0
    assert _wire(desk, typed.code)["LoaiDoiTuong"] == 1


def test_cli_intake_of_an_organisation(desk, capsys, monkeypatch):
    monkeypatch.setenv("MOTCUA_PASSWORD", DEMO_PASSWORD)
    base = ["--data-dir", str(desk.data_dir), "--user", "canbo1"]
    args = ["intake", *base, "--procedure", "1.004194", "--kind", "agency"]
    assert (
        main(
            [
                *args,
                "--tax-code",
                "0100109106",
                "--org-name",
                "Trường Mầm non Tây Hồ",
                "--representative",
                "Đỗ Thị Mai",
                "--json",
            ]
        )
        == 0
    )
    code = json.loads(capsys.readouterr().out)["code"]
    assert main([*args, "--tax-code", "0100109100", "--org-name", "X"]) == 2
    assert "Mã số thuế không đúng" in capsys.readouterr().err
    assert main(["show", code, *base]) == 0
    shown = capsys.readouterr().out
    assert "Cơ quan nhà nước, mã số thuế 0100109106" in shown and "Đỗ Thị Mai" in shown
    assert main(["list", *base, "--search", "0100109106", "--json"]) == 0
    assert [r["code"] for r in json.loads(capsys.readouterr().out)] == [code]


def test_the_slips_name_the_tax_code_and_the_representative(desk):
    import io

    from pypdf import PdfReader

    from app.docs import render_form
    from app.services.supplements import request_supplement

    clerk = _clerk(desk)
    rec = receive_dossier(clerk, procedure_code="1.004194", applicant=COMPANY)
    asked = request_supplement(clerk, code=rec.code, missing=["Giấy ủy quyền"], note="")
    for form, record in (("receipt", rec), ("supplement", asked)):
        pdf = render_form(form, record)
        pages = PdfReader(io.BytesIO(pdf)).pages
        text = " ".join(" ".join((p.extract_text() or "") for p in pages).split())
        assert "Mã số thuế: 0100109106" in text, form
        assert "Người đại diện: Lê Văn Cường" in text, form
        assert "Số định danh cá nhân" not in text and "tổ chức: Công ty TNHH" in text, form
    person = receive_dossier(
        clerk, procedure_code="1.004194", applicant=ApplicantInput("Nguyễn Văn An", "001095012345")
    )
    pdf = render_form("receipt", person)
    text = " ".join(
        " ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf)).pages).split()
    )
    assert "Số định danh cá nhân/CCCD: 001095012345" in text and "Người đại diện" not in text
