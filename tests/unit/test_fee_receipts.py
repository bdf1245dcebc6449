"""The rules of fees paid: the shared slot partition, the receipt series, the amount in
Vietnamese words, and the checks of a payment (no Qt, no disk)."""

from __future__ import annotations

import pytest

from app.docs.vn_format import amount_in_words
from app.domain.codes import DOSSIER_SERIES, SlotSeries, slot_sequence
from app.domain.dossier import FeeItem
from app.domain.errors import DeskError
from app.domain.fee_receipts import (
    RECEIPT_SERIES,
    FeeLineState,
    PaymentMethod,
    check_payment,
    receipt_number,
    receipt_series_key,
)


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "Không đồng"),
        (5000, "Năm nghìn đồng"),
        (15000, "Mười lăm nghìn đồng"),
        (21000, "Hai mươi mốt nghìn đồng"),
        (25000, "Hai mươi lăm nghìn đồng"),
        (105000, "Một trăm linh năm nghìn đồng"),
        (110000, "Một trăm mười nghìn đồng"),
        (1000000, "Một triệu đồng"),
        (1005000, "Một triệu không trăm linh năm nghìn đồng"),
        (1234567, "Một triệu hai trăm ba mươi bốn nghìn năm trăm sáu mươi bảy đồng"),
        (2000000000, "Hai tỷ đồng"),
    ],
)
def test_amount_in_words(amount, words):
    assert amount_in_words(amount) == words


def test_the_receipt_series_is_the_dossier_partition_with_a_bigger_block():
    assert isinstance(RECEIPT_SERIES, SlotSeries) and isinstance(DOSSIER_SERIES, SlotSeries)
    assert slot_sequence(3, 7) == 3007
    assert receipt_number(0, 1) == "00000001"
    assert receipt_number(1, 1) == "10000001"
    assert receipt_number(9, 9_999_999) == "99999999"  # 8 digits at most
    assert RECEIPT_SERIES.slot_of(20000005) == 2
    with pytest.raises(DeskError):
        receipt_number(1, 10_000_000)
    with pytest.raises(DeskError):
        receipt_number(10, 1)
    assert receipt_series_key(2026) == "BL2026"


def _lines(*amounts: int) -> tuple[FeeLineState, ...]:
    return tuple(
        FeeLineState(i, FeeItem(f"Lệ phí {i}", a), None) for i, a in enumerate(amounts, start=1)
    )


def test_check_payment_refusals():
    def check(lines, line=1, method=PaymentMethod.CASH, amount=None, bank=True):  # type: ignore[no-untyped-def]
        return check_payment(
            code="X", lines=lines, line=line, method=method, amount=amount, has_bank_account=bank
        )

    assert check(_lines(15000)).fee.amount == 15000
    for kwargs, key in [
        ({"lines": ()}, "fee.no_fees"),
        ({"lines": _lines(15000), "line": 0}, "fee.line_unknown"),
        ({"lines": _lines(15000), "line": 2}, "fee.line_unknown"),
        ({"lines": _lines(0)}, "fee.free_line"),
        ({"lines": _lines(15000), "amount": 15001}, "fee.amount_mismatch"),
        (
            {"lines": _lines(15000), "method": PaymentMethod.TRANSFER, "bank": False},
            "fee.transfer_no_account",
        ),
    ]:
        with pytest.raises(DeskError) as err:
            check(**kwargs)
        assert err.value.key == key
    with pytest.raises(DeskError) as err:
        PaymentMethod.parse("card")
    assert err.value.key == "fee.method_unknown"
