"""The supervisor's calendar: official day swaps and extra days off.

The base calendar (weekends, the Labour Code holidays, Tết, the swaps the ``holidays``
package knows) is in app.domain.calendar. A supervisor overrides single days here, with a
note saying on what authority (e.g. the city's decision on a make-up Saturday). Overrides
win over the base and feed ``ctx.calendar()``; appointments already given never change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from app.domain.calendar import WorkingDayCalendar
from app.domain.errors import DeskError
from app.domain.roles import Permission
from app.services.context import DeskContext
from app.store.calendar import override_of, overrides_between
from app.store.models import CalendarOverride
from app.store.repositories import add_audit

MAX_SPAN_DAYS = 400


@dataclass(frozen=True)
class CalendarDay:
    """One day as the counter counts it, and why."""

    day: date
    working: bool
    base_working: bool  # what it would be without an override
    holiday_name: str | None
    overridden: bool
    note: str = ""
    source: str = ""  # local | hub, for an override
    updated_at: datetime | None = None


def _day(base: WorkingDayCalendar, d: date, row: CalendarOverride | None) -> CalendarDay:
    base_working = base.is_working_day(d)
    if row is None:
        return CalendarDay(d, base_working, base_working, base.holiday_name(d), False)
    return CalendarDay(
        d,
        row.working,
        base_working,
        base.holiday_name(d),
        True,
        row.note,
        row.source,
        row.updated_at,
    )


def set_calendar_day(ctx: DeskContext, *, day: date, working: bool, note: str) -> CalendarDay:
    """Make ``day`` a working day (a make-up Saturday) or a day off, with the note saying
    on what authority. Later appointments count with it at once."""
    ctx.actor.require(Permission.CALENDAR)
    text = " ".join(note.split())
    if not text:
        raise DeskError("calendar.note_missing")
    now = ctx.now()
    with ctx.db.session() as s:
        row = override_of(s, day)
        before = (
            None
            if row is None
            else {"working": row.working, "note": row.note, "source": row.source}
        )
        if row is None:
            row = CalendarOverride(day=day)
            s.add(row)
        row.working, row.note, row.source, row.updated_at = working, text[:300], "local", now
        add_audit(
            s,
            at=now,
            actor=ctx.actor.username,
            action="calendar.set",
            entity="calendar",
            key=day.isoformat(),
            detail={"working": working, "note": row.note, "before": before},
        )
        s.commit()
        result = _day(WorkingDayCalendar(), day, row)
    ctx.forget_calendar()
    return result


def clear_calendar_day(ctx: DeskContext, *, day: date) -> CalendarDay:
    """Remove the override of ``day``: it counts as the base calendar says again."""
    ctx.actor.require(Permission.CALENDAR)
    now = ctx.now()
    with ctx.db.session() as s:
        row = override_of(s, day)
        if row is None:
            raise DeskError("calendar.no_override", day=f"{day:%d/%m/%Y}")
        add_audit(
            s,
            at=now,
            actor=ctx.actor.username,
            action="calendar.clear",
            entity="calendar",
            key=day.isoformat(),
            detail={"before": {"working": row.working, "note": row.note, "source": row.source}},
        )
        s.delete(row)
        s.commit()
    ctx.forget_calendar()
    return _day(WorkingDayCalendar(), day, None)


def list_calendar_overrides(ctx: DeskContext, *, year: int | None = None) -> list[CalendarDay]:
    """The overrides (local and from the city), by date."""
    ctx.actor.require(Permission.VIEW)
    first, last = (date(year, 1, 1), date(year, 12, 31)) if year is not None else (None, None)
    base = WorkingDayCalendar()
    with ctx.db.read_session() as s:
        return [_day(base, row.day, row) for row in overrides_between(s, first, last)]


def calendar_days(ctx: DeskContext, *, date_from: date, date_to: date) -> list[CalendarDay]:
    """Every day from ``date_from`` to ``date_to`` inclusive: a month view for the screen."""
    ctx.actor.require(Permission.VIEW)
    span = (date_to - date_from).days
    if span < 0 or span > MAX_SPAN_DAYS:
        raise DeskError("calendar.span", max=MAX_SPAN_DAYS)
    with ctx.db.read_session() as s:
        rows = {r.day: r for r in overrides_between(s, date_from, date_to)}
    base = WorkingDayCalendar()
    return [
        _day(base, date_from + timedelta(days=i), rows.get(date_from + timedelta(days=i)))
        for i in range(span + 1)
    ]
