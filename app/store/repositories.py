"""Queries and writes of the dossier store, turned into the domain's frozen records."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, and_, func, or_, select, update
from sqlalchemy.orm import Session, selectinload

from app.domain.calendar import WorkingDayCalendar
from app.domain.codes import NUMBERING_HOLD_KEY, next_code
from app.domain.dossier import (
    DUE_STATUSES,
    VN_TZ,
    AgencyInfo,
    ApplicantInfo,
    Channel,
    DocumentLine,
    DossierId,
    DossierRecord,
    DossierRow,
    FeeItem,
    HistoryEntry,
    ProcessingTime,
    Status,
    Timeliness,
)
from app.domain.errors import DeskError
from app.domain.interagency import ReturnPlace, RouteState
from app.domain.lookup import LookupKind, interpret_lookup, sequence_codes, tail_code
from app.domain.moves import MoveEffects, MoveState, apply_move
from app.domain.organisation import ApplicantKind
from app.domain.payment import charged_fees
from app.store.models import (
    Agency,
    Applicant,
    AuditLog,
    CodeSequence,
    Counter,
    Dossier,
    DossierDocument,
    DossierFile,
    Handover,
    HandoverItem,
    KeyValue,
    OutboxEvent,
    Procedure,
    StatusHistory,
    User,
)
from app.store.supplements import repeat_supplement_clause, supplement_record, track_supplement


def add_audit(
    session: Session,
    *,
    at: datetime,
    actor: str,
    action: str,
    entity: str,
    key: str,
    detail: dict[str, Any] | None = None,
) -> None:
    session.add(
        AuditLog(
            at=at,
            actor=actor,
            action=action,
            entity=entity,
            entity_key=key,
            detail=json.dumps(detail or {}, ensure_ascii=False, sort_keys=True, default=str),
        )
    )


def get_value(session: Session, key: str, default: str | None = None) -> str | None:
    row = session.get(KeyValue, key)
    return row.value if row is not None else default


def set_value(session: Session, key: str, value: str) -> None:
    row = session.get(KeyValue, key)
    if row is None:
        session.add(KeyValue(key=key, value=value))
    else:
        row.value = value


def values_of(session: Session, keys: Sequence[str]) -> dict[str, str]:
    return {r.key: r.value for r in session.scalars(select(KeyValue).where(KeyValue.key.in_(keys)))}


def delete_value(session: Session, key: str) -> None:
    row = session.get(KeyValue, key)
    if row is not None:
        session.delete(row)


def counter_name(session: Session, counter_id: int) -> str:
    c = session.get(Counter, counter_id)
    return c.name if c is not None else ""


def this_counter(session: Session) -> Counter | None:
    """The counter row this database serves (the ``counter_id`` key), None before set-up."""
    row = session.get(KeyValue, "counter_id")
    return session.get(Counter, int(row.value)) if row is not None else None


def counter_by_id(session: Session, counter_id: int) -> Counter | None:
    return session.get(Counter, counter_id)


def counter_in_slot(session: Session, *, agency_id: int, slot: int, besides: int) -> Counter | None:
    """Another counter row of the agency numbering in ``slot``."""
    return session.scalar(
        select(Counter).where(
            Counter.agency_id == agency_id, Counter.slot == slot, Counter.id != besides
        )
    )


def agency_by_id(session: Session, agency_id: int) -> Agency | None:
    return session.get(Agency, agency_id)


def holds_dossiers_or_batches(session: Session) -> bool:
    """Whether any dossier or hand-over batch is stored here."""
    dossiers = session.scalar(select(func.count(Dossier.id))) or 0
    batches = session.scalar(select(func.count(Handover.id))) or 0
    return bool(dossiers + batches)


def dossier_by_code(session: Session, code: str) -> Dossier | None:
    """The dossier row alone (``load_dossier`` also loads its documents, fees and history)."""
    return session.scalar(select(Dossier).where(Dossier.code == code))


def code_sequence(session: Session, agency_code: str, day: str, slot: int) -> CodeSequence | None:
    """The code counter of ``slot`` on ``day`` (yymmdd) for ``agency_code``."""
    return session.get(CodeSequence, (agency_code, day, slot))


def audit_count_after(session: Session, moment: datetime | None) -> int:
    """Audit rows written after ``moment`` (all of them for None)."""
    stmt = select(func.count(AuditLog.id))
    if moment is not None:
        stmt = stmt.where(AuditLog.at > moment)
    return int(session.scalar(stmt) or 0)


def allocate_code(session: Session, *, agency_code: str, slot: int, day: date) -> str:
    """Take this counter's next number for ``day``: persisted with the dossier that uses it,
    so a number is never handed out twice, even after a crash."""
    refuse_while_numbering_held(session)
    seq = number_counter(session, agency_code, f"{day:%y%m%d}", slot)
    code, local = next_code(agency_code, slot, day, seq.last)
    seq.last = local
    return code


def number_counter(session: Session, agency_code: str, key: str, slot: int) -> CodeSequence:
    """The counter row of one series (a dossier day ``yymmdd``, a receipt year ``BL2026``)
    and slot, created at 0: the caller moves ``last`` forward in the transaction that uses
    the number, so a number is never handed out twice."""
    seq = session.get(CodeSequence, (agency_code, key, slot))
    if seq is None:
        seq = CodeSequence(agency_code=agency_code, day=key, slot=slot, last=0)
        session.add(seq)
    return seq


def numbering_hold_reason(session: Session) -> str:
    """Why no new number may be issued now ("" when numbers are issued normally)."""
    held = get_value(session, NUMBERING_HOLD_KEY)
    if not held:
        return ""
    try:
        return str(json.loads(held).get("reason", held))
    except (ValueError, AttributeError):
        return held


def refuse_while_numbering_held(session: Session) -> None:
    """No number of any counter series is handed out while the numbering is on hold (after
    a restore or a lost database, until the hub or a supervisor lifted it)."""
    reason = numbering_hold_reason(session)
    if reason:
        raise DeskError("code.numbering_hold", reason=reason)


def agency_info(agency: Agency) -> AgencyInfo:
    return AgencyInfo(
        code=agency.code,
        name=agency.name,
        parent_name=agency.parent_name,
        center_name=agency.center_name,
        place=agency.place,
        address=agency.address,
        phone=agency.phone,
        lookup_url=agency.lookup_url,
        bank_bin=agency.bank_bin,
        bank_account=agency.bank_account,
        bank_account_name=agency.bank_account_name,
    )


class _Lookups:
    """Small rows shared by many records, read through the session's identity map."""

    def __init__(self, session: Session) -> None:
        self._s = session
        self._agencies: dict[int, AgencyInfo] = {}

    def agency(self, agency_id: int) -> AgencyInfo:
        if agency_id not in self._agencies:
            a = self._s.get(Agency, agency_id)
            assert a is not None
            self._agencies[agency_id] = agency_info(a)
        return self._agencies[agency_id]

    def procedure(self, procedure_id: int) -> Procedure:
        p = self._s.get(Procedure, procedure_id)
        assert p is not None
        return p

    def counter(self, counter_id: int) -> str:
        c = self._s.get(Counter, counter_id)
        return c.name if c is not None else ""

    def user(self, user_id: int | None) -> str:
        u = self._s.get(User, user_id) if user_id is not None else None
        return u.full_name if u is not None else ""


