"""Appointments checked by hand against the official calendars of 2025 and 2026."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from app.domain.calendar import WorkingDayCalendar
from app.domain.dossier import VN_TZ, ProcessingTime
from app.domain.errors import DeskError


def vn(y: int, mo: int, d: int, h: int = 9, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=VN_TZ)


DAYS = "day"
HOURS = "hour"
CUT = time(15, 0)

# (received, amount, unit, cutoff, expected appointment, why)
CASES = [
    # Tết 2025: Mon 27/1 - Sat 1/2 off, then Sunday.
    (vn(2025, 1, 24, 9, 30), 3, DAYS, None, vn(2025, 2, 5, 9, 30), "3 days over Tết 2025"),
    (
        vn(2025, 1, 24, 9, 30),
        1,
        DAYS,
        None,
        vn(2025, 2, 3, 9, 30),
        "1 day from the Friday before Tết",
    ),
    (vn(2025, 1, 23, 10, 0), 2, DAYS, None, vn(2025, 2, 3, 10, 0), "Friday counts, Tết skipped"),
    (
        vn(2025, 1, 29, 10, 0),
        0,
        DAYS,
        None,
        vn(2025, 2, 3, 17, 0),
        "online on Mùng 1: clock starts after Tết",
    ),
    (vn(2025, 1, 24, 16, 0), 4, HOURS, None, vn(2025, 2, 3, 11, 0), "hours carried over Tết"),
    # Hùng Kings 2025: Monday 7/4.
    (vn(2025, 4, 4, 14, 0), 1, DAYS, None, vn(2025, 4, 8, 14, 0), "Giỗ Tổ Monday skipped"),
    (vn(2025, 4, 4, 14, 0), 7, DAYS, None, vn(2025, 4, 16, 14, 0), "7 days across Giỗ Tổ"),
    # 30/4 - 1/5 2025: Fri 2/5 off in exchange for working Saturday 26/4.
    (
        vn(2025, 4, 25, 9, 0),
        1,
        DAYS,
        None,
        vn(2025, 4, 26, 9, 0),
        "make-up Saturday 26/4 is a working day",
    ),
    (
        vn(2025, 4, 29, 9, 0),
        1,
        DAYS,
        None,
        vn(2025, 5, 5, 9, 0),
        "30/4, 1/5 and the swapped 2/5 skipped",
    ),
    (vn(2025, 4, 29, 9, 0), 3, DAYS, None, vn(2025, 5, 7, 9, 0), "3 days after the long weekend"),
    (
        vn(2025, 4, 26, 10, 0),
        0,
        DAYS,
        None,
        vn(2025, 4, 26, 17, 0),
        "same day on the make-up Saturday",
    ),
    # National Day 2025: Mon 1/9 and Tue 2/9.
    (vn(2025, 8, 29, 15, 30), 1, DAYS, None, vn(2025, 9, 3, 15, 30), "1/9 and 2/9 skipped"),
    (vn(2025, 8, 29, 15, 30), 0, DAYS, CUT, vn(2025, 9, 3, 17, 0), "after 15:00 before Quốc khánh"),
    # Ordinary weeks.
    (vn(2025, 7, 14, 14, 5), 3, DAYS, None, vn(2025, 7, 17, 14, 5), "Monday + 3 = Thursday"),
    (
        vn(2025, 7, 15, 14, 5),
        0,
        DAYS,
        CUT,
        vn(2025, 7, 15, 17, 0),
        "before the 15:00 cut-off: same day",
    ),
    (
        vn(2025, 7, 15, 15, 5),
        0,
        DAYS,
        CUT,
        vn(2025, 7, 16, 17, 0),
        "after the cut-off: next working day",
    ),
    (vn(2025, 7, 18, 17, 30), 1, DAYS, None, vn(2025, 7, 22, 8, 0), "after office hours on Friday"),
    (vn(2025, 7, 19, 10, 0), 1, DAYS, None, vn(2025, 7, 22, 8, 0), "online on Saturday"),
    (
        vn(2025, 7, 15, 7, 0),
        4,
        HOURS,
        None,
        vn(2025, 7, 15, 12, 0),
        "before opening: 4 hours = the morning",
    ),
    (vn(2025, 7, 15, 12, 30), 2, HOURS, None, vn(2025, 7, 15, 15, 0), "lunch break does not count"),
    # Tết 2026: Mon 16/2 - Fri 20/2.
    (vn(2026, 2, 13, 10, 0), 1, DAYS, None, vn(2026, 2, 23, 10, 0), "Tết 2026 week skipped"),
    (vn(2026, 2, 12, 10, 0), 5, DAYS, None, vn(2026, 2, 26, 10, 0), "5 days across Tết 2026"),
    # Hùng Kings 2026 falls on Sunday 26/4: observed Monday 27/4.
    (vn(2026, 4, 24, 9, 0), 1, DAYS, None, vn(2026, 4, 28, 9, 0), "observed Giỗ Tổ Monday"),
    (vn(2026, 4, 28, 9, 0), 2, DAYS, None, vn(2026, 5, 4, 9, 0), "30/4 and 1/5 2026"),
    # 2/9 2026: Mon 31/8 off in exchange for Saturday 22/8.
    (vn(2026, 8, 21, 9, 0), 1, DAYS, None, vn(2026, 8, 22, 9, 0), "make-up Saturday 22/8/2026"),
    (vn(2026, 8, 28, 9, 0), 1, DAYS, None, vn(2026, 9, 3, 9, 0), "31/8, 1/9, 2/9 2026 skipped"),
    (vn(2026, 11, 23, 9, 0), 1, DAYS, None, vn(2026, 11, 25, 9, 0), "24/11 Ngày Văn hóa Việt Nam"),
]


@pytest.mark.parametrize(
    ("received", "amount", "unit", "cutoff", "expected", "why"), CASES, ids=[c[-1] for c in CASES]
)
def test_appointment_hand_checked(received, amount, unit, cutoff, expected, why):
    cal = WorkingDayCalendar()
    assert cal.appointment(received, ProcessingTime(amount, unit), cutoff) == expected, why


def test_overrides_win_over_the_base_calendar():
    # The holidays package lacks the make-up Saturday 15/2/2025; a supervisor adds it.
    cal = WorkingDayCalendar({date(2025, 2, 15): True, date(2025, 7, 18): False})
    assert cal.appointment(vn(2025, 2, 14), ProcessingTime(1)) == vn(2025, 2, 15)
    assert cal.appointment(vn(2025, 7, 17), ProcessingTime(1)) == vn(2025, 7, 21)
    assert not WorkingDayCalendar().is_working_day(date(2025, 2, 15))


def test_holiday_names_and_working_days():
    cal = WorkingDayCalendar()
    assert cal.holiday_name(date(2025, 1, 29)) is not None
    assert cal.is_working_day(date(2025, 4, 26))  # make-up Saturday
    assert not cal.is_working_day(date(2025, 5, 2))  # swapped day off
    assert not cal.is_working_day(date(2025, 9, 6))  # ordinary Saturday
    assert cal.working_days_between(date(2025, 4, 29), date(2025, 5, 7)) == 3


def test_no_fixed_date_and_bad_input():
    cal = WorkingDayCalendar()
    assert cal.appointment(vn(2025, 7, 15), ProcessingTime(0, "none")) is None
    with pytest.raises(DeskError):
        cal.appointment(vn(2025, 7, 15), ProcessingTime(-1))
    with pytest.raises(ValueError):
        cal.appointment(datetime(2025, 7, 15, 9, 0), ProcessingTime(1))


def test_utc_input_is_read_in_vietnam_time():
    from datetime import UTC

    # 08:30 UTC is 15:30 in Hà Nội: past the cut-off.
    received = datetime(2025, 7, 15, 8, 30, tzinfo=UTC)
    assert WorkingDayCalendar().appointment(received, ProcessingTime(0), CUT) == vn(
        2025, 7, 16, 17, 0
    )
