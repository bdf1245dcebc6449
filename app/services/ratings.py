"""The citizen's satisfaction rating at the counter: record an answer (with its audit row and
its outbox event for the hub, in one transaction), whether a handed-over result is still
worth asking about, the ratings list, and the supervisor's handling of a "not satisfied".

One rating per prompt: the screen makes a prompt id when it asks, and a second answer under
the same id, or a second rating of the same dossier on the same occasion, is refused."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from app.domain import entry
from app.domain.dossier import Status
from app.domain.errors import DeskError
from app.domain.ratings import (
    HANDOVER_PROMPT_WINDOW,
    Level,
    Occasion,
    RatingCounts,
    RatingRecord,
    check_answer,
    citizen_present,
    rating_wire,
)
from app.domain.roles import Permission
from app.services.context import DeskContext
from app.store.outbox import add_event
from app.store.ratings import (
    add_rating,
    as_record,
    mark_rating_handled,
    rating_by_id,
    rating_of_dossier,
    rating_of_prompt,
    ratings_between,
)
from app.store.report_queries import rating_counts
from app.store.repositories import add_audit, dossier_by_code
from app.sync.protocol import KIND_RATING, wire_time


def new_prompt_id() -> str:
    """The id of one prompt on the customer's screen (one answer per id)."""
    return str(uuid.uuid4())


def _check_prompt_id(prompt_id: str) -> str:
    try:
        return str(uuid.UUID(prompt_id))
    except (ValueError, AttributeError, TypeError):
        raise DeskError("rating.prompt_id", value=str(prompt_id)[:40]) from None


def record_rating(
    ctx: DeskContext,
    *,
    prompt_id: str,
    code: str,
    occasion: Occasion,
    level: int,
    reason: str = "",
    note: str = "",
    criteria: Mapping[str, int] | None = None,
) -> RatingRecord:
    """Store the citizen's answer to one prompt, with the clerk who served and this counter.

    DeskError: an unknown dossier, a prompt already answered, the dossier already rated on
    this occasion, or a bad answer (app.domain.ratings.check_answer)."""
    ctx.actor.require_any(Permission.RECEIVE, Permission.ADVANCE, Permission.RECEIVE_POST)
    prompt_id = _check_prompt_id(prompt_id)
    answer = check_answer(level, reason=reason, note=note, criteria=criteria)
    if answer.note:
        entry.clean_text(answer.note, field="note", limit=500)
    _agency, counter_id, _slot = ctx.service_point()
    now = ctx.now()
    with ctx.db.session() as s:
        dossier = dossier_by_code(s, code.strip())
        if dossier is None:
            raise DeskError("dossier.unknown", code=code)
        if (
            rating_of_prompt(s, prompt_id) is not None
            or rating_of_dossier(s, dossier.id, occasion) is not None
        ):
            raise DeskError("rating.duplicate", code=dossier.code)
        record = add_rating(
            s,
            prompt_id=prompt_id,
            dossier=dossier,
            occasion=occasion,
            answer=answer,
            clerk_id=ctx.actor.user_id,
            clerk=ctx.actor.username,
            clerk_name=ctx.actor.full_name,
            counter_id=counter_id,
            at=now,
        )
        add_audit(
            s,
            at=now,
            actor=ctx.actor.username,
            action="rating.recorded",
            entity="dossier",
            key=dossier.code,
            detail={"prompt": prompt_id, "occasion": occasion.value, "level": int(answer.level)},
        )
        add_event(
            s,
            kind=KIND_RATING,
            dossier_code=dossier.code,
            now=now,
            payload={"version": 1, "rating": rating_wire(record, rated_at=wire_time(now))},
        )
        s.commit()
    return record


