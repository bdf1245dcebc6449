"""Test helpers of receiving for another body (issue 18): a second body's counter database
and the catalog rows each side needs (until the hub's catalog brings them, the tests write
them with app.store.agencies.upsert_agency)."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.domain.interagency import RouteState
from app.services.catalog import seed_catalog
from app.services.change_feed import StoreChangeApplier
from app.services.context import DeskContext, open_desk
from app.services.demo import DEMO_AGENCY, setup_service_point
from app.store.agencies import KIND_CITY, KIND_COMMUNE, upsert_agency
from app.store.models import OutboxEvent
from app.sync.protocol import CHANGE_ROUTE, validate_change

#: The demo point (receiving point A) and a second ward (competent body B).
A_CODE = DEMO_AGENCY["code"]
A_NAME = DEMO_AGENCY["name"]
B_CODE = "000.00.32.H26"
B_NAME = "Ủy ban nhân dân phường Ba Đình"
CITY_CODE = "000.00.00.G14"
CITY_NAME = "Sở Tư pháp thành phố Hà Nội"


def add_catalog(ctx: DeskContext, code: str, name: str, kind: str = KIND_COMMUNE) -> None:
    with ctx.db.session() as s:
        upsert_agency(s, code=code, name=name, kind=kind, at=ctx.now())
        s.commit()


def catalog_for_a(ctx: DeskContext) -> None:
    """Point A's catalog: ward B and a city department."""
    add_catalog(ctx, B_CODE, B_NAME)
    add_catalog(ctx, CITY_CODE, CITY_NAME, KIND_CITY)


def open_body_b(folder: Path, clock, *, demo: bool = True) -> DeskContext:  # type: ignore[no-untyped-def]
    """Ward B's counter: its own agency, the city's shared procedure catalog, no dossiers.
    ``demo=False`` leaves it without a slot until the hub gives one (to enroll it)."""
    ctx = open_desk(folder, clock=clock)
    setup_service_point(
        ctx, agency={"code": B_CODE, "name": B_NAME}, slot=1, counter_name="Quầy 1", demo=demo
    )
    seed_catalog(ctx)
    return ctx


def last_record(ctx: DeskContext, code: str) -> tuple[int, dict[str, Any]]:
    """(version, national record) of the last outbox event of ``code``."""
    with ctx.db.read_session() as s:
        row = s.scalars(
            select(OutboxEvent)
            .where(OutboxEvent.dossier_code == code)
            .order_by(OutboxEvent.id.desc())
            .limit(1)
        ).one()
        payload = json.loads(row.payload)
        return int(payload["version"]), payload["dossier"]


_SEQ = itertools.count(1)


def route_change(
    to: DeskContext,
    frm: DeskContext,
    code: str,
    *,
    state: RouteState,
    kind: str = CHANGE_ROUTE,
    receiving: str = A_CODE,
    competent: str = B_CODE,
) -> int:
    """Apply at ``to`` the change the hub (hub/routing.py) puts in its feed after ``frm``'s
    last event of ``code``, as the counter's pull would; the number of changes applied."""
    version, record = last_record(frm, code)
    seq = next(_SEQ)
    change = validate_change(
        {
            "seq": seq,
            "kind": kind,
            "at": "20250715140500",
            "data": {
                "MaHoSo": code,
                "version": version,
                "route": {
                    "state": int(state),
                    "receiving": receiving,
                    "competent": competent,
                    "return_place": record.get("NoiTraKetQua", 1),
                },
                "dossier": record,
            },
        }
    )
    return StoreChangeApplier(to).apply_page([change], str(seq))
