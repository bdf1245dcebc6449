"""The city's agency catalog on the counter (issue 18): fetched from the hub during a sync
round (``GET /api/v1/agencies``, only when its version changed), kept in the counter's
database for offline intake, and read by the intake screen's picker of the competent body.

A failed fetch (offline, a portal page, an older hub without the route, a wrong shape)
changes nothing: the cached catalog stays in use."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from app.domain.calendar import WorkingDayCalendar
from app.domain.errors import DeskError
from app.services.context import DeskContext
from app.store.agencies import (
    CATALOG_KINDS,
    agency_row,
    catalog_agencies,
    home_agency_ids,
    set_agency_calendar,
    upsert_agency,
)
from app.store.models import Dossier
from app.store.repositories import agency_by_id, get_value, set_value, values_of
from app.sync.protocol import CatalogEntry, parse_wire_time, wire_time

if TYPE_CHECKING:  # the HTTP stack loads with a sync round, not with the intake screen
    from app.sync.client import HubClient
    from app.sync.engine import RoundResult

log = logging.getLogger(__name__)

K_CATALOG_VERSION = "agency_catalog.version"
K_CATALOG_CHECKED = "agency_catalog.checked_at"  # the last answer of the hub, changed or not
K_CATALOG_CHANGED = "agency_catalog.changed_at"  # when its content last came


@dataclass(frozen=True)
class CatalogAgency:
    """One body a dossier may be received for, as the picker and ``agencies`` show it."""

    code: str
    name: str
    kind: str  # "commune" | "city"
    address: str
    phone: str


@dataclass(frozen=True)
class CatalogState:
    agencies: tuple[CatalogAgency, ...]
    version: str
    checked_at: datetime | None  # when the hub last answered the catalog
    changed_at: datetime | None  # when its content last changed here


def refresh_catalog(ctx: DeskContext, entries: Sequence[CatalogEntry], version: str = "") -> int:
    """Store the hub's catalog (every body and its calendar days) in one transaction; the
    cached calendars are then dropped, so appointments follow the new days. The home
    agency's own row and calendar are never rewritten (its supervisor keeps them)."""
    now = ctx.now()
    home = ctx.service_point()[0].code
    with ctx.db.session() as s:
        for e in entries:
            if e.code == home:
                continue
            upsert_agency(
                s,
                code=e.code,
                name=e.name,
                kind=e.kind,
                at=now,
                address=e.address,
                phone=e.phone,
            )
            set_agency_calendar(
                s, code=e.code, days={d.day: (d.working, d.note) for d in e.days}, at=now
            )
        set_value(s, K_CATALOG_VERSION, version)
        set_value(s, K_CATALOG_CHECKED, wire_time(now))
        set_value(s, K_CATALOG_CHANGED, wire_time(now))
        s.commit()
    ctx.forget_calendar()
    return sum(1 for e in entries if e.code != home)


def fetch_catalog(ctx: DeskContext, client: HubClient) -> int | None:
    """Ask the hub for the catalog if it changed; the number of bodies stored, 0 when
    unchanged, None when the hub gave no valid answer (nothing is changed then)."""
    from app.sync.client import HubError

    with ctx.db.read_session() as s:
        held = get_value(s, K_CATALOG_VERSION, "") or ""
    try:
        answer = client.agencies(version=held)
    except HubError as exc:
        log.info("agency catalog not fetched: %s", exc.detail)
        return None
    if answer.unchanged:
        with ctx.db.session() as s:
            set_value(s, K_CATALOG_CHECKED, wire_time(ctx.now()))
            s.commit()
        return 0
    return refresh_catalog(ctx, answer.agencies, answer.version)


def catalog_step(ctx: DeskContext, client: HubClient, result: RoundResult) -> RoundResult:
    """The catalog part of a sync round, after the pull: only a round that reached the hub
    asks, and a failed fetch leaves the round's outcome as it was (the catalog is not the
    clerk's pending work)."""
    from app.sync.states import OK

    if result.outcome == OK:
        fetch_catalog(ctx, client)
    return result


def list_catalog(ctx: DeskContext) -> list[CatalogAgency]:
    """The other bodies of the cached catalog, by name (for the intake screen's picker).
    A body the hub's latest catalog no longer holds is left out (its row stays: dossiers
    may name it)."""
    with ctx.db.read_session() as s:
        changed = parse_wire_time(get_value(s, K_CATALOG_CHANGED, "") or "")
        return [
            CatalogAgency(a.code, a.name, a.kind, a.address, a.phone)
            for a in catalog_agencies(s)
            if changed is None
            or (a.catalog_updated_at is not None and a.catalog_updated_at >= changed)
        ]


def catalog_state(ctx: DeskContext) -> CatalogState:
    with ctx.db.read_session() as s:
        kv = values_of(s, [K_CATALOG_VERSION, K_CATALOG_CHECKED, K_CATALOG_CHANGED])
    return CatalogState(
        tuple(list_catalog(ctx)),
        kv.get(K_CATALOG_VERSION, ""),
        parse_wire_time(kv.get(K_CATALOG_CHECKED, "")),
        parse_wire_time(kv.get(K_CATALOG_CHANGED, "")),
    )


def known_body(ctx: DeskContext, agency_code: str | None) -> str | None:
    """The code of the other body a dossier is received for, None for an own dossier (no
    code, or the home agency's); DeskError for a body the cached catalog does not have.
    The one home of that check: intake, the deadline and the preview all ask it."""
    wanted = (agency_code or "").strip()
    if not wanted or wanted == ctx.service_point()[0].code:
        return None
    with ctx.db.read_session() as s:
        row = agency_row(s, wanted)
        if row is None or row.kind not in CATALOG_KINDS or row.id in home_agency_ids(s):
            raise DeskError("interagency.unknown_agency", code=wanted[:40])
    return wanted


def competent_calendar(ctx: DeskContext, agency_code: str | None) -> WorkingDayCalendar:
    """The calendar of the body a dossier is for: the home one for an own dossier, else
    that body's from the cached catalog; DeskError for a body the catalog lacks."""
    known = known_body(ctx, agency_code)
    return ctx.calendar_for(known) if known else ctx.calendar()


def dossier_calendar(ctx: DeskContext, s: Session, d: Dossier) -> WorkingDayCalendar:
    """The calendar a stored dossier's appointment follows: its competent body's (the home
    calendar for an own dossier and at the competent body itself)."""
    if d.competent_agency_id is None or d.competent_agency_id == d.agency_id:
        return ctx.calendar()
    body = agency_by_id(s, d.competent_agency_id)
    if body is None or body.code == ctx.service_point()[0].code:
        return ctx.calendar()
    return ctx.calendar_for(body.code)


@dataclass(frozen=True)
class PickerChoices:
    """What the intake screen's picker of the competent body offers: the home agency (the
    default: an own dossier) and the other bodies of the cached catalog."""

    home: CatalogAgency
    others: tuple[CatalogAgency, ...]


def picker_choices(ctx: DeskContext) -> PickerChoices:
    agency = ctx.service_point()[0]
    home = CatalogAgency(agency.code, agency.name, "", agency.address, agency.phone)
    return PickerChoices(home, tuple(list_catalog(ctx)))
