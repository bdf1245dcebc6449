"""The procedure catalog: seed, look-up as you type, and supervisor edits.

Reading the catalog needs VIEW (every role has it); changing it needs CATALOG. Each edit is
validated, audited with what changed, and drops the per-database cache."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import datetime, time
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app.domain.dossier import FeeItem, ProcessingTime
from app.domain.entry import nfc_tree
from app.domain.errors import DeskError
from app.domain.procedure import ProcedureInfo, RequiredDocument, parse_cutoff, rank_procedures
from app.domain.roles import Permission
from app.domain.text import fold
from app.resources import resource_path
from app.services.context import DeskContext
from app.store.catalog import procedure_with_parts, procedures_with_parts
from app.store.models import Procedure, ProcedureDocument, ProcedureFee
from app.store.repositories import add_audit


def catalog_seed_path() -> Path:
    return resource_path("catalog", "procedures.json")


def to_info(p: Procedure) -> ProcedureInfo:
    return ProcedureInfo(
        code=p.code,
        name=p.name,
        field_code=p.field_code,
        field_name=p.field_name,
        level=p.level,
        processing=ProcessingTime(p.processing_amount, p.processing_unit),
        cutoff=parse_cutoff(p.cutoff),
        documents=tuple(
            RequiredDocument(d.name, d.originals, d.copies, d.required, d.code) for d in p.documents
        ),
        fees=tuple(FeeItem(f.name, f.amount, f.code) for f in p.fees),
        active=p.active,
    )


def _validate_entry(entry: dict[str, Any]) -> None:
    processing = entry.get("processing") or {}
    unit = processing.get("unit", "day")
    amount = processing.get("amount", 0)
    if unit not in ("day", "hour", "none") or not isinstance(amount, int | float) or amount < 0:
        raise DeskError("processing.invalid", value=f"{entry.get('code')}: {processing}")
    if entry.get("cutoff"):
        try:
            parse_cutoff(entry["cutoff"])
        except ValueError:
            raise DeskError("input.invalid", detail=f"cutoff {entry['cutoff']!r}") from None


def upsert_procedure(
    session: Session, entry: dict[str, Any], fields: dict[str, str], now: datetime
) -> Procedure:
    entry, fields = nfc_tree(entry), nfc_tree(fields)  # the seed file, the hub, the editor
    _validate_entry(entry)
    proc = procedure_with_parts(session, entry["code"])
    if proc is None:
        proc = Procedure(code=entry["code"])
        session.add(proc)
    proc.name = entry["name"]
    proc.name_folded = fold(entry["name"])
    proc.field_code = entry.get("field_code", "")
    proc.field_name = entry.get("field_name") or fields.get(proc.field_code, "")
    proc.level = int(entry.get("level", 3))
    proc.processing_amount = float(entry.get("processing", {}).get("amount", 0))
    proc.processing_unit = entry.get("processing", {}).get("unit", "day")
    proc.cutoff = entry.get("cutoff") or None
    proc.active = bool(entry.get("active", True))
    proc.updated_at = now
    proc.documents = [
        ProcedureDocument(
            position=i,
            code=d.get("code", ""),
            name=d["name"],
            originals=int(d.get("originals", 1)),
            copies=int(d.get("copies", 0)),
            required=bool(d.get("required", True)),
        )
        for i, d in enumerate(entry.get("documents", []))
    ]
    proc.fees = [
        ProcedureFee(
            code=f.get("code", ""),
            name=f["name"],
            amount=int(f.get("amount", 0)),
            note=f.get("note", ""),
        )
        for f in entry.get("fees", [])
    ]
    return proc


def seed_catalog(ctx: DeskContext, *, path: Path | None = None) -> int:
    """Load (or refresh) the catalog from a JSON file; returns the number of procedures."""
    ctx.actor.require(Permission.CATALOG)
    data = json.loads((path or catalog_seed_path()).read_text(encoding="utf-8"))
    fields = {f["code"]: f["name"] for f in data.get("fields", [])}
    now = ctx.now()
    with ctx.db.session() as s:
        for entry in data["procedures"]:
            upsert_procedure(s, entry, fields, now)
        add_audit(
            s,
            at=now,
            actor=ctx.actor.username,
            action="catalog.seed",
            entity="catalog",
            key=str(path or "default"),
            detail={"count": len(data["procedures"])},
        )
        s.commit()
    ctx.db.cache.pop("catalog", None)
    return len(data["procedures"])


def all_procedures(ctx: DeskContext) -> tuple[ProcedureInfo, ...]:
    """The active catalog, cached per database: it is small and read on every keystroke."""
    ctx.actor.require(Permission.VIEW)
    cached = ctx.db.cache.get("catalog")
    if cached is None:
        with ctx.db.read_session() as s:
            procs = procedures_with_parts(s, active_only=True, by_name=True)
            cached = tuple(to_info(p) for p in procs)
        ctx.db.cache["catalog"] = cached
    return cached


def invalidate_catalog(ctx: DeskContext) -> None:
    ctx.db.cache.pop("catalog", None)


def find_procedures(ctx: DeskContext, *, text: str, limit: int = 20) -> list[ProcedureInfo]:
    """Procedures whose code or name contains every word typed (accents ignored), best
    first by the one picker ranking (``rank_procedures``: exact code or name first)."""
    return rank_procedures(all_procedures(ctx), text)[:limit]


def get_procedure(ctx: DeskContext, *, code: str) -> ProcedureInfo:
    for p in all_procedures(ctx):
        if p.code == code.strip():
            return p
    raise DeskError("procedure.unknown", code=code)


# --- Supervisor edits -------------------------------------------------------------------------

PROCEDURE_CODE_RE = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]{0,39}")
LEVELS = (2, 3, 4)  # MucDo: 2 information only, 3 partly online, 4 fully online
MAX_DAYS = 365


def _bad(vi: str, en: str) -> DeskError:
    return DeskError("catalog.invalid", detail=vi, detail_en=en)


def validate_procedure(p: ProcedureInfo) -> ProcedureInfo:
    """The procedure with its text trimmed, or DeskError ``catalog.invalid`` saying what
    is wrong (in both languages)."""
    code = p.code.strip()
    name = " ".join(p.name.split())
    if not PROCEDURE_CODE_RE.fullmatch(code):
        raise _bad(f"mã thủ tục «{p.code}» không hợp lệ", f"procedure code '{p.code}' is invalid")
    if not name:
        raise _bad("chưa có tên thủ tục", "the name is missing")
    if p.level not in LEVELS:
        raise _bad(
            f"mức độ phải là 2, 3 hoặc 4 (đang là {p.level})",
            f"the level must be 2, 3 or 4 (it is {p.level})",
        )
    unit, amount = p.processing.unit, p.processing.amount
    if unit not in ("day", "hour", "none") or not isinstance(amount, int | float) or amount < 0:
        raise _bad(f"thời hạn giải quyết {amount} {unit}", f"processing time {amount} {unit}")
    limit = MAX_DAYS * (8 if unit == "hour" else 1)
    if unit != "none" and amount > limit:
        raise _bad(
            f"thời hạn giải quyết quá dài ({amount} {unit})",
            f"processing time too long ({amount} {unit})",
        )
    if p.cutoff is not None and not time(6, 0) <= p.cutoff <= time(18, 0):
        raise _bad(
            f"giờ chốt nhận {p.cutoff:%H:%M} ngoài giờ làm việc",
            f"cut-off {p.cutoff:%H:%M} is outside office hours",
        )
    documents = []
    for d in p.documents:
        doc_name = " ".join(d.name.split())
        if not doc_name:
            raise _bad("có thành phần hồ sơ chưa có tên", "a document has no name")
        if d.originals < 0 or d.copies < 0 or d.originals + d.copies == 0:
            raise _bad(
                f"số bản chính / bản sao của «{doc_name}» không hợp lệ",
                f"the originals / copies of '{doc_name}' are invalid",
            )
        documents.append(replace(d, name=doc_name, code=d.code.strip()))
    fees = []
    for f in p.fees:
        fee_name = " ".join(f.name.split())
        if not fee_name:
            raise _bad("có khoản phí, lệ phí chưa có tên", "a fee has no name")
        if not isinstance(f.amount, int) or f.amount < 0:
            raise _bad(
                f"số tiền của «{fee_name}» không hợp lệ", f"the amount of '{fee_name}' is invalid"
            )
        fees.append(replace(f, name=fee_name, code=f.code.strip()))
    return replace(
        p,
        code=code,
        name=name,
        field_code=p.field_code.strip(),
        field_name=" ".join(p.field_name.split()),
        documents=tuple(documents),
        fees=tuple(fees),
    )


def _entry(p: ProcedureInfo, fee_notes: dict[str, str]) -> dict[str, Any]:
    return {
        "code": p.code,
        "name": p.name,
        "field_code": p.field_code,
        "field_name": p.field_name,
        "level": p.level,
        "active": p.active,
        "processing": {"amount": p.processing.amount, "unit": p.processing.unit},
        "cutoff": p.cutoff.strftime("%H:%M") if p.cutoff else None,
        "documents": [
            {
                "code": d.code,
                "name": d.name,
                "originals": d.originals,
                "copies": d.copies,
                "required": d.required,
            }
            for d in p.documents
        ],
        "fees": [
            {
                "code": f.code,
                "name": f.name,
                "amount": f.amount,
                "note": fee_notes.get(f.code or f.name, ""),
            }
            for f in p.fees
        ],
    }


def _snapshot(p: ProcedureInfo) -> dict[str, Any]:
    """What the audit row keeps of a procedure, to show what an edit changed."""
    entry = _entry(p, {})
    for fee in entry["fees"]:
        fee.pop("note")
    return entry


def _load_procedure(s: Session, code: str) -> Procedure | None:
    return procedure_with_parts(s, code.strip())


def list_catalog(ctx: DeskContext, *, include_inactive: bool = True) -> list[ProcedureInfo]:
    """Every procedure, deactivated ones too, sorted by code: the supervisor's catalog."""
    ctx.actor.require(Permission.CATALOG)
    with ctx.db.read_session() as s:
        return [to_info(p) for p in procedures_with_parts(s, active_only=not include_inactive)]


