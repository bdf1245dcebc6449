"""Printing one dossier form: the layout's sections, laid out, paginated and drawn."""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any
from urllib.parse import quote

from reportlab.pdfgen.canvas import Canvas

from app.docs.flow import LEADING, Block, draw_line, draw_pages, paginate, spacer, wrap
from app.docs.fonts import ITALIC, REGULAR, register_fonts, seed_subsets
from app.docs.layouts import FormLayout, common, load_layout
from app.docs.sections import RENDERERS, FormContext
from app.docs.values import Template, form_values, header_date
from app.domain.dossier import DossierRecord
from app.domain.errors import DeskError

FORMS: tuple[str, ...] = (
    "receipt",
    "receipt_a4",
    "thermal",
    "supplement",
    "refusal",
    "apology",
    "stop",
    "cover",
)
#: Forms of an event of their own, printed with values only that event has (``extra``):
#: the receipt of the result's hand-over (app/docs/result_receipt.py) and the biên lai of
#: a fee paid (app/docs/fee_receipt.py).
EVENT_FORMS: tuple[str, ...] = ("result_receipt", "fee_receipt")


def lookup_target(record: DossierRecord, lookup_url: str | None = None) -> str:
    """What the dossier's QR holds: the status look-up address with the code, or the code."""
    base = lookup_url or record.agency.lookup_url
    if not base:
        return record.code
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}ma={quote(record.code, safe='.-')}"


def form_title(form: str) -> str:
    """The Vietnamese title printed on ``form``."""
    if form not in FORMS:
        raise DeskError("print.form_unknown", form=form)
    return load_layout(form).title


def new_canvas(buffer: io.BytesIO, size: tuple[float, float], title: str, author: str) -> Canvas:
    """A canvas whose bytes depend only on what is drawn (no clock, no random id)."""
    canvas = Canvas(
        buffer,
        pagesize=size,
        invariant=1,
        pageCompression=1,
        initialFontName=REGULAR,
        lang="vi-VN",
    )
    canvas.setTitle(title)
    canvas.setAuthor(author)
    canvas.setCreator("MotCua Desk")
    seed_subsets(canvas)
    return canvas


def page_footer(
    template: str, values: Mapping[str, str], layout: FormLayout, size: float
) -> Callable[[Canvas, int, int], None]:
    """A centred line in the bottom margin; ``{page}`` and ``{pages}`` are filled per page."""
    width = layout.frame_width
    left = layout.margins[3]
    baseline = layout.margins[2] * 0.45

    def draw(c: Canvas, page: int, pages: int) -> None:
        text = template.format_map({**values, "page": page, "pages": pages})
        line = wrap([(text, ITALIC)], width, size)[0]
        draw_line(c, line, left, baseline, size, "center", width)

    return draw


def lay_out(ctx: FormContext, sections: Sequence[Mapping[str, Any]]) -> list[Block]:
    """Blocks of every section in order; sections beside a float are laid out narrower."""
    blocks: list[Block] = []
    float_width = float_left = 0.0
    line = ctx.size * LEADING
    for spec in sections:
        if 0 < float_left < line * 1.5:  # not worth narrowing a section: skip past it
            blocks.append(spacer(float_left))
            float_left = 0.0
        beside = float_left > 0
        section_ctx = replace(ctx, width=ctx.width - float_width) if beside else ctx
        for block in RENDERERS[spec["type"]](section_ctx, spec):
            if float_left > 0:
                blocks[-1].keep_with_next = True  # a float never splits from what is beside it
                float_left -= block.height
            if block.float_height:
                float_width = block.float_width
                float_left = block.float_height - block.height
            blocks.append(block)
    if float_left > 0:
        blocks.append(spacer(float_left))
    return blocks


def render_form(
    form: str,
    record: DossierRecord,
    *,
    lookup_url: str | None = None,
    printed_at: datetime | None = None,
    extra: Mapping[str, str] | None = None,
) -> bytes:
    """Render ``form`` for ``record`` as PDF bytes (same inputs, same bytes); an event form
    (:data:`EVENT_FORMS`) prints ``extra`` values beside the dossier's fields."""
    if form not in FORMS and not (extra is not None and form in EVENT_FORMS):
        raise DeskError("print.form_unknown", form=form)
    register_fonts()
    layout = load_layout(form)
    vocabulary = common()
    values = {**form_values(record, vocabulary), **(extra or {})}
    ctx = FormContext(
        layout=layout,
        common=vocabulary,
        agency=record.agency,
        record=record,
        fill=Template(values),
        qr_content=lookup_target(record, lookup_url),
        on_date=header_date(record, layout.date_from, printed_at),
        width=layout.frame_width,
    )
    blocks = lay_out(ctx, layout.sections)

    top, _, bottom, left = layout.margins
    pages: Sequence[Sequence[Block]]
    if layout.page_height is None:  # roll paper: one page as long as the content
        height = top + sum(b.height for b in blocks) + bottom
        pages = [blocks]
    else:
        height = layout.page_height
        pages = paginate(blocks, height - top - bottom)
    buffer = io.BytesIO()
    canvas = new_canvas(
        buffer, (layout.page_width, height), f"{layout.title} - {record.code}", record.agency.name
    )
    footer = None
    if len(pages) > 1:
        footer = page_footer(str(vocabulary["page_footer"]), values, layout, layout.font_size * 0.8)
    draw_pages(canvas, pages, left, height - top, footer)
    canvas.save()
    return buffer.getvalue()
