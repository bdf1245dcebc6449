"""Two bodies' counters for the tests of issue 18 that need them before the routing and
catalog branches land: point A (the demo point, phường Tây Hồ) and body B (phường Ba
Đình) as real SQLite counter databases, with catalog rows as the hub's agency catalog would
bring them, dossiers received at A for another body as ``receive_dossier(competent_agency=
...)`` stores them, and such a dossier at B as the change-feed applier stores it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from app.domain.interagency import RouteState
from app.domain.roles import Role
from app.services.catalog import seed_catalog
from app.services.context import open_desk
from app.services.demo import DEMO_AGENCY, DEMO_PASSWORD, setup_service_point
from app.services.dossiers import ApplicantInput, receive_dossier
from app.services.users import create_user
from app.store.agencies import agency_row, home_agency_ids, upsert_agency
from app.store.models import Dossier
from app.store.repositories import load_dossier

A = DEMO_AGENCY["code"]  # 000.00.31.H26
B = "000.00.32.H26"
B_NAME = "Ủy ban nhân dân phường Ba Đình"
C = "000.00.33.H26"
C_NAME = "Ủy ban nhân dân phường Hoàn Kiếm"
B_CLERK = ("canbo9", "Vũ Thị Nhận")


def add_catalog_body(ctx: Any, code: str, name: str) -> None:
    """A catalog row, as the hub's agency catalog brings it."""
    with ctx.db.session() as s:
        upsert_agency(s, code=code, name=name, kind="commune", at=ctx.now())
        s.commit()


def open_body_b(path: Path, clock: Any, *, slot: int = 1) -> Any:
    """Body B's counter database: its service point, the shipped catalog, one clerk
    (``B_CLERK``, the demo password) and A in its agency catalog."""
    ctx = open_desk(path, clock=clock)
    setup_service_point(
        ctx,
        agency={**DEMO_AGENCY, "code": B, "name": B_NAME, "center_name": ""},
        slot=slot,
        counter_name=f"Quầy số {slot}",
    )
    seed_catalog(ctx)
    create_user(
        ctx, username=B_CLERK[0], full_name=B_CLERK[1], role=Role.CLERK, password=DEMO_PASSWORD
    )
    add_catalog_body(ctx, A, DEMO_AGENCY["name"])
    return ctx


def receive_for(clerk: Any, body: str, i: int, *, received_at: datetime | None = None) -> str:
    """A dossier received at this point for ``body``: agency_id = here (it allocated the
    code), competent = body's catalog row, route_state RECEIVED."""
    rec = receive_dossier(
        clerk,
        procedure_code="1.004222",
        applicant=ApplicantInput(f"Phạm Văn Hộ {chr(65 + i % 26)}", f"00109600{i:04d}"),
        received_at=received_at,
    )
    route_to(clerk, rec.code, body)
    return rec.code


def route_to(ctx: Any, code: str, body: str) -> None:
    """Make dossier ``code`` (received here) one received for ``body``."""
    with ctx.db.session() as s:
        d = load_dossier(s, code)
        row = agency_row(s, body)
        assert d is not None and row is not None
        d.competent_agency_id, d.route_state = row.id, int(RouteState.RECEIVED)
        s.commit()


def deliver_incoming(desk_b: Any, desk_a: Any, code: str) -> None:
    """Dossier ``code`` of A as it stands at B once the hub's change feed delivered it:
    agency_id = A's catalog row, competent = B's home row, route_state AWAITING. Built from
    a dossier received at B (as the system) and re-labelled, so that every column a real
    row has is filled."""
    with desk_a.db.read_session() as s:
        src = load_dossier(s, code)
        assert src is not None
        name, id_number, received = src.applicant_name, src.id_number, src.received_at
    rec = receive_dossier(
        desk_b,
        procedure_code="1.004222",
        applicant=ApplicantInput(name, id_number),
        received_at=received,
    )
    with desk_b.db.session() as s:
        d = s.get(Dossier, int(rec.id))
        a_row = agency_row(s, A)
        assert d is not None and a_row is not None
        [home] = home_agency_ids(s)
        d.code, d.agency_id, d.competent_agency_id = code, a_row.id, home
        d.route_state = int(RouteState.AWAITING)
        s.commit()
