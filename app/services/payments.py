"""Fees paid at the counter: recording how a fee line was paid with its receipt (biên lai)
number, voiding a receipt, the year's series, the printed biên lai, and the electronic
receipt requested from the city's e-receipt gateway through the outbox.

One transaction per payment: the payment row with its receipt number (the counter moved
forward with it), the e-receipt request (an outbox event of its own lane and its row),
the dossier's new version with its audit row and its national record (DanhSachLePhi with
how each line was paid, DuocThanhToanTrucTuyen). A crash leaves all of it or none."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.domain import entry
from app.domain.dossier import VN_TZ
from app.domain.errors import DeskError
from app.domain.fee_receipts import (
    KIND_ERECEIPT,
    FeeLineState,
    FeePayment,
    PaymentMethod,
    check_payment,
    paid_online,
    receipt_symbol,
)
from app.domain.roles import Permission
from app.services.context import DeskContext
from app.store import payments as repo
from app.store.models import FeePaymentRow, FeePaymentVoid
from app.store.outbox import add_event
from app.store.repositories import (
    add_audit,
    load_dossier,
    refuse_while_numbering_held,
)

VOID_REASON_MIN = 5


@dataclass(frozen=True)
class PaymentResult:
    """A recorded payment and the dossier's lines after it."""

    payment: FeePayment
    lines: tuple[FeeLineState, ...]


def _dossier(s: Session, code: str) -> Any:
    d = load_dossier(s, code)
    if d is None:
        raise DeskError("dossier.unknown", code=code)
    return d


def fee_lines(ctx: DeskContext, *, code: str) -> tuple[FeeLineState, ...]:
    """The dossier's charged fee lines, each with its live payment (None: unpaid)."""
    ctx.actor.require(Permission.VIEW)
    with ctx.db.read_session() as s:
        return repo.line_states(s, _dossier(s, code))


def payment_history(ctx: DeskContext, *, code: str) -> list[FeePayment]:
    """Every payment of the dossier, voided ones included."""
    ctx.actor.require(Permission.VIEW)
    with ctx.db.read_session() as s:
        return repo.payments_of(s, _dossier(s, code))


def wire_payments(s: Session, code: str) -> list[FeePayment]:
    """The live payments of a dossier, for its national record (called inside the
    transaction of any change of the dossier)."""
    return repo.live_payments_of_code(s, code)


def ereceipt_payload(p: FeePayment, *, agency_code: str, procedure_code: str) -> dict[str, Any]:
    """What the e-receipt gateway is asked to issue (national-style field names; the
    amount in words is the gateway's to print, from the amount)."""
    from app.sync.mapping import wire_time

    return {
        "version": 1,
        "receipt": {
            "MaDonVi": agency_code,
            "MaHoSo": p.dossier_code,
            "MaTTHC": procedure_code,
            "KyHieuBienLai": p.receipt_symbol,
            "SoBienLai": p.receipt_no,
            "NamBienLai": p.year,
            "TenPhiLePhi": p.fee_name,
            "MaPhiLePhi": p.fee_code,
            "SoTien": p.amount,
            "HinhThucThanhToan": p.method.value,
            "NguoiNop": p.payer_name,
            "NguoiThu": p.collector_name,
            "NgayThu": wire_time(p.paid_at),
        },
    }


