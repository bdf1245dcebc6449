"""The rules of supplement requests (app.domain.supplements) and the wire shape that
carries their lists of missing papers."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from app.domain.calendar import WorkingDayCalendar
from app.domain.dossier import VN_TZ
from app.domain.errors import DeskError
from app.domain.supplements import (
    ITEM_MAX,
    MAX_ITEMS,
    SupplementRequest,
    check_items,
    is_repeat,
    resumed_due,
    total_wait,
    waiting_days,
)
from app.sync.protocol import MAX_LIST_ITEMS, ProtocolError, check_dossier_fields

CAL = WorkingDayCalendar()
MON = datetime(2025, 7, 14, 9, 0, tzinfo=VN_TZ)


def test_waiting_days_count_working_days_after_the_request_day():
    assert waiting_days(CAL, MON, MON + timedelta(hours=5)) == 0  # same day
    assert waiting_days(CAL, MON, MON + timedelta(days=2)) == 2  # Mon -> Wed
    assert waiting_days(CAL, MON + timedelta(days=4), MON + timedelta(days=7)) == 1  # Fri -> Mon
    # 30/4 and 1/5 2025 are holidays (and 2/5 a swapped day off): Tue 29/4 -> Mon 5/5 is 1.
    tue = datetime(2025, 4, 29, 9, 0, tzinfo=VN_TZ)
    assert waiting_days(CAL, tue, datetime(2025, 5, 5, 9, 0, tzinfo=VN_TZ)) == 1


def test_the_appointment_moves_on_by_the_wait_and_keeps_its_time():
    due = datetime(2025, 7, 17, 14, 30, tzinfo=VN_TZ)  # Thursday
    moved = resumed_due(CAL, due, MON, MON + timedelta(days=2))
    assert moved == datetime(2025, 7, 21, 14, 30, tzinfo=VN_TZ)  # + 2 working days: Monday
    assert resumed_due(CAL, due, MON, MON + timedelta(hours=2)) == due
    assert resumed_due(CAL, None, MON, MON + timedelta(days=3)) is None


def test_items_are_cleaned_and_bounded():
    items, note = check_items(["  Tờ khai  CT01 ", "", "Ảnh\u200b 4x6"], " ghi chú ")
    assert items == ("Tờ khai CT01", "Ảnh 4x6") and note == "ghi chú"
    with pytest.raises(DeskError) as none:
        check_items([" "], "")
    assert none.value.key == "supplement.nothing_missing"
    with pytest.raises(DeskError) as many:
        check_items([f"giấy {i}" for i in range(MAX_ITEMS + 1)], "")
    assert many.value.key == "supplement.too_many"
    with pytest.raises(DeskError) as long:
        check_items(["x" * (ITEM_MAX + 1)], "")
    assert long.value.key == "text.too_long"
    with pytest.raises(DeskError) as control:
        check_items(["a\x07b"], "")
    assert control.value.key == "text.control"


def test_text_note_and_repeat():
    r = SupplementRequest("u", MON, "canbo1", ("A", "B"), "Ký đủ")
    assert r.text() == "1. A\n2. B\nKý đủ"
    assert SupplementRequest.note_of(r.text(), r.items) == "Ký đủ"
    assert SupplementRequest.note_of("Thiếu ảnh", ()) == "Thiếu ảnh"
    done = SupplementRequest("v", MON, "x", completed_at=MON + timedelta(hours=3))
    assert total_wait([r, done], MON + timedelta(hours=1)) == timedelta(hours=4)
    assert not is_repeat([r]) and is_repeat([r, done])


def test_the_wire_takes_a_list_of_texts_inside_an_item_and_nothing_deeper():
    ok = {"MaHoSo": "x", "DanhSachHoSoBoSung": [{"DanhSachGiayToBoSung": ["A", "B"]}]}
    check_dossier_fields(ok)
    for bad in (
        [{"DanhSachGiayToBoSung": [{"nested": 1}]}],
        [{"DanhSachGiayToBoSung": [1]}],
        [{"DanhSachGiayToBoSung": ["x" * 2001]}],
        [{"DanhSachGiayToBoSung": ["a"] * (MAX_LIST_ITEMS + 1)}],
    ):
        with pytest.raises(ProtocolError):
            check_dossier_fields({"MaHoSo": "x", "DanhSachHoSoBoSung": bad})
