"""Which counter is which, on the hub: counter slots and dossier-code ownership.

- A counter identifies itself at enrollment by its *device uid*: a random id it generates
  once and keeps in its own database. Every enrollment still gets a fresh token and hub
  device id, but the enrollments of one device uid are the same counter: a new one revokes
  the earlier tokens and keeps the counter's slot.
- The hub gives each counter of an agency its slot, 0 to 9, never two counters the same one
  (a unique key on (agency, slot)). The slot partitions the daily code numbers
  (app.domain.codes), so counters with distinct slots never print the same code.
- Every dossier code is owned by the counter that first delivered it. Another counter's
  event for that code is refused with a reason the clerk sees, never accepted, so no counter
  can overwrite a dossier it did not make. :func:`may_write` is the one place that decides;
  a later "routed to this agency for processing" rule belongs there.

New tables only (``create_all`` adds them to an existing hub database). A device enrolled
before this module existed has no uid: it owns what it delivered under its own device id,
and is the counter of that uid when it enrolls again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    DateTime,
    Integer,
    String,
    UniqueConstraint,
    insert,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.domain.codes import MAX_SLOTS
from hub.models import Device, DossierSnapshot, Event, HubBase, utc_now

MAX_UID = 64


class CounterSlot(HubBase):
    """One counter (device uid) of an agency and its slot."""

    __tablename__ = "hub_counter_slot"
    __table_args__ = (UniqueConstraint("agency_code", "slot", name="uq_hub_counter_slot_slot"),)
    agency_code: Mapped[str] = mapped_column(String(35), primary_key=True)
    device_uid: Mapped[str] = mapped_column(String(MAX_UID), primary_key=True)
    slot: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class DeviceCounter(HubBase):
    """Which counter (device uid) an enrollment (hub device id) belongs to."""

    __tablename__ = "hub_device_counter"
    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    agency_code: Mapped[str] = mapped_column(String(35), index=True)
    device_uid: Mapped[str] = mapped_column(String(MAX_UID), index=True)


class CodeOwner(HubBase):
    """The counter that first delivered a dossier code (its owner key, see owner_key)."""

    __tablename__ = "hub_code_owner"
    code: Mapped[str] = mapped_column(String(60), primary_key=True)
    owner: Mapped[str] = mapped_column(String(MAX_UID + 8))
    device_id: Mapped[str] = mapped_column(String(36))  # the enrollment that delivered it
    claimed_at: Mapped[datetime] = mapped_column(DateTime)


class SlotsExhausted(Exception):
    pass


def legacy_owner(device_id: str) -> str:
    """The owner key of a device enrolled without a device uid: its own id, which such a
    counter sends as its device uid when it enrolls again (app.services.identity)."""
    return device_id


def owner_key(s: Session, device_id: str) -> str:
    """The owner key of an enrollment: its counter's device uid, else its own id."""
    uid = s.scalar(select(DeviceCounter.device_uid).where(DeviceCounter.device_id == device_id))
    return uid if uid is not None else legacy_owner(device_id)


def slot_of(s: Session, device_id: str) -> int | None:
    row = s.execute(
        select(CounterSlot.slot)
        .join(
            DeviceCounter,
            (DeviceCounter.agency_code == CounterSlot.agency_code)
            & (DeviceCounter.device_uid == CounterSlot.device_uid),
        )
        .where(DeviceCounter.device_id == device_id)
    ).first()
    return None if row is None else int(row[0])