def to_record(session: Session, d: Dossier, lookups: _Lookups | None = None) -> DossierRecord:
    lk = lookups or _Lookups(session)
    proc = lk.procedure(d.procedure_id)
    with_files = set(
        session.scalars(select(DossierFile.document_id).where(DossierFile.dossier_id == d.id))
    )
    return DossierRecord(
        id=DossierId(d.id),
        code=d.code,
        agency=lk.agency(d.agency_id),
        procedure_code=proc.code,
        procedure_name=proc.name,
        field_name=proc.field_name,
        applicant=ApplicantInfo(
            full_name=d.applicant_name,
            id_number=d.id_number,
            # The person as received with this dossier, not the applicant row that a later
            # intake of the same person overwrites.
            old_id_number=d.old_id_number,
            birth_date=d.birth_date,
            sex=d.sex,
            address=d.address,
            phone=d.phone,
            email=d.email,
            kind=ApplicantKind(d.applicant_kind),
            representative=d.representative,
            identity_verified=d.identity_source == "qr",
        ),
        channel=Channel(d.channel),
        status=Status(d.status),
        received_at=d.received_at,
        appointment_at=d.appointment_at,
        processing=ProcessingTime(d.processing_amount, d.processing_unit),
        documents=tuple(
            DocumentLine(x.name, x.originals, x.copies, x.code, x.id in with_files)
            for x in d.documents
        ),
        # Dossiers saved before the channel rule hold both fee variants: charge one.
        fees=charged_fees(
            (FeeItem(f.name, f.amount, f.code, f.collection) for f in d.fees), Channel(d.channel)
        ),
        history=tuple(
            HistoryEntry(
                h.at,
                Status(h.from_status) if h.from_status is not None else None,
                Status(h.to_status),
                h.actor,
                h.note,
            )
            for h in d.history
        ),
        receiver_name=lk.user(d.receiver_id),
        counter_name=lk.counter(d.counter_id),
        assisted=d.assisted,
        post_receipt_no=d.post_receipt_no,
        result_delivery=d.result_delivery,
        sets=d.sets,
        summary=d.summary,
        finished_at=d.finished_at,
        returned_at=d.returned_at,
        extended_appointment_at=d.extended_appointment_at,
        book_ordinal=d.book_ordinal,
        print_count=d.print_count,
        field_code=proc.field_code,
        competent=(
            lk.agency(d.competent_agency_id)
            if d.competent_agency_id is not None and d.competent_agency_id != d.agency_id
            else None
        ),
        route_state=RouteState(d.route_state),
        return_place=ReturnPlace(d.return_place) if d.return_place else None,
        route_taken_at=d.route_taken_at,
        route_back_at=d.route_back_at,
        route_sent_at=papers_sent_at(session, d),
        supplements=tuple(supplement_record(r) for r in d.supplements),
        notify_channels=d.notify_channels,
    )


