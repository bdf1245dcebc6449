"""Receiving dossiers, moving them through their lifecycle, and looking them up.

Every change writes, in its one transaction, the change itself, an append-only audit row and
an outbox event carrying the dossier in the national field names."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.domain import entry
from app.domain.corrections import (
    VOID_STATUS,
    can_refuse,
    check_refusal,
    check_void,
    void_note,
)
from app.domain.dossier import (
    OPEN_STATUSES,
    VN_TZ,
    Channel,
    DocumentLine,
    DossierRecord,
    DossierRow,
    FeeItem,
    Status,
    check_move,
    legal_moves,
)
from app.domain.errors import DeskError
from app.domain.idcard import CitizenCard, lost_diacritics, parse_cccd_qr
from app.domain.interagency import ReturnPlace, RouteState, check_side_move
from app.domain.lookup import id_key, name_key
from app.domain.moves import check_note
from app.domain.notices import check_channels
from app.domain.organisation import ORG_NAME_MAX, ApplicantKind, tax_code
from app.domain.payment import charged_fees
from app.domain.roles import Permission
from app.domain.text import fold
from app.services.agencies import competent_calendar, known_body
from app.services.catalog import get_procedure
from app.services.context import DeskContext
from app.store.agencies import agency_row, dossier_side
from app.store.models import (
    Applicant,
    Dossier,
    DossierDocument,
    DossierFee,
    StatusHistory,
)
from app.store.notices import notice_lines
from app.store.outbox import add_event
from app.store.repositories import (
    DossierFilter,
    add_audit,
    agency_by_code,
    allocate_code,
    applicant_by_id_number,
    count_matching,
    dossier_by_intake_key,
    load_dossier,
    next_book_ordinal,
    procedure_by_code,
    record_move,
    search_dossiers,
    to_record,
)
from app.sync.mapping import dossier_to_national


@dataclass(frozen=True)
class ApplicantInput:
    full_name: str
    id_number: str
    old_id_number: str = ""
    birth_date: date | None = None
    sex: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    # An organisation: full_name is its name, id_number its tax code (app.domain.organisation).
    kind: ApplicantKind = ApplicantKind.CITIZEN
    representative: str = ""
    # "qr": read from the chip card's QR (TaiKhoanDuocXacThucVoiVNeID); "": typed.
    identity_source: str = ""

    @classmethod
    def from_card(cls, card: CitizenCard, *, phone: str = "", email: str = "") -> ApplicantInput:
        return cls(
            card.full_name,
            card.id_number,
            card.old_id_number,
            card.birth_date,
            card.sex,
            card.address,
            phone,
            email,
            identity_source="qr",
        )

    @classmethod
    def from_qr(cls, payload: str, *, today: date | None = None) -> ApplicantInput:
        """The applicant of a scanned card; refused when the scanner lost the accents."""
        card = parse_cccd_qr(payload, today=today)
        lost = lost_diacritics(card)
        if lost is not None:
            raise DeskError("cccd.lost_diacritics", sample=lost)
        return cls.from_card(card)


def _clean_applicant(a: ApplicantInput, today: date) -> ApplicantInput:
    """The applicant as it will be stored: the rules of app.domain.entry, applied however
    it came in (scan, typing, the CLI, an import)."""
    if a.kind.is_organisation:
        return clean_organisation(a)
    name = entry.clean_name(a.full_name)
    if not name or not a.id_number.strip():
        raise DeskError("applicant.missing")
    number = entry.id_number(a.id_number)
    if a.birth_date is not None and a.birth_date > today:
        raise DeskError(
            "date.future",
            what="Ngày sinh",
            what_en="Birth date",
            value=a.birth_date.strftime("%d/%m/%Y"),
        )
    return replace(
        a,
        full_name=name,
        id_number=number,
        old_id_number=entry.old_id_number(a.old_id_number),
        sex=entry.clean_text(a.sex, field="text", limit=10),
        address=entry.clean_address(a.address),
        phone=entry.clean_phone(a.phone),
        email=entry.clean_text(a.email, field="email", limit=entry.SHORT_MAX),
        representative="",
        identity_source="qr" if a.identity_source == "qr" else "",
    )


def clean_organisation(a: ApplicantInput) -> ApplicantInput:
    """An organisation as stored: its name, its checked tax code, its representative."""
    name = entry.clean_text(a.full_name, field="org_name", limit=ORG_NAME_MAX)
    if not name or not a.id_number.strip():
        raise DeskError("applicant.org_missing")
    return replace(
        a,
        full_name=name,
        id_number=tax_code(entry.clean_text(a.id_number, field="tax_code", limit=20)),
        old_id_number="",
        birth_date=None,
        sex="",
        address=entry.clean_address(a.address),
        phone=entry.clean_phone(a.phone),
        email=entry.clean_text(a.email, field="email", limit=entry.SHORT_MAX),
        representative=entry.clean_name(a.representative),
        identity_source="",
    )


def _remember_applicant(s: Session, a: ApplicantInput, now: datetime) -> Applicant:
    person = applicant_by_id_number(s, a.id_number)
    if person is None:
        person = Applicant(id_number=a.id_number)
        s.add(person)
    person.full_name = a.full_name
    person.name_folded = fold(a.full_name)
    person.old_id_number = a.old_id_number or person.old_id_number or ""
    person.birth_date = a.birth_date or person.birth_date
    person.sex = a.sex or person.sex or ""
    person.address = a.address or person.address or ""
    person.phone = a.phone or person.phone or ""
    person.email = a.email or person.email or ""
    person.kind = int(a.kind)
    person.representative = a.representative or person.representative or ""
    person.updated_at = now
    s.flush()
    return person


def record_change(
    ctx: DeskContext, s: Session, d: Dossier, *, action: str, detail: dict[str, object]
) -> DossierRecord:
    """The changed dossier as a frozen record, its audit row and its outbox event added to
    the caller's transaction (every service that changes a dossier ends with this)."""
    s.flush()
    s.refresh(d)
    record = to_record(s, d)
    _log_change(ctx, s, record, version=d.version, action=action, detail=detail)
    return record


