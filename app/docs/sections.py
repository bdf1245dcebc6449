"""Section renderers: one function per layout section ``type``, each returning blocks.

A renderer reads its labels from the section's JSON (see resources/forms/README.md) and
the dossier's formatted fields from the context; it never decides the order of sections
nor the paper, which belong to the layout.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from reportlab.pdfgen.canvas import Canvas

from app.docs.flow import (
    LEADING,
    Block,
    CellItem,
    Gap,
    Line,
    Pair,
    Para,
    Piece,
    Table,
    baseline_offset,
    draw_line,
    paragraph,
    spacer,
    underline,
    wrap,
    wrap_balanced,
)
from app.docs.fonts import BOLD, ITALIC, REGULAR, text_width
from app.docs.layouts import FormLayout
from app.docs.qr import QrMatrix, draw_qr, encode
from app.docs.values import Template, reason_text
from app.docs.vn_format import place_date
from app.domain.dossier import AgencyInfo, DossierRecord
from app.domain.errors import DeskError
from app.domain.payment import format_vnd, vietqr_payload


@dataclass(frozen=True)
class FormContext:
    """What every section may read while a form is laid out."""

    layout: FormLayout
    common: Mapping[str, Any]
    agency: AgencyInfo
    record: DossierRecord | None
    fill: Template
    qr_content: str
    on_date: date | None
    width: float  # of the text column: the frame, less a float beside it

    @property
    def size(self) -> float:
        return self.layout.font_size

    def dossier(self) -> DossierRecord:
        if self.record is None:
            raise DeskError("input.invalid", detail="this section needs a dossier")
        return self.record


NBSP = "\u00a0"  # printed as a space, never broken (see flow.wrap)
Renderer = Callable[[FormContext, Mapping[str, Any]], list[Block]]


# --- Header -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _StackLine:
    line: Line
    size: float
    rule: str  # "" | "text": underline the text | "short": a short rule under it


def _stack(items: Sequence[tuple[str, str, float, str]], width: float) -> list[_StackLine]:
    out: list[_StackLine] = []
    for text, font, size, rule in items:
        if rule == "gap":
            out.append(_StackLine(Line((), 0.0), size, ""))
            continue
        if not text:
            continue
        lines = wrap_balanced([(text, font)], width, size)
        for i, line in enumerate(lines):
            out.append(_StackLine(line, size, rule if i == len(lines) - 1 else ""))
    return out


def _stack_height(lines: Sequence[_StackLine]) -> float:
    return sum(s.size * LEADING + (0.4 * s.size if s.rule == "short" else 0.0) for s in lines)


def _draw_stack(c: Canvas, lines: Sequence[_StackLine], x: float, top: float, width: float) -> None:
    y = top
    for s in lines:
        leading = s.size * LEADING
        base = y - baseline_offset(s.size, leading)
        draw_line(c, s.line, x, base, s.size, "center", width)
        start = x + (width - s.line.width) / 2
        if s.rule == "text":
            underline(c, start, base - 0.2 * s.size, s.line.width, 0.5)
        elif s.rule == "short":
            rule = min(s.line.width, width) * 0.4
            underline(c, x + (width - rule) / 2, base - 0.62 * s.size, rule, 0.5)
            y -= 0.4 * s.size
        y -= leading


def agency_line(name: str, common: Mapping[str, Any]) -> str:
    """'UBND PHƯỜNG TÂY HỒ' from 'Phường Tây Hồ' (kept as is when it already says UBND)."""
    upper = name.upper()
    if any(upper.startswith(p) for p in common.get("agency_prefixes_known", ())):
        return upper
    prefix = str(common.get("agency_prefix", "UBND"))
    return f"{prefix} {upper}".strip()


def _fit(text: str, font: str, size: float, width: float) -> float:
    natural = text_width(text, font, size)
    return size if natural <= width else size * width / natural


def _header(ctx: FormContext, spec: Mapping[str, Any]) -> list[Block]:
    size, width = ctx.size * float(spec.get("scale", 1)), ctx.width
    national, motto = ctx.common["national"]
    number = ctx.fill(str(spec.get("number_format", "")))
    date_line = ""
    if ctx.on_date is not None and spec.get("show_date", True):
        date_line = place_date(ctx.agency.place, ctx.on_date)
    blocks: list[Block] = []
    if ctx.layout.number and spec.get("show_number", True):
        # the form number sits in the top margin, above the flow, as in the annex
        number_line = wrap([(ctx.layout.number, ITALIC)], width, size * 0.8)[0]

        def draw_number(c: Canvas, x: float, y: float) -> None:
            draw_line(c, number_line, x, y + size * 0.35, size * 0.8, "right", width)

        blocks.append(Block(0.0, draw_number))
    agency = agency_line(ctx.agency.name, ctx.common)
    center = ctx.agency.center_name.upper()

    if spec.get("style") == "stacked":
        col = _stack(
            [
                (agency, REGULAR, size, ""),
                (center, BOLD, size, "short"),
                (number, REGULAR, size * 0.95, ""),
                ("", REGULAR, size * 0.3, "gap"),
                (national, BOLD, _fit(national, BOLD, size, width), ""),
                (motto, BOLD, size, "text"),
                (date_line, ITALIC, size * 0.95, ""),
            ],
            width,
        )
        height = _stack_height(col) + size * 0.3

        def draw_stacked(c: Canvas, x: float, y: float) -> None:
            _draw_stack(c, col, x, y, width)

        return [*blocks, Block(height, draw_stacked)]

    left_w = width * float(spec.get("left_ratio", 0.42))
    right_w = width - left_w
    head = size * 0.98
    left = _stack(
        [
            (agency, REGULAR, head, ""),
            (center, BOLD, head, "short"),
            (number, REGULAR, head * 0.95, ""),
        ],
        left_w - 4,
    )
    right = _stack(
        [
            (national, BOLD, _fit(national, BOLD, head, right_w), ""),
            (motto, BOLD, head, "text"),
        ],
        right_w,
    )
    right_dated = right + _stack([(date_line, ITALIC, head * 0.95, "")], right_w)
    if date_line:
        # the date line sits a little below the motto
        gap = head * 0.45
    else:
        gap = 0.0
    height = max(_stack_height(left), _stack_height(right_dated) + gap) + size * 0.4

    def draw(c: Canvas, x: float, y: float) -> None:
        _draw_stack(c, left, x, y, left_w - 4)
        _draw_stack(c, right, x + left_w, y, right_w)
        if date_line:
            _draw_stack(
                c, right_dated[len(right) :], x + left_w, y - _stack_height(right) - gap, right_w
            )

    return [*blocks, Block(height, draw)]


# --- Title, code and QR -----------------------------------------------------------------------


def _title(ctx: FormContext, spec: Mapping[str, Any]) -> list[Block]:
    size = ctx.layout.title_size
    blocks = paragraph(
        [(ctx.layout.title, BOLD)],
        ctx.width,
        size,
        align="center",
        space_before=ctx.size * 0.5,
        keep_with_next=True,
    )
    subtitle = ctx.fill(str(spec.get("subtitle", "")))
    if subtitle:
        blocks += paragraph(
            [(subtitle, ITALIC)], ctx.width, ctx.size, align="center", keep_with_next=True
        )
    return blocks


def _qr_block(matrix: QrMatrix, qr_size: float, width: float, caption: str, size: float) -> Block:
    """A centred QR with its quiet zone and an optional caption under it."""
    quiet = 4 * qr_size / matrix.size
    lines = wrap([(caption, ITALIC)], width, size) if caption else []
    height = qr_size + 2 * quiet + len(lines) * size * LEADING

    def draw(c: Canvas, x: float, y: float) -> None:
        draw_qr(c, matrix, x + (width - qr_size) / 2, y - quiet - qr_size, qr_size)
        top = y - quiet - qr_size - quiet * 0.5
        for i, line in enumerate(lines):
            base = top - i * size * LEADING - baseline_offset(size, size * LEADING)
            draw_line(c, line, x, base, size, "center", width)

    return Block(height, draw)


def _side_by_side(
    text_lines: Sequence[tuple[Line, float]],
    matrix: QrMatrix,
    qr_size: float,
    width: float,
    caption: str,
    caption_size: float,
) -> Block:
    """Lines of text on the left, a QR (and its caption) against the right edge."""
    quiet = 4 * qr_size / matrix.size
    cap_lines = wrap([(caption, ITALIC)], qr_size + 2 * quiet, caption_size) if caption else []
    cap_h = len(cap_lines) * caption_size * LEADING
    text_h = sum(s * LEADING for _, s in text_lines)
    qr_h = qr_size + 2 * quiet + cap_h
    height = max(text_h, qr_h)

    def draw(c: Canvas, x: float, y: float) -> None:
        ty = y - (height - text_h) / 2
        for line, s in text_lines:
            draw_line(c, line, x, ty - baseline_offset(s, s * LEADING), s)
            ty -= s * LEADING
        qx = x + width - qr_size
        draw_qr(c, matrix, qx, y - quiet - qr_size, qr_size)
        cy = y - quiet - qr_size - quiet * 0.5
        for line in cap_lines:
            base = cy - baseline_offset(caption_size, caption_size * LEADING)
            draw_line(c, line, qx - quiet, base, caption_size, "center", qr_size + 2 * quiet)
            cy -= caption_size * LEADING

    return Block(height, draw)


def _code_qr(ctx: FormContext, spec: Mapping[str, Any]) -> list[Block]:
    size, width = ctx.size, ctx.width
    record = ctx.dossier()
    matrix = encode(ctx.qr_content)
    qr_size = float(spec.get("qr_em", 6)) * size
    code_size = size * 1.15
    label: list[Piece] = [(str(spec.get("label", "")), BOLD), (record.code, BOLD)]
    hint = str(spec.get("hint", ""))
    if spec.get("align", "right") == "center":
        blocks = [_qr_block(matrix, qr_size, width, "", size)]
        blocks += paragraph(label, width, code_size, align="center")
        if hint:
            blocks += paragraph([(hint, ITALIC)], width, size * 0.9, align="center")
        return blocks
    quiet = 4 * qr_size / matrix.size
    text_w = width - qr_size - 2 * quiet
    lines = [(line, code_size) for line in wrap(label, text_w, code_size)]
    if hint:
        lines += [(line, size * 0.9) for line in wrap([(hint, ITALIC)], text_w, size * 0.9)]
    if spec.get("align") != "float":
        return [_side_by_side(lines, matrix, qr_size, width, "", size)]
    # "float": the code on the left, the QR against the right edge, and the next sections
    # flowing beside the QR (render_form narrows them).
    height = sum(s * LEADING for _, s in lines) + size * 0.6

    def draw(c: Canvas, x: float, y: float) -> None:
        ty = y - size * 0.3
        for line, s in lines:
            draw_line(c, line, x, ty - baseline_offset(s, s * LEADING), s)
            ty -= s * LEADING
        draw_qr(c, matrix, x + width - qr_size, y - quiet - qr_size, qr_size)

    return [Block(height, draw, float_width=qr_size + 2 * quiet, float_height=qr_size + 2 * quiet)]


# --- Label: value rows, free text, reasons ----------------------------------------------------


def _fields(ctx: FormContext, spec: Mapping[str, Any]) -> list[Block]:
    """Rows of ``[label, template, "bold"?, "nowrap"?]``, or ``{"parts": [[label, template], ...]}`` to
    put several on one line; a part whose value comes out empty is left out."""
    blocks: list[Block] = []
    skip_empty = spec.get("skip_empty", True)
    for row in spec.get("rows", ()):
        parts = row["parts"] if isinstance(row, Mapping) else (row,)
        runs: list[Piece] = []
        for label, template, *options in parts:
            value = ctx.fill(str(template))
            if skip_empty and not value.strip():
                continue
            runs.append(
                (ctx.fill(str(label)) if runs else ctx.fill(str(label)).lstrip(" ;,-"), REGULAR)
            )
            font = BOLD if "bold" in options else REGULAR
            if "nowrap" in options and text_width(value, font, ctx.size) <= ctx.width:
                value = value.replace(" ", NBSP)  # a person's name stays on one line
            runs.append((value, font))
        if runs:
            blocks += paragraph(runs, ctx.width, ctx.size)
    return blocks


def _text(ctx: FormContext, spec: Mapping[str, Any]) -> list[Block]:
    font = {"bold": BOLD, "italic": ITALIC}.get(str(spec.get("style", "")), REGULAR)
    blocks: list[Block] = []
    for text in spec.get("paragraphs", ()):
        blocks += paragraph(
            [(ctx.fill(str(text)), font)],
            ctx.width,
            ctx.size,
            align=str(spec.get("align", "left")),
            space_before=ctx.size * 0.25,
        )
    return blocks


def _reason(ctx: FormContext, spec: Mapping[str, Any]) -> list[Block]:
    text = reason_text(ctx.dossier(), str(spec.get("source", "latest")))
    if not text.strip():
        text = str(spec.get("empty", ctx.common["blank"]))
    return paragraph(
        [(str(spec.get("label", "")), BOLD), (text, REGULAR)],
        ctx.width,
        ctx.size,
        space_before=ctx.size * 0.25,
    )


def _note(ctx: FormContext, spec: Mapping[str, Any]) -> list[Block]:
    size = ctx.size * 0.9
    return paragraph(
        [(str(spec.get("label", "")), BOLD), (ctx.fill(str(spec.get("text", ""))), ITALIC)],
        ctx.width,
        size,
        space_before=ctx.size * 0.5,
    )


def _space(ctx: FormContext, spec: Mapping[str, Any]) -> list[Block]:
    return [spacer(float(spec.get("em", 1)) * ctx.size)]


# --- Tables -----------------------------------------------------------------------------------


def _widths(columns: Sequence[Mapping[str, Any]], width: float) -> list[float]:
    weights = [float(col.get("weight", 1)) for col in columns]
    total = sum(weights)
    return [width * w / total for w in weights]


def _document_cell(key: str, index: int, record: DossierRecord) -> str:
    doc = record.documents[index]
    return {
        "index": str(index + 1),
        # A component with a file attached is marked on the receipt (số hóa).
        "name": f"{doc.name} (đã số hóa)" if doc.digitised else doc.name,
        "code": doc.code,
        "originals": str(doc.originals),
        "copies": str(doc.copies),
        "count": str(doc.count),
    }[key]


def _documents_table(ctx: FormContext, spec: Mapping[str, Any]) -> list[Block]:
    record = ctx.dossier()
    size = ctx.size
    blocks: list[Block] = []
    heading = ctx.fill(str(spec.get("heading", "")))
    if heading:
        blocks += paragraph(
            [(heading, BOLD)], ctx.width, size, space_before=size * 0.2, keep_with_next=True
        )
    if not record.documents:
        return blocks + paragraph([(str(spec.get("empty", "")), ITALIC)], ctx.width, size)
    columns = spec["columns"]
    header: list[list[CellItem]] = [
        [Para(((str(col["label"]), BOLD),), "center")] for col in columns
    ]
    rows = [
        [
            [
                Para(
                    ((_document_cell(str(col["key"]), i, record), REGULAR),),
                    str(col.get("align", "left")),
                )
            ]
            for col in columns
        ]
        for i in range(len(record.documents))
    ]
    table = Table(
        _widths(columns, ctx.width),
        header,
        rows,
        size * float(spec.get("cell_scale", 0.95)),
        size * float(spec.get("header_scale", 0.88)),
        pad_x=float(spec.get("cell_padding", 2.5)),
    )
    return blocks + [spacer(size * 0.2)] + table.blocks() + [spacer(size * 0.3)]


def _missing_table(ctx: FormContext, spec: Mapping[str, Any]) -> list[Block]:
    """Mẫu 02's list of what the citizen must bring: the items of the latest supplement
    request as a numbered table, then its note; a dossier without a recorded request (moved
    into 5 before they were kept) prints the note of its move, as the ``reason`` section."""
    record = ctx.dossier()
    size = ctx.size
    blocks: list[Block] = paragraph(
        [(ctx.fill(str(spec.get("heading", ""))), BOLD)],
        ctx.width,
        size,
        space_before=size * 0.25,
        keep_with_next=True,
    )
    request = record.supplements[-1] if record.supplements else None
    items = request.items if request is not None else ()
    note = request.note if request is not None else reason_text(record, "supplement")
    if items:
        columns = spec["columns"]
        header: list[list[CellItem]] = [
            [Para(((str(col["label"]), BOLD),), "center")] for col in columns
        ]
        cells = {"index": lambda i: str(i + 1), "item": lambda i: items[i]}
        rows = [
            [
                [Para(((cells[str(col["key"])](i), REGULAR),), str(col.get("align", "left")))]
                for col in columns
            ]
            for i in range(len(items))
        ]
        table = Table(_widths(columns, ctx.width), header, rows, size * 0.95, size * 0.88)
        blocks += [spacer(size * 0.2), *table.blocks(), spacer(size * 0.3)]
    if note.strip() or not items:
        blocks += paragraph(
            [
                (str(spec.get("note_label", "")), BOLD),
                (note if note.strip() else str(spec.get("empty", ctx.common["blank"])), REGULAR),
            ],
            ctx.width,
            size,
            space_before=size * 0.25,
        )
    return blocks


def _steps_table(ctx: FormContext, spec: Mapping[str, Any]) -> list[Block]:
    size = ctx.size
    columns = spec["columns"]
    header: list[list[CellItem]] = [
        [Para(((str(col["label"]), BOLD),), "center")] for col in columns
    ]
    space = float(spec.get("space_em", 4)) * size
    rows: list[list[list[CellItem]]] = []
    for step in spec.get("steps", ()):
        names: list[CellItem] = [
            Para(((str(spec.get("giao_label", "")), BOLD), (ctx.fill(str(step["giao"])), REGULAR))),
            Gap(size * 0.3),
            Para(((str(spec.get("nhan_label", "")), BOLD), (ctx.fill(str(step["nhan"])), REGULAR))),
        ]
        times: list[CellItem] = [
            Para(((str(spec.get("time_blank", "")), REGULAR),), "center"),
            Gap(size * 0.4),
            Pair(str(spec.get("giver", "")), str(spec.get("taker", ""))),
            Gap(space),
        ]
        rows.append([names, times] + [[] for _ in columns[2:]])
    table = Table(_widths(columns, ctx.width), header, rows, size, size * 0.9, pad_y=3)
    return [spacer(size * 0.6), *table.blocks()]


# --- Fees and VietQR --------------------------------------------------------------------------


def _fees(ctx: FormContext, spec: Mapping[str, Any]) -> list[Block]:
    record = ctx.dossier()
    size, width = ctx.size, ctx.width
    heading = str(spec.get("heading", ""))
    total = record.fee_total
    if total <= 0:
        return paragraph(
            [(heading, BOLD), (str(spec.get("none_text", "")), REGULAR)],
            width,
            size,
            space_before=size * 0.1,
        )
    item_format = str(spec.get("item_format", "- {name}: {amount}"))
    runs_list: list[list[Piece]] = [[(heading, BOLD)]]
    for fee in record.fees:
        text = item_format.format(name=fee.name, amount=format_vnd(fee.amount))
        runs_list.append([(text, REGULAR)])
    runs_list.append([(str(spec.get("total_label", "")), BOLD), (format_vnd(total), BOLD)])

    agency = ctx.agency
    matrix: QrMatrix | None = None
    if spec.get("vietqr") and agency.bank_bin and agency.bank_account:
        try:
            payload = vietqr_payload(
                bank_bin=agency.bank_bin,
                account=agency.bank_account,
                amount=total,
                note=record.code,
            )
        except DeskError:
            runs_list.append([(str(spec.get("qr_error", "")), ITALIC)])
        else:
            matrix = encode(payload)
            account = ctx.fill(str(spec.get("account_format", "")))
            if account:
                runs_list.append([(account, REGULAR)])
    caption = str(spec.get("qr_caption", ""))
    qr_size = float(spec.get("qr_em", 7)) * size
    if matrix is None or spec.get("qr_align") == "center":
        blocks: list[Block] = []
        for runs in runs_list:
            blocks += paragraph(runs, width, size, space_before=size * 0.1)
        if matrix is not None:
            blocks.append(_qr_block(matrix, qr_size, width, caption, size * 0.85))
        return blocks
    quiet = 4 * qr_size / matrix.size
    text_w = width - qr_size - 2 * quiet
    lines = [(line, size) for runs in runs_list for line in wrap(runs, text_w, size)]
    return [spacer(size * 0.1), _side_by_side(lines, matrix, qr_size, width, caption, size * 0.8)]


# --- Signatures -------------------------------------------------------------------------------


def _signatures(ctx: FormContext, spec: Mapping[str, Any]) -> list[Block]:
    size, width = ctx.size, ctx.width
    columns = list(spec.get("columns", ()))
    if not columns:
        return []
    col_w = width / max(len(columns), 2)
    offset = width - col_w * len(columns)  # a lone signature sits on the right half
    space = float(spec.get("space_em", 4)) * size
    stacks = []
    for col in columns:
        top = _stack(
            [
                (str(col.get("title", "")), BOLD, size, ""),
                (str(col.get("hint", "")), ITALIC, size * 0.9, ""),
            ],
            col_w - 4,
        )
        name = _stack([(ctx.fill(str(col.get("name", ""))), BOLD, size, "")], col_w - 4)
        stacks.append((top, name))
    height = size * 0.6 + max(_stack_height(t) + space + _stack_height(n) for t, n in stacks)

    def draw(c: Canvas, x: float, y: float) -> None:
        for i, (top, name) in enumerate(stacks):
            cx = x + offset + i * col_w + 2
            _draw_stack(c, top, cx, y - size * 0.6, col_w - 4)
            _draw_stack(c, name, cx, y - size * 0.6 - _stack_height(top) - space, col_w - 4)

    return [Block(height, draw)]


RENDERERS: dict[str, Renderer] = {
    "header": _header,
    "title": _title,
    "code_qr": _code_qr,
    "applicant": _fields,
    "procedure": _fields,
    "times": _fields,
    "fields": _fields,
    "documents_table": _documents_table,
    "fees": _fees,
    "reason": _reason,
    "text": _text,
    "signatures": _signatures,
    "note": _note,
    "steps_table": _steps_table,
    "missing_table": _missing_table,
    "space": _space,
}
