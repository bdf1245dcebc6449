"""Post-office agent mode: dossiers accepted through the public post (channel 3), grouped
into hand-over batches that the commune receives by scanning one QR code.

The law starts the clock of the legal time limit when the commune receives the dossier, not
when the post office accepts it. So a post dossier's ``received_at`` is the post acceptance
time only until its batch is scanned at the commune; then it becomes the scan time and the
appointment is recomputed from it. The post acceptance time is kept on the batch's item
(``HandoverLine.post_accepted_at``) and in the dossier's history note.

Flow: the agent receives each dossier (``receive_dossier(channel=Channel.POST,
post_receipt_no=...)``), then ``create_handover`` and ``print_handover`` (a one-page list,
a QR code per dossier and one for the batch); the clerk calls ``receive_handover`` with the
scanned batch payload. The pure parts (batch id, payload, records) are in
app.domain.handover.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.orm import Session

from app.docs import render_handover_list
from app.domain.codes import MAX_SLOTS
from app.domain.dossier import (
    VN_TZ,
    Channel,
    DossierRow,
    ProcessingTime,
    Status,
    clock_text,
)
from app.domain.errors import DeskError
from app.domain.handover import (
    COMMUNE_RECEPTION_NOTE,
    MAX_BATCH_SIZE,
    MAX_BATCHES_PER_DAY,
    HandoverBatch,
    HandoverLine,
    HandoverReceipt,
    ReceivedDossier,
    format_batch_id,
    handover_payload,
    parse_batch_id,
    parse_payload,
)
from app.domain.procedure import parse_cutoff
from app.domain.roles import Permission
from app.services.agencies import dossier_calendar
from app.services.context import DeskContext
from app.services.dossiers import record_change
from app.services.printing import output_target, save_output
from app.store.agencies import agency_row
from app.store.handovers import (
    batch_lines,
    dossiers_by_code,
    first_batched,
    handover_by_batch_id,
    handovers,
    last_batch_seq,
    procedure_of,
    unbatched_post_rows,
)
from app.store.models import Handover, HandoverItem
from app.store.repositories import add_audit, record_move

__all__ = [
    "HandoverBatch",
    "HandoverReceipt",
    "create_handover",
    "get_handover",
    "handover_payload",
    "list_handovers",
    "pending_post_dossiers",
    "print_handover",
    "receive_handover",
    "render_handover",
]

#: A post dossier can go into a batch while it waits for the commune.
_BATCHABLE = (int(Status.NEW), int(Status.RECEIVED))


# --- Reading ---------------------------------------------------------------------------------


def batch_of(s: Session, h: Handover) -> HandoverBatch:
    rows = batch_lines(s, h.id)
    lines = tuple(
        HandoverLine(item.dossier_code, name, pcode, pname, receipt, item.post_accepted_at)
        for item, name, receipt, pcode, pname in rows
    )
    return HandoverBatch(
        h.batch_id,
        h.agency_code,
        lines,
        h.agent,
        h.agent_name,
        h.created_at,
        h.received_at,
        h.received_by,
        kind=h.kind,
        to_agency_code=h.to_agency_code,
        to_agency_name=_agency_name(s, h.to_agency_code),
        courier_name=h.courier_name,
    )


def _agency_name(s: Session, code: str) -> str:
    row = agency_row(s, code) if code else None
    return row.name if row is not None else ""


def get_handover(ctx: DeskContext, *, batch_id: str) -> HandoverBatch:
    """One batch with its dossiers."""
    ctx.actor.require(Permission.VIEW)
    with ctx.db.read_session() as s:
        h = handover_by_batch_id(s, batch_id.strip())
        if h is None:
            raise DeskError("handover.unknown", batch_id=batch_id)
        return batch_of(s, h)


def list_handovers(
    ctx: DeskContext, *, received: bool | None = None, limit: int = 50
) -> list[HandoverBatch]:
    """Batches, newest first; ``received=False`` gives those still waiting for the commune."""
    ctx.actor.require(Permission.VIEW)
    with ctx.db.read_session() as s:
        return [batch_of(s, h) for h in handovers(s, received=received, limit=limit)]


def pending_post_dossiers(ctx: DeskContext, *, limit: int = 200) -> list[DossierRow]:
    """Post dossiers not in any batch yet, oldest first: what the agent hands over next."""
    ctx.actor.require(Permission.HANDOVER_CREATE)
    with ctx.db.read_session() as s:
        return unbatched_post_rows(s, _BATCHABLE, limit)


# --- Making a batch --------------------------------------------------------------------------


def clean_batch_codes(codes: Sequence[str]) -> list[str]:
    cleaned: list[str] = []
    for raw in codes:
        code = raw.strip().upper()
        if not code:
            continue
        if code in cleaned:
            raise DeskError("handover.duplicate_code", code=code)
        cleaned.append(code)
    if not cleaned:
        raise DeskError("handover.empty")
    if len(cleaned) > MAX_BATCH_SIZE:
        raise DeskError("handover.too_many", max=MAX_BATCH_SIZE, count=len(cleaned))
    return cleaned


def create_handover(ctx: DeskContext, *, codes: Sequence[str]) -> HandoverBatch:
    """Group post dossiers (at most one page of them) into a new hand-over batch.

    Each dossier must have come through the post, still wait for the commune, and be in no
    other batch. The batch id is ``<agency>-BG-<yymmdd>-<slot><nnn>``, unique across the
    agency's counters. Audited; the dossiers themselves do not change until the commune
    receives the batch."""
    ctx.actor.require(Permission.HANDOVER_CREATE)
    wanted = clean_batch_codes(codes)
    agency, _, _ = ctx.service_point()
    slot = ctx.code_slot()  # batch ids are numbered per slot, as dossier codes are
    now = ctx.now()
    day = now.astimezone(VN_TZ).date()
    with ctx.db.session() as s:
        found = dossiers_by_code(s, wanted)
        for code in wanted:
            d = found.get(code)
            if d is None:
                raise DeskError("dossier.unknown", code=code)
            if d.channel != int(Channel.POST):
                raise DeskError("handover.not_post", code=code)
            if d.status not in _BATCHABLE:
                st = Status(d.status)
                raise DeskError(
                    "handover.not_open", code=code, status=st.label_vi, status_en=st.label_en
                )
        taken = first_batched(s, [found[c].id for c in wanted])
        if taken is not None:
            raise DeskError("handover.already_batched", code=taken[0], batch_id=taken[1])
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
                    post_accepted_at=d.received_at,
                )
            )
        s.flush()
        add_audit(
            s,
            at=now,
            actor=ctx.actor.username,
            action="handover.create",
            entity="handover",
            key=batch_id,
            detail={"codes": wanted},
        )
        batch = batch_of(s, h)
        s.commit()
    return batch


def render_handover(ctx: DeskContext, *, batch_id: str) -> bytes:
    """The list's PDF bytes, for the preview window."""
    ctx.actor.require(Permission.PRINT)
    batch = get_handover(ctx, batch_id=batch_id)
    agency, _, _ = ctx.service_point()
    return render_handover_list(batch, agency=agency)


