"""SQLAlchemy 2 typed models of the counter's local database.

Nothing is deleted: withdrawal and refusal are statuses, the audit log is append-only
(enforced by triggers created in the first migration), and outbox rows stay after they are
acknowledged so the sent copy is kept.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Computed,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from app.store.dossier_flags import SCORE_COLUMNS

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out; stored as naive UTC text."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Agency(Base):
    __tablename__ = "agency"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(35), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    parent_name: Mapped[str] = mapped_column(
        String(200), default="ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI"
    )
    center_name: Mapped[str] = mapped_column(
        String(200), default="TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG"
    )
    place: Mapped[str] = mapped_column(String(100), default="Hà Nội")
    address: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    lookup_url: Mapped[str] = mapped_column(String(300), default="")
    bank_bin: Mapped[str] = mapped_column(String(6), default="")
    bank_account: Mapped[str] = mapped_column(String(30), default="")
    bank_account_name: Mapped[str] = mapped_column(String(200), default="")
    # Migration 0017: the agency catalog the hub provides (cached for offline intake for
    # another body): "commune" (xã, phường) or "city" (a city department or branch); ""
    # for the home agency set up locally. When the catalog last brought this row.
    kind: Mapped[str] = mapped_column(String(10), default="", server_default="")
    catalog_updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class Counter(Base):
    __tablename__ = "counter"
    __table_args__ = (UniqueConstraint("agency_id", "slot", name="uq_counter_agency_slot"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    slot: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(100))
    # Where the slot came from: "hub" (enrollment), "demo", "legacy" (before the hub
    # assigned slots), None (none yet: no code may be issued). Migration 0004.
    slot_source: Mapped[str | None] = mapped_column(String(8), nullable=True)


class User(Base):
    __tablename__ = "user_account"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(300), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Procedure(Base):
    __tablename__ = "procedure"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(500))
    name_folded: Mapped[str] = mapped_column(String(500), index=True)
    field_code: Mapped[str] = mapped_column(String(20), default="")
    field_name: Mapped[str] = mapped_column(String(200), default="")
    level: Mapped[int] = mapped_column(Integer, default=3)
    processing_amount: Mapped[float] = mapped_column(Float, default=0)
    processing_unit: Mapped[str] = mapped_column(String(8), default="day")
    cutoff: Mapped[str | None] = mapped_column(String(5), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    documents: Mapped[list[ProcedureDocument]] = relationship(
        order_by="ProcedureDocument.position", cascade="all, delete-orphan"
    )
    fees: Mapped[list[ProcedureFee]] = relationship(
        order_by="ProcedureFee.id", cascade="all, delete-orphan"
    )


class ProcedureDocument(Base):
    __tablename__ = "procedure_document"
    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    code: Mapped[str] = mapped_column(String(40), default="")
    name: Mapped[str] = mapped_column(String(500))
    originals: Mapped[int] = mapped_column(Integer, default=1)
    copies: Mapped[int] = mapped_column(Integer, default=0)
    required: Mapped[bool] = mapped_column(Boolean, default=True)


class ProcedureFee(Base):
    __tablename__ = "procedure_fee"
    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id"), index=True)
    code: Mapped[str] = mapped_column(String(40), default="")
    name: Mapped[str] = mapped_column(String(300))
    amount: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(String(500), default="")


class Applicant(Base):
    """A person known at this counter, remembered so nobody types the same data twice."""

    __tablename__ = "applicant"
    id: Mapped[int] = mapped_column(primary_key=True)
    id_number: Mapped[str] = mapped_column(String(20), unique=True)
    old_id_number: Mapped[str] = mapped_column(String(20), default="")
    full_name: Mapped[str] = mapped_column(String(200))
    name_folded: Mapped[str] = mapped_column(String(200))
    birth_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    sex: Mapped[str] = mapped_column(String(10), default="")
    address: Mapped[str] = mapped_column(String(500), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Migration 0010: an organisation is remembered by its tax code (in id_number).
    kind: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    representative: Mapped[str] = mapped_column(String(200), default="", server_default="")


class Dossier(Base):
    __tablename__ = "dossier"
    __table_args__ = (
        # Covers the reports: a month of counts is one index range scan, no table lookups.
        Index("ix_dossier_received", "received_at", "channel", "status", "assisted", "timeliness"),
        Index("ix_dossier_status_due", "status", "appointment_at"),
        Index("ix_dossier_name_folded", "name_folded"),
        Index("ix_dossier_id_number", "id_number"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    intake_key: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    counter_id: Mapped[int] = mapped_column(ForeignKey("counter.id"))
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id"))
    applicant_id: Mapped[int] = mapped_column(ForeignKey("applicant.id"), index=True)
    receiver_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)
    # Snapshot of the applicant as printed: later edits of the person never change a slip.
    applicant_name: Mapped[str] = mapped_column(String(200))
    name_folded: Mapped[str] = mapped_column(String(200))
    id_number: Mapped[str] = mapped_column(String(20))
    # Search keys of the queue's one box (app/domain/lookup.py, migration 0004): the folded
    # name last word first, and the ID number reversed, so a given name and the last
    # digits of an ID are index prefixes.
    name_key: Mapped[str] = mapped_column(String(200), default="", server_default="")
    id_key: Mapped[str] = mapped_column(String(20), default="", server_default="")
    address: Mapped[str] = mapped_column(String(500), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    # The channels the citizen wants messages by ("sms,zalo,email"; "" none): migration 0012.
    notify_channels: Mapped[str] = mapped_column(String(40), default="", server_default="")
    old_id_number: Mapped[str] = mapped_column(String(20), default="", server_default="")
    birth_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    sex: Mapped[str] = mapped_column(String(10), default="", server_default="")
    # Migration 0010: LoaiDoiTuong (app.domain.organisation.ApplicantKind); for an
    # organisation applicant_name is its name and id_number its tax code.
    applicant_kind: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    representative: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # How the identity was taken: "qr" (the chip card's or VNeID's QR) or "" (typed).
    identity_source: Mapped[str] = mapped_column(String(10), default="", server_default="")
    channel: Mapped[int] = mapped_column(Integer)
    status: Mapped[int] = mapped_column(Integer)
    assisted: Mapped[bool] = mapped_column(Boolean, default=False)
    post_receipt_no: Mapped[str] = mapped_column(String(40), default="")
    result_delivery: Mapped[str] = mapped_column(String(10), default="counter")
    sets: Mapped[int] = mapped_column(Integer, default=1)
    summary: Mapped[str] = mapped_column(String(1000), default="")
    processing_amount: Mapped[float] = mapped_column(Float, default=0)
    processing_unit: Mapped[str] = mapped_column(String(8), default="day")
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    appointment_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    extended_appointment_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Early (1) / on time (2) / late (3), fixed when the dossier is finished.
    timeliness: Mapped[int | None] = mapped_column(Integer, nullable=True)
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    fee_total: Mapped[int] = mapped_column(Integer, default=0)
    paid_online: Mapped[bool] = mapped_column(Boolean, default=False)
    print_count: Mapped[int] = mapped_column(Integer, default=0)
    book_ordinal: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Migration 0017 (app.domain.interagency): received for another competent body. NULL
    # competent agency: the receiving agency (agency_id) is competent. route_state is a
    # RouteState; return_place a ReturnPlace ("" for an own dossier). An agency.id, kept
    # without a foreign-key clause so that the migration is a plain ADD COLUMN on a table
    # of a million rows (SQLite would rebuild the table to add one); only the store writes
    # it, from an agency row it has just read.
    competent_agency_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    route_state: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    return_place: Mapped[str] = mapped_column(String(10), default="", server_default="")
    route_taken_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    route_back_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # What the 766 scorecard needs of the side rows (app/store/dossier_flags.py, migration
    # 0016): kept by triggers on the side tables, never written by the ORM.
    side_flags: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    score_a: Mapped[int] = mapped_column(
        Integer, Computed(SCORE_COLUMNS["score_a"], persisted=False)
    )
    score_b: Mapped[int] = mapped_column(
        Integer, Computed(SCORE_COLUMNS["score_b"], persisted=False)
    )
    score_c: Mapped[int] = mapped_column(
        Integer, Computed(SCORE_COLUMNS["score_c"], persisted=False)
    )
    score_d: Mapped[int] = mapped_column(
        Integer, Computed(SCORE_COLUMNS["score_d"], persisted=False)
    )
    score_e: Mapped[int] = mapped_column(
        Integer, Computed(SCORE_COLUMNS["score_e"], persisted=False)
    )
    documents: Mapped[list[DossierDocument]] = relationship(order_by="DossierDocument.position")
    fees: Mapped[list[DossierFee]] = relationship(order_by="DossierFee.id")
    history: Mapped[list[StatusHistory]] = relationship(order_by="StatusHistory.id")
    supplements: Mapped[list[SupplementRequestRow]] = relationship(
        order_by="SupplementRequestRow.id"
    )


class DossierDocument(Base):
    __tablename__ = "dossier_document"
    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    code: Mapped[str] = mapped_column(String(40), default="")
    name: Mapped[str] = mapped_column(String(500))
    originals: Mapped[int] = mapped_column(Integer, default=0)
    copies: Mapped[int] = mapped_column(Integer, default=0)


class DossierFee(Base):
    __tablename__ = "dossier_fee"
    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"), index=True)
    code: Mapped[str] = mapped_column(String(40), default="")
    name: Mapped[str] = mapped_column(String(300))
    amount: Mapped[int] = mapped_column(Integer, default=0)
    collection: Mapped[str] = mapped_column(String(20), default="cash")


class SupplementRequestRow(Base):
    """One supplement request (status 5, Mẫu 02) and its completion (migration 0010).
    ``items`` is a JSON list of the missing papers; due_before / due_after are the
    appointment before the wait and after it (app.domain.supplements)."""

    __tablename__ = "supplement_request"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"), index=True)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    requested_by: Mapped[str] = mapped_column(String(60))
    items: Mapped[str] = mapped_column(Text, default="[]")
    note: Mapped[str] = mapped_column(Text, default="")
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    completed_by: Mapped[str] = mapped_column(String(60), default="")
    due_before: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    due_after: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class StatusHistory(Base):
    __tablename__ = "status_history"
    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"), index=True)
    from_status: Mapped[int | None] = mapped_column(Integer, nullable=True)
    to_status: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(60))
    note: Mapped[str] = mapped_column(Text, default="")


class AuditLog(Base):
    """Append-only: triggers refuse UPDATE and DELETE."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    actor: Mapped[str] = mapped_column(String(60))
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(40))
    entity_key: Mapped[str] = mapped_column(String(80), index=True)
    detail: Mapped[str] = mapped_column(Text, default="{}")


