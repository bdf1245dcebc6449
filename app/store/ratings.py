"""Queries and writes of the satisfaction ratings (table ``rating``, migration 0013),
turned into the domain's frozen records."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.domain.ratings import Level, Occasion, RatingAnswer, RatingRecord
from app.store.models import Counter, Dossier, Rating


def _record(row: Rating, code: str, counter: str) -> RatingRecord:
    criteria = {k: Level(int(v)) for k, v in json.loads(row.criteria or "{}").items()}
    return RatingRecord(
        id=row.id,
        prompt_id=row.prompt_id,
        dossier_code=code,
        occasion=Occasion(row.occasion),
        level=Level(row.level),
        reason=row.reason,
        note=row.note,
        criteria=criteria,
        clerk=row.clerk,
        clerk_name=row.clerk_name,
        counter_name=counter,
        rated_at=row.rated_at,
        handled_at=row.handled_at,
        handled_by=row.handled_by,
        handled_note=row.handled_note,
    )


def _joined() -> Select[Rating, str, str]:
    return (
        select(Rating, Dossier.code, Counter.name)
        .join(Dossier, Dossier.id == Rating.dossier_id)
        .join(Counter, Counter.id == Rating.counter_id)
    )


def rating_of_prompt(session: Session, prompt_id: str) -> Rating | None:
    return session.scalar(select(Rating).where(Rating.prompt_id == prompt_id))


def rating_of_dossier(session: Session, dossier_id: int, occasion: Occasion) -> Rating | None:
    return session.scalar(
        select(Rating).where(Rating.dossier_id == dossier_id, Rating.occasion == occasion.value)
    )


def add_rating(
    session: Session,
    *,
    prompt_id: str,
    dossier: Dossier,
    occasion: Occasion,
    answer: RatingAnswer,
    clerk_id: int | None,
    clerk: str,
    clerk_name: str,
    counter_id: int,
    at: datetime,
) -> RatingRecord:
    row = Rating(
        prompt_id=prompt_id,
        dossier_id=dossier.id,
        occasion=occasion.value,
        level=int(answer.level),
        reason=answer.reason,
        note=answer.note,
        criteria=json.dumps({k: int(v) for k, v in sorted(answer.criteria.items())}),
        clerk_id=clerk_id,
        clerk=clerk,
        clerk_name=clerk_name,
        counter_id=counter_id,
        rated_at=at,
        handled_by="",
        handled_note="",
    )
    session.add(row)
    session.flush()
    counter = session.get(Counter, counter_id)
    return _record(row, dossier.code, counter.name if counter is not None else "")


def rating_by_id(session: Session, rating_id: int) -> tuple[Rating, str, str] | None:
    found = session.execute(_joined().where(Rating.id == rating_id)).first()
    return None if found is None else (found[0], found[1], found[2])


def as_record(found: tuple[Rating, str, str]) -> RatingRecord:
    return _record(*found)


def ratings_between(
    session: Session,
    start: datetime | None,
    end: datetime | None,
    *,
    unhappy_only: bool = False,
    open_only: bool = False,
    limit: int = 1000,
) -> list[RatingRecord]:
    """Ratings given in [start, end) (either bound may be open), newest first."""
    query = _joined()
    if start is not None:
        query = query.where(Rating.rated_at >= start)
    if end is not None:
        query = query.where(Rating.rated_at < end)
    if unhappy_only:
        query = query.where(Rating.level == int(Level.UNHAPPY))
    if open_only:
        query = query.where(Rating.handled_at.is_(None))
    rows = session.execute(query.order_by(Rating.rated_at.desc(), Rating.id.desc()).limit(limit))
    return [_record(r, code, counter) for r, code, counter in rows]


def mark_rating_handled(row: Rating, *, at: datetime, by: str, note: str) -> None:
    row.handled_at, row.handled_by, row.handled_note = at, by, note


def ratings_of_dossiers(session: Session, dossier_ids: Sequence[int]) -> list[Rating]:
    """The ratings given on ``dossier_ids`` (an erasure scrubs the citizen's words)."""
    if not dossier_ids:
        return []
    return list(session.scalars(select(Rating).where(Rating.dossier_id.in_(dossier_ids))))
