from __future__ import annotations

from datetime import date

import pytest

from app.domain.errors import DeskError
from app.domain.idcard import looks_like_cccd_qr, parse_cccd_qr

GOOD = "001095012345|013456789|Nguyễn Thị Hằng|15071995|Nữ|Số 12 ngõ 34 Âu Cơ, phường Tây Hồ, Hà Nội|20042021"


def test_seven_field_card():
    card = parse_cccd_qr(GOOD)
    assert card.id_number == "001095012345"
    assert card.old_id_number == "013456789"
    assert card.full_name == "Nguyễn Thị Hằng"
    assert card.birth_date == date(1995, 7, 15)
    assert card.sex == "Nữ"
    assert card.address.startswith("Số 12 ngõ 34 Âu Cơ")
    assert card.issue_date == date(2021, 4, 20)


def test_empty_old_id_and_six_field_variant_and_extra_fields():
    assert parse_cccd_qr(GOOD.replace("013456789", "")).old_id_number == ""
    six = "001095012345|Nguyễn Thị Hằng|15071995|Nữ|Hà Nội|20042021"
    assert parse_cccd_qr(six).full_name == "Nguyễn Thị Hằng"
    assert parse_cccd_qr(GOOD + "|extra|fields\r\n").issue_date == date(2021, 4, 20)


@pytest.mark.parametrize(
    "payload",
    [
        "",
        "   ",
        "hello world",
        "https://example.invalid/tra-cuu?ma=1",
        "00109501234|013456789|Nguyễn Thị Hằng|15071995|Nữ|Hà Nội|20042021",  # 11 digits
        "001095012345|013456789|Nguyễn Thị Hằng|31021995|Nữ|Hà Nội|20042021",  # 31 February
        "001095012345|013456789|Nguyễn Thị Hằng|15071995|X|Hà Nội|20042021",  # sex
        "001095012345|013456789|Nguyễn 3 Hằng|15071995|Nữ|Hà Nội|20042021",  # digit in name
        "001095012345|013456789|Nguyễn Thị Hằng|15071995|Nữ||20042021",  # no address
        "001095012345|013456789|Nguyễn Thị Hằng|15071995|Nữ|Hà Nội|20041990",  # issued before birth
        "001095012345|Nguyễn Thị Hằng|15071995",
    ],
)
def test_malformed_scans_are_refused_with_a_message(payload):
    with pytest.raises(DeskError) as info:
        parse_cccd_qr(payload)
    assert info.value.key.startswith("cccd.")
    assert info.value.message("vi") and info.value.message("en")


def test_scanner_routing_hint():
    assert looks_like_cccd_qr(GOOD)
    assert not looks_like_cccd_qr("Nguyễn Thị Hằng")


@pytest.mark.parametrize(
    "payload",
    [
        "001095013362||Trịnh Văn Sơn|01013090|Nam|Hà Nội|01012021",  # birth in the future
        "001095013363||Trịnh Văn Sơn|30021990|Nam|Hà Nội|01012021",  # no 30 February
        "001095013364||Trịnh Văn Sơn|01011990|Nam|Hà Nội|01013021",  # issued in the future
        "001095013366||Trịnh Văn Sơn|01012000|Nam|Hà Nội|01011999",  # issued before birth
        "001095013367||Trịnh Văn Sơn|0101199|Nam|Hà Nội|01012021",  # not ddMMyyyy
        "001095013368||Trịnh Văn Sơn|01011990|X|Hà Nội|01012021",  # no such sex
        "00109501336|x|y|z|w|v",  # 11-digit ID
        "001095013369|x|y",  # too few fields
    ],
)
def test_each_refusal_of_a_card_is_told_in_english_too(payload):
    with pytest.raises(DeskError) as err:
        parse_cccd_qr(payload, today=date(2026, 12, 1))
    vi, en = err.value.message("vi"), err.value.message("en")
    assert vi != en and vi.startswith("Mã QR")
    for word in ("ngày", "giới tính", "trường", "số định danh", "không", "tương lai"):
        assert word not in en, en
