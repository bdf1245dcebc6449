"""The citizens' satisfaction ratings the counters send (events of kind ``rating.record``):
kept one row per rating, so the city counts them without parsing event payloads.

The event itself is stored like any other (hub/store.py: at most once per event_id); this
table holds its content, at most once per rating id (``MaDanhGia``, the counter's prompt
id): a rating re-sent under a new event id (a requeued event) is not counted twice."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Index, Integer, String, Text, func, insert, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from hub.models import BigId, HubBase


class HubRating(HubBase):
    """One rating as the counter sent it (wire names kept in the columns' comments)."""

    __tablename__ = "hub_rating"
    __table_args__ = (Index("ix_hub_rating_agency_at", "agency_code", "rated_at"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    rating_uid: Mapped[str] = mapped_column(String(36), unique=True)  # MaDanhGia
    event_id: Mapped[str] = mapped_column(String(36))
    device_id: Mapped[str] = mapped_column(String(36))
    agency_code: Mapped[str] = mapped_column(String(35))
    dossier_code: Mapped[str] = mapped_column(String(60), index=True)  # MaHoSo
    occasion: Mapped[str] = mapped_column(String(10))  # Dip
    level: Mapped[int] = mapped_column(Integer)  # MucDo
    reason: Mapped[str] = mapped_column(String(40))  # LyDo
    note: Mapped[str] = mapped_column(Text)  # GhiChu
    criteria: Mapped[str] = mapped_column(Text)  # TieuChi, JSON
    clerk: Mapped[str] = mapped_column(String(60))  # CanBo
    clerk_name: Mapped[str] = mapped_column(String(200))  # TenCanBo
    counter_name: Mapped[str] = mapped_column(String(200))  # Quay
    rated_at: Mapped[str] = mapped_column(String(14))  # ThoiDiem, wire time
    stored_at: Mapped[datetime] = mapped_column(DateTime)
    #: The event's payload version: 1 the answer, 2 with the supervisor's handling.
    version: Mapped[int] = mapped_column(Integer, default=1)
    handled_at: Mapped[str] = mapped_column(String(14), default="")  # ThoiDiemXuLy
    handled_by: Mapped[str] = mapped_column(String(60), default="")  # NguoiXuLy
    handled_note: Mapped[str] = mapped_column(Text, default="")  # KetQuaXuLy


def store_ratings(
    s: Session,
    *,
    device_id: str,
    agency_code: str,
    items: list[tuple[str, dict[str, Any]]],
    now: datetime,
) -> None:
    """Keep the ratings of newly stored events: ``items`` are (event_id, payload) of events
    already checked (app.sync.protocol.validate_envelope) and new to the hub. One row per
    rating id, at its highest version (2 carries the supervisor's handling)."""
    latest: dict[str, tuple[str, dict[str, Any]]] = {}
    for event_id, payload in items:
        uid = payload["rating"]["MaDanhGia"]
        if uid not in latest or payload["version"] > latest[uid][1]["version"]:
            latest[uid] = (event_id, payload)
    held = {
        row.rating_uid: row
        for row in s.scalars(select(HubRating).where(HubRating.rating_uid.in_(list(latest))))
    }
    rows: list[dict[str, Any]] = []
    for uid, (event_id, payload) in latest.items():
        r = payload["rating"]
        handling = {
            "handled_at": r.get("ThoiDiemXuLy", ""),
            "handled_by": r.get("NguoiXuLy", ""),
            "handled_note": r.get("KetQuaXuLy", ""),
        }
        row = held.get(uid)
        if row is not None:
            if payload["version"] > row.version:  # the supervisor's handling arrived
                row.version = payload["version"]
                row.handled_at = handling["handled_at"]
                row.handled_by = handling["handled_by"]
                row.handled_note = handling["handled_note"]
            continue
        rows.append(
            {
                "rating_uid": uid,
                "event_id": event_id,
                "device_id": device_id,
                "agency_code": agency_code,
                "dossier_code": r["MaHoSo"],
                "occasion": r["Dip"],
                "level": r["MucDo"],
                "reason": r.get("LyDo", ""),
                "note": r.get("GhiChu", ""),
                "criteria": json.dumps(r.get("TieuChi", {}), sort_keys=True),
                "clerk": r.get("CanBo", ""),
                "clerk_name": r.get("TenCanBo", ""),
                "counter_name": r.get("Quay", ""),
                "rated_at": r.get("ThoiDiem", ""),
                "stored_at": now,
                "version": payload["version"],
                **handling,
            }
        )
    if rows:
        s.execute(insert(HubRating.__table__), rows)  # type: ignore[arg-type]  # __table__ is a Table at run time; SQLAlchemy types it FromClause


def rating_counts(s: Session, agency_code: str | None = None) -> dict[str, int]:
    """How many ratings of each level the hub holds (for hub-admin stats)."""
    query = select(HubRating.level, func.count(HubRating.id)).group_by(HubRating.level)
    if agency_code:
        query = query.where(HubRating.agency_code == agency_code)
    by_level = {int(level): int(n) for level, n in s.execute(query)}
    handled = select(func.count(HubRating.id)).where(
        HubRating.level == 3, HubRating.handled_at != ""
    )
    if agency_code:
        handled = handled.where(HubRating.agency_code == agency_code)
    return {
        "ratings_unhappy_handled": int(s.scalar(handled) or 0),
        "ratings": sum(by_level.values()),
        "ratings_very_satisfied": by_level.get(1, 0),
        "ratings_satisfied": by_level.get(2, 0),
        "ratings_unhappy": by_level.get(3, 0),
    }
