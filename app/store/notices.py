"""The messages the hub delivered to citizens, as the counter keeps them (dossier_notice)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.notices import NoticeLine
from app.store.models import DossierNotice


def add_notice(
    s: Session,
    *,
    dossier_id: int,
    seq: int,
    at: datetime,
    event: str,
    channel: str,
    recipient: str,
) -> bool:
    """Keep one delivered message; False when change ``seq`` was applied already."""
    if s.scalar(select(DossierNotice.id).where(DossierNotice.seq == seq)) is not None:
        return False
    s.add(
        DossierNotice(
            dossier_id=dossier_id,
            seq=seq,
            at=at,
            event=event[:20],
            channel=channel[:10],
            recipient=recipient[:254],
        )
    )
    return True


def notice_lines(s: Session, dossier_id: int) -> tuple[NoticeLine, ...]:
    rows = s.scalars(
        select(DossierNotice)
        .where(DossierNotice.dossier_id == dossier_id)
        .order_by(DossierNotice.at, DossierNotice.id)
    )
    return tuple(NoticeLine(r.at, r.event, r.channel, r.recipient) for r in rows)


def notices_of_dossiers(s: Session, dossier_ids: Sequence[int]) -> list[DossierNotice]:
    """The messages recorded for ``dossier_ids`` (an erasure blanks their recipients)."""
    if not dossier_ids:
        return []
    stmt = select(DossierNotice).where(DossierNotice.dossier_id.in_(dossier_ids))
    return list(s.scalars(stmt))