def record_payment(
    ctx: DeskContext,
    *,
    code: str,
    line: int,
    method: PaymentMethod | str,
    amount: int | None = None,
) -> PaymentResult:
    """Record that fee line ``line`` (1-based) of dossier ``code`` was paid by ``method``;
    ``amount``, when given, must be the line's. A line already paid is refused."""
    ctx.actor.require(Permission.RECEIVE)
    how = method if isinstance(method, PaymentMethod) else PaymentMethod.parse(method)
    agency, _counter, _slot = ctx.service_point()
    slot = ctx.code_slot()
    now = ctx.now()
    year = now.astimezone(VN_TZ).year
    from app.services.dossiers import record_change

    with ctx.db.session() as s:
        d = _dossier(s, code)
        state = check_payment(
            code=d.code,
            lines=repo.line_states(s, d),
            line=line,
            method=how,
            amount=amount,
            has_bank_account=bool(agency.bank_bin and agency.bank_account),
        )
        refuse_while_numbering_held(s)
        fee_row = repo.charged_rows(d)[line - 1]
        row = FeePaymentRow(
            uid=str(uuid.uuid4()),
            dossier_id=d.id,
            fee_id=fee_row.id,
            line=line,
            round=repo.next_round(s, fee_row.id),
            fee_name=state.fee.name,
            fee_code=state.fee.code,
            amount=state.fee.amount,
            method=how.value,
            paid_at=now,
            recorded_by=ctx.actor.username,
            collector_name=ctx.actor.full_name,
            payer_name=d.applicant_name,
            year=year,
            slot=slot,
            receipt_no=repo.take_receipt_number(s, agency_code=agency.code, year=year, slot=slot),
            receipt_symbol=receipt_symbol(year),
        )
        s.add(row)
        s.flush()
        payment = repo.to_payment(row, d.code, None, None)
        event = add_event(
            s,
            kind=KIND_ERECEIPT,
            dossier_code=d.code,
            now=now,
            payload=ereceipt_payload(
                payment, agency_code=agency.code, procedure_code=_procedure_code(s, d)
            ),
        )
        repo.add_ereceipt(s, payment_id=row.id, event_id=event.event_id)
        d.version += 1
        d.updated_at = now
        d.paid_online = d.paid_online or how == PaymentMethod.ONLINE
        record_change(
            ctx,
            s,
            d,
            action="fee.paid",
            detail={
                "line": line,
                "method": how.value,
                "amount": state.fee.amount,
                "receipt": f"{payment.receipt_symbol} {payment.receipt_no}",
            },
        )
        try:
            s.commit()
        except IntegrityError:
            # Another writer paid the same line a moment ago (the round is unique).
            s.rollback()
            return _already_paid(ctx, code, line)
    return PaymentResult(
        payment=_with_ereceipt(payment, "waiting"), lines=fee_lines(ctx, code=code)
    )


def _with_ereceipt(p: FeePayment, state: str) -> FeePayment:
    from dataclasses import replace

    return replace(p, ereceipt_state=state)


def _already_paid(ctx: DeskContext, code: str, line: int) -> PaymentResult:
    lines = fee_lines(ctx, code=code)
    paid = lines[line - 1].payment if 0 < line <= len(lines) else None
    if paid is None:
        raise DeskError("fee.line_unknown", code=code, line=line, count=len(lines))
    raise DeskError(
        "fee.already_paid",
        code=code,
        line=line,
        receipt=f"{paid.receipt_symbol} {paid.receipt_no}",
        method=paid.method.label_vi,
    )


def _procedure_code(s: Session, d: Any) -> str:
    from app.store.models import Procedure

    proc = s.get(Procedure, d.procedure_id)
    return proc.code if proc is not None else ""


def _receipt_key(receipt: str, year: int | None, now: datetime) -> tuple[int, str]:
    text = receipt.strip().split()[-1] if receipt.strip() else ""
    if not (text.isascii() and text.isdigit() and len(text) <= 8):
        raise DeskError("fee.receipt_unknown", receipt=receipt)
    return (year or now.astimezone(VN_TZ).year, text.zfill(8))


