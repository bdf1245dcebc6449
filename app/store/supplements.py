"""The supplement requests of a dossier (table supplement_request, migration 0010): kept
beside the status move that opens or closes one, whatever made the move (the counter,
the back office through sync, a void)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from app.domain.calendar import WorkingDayCalendar
from app.domain.dossier import Status
from app.domain.supplements import REPEAT_FROM, SupplementRequest, resumed_due
from app.store.models import Dossier, SupplementRequestRow


def supplement_record(row: SupplementRequestRow) -> SupplementRequest:
    try:
        items = tuple(str(i) for i in json.loads(row.items or "[]"))
    except ValueError:  # never written so; a hand-edited row still shows its note
        items = ()
    return SupplementRequest(
        uid=row.uid,
        requested_at=row.requested_at,
        requested_by=row.requested_by,
        items=items,
        note=row.note,
        completed_at=row.completed_at,
        completed_by=row.completed_by,
        due_before=row.due_before,
        due_after=row.due_after,
    )


def track_supplement(
    d: Dossier,
    src: Status,
    to: Status,
    at: datetime,
    *,
    actor: str,
    note: str = "",
    items: Sequence[str] = (),
    calendar: WorkingDayCalendar | None = None,
) -> None:
    """Open a request on a move into status 5, complete the open one on a move out of it.
    On completion the appointment moves on by the working days waited when a calendar is
    given (the move out of 5 into a live status); a move into a final status (withdrawn,
    stopped) just closes it."""
    if src == to:
        return
    if src == Status.SUPPLEMENT:
        for row in d.supplements:
            if row.completed_at is None:
                row.completed_at = at
                row.completed_by = actor
                if calendar is not None and d.appointment_at is not None:
                    # Both the appointment and an extension (Mẫu 04) wait; the record keeps
                    # the one in force, as the wire's NgayHenTra does.
                    row.due_before = d.extended_appointment_at or d.appointment_at
                    d.appointment_at = resumed_due(calendar, d.appointment_at, row.requested_at, at)
                    if d.extended_appointment_at is not None:
                        d.extended_appointment_at = resumed_due(
                            calendar, d.extended_appointment_at, row.requested_at, at
                        )
                    row.due_after = d.extended_appointment_at or d.appointment_at
    if to == Status.SUPPLEMENT:
        d.supplements.append(
            SupplementRequestRow(
                uid=str(uuid.uuid4()),
                requested_at=at,
                requested_by=actor[:60],
                items=json.dumps(list(items), ensure_ascii=False),
                note=SupplementRequest.note_of(note, items),
                completed_by="",
                due_before=d.extended_appointment_at or d.appointment_at,
            )
        )


def repeat_supplement_clause() -> ColumnElement[bool]:
    """A WHERE clause: the dossier had at least REPEAT_FROM supplement requests."""
    return (
        select(func.count(SupplementRequestRow.id))
        .where(SupplementRequestRow.dossier_id == Dossier.id)
        .scalar_subquery()
        >= REPEAT_FROM
    )


def supplement_counts(session: Session, dossier_ids: Sequence[int]) -> dict[int, int]:
    if not dossier_ids:
        return {}
    rows = session.execute(
        select(SupplementRequestRow.dossier_id, func.count(SupplementRequestRow.id))
        .where(SupplementRequestRow.dossier_id.in_(dossier_ids))
        .group_by(SupplementRequestRow.dossier_id)
    ).all()
    return {int(a): int(b) for a, b in rows}
