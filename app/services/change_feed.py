"""The pull side of sync: applying a page of the hub's change feed (back-office status
moves, calendar overrides, catalog updates) and its cursor to the counter's database."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy.orm import Session

from app.domain.dossier import TRANSITIONS, Status
from app.domain.entry import nfc_tree
from app.domain.errors import DeskError
from app.services.catalog import invalidate_catalog, upsert_procedure
from app.services.context import DeskContext
from app.services.interagency_feed import apply_route_change
from app.services.notices import apply_notice
from app.services.remote_moves import apply_remote_move
from app.services.sync_status import K_CURSOR
from app.store.calendar import override_of
from app.store.models import CalendarOverride
from app.store.repositories import (
    add_audit,
    dossier_by_code,
    get_value,
    set_value,
)
from app.sync.protocol import (
    CHANGE_CALENDAR,
    CHANGE_INCOMING,
    CHANGE_NOTICE,
    CHANGE_PROCEDURE,
    CHANGE_ROUTE,
    CHANGE_STATUS,
    RESULTS_FIELD,
    Change,
    parse_wire_time,
)

log = logging.getLogger(__name__)


class StoreChangeApplier:
    """Applies a page of the hub's change feed and its cursor in one local transaction.

    Status moves from the back office update the dossier, its history and the audit log
    but queue NO outbox event (the hub already knows). A move that is not legal from the
    local status (the counter moved the dossier meanwhile) is recorded in the audit log and
    not applied: the counter's newer snapshot goes to the hub with the next push."""

    def __init__(self, ctx: DeskContext) -> None:
        self._ctx = ctx

    def cursor(self) -> str:
        with self._ctx.db.read_session() as s:
            return get_value(s, K_CURSOR, "") or ""

    def apply_page(self, changes: Sequence[Change], next_cursor: str) -> int:
        ctx = self._ctx
        now = ctx.now()
        applied = 0
        calendar = catalog = False
        with ctx.db.session() as s:
            for raw in changes:
                # Text from the hub is NFC like everything typed here (app.domain.entry).
                change = Change(
                    seq=raw["seq"], kind=raw["kind"], at=raw["at"], data=nfc_tree(raw["data"])
                )
                kind = change["kind"]
                if kind == CHANGE_STATUS:
                    applied += self._status(s, change, now)
                elif kind == CHANGE_CALENDAR:
                    applied += self._calendar(s, change, now)
                    calendar = True
                elif kind == CHANGE_PROCEDURE:
                    applied += self._procedure(s, change, now)
                    catalog = True
                elif kind == CHANGE_NOTICE:
                    applied += apply_notice(s, change, now)
                elif kind in (CHANGE_INCOMING, CHANGE_ROUTE):  # issue 18
                    applied += apply_route_change(ctx, s, change, now)
                else:
                    log.info("skipping change %s of unknown kind %r", change["seq"], kind)
            set_value(s, K_CURSOR, next_cursor)
            s.commit()
        if calendar:
            ctx.forget_calendar()
        if catalog:
            invalidate_catalog(ctx)
        return applied

    def _status(self, s: Session, change: Change, now: datetime) -> int:
        """A back-office move. Applied as is when the counter still shows the status the
        move started from (or the move is legal from here); otherwise both sides moved
        concurrently and app.domain.concurrency decides, the losing move kept as a noted
        history line."""
        data = change["data"]
        code = data["MaHoSo"]
        to = Status(data["TrangThaiHoSo"])
        d = dossier_by_code(s, code)
        if d is None:  # another counter's dossier of the same agency
            return 0
        taken = 0
        if RESULTS_FIELD in data:  # the back office resolves with its result: kept anyway
            from app.services.results import take_hub_results

            taken = take_hub_results(s, d, data[RESULTS_FIELD], seq=change["seq"], now=now)
        src = Status(d.status)
        if src == to:
            return taken
        note = str(data.get("GhiChu") or "")
        detail = {"from": int(src), "to": int(to), "note": note, "seq": change["seq"]}
        at = parse_wire_time(str(data.get("ThoiDiemXuLy") or "")) or now
        actor = str(data.get("NguoiXuLy") or "hub")[:60]
        before = data.get("TrangThaiTruoc")
        concurrent = before is not None and int(before) != int(src)
        landed = apply_remote_move(
            self._ctx,
            s,
            d,
            to=to,
            at=at,
            actor=actor,
            note=note,
            now=now,
            decide=concurrent or to not in TRANSITIONS[src],
            applied="dossier.advance.hub",
            skipped="dossier.advance.hub_skipped",
            detail=detail,
        )
        return 1 if landed else taken

    def _calendar(self, s: Session, change: Change, now: datetime) -> int:
        data = change["data"]
        day = date.fromisoformat(data["day"])
        row = override_of(s, day)
        if row is None:
            row = CalendarOverride(day=day)
            s.add(row)
        row.working = bool(data["working"])
        row.note = str(data.get("note") or "")[:300]
        row.source = "hub"
        row.updated_at = now
        add_audit(
            s,
            at=now,
            actor="hub",
            action="calendar.override.hub",
            entity="calendar",
            key=day.isoformat(),
            detail={"working": row.working, "seq": change["seq"]},
        )
        return 1

    def _procedure(self, s: Session, change: Change, now: datetime) -> int:
        entry = dict(change["data"]["procedure"])
        fields = (
            {entry.get("field_code", ""): entry["field_name"]} if entry.get("field_name") else {}
        )
        try:
            upsert_procedure(s, entry, fields, now)
        except DeskError as err:  # validated before any change to the session
            log.warning("skipping catalog change %s: %s", change["seq"], err)
            return 0
        add_audit(
            s,
            at=now,
            actor="hub",
            action="catalog.update.hub",
            entity="procedure",
            key=entry["code"],
            detail={"seq": change["seq"]},
        )
        return 1


__all__ = ["StoreChangeApplier"]