def void_payment(
    ctx: DeskContext, *, receipt: str, reason: str, year: int | None = None
) -> FeePayment:
    """Void the receipt ``receipt`` of ``year`` (this year by default): a new recorded
    event naming the payment; the payment row stays as it was. The line may then be paid
    again, under a new receipt number."""
    ctx.actor.require(Permission.VOID)
    text = entry.clean_text(reason, field="reason", limit=500)
    if len(text) < VOID_REASON_MIN:
        raise DeskError("fee.void_reason", n=VOID_REASON_MIN)
    now = ctx.now()
    key = _receipt_key(receipt, year, now)
    from app.services.dossiers import record_change
    from app.sync.mapping import wire_time

    with ctx.db.session() as s:
        ref = repo.payment_by_receipt(s, *key)
        if ref is None:
            raise DeskError("fee.receipt_unknown", receipt=receipt)
        if repo.void_of(s, ref.payment_id) is not None:
            raise DeskError("fee.already_void", receipt=receipt)
        s.add(
            FeePaymentVoid(payment_id=ref.payment_id, at=now, actor=ctx.actor.username, reason=text)
        )
        s.flush()
        d = _dossier(s, ref.dossier_code)
        d.version += 1
        d.updated_at = now
        d.paid_online = paid_online(repo.line_states(s, d))
        row = repo.payment_row(s, ref.payment_id)
        assert row is not None
        record_change(
            ctx,
            s,
            d,
            action="fee.void",
            detail={"receipt": f"{row.receipt_symbol} {row.receipt_no}", "reason": text},
        )
        voided = [p for p in repo.payments_of(s, d) if p.receipt_no == row.receipt_no]
        if voided and voided[0].ereceipt_state:
            # The gateway was asked for this receipt: tell it of the void, in the same lane
            # (after the request, in outbox order; the gateway keeps either order).
            add_event(
                s,
                kind=KIND_ERECEIPT,
                dossier_code=d.code,
                now=now,
                payload={
                    "version": 1,
                    "void": {
                        "MaDonVi": ctx.service_point()[0].code,
                        "MaHoSo": d.code,
                        "KyHieuBienLai": row.receipt_symbol,
                        "SoBienLai": row.receipt_no,
                        "NamBienLai": row.year,
                        "LyDo": text,
                        "NgayHuy": wire_time(now),
                    },
                },
            )
        s.commit()
    return voided[0]


def receipts(ctx: DeskContext, *, year: int | None = None) -> list[FeePayment]:
    """The receipt series of ``year`` (this year by default), in number order."""
    ctx.actor.require(Permission.VIEW)
    y = year if year is not None else ctx.now().astimezone(VN_TZ).year
    if not 2000 <= y <= 2999:
        raise DeskError("fee.year_invalid", value=y)
    with ctx.db.read_session() as s:
        return repo.receipts_of_year(s, y)


def find_receipt(ctx: DeskContext, *, receipt: str, year: int | None = None) -> FeePayment:
    ctx.actor.require(Permission.VIEW)
    y, number = _receipt_key(receipt, year, ctx.now())
    for p in receipts(ctx, year=y):
        if p.receipt_no == number:
            return p
    raise DeskError("fee.receipt_unknown", receipt=receipt)


def receipt_pdf(ctx: DeskContext, payment: FeePayment) -> bytes:
    """The printed biên lai of one payment (Vietnamese), through the forms machinery."""
    ctx.actor.require(Permission.PRINT)
    from app.docs import render_fee_receipt
    from app.services.dossiers import get_dossier

    record = get_dossier(ctx, code=payment.dossier_code)
    return render_fee_receipt(record, payment)


# --- the e-receipt gateway's answers (called by the sender of app.sync.receipts) ---------


def record_ereceipt_answer(
    ctx: DeskContext, *, event_id: str, lookup_code: str, refused: str = "", payload: str = ""
) -> bool:
    """Store the gateway's lookup code (mã tra cứu) of one request, once. A request sent
    again under a new event id (a refused one requeued by sync-problems) is found by the
    receipt number its ``payload`` carries."""
    with ctx.db.session() as s:
        if payload:
            repo.follow_requeued(s, event_id=event_id, payload=payload)
        found = repo.answer_ereceipt(
            s, event_id=event_id, lookup_code=lookup_code, refused=refused, at=ctx.now()
        )
        if found:
            add_audit(
                s,
                at=ctx.now(),
                actor=ctx.actor.username,
                action="fee.ereceipt",
                entity="ereceipt",
                key=event_id,
                detail={"lookup_code": lookup_code, "refused": refused},
            )
        s.commit()
        return found


