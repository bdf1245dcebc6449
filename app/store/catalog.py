"""Queries of the procedure catalog; each loads a procedure with its documents and fees."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.store.models import Procedure

_FULL = (selectinload(Procedure.documents), selectinload(Procedure.fees))


def procedure_with_parts(session: Session, code: str) -> Procedure | None:
    """The procedure ``code`` (exact) with its documents and fees."""
    return session.scalar(select(Procedure).where(Procedure.code == code).options(*_FULL))


def procedures_with_parts(
    session: Session,
    *,
    active_only: bool,
    by_name: bool = False,
) -> Sequence[Procedure]:
    """The catalog, ordered by name or by code."""
    stmt = select(Procedure).order_by(Procedure.name if by_name else Procedure.code).options(*_FULL)
    if active_only:
        stmt = stmt.where(Procedure.active.is_(True))
    return session.scalars(stmt).all()
