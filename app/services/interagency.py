"""The competent body's side of a dossier received elsewhere for it (issue 18,
app.domain.interagency): taking it, sending its result back to the receiving point, and
the list of dossiers waiting to be taken. Status moves of such a dossier go through the
ordinary ``advance_dossier`` (which asks app.domain.interagency.check_side_move who may
make them); the receiving point hands the result to the citizen with an ordinary move to
status 10 once the result came back.

Every change here is one transaction with its history line, audit row and outbox event,
so the other side learns it through the hub like any other move."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from app.domain import entry
from app.domain.dossier import DossierRecord, Status
from app.domain.errors import DeskError
from app.domain.interagency import ReturnPlace, RouteState, Side, can_move
from app.domain.roles import Permission
from app.services.context import DeskContext
from app.services.dossiers import record_change
from app.store.agencies import dossier_side
from app.store.interagency import incoming_dossiers
from app.store.models import Dossier
from app.store.repositories import add_history, load_dossier

TAKE_NOTE = "Tiếp nhận hồ sơ từ nơi tiếp nhận khác"
SEND_BACK_NOTE = "Gửi trả kết quả về nơi tiếp nhận"


def take_incoming(
    ctx: DeskContext, code: str, *, note: str = "", at: datetime | None = None
) -> DossierRecord:
    """The competent body takes a dossier another point received for it (its papers came,
    or its counter accepts it): AWAITING (or RECEIVED, before the hub said so) ->
    PROCESSING, ``route_taken_at`` set, one history line and one outbox event so that the
    receiving point sees it. DeskError for a dossier that is not incoming, or taken."""
    ctx.actor.require(Permission.RECEIVE)
    note = entry.clean_text(note, field="note", limit=entry.NOTE_MAX, multiline=True)
    now = ctx.now()
    when = at or now
    if when.tzinfo is None:
        raise DeskError("datetime.invalid", value=str(when))
    with ctx.db.session() as s:
        d = _incoming(s, code)
        state = RouteState(d.route_state)
        if not can_move(state, RouteState.PROCESSING):
            raise DeskError(
                "interagency.already_taken",
                code=d.code,
                state=state.label_vi,
                state_en=state.label_en,
            )
        d.route_state = int(RouteState.PROCESSING)
        d.route_taken_at = when
        _history_line(ctx, s, d, when, note or TAKE_NOTE)
        record = record_change(
            ctx,
            s,
            d,
            action="interagency.take",
            detail={"from": int(state), "to": int(RouteState.PROCESSING), "note": note},
        )
        s.commit()
    return record


def send_result_back(ctx: DeskContext, code: str, *, note: str = "") -> DossierRecord:
    """The competent body sends the result of a dossier (status 9) back to the receiving
    point where the citizen collects it: PROCESSING -> RESULT_SENT_BACK, ``route_back_at``
    set; the event carries the result entries, so they reach the receiving point."""
    ctx.actor.require(Permission.ADVANCE)
    note = entry.clean_text(note, field="note", limit=entry.NOTE_MAX, multiline=True)
    now = ctx.now()
    with ctx.db.session() as s:
        d = _incoming(s, code)
        state = RouteState(d.route_state)
        status = Status(d.status)
        if status != Status.RESOLVED:
            raise DeskError(
                "interagency.not_resolved",
                code=d.code,
                status=status.label_vi,
                status_en=status.label_en,
            )
        place = ReturnPlace(d.return_place) if d.return_place else ReturnPlace.RECEIVING
        if place is not ReturnPlace.RECEIVING or not can_move(state, RouteState.RESULT_SENT_BACK):
            raise DeskError(
                "interagency.not_sendable",
                code=d.code,
                state=state.label_vi,
                state_en=state.label_en,
            )
        d.route_state = int(RouteState.RESULT_SENT_BACK)
        d.route_back_at = now
        _history_line(ctx, s, d, now, note or SEND_BACK_NOTE)
        record = record_change(
            ctx,
            s,
            d,
            action="interagency.send_back",
            detail={"from": int(state), "to": int(RouteState.RESULT_SENT_BACK), "note": note},
        )
        s.commit()
    return record


@dataclass(frozen=True)
class IncomingRow:
    """A dossier another point received for this body, for the ``incoming`` list."""

    code: str
    receiving_code: str
    receiving_name: str
    applicant_name: str
    procedure_id: int
    status: Status
    route_state: RouteState
    received_at: datetime
    appointment_at: datetime | None


def list_incoming(ctx: DeskContext, *, waiting_only: bool = True) -> list[IncomingRow]:
    """Dossiers received elsewhere for this body: by default those not taken yet."""
    ctx.actor.require(Permission.VIEW)
    with ctx.db.read_session() as s:
        return [
            IncomingRow(
                d.code,
                a.code,
                a.name,
                d.applicant_name,
                d.procedure_id,
                Status(d.status),
                RouteState(d.route_state),
                d.received_at,
                d.appointment_at,
            )
            for d, a in incoming_dossiers(s, waiting_only=waiting_only)
        ]


def _incoming(s: Session, code: str) -> Dossier:
    d = load_dossier(s, code.strip())
    if d is None:
        raise DeskError("dossier.unknown", code=code)
    if dossier_side(s, d) is not Side.FROM_OTHER:
        raise DeskError("interagency.not_incoming", code=d.code)
    return d


def _history_line(ctx: DeskContext, s: Session, d: Dossier, at: datetime, note: str) -> None:
    """A step of the arrangement in the dossier's history (its status unchanged), which
    both sides print; the version moves on so the hub keeps the newer snapshot."""
    d.version += 1
    d.updated_at = ctx.now()
    add_history(s, d, d.status, d.status, at, actor=ctx.actor.username, note=note)


__all__ = ["take_incoming", "send_result_back", "list_incoming", "IncomingRow"]
