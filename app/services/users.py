"""People at the counter: accounts, passwords (scrypt), log-in with lock-out."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from app.domain.errors import DeskError
from app.domain.roles import Actor, Permission, Role
from app.services.context import DeskContext
from app.store.models import User
from app.store.repositories import add_audit

# scrypt parameters: ~50 ms per hash on the counter PCs, 16 MiB of memory.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
MAX_FAILURES = 5
LOCK_MINUTES = 15


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P,
                            maxmem=64 * 1024 * 1024, dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt_b64, digest_b64 = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    digest = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt_b64), n=int(n),
                            r=int(r), p=int(p), maxmem=64 * 1024 * 1024, dklen=32)
    return hmac.compare_digest(digest, base64.b64decode(digest_b64))


@dataclass(frozen=True)
class UserInfo:
    id: int
    username: str
    full_name: str
    role: Role
    active: bool
    locked: bool


def _info(u: User, now_locked: bool) -> UserInfo:
    return UserInfo(u.id, u.username, u.full_name, Role(u.role), u.active, now_locked)


def create_user(ctx: DeskContext, *, username: str, full_name: str, role: Role, password: str) -> UserInfo:
    ctx.actor.require(Permission.USERS)
    name = username.strip().lower()
    if not name or len(password) < 8:
        raise DeskError("input.invalid", detail="tên đăng nhập trống hoặc mật khẩu dưới 8 ký tự")
    now = ctx.now()
    with ctx.db.session() as s:
        if s.scalar(select(User).where(User.username == name)) is not None:
            raise DeskError("input.invalid", detail=f"tên đăng nhập «{name}» đã có")
        u = User(username=name, full_name=full_name.strip(), role=role.value,
                 password_hash=hash_password(password), active=True, failed_attempts=0,
                 created_at=now)
        s.add(u)
        s.flush()
        add_audit(s, at=now, actor=ctx.actor.username, action="user.create", entity="user",
                  key=name, detail={"role": role.value})
        s.commit()
        return _info(u, False)


def list_users(ctx: DeskContext) -> list[UserInfo]:
    ctx.actor.require(Permission.USERS)
    now = ctx.now()
    with ctx.db.read_session() as s:
        return [_info(u, bool(u.locked_until and u.locked_until > now))
                for u in s.scalars(select(User).order_by(User.username))]


def set_user_active(ctx: DeskContext, *, username: str, active: bool) -> None:
    ctx.actor.require(Permission.USERS)
    now = ctx.now()
    with ctx.db.session() as s:
        u = s.scalar(select(User).where(User.username == username.strip().lower()))
        if u is None:
            raise DeskError("auth.failed")
        u.active = active
        if active:
            u.failed_attempts, u.locked_until = 0, None
        add_audit(s, at=now, actor=ctx.actor.username, action="user.enable" if active else "user.disable",
                  entity="user", key=u.username)
        s.commit()


def log_in(ctx: DeskContext, *, username: str, password: str) -> DeskContext:
    """Check the password; returns a context acting as that person. Five failures lock the
    account for 15 minutes; every attempt is audited."""
    name = username.strip().lower()
    now = ctx.now()
    with ctx.db.session() as s:
        u = s.scalar(select(User).where(User.username == name))
        if u is None:
            add_audit(s, at=now, actor=name or "?", action="login.unknown", entity="user", key=name)
            s.commit()
            raise DeskError("auth.failed")
        if not u.active:
            add_audit(s, at=now, actor=name, action="login.disabled", entity="user", key=name)
            s.commit()
            raise DeskError("auth.disabled")
        if u.locked_until is not None and u.locked_until > now:
            minutes = max(1, int((u.locked_until - now).total_seconds() // 60) + 1)
            add_audit(s, at=now, actor=name, action="login.locked", entity="user", key=name)
            s.commit()
            raise DeskError("auth.locked", minutes=minutes)
        if not verify_password(password, u.password_hash):
            u.failed_attempts += 1
            if u.failed_attempts >= MAX_FAILURES:
                u.locked_until = now + timedelta(minutes=LOCK_MINUTES)
                u.failed_attempts = 0
            add_audit(s, at=now, actor=name, action="login.failed", entity="user", key=name)
            s.commit()
            if u.locked_until is not None and u.locked_until > now:
                raise DeskError("auth.locked", minutes=LOCK_MINUTES)
            raise DeskError("auth.failed")
        u.failed_attempts, u.locked_until = 0, None
        add_audit(s, at=now, actor=name, action="login.ok", entity="user", key=name)
        s.commit()
        actor = Actor(u.username, u.full_name, Role(u.role), u.id)
    return ctx.with_actor(actor)
