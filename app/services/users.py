"""People at the counter: accounts, passwords (scrypt), log-in with lock-out, role changes,
and the read-only audit trail of who did what.

Every function here checks the actor's permission first, and every change (and every log-in
attempt) leaves an audit row in the same transaction. The audit log itself has no writer
but ``add_audit`` and no editor at all: triggers refuse UPDATE and DELETE on it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from app.domain.entry import clean_name
from app.domain.errors import DeskError
from app.domain.passwords import (  # the hashes themselves; re-exported
    PasswordCheck,
    hash_password,
    needs_rehash,
    verify_password,
)
from app.domain.roles import Actor, Permission, Role
from app.services.context import DeskContext
from app.store.models import User
from app.store.people import (
    all_users,
    audit_rows,
    other_active_supervisors,
    user_by_id,
    user_by_name,
)
from app.store.repositories import add_audit

MAX_FAILURES = 5
LOCK_MINUTES = 15
MIN_PASSWORD = 8
USERNAME_RE = re.compile(r"[a-z0-9][a-z0-9._-]{1,59}")


@dataclass(frozen=True)
class UserInfo:
    id: int
    username: str
    full_name: str
    role: Role
    active: bool
    locked: bool


@dataclass(frozen=True)
class AuditEntry:
    """One row of the audit log: who did what, when, to which thing."""

    id: int
    at: datetime
    actor: str
    action: str
    entity: str
    entity_key: str
    detail: str  # JSON text, as stored

    @property
    def data(self) -> dict[str, Any]:
        try:
            value = json.loads(self.detail)
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {"value": value}


def _info(u: User, now_locked: bool) -> UserInfo:
    return UserInfo(u.id, u.username, u.full_name, Role(u.role), u.active, now_locked)


def _locked(u: User, now: datetime) -> bool:
    return bool(u.locked_until and u.locked_until > now)


def _clean_username(username: str) -> str:
    name = username.strip().lower()
    if not USERNAME_RE.fullmatch(name):
        raise DeskError("user.name_invalid", value=username)
    return name


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise DeskError("user.password_short", min=MIN_PASSWORD)


def _check_role(role: Role) -> Role:
    if role not in Role.assignable():
        raise DeskError("user.role_system")
    return role


def _load(s: Session, username: str) -> User:
    u = user_by_name(s, username.strip().lower())
    if u is None:
        raise DeskError("user.unknown", username=username.strip())
    return u


def _guard_last_supervisor(s: Session, u: User) -> None:
    """Refuse to leave the counter without an active supervisor account."""
    if u.role != Role.SUPERVISOR.value or not u.active:
        return
    others = other_active_supervisors(s, Role.SUPERVISOR.value, u.id)
    if not others:
        raise DeskError("user.last_supervisor", username=u.username)


def create_user(
    ctx: DeskContext, *, username: str, full_name: str, role: Role, password: str
) -> UserInfo:
    """Create a person's account (supervisors only)."""
    ctx.actor.require(Permission.USERS)
    name = _clean_username(username)
    full = clean_name(full_name)  # printed on receipts as the receiving clerk
    if not full:
        raise DeskError("user.full_name_missing")
    _check_role(role)
    _check_password(password)
    now = ctx.now()
    with ctx.db.session() as s:
        if user_by_name(s, name) is not None:
            raise DeskError("user.exists", username=name)
        u = User(
            username=name,
            full_name=full,
            role=role.value,
            password_hash=hash_password(password, n=ctx.password_work),
            active=True,
            failed_attempts=0,
            created_at=now,
        )
        s.add(u)
        s.flush()
        add_audit(
            s,
            at=now,
            actor=ctx.actor.username,
            action="user.create",
            entity="user",
            key=name,
            detail={"role": role.value, "full_name": full},
        )
        s.commit()
        return _info(u, False)


