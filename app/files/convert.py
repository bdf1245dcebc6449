"""Imported PDFs to archive PDF/A-2b through Ghostscript, the converter of the field (it is
what ocrmypdf runs for its own PDF/A output; called directly here because a text-less
conversion needs none of ocrmypdf's OCR engine). Ghostscript rewrites the pages with their
fonts embedded and the colours in RGB; pikepdf (app/files/pdfa.make_pdfa) then writes the
identification and output intent, and the pages of several inputs are joined in order.

The conversion keeps the page count or refuses; a refusal is a DeskError with a Vietnamese
message and the input is never touched. The archive copy carries the source's own dates
(none when it has none), so the same paper imported twice gives the same bytes: one file per
hash, never attached twice."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import pikepdf

from app.domain.errors import DeskError
from app.files.pdfa import make_pdfa

#: Seconds allowed per page (and at least MIN_SECONDS): a PDF Ghostscript chokes on is
#: refused, it never hangs the worker.
SECONDS_PER_PAGE = 3.0
MIN_SECONDS = 30.0
PRODUCER = "MotCua Desk (Ghostscript, img2pdf, pikepdf)"
_CANDIDATES = ("gs", "gswin64c", "gswin32c")


def ghostscript() -> str | None:
    """The Ghostscript program (MOTCUA_GHOSTSCRIPT, else the first on PATH)."""
    named = os.environ.get("MOTCUA_GHOSTSCRIPT")
    if named:
        return named if Path(named).is_file() or shutil.which(named) else None
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _source_date(pdf: pikepdf.Pdf) -> datetime | None:
    from pikepdf.models.metadata import decode_pdf_date

    raw = pdf.docinfo.get("/CreationDate") if pdf.trailer.get("/Info") is not None else None
    if raw is None:
        return None
    try:
        return decode_pdf_date(str(raw))
    except (ValueError, TypeError):
        return None


def gs_pdfa(source: Path, *, pages: int) -> bytes:
    """Ghostscript's PDF/A-2 rewrite of ``source`` (no identification fix-up yet); refuses
    when it fails, times out or loses a page."""
    name = source.name
    program = ghostscript()
    if program is None:
        raise DeskError("files.converter_missing", name=name)
    with tempfile.TemporaryDirectory(prefix="motcua-pdfa-") as tmp:
        out = Path(tmp) / "out.pdf"
        cmd = [
            program,
            "-q",
            "-dSAFER",
            "-dBATCH",
            "-dNOPAUSE",
            "-dNOINTERPOLATE",
            "-sDEVICE=pdfwrite",
            "-dPDFA=2",
            "-dPDFACompatibilityPolicy=1",
            "-sColorConversionStrategy=RGB",
            "-dAutoRotatePages=/None",
            f"-sOutputFile={out}",
            "--",
            str(source),
        ]
        try:
            done = subprocess.run(
                cmd,
                capture_output=True,
                timeout=max(MIN_SECONDS, SECONDS_PER_PAGE * pages),
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise DeskError(
                "files.convert", name=name, detail="quá thời gian / timed out"
            ) from None
        except OSError as exc:
            raise DeskError("files.converter_missing", name=name) from exc
        if done.returncode != 0 or not out.is_file() or out.stat().st_size == 0:
            tail = (done.stderr or done.stdout).decode("utf-8", "replace").strip()
            raise DeskError("files.convert", name=name, detail=tail[-160:] or "Ghostscript")
        data = out.read_bytes()
    got = _pages(data, name)
    if got != pages:
        raise DeskError(
            "files.convert", name=name, detail=f"{got}/{pages} trang / pages after conversion"
        )
    return data


def _pages(data: bytes, name: str) -> int:
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            return len(pdf.pages)
    except pikepdf.PdfError as exc:
        raise DeskError("files.convert", name=name, detail=str(exc)[:160]) from None


def pdf_to_pdfa(source: Path, *, pages: int, title: str = "") -> bytes:
    """One imported PDF as PDF/A-2b, dated as its source (the same input, the same bytes)."""
    with pikepdf.open(source) as original:
        moment = _source_date(original)
    raw = gs_pdfa(source, pages=pages)
    return make_pdfa(
        raw, title=title or source.name, now=moment, dated=moment is not None, producer=PRODUCER
    )


def join_to_pdfa(parts: Sequence[bytes], *, title: str, now: datetime | None = None) -> bytes:
    """The pages of several PDFs (each already converted, or made from images), in order, as
    one PDF/A-2b."""
    joined = pikepdf.new()
    opened = [pikepdf.open(io.BytesIO(p)) for p in parts]
    try:
        for part in opened:
            joined.pages.extend(part.pages)
        buf = io.BytesIO()
        joined.save(buf)
    finally:
        for part in opened:
            part.close()
        joined.close()
    return make_pdfa(buf.getvalue(), title=title, now=now, producer=PRODUCER)
