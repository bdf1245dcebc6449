"""A status move made elsewhere and pulled through the hub: by the back office (the hub's
change feed) or by the other body of a dossier received for another body (issue 18). The
one home of how such a move lands: applied as is when it is one; when both sides moved
concurrently, app.domain.concurrency decides, and the losing move stays visible as a noted
history line; every outcome audited."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from app.domain.concurrency import concurrent_winner, conflict_note
from app.domain.dossier import Status
from app.services.agencies import dossier_calendar
from app.services.context import DeskContext
from app.store.models import Dossier
from app.store.repositories import add_audit, add_history, record_move

log = logging.getLogger(__name__)


def apply_remote_move(
    ctx: DeskContext,
    s: Session,
    d: Dossier,
    *,
    to: Status,
    at: datetime,
    actor: str,
    note: str,
    now: datetime,
    decide: bool,
    local_is_office: bool = False,
    applied: str,
    skipped: str,
    detail: Mapping[str, Any],
) -> bool:
    """Move ``d`` into ``to`` as the other side did. ``decide``: the two sides moved
    concurrently (or the move is not legal from here), so the concurrency rule picks the
    winner, this side playing the back office when ``local_is_office`` (the competent
    body, against the point that received the dossier). Returns whether the move landed;
    either way a history line and an audit entry (``applied`` or ``skipped``) are written."""
    src = Status(d.status)
    local, remote = ("office", "counter") if local_is_office else ("counter", "office")
    facts = dict(detail)
    if decide:
        kept = (
            concurrent_winner(counter=to, office=src)
            if local_is_office
            else concurrent_winner(counter=src, office=to)
        )
        if kept == src:
            log.warning(
                "move of %s to %s from the other side lost to this side's move to %s",
                d.code,
                int(to),
                int(src),
            )
            lost = conflict_note(lost=to, kept=src, lost_side=remote)
            add_history(s, d, src, src, at, actor=actor, note=lost)
            add_audit(
                s, at=now, actor="hub", action=skipped, entity="dossier", key=d.code, detail=facts
            )
            return False
        note = (f"{note} — " if note else "") + conflict_note(lost=src, kept=to, lost_side=local)
        facts["conflict"] = True
    record_move(s, d, to, at, actor=actor, note=note, calendar=dossier_calendar(ctx, s, d))
    d.updated_at = now
    add_audit(s, at=now, actor="hub", action=applied, entity="dossier", key=d.code, detail=facts)
    return True