def print_handover(ctx: DeskContext, *, batch_id: str, out: Path | None = None) -> Path:
    """Write the list to a PDF file (``out``, or the printed folder); audited."""
    data = render_handover(ctx, batch_id=batch_id)
    target = save_output(output_target(ctx, out, f"{batch_id}.pdf"), data)
    with ctx.db.session() as s:
        add_audit(
            s,
            at=ctx.now(),
            actor=ctx.actor.username,
            action="handover.print",
            entity="handover",
            key=batch_id,
            detail={"file": str(target)},
        )
        s.commit()
    return target


# --- Receiving a batch at the commune --------------------------------------------------------


def receive_handover(ctx: DeskContext, *, payload: str) -> HandoverReceipt:
    """Receive a whole batch from its scanned QR payload (commune clerks).

    Checked before anything is written: the payload's format and checksum, that the batch
    is for this counter's agency, that it was not received already, and that every dossier
    is here, came through the post and is in no other batch. Then, in one transaction, each
    dossier gets ``received_at`` = now (the legal clock starts), a new appointment from the
    calendar, a history entry keeping the post acceptance time, an audit row and an outbox
    event; the batch is marked received. Refusals raise DeskError and record nothing."""
    ctx.actor.require(Permission.HANDOVER_RECEIVE)
    parsed = parse_payload(payload)
    agency, _, _ = ctx.service_point()
    if parsed.agency_code != agency.code:
        raise DeskError(
            "handover.other_agency",
            batch_id=parsed.batch_id,
            batch_agency=parsed.agency_code,
            agency=agency.code,
        )
    now = ctx.now()
    with ctx.db.session() as s:
        h = handover_by_batch_id(s, parsed.batch_id)
        if h is not None and h.received_at is not None:
            raise DeskError(
                "handover.already_received",
                batch_id=h.batch_id,
                at=clock_text(h.received_at),
                by=h.received_by or "?",
            )
        dossiers = dossiers_by_code(s, parsed.codes)
        missing = [c for c in parsed.codes if c not in dossiers]
        if missing:
            raise DeskError(
                "handover.missing_dossiers", codes=", ".join(missing), batch_id=parsed.batch_id
            )
        for code in parsed.codes:
            if dossiers[code].channel != int(Channel.POST):
                raise DeskError("handover.not_post", code=code)
        if h is None:
            taken = first_batched(s, [d.id for d in dossiers.values()])
            if taken is not None:  # in a batch made here, but not this one
                raise DeskError("handover.already_batched", code=taken[0], batch_id=taken[1])
            h = _batch_from_scan(s, parsed.batch_id, parsed.agency_code)
            links: dict[int, HandoverItem] = {}
            for i, code in enumerate(parsed.codes):
                d = dossiers[code]
                links[d.id] = HandoverItem(
                    handover_id=h.id,
                    position=i,
                    dossier_id=d.id,
                    dossier_code=code,
                    post_accepted_at=d.received_at,
                )
                s.add(links[d.id])
        else:
            if sorted(i.dossier_code for i in h.items) != sorted(parsed.codes):
                raise DeskError("handover.mismatch", batch_id=h.batch_id)
            links = {i.dossier_id: i for i in h.items}
        received: list[ReceivedDossier] = []
        for code in parsed.codes:
            d = dossiers[code]
            accepted = links[d.id].post_accepted_at
            proc = procedure_of(s, d)
            # A post dossier received for another body follows that body's calendar.
            due = dossier_calendar(ctx, s, d).appointment(
                now,
                ProcessingTime(d.processing_amount, d.processing_unit),
                parse_cutoff(proc.cutoff),
            )
            d.received_at, d.appointment_at = now, due
            if ctx.actor.user_id is not None:
                d.receiver_id = ctx.actor.user_id
            note = (
                f"{COMMUNE_RECEPTION_NOTE} "
                f"{parsed.batch_id}; bưu điện nhận lúc {clock_text(accepted)}"
            )
            # received here: the same status, the clock starting now
            record_move(s, d, Status(d.status), now, actor=ctx.actor.username, note=note)
            d.updated_at = now
            record_change(
                ctx,
                s,
                d,
                action="dossier.handover_receive",
                detail={
                    "batch_id": parsed.batch_id,
                    "post_accepted_at": accepted.isoformat(),
                    "appointment_at": due.isoformat() if due else None,
                },
            )
            received.append(ReceivedDossier(code, accepted, now, due))
        h.received_at, h.received_by = now, ctx.actor.username
        add_audit(
            s,
            at=now,
            actor=ctx.actor.username,
            action="handover.receive",
            entity="handover",
            key=h.batch_id,
            detail={"codes": list(parsed.codes)},
        )
        s.commit()
    return HandoverReceipt(
        parsed.batch_id, parsed.agency_code, now, ctx.actor.username, tuple(received)
    )


def _batch_from_scan(s: Session, batch_id: str, agency_code: str) -> Handover:
    """A batch made on another counter, known here from its scan only."""
    parsed = parse_batch_id(batch_id)
    assert parsed is not None and 0 <= parsed.slot < MAX_SLOTS
    h = Handover(
        batch_id=batch_id,
        agency_code=agency_code,
        day=parsed.day,
        slot=parsed.slot,
        seq=parsed.seq,
        agent="",
        agent_name="",
        created_at=None,
        received_by="",
    )
    s.add(h)
    s.flush()
    return h
