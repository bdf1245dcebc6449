"""The outbox: every change of a dossier leaves an event here, in the same transaction.

This module is the only part of the store that app.sync may use."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from app.domain.fee_receipts import KIND_ERECEIPT
from app.store.models import OutboxEvent


def canonical_json(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def payload_hash(payload: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(payload).encode("utf-8")).hexdigest()


def add_event(
    session: Session, *, kind: str, dossier_code: str, payload: dict[str, Any], now: datetime
) -> OutboxEvent:
    """Queue one event; the caller commits it together with the change it describes."""
    event = OutboxEvent(
        event_id=str(uuid.uuid4()),
        kind=kind,
        dossier_code=dossier_code,
        payload=canonical_json(payload),
        payload_hash=payload_hash(payload),
        created_at=now,
        state="pending",
        attempts=0,
        next_attempt_at=None,
        last_error="",
    )
    session.add(event)
    return event


# --- The reading and acknowledging side, for the sync engine -----------------------------
#
# States: pending -> sending (marked before the request) -> acked | rejected | dead, or back
# to pending with a later next_attempt_at. A "sending" row left by a crash is due again:
# the hub's idempotency on event_id makes the resend harmless. ``acked_at`` is the moment
# the row was settled (acknowledged, rejected or dead-lettered); rows are never deleted.

PENDING, SENDING, ACKED, REJECTED, DEAD = "pending", "sending", "acked", "rejected", "dead"
#: Kinds sent to a gateway of their own (the e-receipt requests), never pushed to /events.
GATEWAY_KINDS = frozenset({KIND_ERECEIPT})
_OPEN = (PENDING, SENDING)

SessionFactory = Callable[[], AbstractContextManager[Session]]


@dataclass(frozen=True)
class QueuedEvent:
    """One event to push, with its payload exactly as stored (canonical JSON text)."""

    id: int
    event_id: str
    kind: str
    dossier_code: str
    payload: str
    payload_hash: str
    created_at: datetime
    attempts: int


@dataclass(frozen=True)
class Failure:
    """A failed delivery of one event, as the engine decided to record it."""

    id: int
    attempts: int
    reason: str
    next_attempt_at: datetime | None
    dead: bool


@dataclass(frozen=True)
class OutboxCounts:
    waiting: int  # pending or sending: not yet acknowledged
    rejected: int
    dead: int
    waiting_dossiers: int = 0  # the dossiers those waiting events are about (what a clerk counts)


@dataclass(frozen=True)
class SettledProblem:
    """A rejected or dead-lettered event, for the clerk's list."""

    event_id: str
    dossier_code: str
    reason: str
    at: datetime
    dead: bool
    attempts: int


