"""The repository of fees paid: payments of charged fee lines, their voids, the receipt
series counter and the electronic-receipt requests (migration 0011)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.dossier import Channel, FeeItem
from app.domain.fee_receipts import (
    RECEIPT_SERIES,
    FeeLineState,
    FeePayment,
    PaymentMethod,
    receipt_number,
    receipt_series_key,
)
from app.domain.payment import charged_fees
from app.store.models import (
    Dossier,
    DossierFee,
    ElectronicReceipt,
    FeePaymentRow,
    FeePaymentVoid,
)
from app.store.repositories import number_counter


def charged_rows(d: Dossier) -> list[DossierFee]:
    """The fee rows the dossier is charged (app.domain.payment's channel rule), in order:
    fee line N is the N-th of them."""
    channel = Channel(d.channel)
    return [
        f
        for f in d.fees
        if charged_fees((FeeItem(f.name, f.amount, f.code, f.collection),), channel)
    ]


def _voids(s: Session, ids: Sequence[int]) -> dict[int, FeePaymentVoid]:
    if not ids:
        return {}
    rows = s.scalars(select(FeePaymentVoid).where(FeePaymentVoid.payment_id.in_(list(ids))))
    return {v.payment_id: v for v in rows}


def _ereceipts(s: Session, ids: Sequence[int]) -> dict[int, ElectronicReceipt]:
    if not ids:
        return {}
    rows = s.scalars(select(ElectronicReceipt).where(ElectronicReceipt.payment_id.in_(list(ids))))
    return {e.payment_id: e for e in rows}


def to_payment(
    row: FeePaymentRow,
    code: str,
    void: FeePaymentVoid | None,
    ereceipt: ElectronicReceipt | None,
) -> FeePayment:
    return FeePayment(
        uid=row.uid,
        dossier_code=code,
        line=row.line,
        fee_name=row.fee_name,
        fee_code=row.fee_code,
        amount=row.amount,
        method=PaymentMethod(row.method),
        paid_at=row.paid_at,
        recorded_by=row.recorded_by,
        collector_name=row.collector_name,
        receipt_no=row.receipt_no,
        receipt_symbol=row.receipt_symbol,
        year=row.year,
        payer_name=row.payer_name,
        voided=void is not None,
        void_reason=void.reason if void is not None else "",
        lookup_code=ereceipt.lookup_code if ereceipt is not None else "",
        ereceipt_state=ereceipt.state if ereceipt is not None else "",
    )


def payments_of(s: Session, d: Dossier) -> list[FeePayment]:
    """Every payment of the dossier, voided ones included, oldest first."""
    rows = list(
        s.scalars(
            select(FeePaymentRow).where(FeePaymentRow.dossier_id == d.id).order_by(FeePaymentRow.id)
        )
    )
    ids = [r.id for r in rows]
    voids, ereceipts = _voids(s, ids), _ereceipts(s, ids)
    return [to_payment(r, d.code, voids.get(r.id), ereceipts.get(r.id)) for r in rows]


def line_states(s: Session, d: Dossier) -> tuple[FeeLineState, ...]:
    """Each charged line with its live (not voided) payment."""
    live: dict[int, FeePayment] = {}
    for p in payments_of(s, d):
        if not p.voided:
            live[p.line] = p
    return tuple(
        FeeLineState(n, FeeItem(f.name, f.amount, f.code, f.collection), live.get(n))
        for n, f in enumerate(charged_rows(d), start=1)
    )


def next_round(s: Session, fee_id: int) -> int:
    """The payment round of a line: one more than its payments so far (voided included)."""
    done = s.scalar(select(func.max(FeePaymentRow.round)).where(FeePaymentRow.fee_id == fee_id))
    return int(done or 0) + 1


def take_receipt_number(s: Session, *, agency_code: str, year: int, slot: int) -> str:
    """This counter's next receipt number of ``year``, moved forward in the caller's
    transaction (the counter row beside the dossier days)."""
    from app.domain.errors import DeskError

    seq = number_counter(s, agency_code, receipt_series_key(year), slot)
    local = seq.last + 1
    if local > RECEIPT_SERIES.per_slot:
        raise DeskError("code.exhausted", slot=slot, day=str(year))
    seq.last = local
    return receipt_number(slot, local)


@dataclass(frozen=True)
class PaymentRef:
    """A payment row's ids and its dossier's code, found by receipt number or event id."""

    payment_id: int
    dossier_id: int
    dossier_code: str


def payment_by_receipt(s: Session, year: int, receipt_no: str) -> PaymentRef | None:
    row = s.execute(
        select(FeePaymentRow.id, FeePaymentRow.dossier_id, Dossier.code)
        .join(Dossier, Dossier.id == FeePaymentRow.dossier_id)
        .where(FeePaymentRow.year == year, FeePaymentRow.receipt_no == receipt_no)
    ).first()
    return PaymentRef(row[0], row[1], row[2]) if row else None


def payment_row(s: Session, payment_id: int) -> FeePaymentRow | None:
    return s.get(FeePaymentRow, payment_id)


def void_of(s: Session, payment_id: int) -> FeePaymentVoid | None:
    return s.scalar(select(FeePaymentVoid).where(FeePaymentVoid.payment_id == payment_id))


def receipts_of_year(s: Session, year: int) -> list[FeePayment]:
    """The year's receipts in number order (every counter's that this one holds)."""
    rows = list(
        s.execute(
            select(FeePaymentRow, Dossier.code)
            .join(Dossier, Dossier.id == FeePaymentRow.dossier_id)
            .where(FeePaymentRow.year == year)
            .order_by(FeePaymentRow.receipt_no)
        )
    )
    ids = [r.id for r, _ in rows]
    voids, ereceipts = _voids(s, ids), _ereceipts(s, ids)
    return [to_payment(r, c, voids.get(r.id), ereceipts.get(r.id)) for r, c in rows]


def add_ereceipt(s: Session, *, payment_id: int, event_id: str) -> None:
    s.add(ElectronicReceipt(payment_id=payment_id, event_id=event_id, state="waiting"))


def answer_ereceipt(
    s: Session, *, event_id: str, lookup_code: str, refused: str, at: datetime
) -> bool:
    """Record the gateway's answer once (a repeated answer changes nothing); False when
    no request has that event id."""
    row = s.scalar(select(ElectronicReceipt).where(ElectronicReceipt.event_id == event_id))
    if row is None:
        return False
    if row.state == "waiting":
        row.state = "refused" if refused else "issued"
        row.lookup_code = lookup_code
        row.last_error = refused
        row.answered_at = at
    return True


def note_ereceipt_error(s: Session, *, event_id: str, error: str) -> None:
    row = s.scalar(select(ElectronicReceipt).where(ElectronicReceipt.event_id == event_id))
    if row is not None and row.state == "waiting":
        row.last_error = error[:500]


def follow_requeued(s: Session, *, event_id: str, payload: str) -> None:
    """Point the e-receipt row of the payload's receipt at ``event_id`` when the outbox
    gave its request a new id (a requeue); a request it already names is left alone."""
    import json

    if s.scalar(select(ElectronicReceipt).where(ElectronicReceipt.event_id == event_id)):
        return
    try:
        receipt = json.loads(payload)["receipt"]
        ref = payment_by_receipt(s, int(receipt["NamBienLai"]), str(receipt["SoBienLai"]))
    except (ValueError, KeyError, TypeError):
        return
    row = s.get(ElectronicReceipt, ref.payment_id) if ref is not None else None
    if row is not None:
        row.event_id = event_id
        if row.state == "refused":
            row.state = "waiting"  # sent again after the cause was fixed


def live_payments_of_code(s: Session, code: str) -> list[FeePayment]:
    """The live (not voided) payments of the dossier ``code``, by line: one indexed query,
    for the national record written with every change of the dossier."""
    voided = select(FeePaymentVoid.payment_id)
    rows = list(
        s.scalars(
            select(FeePaymentRow)
            .join(Dossier, Dossier.id == FeePaymentRow.dossier_id)
            .where(Dossier.code == code, FeePaymentRow.id.not_in(voided))
            .order_by(FeePaymentRow.line)
        )
    )
    return [to_payment(r, code, None, None) for r in rows]


def payment_rows_of_dossiers(s: Session, dossier_ids: Sequence[int]) -> list[FeePaymentRow]:
    """The payments of ``dossier_ids`` (an erasure replaces the payer's name)."""
    if not dossier_ids:
        return []
    stmt = select(FeePaymentRow).where(FeePaymentRow.dossier_id.in_(dossier_ids))
    return list(s.scalars(stmt))
