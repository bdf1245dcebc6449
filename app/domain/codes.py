"""Dossier codes: ``<agency electronic code>-<yymmdd>-<NNNN>``.

Uniqueness across the counters of one agency while every one of them is offline comes from
partitioning the daily 4-digit sequence: counter slot ``s`` (0-9) owns the block
``s*1000+1 .. s*1000+999`` (:class:`SlotSeries`, which the fee receipts' yearly series
and the certification register's yearly series share). Two counters never share a slot within an agency (the slot is
set when the counter is enrolled), so no two counters can print the same code, and a
counter's own numbers are persisted before use, so none is ever handed out twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from app.domain.errors import DeskError

AGENCY_CODE_RE = re.compile(r"[0-9A-Z]+(?:\.[0-9A-Z]+)*")
CODE_RE = re.compile(r"(?P<agency>[0-9A-Z]+(?:\.[0-9A-Z]+)*)-(?P<day>[0-9]{6})-(?P<seq>[0-9]{4})")
#: key_value key: while set, no new code is handed out (see NUMBERING_HOLD_MESSAGE).
NUMBERING_HOLD_KEY = "codes.hold"
#: key_value key: the next sync round asks the hub for this device's highest codes.
NUMBERING_ASK_HUB_KEY = "codes.ask_hub"
MAX_SLOTS = 10


@dataclass(frozen=True)
class SlotSeries:
    """A number series shared by the counters of one agency while all of them are offline:
    counter slot ``s`` (0 .. MAX_SLOTS-1) owns the block ``s*block+1 .. s*block+block-1``.
    The one home of the partition rule: the daily dossier sequence and the yearly fee
    receipt (biên lai) series are two sizes of it."""

    block: int

    @property
    def per_slot(self) -> int:
        return self.block - 1

    def number(self, slot: int, local_number: int) -> int:
        """The series number of the ``local_number``-th number taken by counter ``slot``."""
        if not 0 <= slot < MAX_SLOTS:
            raise DeskError("code.slot", value=slot)
        if not 1 <= local_number <= self.per_slot:
            raise DeskError("code.exhausted", slot=slot, day="")
        return slot * self.block + local_number

    def slot_of(self, number: int) -> int:
        return number // self.block

    def local_of(self, number: int) -> int:
        return number % self.block


#: The dossier code's daily 4-digit sequence: 999 dossiers per counter per day.
DOSSIER_SERIES = SlotSeries(1000)
SLOT_SIZE = DOSSIER_SERIES.block
PER_SLOT = DOSSIER_SERIES.per_slot


def validate_agency_code(code: str) -> str:
    if not code or len(code) > 35 or not AGENCY_CODE_RE.fullmatch(code):
        raise DeskError("code.agency", value=code)
    return code


def format_code(agency_code: str, day: date, sequence: int) -> str:
    validate_agency_code(agency_code)
    if not 1 <= sequence <= 9999:
        raise ValueError(f"sequence out of range: {sequence}")
    return f"{agency_code}-{day:%y%m%d}-{sequence:04d}"


@dataclass(frozen=True)
class ParsedCode:
    agency_code: str
    day: date
    sequence: int

    @property
    def slot(self) -> int:
        return DOSSIER_SERIES.slot_of(self.sequence)


def parse_code(code: str) -> ParsedCode | None:
    m = CODE_RE.fullmatch(code.strip())
    if not m or len(m["agency"]) > 35:
        return None
    d = m["day"]
    try:
        day = date(2000 + int(d[:2]), int(d[2:4]), int(d[4:]))
    except ValueError:
        return None
    return ParsedCode(m["agency"], day, int(m["seq"]))


#: The electronic certification register (chứng thực bản sao điện tử): one series a year
#: per agency, 99,999 numbers per counter slot and year.
CERTIFICATION_SERIES = SlotSeries(100_000)


def certification_series(year: int) -> str:
    """The key of the certification register's counter of ``year`` in the table of code
    counters (beside the dossier codes' ``yymmdd`` keys), so the counter is persisted,
    never goes back and is carried past a restore as the dossier codes' counters are."""
    return f"CT{year:04d}"


def slot_sequence(slot: int, local_number: int) -> int:
    """The 4-digit daily sequence of the ``local_number``-th dossier of counter ``slot``."""
    return DOSSIER_SERIES.number(slot, local_number)


def next_code(agency_code: str, slot: int, day: date, last_local: int) -> tuple[str, int]:
    """The next code for a counter that already used ``last_local`` numbers on ``day``."""
    local = last_local + 1
    if local > PER_SLOT:
        raise DeskError("code.exhausted", slot=slot, day=f"{day:%d/%m/%Y}")
    return format_code(agency_code, day, slot_sequence(slot, local)), local