def _log_change(
    ctx: DeskContext,
    s: Session,
    record: DossierRecord,
    *,
    version: int,
    action: str,
    detail: dict[str, object],
) -> None:
    """The audit row and the outbox event of a change, in the caller's transaction."""
    now = ctx.now()
    add_audit(
        s,
        at=now,
        actor=ctx.actor.username,
        action=action,
        entity="dossier",
        key=record.code,
        detail=detail,
    )
    from app.services.files import wire_files
    from app.services.payments import wire_payments
    from app.services.results import wire_results

    # A new dossier (version 1) has no result yet: no query for one.
    results, handover = wire_results(s, record.id, record.code) if version > 1 else ([], None)
    add_event(
        s,
        kind="dossier.upsert",
        dossier_code=record.code,
        now=now,
        payload={
            "version": version,
            # A dossier none of whose papers has a file (every new one) has nothing to list.
            "dossier": dossier_to_national(
                record,
                wire_files(s, record.code) if any(d.digitised for d in record.documents) else [],
                results,
                handover,
                paid=wire_payments(s, record.code) if record.fees else [],
            ),
        },
    )


def find_applicant(ctx: DeskContext, *, id_number: str) -> ApplicantInput | None:
    """What this counter already knows of a person, so nobody re-enters it."""
    ctx.actor.require_any(Permission.RECEIVE, Permission.RECEIVE_POST)
    with ctx.db.read_session() as s:
        p = applicant_by_id_number(s, entry.ascii_digits(id_number))
        if p is None:
            return None
        return ApplicantInput(
            p.full_name,
            p.id_number,
            p.old_id_number,
            p.birth_date,
            p.sex,
            p.address,
            p.phone,
            p.email,
            kind=ApplicantKind(p.kind),
            representative=p.representative,
        )


def open_duplicates(ctx: DeskContext, *, id_number: str, procedure_code: str) -> list[DossierRow]:
    """Open dossiers of the same person for the same procedure (a warning, not a refusal)."""
    proc = get_procedure(ctx, code=procedure_code)
    rows = list_dossiers(ctx, search=entry.ascii_digits(id_number), limit=50)
    return [r for r in rows if r.procedure_code == proc.code and r.status in OPEN_STATUSES]


