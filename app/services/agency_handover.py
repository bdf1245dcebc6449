"""The paper hand-over between bodies (issue 18, "phi địa giới"): the originals of dossiers a
point A received for a competent body B travel to B on a hand-over list of kind "agency".

It is the post hand-over batch (app.services.post, app.domain.handover) generalised: the
same table, batch id and numbering (unique across A's counters offline), the same one-page
list with one QR code for the batch, printed and re-printed by ``post.print_handover``.
What differs: the list names the body it goes to and the courier, has three signatures,
and its QR payload is ``MCBA1`` (app.domain.handover), which names both bodies and when the
papers were sent (NgayGuiPhiDiaGioi).

At A, ``create_agency_handover`` groups the dossiers received here for B whose papers have
not travelled yet (route_state RECEIVED or AWAITING, in no agency batch), one page at most.
Each dossier gets a history entry and a new version whose national record carries
NgayGuiPhiDiaGioi (app.sync.mapping), so the hub learns it.

At B, ``receive_agency_handover`` takes the whole batch from one scan: each dossier of the
batch is linked to it and taken (``app.services.interagency.take_incoming``: AWAITING ->
PROCESSING). A dossier the hub has not delivered to B yet cannot be taken: the scan is not
lost (the batch and the dossiers that are here are recorded) and the receipt names the
missing ones; the clerk scans the same paper list again once they arrive, which takes only
those. A batch is marked received when every one of its dossiers is taken; a scan after
that is refused. The links are written before the takes, so a scan cut short (a crash, a
full disk) is finished by scanning again, never doubled.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.domain.dossier import VN_TZ, DossierRow, clock_text
from app.domain.errors import DeskError
from app.domain.handover import (
    KIND_AGENCY,
    MAX_BATCH_SIZE,
    MAX_BATCHES_PER_DAY,
    AgencyHandoverReceipt,
    HandoverBatch,
    format_batch_id,
    parse_agency_payload,
    parse_batch_id,
)
from app.domain.interagency import RouteState
from app.domain.roles import Permission
from app.services import interagency
from app.services.context import DeskContext
from app.services.dossiers import record_change
from app.services.post import batch_of, clean_batch_codes
from app.store.agencies import agency_row, home_agency_ids
from app.store.handovers import (
    dossiers_by_code,
    first_batched,
    handover_by_batch_id,
    handovers,
    last_batch_seq,
    papers_here,
    unsent_by_body,
    unsent_for_agency_rows,
)
from app.store.models import Agency, Handover, HandoverItem
from app.store.repositories import add_audit, add_history

__all__ = [
    "BodyWaiting",
    "bodies_waiting",
    "create_agency_handover",
    "list_agency_handovers",
    "pending_for_agency",
    "receive_agency_handover",
]

#: The papers can travel while the competent body has not taken the dossier.
_SENDABLE = (int(RouteState.RECEIVED), int(RouteState.AWAITING))
#: The start of the history note at the sending point.
SENT_NOTE = "Chuyển hồ sơ giấy cho"
#: The start of the note when the competent body takes a dossier from the list.
TAKEN_NOTE = "Tiếp nhận hồ sơ giấy theo danh sách bàn giao"


def _body(s: Session, code: str) -> Agency:
    """Another body of the local catalog (never this counter's own agency)."""
    row = agency_row(s, code.strip())
    if row is None or not row.kind or row.id in home_agency_ids(s):
        raise DeskError("agency_handover.unknown_body", code=code)
    return row


def pending_for_agency(ctx: DeskContext, *, to_agency: str, limit: int = 200) -> list[DossierRow]:
    """Dossiers received here for ``to_agency`` whose papers have not travelled, oldest first."""
    ctx.actor.require(Permission.RECEIVE)
    with ctx.db.read_session() as s:
        body = _body(s, to_agency)
        return unsent_for_agency_rows(
            s,
            home_ids=sorted(home_agency_ids(s)),
            competent_id=body.id,
            route_states=_SENDABLE,
            limit=limit,
        )


@dataclass(frozen=True)
class BodyWaiting:
    """A body that dossiers received here wait to have their papers carried to."""

    code: str
    name: str
    count: int


def bodies_waiting(ctx: DeskContext) -> list[BodyWaiting]:
    """The bodies with dossiers whose papers have not travelled yet, by name."""
    ctx.actor.require(Permission.RECEIVE)
    with ctx.db.read_session() as s:
        home = sorted(home_agency_ids(s))
        return [
            BodyWaiting(code, name, n)
            for code, name, n in unsent_by_body(s, home_ids=home, route_states=_SENDABLE)
        ]


def list_agency_handovers(
    ctx: DeskContext, *, received: bool | None = None, limit: int = 50
) -> list[HandoverBatch]:
    """Agency batches (made here or scanned here), newest first."""
    ctx.actor.require(Permission.VIEW)
    with ctx.db.read_session() as s:
        return [
            batch_of(s, h) for h in handovers(s, received=received, limit=limit, kind=KIND_AGENCY)
        ]


def create_agency_handover(
    ctx: DeskContext, *, to_agency: str, courier: str, codes: Sequence[str] | None = None
) -> HandoverBatch:
    """A hand-over list of the papers of dossiers received here for ``to_agency``.

    ``codes`` None: the oldest dossiers waiting for their papers to travel there, one page
    at most (the rest go on the next list). Given codes must each be such a dossier. The
    sending time is the list's creation; each dossier gets a history entry and an outbox
    event carrying NgayGuiPhiDiaGioi. Audited."""
    ctx.actor.require(Permission.RECEIVE)
    courier = " ".join(courier.split())
    if not courier or len(courier) > 200:
        raise DeskError("agency_handover.no_courier")
    agency, _, _ = ctx.service_point()
    slot = ctx.code_slot()
    now = ctx.now()
    day = now.astimezone(VN_TZ).date()
    with ctx.db.session() as s:
        body = _body(s, to_agency)
        home = home_agency_ids(s)
        if codes is None:
            rows = unsent_for_agency_rows(
                s,
                home_ids=sorted(home),
                competent_id=body.id,
                route_states=_SENDABLE,
                limit=MAX_BATCH_SIZE,
            )
            if not rows:
                raise DeskError("agency_handover.nothing", body=f"{body.name} ({body.code})")
            wanted = [r.code for r in rows]
        else:
            wanted = clean_batch_codes(codes)
        found = dossiers_by_code(s, wanted)
        for code in wanted:
            d = found.get(code)
            if d is None:
                raise DeskError("dossier.unknown", code=code)
            if d.agency_id not in home or d.competent_agency_id != body.id:
                raise DeskError("agency_handover.not_for_body", code=code, body=body.name)
            if d.route_state not in _SENDABLE:
                st = RouteState(d.route_state)
                raise DeskError(
                    "agency_handover.not_sendable",
                    code=code,
                    state=st.label_vi,
                    state_en=st.label_en,
                )
        here = papers_here(s, [found[c].id for c in wanted])
        for code in wanted:
            if found[code].id not in here:  # a post dossier still on its way from the post
                raise DeskError("agency_handover.post_not_here", code=code)
        taken = first_batched(s, [found[c].id for c in wanted], kind=KIND_AGENCY)
        if taken is not None:
            raise DeskError("handover.already_batched", code=taken[0], batch_id=taken[1])
        # One numbering for both kinds: the batch id stays unique on this point's counters.
        last = last_batch_seq(s, agency_code=agency.code, day=f"{day:%y%m%d}", slot=slot)
        if last >= MAX_BATCHES_PER_DAY:
            raise DeskError("handover.exhausted", slot=slot, day=f"{day:%d/%m/%Y}")
        batch_id = format_batch_id(agency.code, day, slot, last + 1)
        h = Handover(
            batch_id=batch_id,
            agency_code=agency.code,
            day=f"{day:%y%m%d}",
            slot=slot,
            seq=last + 1,
            agent=ctx.actor.username,
            agent_name=ctx.actor.full_name,
            created_at=now,
            received_by="",
            kind=KIND_AGENCY,
            to_agency_code=body.code,
            courier_name=courier,
        )
        s.add(h)
        s.flush()
        for i, code in enumerate(wanted):
            d = found[code]
            s.add(
                HandoverItem(
                    handover_id=h.id,
                    position=i,
                    dossier_id=d.id,
                    dossier_code=code,
                    kind=KIND_AGENCY,
                    post_accepted_at=d.received_at,
                )
            )
        s.flush()
        for code in wanted:
            d = found[code]
            d.version += 1  # a new version: its national record carries NgayGuiPhiDiaGioi
            d.updated_at = now
            note = f"{SENT_NOTE} {body.name} theo danh sách bàn giao {batch_id}; người chuyển: {courier}"
            add_history(s, d, d.status, d.status, now, actor=ctx.actor.username, note=note)
            record_change(
                ctx,
                s,
                d,
                action="dossier.papers_sent",
                detail={"batch_id": batch_id, "to_agency": body.code, "courier": courier},
            )
        add_audit(
            s,
            at=now,
            actor=ctx.actor.username,
            action="handover.create",
            entity="handover",
            key=batch_id,
            detail={
                "kind": KIND_AGENCY,
                "to_agency": body.code,
                "courier": courier,
                "codes": wanted,
            },
        )
        batch = batch_of(s, h)
        s.commit()
    return batch


def receive_agency_handover(ctx: DeskContext, *, payload: str) -> AgencyHandoverReceipt:
    """Receive an agency batch at the competent body from one scan of its QR code.

    Refused before anything is written: a damaged payload, a list for another body, a list
    already received in full, a dossier of the list that is not one the sending point
    received for this body, or that another list already carried. Then the batch and the
    dossiers that are here are linked (one transaction), and each that waits is taken
    (``take_incoming``); the batch is received when all its dossiers are taken."""
    ctx.actor.require(Permission.HANDOVER_RECEIVE)
    parsed = parse_agency_payload(payload)
    agency, _, _ = ctx.service_point()
    if parsed.to_agency != agency.code:
        raise DeskError(
            "agency_handover.other_body",
            batch_id=parsed.batch_id,
            to_agency=parsed.to_agency,
            agency=agency.code,
        )
    now = ctx.now()
    with ctx.db.session() as s:
        h = handover_by_batch_id(s, parsed.batch_id)
        if h is not None and h.kind != KIND_AGENCY:
            raise DeskError("handover.mismatch", batch_id=parsed.batch_id)
        if h is not None and h.received_at is not None:
            raise DeskError(
                "handover.already_received",
                batch_id=h.batch_id,
                at=clock_text(h.received_at),
                by=h.received_by or "?",
            )
        linked = {i.dossier_code for i in h.items} if h is not None else set()
        if h is not None and not linked <= set(parsed.codes):
            raise DeskError("handover.mismatch", batch_id=h.batch_id)
        found = dossiers_by_code(s, parsed.codes)
        home = home_agency_ids(s)
        sender = agency_row(s, parsed.from_agency)
        sender_name = sender.name if sender is not None else ""
        new = [c for c in parsed.codes if c in found and c not in linked]
        for code in new:
            d = found[code]
            if (
                sender is None
                or d.agency_id != sender.id
                or d.competent_agency_id is None
                or d.competent_agency_id not in home
                or d.route_state < int(RouteState.AWAITING)
            ):
                raise DeskError(
                    "agency_handover.not_from",
                    code=code,
                    batch_id=parsed.batch_id,
                    from_agency=parsed.from_agency,
                )
        other = first_batched(s, [found[c].id for c in new], kind=KIND_AGENCY) if new else None
        if other is not None:
            raise DeskError("handover.already_batched", code=other[0], batch_id=other[1])
        if h is None:
            h = _batch_from_scan(s, parsed.batch_id, parsed.from_agency, agency.code)
            h.created_at = parsed.sent_at  # when the papers were sent (NgayGuiPhiDiaGioi)
        for code in new:
            d = found[code]
            s.add(
                HandoverItem(
                    handover_id=h.id,
                    position=parsed.codes.index(code),
                    dossier_id=d.id,
                    dossier_code=code,
                    kind=KIND_AGENCY,
                    post_accepted_at=d.received_at,
                )
            )
        s.commit()
        awaiting = [
            c
            for c in parsed.codes
            if c in found and RouteState(found[c].route_state) is RouteState.AWAITING
        ]
        before = [c for c in parsed.codes if c in found and c not in awaiting]
    missing = [c for c in parsed.codes if c not in found]
    note = f"{TAKEN_NOTE} {parsed.batch_id} của {parsed.from_agency} (gửi lúc {clock_text(parsed.sent_at)})"
    for code in list(awaiting):
        try:
            interagency.take_incoming(ctx, code, note=note, at=now)
        except DeskError:
            # Taken meanwhile (another scan, by hand): it counts as taken before.
            if _route_state(ctx, code) < RouteState.PROCESSING:
                raise
            awaiting.remove(code)
            before.append(code)
    with ctx.db.session() as s:
        h = handover_by_batch_id(s, parsed.batch_id)
        assert h is not None
        if not missing:
            h.received_at, h.received_by = now, ctx.actor.username
        add_audit(
            s,
            at=now,
            actor=ctx.actor.username,
            action="handover.receive",
            entity="handover",
            key=parsed.batch_id,
            detail={
                "kind": KIND_AGENCY,
                "from_agency": parsed.from_agency,
                "taken": awaiting,
                "taken_before": before,
                "missing": missing,
            },
        )
        s.commit()
    return AgencyHandoverReceipt(
        parsed.batch_id,
        parsed.from_agency,
        parsed.sent_at,
        now,
        ctx.actor.username,
        tuple(awaiting),
        tuple(before),
        tuple(missing),
        sender_name,
    )


def _route_state(ctx: DeskContext, code: str) -> RouteState:
    with ctx.db.read_session() as s:
        d = dossiers_by_code(s, [code]).get(code)
        return RouteState(d.route_state) if d is not None else RouteState.NONE


def _batch_from_scan(s: Session, batch_id: str, from_agency: str, home_code: str) -> Handover:
    """An agency batch known here from its scan only (made at the sending point)."""
    parsed = parse_batch_id(batch_id)
    assert parsed is not None
    h = Handover(
        batch_id=batch_id,
        agency_code=from_agency,
        day=parsed.day,
        slot=parsed.slot,
        seq=parsed.seq,
        agent="",
        agent_name="",
        created_at=None,
        received_by="",
        kind=KIND_AGENCY,
        to_agency_code=home_code,
        courier_name="",
    )
    s.add(h)
    s.flush()
    return h
