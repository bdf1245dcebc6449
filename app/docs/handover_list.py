"""The post's hand-over list (danh sách bàn giao hồ sơ): one A4 page with the batch's QR
code, which the commune scans to receive the whole batch, one table row per dossier with
its own QR code, and the two signatures. Drawn from the frozen ``HandoverBatch``."""

from __future__ import annotations

import io
from datetime import datetime

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.docs.fonts import BOLD, ITALIC, REGULAR, register_fonts, text_width
from app.docs.forms import new_canvas
from app.docs.qr import draw_qr, encode
from app.docs.vn_format import short_datetime
from app.domain.dossier import AgencyInfo
from app.domain.errors import DeskError
from app.domain.handover import KIND_AGENCY, MAX_BATCH_SIZE, HandoverBatch, handover_payload


def _when(moment: datetime | None) -> str:
    return "" if moment is None else short_datetime(moment)


_PAGE_W, _PAGE_H = A4
_MARGIN = 12 * mm
_ROW_H = 15 * mm
_ROW_QR = 12.5 * mm
_BATCH_QR = 40 * mm
#: Table columns: (title, width).
_COLUMNS = (
    ("STT", 9 * mm),
    ("Mã hồ sơ", 46 * mm),
    ("Người nộp", 34 * mm),
    ("Thủ tục", 45 * mm),
    ("Số hiệu bưu gửi\nBĐ nhận lúc", 33 * mm),
    ("Mã QR", 19 * mm),
)
#: A list between bodies: the fifth column is when the sending point received the dossier.
_AGENCY_COLUMNS = (*_COLUMNS[:4], ("Tiếp nhận lúc", 33 * mm), _COLUMNS[5])


def _wrap(text: str, font: str, size: float, width: float, max_lines: int) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split():
            trial = f"{current} {word}".strip()
            if current and text_width(trial, font, size) > width:
                lines.append(current)
                current = word
            else:
                current = trial
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and text_width(last + "…", font, size) > width:
            last = last[:-1]
        lines[-1] = last + "…"
    return lines


def _text(
    c: Canvas,
    x: float,
    y: float,
    text: str,
    font: str = REGULAR,
    size: float = 9,
    align: str = "left",
) -> None:
    c.setFont(font, size)
    if align == "center":
        c.drawCentredString(x, y, text)
    elif align == "right":
        c.drawRightString(x, y, text)
    else:
        c.drawString(x, y, text)


def render_handover_list(batch: HandoverBatch, *, agency: AgencyInfo) -> bytes:
    """The one-page hand-over list as PDF bytes: a header with the batch's QR code (what the
    commune scans to receive it all), one table row per dossier with its own QR code (the
    dossier code), and the two signatures."""
    between = batch.kind == KIND_AGENCY
    columns = _AGENCY_COLUMNS if between else _COLUMNS
    if len(batch.lines) > MAX_BATCH_SIZE:
        raise DeskError("handover.too_many", max=MAX_BATCH_SIZE, count=len(batch.lines))
    register_fonts()
    buffer = io.BytesIO()
    c = new_canvas(buffer, A4, f"Danh sách bàn giao hồ sơ {batch.batch_id}", agency.name)
    left, right, top = _MARGIN, _PAGE_W - _MARGIN, _PAGE_H - _MARGIN

    # Header: the batch QR at the top right, the title and the facts at the left.
    qr_x, qr_y = right - _BATCH_QR, top - _BATCH_QR
    draw_qr(c, encode(handover_payload(batch), "M"), qr_x, qr_y, _BATCH_QR)
    _text(
        c, qr_x + _BATCH_QR / 2, qr_y - 9, "Quét để tiếp nhận cả danh sách", ITALIC, 7.5, "center"
    )
    text_w = qr_x - left - 6 * mm
    y = top - 10
    for heading in _wrap(agency.center_name or agency.name, BOLD, 9.5, text_w, 2):
        _text(c, left, y, heading, BOLD, 9.5)
        y -= 12
    _text(c, left, y, f"{agency.name} — mã cơ quan {agency.code}", REGULAR, 9)
    y -= 24
    _text(c, left + text_w / 2, y, "DANH SÁCH BÀN GIAO HỒ SƠ", BOLD, 14, "center")
    y -= 14
    subtitle = (
        "tiếp nhận không phụ thuộc địa giới hành chính"
        if between
        else "tiếp nhận qua dịch vụ bưu chính công ích"
    )
    _text(c, left + text_w / 2, y, subtitle, ITALIC, 10, "center")
    y -= 20
    maker = f"{batch.agent_name} ({batch.agent})" if batch.agent else "—"
    if between:
        y = _agency_facts(c, batch, maker, left, y, text_w)
    else:
        facts = (
            ("Số danh sách:", batch.batch_id),
            ("Nhân viên bưu điện:", maker),
            ("Lập lúc:", _when(batch.created_at) or "—"),
            ("Số hồ sơ:", str(len(batch.lines))),
        )
        for label, value in facts:
            _text(c, left, y, label, REGULAR, 9.5)
            _text(c, left + 34 * mm, y, value, BOLD, 9.5)
            y -= 13
    y = min(y, qr_y - 18) - 4

    # The table.
    xs = [left]
    for _, width in columns:
        xs.append(xs[-1] + width)
    head_h = 9 * mm
    c.setLineWidth(0.6)
    c.rect(left, y - head_h, xs[-1] - left, head_h)
    for (title, width), x in zip(columns, xs, strict=False):
        parts = title.split("\n")
        ty = y - head_h / 2 + (len(parts) - 1) * 4.5 - 3
        for part in parts:
            _text(c, x + width / 2, ty, part, BOLD, 8, "center")
            ty -= 9
    y -= head_h
    for index, line in enumerate(batch.lines, start=1):
        c.rect(left, y - _ROW_H, xs[-1] - left, _ROW_H)
        cells = (
            [str(index)],
            [line.code],
            _wrap(line.applicant_name, REGULAR, 8, _COLUMNS[2][1] - 6, 3),
            _wrap(f"{line.procedure_name}", REGULAR, 7.5, _COLUMNS[3][1] - 6, 4),
            (
                [_when(line.post_accepted_at)]
                if between
                else [line.post_receipt_no or "—", _when(line.post_accepted_at)]
            ),
        )
        for col, texts in enumerate(cells):
            font = BOLD if col == 1 else REGULAR
            size = 7.5 if col == 3 else 8
            ty = y - 10
            for t in texts:
                if col == 0:
                    _text(c, xs[0] + _COLUMNS[0][1] / 2, ty, t, font, size, "center")
                else:
                    _text(c, xs[col] + 3, ty, t, font, size)
                ty -= size + 1.5
        cell_x = xs[-2] + (_COLUMNS[-1][1] - _ROW_QR) / 2
        draw_qr(c, encode(line.code, "M"), cell_x, y - _ROW_H + (_ROW_H - _ROW_QR) / 2, _ROW_QR)
        y -= _ROW_H
    for x in xs[1:-1]:
        c.line(x, y, x, y + _ROW_H * len(batch.lines) + head_h)

    # Signatures.
    y -= 16
    if between:
        _agency_signatures(c, batch, left, right, y)
        _footer(c, batch)
        c.showPage()
        c.save()
        return buffer.getvalue()
    half = (right - left) / 2
    _text(c, left + half / 2, y, "BÊN GIAO", BOLD, 10, "center")
    _text(c, left + half * 1.5, y, "BÊN NHẬN", BOLD, 10, "center")
    y -= 12
    _text(c, left + half / 2, y, "(Nhân viên bưu điện ký, ghi rõ họ tên)", ITALIC, 8.5, "center")
    _text(c, left + half * 1.5, y, "(Công chức tiếp nhận ký, ghi rõ họ tên)", ITALIC, 8.5, "center")
    y -= 12
    _text(
        c,
        left + half * 1.5,
        y,
        "Nhận lúc: ...... giờ ...... ngày ....../....../.........",
        REGULAR,
        8.5,
        "center",
    )
    _footer(c, batch)
    c.showPage()
    c.save()
    return buffer.getvalue()


