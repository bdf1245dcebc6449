from __future__ import annotations

import pytest

from app.domain.errors import DeskError
from app.domain.payment import crc16_ccitt_false, format_vnd, parse_tlv, vietqr_payload, with_crc


def test_crc_check_value_and_published_vector():
    assert crc16_ccitt_false(b"123456789") == 0x29B1
    body = (
        "00020101021138510010A00000072701210006970407010797968680208QRIBFTTA"
        "53037045802VN62240820gen by sunary/vietqr"
    )
    assert with_crc(body).endswith("6304BE74")


def test_dynamic_payload_layout():
    p = vietqr_payload(
        bank_bin="970415",
        account="113000123456",
        amount=22000,
        note="Lệ phí hồ sơ 000.00.31.H26-250715-1001",
    )
    top = parse_tlv(p)
    assert top["00"] == "01" and top["01"] == "12" and top["53"] == "704"
    assert top["54"] == "22000" and top["58"] == "VN"
    merchant = parse_tlv(top["38"])
    assert merchant["00"] == "A000000727" and merchant["02"] == "QRIBFTTA"
    assert parse_tlv(merchant["01"]) == {"00": "970415", "01": "113000123456"}
    assert parse_tlv(top["62"])["08"].startswith("Le phi ho so")
    assert p[-4:] == f"{crc16_ccitt_false(p[:-4].encode()):04X}"


def test_static_payload_and_bad_accounts():
    assert parse_tlv(vietqr_payload(bank_bin="970415", account="123"))["01"] == "11"
    for kwargs in (
        {"bank_bin": "97041", "account": "1"},
        {"bank_bin": "970415", "account": ""},
        {"bank_bin": "970415", "account": "1", "amount": -5},
    ):
        with pytest.raises(DeskError):
            vietqr_payload(**kwargs)


def test_format_vnd():
    assert format_vnd(1250000) == "1.250.000 đồng"


def test_a_dossier_is_charged_its_channels_fee_line_only():
    from app.domain.dossier import Channel, FeeItem
    from app.domain.payment import charged_fees, charged_total

    direct = FeeItem("Lệ phí đăng ký tạm trú (nộp trực tiếp)", 15000, "LP1")
    online = FeeItem("Lệ phí đăng ký tạm trú (nộp trực tuyến)", 7000, "LP2")
    plain = FeeItem("Lệ phí đăng ký khai sinh", 8000, "LP3")
    fees = (direct, online, plain)
    assert charged_fees(fees, Channel.DIRECT) == (direct, plain)
    assert charged_fees(fees, Channel.ONLINE) == (online, plain)
    assert charged_fees(fees, Channel.POST) == (direct, plain)  # post is not online
    assert charged_total((direct, online), Channel.DIRECT) == 15000
    assert charged_total((direct, online), Channel.ONLINE) == 7000
    assert charged_total((plain,), Channel.ONLINE) == 8000


@pytest.mark.parametrize("odd", ["９７０４１５", "٩٧٠٤١٥"])
def test_a_bank_bin_in_other_digits_is_refused(odd):
    with pytest.raises(DeskError):  # a bank app reads only ASCII digits in the QR
        vietqr_payload(bank_bin=odd, account="113366668888")
