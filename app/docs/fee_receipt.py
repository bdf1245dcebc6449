"""The printed biên lai (fee receipt) of one payment, through the forms machinery: the
layout ``resources/forms/fee_receipt.json``, the dossier's fields and the payment's own
(receipt symbol and number, payer, fee, amount in figures and words, method, time,
collector, the e-receipt's lookup code once the gateway gave it)."""

from __future__ import annotations

from app.docs.forms import render_form
from app.docs.vn_format import amount_in_words, vn_datetime
from app.domain.dossier import DossierRecord
from app.domain.fee_receipts import RECEIPT_FORM, FeePayment
from app.domain.payment import format_vnd


def receipt_values(payment: FeePayment) -> dict[str, str]:
    """The names the biên lai's layout may use beside the dossier's fields."""
    return {
        "receipt_no": payment.receipt_no,
        "receipt_symbol": payment.receipt_symbol,
        "receipt_form": RECEIPT_FORM,
        "payer_name": payment.payer_name,
        "fee_name": payment.fee_name,
        "fee_code": payment.fee_code,
        "fee_amount": format_vnd(payment.amount),
        "amount_words": amount_in_words(payment.amount),
        "method": payment.method.label_vi,
        "paid_at": vn_datetime(payment.paid_at),
        "collector_name": payment.collector_name or payment.recorded_by,
        "lookup_code": payment.lookup_code,
        "void_mark": (f"ĐÃ HỦY: {payment.void_reason}" if payment.voided else ""),
    }


def render_fee_receipt(record: DossierRecord, payment: FeePayment) -> bytes:
    """The biên lai of ``payment`` (a fee line of ``record``) as PDF bytes, dated the day
    it was paid."""
    return render_form(
        "fee_receipt", record, printed_at=payment.paid_at, extra=receipt_values(payment)
    )
