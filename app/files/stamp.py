"""Pages of several PDFs as one, and a stamp page laid over the last page (pikepdf)."""

from __future__ import annotations

import io
from collections.abc import Sequence

import pikepdf


def combine_pdfs(pdfs: Sequence[bytes]) -> bytes:
    """The pages of ``pdfs`` in order, as one PDF (the first one's document info kept)."""
    if not pdfs:
        raise ValueError("no PDF")
    if len(pdfs) == 1:
        return pdfs[0]
    with pikepdf.open(io.BytesIO(pdfs[0])) as first:
        for more in pdfs[1:]:
            with pikepdf.open(io.BytesIO(more)) as other:
                first.pages.extend(other.pages)
        out = io.BytesIO()
        first.save(out)
        return out.getvalue()


def last_page_size(pdf: bytes) -> tuple[float, float]:
    """Width and height in points of the last page's media box (the copy's own pages are
    upright: the scan path turns the images, not the pages)."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[-1]
        box = page.mediabox
        return float(box[2]) - float(box[0]), float(box[3]) - float(box[1])


def overlay_last_page(pdf: bytes, stamp: bytes) -> bytes:
    """``pdf`` with the first page of ``stamp`` drawn over its last page (same size)."""
    with pikepdf.open(io.BytesIO(pdf)) as doc, pikepdf.open(io.BytesIO(stamp)) as mark:
        target = doc.pages[-1]
        target.add_overlay(mark.pages[0], pikepdf.Rectangle(*target.mediabox))
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()
