"""One fee per dossier: the line of its own channel (direct or online), never both, on the
screen's record, every receipt size, the VietQR amount, the wire and the stored total."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from app.docs import render_form, sections
from app.domain.dossier import Channel
from app.domain.payment import parse_tlv, vietqr_payload
from app.services.dossiers import ApplicantInput, get_dossier, receive_dossier
from app.sync.mapping import dossier_to_national

TEMPORARY_RESIDENCE = "1.004194"  # Đăng ký tạm trú: 15.000 đ direct, 7.000 đ online
PERSON = ApplicantInput("Nguyễn Văn An", "001090012345", address="Số 1 Âu Cơ, Hà Nội")


@pytest.mark.parametrize(("channel", "amount", "text"), [
    (Channel.DIRECT, 15000, "15.000"), (Channel.ONLINE, 7000, "7.000"),
    (Channel.POST, 15000, "15.000")])
def test_a_dossier_pays_its_channels_fee_only(desk, monkeypatch, channel, amount, text):
    ctx = desk
    drawn: list[str] = []

    def spy(**kwargs: object) -> str:  # the real builder; the payload drawn is kept
        payload = vietqr_payload(**kwargs)  # type: ignore[arg-type]
        drawn.append(payload)
        return payload

    monkeypatch.setattr(sections, "vietqr_payload", spy)
    record = receive_dossier(ctx, procedure_code=TEMPORARY_RESIDENCE, applicant=PERSON,
                             channel=channel, post_receipt_no="RR1VN", assisted=False)
    assert record.fee_total == amount and len(record.fees) == 1
    stored = get_dossier(ctx, code=record.code)
    assert stored.fee_total == amount
    assert [f["Gia"] for f in dossier_to_national(stored)["DanhSachLePhi"]] == [amount]
    for form in ("receipt", "receipt_a4", "thermal"):
        pdf = render_form(form, stored)
        body = "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages)
        assert "22.000" not in body, form
        assert f"{text} đồng" in body, form
        assert drawn, form
        assert parse_tlv(drawn.pop())["54"] == str(amount), form
