"""Certified electronic copies from the original ("chứng thực bản sao điện tử từ bản
chính"): the originals' pages (files, or pages scanned at the counter) become one PDF
through the digitisation path, the certification statement with the register number is
stamped on the last page, the copy is signed, kept in the file store and entered in the
electronic certification register.

Order: the register number is taken inside the write transaction and used only if it
commits; the signature is made inside it (a wrong PIN or a pulled token rolls the number
back: no gap, no double); the signed bytes are durable in the store and the output file
is written to a temporary name and fsynced before the commit, and renamed after it. A
failure before the commit leaves no register entry and no output file."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app import docs
from app.domain.certification import CertifiedCopy, Statement, format_register_number
from app.domain.dossier import VN_TZ
from app.domain.errors import DeskError
from app.domain.roles import Permission
from app.domain.signatures import SignatureCheck, SignerSpec
from app.files.inputs import check_input, load_pages
from app.files.pdfa import Page, pages_to_pdfa
from app.files.scan import ScanRequest
from app.files.stamp import combine_pdfs, last_page_size, overlay_last_page
from app.files.store import FileStore, fsync_dir
from app.services.context import DeskContext
from app.services.files import scan_pages
from app.services.signatures import check_pdf_signatures, sign_pdf, trust_roots_for
from app.store.certification import (
    allocate_register_number,
    record_certified_copy,
    register_entries,
    to_certified_copy,
)
from app.store.repositories import add_audit

DEFAULT_BOOK = "01"


@dataclass(frozen=True)
class CertifyOutcome:
    copy: CertifiedCopy
    out: Path
    check: SignatureCheck  # the signed copy against the city's trust roots


def _originals(
    paths: Sequence[Path], pages: Sequence[Page], colour: bool, ctx: DeskContext
) -> bytes:
    """The originals' pages as one PDF: each PDF as it is, each run of images (and the
    scanned ``pages``) as one PDF/A-2b, in the order given."""
    parts: list[bytes] = []
    run: list[Page] = []

    def flush() -> None:
        if run:
            parts.append(pages_to_pdfa(run, colour=colour, title="Bản sao điện tử", now=ctx.now()))
            run.clear()

    for checked in [check_input(Path(p)) for p in paths]:
        if checked.kind == "pdf":
            flush()
            parts.append(checked.path.read_bytes())
        else:
            run.extend(Page(im) for im in load_pages(checked))  # type: ignore[arg-type]  # PIL images, untyped
    run.extend(pages)
    flush()
    if not parts:
        raise DeskError("files.no_pages")
    return combine_pdfs(parts)


def certify_copy(
    ctx: DeskContext,
    *,
    paths: Sequence[Path] = (),
    pages: Sequence[Page] = (),
    out: Path,
    signer_spec: SignerSpec,
    pin: str,
    book: str = DEFAULT_BOOK,
    officer: str = "",
    colour: bool = False,
    progress: Callable[[str], None] | None = None,
) -> CertifyOutcome:
    """Certify the originals in ``paths`` (PDF, JPEG, PNG, TIFF) and/or the scanned
    ``pages`` as one electronic copy written to ``out`` and entered in the register."""
    ctx.actor.require(Permission.RECEIVE)
    if not pin:
        raise DeskError("sign.pin_empty")
    book = book.strip() or DEFAULT_BOOK
    if len(book) > 40:
        raise DeskError("input.invalid", detail="--register-book: tối đa 40 ký tự")
    original = _originals(paths, pages, colour, ctx)
    agency, _counter, slot = ctx.service_point()
    officer = officer.strip() or ctx.actor.full_name or ctx.actor.username
    now = ctx.now()
    year = now.astimezone(VN_TZ).year
    store = FileStore.of(ctx.data_dir)
    roots = trust_roots_for(ctx)
    part = out.with_name(out.name + ".part")
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        with ctx.db.session() as s:
            number = allocate_register_number(s, agency_code=agency.code, slot=slot, year=year)
            statement = Statement(
                number=format_register_number(number),
                book=f"{book}/{year}",
                certified_at=now,
                officer=officer,
                agency=agency.name,
            )
            stamp = docs.render_certification_stamp(statement, *last_page_size(original))
            stamped = overlay_last_page(original, stamp)
            signed = sign_pdf(stamped, signer_spec, pin, now=now, progress=progress)
            check = check_pdf_signatures(signed, roots, at=now)
            sha = store.put_bytes(signed)
            entry = record_certified_copy(
                s,
                agency_code=agency.code,
                year=year,
                number=number,
                slot=slot,
                book=statement.book,
                certified_at=now,
                officer=officer,
                agency_name=agency.name,
                sources=[Path(p).name for p in paths] + (["scan"] if pages else []),
                pages=_page_count(signed),
                sha256=sha,
                size=len(signed),
                signer=check.signer or "",
                created_by=ctx.actor.username,
            )
            add_audit(
                s,
                at=now,
                actor=ctx.actor.username,
                action="certify.copy",
                entity="certification",
                key=f"{year}/{statement.number}",
                detail={"sha256": sha, "signer": check.signer, "state": check.state},
            )
            _write_synced(part, signed)
            copy = to_certified_copy(entry)
            s.commit()
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    try:
        os.replace(part, out)
        fsync_dir(out.parent)
    except OSError as err:
        raise DeskError("sign.output", path=str(out), detail=err.strerror or str(err)) from err
    return CertifyOutcome(copy, out, check)


def _page_count(pdf: bytes) -> int:
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return len(doc.pages)


def _write_synced(path: Path, data: bytes) -> None:
    try:
        with open(path, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as err:
        raise DeskError("sign.output", path=str(path), detail=err.strerror or str(err)) from err


def certify_scan(
    ctx: DeskContext,
    *,
    request: ScanRequest,
    out: Path,
    signer_spec: SignerSpec,
    pin: str,
    book: str = DEFAULT_BOOK,
    officer: str = "",
    scanner: Any = None,
) -> CertifyOutcome:
    """Scan the original (``request``) and certify its pages; a scan that gave no page
    raises its error. The scan folder goes once the copy is recorded (or refused)."""
    import shutil

    from PIL import Image

    folder, result = scan_pages(ctx, request, scanner=scanner)
    try:
        if not result.pages:
            raise result.error or DeskError("files.no_pages")
        images = []
        for page in result.pages:
            with Image.open(page) as im:
                images.append(Page(im.copy()))
        return certify_copy(
            ctx, pages=images, out=out, signer_spec=signer_spec, pin=pin, book=book,
            officer=officer, colour=request.colour,
        )  # fmt: skip
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def certification_register(ctx: DeskContext, *, year: int | None = None) -> list[CertifiedCopy]:
    """The register's entries of this agency (of ``year``), in number order."""
    ctx.actor.require(Permission.VIEW)
    agency, _counter, _slot = ctx.service_point()
    with ctx.db.read_session() as s:
        return [
            to_certified_copy(e) for e in register_entries(s, agency_code=agency.code, year=year)
        ]
