"""The dossier-code numbering after a restore or a lost database: the counters carried past
every number this machine knows (the replaced file, the backups, the printed PDFs), the
hold on new codes until the hub told the highest ones, and a supervisor's release."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.domain.codes import NUMBERING_ASK_HUB_KEY, NUMBERING_HOLD_KEY, SLOT_SIZE, parse_code
from app.domain.dossier import VN_TZ
from app.domain.errors import DeskError
from app.domain.fee_receipts import RECEIPT_SERIES, receipt_series_key
from app.domain.roles import Permission
from app.services.context import DeskContext
from app.store.db import DB_FILENAME
from app.store.db_files import known_sequences, merge_sequences
from app.store.models import CodeSequence
from app.store.repositories import (
    add_audit,
    code_sequence,
    delete_value,
    get_value,
    number_counter,
    set_value,
)

log = logging.getLogger(__name__)


def printed_sequences(folder: Path) -> dict[tuple[str, str, int], int]:
    """Code numbers seen in the names of printed PDFs (``<code>-<form>.pdf``)."""
    found: dict[tuple[str, str, int], int] = {}
    if not folder.is_dir():
        return found
    for pdf in folder.glob("*.pdf"):
        m = re.match(r"(.+?-[0-9]{6}-[0-9]{4})-", pdf.name)
        parsed = parse_code(m[1]) if m else None
        if parsed is None:
            continue
        key = (parsed.agency_code, f"{parsed.day:%y%m%d}", parsed.slot)
        found[key] = max(found.get(key, 0), parsed.sequence % SLOT_SIZE)
    return found


def backup_sequences(backup_dir: Path, skip: Path | None) -> dict[tuple[str, str, int], int]:
    """The code numbers every file in the backups folder shows (auto, manual, pre-migrate,
    earlier replaced files); unreadable ones add nothing."""
    found: dict[tuple[str, str, int], int] = {}
    if not backup_dir.is_dir():
        return found
    for path in sorted(backup_dir.glob("*.sqlite3")):
        if skip is not None and path == skip:
            continue
        found = merge_sequences(found, known_sequences(path) or {})
    return found


def carry_sequences(s: Any, wanted: dict[tuple[str, str, int], int]) -> int:
    """Move the code counters up to ``wanted`` (never down); returns how many moved."""
    carried = 0
    for (agency, day, slot), last in wanted.items():
        row = code_sequence(s, agency, day, slot)
        if row is None:
            s.add(CodeSequence(agency_code=agency, day=day, slot=slot, last=last))
            carried += 1
        elif row.last < last:
            row.last = last
            carried += 1
    return carried


def guard_fresh_database(ctx: DeskContext) -> None:
    """A new, empty database was just created in a data folder whose backups folder holds
    earlier MotCua files: the previous database vanished, so its numbering is unknown. Carry
    the backups' numbers forward, ask the hub at the next round, and hold new codes until
    it answered (or a supervisor lifted it), as after a restore over an unreadable file."""
    backups = sorted((ctx.data_dir / "backups").glob("*.sqlite3"))
    if not backups:
        return
    now = ctx.now()
    reason = (
        "cơ sở dữ liệu trước đó không còn, thư mục sao lưu có dữ liệu cũ / the previous "
        "database is gone while the backups folder holds earlier ones"
    )
    with ctx.db.session() as s:
        carried = carry_sequences(s, backup_sequences(ctx.data_dir / "backups", None))
        set_value(s, NUMBERING_ASK_HUB_KEY, now.isoformat())
        set_value(
            s,
            NUMBERING_HOLD_KEY,
            json.dumps({"reason": reason, "at": now.isoformat()}, ensure_ascii=False),
        )
        add_audit(
            s,
            at=now,
            actor=ctx.actor.username,
            action="codes.hold",
            entity="database",
            key=DB_FILENAME,
            detail={
                "reason": "fresh database beside backups",
                "backups": len(backups),
                "sequences_carried": carried,
            },
        )
        s.commit()
    log.warning("new database beside %d backups: numbering on hold", len(backups))


def numbering_hold(ctx: DeskContext) -> str:
    """Why no new code is issued right now ("" when codes are issued normally)."""
    with ctx.db.read_session() as s:
        value = get_value(s, NUMBERING_HOLD_KEY)
    if not value:
        return ""
    try:
        return str(json.loads(value).get("reason", value))
    except (ValueError, AttributeError):
        return value


def carry_from_hub(
    ctx: DeskContext,
    highest: list[tuple[str, str, int, int]],
    receipts: Sequence[tuple[str, int, int, int]] = (),
) -> int:
    """The hub told this device's highest code per (agency, day, slot), and its highest
    receipt (biên lai) number per (agency, year, slot): move the counters past them and
    lift the numbering hold (the hub knows every code this counter delivered and every
    receipt its gateway issued; one it never received was never synced, and the outbox of
    the replaced file, if it held one, is gone with it). Returns how many counters moved."""
    now = ctx.now()
    wanted = {(a, d, slot): last for a, d, slot, last in highest}
    for agency, year, slot, last in receipts:
        series = (agency, receipt_series_key(year), slot)
        wanted[series] = max(wanted.get(series, 0), last)
    with ctx.db.session() as s:
        carried = carry_sequences(s, wanted)
        held = get_value(s, NUMBERING_HOLD_KEY)
        for key in (NUMBERING_HOLD_KEY, NUMBERING_ASK_HUB_KEY):
            delete_value(s, key)
        add_audit(
            s,
            at=now,
            actor=ctx.actor.username,
            action="codes.carry.hub",
            entity="database",
            key=DB_FILENAME,
            detail={"sequences_carried": carried, "hold_lifted": bool(held)},
        )
        s.commit()
    return carried


def release_numbering(ctx: DeskContext, *, skip: int) -> int:
    """A supervisor lifts the numbering hold without the hub: today's counter of this
    service point jumps ``skip`` numbers ahead (so that a code printed after the last
    backup is not issued again). Returns the next number's local position."""
    ctx.actor.require(Permission.NUMBERING)
    if not 0 <= skip <= 900:
        raise DeskError("input.invalid", detail="--skip 0..900")
    agency, _counter, slot = ctx.service_point()
    day = f"{ctx.now().astimezone(VN_TZ):%y%m%d}"
    now = ctx.now()
    with ctx.db.session() as s:
        row = code_sequence(s, agency.code, day, slot)
        if row is None:
            row = CodeSequence(agency_code=agency.code, day=day, slot=slot, last=0)
            s.add(row)
        row.last = min(row.last + skip, SLOT_SIZE - 2)
        # The year's receipt (biên lai) series jumps as far: a receipt printed after the
        # last backup is not issued again either.
        receipts = number_counter(
            s, agency.code, receipt_series_key(ctx.now().astimezone(VN_TZ).year), slot
        )
        receipts.last = min(receipts.last + skip, RECEIPT_SERIES.per_slot - 1)
        held = get_value(s, NUMBERING_HOLD_KEY)
        delete_value(s, NUMBERING_HOLD_KEY)
        add_audit(
            s,
            at=now,
            actor=ctx.actor.username,
            action="codes.release",
            entity="database",
            key=DB_FILENAME,
            detail={"skip": skip, "day": day, "slot": slot, "last": row.last, "hold": held},
        )
        s.commit()
        return int(row.last) + 1
