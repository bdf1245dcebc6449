"""Fees paid and their receipts (biên lai thu phí, lệ phí): how a fee line was paid, the
yearly receipt series, and the rules a payment must pass.

- A fee line is paid once. A refund or a void is a new recorded event that names the
  payment it cancels; the payment itself is never edited. After a void the line may be
  paid again (a new receipt number).
- Receipt numbers run from 1 January to 31 December (digitisation.md section 6: at most 8
  digits, yearly) and must be unique across the counters of an agency while every one of
  them is offline: the counter-slot partition of dossier codes (:class:`SlotSeries`), with
  a block of 10,000,000 per slot, so slot 1 numbers 10000001, 10000002, ...
- The printed content follows what a fee receipt carries (Decree 123/2020 art. 32 and
  Circular 32/2025/TT-BTC, as summarised in digitisation.md; the symbol's exact pattern is
  not confirmed, so it is one function here): receipt name, symbol, number, the collecting
  organisation, payer, fee name, amount in figures and words, method, date, collector.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from app.domain.codes import SlotSeries
from app.domain.dossier import FeeItem
from app.domain.errors import DeskError

#: The yearly receipt series: slot ``s`` owns ``s*10^7+1 .. s*10^7+9,999,999`` (8 digits).
RECEIPT_SERIES = SlotSeries(10_000_000)
#: Ký hiệu mẫu biên lai printed on the receipt (configurable here; pattern not confirmed).
RECEIPT_FORM = "01BLP0-001"
#: Outbox kind of an electronic-receipt request (sent to the e-receipt gateway, not /events).
KIND_ERECEIPT = "ereceipt.request"


class PaymentMethod(StrEnum):
    """How a fee line was paid (the wire's ``HinhThucThu``)."""

    CASH = "cash"  # tiền mặt tại quầy
    TRANSFER = "transfer"  # chuyển khoản qua mã VietQR trên phiếu
    ONLINE = "online"  # thanh toán trực tuyến

    @property
    def label_vi(self) -> str:
        return METHOD_LABELS[self][0]

    @property
    def label_en(self) -> str:
        return METHOD_LABELS[self][1]

    @classmethod
    def parse(cls, value: str) -> PaymentMethod:
        key = (value or "").strip().lower()
        for method in cls:
            if method.value == key:
                return method
        raise DeskError("fee.method_unknown", value=value)


METHOD_LABELS: dict[PaymentMethod, tuple[str, str]] = {
    PaymentMethod.CASH: ("Tiền mặt tại quầy", "Cash at the counter"),
    PaymentMethod.TRANSFER: ("Chuyển khoản (mã VietQR)", "Bank transfer (VietQR)"),
    PaymentMethod.ONLINE: ("Thanh toán trực tuyến", "Online payment"),
}


def receipt_series_key(year: int) -> str:
    """The counter key of ``year``'s receipt series (a row of the code counters beside the
    dossier days, so backups and restores carry it forward with them)."""
    return f"BL{year:04d}"


def receipt_symbol(year: int) -> str:
    """Ký hiệu biên lai of ``year``'s series (configurable here; pattern not confirmed)."""
    return f"BL{year % 100:02d}"


def receipt_number(slot: int, local_number: int) -> str:
    """The printed receipt number: 8 digits, the slot's block first."""
    return f"{RECEIPT_SERIES.number(slot, local_number):08d}"


@dataclass(frozen=True)
class FeePayment:
    """One recorded payment of one fee line (or, with ``voids``, the void of one)."""

    uid: str
    dossier_code: str
    line: int  # 1-based, among the lines the dossier is charged
    fee_name: str
    fee_code: str
    amount: int
    method: PaymentMethod
    paid_at: datetime
    recorded_by: str
    collector_name: str
    receipt_no: str
    receipt_symbol: str
    year: int
    payer_name: str
    voided: bool = False
    void_reason: str = ""
    lookup_code: str = ""  # mã tra cứu of the electronic receipt, once the gateway gave it
    ereceipt_state: str = ""  # "" (none asked) | waiting | issued | refused


@dataclass(frozen=True)
class FeeLineState:
    """A charged fee line of a dossier and its live payment (None: not paid)."""

    line: int
    fee: FeeItem
    payment: FeePayment | None


def check_payment(
    *,
    code: str,
    lines: tuple[FeeLineState, ...],
    line: int,
    method: PaymentMethod,
    amount: int | None,
    has_bank_account: bool,
) -> FeeLineState:
    """The line a payment may be recorded on; DeskError saying why not otherwise."""
    if not lines:
        raise DeskError("fee.no_fees", code=code)
    if not 1 <= line <= len(lines):
        raise DeskError("fee.line_unknown", code=code, line=line, count=len(lines))
    state = lines[line - 1]
    if state.payment is not None:
        paid = state.payment
        raise DeskError(
            "fee.already_paid",
            code=code,
            line=line,
            receipt=f"{paid.receipt_symbol} {paid.receipt_no}",
            method=paid.method.label_vi,
        )
    if state.fee.amount <= 0:
        raise DeskError("fee.free_line", code=code, line=line)
    if amount is not None and amount != state.fee.amount:
        raise DeskError(
            "fee.amount_mismatch",
            line=line,
            given=f"{amount:,}".replace(",", "."),
            due=f"{state.fee.amount:,}".replace(",", "."),
        )
    if method == PaymentMethod.TRANSFER and not has_bank_account:
        raise DeskError("fee.transfer_no_account")
    return state


def paid_online(lines: tuple[FeeLineState, ...]) -> bool:
    """``DuocThanhToanTrucTuyen``: a fee of the dossier was paid online (and not voided)."""
    return any(s.payment is not None and s.payment.method == PaymentMethod.ONLINE for s in lines)
