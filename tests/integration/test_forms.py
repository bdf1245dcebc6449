"""The QR codes on printed forms, rasterised by poppler and read back by zbar.

Needs ``pdftoppm`` (poppler-utils) and ``zbarimg`` (zbar-tools): a missing tool fails the
test, it is never skipped.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.docs import FORMS, render_form
from app.domain.dossier import (
    VN_TZ,
    ApplicantInfo,
    DocumentLine,
    DossierId,
    DossierRecord,
    FeeItem,
    HistoryEntry,
    ProcessingTime,
    Status,
)
from app.domain.payment import crc16_ccitt_false, parse_tlv
from tests.helpers.records import LOOKUP, make_agency, make_record

CODE = "000.00.01.H26-250715-0042"
RECEIPTS = ("receipt", "receipt_a4", "thermal")


@pytest.fixture
def record() -> DossierRecord:
    received = datetime(2025, 7, 15, 7, 5, tzinfo=UTC)
    return make_record(
        id=DossierId(42),
        code=CODE,
        agency=make_agency(payee=True),
        procedure_code="1.004227",
        procedure_name="Chứng thực bản sao từ bản chính giấy tờ, văn bản",
        field_name="Chứng thực",
        applicant=ApplicantInfo(
            full_name="Đặng Quốc Việt",
            id_number="001085004321",
            address="Số 3 ngõ 52 Tô Ngọc Vân, phường Tây Hồ, Hà Nội",
            phone="0987 654 321",
        ),
        status=Status.PROCESSING,
        received_at=received,
        appointment_at=datetime(2025, 7, 16, 10, 0, tzinfo=VN_TZ),
        processing=ProcessingTime(1),
        documents=(
            DocumentLine("Bản chính Giấy chứng nhận quyền sử dụng đất", originals=1),
            DocumentLine("Bản sao cần chứng thực", copies=3),
        ),
        fees=(
            FeeItem("Phí chứng thực bản sao", 6_000),
            FeeItem("Phí chứng thực trang thứ 3", 2_000),
        ),
        history=(HistoryEntry(received, None, Status.RECEIVED, "hang.nt", ""),),
        receiver_name="Nguyễn Thị Hằng",
    )


def decode_qr_codes(pdf: bytes, tmp_path: Path) -> list[str]:
    """Every QR code zbar reads on the PDF's pages rendered at 200 dpi."""
    pdftoppm, zbarimg = shutil.which("pdftoppm"), shutil.which("zbarimg")
    assert pdftoppm, "pdftoppm (poppler-utils) is required"
    assert zbarimg, "zbarimg (zbar-tools) is required"
    source = tmp_path / "form.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        [pdftoppm, "-r", "200", "-png", str(source), str(tmp_path / "page")],
        check=True,
        capture_output=True,
        timeout=120,
    )
    found: list[str] = []
    for image in sorted(tmp_path.glob("page*.png")):
        done = subprocess.run(
            [zbarimg, "--raw", "-q", "-Sdisable", "-Sqrcode.enable", str(image)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode in (0, 4), done.stderr  # 4: no symbol on this page
        found += [line for line in done.stdout.splitlines() if line]
    return found


def check_vietqr(payload: str, amount: int) -> None:
    assert payload.startswith("000201")
    body, crc = payload[:-4], payload[-4:]
    assert body.endswith("6304")
    assert f"{crc16_ccitt_false(body.encode()):04X}" == crc
    fields = parse_tlv(payload)
    assert fields["54"] == str(amount)
    assert fields["58"] == "VN"
    assert "0011004123456" in fields["38"] and "970436" in fields["38"]
    assert CODE.lower() in fields["62"].lower()


@pytest.mark.parametrize("form", FORMS)
def test_every_form_carries_a_readable_lookup_qr(
    form: str, record: DossierRecord, tmp_path: Path
) -> None:
    codes = decode_qr_codes(render_form(form, record), tmp_path)
    assert f"{LOOKUP}?ma={CODE}" in codes
    payments = [c for c in codes if c.startswith("000201")]
    if form in RECEIPTS:
        assert len(payments) == 1, codes
        check_vietqr(payments[0], 8_000)
    else:
        assert payments == []


def test_lookup_url_argument_wins_over_the_agency_setting(
    record: DossierRecord, tmp_path: Path
) -> None:
    pdf = render_form("receipt", record, lookup_url="https://motcua.example.vn/tra-cuu?lang=vi")
    codes = decode_qr_codes(pdf, tmp_path)
    assert f"https://motcua.example.vn/tra-cuu?lang=vi&ma={CODE}" in codes


def test_without_lookup_url_the_qr_holds_the_bare_code(
    record: DossierRecord, tmp_path: Path
) -> None:
    bare = replace(record, agency=replace(record.agency, lookup_url=""))
    assert CODE in decode_qr_codes(render_form("cover", bare), tmp_path)


def test_no_payment_qr_without_bank_account_or_fees(record: DossierRecord, tmp_path: Path) -> None:
    no_bank = replace(record, agency=replace(record.agency, bank_account=""))
    (tmp_path / "a").mkdir()
    assert decode_qr_codes(render_form("receipt", no_bank), tmp_path / "a") == [
        f"{LOOKUP}?ma={CODE}"
    ]
    free = replace(record, fees=())
    (tmp_path / "b").mkdir()
    assert decode_qr_codes(render_form("thermal", free), tmp_path / "b") == [f"{LOOKUP}?ma={CODE}"]


def test_codes_stay_readable_when_a_long_receipt_takes_two_pages(
    record: DossierRecord, tmp_path: Path
) -> None:
    many = tuple(
        DocumentLine(f"Giấy tờ số {i}: bản sao hợp đồng chuyển nhượng quyền sử dụng đất", 1, 1)
        for i in range(1, 15)
    )
    pdf = render_form("receipt", replace(record, documents=many))
    codes = decode_qr_codes(pdf, tmp_path)
    assert f"{LOOKUP}?ma={CODE}" in codes
    payments = [c for c in codes if c.startswith("000201")]
    assert len(payments) == 1
    check_vietqr(payments[0], 8_000)