class OutboxEvent(Base):
    """One change waiting for (or already acknowledged by) the city endpoint."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_state", "state", "next_attempt_at", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(String(36), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    dossier_code: Mapped[str] = mapped_column(String(60), index=True)
    payload: Mapped[str] = mapped_column(Text)
    payload_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # pending -> (sending) -> acked | rejected | dead
    state: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_error: Mapped[str] = mapped_column(Text, default="")
    acked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class KeyValue(Base):
    """Small settings and sync state (cursor, last success, this counter's id...)."""

    __tablename__ = "key_value"
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class CodeSequence(Base):
    """The last local number each counter slot used on each day; never goes back."""

    __tablename__ = "code_sequence"
    agency_code: Mapped[str] = mapped_column(String(35), primary_key=True)
    day: Mapped[str] = mapped_column(String(6), primary_key=True)
    slot: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


class AgencyCalendarDay(Base):
    """Another agency's calendar override (a working Saturday, an extra day off), cached
    from the hub's agency catalog: a dossier received for that body gets its appointment
    from that body's calendar (migration 0017). The home agency's own days are in
    calendar_override."""

    __tablename__ = "agency_calendar_day"
    agency_code: Mapped[str] = mapped_column(String(35), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    working: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(String(300), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CalendarOverride(Base):
    __tablename__ = "calendar_override"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    working: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(String(300), default="")
    source: Mapped[str] = mapped_column(String(10), default="local")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


# --- People, post hand-over and volunteer records (migration 0003) -------------------------

#: The report's covering index: a month of figures by channel, status, procedure, receiver,
#: timeliness, payment and overdue state is one index range scan with no table lookups.
#: (It extends ix_dossier_received, which it makes redundant; kept declared beside the
#: model rather than inside it so the model's own definition is left to its owner.)
Index(
    "ix_dossier_report",
    Dossier.received_at,
    Dossier.channel,
    Dossier.status,
    Dossier.assisted,
    Dossier.timeliness,
    Dossier.procedure_id,
    Dossier.receiver_id,
    Dossier.paid_online,
    Dossier.fee_total,
    Dossier.appointment_at,
    Dossier.extended_appointment_at,
)


Index("ix_dossier_name_key", Dossier.name_key)
#: The 766 scorecard's indicator 4.5 (migration 0015): dossiers whose identity was read
#: from the chip card's QR, counted by reception time without reading the rows.
Index(
    "ix_dossier_identity_qr",
    Dossier.received_at,
    Dossier.applicant_kind,
    sqlite_where=Dossier.identity_source == "qr",
)
Index("ix_dossier_id_key", Dossier.id_key)
#: Dossiers received for another body or from another point (migration 0017): the
#: report's "by body" tables read only these, by reception time.
Index(
    "ix_dossier_routed",
    Dossier.received_at,
    sqlite_where=Dossier.competent_agency_id.is_not(None),
)
#: The 766 scorecard's one range scan (migration 0016; app/store/dossier_flags.py).
Index(
    "ix_dossier_index766",
    Dossier.received_at,
    Dossier.status,
    Dossier.timeliness,
    Dossier.appointment_at,
    Dossier.side_flags,
    Dossier.score_a,
    Dossier.score_b,
    Dossier.score_c,
    Dossier.score_d,
    Dossier.score_e,
)


class Handover(Base):
    """A hand-over batch: dossiers accepted at a post office, carried to the commune together
    and received there by scanning the batch's QR code."""

    __tablename__ = "handover_batch"
    __table_args__ = (
        UniqueConstraint("agency_code", "day", "slot", "seq", name="uq_handover_batch_sequence"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[str] = mapped_column(String(60), unique=True)
    agency_code: Mapped[str] = mapped_column(String(35))
    day: Mapped[str] = mapped_column(String(6))  # yymmdd, Vietnam day of creation
    slot: Mapped[int] = mapped_column(Integer)  # the counter slot that made it
    seq: Mapped[int] = mapped_column(Integer)
    # Empty when the batch was made on another counter and is known here from its scan only.
    agent: Mapped[str] = mapped_column(String(60), default="")
    agent_name: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    received_by: Mapped[str] = mapped_column(String(60), default="")
    # Migration 0017: "post" (post office to commune) or "agency" (the papers of dossiers
    # received for another body, carried to it); the body it goes to and who carries it.
    kind: Mapped[str] = mapped_column(String(10), default="post", server_default="post")
    to_agency_code: Mapped[str] = mapped_column(String(35), default="", server_default="")
    courier_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    items: Mapped[list[HandoverItem]] = relationship(order_by="HandoverItem.position")


class HandoverItem(Base):
    """One dossier of a batch; a dossier travels in one batch only."""

    __tablename__ = "handover_item"
    id: Mapped[int] = mapped_column(primary_key=True)
    handover_id: Mapped[int] = mapped_column(ForeignKey("handover_batch.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # A dossier travels in one batch of each kind (migration 0017): a post dossier
    # received for another body goes post -> receiving point, then receiving point -> body.
    __table_args__ = (UniqueConstraint("kind", "dossier_id", name="uq_handover_item_kind"),)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"))
    kind: Mapped[str] = mapped_column(String(10), default="post", server_default="post")
    dossier_code: Mapped[str] = mapped_column(String(60))
    # When the post office accepted it (the dossier's received_at until the commune scans).
    post_accepted_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AssistedSubmission(Base):
    """A citizen a volunteer helped to submit online (or tried to): not an official receipt."""

    __tablename__ = "assisted_submission"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    volunteer: Mapped[str] = mapped_column(String(60))
    volunteer_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id"))
    outcome: Mapped[str] = mapped_column(String(12))  # submitted | failed
    online_code: Mapped[str] = mapped_column(String(60), default="", index=True)
    reason: Mapped[str] = mapped_column(String(500), default="")
    citizen_id: Mapped[str] = mapped_column(String(20), default="")
    note: Mapped[str] = mapped_column(String(500), default="")


class StoredFile(Base):
    """One file of the content-addressed store (``<data>/files/ab/<sha256>``): the row is
    committed only after the bytes are durable. ``hub_acked_at``: the city hub confirmed it
    holds these bytes, so they are never sent again."""

    __tablename__ = "stored_file"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    mime: Mapped[str] = mapped_column(String(60))
    pages: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    hub_acked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class DossierNotice(Base):
    """A message the hub delivered to the citizen about a dossier (change feed kind
    ``dossier.notice``; migration 0012). ``seq``, the change's, makes a page applied twice
    add nothing."""

    __tablename__ = "dossier_notice"
    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    event: Mapped[str] = mapped_column(String(20))
    channel: Mapped[str] = mapped_column(String(10))
    recipient: Mapped[str] = mapped_column(String(254), default="")


class DossierFile(Base):
    """A file attached to one component (``dossier_document``) of a dossier: the national
    record's ``TaiLieuNop`` entry. ``source_key`` makes a second attach of the same file
    (a scan-to-folder file seen twice) a no-op."""

    __tablename__ = "dossier_file"
    __table_args__ = (
        UniqueConstraint("document_id", "sha256", name="uq_dossier_file_document_sha"),
        Index("ix_dossier_file_sha256", "sha256"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("dossier_document.id"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(ForeignKey("stored_file.sha256"))
    size: Mapped[int] = mapped_column(Integer)
    pages: Mapped[int] = mapped_column(Integer, default=0)
    source: Mapped[str] = mapped_column(String(12))  # scan | import | folder | reuse
    digitised: Mapped[bool] = mapped_column(Boolean, default=True)  # DuocSoHoa
    reused: Mapped[bool] = mapped_column(Boolean, default=False)  # DuocTaiSuDung
    from_national: Mapped[bool] = mapped_column(Boolean, default=False)  # DuocLayTuKhoDMQG
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[str] = mapped_column(String(60), default="")


# --- Results and their hand-over (migration 0008) ----------------------------------------------


class DossierResult(Base):
    """A result of a dossier (the national record's ``DanhSachGiayToKetQua`` entry). Its file
    is named by ``sha256``, not a foreign key: a result pulled from the hub is recorded with
    the status change and its bytes follow (fetched and hash-checked, then a ``stored_file``
    row); ``fetch_error`` says why they did not arrive yet."""

    __tablename__ = "dossier_result"
    __table_args__ = (
        UniqueConstraint("dossier_id", "sha256", name="uq_dossier_result_dossier_sha"),
        Index("ix_dossier_result_sha256", "sha256"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)  # GiayToId
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(300))  # TenGiayTo
    code: Mapped[str] = mapped_column(String(60))  # MaKetQua
    so_ky_hieu: Mapped[str] = mapped_column(String(60), default="")
    issuer: Mapped[str] = mapped_column(String(200), default="")  # CoQuanBanHanh
    signer: Mapped[str] = mapped_column(String(120), default="")  # NguoiKy
    signed_on: Mapped[date | None] = mapped_column(Date, nullable=True)  # NgayKy
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer, default=0)
    pages: Mapped[int] = mapped_column(Integer, default=0)
    source: Mapped[str] = mapped_column(String(8))  # hub | import | scan
    hub_seq: Mapped[int | None] = mapped_column(Integer, nullable=True)
    fetch_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[str] = mapped_column(String(60), default="")


class ResultHandoverRow(Base):
    """The hand-over of a dossier's result (status 10): one per dossier."""

    __tablename__ = "result_handover"
    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"), unique=True)
    recipient_kind: Mapped[str] = mapped_column(String(12))  # applicant | authorised | post
    recipient_name: Mapped[str] = mapped_column(String(200), default="")
    recipient_id: Mapped[str] = mapped_column(String(20), default="")
    post_batch: Mapped[str] = mapped_column(String(100), default="")
    originals: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of short lines
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(60))


# --- Fees paid, receipts and electronic receipts (migration 0011) ---------------------------


class FeePaymentRow(Base):
    """One payment of one charged fee line, with its receipt (biên lai) number. Never
    edited: a void is a :class:`FeePaymentVoid` row. ``round`` counts the payments of the
    line (1, then 2 after a void...): unique with the line, so a line is never paid twice
    at once, even by two writers racing."""

    __tablename__ = "fee_payment"
    __table_args__ = (
        UniqueConstraint("fee_id", "round", name="uq_fee_payment_fee_round"),
        UniqueConstraint("year", "receipt_no", name="uq_fee_payment_year_receipt"),
        Index("ix_fee_payment_paid_at", "paid_at", "method", "amount"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"), index=True)
    fee_id: Mapped[int] = mapped_column(ForeignKey("dossier_fee.id"))
    line: Mapped[int] = mapped_column(Integer)
    round: Mapped[int] = mapped_column(Integer, default=1)
    fee_name: Mapped[str] = mapped_column(String(300))
    fee_code: Mapped[str] = mapped_column(String(40), default="")
    amount: Mapped[int] = mapped_column(Integer)
    method: Mapped[str] = mapped_column(String(10))
    paid_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_by: Mapped[str] = mapped_column(String(60))
    collector_name: Mapped[str] = mapped_column(String(200), default="")
    payer_name: Mapped[str] = mapped_column(String(200), default="")
    year: Mapped[int] = mapped_column(Integer)
    slot: Mapped[int] = mapped_column(Integer)
    receipt_no: Mapped[str] = mapped_column(String(8))
    receipt_symbol: Mapped[str] = mapped_column(String(20))


class FeePaymentVoid(Base):
    """The void (refund, or a receipt made by mistake) of one payment: a new event."""

    __tablename__ = "fee_payment_void"
    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("fee_payment.id"), unique=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(60))
    reason: Mapped[str] = mapped_column(String(500))


class ElectronicReceipt(Base):
    """The electronic-receipt request of one payment: the outbox event that carries it
    (``event_id``, the gateway's idempotency key) and, once answered, the lookup code."""

    __tablename__ = "ereceipt"
    payment_id: Mapped[int] = mapped_column(ForeignKey("fee_payment.id"), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(36), unique=True)
    state: Mapped[str] = mapped_column(String(10), default="waiting")  # waiting|issued|refused
    lookup_code: Mapped[str] = mapped_column(String(40), default="")
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_error: Mapped[str] = mapped_column(Text, default="")


class Rating(Base):
    """A citizen's answer to one satisfaction prompt at the counter (migration 0013): with
    the dossier and the clerk who served; a "not satisfied" waits for a supervisor until
    ``handled_at``. One row per prompt (``prompt_id``) and per dossier and occasion."""

    __tablename__ = "rating"
    __table_args__ = (
        UniqueConstraint("dossier_id", "occasion", name="uq_rating_dossier_occasion"),
        Index("ix_rating_rated_at", "rated_at", "level"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    prompt_id: Mapped[str] = mapped_column(String(36), unique=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"))
    occasion: Mapped[str] = mapped_column(String(10))  # intake | handover
    level: Mapped[int] = mapped_column(Integer)  # 1 very satisfied, 2 satisfied, 3 not
    reason: Mapped[str] = mapped_column(String(40), default="")
    note: Mapped[str] = mapped_column(String(500), default="")
    criteria: Mapped[str] = mapped_column(Text, default="{}")  # {criterion key: level}
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)
    clerk: Mapped[str] = mapped_column(String(60))
    clerk_name: Mapped[str] = mapped_column(String(200), default="")
    counter_id: Mapped[int] = mapped_column(ForeignKey("counter.id"))
    rated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    handled_by: Mapped[str] = mapped_column(String(60), default="")
    handled_note: Mapped[str] = mapped_column(String(500), default="")


class CertificationEntry(Base):
    """One entry of the electronic certification register (chứng thực bản sao điện tử từ
    bản chính): its number of the year (unique per agency; the counter slot's block, see
    app.domain.codes.CERTIFICATION_SERIES), the signed copy in the file store, who did it."""

    __tablename__ = "certification_entry"
    __table_args__ = (
        UniqueConstraint("agency_code", "year", "number", name="uq_certification_entry_number"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    agency_code: Mapped[str] = mapped_column(String(35))
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    slot: Mapped[int] = mapped_column(Integer)
    book: Mapped[str] = mapped_column(String(40))
    certified_at: Mapped[datetime] = mapped_column(UTCDateTime)
    officer: Mapped[str] = mapped_column(String(120))
    agency_name: Mapped[str] = mapped_column(String(255))
    sources: Mapped[str] = mapped_column(String(2000))  # JSON list of the originals' names
    pages: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(ForeignKey("stored_file.sha256"))
    signer: Mapped[str] = mapped_column(String(255))
    created_by: Mapped[str] = mapped_column(String(60))


#: The 766 scorecard's files per dossier (migration 0015), counted without the file rows.
Index(
    "ix_dossier_file_index766",
    DossierFile.dossier_id,
    DossierFile.document_id,
    DossierFile.reused,
    DossierFile.from_national,
)
