"""The citizen's messages on the counter's side: what the hub's change feed says it
delivered (kind ``dossier.notice``) joins the dossier's history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from app.store.notices import add_notice
from app.store.repositories import dossier_by_code
from app.sync.protocol import Change, parse_wire_time


def apply_notice(s: Session, change: Change, now: datetime) -> int:
    """Record one delivered message; 0 when it is another counter's dossier, or a page
    applied again."""
    data = change["data"]
    d = dossier_by_code(s, str(data.get("MaHoSo") or ""))
    if d is None:
        return 0
    try:
        at = parse_wire_time(str(data.get("sent_at") or "")) or now
    except ValueError:
        at = now
    added = add_notice(
        s,
        dossier_id=d.id,
        seq=change["seq"],
        at=at,
        event=str(data.get("event") or ""),
        channel=str(data.get("channel") or ""),
        recipient=str(data.get("to") or ""),
    )
    return 1 if added else 0