def record_ereceipt_error(ctx: DeskContext, *, event_id: str, error: str) -> None:
    with ctx.db.session() as s:
        repo.note_ereceipt_error(s, event_id=event_id, error=error)
        s.commit()


def unpaid_total(lines: Sequence[FeeLineState]) -> int:
    return sum(ln.fee.amount for ln in lines if ln.payment is None)


# --- the e-receipt lane of a sync round --------------------------------------------------


def ereceipts_step(ctx: DeskContext, client: Any, result: Any) -> Any:
    """The e-receipt part of a sync round (app.services.sync), after the events and files:
    when the round reached the hub, send the waiting e-receipt requests to the gateway and
    keep each lookup code. A failure becomes the round's outcome like the events' faults
    (the request stays queued and is sent again); nothing is lost."""
    from dataclasses import replace

    from app.store.outbox import GATEWAY_KINDS, Outbox
    from app.sync.receipts import send_ereceipts
    from app.sync.states import ERROR, OK

    if result.outcome not in (OK, ERROR):
        return result  # offline or needing enrollment: the requests wait in the outbox
    lane = Outbox(ctx.db.session, ctx.db.read_session, kinds=GATEWAY_KINDS)
    done = send_ereceipts(
        client=client,
        outbox=lane,
        clock=ctx.now,
        on_issued=lambda e, code: record_ereceipt_answer(
            ctx, event_id=e.event_id, lookup_code=code, payload=e.payload
        ),
        on_refused=lambda e, why: record_ereceipt_answer(
            ctx, event_id=e.event_id, lookup_code="", refused=why, payload=e.payload
        ),
        on_failed=lambda e, why: record_ereceipt_error(ctx, event_id=e.event_id, error=why),
    )
    if done.outcome == OK or result.outcome != OK:
        return result
    detail = DeskError("ereceipt.gateway_down", detail=done.detail).message("vi")
    return replace(result, outcome=done.outcome, detail=detail)


# --- the biên lai in the preview window ----------------------------------------------------

#: The preview's key of a biên lai (a layout of resources/forms, not a dossier form).
FEE_RECEIPT_FORM = "fee_receipt"


def preview_fee_receipt(ctx: DeskContext, *, receipt: str, year: int | None = None) -> Any:
    """The biên lai of receipt ``receipt`` for the preview window (a FormPreview)."""
    from app.services.printing import FormPreview

    p = find_receipt(ctx, receipt=receipt, year=year)
    return FormPreview(p.dossier_code, FEE_RECEIPT_FORM, receipt_pdf(ctx, p), (FEE_RECEIPT_FORM,))


def print_fee_receipt(
    ctx: DeskContext,
    *,
    receipt: str,
    year: int | None = None,
    out: Path | None = None,
    pdf: bytes | None = None,
) -> Path:
    """Write the biên lai to ``out`` (the output folder by default) and audit the print."""
    from app.services.printing import output_target, save_output

    p = find_receipt(ctx, receipt=receipt, year=year)
    data = pdf if pdf is not None else receipt_pdf(ctx, p)
    name = f"{p.dossier_code}-bienlai-{p.receipt_symbol}-{p.receipt_no}.pdf"
    target = save_output(output_target(ctx, out, name), data)
    with ctx.db.session() as s:
        add_audit(
            s,
            at=ctx.now(),
            actor=ctx.actor.username,
            action="fee.receipt.print",
            entity="dossier",
            key=p.dossier_code,
            detail={"receipt": f"{p.receipt_symbol} {p.receipt_no}", "file": str(target)},
        )
        s.commit()
    return target
