"""The agency catalog kept on the counter: the home agency (set up locally) and the other
communes and city bodies the hub's catalog brings, for which a dossier may be received
(issue 18, app.domain.interagency). Each catalog row is an ``agency`` row with a ``kind``;
its calendar overrides are in ``agency_calendar_day``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.domain.interagency import Side
from app.store.models import Agency, AgencyCalendarDay, Counter, Dossier

#: The catalog's kinds: a commune or ward (xã, phường) and a city department or branch.
KIND_COMMUNE = "commune"
KIND_CITY = "city"
CATALOG_KINDS = frozenset({KIND_COMMUNE, KIND_CITY})


def home_agency_ids(session: Session) -> set[int]:
    """The agencies this database's counters belong to (normally one)."""
    return set(session.scalars(select(Counter.agency_id).distinct()))


def agency_row(session: Session, code: str) -> Agency | None:
    return session.scalar(select(Agency).where(Agency.code == code))


def upsert_agency(
    session: Session,
    *,
    code: str,
    name: str,
    kind: str,
    at: datetime,
    address: str = "",
    phone: str = "",
) -> Agency:
    """Add or refresh one catalog agency. The home agency's own row is never rewritten by
    the catalog (its names and bank details are the supervisor's), only marked as seen."""
    row = agency_row(session, code)
    if row is None:
        row = Agency(code=code, name=name, kind=kind, address=address, phone=phone)
        session.add(row)
    elif row.id not in home_agency_ids(session):
        row.name, row.kind, row.address, row.phone = name, kind, address, phone
    row.catalog_updated_at = at
    session.flush()
    return row


def catalog_agencies(session: Session) -> Sequence[Agency]:
    """The other bodies a dossier may be received for, by name (home agency excluded)."""
    home = home_agency_ids(session)
    stmt = select(Agency).where(Agency.kind != "").order_by(Agency.name, Agency.code)
    return [a for a in session.scalars(stmt) if a.id not in home]


def set_agency_calendar(
    session: Session, *, code: str, days: dict[date, tuple[bool, str]], at: datetime
) -> None:
    """Replace another agency's cached calendar overrides with ``days`` (day -> (working,
    note)), as the catalog carries the whole list."""
    session.execute(delete(AgencyCalendarDay).where(AgencyCalendarDay.agency_code == code))
    for day, (working, note) in sorted(days.items()):
        session.add(
            AgencyCalendarDay(agency_code=code, day=day, working=working, note=note, updated_at=at)
        )
    session.flush()


def agency_overrides(session: Session, code: str) -> dict[date, bool]:
    """Another agency's overrides as day -> working, for its calendar."""
    rows = session.execute(
        select(AgencyCalendarDay.day, AgencyCalendarDay.working).where(
            AgencyCalendarDay.agency_code == code
        )
    )
    return {r.day: r.working for r in rows}


def dossier_side(session: Session, d: Dossier) -> Side:
    """What this database is for a dossier (app.domain.interagency.Side): its own, the
    receiving point of a dossier for another body, or the competent body of one received
    elsewhere."""
    if d.competent_agency_id is None or d.competent_agency_id == d.agency_id:
        return Side.OWN
    return Side.FOR_OTHER if d.agency_id in home_agency_ids(session) else Side.FROM_OTHER
