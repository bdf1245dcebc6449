"""Sync problems for the clerk: events the hub refused or that were dead-lettered, each
explained (Vietnamese first, English available) with what to do, and sending them again."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from app.domain.errors import DeskError
from app.domain.roles import Permission
from app.services.context import DeskContext
from app.services.sync_status import _outbox
from app.store.repositories import add_audit
from app.sync.protocol import REASON_CODE_REUSED, REASON_CONFLICT, REASON_NOT_OWNER


@dataclass(frozen=True)
class RejectedEvent:
    """A refused or dead-lettered event for the clerk: the dossier, why, what to do."""

    dossier_code: str
    reason: str  # Vietnamese
    at: datetime
    dead: bool
    advice: str = ""  # Vietnamese: what to do
    reason_en: str = ""
    advice_en: str = ""
    event_id: str = ""


#: Hub reason prefixes (hub/store.py) -> the kind of refusal the clerk is told about.
_REASON_KINDS = (
    (REASON_NOT_OWNER, "not_owner"),
    (REASON_CODE_REUSED, "code_reused"),
    (REASON_CONFLICT.split(":", 1)[0] + ":", "conflict"),
    ("invalid event:", "invalid"),
    ("dossier of another agency", "other_agency"),
)

#: The hub's validation details (app/sync/protocol.py) in Vietnamese, most common first.
_DETAIL_VI = (
    (
        re.compile(r"^(?P<f>[\w.]+) longer than (?P<n>\d+) characters$", re.ASCII),
        "trường {f} dài quá {n} ký tự",
    ),
    (re.compile(r"^(?P<f>[\w.]+) has a NUL character$", re.ASCII), "trường {f} có ký tự NUL"),
    (
        re.compile(r"^(?P<f>[\w.]+) has more than (?P<n>\d+) (?:items|fields)$", re.ASCII),
        "{f} có nhiều hơn {n} mục",
    ),
    (re.compile(r"^payload larger than (?P<n>\d+) bytes$", re.ASCII), "hồ sơ lớn quá {n} byte"),
    (
        re.compile(r"^payload_hash does not match the payload$", re.ASCII),
        "dữ liệu hồ sơ không khớp mã kiểm tra (payload_hash), có thể do tệp bị hỏng",
    ),
)


def _kind(reason: str, dead: bool) -> str:
    if dead:
        return "dead"
    for prefix, kind in _REASON_KINDS:
        if reason.startswith(prefix):
            return kind
    return "rejected"


def _detail(reason: str, kind: str, lang: str) -> str:
    """The technical part of a hub reason, without its machine prefix; in Vietnamese where
    the hub's wording is known."""
    detail = reason
    if kind == "invalid":
        detail = reason.split(":", 1)[1].strip()
        if lang == "vi":
            for pattern, template in _DETAIL_VI:
                found = pattern.match(detail)
                if found:
                    return template.format(**found.groupdict())
    return detail


def _explain(reason: str, dead: bool, attempts: int, lang: str = "vi", code: str = "") -> str:
    kind = _kind(reason, dead)
    return DeskError(
        f"sync.problem.{kind}",
        reason=reason,
        attempts=attempts,
        code=code,
        detail=_detail(reason, kind, lang),
    ).message(lang)


def _advice(reason: str, dead: bool, lang: str = "vi") -> str:
    return DeskError(f"sync.advice.{_kind(reason, dead)}").message(lang)


def rejected_events(ctx: DeskContext) -> list[RejectedEvent]:
    """Rejected and dead-lettered events with their reasons and what to do, newest first."""
    ctx.actor.require(Permission.VIEW)
    return [
        RejectedEvent(
            p.dossier_code,
            _explain(p.reason, p.dead, p.attempts, "vi", p.dossier_code),
            p.at,
            p.dead,
            _advice(p.reason, p.dead),
            _explain(p.reason, p.dead, p.attempts, "en", p.dossier_code),
            _advice(p.reason, p.dead, "en"),
            p.event_id,
        )
        for p in _outbox(ctx).problems()
    ] + _incoming_clashes(ctx)


def _incoming_clashes(ctx: DeskContext) -> list[RejectedEvent]:
    """Dossiers routed here whose code this counter holds for another dossier (issue 18,
    app.services.interagency_feed): kept apart, told to the clerk here."""
    from app.services.interagency_feed import incoming_clashes

    out: list[RejectedEvent] = []
    for code, agency, at in incoming_clashes(ctx):
        texts = {
            lang: (
                DeskError("sync.problem.incoming_clash", code=code, agency=agency).message(lang),
                DeskError("sync.advice.incoming_clash", agency=agency).message(lang),
            )
            for lang in ("vi", "en")
        }
        out.append(
            RejectedEvent(
                code, texts["vi"][0], at, False, texts["vi"][1], texts["en"][0], texts["en"][1]
            )
        )
    return out


def requeue_dead(ctx: DeskContext) -> int:
    """Send dead-lettered events again (after the cause was fixed); returns how many."""
    ctx.actor.require(Permission.SYNC)
    return _outbox(ctx).requeue_dead()


def requeue_problems(ctx: DeskContext, *, codes: Sequence[str] | None = None) -> int:
    """Send refused and dead-lettered events again (all, or those of the dossiers
    ``codes``) after the cause was fixed; a refused one goes with a new event id. Returns
    how many were queued; the next round sends them."""
    ctx.actor.require(Permission.SYNC)
    n = _outbox(ctx).requeue(rejected=True, codes=codes)
    if n:
        with ctx.db.session() as s:
            add_audit(
                s,
                at=ctx.now(),
                actor=ctx.actor.username,
                action="sync.requeue",
                entity="outbox",
                key=",".join(sorted(codes))[:200] if codes else "*",
                detail={"events": n},
            )
            s.commit()
    return n


__all__ = ["RejectedEvent", "rejected_events", "requeue_dead", "requeue_problems"]
