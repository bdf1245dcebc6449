"""The electronic certification register's rows and its number counter."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.certification import (
    PER_SLOT_AND_YEAR,
    CertifiedCopy,
    format_register_number,
    register_number,
)
from app.domain.codes import certification_series
from app.domain.errors import DeskError
from app.store.models import CertificationEntry, StoredFile
from app.store.repositories import number_counter, refuse_while_numbering_held


def allocate_register_number(session: Session, *, agency_code: str, slot: int, year: int) -> int:
    """Take this counter's next register number of ``year``; it is used only if the
    session commits (with the entry), so a failed signature leaves no gap and no number is
    ever given twice. Refused while the numbering is on hold."""
    refuse_while_numbering_held(session)
    series = certification_series(year)
    seq = number_counter(session, agency_code, series, slot)
    local = seq.last + 1
    if local > PER_SLOT_AND_YEAR:
        raise DeskError("certify.exhausted", slot=slot, year=year)
    seq.last = local
    return register_number(slot, local)


def register_entries(
    session: Session, *, agency_code: str, year: int | None = None
) -> Sequence[CertificationEntry]:
    stmt = select(CertificationEntry).where(CertificationEntry.agency_code == agency_code)
    if year is not None:
        stmt = stmt.where(CertificationEntry.year == year)
    return session.scalars(stmt.order_by(CertificationEntry.year, CertificationEntry.number)).all()


def record_certified_copy(
    session: Session,
    *,
    agency_code: str,
    year: int,
    number: int,
    slot: int,
    book: str,
    certified_at: datetime,
    officer: str,
    agency_name: str,
    sources: Sequence[str],
    pages: int,
    sha256: str,
    size: int,
    signer: str,
    created_by: str,
) -> CertificationEntry:
    """The register's entry and, when the store had no row for its bytes yet, the stored
    file's row (the bytes are durable before this is called)."""
    if session.get(StoredFile, sha256) is None:
        session.add(
            StoredFile(
                sha256=sha256, size=size, mime="application/pdf", pages=pages,
                created_at=certified_at,
            )
        )  # fmt: skip
        session.flush()
    entry = CertificationEntry(
        agency_code=agency_code,
        year=year,
        number=number,
        slot=slot,
        book=book,
        certified_at=certified_at,
        officer=officer,
        agency_name=agency_name,
        sources=json.dumps(list(sources), ensure_ascii=False),
        pages=pages,
        sha256=sha256,
        signer=signer,
        created_by=created_by,
    )
    session.add(entry)
    session.flush()
    return entry


def to_certified_copy(entry: CertificationEntry) -> CertifiedCopy:
    return CertifiedCopy(
        number=format_register_number(entry.number),
        year=entry.year,
        book=entry.book,
        certified_at=entry.certified_at,
        officer=entry.officer,
        agency_code=entry.agency_code,
        agency_name=entry.agency_name,
        sources=tuple(json.loads(entry.sources)),
        pages=entry.pages,
        sha256=entry.sha256,
        signer=entry.signer,
        created_by=entry.created_by,
    )