def handover_prompt_due(ctx: DeskContext, *, code: str) -> bool:
    """True when ``code``'s result was handed over (status 10) within the last minutes and
    nobody rated it yet: the citizen is likely still at the counter. A status 10 that
    reaches this counter later (a sync from the back office, an edit) asks nothing."""
    ctx.actor.require(Permission.VIEW)
    now = ctx.now()
    with ctx.db.read_session() as s:
        d = dossier_by_code(s, code)
        if d is None or d.status != int(Status.RETURNED):
            return False
        if not citizen_present(
            Occasion.HANDOVER, channel=d.channel, result_delivery=d.result_delivery
        ):
            return False  # the result went by post: nobody at the counter to ask
        returned = d.returned_at or d.updated_at
        if returned is None or not (now - HANDOVER_PROMPT_WINDOW <= returned <= now):
            return False
        return rating_of_dossier(s, d.id, Occasion.HANDOVER) is None


def _bounds(
    ctx: DeskContext, date_from: date | None, date_to: date | None
) -> tuple[datetime | None, datetime | None]:
    if date_from is not None and date_to is not None and date_to < date_from:
        raise DeskError("rating.range", start=date_from.isoformat(), end=date_to.isoformat())
    start = ctx.local_day_bounds(date_from)[0] if date_from is not None else None
    end = ctx.local_day_bounds(date_to)[1] if date_to is not None else None
    return start, end


def list_ratings(
    ctx: DeskContext,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    unhappy_only: bool = False,
    open_only: bool = False,
) -> list[RatingRecord]:
    """Ratings given between the two days (Vietnam days, both included), newest first;
    ``unhappy_only``: the "not satisfied" ones; ``open_only``: those not yet handled."""
    ctx.actor.require(Permission.REPORTS)
    start, end = _bounds(ctx, date_from, date_to)
    with ctx.db.read_session() as s:
        return ratings_between(s, start, end, unhappy_only=unhappy_only, open_only=open_only)


@dataclass(frozen=True)
class RatingSummary:
    date_from: date | None
    date_to: date | None
    counts: RatingCounts


def rating_summary(
    ctx: DeskContext, *, date_from: date | None = None, date_to: date | None = None
) -> RatingSummary:
    """How many of each answer in the period, and the share satisfied."""
    ctx.actor.require(Permission.REPORTS)
    start, end = _bounds(ctx, date_from, date_to)
    with ctx.db.read_session() as s:
        return RatingSummary(date_from, date_to, rating_counts(s, start, end))


def mark_handled(ctx: DeskContext, *, rating_id: int, note: str) -> RatingRecord:
    """A supervisor records what was done about a "not satisfied" answer (audited)."""
    ctx.actor.require(Permission.REPORTS)
    note = entry.clean_text(note, field="note", limit=500)
    if not note:
        raise DeskError("rating.handled_note")
    now = ctx.now()
    with ctx.db.session() as s:
        found = rating_by_id(s, rating_id)
        if found is None:
            raise DeskError("rating.unknown", value=rating_id)
        row, code, _counter = found
        if row.level != int(Level.UNHAPPY):
            raise DeskError("rating.not_unhappy", value=rating_id)
        if row.handled_at is not None:
            raise DeskError(
                "rating.already_handled",
                value=rating_id,
                at=row.handled_at.isoformat(timespec="minutes"),
                by=row.handled_by,
            )
        mark_rating_handled(row, at=now, by=ctx.actor.username, note=note)
        add_audit(
            s,
            at=now,
            actor=ctx.actor.username,
            action="rating.handled",
            entity="dossier",
            key=code,
            detail={"rating": rating_id, "note": note},
        )
        s.flush()
        record = as_record(found)
        # The city sees the handling too: the same rating, a later version (hub/ratings.py).
        add_event(
            s,
            kind=KIND_RATING,
            dossier_code=code,
            now=now,
            payload={
                "version": 2,
                "rating": rating_wire(
                    record, rated_at=wire_time(record.rated_at), handled_at=wire_time(now)
                ),
            },
        )
        s.commit()
    return record
