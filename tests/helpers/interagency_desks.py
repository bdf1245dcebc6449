"""Two bodies' counters for the paper hand-over tests of issue 18: point A (the demo point,
phường Tây Hồ) and body B (phường Ba Đình) as real SQLite counter databases, with catalog
rows as the hub's agency catalog would bring them; dossiers received at A for B through
``receive_dossier(competent_agency=...)`` and delivered at B through the change-feed
applier, with the change the hub's routing puts in B's feed (tests.helpers.interagency)."""

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
from app.store.agencies import upsert_agency
from app.sync.protocol import CHANGE_INCOMING
from tests.helpers.interagency import route_change

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
    """A dossier received at this point for ``body`` (a body of its catalog)."""
    rec = receive_dossier(
        clerk,
        procedure_code="1.004222",
        applicant=ApplicantInput(f"Phạm Văn Hộ {chr(65 + i % 26)}", f"00109600{i:04d}"),
        received_at=received_at,
        competent_agency=body,
    )
    return rec.code


def deliver_incoming(desk_b: Any, desk_a: Any, code: str) -> None:
    """Dossier ``code`` of A at B once the hub's change feed delivered it: the change the
    hub's routing puts in B's feed after A's last event, applied by B's pull."""
    applied = route_change(
        desk_b, desk_a, code, state=RouteState.AWAITING, kind=CHANGE_INCOMING, receiving=A
    )
    assert applied == 1
