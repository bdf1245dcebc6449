"""Volunteer mode: citizens a support volunteer helped to submit online.

A volunteer issues no official receipt and receives no dossier; the national portal does
that for an online submission. The volunteer records each citizen helped: the online
dossier code the portal gave (or, when it could not be submitted, why), the procedure and,
optionally, the citizen's ID number. Reports count these as assisted online submissions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from app.domain import entry
from app.domain.dossier import clock_text
from app.domain.errors import DeskError
from app.domain.roles import Permission
from app.services.catalog import get_procedure
from app.services.context import DeskContext
from app.store.assisted import submission_with_code, submissions_between
from app.store.models import AssistedSubmission
from app.store.repositories import add_audit, procedure_by_code

ONLINE_CODE_RE = re.compile(r"[0-9A-Z][0-9A-Z.\-_/]{3,59}")


class AssistOutcome(StrEnum):
    SUBMITTED = "submitted"
    FAILED = "failed"

    @property
    def label_vi(self) -> str:
        return "Đã nộp trực tuyến" if self is AssistOutcome.SUBMITTED else "Chưa nộp được"

    @property
    def label_en(self) -> str:
        return "Submitted online" if self is AssistOutcome.SUBMITTED else "Could not submit"

    @classmethod
    def parse(cls, value: str) -> AssistOutcome:
        try:
            return cls(value.strip().lower())
        except ValueError:
            raise DeskError("volunteer.outcome", value=value) from None


@dataclass(frozen=True)
class AssistRecord:
    id: int
    at: datetime
    volunteer: str
    procedure_code: str
    procedure_name: str
    outcome: AssistOutcome
    online_code: str = ""
    reason: str = ""
    citizen_id: str = ""
    note: str = ""


def record_assisted_submission(
    ctx: DeskContext,
    *,
    procedure_code: str,
    outcome: AssistOutcome,
    online_code: str = "",
    reason: str = "",
    citizen_id: str = "",
    note: str = "",
) -> AssistRecord:
    """Record one citizen helped to submit online (volunteers; supervisors too).

    Args:
        procedure_code: the catalog procedure submitted.
        outcome: SUBMITTED (then ``online_code`` is required) or FAILED (then ``reason``).
        online_code: the dossier code the national portal gave; recorded once only.
        reason: why it could not be submitted.
        citizen_id: optional 12-digit personal ID (or 9-digit old ID).
        note: anything else worth keeping.
    """
    ctx.actor.require(Permission.VOLUNTEER)
    code = entry.clean_text(online_code).upper()
    why = entry.clean_text(reason, field="note", limit=500)
    person = entry.ascii_digits(entry.clean_text(citizen_id))
    note = entry.clean_text(note, field="note", limit=500)
    if outcome is AssistOutcome.SUBMITTED:
        if not code:
            raise DeskError("volunteer.code_missing")
    elif not why:
        raise DeskError("volunteer.reason_missing")
    if code and not ONLINE_CODE_RE.fullmatch(code):
        raise DeskError("volunteer.code_invalid", value=online_code)
    if person and not entry.is_id_number(person):
        raise DeskError("volunteer.citizen_id", value=citizen_id)
    proc = get_procedure(ctx, code=procedure_code)
    now = ctx.now()
    with ctx.db.session() as s:
        if outcome is AssistOutcome.SUBMITTED:
            earlier = submission_with_code(s, code, AssistOutcome.SUBMITTED.value)
            if earlier is not None:
                raise DeskError(
                    "volunteer.duplicate",
                    code=code,
                    at=clock_text(earlier.at),
                    by=earlier.volunteer,
                )
        proc_row = procedure_by_code(s, proc.code)
        assert proc_row is not None
        proc_id = proc_row.id
        row = AssistedSubmission(
            at=now,
            volunteer=ctx.actor.username,
            volunteer_id=ctx.actor.user_id,
            procedure_id=proc_id,
            outcome=outcome.value,
            online_code=code,
            reason=why[:500],
            citizen_id=person,
            note=" ".join(note.split())[:500],
        )
        s.add(row)
        s.flush()
        add_audit(
            s,
            at=now,
            actor=ctx.actor.username,
            action=f"volunteer.{outcome.value}",
            entity="assisted_submission",
            key=code or f"#{row.id}",
            detail={"procedure": proc.code, "reason": row.reason, "citizen_id": person},
        )
        s.commit()
        return AssistRecord(
            row.id,
            now,
            row.volunteer,
            proc.code,
            proc.name,
            outcome,
            code,
            row.reason,
            person,
            row.note,
        )


def list_assisted_submissions(
    ctx: DeskContext,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    volunteer: str | None = None,
    limit: int = 500,
) -> list[AssistRecord]:
    """Records received from ``date_from`` to ``date_to`` inclusive (Vietnam days), newest
    first. A volunteer sees their own records; whoever may see reports sees everyone's."""
    granted = ctx.actor.require_any(Permission.REPORTS, Permission.VOLUNTEER)
    who = volunteer.strip().lower() if volunteer else None
    if granted is Permission.VOLUNTEER:
        who = ctx.actor.username
    start = ctx.local_day_bounds(date_from)[0] if date_from is not None else None
    end = ctx.local_day_bounds(date_to)[1] if date_to is not None else None
    with ctx.db.read_session() as s:
        return [
            AssistRecord(
                r.id,
                r.at,
                r.volunteer,
                pcode,
                pname,
                AssistOutcome(r.outcome),
                r.online_code,
                r.reason,
                r.citizen_id,
                r.note,
            )
            for r, pcode, pname in submissions_between(
                s, start=start, end=end, volunteer=who, limit=limit
            )
        ]
