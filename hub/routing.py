"""Routing on the hub of dossiers received for another body (issue 18,
app.domain.interagency).

When the hub stores a dossier event whose ``MaDonViXuLy`` (the competent body) differs
from its ``MaDonVi`` (the receiving point, whose device pushed it), it records the route
here and puts the dossier into the competent agency's change feed (``dossier.incoming``,
carrying the national record); the receiving point's feed learns that the dossier now
waits for the competent body (``dossier.route`` in state AWAITING). Every later event of
the dossier, from either side, goes to the other side's feed as ``dossier.route``. The
route state the hub keeps only moves forward (advance_route).

Access: the devices of the receiving and the competent agency may write the dossier's
events (hub.store asks :func:`may_write`) and read the files its records name
(:func:`shared_size`); no other agency may. Back-office moves and results of a routed
dossier reach both feeds (:func:`feeds_of`).

New tables only (``create_all`` adds them to an existing hub database)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Integer, String, func, or_, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.domain.interagency import (
    WIRE_COMPETENT_CODE,
    WIRE_RETURN_PLACE,
    WIRE_ROUTE_STATE,
    RouteState,
    advance_route,
)
from app.sync.protocol import CHANGE_INCOMING, CHANGE_ROUTE, RESULTS_FIELD
from hub.models import Change, DossierSnapshot, HubBase, HubFile, utc_now


class HubRoute(HubBase):
    """One dossier received by ``receiving`` for ``competent``."""

    __tablename__ = "hub_route"
    code: Mapped[str] = mapped_column(String(60), primary_key=True)
    receiving: Mapped[str] = mapped_column(String(35), index=True)
    competent: Mapped[str] = mapped_column(String(35), index=True)
    state: Mapped[int] = mapped_column(Integer)  # a RouteState
    return_place: Mapped[int] = mapped_column(Integer, default=1)  # NoiTraKetQua 1 / 2
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class HubRouteFile(HubBase):
    """A file (sha256) a routed dossier's record names: its documents and results, which
    both sides of the route may read."""

    __tablename__ = "hub_route_file"
    code: Mapped[str] = mapped_column(String(60), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)


def routes_of(s: Session, codes: Iterable[str]) -> dict[str, HubRoute]:
    wanted = list(dict.fromkeys(codes))
    found: dict[str, HubRoute] = {}
    for start in range(0, len(wanted), 500):
        for row in s.scalars(
            select(HubRoute).where(HubRoute.code.in_(wanted[start : start + 500]))
        ):
            found[row.code] = row
    return found


def may_write(route: HubRoute | None, agency: str) -> bool:
    """May a device of ``agency`` store events of the routed dossier? Its two sides may."""
    return route is not None and agency in (route.receiving, route.competent)


def routed_to(s: Session, code: str, agency: str) -> bool:
    """Is ``code`` (of another agency's numbering) routed to ``agency`` for processing?"""
    route = s.get(HubRoute, code)
    return route is not None and route.competent == agency


def feeds_of(s: Session, code: str, agency: str) -> list[str]:
    """The feeds a back-office change of ``code`` goes to: its agency's, and for a routed
    dossier the competent body's too."""
    route = s.get(HubRoute, code)
    if route is None:
        return [agency]
    return list(dict.fromkeys([agency, route.receiving, route.competent]))


def _shas(record: dict[str, Any]) -> set[str]:
    out: set[str] = set()
    for key in ("TaiLieuNop", RESULTS_FIELD):
        for item in record.get(key) or []:
            if isinstance(item, dict) and isinstance(item.get("MaHashTep"), str):
                out.add(item["MaHashTep"])
    return out


def name_files(s: Session, code: str, shas: Iterable[str]) -> None:
    """Record that the routed dossier ``code`` names these files (both sides read them)."""
    have = set(s.scalars(select(HubRouteFile.sha256).where(HubRouteFile.code == code)))
    for sha in sorted(set(shas) - have):
        s.add(HubRouteFile(code=code, sha256=sha))


def _change(s: Session, agency: str, kind: str, data: dict[str, Any]) -> None:
    s.add(
        Change(
            agency_code=agency,
            kind=kind,
            data=json.dumps(data, ensure_ascii=False),
            created_at=utc_now(),
        )
    )


def _data(route: HubRoute, version: int, record: dict[str, Any]) -> dict[str, Any]:
    return {
        "MaHoSo": route.code,
        "version": version,
        "route": {
            "state": route.state,
            "receiving": route.receiving,
            "competent": route.competent,
            "return_place": route.return_place,
        },
        "dossier": record,
    }


def observe(s: Session, agency: str, events: list[tuple[str, dict[str, Any]]]) -> int:
    """The accepted dossier events of one batch from a device of ``agency``, in order, as
    (code, payload): route the dossiers received for another body. Returns how many
    changes were added."""
    routed = [
        (code, p)
        for code, p in events
        if isinstance(p.get("dossier"), dict)
        and p["dossier"].get(WIRE_COMPETENT_CODE) not in (None, "", p["dossier"].get("MaDonVi"))
    ]
    if not routed:
        return 0
    known = routes_of(s, [code for code, _ in routed])
    added = 0
    now = utc_now()
    for code, payload in routed:
        record = payload["dossier"]
        version = int(payload.get("version") or 1)
        reported = RouteState(int(record.get(WIRE_ROUTE_STATE) or RouteState.RECEIVED))
        route = known.get(code)
        if route is None:
            if agency != record.get("MaDonVi"):  # only the receiving point starts a route
                continue
            route = HubRoute(
                code=code,
                receiving=agency,
                competent=str(record[WIRE_COMPETENT_CODE]),
                state=int(advance_route(max(reported, RouteState.RECEIVED), RouteState.AWAITING)),
                return_place=2 if record.get(WIRE_RETURN_PLACE) == 2 else 1,
                created_at=now,
                updated_at=now,
            )
            s.add(route)
            s.flush()
            known[code] = route
            _change(s, route.competent, CHANGE_INCOMING, _data(route, version, record))
            # The receiving point learns that the dossier waits for the competent body.
            _change(s, route.receiving, CHANGE_ROUTE, _data(route, version, record))
            added += 2
        else:
            state = advance_route(RouteState(route.state), reported)
            if state != route.state:
                route.state = int(state)
                route.updated_at = now
            other = route.competent if agency == route.receiving else route.receiving
            _change(s, other, CHANGE_ROUTE, _data(route, version, record))
            added += 1
        name_files(s, code, _shas(record))
    return added


def shared_size(s: Session, agency: str, sha: str) -> int | None:
    """The size of a file ``agency`` may read because the other side of a dossier routed
    between them holds it and the dossier names it; None otherwise."""
    rows = s.execute(
        select(HubRoute.receiving, HubRoute.competent)
        .join(HubRouteFile, HubRouteFile.code == HubRoute.code)
        .where(
            HubRouteFile.sha256 == sha,
            or_(HubRoute.receiving == agency, HubRoute.competent == agency),
        )
    ).all()
    partners = {r.competent if r.receiving == agency else r.receiving for r in rows}
    if not partners:
        return None
    size = s.scalar(
        select(HubFile.size).where(HubFile.sha256 == sha, HubFile.agency_code.in_(sorted(partners)))
    )
    return None if size is None else int(size)


def stats_by_body(s: Session) -> dict[str, Any]:
    """Counts by body: dossiers received by each agency (its points' codes), those it is
    the competent body for (its own and those routed to it, taken yet or not), received
    for others and from others; the city total counts each dossier code once."""
    received = dict(
        s.execute(
            select(DossierSnapshot.agency_code, func.count(DossierSnapshot.code)).group_by(
                DossierSnapshot.agency_code
            )
        ).all()
    )
    for_others = dict(
        s.execute(
            select(HubRoute.receiving, func.count(HubRoute.code)).group_by(HubRoute.receiving)
        ).all()
    )
    from_others = dict(
        s.execute(
            select(HubRoute.competent, func.count(HubRoute.code)).group_by(HubRoute.competent)
        ).all()
    )
    bodies = sorted(set(received) | set(for_others) | set(from_others))
    by_body = {
        b: {
            "received": int(received.get(b, 0)),
            "competent_for": int(received.get(b, 0))
            - int(for_others.get(b, 0))
            + int(from_others.get(b, 0)),
            "received_for_others": int(for_others.get(b, 0)),
            "received_from_others": int(from_others.get(b, 0)),
        }
        for b in bodies
    }
    total = int(s.scalar(select(func.count(func.distinct(DossierSnapshot.code)))) or 0)
    return {"by_body": by_body, "city_total": total}


__all__ = [
    "HubRoute",
    "HubRouteFile",
    "routes_of",
    "may_write",
    "routed_to",
    "feeds_of",
    "observe",
    "name_files",
    "shared_size",
    "stats_by_body",
]