def receive_dossier(
    ctx: DeskContext,
    *,
    procedure_code: str,
    applicant: ApplicantInput,
    channel: Channel = Channel.DIRECT,
    documents: list[DocumentLine] | None = None,
    fees: list[FeeItem] | None = None,
    received_at: datetime | None = None,
    assisted: bool = False,
    post_receipt_no: str = "",
    result_delivery: str = "counter",
    summary: str = "",
    intake_key: str | None = None,
    notify: Sequence[str] = (),
    competent_agency: str | None = None,
    return_place: ReturnPlace | None = None,
) -> DossierRecord:
    """Receive one dossier: allocate its code, compute its appointment, save it durably.

    ``competent_agency``: the code of another body of the local agency catalog this point
    receives the dossier for (app.domain.interagency); None or the home code: an own
    dossier. Its appointment then follows that body's calendar; ``return_place`` is where
    the citizen collects the result (at this point by default).

    ``notify``: the channels (app.domain.notices) the citizen wants messages by; none by
    default, and never without the contact a channel needs.

    ``intake_key`` makes the call idempotent: a second save of the same form (a double
    click, a retry after a crash) returns the dossier saved the first time."""
    ctx.actor.require(Permission.RECEIVE_POST if channel == Channel.POST else Permission.RECEIVE)
    agency, counter_id, _ = ctx.service_point()
    slot = ctx.code_slot()  # refuses before the hub gave this counter its slot
    person = _clean_applicant(applicant, ctx.now().astimezone(VN_TZ).date())
    notify_channels = check_channels(notify, phone=person.phone, email=person.email)
    post_receipt_no = entry.clean_text(post_receipt_no, field="text", limit=entry.SHORT_MAX)
    summary = entry.clean_text(summary, field="note", limit=entry.NOTE_MAX, multiline=True)
    proc = get_procedure(ctx, code=procedure_code)
    competent = competent_for(ctx, competent_agency, channel)
    if intake_key:
        existing = get_dossier_by_intake_key(ctx, intake_key)
        if existing is not None:
            return existing
    now = ctx.now()
    at = received_at or now
    if at.tzinfo is None:
        raise DeskError("datetime.invalid", value=str(at))
    entry.check_year_range(at.astimezone(VN_TZ).date())
    calendar = ctx.calendar_for(competent) if competent else ctx.calendar()
    appointment = calendar.appointment(at, proc.processing, proc.cutoff)
    docs = (
        documents if documents is not None else [d.as_line() for d in proc.documents if d.required]
    )
    # Only the channel's own fee line: never the direct and the online amount together.
    fee_lines = list(charged_fees(fees if fees is not None else proc.fees, channel))
    day = at.astimezone(VN_TZ).date()
    note = "Tiếp nhận hồ sơ"
    with ctx.db.session() as s:
        p = _remember_applicant(s, person, now)
        code = allocate_code(s, agency_code=agency.code, slot=slot, day=day)
        start, end = ctx.local_day_bounds(day)
        ordinal = next_book_ordinal(s, start, end)
        proc_row = procedure_by_code(s, proc.code)
        assert proc_row is not None
        d = Dossier(
            code=code,
            intake_key=intake_key,
            agency_id=agency_by_code(s, agency.code).id,
            counter_id=counter_id,
            procedure_id=proc_row.id,
            applicant_id=p.id,
            receiver_id=ctx.actor.user_id,
            applicant_name=person.full_name,
            name_folded=fold(person.full_name),
            id_number=person.id_number,
            name_key=name_key(person.full_name),
            id_key=id_key(person.id_number),
            address=person.address,
            phone=person.phone,
            email=person.email,
            notify_channels=notify_channels,
            old_id_number=p.old_id_number,
            birth_date=p.birth_date,
            sex=p.sex,
            applicant_kind=int(person.kind),
            representative=person.representative,
            identity_source=person.identity_source,
            channel=int(channel),
            status=int(Status.RECEIVED),
            assisted=assisted,
            post_receipt_no=post_receipt_no.strip(),
            result_delivery=result_delivery,
            summary=summary,
            processing_amount=proc.processing.amount,
            processing_unit=proc.processing.unit,
            received_at=at,
            appointment_at=appointment,
            fee_total=sum(f.amount for f in fee_lines),
            book_ordinal=ordinal,
            version=1,
            updated_at=now,
            **_route_fields(s, competent, return_place),
            documents=[
                DossierDocument(
                    position=i,
                    code=doc.code,
                    name=doc.name,
                    originals=doc.originals,
                    copies=doc.copies,
                )
                for i, doc in enumerate(docs)
            ],
            fees=[
                DossierFee(code=f.code, name=f.name, amount=f.amount, collection=f.collection)
                for f in fee_lines
            ],
            supplements=[],  # none yet: the record mapper need not ask the database
            history=[
                StatusHistory(
                    from_status=None,
                    to_status=int(Status.RECEIVED),
                    at=at,
                    actor=ctx.actor.username,
                    note=note,
                )
            ],
        )
        s.add(d)
        s.flush()
        # The one mapper (app.store.repositories.to_record), from the row still in hand:
        # its collections are loaded and its lookups in the identity map, so no read-back.
        record = to_record(s, d)
        _log_change(
            ctx,
            s,
            record,
            version=1,
            action="dossier.receive",
            detail={
                "procedure": proc.code,
                "channel": int(channel),
                "id_number": person.id_number,
                **({"competent": competent} if competent else {}),
            },
        )
        try:
            s.commit()
        except IntegrityError:
            s.rollback()
            if intake_key:
                again = get_dossier_by_intake_key(ctx, intake_key)
                if again is not None:
                    return again
            raise
    return record


