"""The competent body's side of a dossier received for it elsewhere (issue 18).

INTERIM (branch i18hand): only ``take_incoming``, to the signature agreed between the
engineers of issue 18, so that the paper hand-over scan (app.services.agency_handover) runs
against a real one. At merge the routing branch's module, which has the whole of this
service, replaces this file.
"""

from __future__ import annotations

from datetime import datetime

from app.domain.errors import DeskError
from app.domain.interagency import RouteState
from app.domain.roles import Permission
from app.services.context import DeskContext
from app.services.dossiers import record_change
from app.store.agencies import home_agency_ids
from app.store.models import StatusHistory
from app.store.repositories import load_dossier


def take_incoming(
    ctx: DeskContext, code: str, *, note: str = "", at: datetime | None = None
) -> None:
    """The competent body takes a dossier another point received for it: AWAITING ->
    PROCESSING, ``route_taken_at`` = ``at`` (default now), a history entry, its audit row
    and one outbox event (the hub learns NgayNhanPhiDiaGioi)."""
    ctx.actor.require(Permission.RECEIVE)
    now = ctx.now()
    when = at or now
    with ctx.db.session() as s:
        d = load_dossier(s, code)
        if d is None:
            raise DeskError("dossier.unknown", code=code)
        if d.competent_agency_id is None or d.competent_agency_id not in home_agency_ids(s):
            raise DeskError("agency_handover.not_incoming", code=d.code)
        state = RouteState(d.route_state)
        if state is not RouteState.AWAITING:
            raise DeskError(
                "agency_handover.not_awaiting",
                code=d.code,
                state=state.label_vi,
                state_en=state.label_en,
            )
        d.route_state = int(RouteState.PROCESSING)
        d.route_taken_at = when
        d.version += 1
        d.updated_at = now
        s.add(
            StatusHistory(
                dossier_id=d.id,
                from_status=d.status,
                to_status=d.status,
                at=when,
                actor=ctx.actor.username,
                note=note or "Cơ quan có thẩm quyền tiếp nhận hồ sơ",
            )
        )
        record_change(ctx, s, d, action="dossier.route_take", detail={"taken_at": when.isoformat()})
        s.commit()