def papers_sent_at(session: Session, d: Dossier) -> datetime | None:
    """When a routed dossier's originals left on a hand-over list of kind "agency" (known
    at both ends: the sender made the list, the competent body scanned it); None for an own
    dossier without asking the database."""
    if d.competent_agency_id is None or d.competent_agency_id == d.agency_id:
        return None
    return session.scalar(
        select(Handover.created_at)
        .join(HandoverItem, HandoverItem.handover_id == Handover.id)
        .where(HandoverItem.dossier_id == d.id, HandoverItem.kind == "agency")
    )


def applicant_by_id_number(session: Session, id_number: str) -> Applicant | None:
    return session.scalar(select(Applicant).where(Applicant.id_number == id_number))


def agency_by_code(session: Session, code: str) -> Agency:
    """The agency row (kept in the session's identity map for the record mapper)."""
    row = session.scalar(select(Agency).where(Agency.code == code))
    assert row is not None
    return row


def procedure_by_code(session: Session, code: str) -> Procedure | None:
    return session.scalar(select(Procedure).where(Procedure.code == code))


def next_book_ordinal(session: Session, start: datetime, end: datetime) -> int:
    """The tracking book's next line for a dossier received in the day [start, end)."""
    count = session.scalar(
        select(func.count(Dossier.id)).where(
            Dossier.received_at >= start, Dossier.received_at < end
        )
    )
    return int(count or 0) + 1


def dossier_by_intake_key(session: Session, key: str) -> Dossier | None:
    return session.scalar(select(Dossier).where(Dossier.intake_key == key))


def load_dossier(session: Session, code: str) -> Dossier | None:
    return session.scalar(
        select(Dossier)
        .where(Dossier.code == code.strip())
        .options(
            selectinload(Dossier.documents),
            selectinload(Dossier.fees),
            selectinload(Dossier.history),
            selectinload(Dossier.supplements),
        )
    )


def records_between(session: Session, start: datetime, end: datetime) -> list[DossierRecord]:
    """Every dossier received in [start, end), oldest first (the tracking book)."""
    lk = _Lookups(session)
    rows = session.scalars(
        select(Dossier)
        .where(Dossier.received_at >= start, Dossier.received_at < end)
        .order_by(Dossier.received_at, Dossier.id)
        .options(
            selectinload(Dossier.documents),
            selectinload(Dossier.fees),
            selectinload(Dossier.history),
            selectinload(Dossier.supplements),
        )
    )
    return [to_record(session, d, lk) for d in rows]


@dataclass(frozen=True)
class DossierFilter:
    status: Status | None = None
    channel: Channel | None = None
    search: str = ""
    overdue: bool = False
    due_today: bool = False
    received_from: datetime | None = None
    received_to: datetime | None = None
    agency_code: str = ""  # this counter's agency: a code tail or a daily number names a code
    undigitised: bool = False  # some component has no file attached yet
    repeat_supplement: bool = False  # a second supplement request (766: counted overdue)


