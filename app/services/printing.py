"""Printing forms from the durable record, after commit; every print is audited."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

from app import docs
from app.domain.corrections import is_voided
from app.domain.dossier import DossierRecord, Status
from app.domain.errors import DeskError
from app.domain.handover import check_receipt
from app.domain.roles import Permission
from app.services.context import DeskContext
from app.services.dossiers import get_dossier
from app.store.repositories import add_audit, bump_print_count, records_between

FORM_ALIASES = {"cover": "cover", "receipt": "receipt", "receipt-a4": "receipt_a4",
                "receipt_a4": "receipt_a4", "thermal": "thermal", "supplement": "supplement",
                "refusal": "refusal", "apology": "apology", "stop": "stop"}
#: Forms that only make sense once the dossier went through a given status.
_NEEDS = {"supplement": Status.SUPPLEMENT, "refusal": Status.REFUSED, "stop": Status.STOPPED}


def _printed_at(record: DossierRecord, form: str) -> datetime:
    """The date printed on the form: fixed by the record, so a reprint is identical."""
    needed = _NEEDS.get(form)
    if needed is not None:
        for h in reversed(record.history):
            if h.to_status == needed:
                return h.at
    if form == "apology" and record.history:
        return record.history[-1].at
    return record.received_at


def render(record: DossierRecord, form: str) -> bytes:
    key = FORM_ALIASES.get(form)
    if key is None:
        raise DeskError("print.form_unknown", form=form)
    needed = _NEEDS.get(key)
    if needed is not None and all(h.to_status != needed for h in record.history):
        raise DeskError("print.not_applicable", code=record.code, form=form)
    if key == "apology" and record.extended_appointment_at is None:
        raise DeskError("print.not_applicable", code=record.code, form=form)
    check_receipt(record, key)  # a post dossier: one receipt, from the commune
    if key == "stop" and is_voided(record):
        raise DeskError("print.not_applicable", code=record.code, form=form)
    return docs.render_form(key, record, printed_at=_printed_at(record, key))


def write_atomically(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(path)
    except OSError:
        tmp.unlink(missing_ok=True)  # a torn half-PDF only takes the space a retry needs
        raise
    return path


def print_form(ctx: DeskContext, *, code: str, form: str, out: Path | None = None) -> Path:
    """Render ``form`` for dossier ``code`` to a PDF file; returns its path."""
    ctx.actor.require(Permission.PRINT)
    record = get_dossier(ctx, code=code)
    data = render(record, form)
    target = out or ctx.output_dir / f"{record.code}-{form}.pdf"
    if target.is_dir():
        target = target / f"{record.code}-{form}.pdf"
    try:
        write_atomically(target, data)
    except OSError as exc:
        if exc.errno == 28:
            raise DeskError("disk.full") from exc
        raise DeskError("db.readonly", path=str(target.parent)) from exc
    with ctx.db.session() as s:
        count = bump_print_count(s, record.id)
        add_audit(s, at=ctx.now(), actor=ctx.actor.username,
                  action="print" if count == 1 else "reprint", entity="dossier", key=record.code,
                  detail={"form": form, "count": count, "file": str(target)})
        s.commit()
    return target


def render_for_preview(ctx: DeskContext, *, code: str, form: str) -> bytes:
    """The PDF bytes for the preview window; counted when actually printed or saved."""
    ctx.actor.require(Permission.PRINT)
    return render(get_dossier(ctx, code=code), form)


def tracking_book(ctx: DeskContext, *, date_from: date, date_to: date, out: Path) -> Path:
    ctx.actor.require(Permission.REPORTS)
    agency, _, _ = ctx.service_point()
    start, _ = ctx.local_day_bounds(date_from)
    _, end = ctx.local_day_bounds(date_to)
    with ctx.db.read_session() as s:
        records = records_between(s, start, end)
    data = docs.render_tracking_book(records, agency=agency, date_from=date_from, date_to=date_to)
    return write_atomically(out, data)
