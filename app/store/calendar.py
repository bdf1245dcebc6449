"""Queries of the counter's calendar overrides (days made working or off, by the city or
a supervisor)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.store.models import CalendarOverride


def override_of(session: Session, day: date) -> CalendarOverride | None:
    return session.get(CalendarOverride, day)


def overrides_between(
    session: Session,
    first: date | None = None,
    last: date | None = None,
) -> Sequence[CalendarOverride]:
    """The overrides from ``first`` to ``last`` inclusive (either open), by date."""
    stmt = select(CalendarOverride).order_by(CalendarOverride.day)
    if first is not None:
        stmt = stmt.where(CalendarOverride.day >= first)
    if last is not None:
        stmt = stmt.where(CalendarOverride.day <= last)
    return session.scalars(stmt).all()


def working_overrides(session: Session) -> dict[date, bool]:
    """Every override as day -> working, for the calendar."""
    return {o.day: o.working for o in session.scalars(select(CalendarOverride))}