def list_users(ctx: DeskContext) -> list[UserInfo]:
    ctx.actor.require(Permission.USERS)
    now = ctx.now()
    with ctx.db.read_session() as s:
        return [_info(u, _locked(u, now)) for u in all_users(s)]


def get_user(ctx: DeskContext, *, username: str) -> UserInfo:
    ctx.actor.require(Permission.USERS)
    with ctx.db.read_session() as s:
        u = _load(s, username)
        return _info(u, _locked(u, ctx.now()))


def set_user_active(ctx: DeskContext, *, username: str, active: bool) -> UserInfo:
    """Disable (nobody can log in as them any more) or enable an account; enabling also
    lifts a lock-out."""
    ctx.actor.require(Permission.USERS)
    now = ctx.now()
    with ctx.db.session() as s:
        u = _load(s, username)
        if not active:
            _guard_last_supervisor(s, u)
        u.active = active
        if active:
            u.failed_attempts, u.locked_until = 0, None
        add_audit(
            s,
            at=now,
            actor=ctx.actor.username,
            action="user.enable" if active else "user.disable",
            entity="user",
            key=u.username,
        )
        s.commit()
        return _info(u, _locked(u, now))


def set_user_role(ctx: DeskContext, *, username: str, role: Role) -> UserInfo:
    """Give an account another role; it takes effect at the person's next log-in."""
    ctx.actor.require(Permission.USERS)
    _check_role(role)
    now = ctx.now()
    with ctx.db.session() as s:
        u = _load(s, username)
        before = u.role
        if before != role.value:
            _guard_last_supervisor(s, u)
        u.role = role.value
        add_audit(
            s,
            at=now,
            actor=ctx.actor.username,
            action="user.role",
            entity="user",
            key=u.username,
            detail={"from": before, "to": role.value},
        )
        s.commit()
        return _info(u, _locked(u, now))


def reset_password(ctx: DeskContext, *, username: str, new_password: str) -> UserInfo:
    """A supervisor sets a new password for someone who forgot theirs; lifts a lock-out."""
    ctx.actor.require(Permission.USERS)
    _check_password(new_password)
    now = ctx.now()
    with ctx.db.session() as s:
        u = _load(s, username)
        u.password_hash = hash_password(new_password, n=ctx.password_work)
        u.failed_attempts, u.locked_until = 0, None
        add_audit(
            s,
            at=now,
            actor=ctx.actor.username,
            action="user.reset_password",
            entity="user",
            key=u.username,
        )
        s.commit()
        return _info(u, False)


def change_password(ctx: DeskContext, *, old_password: str, new_password: str) -> None:
    """The logged-in person changes their own password. A wrong current password counts
    as a failed log-in (five lock the account), so this is no way around the lock-out."""
    if ctx.actor.user_id is None:
        raise DeskError("auth.no_account")
    _check_password(new_password)
    if new_password == old_password:
        raise DeskError("user.password_same")
    now = ctx.now()
    with ctx.db.session() as s:
        u = user_by_id(s, ctx.actor.user_id)
        if u is None:
            raise DeskError("user.unknown", username=ctx.actor.username)
        if not u.active:
            raise DeskError("auth.disabled")
        if _locked(u, now):
            assert u.locked_until is not None
            raise DeskError("auth.locked", minutes=_minutes_left(u.locked_until, now))
        if not verify_password(old_password, u.password_hash):
            error = _count_failure(u, now)
            add_audit(
                s,
                at=now,
                actor=u.username,
                action="user.password_failed",
                entity="user",
                key=u.username,
            )
            s.commit()
            raise error if error.key == "auth.locked" else DeskError("auth.wrong_password")
        u.password_hash = hash_password(new_password, n=ctx.password_work)
        u.failed_attempts = 0
        add_audit(
            s, at=now, actor=u.username, action="user.password", entity="user", key=u.username
        )
        s.commit()


