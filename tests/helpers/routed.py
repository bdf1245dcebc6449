"""Dossiers received for another body, or from another point, made by hand for the report
and screen tests of issue 18: received through the service, then given a competent body
(and, for those from another point, that point's agency row and code) in the store, as
the intake for another body and the incoming pull write them."""

from __future__ import annotations

import random
from datetime import datetime
from typing import Any

from sqlalchemy import select

from app.domain.dossier import VN_TZ
from app.domain.interagency import ReturnPlace, RouteState
from app.services.catalog import all_procedures
from app.services.demo import random_person
from app.services.dossiers import receive_dossier
from app.store.agencies import upsert_agency
from app.store.models import Agency, Dossier

B, C, A = "000.00.32.H26", "000.00.01.H26", "000.00.40.H26"
NAMES = {B: "Phường Ngọc Hà", C: "Sở Tư pháp", A: "Phường Kim Liên"}


def receive(ctx: Any, n: int) -> list[str]:
    rng = random.Random(n)
    procs = [p for p in all_procedures(ctx) if p.active and p.processing.amount]
    return [
        receive_dossier(ctx, procedure_code=procs[i % 3].code, applicant=random_person(rng)).code
        for i in range(n)
    ]


def route(ctx: Any, codes: list[str], *, competent: str | None, received_at: str | None) -> None:
    """Give ``codes`` a competent body (received here for it) or, with ``received_at``,
    make them dossiers received at that other point for this body."""
    at = datetime(2025, 7, 15, tzinfo=VN_TZ)
    with ctx.db.session() as s:
        rows = {
            code: upsert_agency(s, code=code, name=NAMES[code], kind="commune", at=at)
            for code in (B, C, A)
        }
        home = s.scalar(select(Agency).where(Agency.kind == ""))
        assert home is not None
        for code in codes:
            d = s.scalar(select(Dossier).where(Dossier.code == code))
            assert d is not None
            if received_at is not None:  # at another point, for us
                d.agency_id, d.competent_agency_id = rows[received_at].id, home.id
                d.code = received_at + code[code.index("-") :]
                d.route_state = int(RouteState.PROCESSING)
            else:
                assert competent is not None
                d.competent_agency_id = rows[competent].id
                d.route_state = int(RouteState.RECEIVED)
            d.return_place = ReturnPlace.RECEIVING.value
        s.commit()