_ROW_COLUMNS = (
    Dossier.id,
    Dossier.code,
    Procedure.code,
    Procedure.name,
    Dossier.applicant_name,
    Dossier.id_number,
    Dossier.channel,
    Dossier.status,
    Dossier.received_at,
    Dossier.appointment_at,
    Dossier.extended_appointment_at,
)


def _prefix_range(column: Any, prefix: str) -> Any:
    # A range, not LIKE: SQLite's LIKE cannot seek an index (it folds ASCII case only).
    return and_(column >= prefix, column < prefix + "\uffff")


def _filtered(
    stmt: Select[Any], flt: DossierFilter, now: datetime, day_end: datetime
) -> tuple[Select[Any], list[Any]]:
    order: list[Any] = [Dossier.received_at.desc(), Dossier.id.desc()]
    # One reading of the box (app/domain/lookup.py), one index: code, batch codes, the
    # day's number, ID number (whole, start or end) or name (start, or the given name).
    look = interpret_lookup(flt.search)
    kind, key = look.kind, look.key
    if kind == LookupKind.CODE:
        stmt = stmt.where(Dossier.code == key)
    elif kind == LookupKind.CODES:
        stmt = stmt.where(Dossier.code.in_(look.codes))
    elif kind == LookupKind.CODE_TAIL:
        stmt = stmt.where(
            Dossier.code == tail_code(flt.agency_code, key)
            if flt.agency_code
            else Dossier.code.endswith(f"-{key}")
        )
    elif kind == LookupKind.SEQUENCE:
        today = now.astimezone(VN_TZ).date()
        codes = sequence_codes(flt.agency_code, key, today) if flt.agency_code else ()
        stmt = stmt.where(or_(Dossier.code.in_(codes), _prefix_range(Dossier.id_key, key[::-1])))
    elif kind == LookupKind.CODE_PREFIX:
        stmt = stmt.where(_prefix_range(Dossier.code, key))
        order = [Dossier.code]
    elif kind == LookupKind.ID_NUMBER:
        stmt = stmt.where(Dossier.id_number == key)
    elif kind == LookupKind.ID_SUFFIX:
        stmt = stmt.where(_prefix_range(Dossier.id_key, key[::-1]))
        order = [Dossier.id_key]
    elif kind == LookupKind.TAX_CODE:
        stmt = stmt.where(_prefix_range(Dossier.id_number, key))
        order = [Dossier.id_number, Dossier.received_at.desc()]
    elif kind == LookupKind.ID_PREFIX:
        stmt = stmt.where(_prefix_range(Dossier.id_number, key))
        order = [Dossier.id_number]
    elif kind == LookupKind.FULL_NAME:
        stmt = stmt.where(_prefix_range(Dossier.name_folded, key))
        order = [Dossier.name_folded, Dossier.id]
    elif kind == LookupKind.GIVEN_NAME:
        stmt = stmt.where(_prefix_range(Dossier.name_key, key))
        order = [Dossier.name_key, Dossier.id]
    if flt.status is not None:
        stmt = stmt.where(Dossier.status == int(flt.status))
    if flt.channel is not None:
        stmt = stmt.where(Dossier.channel == int(flt.channel))
    open_codes = [int(s) for s in DUE_STATUSES]  # a dossier waiting for papers is not due
    due = func.coalesce(Dossier.extended_appointment_at, Dossier.appointment_at)
    if flt.overdue:
        stmt = stmt.where(Dossier.status.in_(open_codes), due < now)
    if flt.due_today:
        stmt = stmt.where(Dossier.status.in_(open_codes), due >= now, due < day_end)
    if flt.received_from is not None:
        stmt = stmt.where(Dossier.received_at >= flt.received_from)
    if flt.received_to is not None:
        stmt = stmt.where(Dossier.received_at < flt.received_to)
    if flt.undigitised:
        bare = select(DossierDocument.id).where(
            DossierDocument.dossier_id == Dossier.id,
            ~select(DossierFile.id).where(DossierFile.document_id == DossierDocument.id).exists(),
        )
        stmt = stmt.where(bare.exists())
    if flt.repeat_supplement:
        stmt = stmt.where(repeat_supplement_clause())
    return stmt, order


def count_matching(
    session: Session, flt: DossierFilter, *, now: datetime, day_end: datetime
) -> int:
    stmt, _ = _filtered(select(func.count(Dossier.id)), flt, now, day_end)
    return int(session.scalar(stmt) or 0)