def _footer(c: Canvas, batch: HandoverBatch) -> None:
    _text(
        c,
        _PAGE_W / 2,
        _MARGIN * 0.6,
        f"Lập bằng MotCua Desk — {batch.batch_id} — {len(batch.lines)} hồ sơ",
        ITALIC,
        7,
        "center",
    )


def _agency_facts(
    c: Canvas, batch: HandoverBatch, maker: str, left: float, y: float, width: float
) -> float:
    """The facts of a list between bodies, in as many lines as the post's (two a line where
    they fit), so that the three signatures still fit under twelve dossiers."""
    second = left + width * 0.62
    rows = (
        (("Số danh sách:", batch.batch_id), ("Số hồ sơ:", str(len(batch.lines)))),
        (("Nơi nhận:", f"{batch.to_agency_name or '—'} ({batch.to_agency_code})"),),
        (("Người lập:", maker), ("Gửi lúc:", _when(batch.created_at) or "—")),
        (("Người chuyển:", batch.courier_name or "—"),),
    )
    for row in rows:
        for i, (label, value) in enumerate(row):
            x, shift = (left, 26 * mm) if i == 0 else (second, 18 * mm)
            end = second - 2 * mm if i == 0 and len(row) > 1 else left + width
            _text(c, x, y, label, REGULAR, 9.5)
            _text(c, x + shift, y, _wrap(value, BOLD, 9.5, end - x - shift, 1)[0], BOLD, 9.5)
        y -= 13
    return y


def _agency_signatures(
    c: Canvas, batch: HandoverBatch, left: float, right: float, y: float
) -> None:
    """Three signatures on a list between bodies: the sending point, the courier, the
    competent body's receiving clerk (with the time the papers arrive)."""
    third = (right - left) / 3
    centres = [left + third * (i + 0.5) for i in range(3)]
    heads = ("BÊN GIAO", "NGƯỜI CHUYỂN", "BÊN NHẬN")
    notes = (
        "(Công chức nơi tiếp nhận ký, ghi rõ họ tên)",
        "(Ký, ghi rõ họ tên)",
        "(Công chức cơ quan nhận ký, ghi rõ họ tên)",
    )
    for x, head, note in zip(centres, heads, notes, strict=True):
        _text(c, x, y, head, BOLD, 10, "center")
        for i, part in enumerate(_wrap(note, ITALIC, 8, third - 6, 2)):
            _text(c, x, y - 12 - i * 10, part, ITALIC, 8, "center")
    _text(
        c,
        centres[2],
        y - 34,
        "Nhận lúc: ...... giờ ...... ngày ....../....../......",
        REGULAR,
        8,
        "center",
    )
    # The names are printed under the space left for the signatures.
    _text(c, centres[0], y - 72, batch.agent_name, BOLD, 9, "center")
    _text(c, centres[1], y - 72, batch.courier_name, BOLD, 9, "center")
