"""Queries of the counter's people: accounts and the read-only audit trail."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.store.models import AuditLog, User


def user_by_name(session: Session, username: str) -> User | None:
    """The account of ``username`` (already stripped and lower-cased by the caller)."""
    return session.scalar(select(User).where(User.username == username))


def user_by_id(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def all_users(session: Session) -> Sequence[User]:
    return session.scalars(select(User).order_by(User.username)).all()


def other_active_supervisors(session: Session, role: str, user_id: int) -> int:
    """How many active accounts of ``role`` there are besides ``user_id``."""
    count = session.scalar(
        select(func.count(User.id)).where(
            User.role == role, User.active.is_(True), User.id != user_id
        )
    )
    return int(count or 0)


def audit_rows(
    session: Session,
    *,
    entity_key: str | None = None,
    actor: str | None = None,
    action: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 200,
) -> Sequence[AuditLog]:
    """Audit rows, newest first; None filters nothing, ``action`` ending in a dot names a
    family (``user.``)."""
    stmt = select(AuditLog)
    if entity_key is not None:
        stmt = stmt.where(AuditLog.entity_key == entity_key)
    if actor is not None:
        stmt = stmt.where(AuditLog.actor == actor)
    if action:
        if action.endswith("."):
            stmt = stmt.where(AuditLog.action >= action, AuditLog.action < action + "\uffff")
        else:
            stmt = stmt.where(AuditLog.action == action)
    if since is not None:
        stmt = stmt.where(AuditLog.at >= since)
    if until is not None:
        stmt = stmt.where(AuditLog.at < until)
    return session.scalars(stmt.order_by(AuditLog.id.desc()).limit(limit)).all()
