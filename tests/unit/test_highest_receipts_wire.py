"""The hub's answer of a restored counter's highest receipt numbers is checked like every
other answer: an older hub without them is no error, a damaged entry is."""

from __future__ import annotations

import pytest

from app.sync.protocol import ProtocolError, highest_receipts_data, parse_highest_receipts


def test_the_hub_side_splits_each_number_into_slot_and_local_number() -> None:
    data = highest_receipts_data([("000.00.01.H26", 2026, "10000042"), ("X", 2026, "junk")])
    assert data == [{"agency_code": "000.00.01.H26", "year": 2026, "slot": 1, "last": 42}]
    assert parse_highest_receipts({"receipts": data}) == [("000.00.01.H26", 2026, 1, 42)]


def test_an_older_hub_without_receipts_carries_nothing() -> None:
    assert parse_highest_receipts({"highest": []}) == []


@pytest.mark.parametrize(
    "item",
    [
        {"agency_code": "A", "year": 2026, "slot": 10, "last": 1},
        {"agency_code": "A", "year": 2026, "slot": 1, "last": 10_000_000},
        {"agency_code": "", "year": 2026, "slot": 1, "last": 1},
        {"agency_code": "A", "year": "2026", "slot": 1, "last": 1},
        {"agency_code": "A", "year": 1999, "slot": 1, "last": 1},
        "not an object",
    ],
)
def test_a_damaged_entry_is_a_protocol_error(item: object) -> None:
    with pytest.raises(ProtocolError):
        parse_highest_receipts({"receipts": [item]})
