"""The working-day calendar and the appointment (ngày hẹn trả) rule.

Base: the ``holidays`` package for Vietnam (Labour Code 2019 holidays, Tết, Hùng Kings,
observed days, and the official day swaps it knows, make-up Saturdays included). Overrides
pulled from the hub or entered by a supervisor win over the base: ``True`` makes a day a
working day (a make-up Saturday), ``False`` makes it a day off.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta

from app.domain.dossier import VN_TZ, ProcessingTime
from app.domain.errors import DeskError

MORNING = (time(8, 0), time(12, 0))
AFTERNOON = (time(13, 0), time(17, 0))
DAY_START, DAY_END = MORNING[0], AFTERNOON[1]
HOURS_PER_DAY = 8


class WorkingDayCalendar:
    """Which days are working days at a Vietnamese public office."""

    def __init__(self, overrides: Mapping[date, bool] | None = None) -> None:
        self._overrides = dict(overrides or {})
        self._years: set[int] = set()
        self._days_off: dict[date, str] = {}
        self._make_up: set[date] = set()

    def _ensure(self, year: int) -> None:
        if year not in self._years:
            import holidays  # ~50 ms to import: only when a date is first computed

            self._years.add(year)
            base = holidays.country_holidays("VN", years=[year], language="vi")
            self._days_off.update(base)
            self._make_up |= {d for d in base.weekend_workdays if d.year == year}

    def is_working_day(self, day: date) -> bool:
        if day in self._overrides:
            return self._overrides[day]
        self._ensure(day.year)
        if day in self._make_up:
            return True
        if day in self._days_off:
            return False
        return day.weekday() < 5

    def holiday_name(self, day: date) -> str | None:
        self._ensure(day.year)
        return self._days_off.get(day)

    def next_working_day(self, day: date) -> date:
        d = day + timedelta(days=1)
        while not self.is_working_day(d):
            d += timedelta(days=1)
        return d

    def add_working_days(self, day: date, n: int) -> date:
        d = day
        for _ in range(n):
            d = self.next_working_day(d)
        return d

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]: how late a dossier is, for example."""
        n, d = 0, start
        while d < end:
            d += timedelta(days=1)
            n += self.is_working_day(d)
        return n

    # --- the appointment ------------------------------------------------------------

    def reception_start(self, received_at: datetime, cutoff: time | None = None) -> datetime:
        """When the clock starts: the reception time, moved to the next working morning
        when it falls outside working hours, on a day off, or after the procedure's
        cut-off (e.g. 15:00 for certification)."""
        local = _local(received_at)
        day, t = local.date(), local.time().replace(second=0, microsecond=0)
        late = t >= DAY_END or (cutoff is not None and t >= cutoff)
        if not self.is_working_day(day) or late:
            return datetime.combine(self.next_working_day(day), DAY_START, VN_TZ)
        if t < DAY_START:
            return datetime.combine(day, DAY_START, VN_TZ)
        if MORNING[1] <= t < AFTERNOON[0]:
            return datetime.combine(day, AFTERNOON[0], VN_TZ)
        return datetime.combine(day, t, VN_TZ)

    def appointment(
        self, received_at: datetime, processing: ProcessingTime, cutoff: time | None = None
    ) -> datetime | None:
        """The appointment for a dossier received at ``received_at``.

        Working days are counted after the (effective) reception day: 3 days from a Monday
        is the Thursday. Zero days means the same working day, by the end of office hours.
        Hours are counted inside office hours (08:00-12:00, 13:00-17:00)."""
        if processing.unit == "none":
            return None
        if processing.amount < 0 or processing.unit not in ("day", "hour"):
            raise DeskError("processing.invalid", value=f"{processing.amount} {processing.unit}")
        start = self.reception_start(received_at, cutoff)
        if processing.unit == "day" and float(processing.amount).is_integer():
            n = int(processing.amount)
            if n == 0:
                return datetime.combine(start.date(), DAY_END, VN_TZ)
            return datetime.combine(self.add_working_days(start.date(), n), start.timetz())
        hours = processing.amount * (HOURS_PER_DAY if processing.unit == "day" else 1)
        return self._add_working_minutes(start, round(hours * 60))

    def _add_working_minutes(self, start: datetime, minutes: int) -> datetime:
        day, t = start.date(), start.timetz().replace(tzinfo=None)
        while True:
            for begin, end in (MORNING, AFTERNOON):
                if t >= end:
                    continue
                cur = max(t, begin)
                avail = _minutes(end) - _minutes(cur)
                if minutes <= avail:
                    total = _minutes(cur) + minutes
                    return datetime.combine(day, time(total // 60, total % 60), VN_TZ)
                minutes -= avail
                t = end
            day, t = self.next_working_day(day), DAY_START


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


def _local(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("naive datetime: pass an aware one (UTC or Vietnam time)")
    return moment.astimezone(VN_TZ)
