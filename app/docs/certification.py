"""The certification statement of an electronic certified copy, drawn as a one-page PDF the
size of the copy's last page: a framed box in the bottom-right corner, on white so that it
reads over a scan, to be laid over that page (app/files/stamp.py)."""

from __future__ import annotations

import io

from reportlab.lib.colors import Color, white
from reportlab.lib.units import mm

from app.docs.fonts import BOLD, ITALIC, REGULAR, register_fonts, text_width
from app.docs.forms import new_canvas
from app.domain.certification import Statement

_RED = Color(0.72, 0.05, 0.05)
_MARGIN = 10 * mm
_WIDTH = 92 * mm
_PAD = 3 * mm


def render_certification_stamp(statement: Statement, width: float, height: float) -> bytes:
    """A page of ``width`` x ``height`` points holding only the statement's box."""
    register_fonts()
    lines = statement.lines()
    styles = [BOLD, REGULAR, REGULAR, ITALIC, BOLD, ITALIC, BOLD, REGULAR]
    sizes = [8.6, 8.6, 8.6, 8.6, 8.6, 7.6, 9.0, 8.0]
    box_w = min(_WIDTH, width - 2 * _MARGIN)
    # the text shrinks to fit the box (a long agency name, a narrow page)
    scale = min(
        1.0,
        min(
            (box_w - 2 * _PAD) / max(text_width(t, f, s), 1.0)
            for t, f, s in zip(lines, styles, sizes, strict=True)
        ),
    )
    leading = [s * scale * 1.35 for s in sizes]
    box_h = sum(leading) + 2 * _PAD
    x0 = width - _MARGIN - box_w
    y0 = _MARGIN
    buffer = io.BytesIO()
    c = new_canvas(buffer, (width, height), "Lời chứng", statement.agency)
    c.setFillColor(white)
    c.setStrokeColor(_RED)
    c.setLineWidth(1.2)
    c.rect(x0, y0, box_w, box_h, stroke=1, fill=1)
    c.setFillColor(_RED)
    y = y0 + box_h - _PAD
    centre = x0 + box_w / 2
    for text, face, size, lead in zip(lines, styles, sizes, leading, strict=True):
        y -= lead
        c.setFont(face, size * scale)
        c.drawCentredString(centre, y + lead * 0.25, text)
    c.showPage()
    c.save()
    return buffer.getvalue()