def search_dossiers(
    session: Session,
    flt: DossierFilter,
    *,
    now: datetime,
    day_end: datetime,
    limit: int = 100,
    offset: int = 0,
) -> list[DossierRow]:
    base: Select[Any] = select(*_ROW_COLUMNS).join(Procedure, Procedure.id == Dossier.procedure_id)  # type: ignore[assignment]  # the typed row tuple widens to Select[Any] for _filtered
    stmt, order = _filtered(base, flt, now, day_end)
    stmt = stmt.order_by(*order).limit(limit).offset(offset)
    rows = list(session.execute(stmt))
    synced = synced_codes(session, [r[1] for r in rows])
    return [
        DossierRow(
            id=DossierId(r[0]),
            code=r[1],
            procedure_code=r[2],
            procedure_name=r[3],
            applicant_name=r[4],
            id_number=r[5],
            channel=Channel(r[6]),
            status=Status(r[7]),
            received_at=r[8],
            appointment_at=r[10] or r[9],
            synced=r[1] in synced,
        )
        for r in rows
    ]


def synced_codes(session: Session, codes: list[str]) -> set[str]:
    """The dossiers among ``codes`` whose every outbox event the hub acknowledged (at least
    one; a rejected or dead event, or one still waiting, means not synced)."""
    found: set[str] = set()
    for start in range(0, len(codes), 500):
        part = codes[start : start + 500]
        states = session.execute(
            select(OutboxEvent.dossier_code, OutboxEvent.state)
            .where(OutboxEvent.dossier_code.in_(part))
            .distinct()
        ).all()
        acked = {c for c, st in states if st == "acked"}
        found |= acked - {c for c, st in states if st != "acked"}
    return found


def bump_print_count(session: Session, code: str) -> tuple[int, int] | None:
    """Count one more print of dossier ``code``: its id and new count (None: no such
    dossier), in one statement rather than a write and a read-back."""
    row = session.execute(
        update(Dossier)
        .where(Dossier.code == code)
        .values(print_count=Dossier.print_count + 1)
        .returning(Dossier.id, Dossier.print_count)
    ).first()
    return None if row is None else (int(row[0]), int(row[1]))


def add_history(
    session: Session,
    d: Dossier,
    src: Status | int | None,
    to: Status | int,
    at: datetime,
    *,
    actor: str,
    note: str,
) -> None:
    """One line of the dossier's status history (a step with its status unchanged when
    ``src == to``); the note is cut to the column's 1000 characters."""
    session.add(
        StatusHistory(
            dossier_id=d.id,
            from_status=None if src is None else int(src),
            to_status=int(to),
            at=at,
            actor=actor,
            note=note[:1000],
        )
    )


def record_move(
    session: Session,
    d: Dossier,
    to: Status,
    at: datetime,
    *,
    actor: str,
    note: str = "",
    missing: Sequence[str] = (),
    calendar: WorkingDayCalendar | None = None,
) -> MoveEffects:
    """Move ``d`` into ``to`` (``move_dossier_row``) and write the move's history line:
    the one home of "a status move and its line", whoever makes the move (the clerk, the
    back office through the hub, the other body of a routed dossier)."""
    src = Status(d.status)
    effects = move_dossier_row(
        d, to, at, actor=actor, note=note, missing=missing, calendar=calendar
    )
    add_history(session, d, src, to, at, actor=actor, note=note)
    return effects


def move_dossier_row(
    d: Dossier,
    to: Status,
    at: datetime,
    *,
    actor: str = "",
    note: str = "",
    missing: Sequence[str] = (),
    calendar: WorkingDayCalendar | None = None,
) -> MoveEffects:
    """Write the domain's effects of moving ``d`` into ``to`` (app.domain.moves) onto the row;
    ``updated_at`` is the caller's (it may differ from the move's own time). A move into or
    out of status 5 opens or completes a supplement request (app.store.supplements), the
    wait moving the appointment on when ``calendar`` is given."""
    track_supplement(
        d, Status(d.status), to, at, actor=actor, note=note, items=missing, calendar=calendar
    )
    effects = apply_move(
        MoveState(
            status=Status(d.status),
            version=d.version,
            appointment_at=d.appointment_at,
            finished_at=d.finished_at,
            returned_at=d.returned_at,
            timeliness=None if d.timeliness is None else Timeliness(d.timeliness),
        ),
        to,
        at,
    )
    d.status = int(effects.status)
    d.version = effects.version
    d.finished_at, d.returned_at = effects.finished_at, effects.returned_at
    d.timeliness = None if effects.timeliness is None else int(effects.timeliness)
    return effects