def catalog_entry(ctx: DeskContext, *, code: str) -> ProcedureInfo:
    """One procedure for editing, active or not."""
    ctx.actor.require(Permission.CATALOG)
    with ctx.db.read_session() as s:
        p = _load_procedure(s, code)
        if p is None:
            raise DeskError("procedure.unknown", code=code)
        return to_info(p)


def _save(ctx: DeskContext, procedure: ProcedureInfo, *, new: bool) -> ProcedureInfo:
    info = validate_procedure(procedure)
    now = ctx.now()
    with ctx.db.session() as s:
        existing = _load_procedure(s, info.code)
        if new and existing is not None:
            raise DeskError("catalog.exists", code=info.code)
        if not new and existing is None:
            raise DeskError("procedure.unknown", code=info.code)
        before = _snapshot(to_info(existing)) if existing is not None else None
        notes = {f.code or f.name: f.note for f in existing.fees} if existing is not None else {}
        saved = upsert_procedure(s, _entry(info, notes), {}, now)
        s.flush()
        after = to_info(saved)
        changes = _snapshot(after)
        if before is not None:
            changes = {
                k: {"from": before[k], "to": v} for k, v in changes.items() if before[k] != v
            }
        add_audit(
            s,
            at=now,
            actor=ctx.actor.username,
            action="catalog.add" if new else "catalog.edit",
            entity="procedure",
            key=info.code,
            detail=changes,
        )
        s.commit()
    invalidate_catalog(ctx)
    return after