def competent_for(ctx: DeskContext, code: str | None, channel: Channel) -> str | None:
    """The competent body's code of a dossier received for another body, None for an own
    dossier; DeskError for a body not in the local catalog, or on the online channel (an
    online dossier is filed with the competent body itself; by post is fine)."""
    wanted = known_body(ctx, code)
    if wanted is not None and channel == Channel.ONLINE:
        raise DeskError("interagency.online")
    return wanted


def _route_fields(
    s: Session, competent: str | None, place: ReturnPlace | None
) -> dict[str, object]:
    """The columns of a dossier received for ``competent`` (none for an own one)."""
    if competent is None:
        return {}
    row = agency_row(s, competent)
    assert row is not None  # checked by competent_for before the transaction
    return {
        "competent_agency_id": row.id,
        "route_state": int(RouteState.RECEIVED),
        "return_place": (place or ReturnPlace.RECEIVING).value,
    }


def get_dossier_by_intake_key(ctx: DeskContext, key: str) -> DossierRecord | None:
    with ctx.db.read_session() as s:
        d = dossier_by_intake_key(s, key)
        return None if d is None else to_record(s, d)


def new_intake_key() -> str:
    """One per intake form session: the UI keeps it until the form is cleared."""
    return str(uuid.uuid4())


def get_dossier(ctx: DeskContext, *, code: str) -> DossierRecord:
    ctx.actor.require(Permission.VIEW)
    with ctx.db.read_session() as s:
        d = load_dossier(s, code)
        if d is None:
            raise DeskError("dossier.unknown", code=code)
        return replace(to_record(s, d), notices=notice_lines(s, d.id))


def next_moves(record: DossierRecord) -> list[Status]:
    """The workflow's next steps. Refusing a received dossier is a correction at the counter
    with its own action (``refuse_dossier``, the same day only), not a step."""
    moves = legal_moves(record.status)
    if record.status == Status.RECEIVED:
        moves = [m for m in moves if m != Status.REFUSED]
    return moves


def refusal_possible(ctx: DeskContext, record: DossierRecord) -> bool:
    return can_refuse(record.status, received_at=record.received_at, now=ctx.now())


def advance_dossier(
    ctx: DeskContext,
    *,
    code: str,
    to: Status,
    note: str = "",
    new_appointment: datetime | None = None,
    missing: Sequence[str] = (),
) -> DossierRecord:
    """One legal lifecycle move. ``new_appointment`` extends the deadline (the apology
    letter, Mẫu 04) without a status change when ``to`` equals the current status."""
    ctx.actor.require(Permission.ADVANCE)
    note = entry.clean_text(note, field="note", limit=entry.NOTE_MAX, multiline=True)
    now = ctx.now()
    calendar = ctx.calendar()
    with ctx.db.session() as s:
        d = load_dossier(s, code)
        if d is None:
            raise DeskError("dossier.unknown", code=code)
        src = Status(d.status)
        if to == src and new_appointment is not None:
            action = "dossier.extend"
        else:
            if to == Status.REFUSED:  # a decision at the counter: same day, with its reason
                note = check_refusal(src, note, received_at=d.received_at, now=now)
            check_move(src, to)
            note = check_note(to, note)
            action = "dossier.advance"
        route_after_move(s, d, src, to)
        if new_appointment is not None:
            if new_appointment.tzinfo is None:
                raise DeskError("datetime.invalid", value=str(new_appointment))
            d.extended_appointment_at = new_appointment
        record_move(
            s,
            d,
            to,
            now,
            actor=ctx.actor.username,
            note=note.strip(),
            missing=missing,
            calendar=calendar,
        )
        d.updated_at = now
        record = record_change(
            ctx,
            s,
            d,
            action=action,
            detail={
                "from": int(src),
                "to": int(to),
                "note": note.strip(),
                "new_appointment": new_appointment.isoformat() if new_appointment else None,
            },
        )
        s.commit()
    return record


