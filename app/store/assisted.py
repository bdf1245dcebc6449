"""Queries of the volunteers' assisted online submissions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.store.models import AssistedSubmission, Procedure


def submission_with_code(
    session: Session, online_code: str, outcome: str
) -> AssistedSubmission | None:
    """The earlier record of ``online_code`` with ``outcome`` (a submission is recorded once)."""
    return session.scalar(
        select(AssistedSubmission).where(
            AssistedSubmission.online_code == online_code, AssistedSubmission.outcome == outcome
        )
    )


def submissions_between(
    session: Session,
    *,
    start: datetime | None,
    end: datetime | None,
    volunteer: str | None,
    limit: int,
) -> list[tuple[AssistedSubmission, str, str]]:
    """Records in [start, end) with their procedure's code and name, newest first."""
    stmt = select(AssistedSubmission, Procedure.code, Procedure.name).join(
        Procedure, Procedure.id == AssistedSubmission.procedure_id
    )
    if start is not None:
        stmt = stmt.where(AssistedSubmission.at >= start)
    if end is not None:
        stmt = stmt.where(AssistedSubmission.at < end)
    if volunteer:
        stmt = stmt.where(AssistedSubmission.volunteer == volunteer)
    stmt = stmt.order_by(AssistedSubmission.at.desc(), AssistedSubmission.id.desc()).limit(limit)
    return [(r, code, name) for r, code, name in session.execute(stmt)]
