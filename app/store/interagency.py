"""The store's queries of receiving for another body (issue 18, app.services.interagency and
app.services.interagency_feed): the dossiers other points received for this body, and the
incoming dossiers kept apart because their code was already held."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.interagency import RouteState
from app.store.agencies import home_agency_ids
from app.store.models import Agency, AuditLog, Dossier


def incoming_dossiers(session: Session, *, waiting_only: bool) -> Sequence[tuple[Dossier, Agency]]:
    """(dossier, its receiving agency) of each dossier received elsewhere for this body,
    oldest first; ``waiting_only``: those not taken yet."""
    home = home_agency_ids(session)
    stmt = (
        select(Dossier, Agency)
        .join(Agency, Agency.id == Dossier.agency_id)
        .where(Dossier.competent_agency_id.in_(home), Dossier.agency_id.not_in(home))
        .order_by(Dossier.received_at, Dossier.code)
    )
    if waiting_only:
        stmt = stmt.where(Dossier.route_state < int(RouteState.PROCESSING))
    return [(d, a) for d, a in session.execute(stmt)]


def audited(session: Session, action: str) -> list[tuple[str, str, datetime]]:
    """(key, receiving agency named in the detail, when) of each dossier audited with
    ``action``, newest first, one per dossier."""
    rows = session.scalars(
        select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id.desc())
    ).all()
    out: list[tuple[str, str, datetime]] = []
    seen: set[str] = set()
    for r in rows:
        if r.entity_key in seen:
            continue
        seen.add(r.entity_key)
        detail = json.loads(r.detail or "{}")
        out.append((r.entity_key, str(detail.get("from") or ""), r.at))
    return out