class Outbox:
    """The outbox as the sync engine sees it: due events in id order and their marks.

    ``write`` opens a writing unit of work, ``read`` a reading one (both context managers
    yielding a Session, rolled back unless committed)."""

    def __init__(
        self,
        write: SessionFactory,
        read: SessionFactory | None = None,
        *,
        kinds: frozenset[str] | None = None,
    ) -> None:
        """``kinds``: the lane's events only (the e-receipt sender's); by default every
        kind but those of a gateway lane (GATEWAY_KINDS), which /events never takes."""
        self._write = write
        self._read = read or write
        self._lane = (
            OutboxEvent.kind.in_(sorted(kinds))
            if kinds is not None
            else OutboxEvent.kind.not_in(sorted(GATEWAY_KINDS))
        )

    def due(self, now: datetime, *, after_id: int = 0, limit: int = 200) -> list[QueuedEvent]:
        """Events not yet acknowledged whose retry time has come, oldest first."""
        with self._read() as s:
            # Ids first, each query a plain range of the (state, next_attempt_at, id) index:
            # fresh events (pending, no retry time) are read in id order straight from it,
            # retries and leftovers of a crash ("sending") are few. Sorting whole rows of a
            # long queue for every batch would make a big push quadratic.
            def ids(*where: Any) -> list[int]:
                return list(
                    s.scalars(
                        select(OutboxEvent.id)
                        .where(OutboxEvent.id > after_id, self._lane, *where)
                        .order_by(OutboxEvent.id)
                        .limit(limit)
                    )
                )

            found = sorted(
                {
                    *ids(OutboxEvent.state == PENDING, OutboxEvent.next_attempt_at.is_(None)),
                    *ids(OutboxEvent.state == PENDING, OutboxEvent.next_attempt_at <= now),
                    *ids(
                        OutboxEvent.state == SENDING,
                        or_(
                            OutboxEvent.next_attempt_at.is_(None),
                            OutboxEvent.next_attempt_at <= now,
                        ),
                    ),
                }
            )[:limit]
            if not found:
                return []
            rows = s.execute(
                select(
                    OutboxEvent.id,
                    OutboxEvent.event_id,
                    OutboxEvent.kind,
                    OutboxEvent.dossier_code,
                    OutboxEvent.payload,
                    OutboxEvent.payload_hash,
                    OutboxEvent.created_at,
                    OutboxEvent.attempts,
                )
                .where(OutboxEvent.id.in_(found))
                .order_by(OutboxEvent.id)
            )
            return [QueuedEvent(*r) for r in rows]

    def count_due(self, now: datetime) -> int:
        with self._read() as s:
            return int(
                s.scalar(
                    select(func.count(OutboxEvent.id)).where(
                        OutboxEvent.state.in_(_OPEN),
                        or_(
                            OutboxEvent.next_attempt_at.is_(None),
                            OutboxEvent.next_attempt_at <= now,
                        ),
                    )
                )
                or 0
            )

    def next_attempt_at(self) -> datetime | None:
        """The earliest retry time among waiting events (None when none waits on a timer)."""
        with self._read() as s:
            return s.scalar(
                select(func.min(OutboxEvent.next_attempt_at)).where(OutboxEvent.state.in_(_OPEN))
            )

    def mark_sending(self, ids: Sequence[int]) -> None:
        with self._write() as s:
            s.execute(
                update(OutboxEvent)
                .where(OutboxEvent.id.in_(ids), OutboxEvent.state.in_(_OPEN))
                .values(state=SENDING)
            )
            s.commit()

    def release(self, ids: Sequence[int]) -> None:
        """Back to pending without counting an attempt (the request never left)."""
        with self._write() as s:
            s.execute(
                update(OutboxEvent)
                .where(OutboxEvent.id.in_(ids), OutboxEvent.state == SENDING)
                .values(state=PENDING)
            )
            s.commit()

    def settle(
        self,
        now: datetime,
        *,
        acked: Sequence[int] = (),
        rejected: Mapping[int, str] | None = None,
        failures: Sequence[Failure] = (),
    ) -> None:
        """Record the answer to one request in one transaction."""
        with self._write() as s:
            if acked:
                s.execute(
                    update(OutboxEvent)
                    .where(OutboxEvent.id.in_(acked), OutboxEvent.state.in_(_OPEN))
                    .values(state=ACKED, acked_at=now, next_attempt_at=None)
                )
            rows: list[dict[str, Any]] = [
                {
                    "id": i,
                    "state": REJECTED,
                    "last_error": reason[:2000],
                    "acked_at": now,
                    "next_attempt_at": None,
                }
                for i, reason in (rejected or {}).items()
            ]
            rows += [
                {
                    "id": f.id,
                    "state": DEAD if f.dead else PENDING,
                    "attempts": f.attempts,
                    "last_error": f.reason[:2000],
                    "next_attempt_at": None if f.dead else f.next_attempt_at,
                    "acked_at": now if f.dead else None,
                }
                for f in failures
            ]
            if rows:
                s.execute(update(OutboxEvent), rows)
            s.commit()

    def counts(self) -> OutboxCounts:
        """What the status strip shows. Acknowledged rows (kept forever) are not counted,
        so this stays an index range read however long the history grows."""
        with self._read() as s:
            by_state = dict(
                s.execute(
                    select(OutboxEvent.state, func.count(OutboxEvent.id))
                    .where(OutboxEvent.state.in_((PENDING, SENDING, REJECTED, DEAD)))
                    .group_by(OutboxEvent.state)
                ).all()
            )
            waiting = int(by_state.get(PENDING, 0) + by_state.get(SENDING, 0))
            dossiers = (
                int(
                    s.scalar(
                        select(func.count(func.distinct(OutboxEvent.dossier_code))).where(
                            OutboxEvent.state.in_((PENDING, SENDING))
                        )
                    )
                    or 0
                )
                if waiting
                else 0
            )
        return OutboxCounts(
            waiting=waiting,
            rejected=int(by_state.get(REJECTED, 0)),
            dead=int(by_state.get(DEAD, 0)),
            waiting_dossiers=dossiers,
        )

    def problems(self) -> list[SettledProblem]:
        """Rejected and dead-lettered events, newest first."""
        with self._read() as s:
            rows = s.scalars(
                select(OutboxEvent)
                .where(OutboxEvent.state.in_((REJECTED, DEAD)))
                .order_by(OutboxEvent.id.desc())
            )
            return [
                SettledProblem(
                    r.event_id,
                    r.dossier_code,
                    r.last_error,
                    r.acked_at or r.created_at,
                    r.state == DEAD,
                    r.attempts,
                )
                for r in rows
            ]

    def requeue_dead(self) -> int:
        """Give dead-lettered events a fresh start (after the cause was fixed)."""
        return self.requeue(rejected=False)

    def requeue(self, *, rejected: bool = True, codes: Sequence[str] | None = None) -> int:
        """Send dead-lettered (and, with ``rejected``, refused) events again after the cause
        was fixed; only those of the dossiers ``codes`` when given. A refused event gets a
        new event_id: the hub never stored it under the old one, or stored other content
        under it (a conflict), so resending the old id could only be refused again. Its
        payload, and so its version, stays what it was."""
        states = (DEAD, REJECTED) if rejected else (DEAD,)
        with self._write() as s:
            query = select(OutboxEvent).where(OutboxEvent.state.in_(states))
            if codes is not None:
                query = query.where(OutboxEvent.dossier_code.in_(list(codes)))
            rows = list(s.scalars(query))
            for row in rows:
                if row.state == REJECTED:
                    row.event_id = str(uuid.uuid4())
                row.state, row.attempts, row.next_attempt_at, row.acked_at = PENDING, 0, None, None
            s.commit()
            return len(rows)
