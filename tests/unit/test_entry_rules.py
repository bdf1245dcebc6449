"""Issue 11: the rules for text entering the counter (app/domain/entry.py) and the ID-card
scan's use of them."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from app.domain import entry
from app.domain.errors import DeskError
from app.domain.idcard import parse_cccd_qr

GOOD = "001095012345|013456789|Nguyễn Thị Hằng|15071995|Nữ|Số 12 ngõ 34 Âu Cơ, phường Tây Hồ, Hà Nội|20042021"
TODAY = date(2025, 7, 15)


def test_nfd_scan_is_accepted_and_stored_as_nfc():
    card = parse_cccd_qr(unicodedata.normalize("NFD", GOOD), today=TODAY)
    assert card.sex == "Nữ"
    assert card.full_name == "Nguyễn Thị Hằng" and unicodedata.is_normalized("NFC", card.full_name)
    assert unicodedata.is_normalized("NFC", card.address)


@pytest.mark.parametrize("digits", ["００１０９５０１２３４５", "٠٠١٠٩٥٠١٢٣٤٥", "۰۰۱۰۹۵۰۱۲۳۴۵"])
def test_other_decimal_digits_become_ascii(digits):
    assert entry.id_number(digits) == "001095012345"
    card = parse_cccd_qr(GOOD.replace("001095012345", digits, 1), today=TODAY)
    assert card.id_number == "001095012345"


@pytest.mark.parametrize("bad", ["00109501234²", "①01095012345", "00109501234a", "0010950123"])
def test_non_decimal_lookalikes_are_refused(bad):
    with pytest.raises(DeskError) as info:
        entry.id_number(bad)
    assert info.value.key == "applicant.id_number"


def test_format_characters_are_dropped_and_controls_refused():
    assert entry.clean_name("Lê\u200b Văn\u202e\u2066 An\ufeff") == "Lê Văn An"
    assert entry.clean_name("  Lê\t\tVăn\nAn ") == "Lê Văn An"
    with pytest.raises(DeskError) as info:
        entry.clean_name("Lê\x07Văn")
    assert info.value.key == "text.control" and "U+0007" in info.value.message("en")
    with pytest.raises(DeskError) as info:
        entry.clean_address("Hà Nội\udce1")
    assert info.value.key == "text.not_utf8"


def test_lengths_fit_the_printed_forms():
    assert entry.clean_name("A" * entry.NAME_MAX) == "A" * entry.NAME_MAX
    with pytest.raises(DeskError) as info:
        entry.clean_name("A" * 10_000)
    assert info.value.key == "text.too_long"
    with pytest.raises(DeskError):
        entry.clean_address("x" * (entry.ADDRESS_MAX + 1))
    with pytest.raises(DeskError):
        parse_cccd_qr(GOOD.replace("Nguyễn Thị Hằng", "Hằng " * 2000), today=TODAY)


def test_a_twelve_digit_old_id_is_an_old_id_not_a_bad_name():
    card = parse_cccd_qr(GOOD.replace("013456789", "012345678901"), today=TODAY)
    assert card.old_id_number == "012345678901" and card.full_name == "Nguyễn Thị Hằng"
    with pytest.raises(DeskError) as info:
        parse_cccd_qr(GOOD.replace("013456789", "0123456"), today=TODAY)
    assert "CMND" in info.value.message() and "họ tên" not in info.value.message()


def test_a_future_birth_date_is_called_so():
    with pytest.raises(DeskError) as info:
        parse_cccd_qr(GOOD.replace("15071995", "15072030"), today=TODAY)
    assert "ngày sinh «15072030» ở tương lai" in info.value.message()
    assert "ngày cấp trước ngày sinh" not in info.value.message()


def test_an_impossible_date_is_not_called_mis_shaped():
    with pytest.raises(DeskError) as info:
        entry.parse_dmy("31/02/1990", what="Ngày sinh")
    assert info.value.key == "date.impossible"
    assert "không có thật" in info.value.message() and "does not exist" in info.value.message("en")
    assert "không đúng dạng" not in info.value.message()
    with pytest.raises(DeskError) as info:
        entry.parse_dmy("31/2", what="Ngày sinh")
    assert info.value.key == "date.shape"
    assert entry.parse_dmy("05/03/1990") == date(1990, 3, 5)
    assert entry.parse_dmy("05031990") == date(1990, 3, 5)
    assert entry.parse_dmy("1990-03-05") == date(1990, 3, 5)
    assert entry.parse_dmy("") is None
    with pytest.raises(DeskError) as info:
        entry.parse_dmy("05/03/2030", what="Ngày sinh", today=TODAY)
    assert info.value.key == "date.future"


@pytest.mark.parametrize(
    "day", [date(1999, 12, 31), date(2100, 1, 1), date(1, 1, 1), date(9999, 12, 31)]
)
def test_reception_dates_must_fit_the_code(day):
    with pytest.raises(DeskError) as info:
        entry.check_year_range(day)
    assert info.value.key == "date.out_of_range"


@pytest.mark.parametrize(
    ("text", "shaped"),
    [
        ("001095012345", True),
        ("013456789", True),
        ("０１３４５６７８９", True),
        ("013 456 789", True),
        ("01345678", False),
        ("0134567890", False),
        ("0010950123456", False),
        ("00109501234x", False),
        ("", False),
    ],
)
def test_one_id_number_shape_for_entry_search_scan_and_volunteer(text, shaped):
    """The 9-or-12-digit rule has one home (entry.is_id_number); the search box, the
    ID-card scan's old-ID field and the validating id_number all follow it."""
    from app.domain.lookup import LookupKind, interpret_lookup

    assert entry.is_id_number(text) is shaped
    if shaped:
        assert entry.id_number(text) == entry.ascii_digits(text)
    else:
        with pytest.raises(DeskError):
            entry.id_number(text)
    digits = entry.ascii_digits(text)
    if text and text.isdigit():
        assert (interpret_lookup(text).kind == LookupKind.ID_NUMBER) is shaped
    if digits.isdigit() and len(digits) > 6:
        scan = GOOD.replace("|013456789|", f"|{digits}|")
        if shaped:
            assert parse_cccd_qr(scan, today=TODAY).old_id_number == digits
        else:
            with pytest.raises(DeskError):
                parse_cccd_qr(scan, today=TODAY)
