"""Printing forms from the durable record, after commit; every print is audited."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from app import docs
from app.domain.dossier import DossierRecord
from app.domain.errors import DeskError
from app.domain.printable import check_form, printed_at
from app.domain.roles import Permission
from app.services.context import DeskContext
from app.services.dossiers import get_dossier
from app.store.repositories import add_audit, bump_print_count, records_between


def render(record: DossierRecord, form: str) -> bytes:
    """The PDF of ``form`` for ``record``; DeskError when the form does not apply
    (app.domain.printable has the rule)."""
    key = check_form(record, form)
    return docs.render_form(key, record, printed_at=printed_at(record, key))


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