def add_procedure(ctx: DeskContext, *, procedure: ProcedureInfo) -> ProcedureInfo:
    """Add a procedure to the catalog (supervisors). Refused if the code exists."""
    ctx.actor.require(Permission.CATALOG)
    return _save(ctx, procedure, new=True)


def update_procedure(ctx: DeskContext, *, procedure: ProcedureInfo) -> ProcedureInfo:
    """Replace a procedure's name, field, level, processing time, cut-off, documents and
    fees (supervisors). Dossiers already received keep what they were received with."""
    ctx.actor.require(Permission.CATALOG)
    return _save(ctx, procedure, new=False)


def set_procedure_active(ctx: DeskContext, *, code: str, active: bool) -> ProcedureInfo:
    """Deactivate a procedure (it no longer appears at intake) or bring it back."""
    ctx.actor.require(Permission.CATALOG)
    now = ctx.now()
    with ctx.db.session() as s:
        p = _load_procedure(s, code)
        if p is None:
            raise DeskError("procedure.unknown", code=code)
        p.active = active
        p.updated_at = now
        add_audit(
            s,
            at=now,
            actor=ctx.actor.username,
            action="catalog.activate" if active else "catalog.deactivate",
            entity="procedure",
            key=p.code,
        )
        s.commit()
        info = to_info(p)
    invalidate_catalog(ctx)
    return info
