"""The procedure catalog: seed, look-up as you type, and supervisor edits."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.domain.dossier import FeeItem, ProcessingTime
from app.domain.errors import DeskError
from app.domain.procedure import ProcedureInfo, RequiredDocument, parse_cutoff
from app.domain.roles import Permission
from app.domain.text import fold
from app.resources import resource_path
from app.services.context import DeskContext
from app.store.models import Procedure, ProcedureDocument, ProcedureFee
from app.store.repositories import add_audit


def catalog_seed_path() -> Path:
    return resource_path("catalog", "procedures.json")


def to_info(p: Procedure) -> ProcedureInfo:
    return ProcedureInfo(
        code=p.code, name=p.name, field_code=p.field_code, field_name=p.field_name,
        level=p.level, processing=ProcessingTime(p.processing_amount, p.processing_unit),
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


def upsert_procedure(session: Session, entry: dict[str, Any], fields: dict[str, str], now: datetime) -> Procedure:
    _validate_entry(entry)
    proc = session.scalar(
        select(Procedure).where(Procedure.code == entry["code"])
        .options(selectinload(Procedure.documents), selectinload(Procedure.fees))
    )
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
            position=i, code=d.get("code", ""), name=d["name"], originals=int(d.get("originals", 1)),
            copies=int(d.get("copies", 0)), required=bool(d.get("required", True)),
        )
        for i, d in enumerate(entry.get("documents", []))
    ]
    proc.fees = [
        ProcedureFee(code=f.get("code", ""), name=f["name"], amount=int(f.get("amount", 0)),
                     note=f.get("note", ""))
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
        add_audit(s, at=now, actor=ctx.actor.username, action="catalog.seed", entity="catalog",
                  key=str(path or "default"), detail={"count": len(data["procedures"])})
        s.commit()
    _CACHE.pop(id(ctx.db), None)
    return len(data["procedures"])


_CACHE: dict[int, tuple[ProcedureInfo, ...]] = {}


def all_procedures(ctx: DeskContext) -> tuple[ProcedureInfo, ...]:
    """The active catalog, cached per database: it is small and read on every keystroke."""
    cached = _CACHE.get(id(ctx.db))
    if cached is None:
        with ctx.db.read_session() as s:
            procs = s.scalars(
                select(Procedure).where(Procedure.active.is_(True)).order_by(Procedure.name)
                .options(selectinload(Procedure.documents), selectinload(Procedure.fees))
            )
            cached = tuple(to_info(p) for p in procs)
        _CACHE[id(ctx.db)] = cached
    return cached


def invalidate_catalog(ctx: DeskContext) -> None:
    _CACHE.pop(id(ctx.db), None)


def find_procedures(ctx: DeskContext, *, text: str, limit: int = 20) -> list[ProcedureInfo]:
    """Procedures whose code or name contains every word typed (accents ignored);
    an exact code comes first."""
    procs = all_procedures(ctx)
    query = text.strip()
    if not query:
        return list(procs[:limit])
    exact = [p for p in procs if p.code == query]
    rest = [p for p in procs if p.code != query and p.matches(query)]
    return (exact + rest)[:limit]


def get_procedure(ctx: DeskContext, *, code: str) -> ProcedureInfo:
    for p in all_procedures(ctx):
        if p.code == code.strip():
            return p
    raise DeskError("procedure.unknown", code=code)
