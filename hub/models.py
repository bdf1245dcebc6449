"""The reference hub's own tables (separate from the counter's app.store).

SQLite for a laptop demo, PostgreSQL in production: only portable column types are used,
and the schema is created with ``create_all`` on start (the hub is a reference endpoint,
not the city system itself)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import BigInteger, Boolean, DateTime, Index, Integer, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
#: A 64-bit key on PostgreSQL, SQLite's rowid alias on SQLite (autoincrement needs INTEGER).
BigId = BigInteger().with_variant(Integer(), "sqlite")


def utc_now() -> datetime:
    """Naive UTC: what the DateTime columns hold on both databases."""
    return datetime.now(UTC).replace(tzinfo=None)


class HubBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Device(HubBase):
    """An enrolled counter. Only the sha256 of its token is kept."""

    __tablename__ = "hub_device"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    agency_code: Mapped[str] = mapped_column(String(35), index=True)
    counter_name: Mapped[str] = mapped_column(String(200), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class EnrollCode(HubBase):
    """A one-time enrollment code, kept as its sha256."""

    __tablename__ = "hub_enroll_code"
    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    agency_code: Mapped[str] = mapped_column(String(35))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    device_id: Mapped[str | None] = mapped_column(String(36), nullable=True)


class Event(HubBase):
    """Every event stored, at most once per event_id, with the hash of its payload."""

    __tablename__ = "hub_event"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(36), unique=True)
    device_id: Mapped[str] = mapped_column(String(36))
    agency_code: Mapped[str] = mapped_column(String(35))
    dossier_code: Mapped[str] = mapped_column(String(60), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer)
    payload_hash: Mapped[str] = mapped_column(String(64))
    payload: Mapped[str] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(String(14))  # the counter's time, wire format
    stored_at: Mapped[datetime] = mapped_column(DateTime)


class DossierSnapshot(HubBase):
    """The latest known state of each dossier: the highest version a counter sent, with
    back-office status moves on top. The counter's dates are kept as sent (never re-dated)."""

    __tablename__ = "hub_dossier"
    code: Mapped[str] = mapped_column(String(60), primary_key=True)
    agency_code: Mapped[str] = mapped_column(String(35), index=True)
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[int] = mapped_column(Integer)
    received_at: Mapped[str] = mapped_column(String(14))  # NgayTiepNhan as the counter sent it
    appointment_at: Mapped[str] = mapped_column(String(14))  # NgayHenTra as the counter sent it
    snapshot: Mapped[str] = mapped_column(Text)  # the latest payload as sent (canonical JSON)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class Change(HubBase):
    """The change feed: what the back office changed, per agency, in sequence."""

    __tablename__ = "hub_change"
    __table_args__ = (Index("ix_hub_change_agency_seq", "agency_code", "seq"),)
    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    agency_code: Mapped[str] = mapped_column(String(35))
    kind: Mapped[str] = mapped_column(String(40))
    data: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Refusal(HubBase):
    """A replayed event (duplicate) or a conflicting one: counted by ``stats``."""

    __tablename__ = "hub_refusal"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(64))
    device_id: Mapped[str] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(10), index=True)  # duplicate | conflict
    at: Mapped[datetime] = mapped_column(DateTime)


class OfficeMove(HubBase):
    """The latest back-office move of a dossier that the counter has not yet shown it saw
    (its history holds the move); a counter event without it is a concurrent move, settled
    by app.domain.concurrency. A table of its own, so create_all adds it to an older hub."""

    __tablename__ = "hub_office_move"
    code: Mapped[str] = mapped_column(String(60), primary_key=True)
    status: Mapped[int] = mapped_column(Integer)
    at: Mapped[str] = mapped_column(String(14))  # ThoiDiemXuLy of the move, wire format


class HubFile(HubBase):
    """A file's bytes held for one agency (hub/files.py keeps the bytes themselves; the
    same bytes sent by two agencies are stored once and listed twice)."""

    __tablename__ = "hub_file"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    agency_code: Mapped[str] = mapped_column(String(35), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    device_id: Mapped[str] = mapped_column(String(36))
    received_at: Mapped[datetime] = mapped_column(DateTime)


class HubResult(HubBase):
    """A result the back office attached to a dossier (``hub-admin result``): its national
    entry (DanhSachGiayToKetQua) as sent in the change feed, and its file by hash (the bytes
    in hub/files.py's store, listed in hub_file for the dossier's agency)."""

    __tablename__ = "hub_result"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    dossier_code: Mapped[str] = mapped_column(String(60), index=True)
    agency_code: Mapped[str] = mapped_column(String(35))
    sha256: Mapped[str] = mapped_column(String(64))
    entry: Mapped[str] = mapped_column(Text)  # the entry as JSON
    created_at: Mapped[datetime] = mapped_column(DateTime)


__all__ = [
    "HubBase",
    "HubResult",
    "HubFile",
    "Device",
    "EnrollCode",
    "Event",
    "DossierSnapshot",
    "Change",
    "Refusal",
    "OfficeMove",
    "utc_now",
]
