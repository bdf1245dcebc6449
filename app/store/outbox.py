"""The outbox: every change of a dossier leaves an event here, in the same transaction.

This module is the only part of the store that app.sync may use."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

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
