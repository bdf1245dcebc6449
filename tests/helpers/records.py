"""One factory of DossierRecord (and its agency) for tests that need a record without a
database: printed forms, printable-form rules, the receipt bench.

``make_record()`` is a plain birth registration received at RECEIVED in Phường Tây Hồ;
a test names only what it is about (``make_record(status=Status.REFUSED, ...)``)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from app.domain.dossier import (
    AgencyInfo,
    ApplicantInfo,
    Channel,
    DossierId,
    DossierRecord,
    HistoryEntry,
    ProcessingTime,
    Status,
)

AGENCY_CODE = "000.00.01.H26"
AGENCY_NAME = "Phường Tây Hồ"
CODE = f"{AGENCY_CODE}-250715-0001"
LOOKUP = "https://dichvucong.hanoi.gov.vn/tra-cuu-ho-so"
RECEIVED = datetime(2025, 7, 15, 7, 5, tzinfo=UTC)  # 14:05 in Hà Nội

# What a ward fills in to print a lookup QR and a VietQR payment QR.
PAYEE = {
    "center_name": "Trung tâm Phục vụ hành chính công phường Tây Hồ",
    "lookup_url": LOOKUP,
    "bank_bin": "970436",
    "bank_account": "0011004123456",
    "bank_account_name": "TRUNG TAM PHUC VU HANH CHINH CONG PHUONG TAY HO",
}


def make_agency(*, payee: bool = False, **changes: Any) -> AgencyInfo:
    """Phường Tây Hồ; with ``payee`` its centre name, lookup page and bank account too."""
    fields: dict[str, Any] = {"code": AGENCY_CODE, "name": AGENCY_NAME}
    if payee:
        fields.update(PAYEE)
    fields.update(changes)
    return AgencyInfo(**fields)


def history_of(
    *moves: tuple[Status, str], actor: str = "canbo1", start: datetime = RECEIVED
) -> tuple[HistoryEntry, ...]:
    """Received at ``start``, then each (status, note) move one day after the previous."""
    history = [HistoryEntry(start, None, Status.RECEIVED, actor)]
    for i, (to, note) in enumerate(moves, start=1):
        history.append(
            HistoryEntry(start + timedelta(days=i), history[-1].to_status, to, actor, note)
        )
    return tuple(history)


def make_record(**changes: Any) -> DossierRecord:
    """A record with ``changes`` applied. Without ``status`` it is the last history
    entry's; without ``history`` a single reception at ``received_at``."""
    received = changes.get("received_at", RECEIVED)
    history = changes.get("history") or (HistoryEntry(received, None, Status.RECEIVED, "canbo1"),)
    base = DossierRecord(
        id=DossierId(1),
        code=CODE,
        agency=make_agency(),
        procedure_code="1.001193",
        procedure_name="Đăng ký khai sinh",
        field_name="Hộ tịch",
        applicant=ApplicantInfo("Nguyễn Thị Hằng", "001190012345"),
        channel=Channel.DIRECT,
        status=history[-1].to_status,
        received_at=received,
        appointment_at=None,
        processing=ProcessingTime(3),
        history=history,
    )
    return replace(base, **changes)
