"""Printing forms from the durable record, after commit; every print is audited."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app import docs
from app.domain.dossier import DossierRecord
from app.domain.errors import DeskError
from app.domain.printable import applicable_forms, check_form, printed_at
from app.domain.roles import Permission
from app.services.context import DeskContext
from app.services.dossiers import get_dossier
from app.services.sync_status import K_HUB_URL
from app.store.repositories import add_audit, bump_print_count, records_between, values_of
from app.sync.protocol import status_page_url


def status_page_of(ctx: DeskContext) -> str | None:
    """The hub's status page when this counter is enrolled with one: the QR of every form
    printed then opens it. None before enrollment: the agency's own look-up address (or the
    bare code) is printed instead."""
    with ctx.db.read_session() as s:
        hub_url = values_of(s, [K_HUB_URL]).get(K_HUB_URL)
    return status_page_url(hub_url) if hub_url else None


def render(record: DossierRecord, form: str, *, lookup_url: str | None = None) -> bytes:
    """The PDF of ``form`` for ``record``; DeskError when the form does not apply
    (app.domain.printable has the rule). ``lookup_url``: the status page the QR opens."""
    key = check_form(record, form)
    return docs.render_form(key, record, lookup_url=lookup_url, printed_at=printed_at(record, key))


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


def output_target(ctx: DeskContext, out: Path | None, name: str) -> Path:
    """Where a printed or exported file goes: ``out`` (a file, or a folder to put ``name``
    in), else ``name`` in the printed folder."""
    target = out or ctx.output_dir / name
    return target / name if target.is_dir() else target


def save_output(target: Path, data: bytes) -> Path:
    """:func:`write_atomically`, with a full disk or a folder that cannot be written as the
    clerk's message (nothing half-written is left either way)."""
    try:
        return write_atomically(target, data)
    except OSError as exc:
        if exc.errno == 28:
            raise DeskError("disk.full") from exc
        raise DeskError("db.readonly", path=str(target.parent)) from exc


def print_form(
    ctx: DeskContext,
    *,
    code: str,
    form: str,
    out: Path | None = None,
    record: DossierRecord | None = None,
    pdf: bytes | None = None,
) -> Path:
    """Render ``form`` for dossier ``code`` to a PDF file; returns its path.

    Args:
        record: the dossier as the caller already holds it from a service (the one
            ``receive_dossier`` returned): not read back again.
        pdf: the form as already rendered for this dossier (``preview_form``, the pages
            just painted on the printer): not rendered again. A form is fixed by its record
            (app.domain.printable.printed_at), so the copy on file is the one printed.
    """
    ctx.actor.require(Permission.PRINT)
    if pdf is None:
        if record is None or record.code != code.strip():
            record = get_dossier(ctx, code=code)
        pdf = render(record, form, lookup_url=status_page_of(ctx))
    code = record.code if record is not None else code.strip()
    target = save_output(output_target(ctx, out, f"{code}-{form}.pdf"), pdf)
    with ctx.db.session() as s:
        bumped = bump_print_count(s, code)
        if bumped is None:
            raise DeskError("dossier.unknown", code=code)
        count = bumped[1]
        add_audit(
            s,
            at=ctx.now(),
            actor=ctx.actor.username,
            action="print" if count == 1 else "reprint",
            entity="dossier",
            key=code,
            detail={"form": form, "count": count, "file": str(target)},
        )
        s.commit()
    return target


def render_for_preview(ctx: DeskContext, *, code: str, form: str) -> bytes:
    """The PDF bytes for the preview window; counted when actually printed or saved."""
    ctx.actor.require(Permission.PRINT)
    return render(get_dossier(ctx, code=code), form, lookup_url=status_page_of(ctx))


@dataclass(frozen=True)
class FormPreview:
    """What the preview window shows: the rendered form and the forms the dossier may print
    (one read of the dossier, one render)."""

    code: str
    form: str
    pdf: bytes
    forms: tuple[str, ...]


def preview_form(ctx: DeskContext, *, code: str, form: str) -> FormPreview:
    """The form's PDF for the preview window with the dossier's applicable forms; counted
    when printed or saved (``print_form(..., pdf=preview.pdf)``)."""
    ctx.actor.require(Permission.PRINT)
    record = get_dossier(ctx, code=code)
    return FormPreview(
        record.code,
        form,
        render(record, form, lookup_url=status_page_of(ctx)),
        tuple(applicable_forms(record)),
    )


def tracking_book(ctx: DeskContext, *, date_from: date, date_to: date, out: Path) -> Path:
    ctx.actor.require(Permission.REPORTS)
    agency, _, _ = ctx.service_point()
    start, _ = ctx.local_day_bounds(date_from)
    _, end = ctx.local_day_bounds(date_to)
    with ctx.db.read_session() as s:
        records = records_between(s, start, end)
    data = docs.render_tracking_book(records, agency=agency, date_from=date_from, date_to=date_to)
    return write_atomically(out, data)