def route_after_move(
    s: Session, d: Dossier, src: Status, to: Status, *, void: bool = False
) -> None:
    """A dossier received for another body: refuse the move when this side may not make
    it, else set the arrangement's state after it (app.domain.interagency.check_side_move).
    Every service that moves a dossier's status at the counter calls it."""
    route = check_side_move(
        dossier_side(s, d),
        RouteState(d.route_state),
        ReturnPlace(d.return_place) if d.return_place else None,
        int(src),
        int(to),
        void=void,
    )
    if route != d.route_state:
        d.route_state = int(route)


def refuse_dossier(ctx: DeskContext, *, code: str, reason: str) -> DossierRecord:
    """Refuse at the counter (status 3, Mẫu 03): the same day as the reception, with the
    reason the refusal form prints."""
    return advance_dossier(ctx, code=code, to=Status.REFUSED, note=reason)


def void_dossier(
    ctx: DeskContext,
    *,
    code: str,
    reason: str,
    approver: str = "",
    approver_password: str = "",
) -> DossierRecord:
    """Void a dossier entered by mistake, with a supervisor's approval: the actor's own role,
    or a supervisor's user name and password confirmed here (each attempt audited by
    ``log_in``). Travels as status 8 with the reason and the approver in its history note
    (app/domain/corrections.py says why)."""
    from app.services.users import log_in

    ctx.actor.require(Permission.ADVANCE)
    if ctx.actor.can(Permission.VOID):
        approved_by = ctx.actor
    elif approver.strip() and approver_password:
        approved_by = log_in(ctx, username=approver, password=approver_password).actor
        if not approved_by.can(Permission.VOID):
            raise DeskError("correction.approval")
    else:
        raise DeskError("correction.approval")
    now = ctx.now()
    with ctx.db.session() as s:
        d = load_dossier(s, code)
        if d is None:
            raise DeskError("dossier.unknown", code=code)
        src = Status(d.status)
        text = check_void(src, reason)
        route_after_move(s, d, src, VOID_STATUS, void=True)  # who may, for issue 18
        note = void_note(text, f"{approved_by.full_name} ({approved_by.username})")
        record_move(s, d, VOID_STATUS, now, actor=ctx.actor.username, note=note)
        d.updated_at = now
        record = record_change(
            ctx,
            s,
            d,
            action="dossier.void",
            detail={
                "from": int(src),
                "to": int(VOID_STATUS),
                "reason": text,
                "approved_by": approved_by.username,
            },
        )
        s.commit()
    return record


def _agency_code(ctx: DeskContext) -> str:
    try:
        return ctx.service_point()[0].code
    except DeskError:  # not set up yet: a code tail cannot be completed
        return ""


def list_dossiers(
    ctx: DeskContext,
    *,
    status: Status | None = None,
    channel: Channel | None = None,
    search: str = "",
    overdue: bool = False,
    due_today: bool = False,
    received_from: datetime | None = None,
    received_to: datetime | None = None,
    limit: int = 100,
    offset: int = 0,
    undigitised: bool = False,
    repeat_supplement: bool = False,
) -> list[DossierRow]:
    ctx.actor.require(Permission.VIEW)
    now = ctx.now()
    _, day_end = ctx.local_day_bounds(now.astimezone(VN_TZ).date())
    flt = DossierFilter(
        status,
        channel,
        entry.clean_text(search, limit=2000),
        overdue,
        due_today,
        received_from,
        received_to,
        _agency_code(ctx),
        undigitised,
        repeat_supplement,
    )
    with ctx.db.read_session() as s:
        return search_dossiers(s, flt, now=now, day_end=day_end, limit=limit, offset=offset)