def bind_counter(s: Session, *, device_id: str, agency_code: str, device_uid: str) -> int:
    """Tie a new enrollment to its counter: revoke that counter's earlier tokens and return
    its slot (the one it had, else the lowest free one). Raises SlotsExhausted; a concurrent
    enrollment taking the same free slot raises IntegrityError on commit (retry)."""
    earlier = s.scalars(
        select(DeviceCounter.device_id).where(
            DeviceCounter.agency_code == agency_code, DeviceCounter.device_uid == device_uid
        )
    ).all()
    for old in [*earlier, device_uid]:  # the uid is the hub id of a device of before
        dev = s.get(Device, old)
        if dev is not None and dev.agency_code != agency_code:
            continue
        if dev is not None and dev.id != device_id:
            dev.revoked = True
    s.add(DeviceCounter(device_id=device_id, agency_code=agency_code, device_uid=device_uid))
    row = s.get(CounterSlot, (agency_code, device_uid))
    if row is not None:
        return row.slot
    taken = set(s.scalars(select(CounterSlot.slot).where(CounterSlot.agency_code == agency_code)))
    free = [n for n in range(MAX_SLOTS) if n not in taken]
    if not free:
        raise SlotsExhausted(agency_code)
    s.add(
        CounterSlot(
            agency_code=agency_code, device_uid=device_uid, slot=free[0], created_at=utc_now()
        )
    )
    s.flush()
    return free[0]


def may_write(owner: str | None, writer: str, *, routed_here: bool = False) -> bool:
    """May the counter ``writer`` store an event of a dossier that ``owner`` delivered first
    (None: nobody yet)? Only its owner may, and the counters of the competent agency of a
    dossier routed to it for processing (``routed_here``, hub.routing, issue 18)."""
    return owner is None or owner == writer or routed_here


def not_owner_reason(code: str) -> str:
    from app.sync.protocol import REASON_NOT_OWNER

    return (
        f"{REASON_NOT_OWNER} Mã hồ sơ {code} đã do một quầy khác của cơ quan gửi lên "
        f"trước; quầy này không được ghi hồ sơ đó. Hai quầy đang dùng trùng số thứ tự: "
        f"hãy báo quản trị hệ thống (dossier code owned by another counter)."
    )


def owners(s: Session, codes: list[str]) -> dict[str, str]:
    """The owner of each code that has one. A dossier stored before ownership was kept gets
    the owner of its first event, recorded now."""
    found: dict[str, str] = {}
    for start in range(0, len(codes), 500):
        part = codes[start : start + 500]
        found.update(
            s.execute(select(CodeOwner.code, CodeOwner.owner).where(CodeOwner.code.in_(part))).all()
        )
    missing = [c for c in codes if c not in found]
    legacy: list[str] = []
    for start in range(0, len(missing), 500):
        legacy += s.scalars(
            select(DossierSnapshot.code).where(
                DossierSnapshot.code.in_(missing[start : start + 500])
            )
        ).all()
    rows: list[dict[str, Any]] = []
    for code in legacy:
        first = s.scalar(
            select(Event.device_id).where(Event.dossier_code == code).order_by(Event.id).limit(1)
        )
        if first is None:
            continue
        found[code] = owner_key(s, first)
        rows.append(
            {"code": code, "owner": found[code], "device_id": first, "claimed_at": utc_now()}
        )
    if rows:
        s.execute(insert(CodeOwner.__table__), rows)  # type: ignore[arg-type]  # __table__ is a Table at run time; SQLAlchemy types it FromClause
    return found


def claim(s: Session, *, codes: list[str], owner: str, device_id: str) -> None:
    """Record ``owner`` for codes nobody owned yet. A concurrent first delivery of the same
    code by another counter makes the commit fail (IntegrityError): the batch is retried and
    then sees the owner."""
    if codes:
        now = utc_now()
        s.execute(
            insert(CodeOwner.__table__),  # type: ignore[arg-type]  # __table__ is a Table at run time; SQLAlchemy types it FromClause
            [{"code": c, "owner": owner, "device_id": device_id, "claimed_at": now} for c in codes],
        )


__all__ = [
    "CounterSlot",
    "DeviceCounter",
    "CodeOwner",
    "SlotsExhausted",
    "bind_counter",
    "owner_key",
    "slot_of",
    "may_write",
    "owners",
    "claim",
    "not_owner_reason",
]
