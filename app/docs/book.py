"""Mẫu 07, the tracking book (Sổ theo dõi hồ sơ): one table row per dossier, A4 landscape,
the header row repeated on every page and every page numbered."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from app.docs.flow import Block, CellItem, Para, Table, draw_pages, paginate, paragraph, spacer
from app.docs.fonts import BOLD, ITALIC, REGULAR, register_fonts
from app.docs.forms import new_canvas, page_footer
from app.docs.layouts import common, load_layout
from app.docs.sections import RENDERERS, FormContext
from app.docs.values import Template
from app.docs.vn_format import short_date, short_datetime
from app.domain.dossier import AgencyInfo, DossierRecord


def _cell(key: str, index: int, record: DossierRecord, labels: Mapping[str, Any]) -> str:
    a = record.applicant
    if key == "index":
        return str(index)
    if key == "code":
        return record.code
    if key == "procedure":
        return record.procedure_name
    if key == "sets":
        return str(record.sets)
    if key == "applicant":
        return f"{a.full_name}\n{labels.get('id_label', '')}{a.id_number}"
    if key == "address_phone":
        phone = f"\n{labels.get('phone_label', '')}{a.phone}" if a.phone else ""
        return a.address + phone
    if key == "received_at":
        return short_datetime(record.received_at)
    if key == "appointment_at":
        if record.appointment_at is None:
            return str(labels.get("no_appointment", ""))
        return short_datetime(record.appointment_at)
    if key == "finished_at":
        return short_datetime(record.finished_at) if record.finished_at else ""
    if key == "returned_at":
        return short_datetime(record.returned_at) if record.returned_at else ""
    if key == "note":
        note = record.status.label_vi
        if record.extended_appointment_at is not None:
            extended = short_datetime(record.extended_appointment_at)
            note += f"\n{labels.get('extended_label', '')}{extended}"
        return note
    if key == "summary":
        return record.summary
    return ""  # "signature" and unknown keys: a blank cell to fill by hand


def render_tracking_book(
    records: Sequence[DossierRecord], *, agency: AgencyInfo, date_from: date, date_to: date
) -> bytes:
    """The book for ``records`` (in the order given) received between the two dates."""
    register_fonts()
    layout = load_layout("book")
    extra = layout.extra
    vocabulary = common()
    size, width = layout.font_size, layout.frame_width
    values = {
        "agency_name": agency.name,
        "center_name": agency.center_name,
        "place": agency.place,
        "agency_code": agency.code,
    }
    ctx = FormContext(
        layout=layout,
        common=vocabulary,
        agency=agency,
        record=None,
        fill=Template(values),
        qr_content="",
        on_date=None,
        width=width,
    )
    header_spec = extra.get("header", {"type": "header"})
    blocks: list[Block] = list(RENDERERS["header"](ctx, header_spec))
    blocks += paragraph(
        [(layout.title, BOLD)], width, layout.title_size, align="center", keep_with_next=True
    )
    period = str(extra.get("period_format", "{date_from} - {date_to}")).format(
        date_from=short_date(date_from), date_to=short_date(date_to)
    )
    blocks += paragraph([(period, ITALIC)], width, size * 1.2, align="center", keep_with_next=True)
    blocks.append(spacer(size * 0.6))

    columns = extra["columns"]
    weights = [float(col.get("weight", 1)) for col in columns]
    widths = [width * w / sum(weights) for w in weights]
    header: list[list[CellItem]] = [
        [Para(((str(col["label"]), BOLD),), "center")] for col in columns
    ]
    rows = [
        [
            [
                Para(
                    ((_cell(str(col["key"]), i, record, extra), REGULAR),),
                    str(col.get("align", "left")),
                )
            ]
            for col in columns
        ]
        for i, record in enumerate(records, start=1)
    ]
    blocks += Table(widths, header, rows, size, size).blocks()

    top, _, bottom, left = layout.margins
    pages = paginate(blocks, layout.page_height - top - bottom if layout.page_height else 0)
    buffer = io.BytesIO()
    title = f"{layout.title} - {agency.name} - {short_date(date_from)}-{short_date(date_to)}"
    page_height = layout.page_height or 0.0
    canvas = new_canvas(buffer, (layout.page_width, page_height), title, agency.name)
    footer = page_footer(str(extra.get("page_format", "{page}/{pages}")), {}, layout, size)
    draw_pages(canvas, pages, left, page_height - top, footer)
    canvas.save()
    return buffer.getvalue()