def _minutes_left(until: datetime, now: datetime) -> int:
    return max(1, int((until - now).total_seconds() // 60) + 1)


def _count_failure(u: User, now: datetime) -> DeskError:
    u.failed_attempts += 1
    if u.failed_attempts >= MAX_FAILURES:
        u.locked_until = now + timedelta(minutes=LOCK_MINUTES)
        u.failed_attempts = 0
        return DeskError("auth.locked", minutes=LOCK_MINUTES)
    return DeskError("auth.failed")


def log_in(
    ctx: DeskContext, *, username: str, password: str, checked: PasswordCheck | None = None
) -> DeskContext:
    """Check the password; returns a context acting as that person. Five failures lock the
    account for 15 minutes; a disabled account is refused; every attempt is audited.

    ``checked``: the same password already checked (app.services.early_login, while the
    core loaded) against the hash the account still has; scrypt is then not run again."""
    name = username.strip().lower()
    now = ctx.now()
    with ctx.db.session() as s:
        u = user_by_name(s, name)
        if u is None:
            add_audit(s, at=now, actor=name or "?", action="login.unknown", entity="user", key=name)
            s.commit()
            raise DeskError("auth.failed")
        if not u.active:
            add_audit(s, at=now, actor=name, action="login.disabled", entity="user", key=name)
            s.commit()
            raise DeskError("auth.disabled")
        if u.locked_until is not None and u.locked_until > now:
            add_audit(s, at=now, actor=name, action="login.locked", entity="user", key=name)
            s.commit()
            raise DeskError("auth.locked", minutes=_minutes_left(u.locked_until, now))
        if checked is not None and checked.answers(name, password, u.password_hash):
            ok = checked.ok
        else:
            ok = verify_password(password, u.password_hash)
        if not ok:
            error = _count_failure(u, now)
            add_audit(s, at=now, actor=name, action="login.failed", entity="user", key=name)
            s.commit()
            raise error
        u.failed_attempts, u.locked_until = 0, None
        if needs_rehash(u.password_hash, n=ctx.password_work):
            # The only moment the password is known: move the hash to today's cost.
            u.password_hash = hash_password(password, n=ctx.password_work)
            add_audit(
                s,
                at=now,
                actor=name,
                action="password.rehash",
                entity="user",
                key=name,
                detail={"n": ctx.password_work},
            )
        add_audit(s, at=now, actor=name, action="login.ok", entity="user", key=name)
        s.commit()
        actor = Actor(u.username, u.full_name, Role(u.role), u.id)
    return ctx.with_actor(actor)


def log_out(ctx: DeskContext) -> None:
    """Record that the person left; the caller then drops its context."""
    if ctx.actor.user_id is None:
        return
    with ctx.db.session() as s:
        add_audit(
            s,
            at=ctx.now(),
            actor=ctx.actor.username,
            action="logout",
            entity="user",
            key=ctx.actor.username,
        )
        s.commit()


def audit_trail(
    ctx: DeskContext,
    *,
    entity_key: str | None = None,
    actor: str | None = None,
    action: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 200,
) -> list[AuditEntry]:
    """The audit log, newest first, filtered (supervisors only). Read-only: the app has no
    way to change or remove an audit row.

    Args:
        entity_key: a dossier code, user name, batch id...
        actor: the user name who acted.
        action: an exact action (``dossier.receive``) or a family ending in a dot (``user.``).
        since, until: the time window [since, until).
        limit: at most this many rows (1-10,000).
    """
    ctx.actor.require(Permission.AUDIT)
    with ctx.db.read_session() as s:
        return [
            AuditEntry(a.id, a.at, a.actor, a.action, a.entity, a.entity_key, a.detail)
            for a in audit_rows(
                s,
                entity_key=entity_key.strip() if entity_key else None,
                actor=actor.strip().lower() if actor else None,
                action=action or None,
                since=since,
                until=until,
                limit=max(1, min(limit, 10_000)),
            )
        ]