def count_dossiers(
    ctx: DeskContext,
    *,
    status: Status | None = None,
    channel: Channel | None = None,
    search: str = "",
    overdue: bool = False,
    due_today: bool = False,
    received_from: datetime | None = None,
    received_to: datetime | None = None,
    undigitised: bool = False,
    repeat_supplement: bool = False,
) -> int:
    """How many dossiers ``list_dossiers`` would page through with the same filters."""
    ctx.actor.require(Permission.VIEW)
    now = ctx.now()
    _, day_end = ctx.local_day_bounds(now.astimezone(VN_TZ).date())
    flt = DossierFilter(
        status,
        channel,
        search,
        overdue,
        due_today,
        received_from,
        received_to,
        _agency_code(ctx),
        undigitised,
        repeat_supplement,
    )
    with ctx.db.read_session() as s:
        return count_matching(s, flt, now=now, day_end=day_end)


def compute_deadline(
    ctx: DeskContext,
    *,
    procedure_code: str,
    received_at: datetime,
    competent_agency: str | None = None,
) -> datetime | None:
    """The appointment, by the calendar of the competent body (the home one by default)."""
    proc = get_procedure(ctx, code=procedure_code)
    cal = competent_calendar(ctx, competent_agency)
    return cal.appointment(received_at, proc.processing, proc.cutoff)


@dataclass(frozen=True)
class IntakePreview:
    """What the intake form shows before saving: the fee due and the appointment a dossier
    received now would get, and whether today is a day off in the counter's calendar."""

    procedure_code: str
    channel: Channel
    fees: tuple[FeeItem, ...]
    fee_total: int
    appointment_at: datetime | None
    day_off: bool
    day_off_name: str = ""
    competent_agency: str | None = None  # the body whose calendar gave the appointment


def preview_intake(
    ctx: DeskContext,
    *,
    procedure_code: str,
    channel: Channel,
    competent_agency: str | None = None,
) -> IntakePreview:
    """The fee (of ``channel`` only) and the appointment of a dossier received now, by the
    calendar of the competent body (the home agency's by default)."""
    proc = get_procedure(ctx, code=procedure_code)
    now = ctx.now()
    cal = competent_calendar(ctx, competent_agency)
    here = ctx.calendar()  # the day off is this counter's own
    today = now.astimezone(VN_TZ).date()
    fees = charged_fees(proc.fees, channel)
    return IntakePreview(
        proc.code,
        channel,
        fees,
        sum(f.amount for f in fees),
        cal.appointment(now, proc.processing, proc.cutoff),
        not here.is_working_day(today),
        here.holiday_name(today) or "",
        competent_agency or None,
    )


#: An ISO date or date-time in shape (whether or not the calendar has it).
_ISO_SHAPE = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2})?)?", re.ASCII
)


def parse_when(text: str) -> datetime:
    """An ISO date or date-time from the user; Vietnam time when no offset is given."""
    raw = entry.clean_text(text)
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        if _ISO_SHAPE.fullmatch(raw):  # 2025-02-30, 24:61: the form is right, the day is not
            raise DeskError(
                "date.impossible", what="Thời điểm", what_en="The date-time", value=raw
            ) from None
        raise DeskError("datetime.invalid", value=raw) from None
    entry.check_year_range(moment.date())  # 0001 or 9999 overflow on any time-zone shift
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=VN_TZ)
    return moment


def parse_day(text: str) -> date:
    raw = entry.clean_text(text)
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        if _ISO_SHAPE.fullmatch(raw):
            raise DeskError("date.impossible", what="Ngày", what_en="The date", value=raw) from None
        raise DeskError("date.invalid", value=raw) from None
    entry.check_year_range(day)
    return day


def days_overdue(ctx: DeskContext, row: DossierRow) -> int:
    if row.appointment_at is None:
        return 0
    due = row.appointment_at.astimezone(VN_TZ).date()
    today = ctx.now().astimezone(VN_TZ).date()
    return ctx.calendar().working_days_between(due, today) if today > due else 0


__all__ = [
    "ApplicantInput",
    "receive_dossier",
    "advance_dossier",
    "get_dossier",
    "list_dossiers",
    "compute_deadline",
    "count_dossiers",
    "parse_when",
    "parse_day",
    "new_intake_key",
    "open_duplicates",
    "find_applicant",
    "next_moves",
    "days_overdue",
    "IntakePreview",
    "preview_intake",
    "refuse_dossier",
    "void_dossier",
    "refusal_possible",
]
