"""One fee per dossier: the line of its own channel (direct or online), never both, on the
screen's record, every receipt size, the VietQR amount, the wire and the stored total."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.docs import render_form
from app.domain.dossier import Channel
from app.domain.payment import parse_tlv
from app.services.dossiers import ApplicantInput, get_dossier, receive_dossier
from app.sync.mapping import dossier_to_national

TEMPORARY_RESIDENCE = "1.004194"  # Đăng ký tạm trú: 15.000 đ direct, 7.000 đ online
PERSON = ApplicantInput("Nguyễn Văn An", "001090012345", address="Số 1 Âu Cơ, Hà Nội")


def _payment_qr(pdf: bytes, tmp: Path) -> str:
    """The VietQR payload read back from the printed page (poppler + zbar, as test_forms)."""
    pdftoppm, zbarimg = shutil.which("pdftoppm"), shutil.which("zbarimg")
    assert pdftoppm and zbarimg, "pdftoppm (poppler-utils) and zbarimg (zbar-tools) are required"
    tmp.mkdir(parents=True, exist_ok=True)
    (tmp / "form.pdf").write_bytes(pdf)
    subprocess.run(
        [pdftoppm, "-r", "200", "-png", str(tmp / "form.pdf"), str(tmp / "page")],
        check=True,
        timeout=60,
    )
    found = []
    for image in sorted(tmp.glob("page*.png")):
        done = subprocess.run(
            [zbarimg, "--raw", "-q", "-Sdisable", "-Sqrcode.enable", str(image)],
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=60,
        )
        found += [line for line in done.stdout.splitlines() if line.startswith("000201")]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("channel", "amount", "text"),
    [
        (Channel.DIRECT, 15000, "15.000"),
        (Channel.ONLINE, 7000, "7.000"),
        (Channel.POST, 15000, "15.000"),
    ],
)
def test_a_dossier_pays_its_channels_fee_only(desk, tmp_path, channel, amount, text):
    ctx = desk
    record = receive_dossier(
        ctx,
        procedure_code=TEMPORARY_RESIDENCE,
        applicant=PERSON,
        channel=channel,
        post_receipt_no="RR1VN",
        assisted=False,
    )
    assert record.fee_total == amount and len(record.fees) == 1
    stored = get_dossier(ctx, code=record.code)
    assert stored.fee_total == amount
    assert [f["Gia"] for f in dossier_to_national(stored)["DanhSachLePhi"]] == [amount]
    for form in ("receipt", "receipt_a4", "thermal"):
        pdf = render_form(form, stored)
        body = "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages)
        assert "22.000" not in body, form
        assert f"{text} đồng" in body, form
        assert parse_tlv(_payment_qr(pdf, tmp_path / form))["54"] == str(amount), form
