"""A small block layout engine drawn straight on a reportlab canvas.

Forms are a column of blocks (one wrapped line of text, one table row, a signature row...),
each knowing its height and how to draw itself from a top-left corner. Blocks are measured
first, then split into pages (a table row that moves to a new page brings its header row
along), then drawn; a roll receipt simply gets a page as tall as its blocks. This does what
the forms need from platypus at a fraction of its cost per page (DESIGN.md section 8 allows
15 ms per receipt).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from reportlab.pdfgen.canvas import Canvas

from app.docs.fonts import BOLD, font, text_width

Piece = tuple[str, str]  # (text, font name)
DrawFn = Callable[[Canvas, float, float], None]  # (canvas, left x, top y)

LEADING = 1.25  # line height / font size; Vietnamese stacks marks above capitals


@dataclass(frozen=True, slots=True)
class Line:
    """One wrapped line: pieces of text with their fonts, and its width in points."""

    pieces: tuple[Piece, ...]
    width: float


@dataclass(slots=True)
class Block:
    """A rectangle of the page flow: ``draw(canvas, left, top)`` paints it."""

    height: float
    draw: DrawFn
    keep_with_next: bool = False
    header: Block | None = None  # repeated first on a new page (table header row)
    # A float (a QR code) drawn against the right edge from this block's top down: the
    # blocks that follow are laid out narrower until they have passed its height.
    float_width: float = 0.0
    float_height: float = 0.0


def _fmt(v: float) -> str:
    text = f"{v:.2f}"
    return text[:-3] if text.endswith(".00") else text


# --- Text -------------------------------------------------------------------------------------


def _words(runs: Sequence[Piece]) -> list[list[Piece] | None]:
    """Split runs into words (lists of pieces); None stands for a forced line break."""
    words: list[list[Piece] | None] = []
    current: list[Piece] = []
    for raw, font_name in runs:
        # decomposed input (combining tone marks) would print the marks beside the letters
        text = raw if raw.isascii() else unicodedata.normalize("NFC", raw)
        for k, chunk in enumerate(text.replace("\t", " ").split("\n")):
            if k:
                if current:
                    words.append(current)
                    current = []
                words.append(None)
            for j, part in enumerate(chunk.split(" ")):
                if j and current:
                    words.append(current)
                    current = []
                if part:
                    current.append((part, font_name))
    if current:
        words.append(current)
    return words


def _break_word(word: list[Piece], width: float, size: float) -> list[list[Piece]]:
    """Cut a word wider than the line into chunks that fit, character by character."""
    chunks: list[list[Piece]] = []
    current: list[Piece] = []
    used = 0.0
    for text, font_name in word:
        start = 0
        for i, ch in enumerate(text):
            w = text_width(ch, font_name, size)
            if used + w > width and (current or i > start):
                if i > start:
                    current.append((text[start:i], font_name))
                chunks.append(current)
                current, used, start = [], 0.0, i
            used += w
        if start < len(text):
            current.append((text[start:], font_name))
    if current:
        chunks.append(current)
    return chunks


def _merge(pieces: list[Piece]) -> tuple[Piece, ...]:
    out: list[Piece] = []
    for text, font_name in pieces:
        if out and out[-1][1] == font_name:
            out[-1] = (out[-1][0] + text, font_name)
        else:
            out.append((text, font_name))
    return tuple(out)


def wrap(runs: Sequence[Piece], width: float, size: float) -> tuple[Line, ...]:
    """Greedy line breaking at spaces (and at characters inside over-long words).

    Results are cached: labels and notes recur on every form of a kind.
    """
    return _wrap(tuple(runs), round(width, 2), size)


def wrap_balanced(runs: Sequence[Piece], width: float, size: float) -> tuple[Line, ...]:
    """Like ``wrap`` but with lines of even length (centred titles: no lone last word)."""
    lines = wrap(runs, width, size)
    if len(lines) < 2:
        return lines
    low, high = max(line.width for line in lines) / 2, width
    best = lines
    for _ in range(12):
        middle = (low + high) / 2
        trial = wrap(runs, middle, size)
        if len(trial) <= len(lines):
            best, high = trial, middle
        else:
            low = middle
    return best


@lru_cache(maxsize=4096)
def _wrap(runs: tuple[Piece, ...], width: float, size: float) -> tuple[Line, ...]:
    lines: list[Line] = []
    current: list[Piece] = []
    used = 0.0
    for word in _words(runs):
        if word is None:
            lines.append(Line(_merge(current), used))
            current, used = [], 0.0
            continue
        word_width = sum(text_width(t, f, size) for t, f in word)
        parts = [word] if word_width <= width else _break_word(word, width, size)
        for part in parts:
            part_width = (
                word_width if part is word else sum(text_width(t, f, size) for t, f in part)
            )
            space = text_width(" ", part[0][1], size) if current else 0.0
            if current and used + space + part_width > width:
                lines.append(Line(_merge(current), used))
                current, used, space = [], 0.0, 0.0
            if space:
                first_text, first_font = part[0]
                part = [(" " + first_text, first_font), *part[1:]]
            current.extend(part)
            used += space + part_width
    if current or not lines:
        lines.append(Line(_merge(current), used))
    return tuple(lines)


def draw_line(
    canvas: Canvas,
    line: Line,
    x: float,
    baseline: float,
    size: float,
    align: str = "left",
    width: float = 0.0,
) -> None:
    """Draw one line; ``align`` center/right needs the ``width`` of its box."""
    if not line.pieces:
        return
    if align == "center":
        x += (width - line.width) / 2
    elif align == "right":
        x += width - line.width
    # Text operators are written directly: reportlab's text object measures every string
    # again and formats each number through a slow path; the font subsets are the same.
    doc = canvas._doc  # TrueType subset codes are kept per document by reportlab
    size_text = _fmt(size)
    ops = [f"BT 1 0 0 1 {_fmt(x)} {_fmt(baseline)} Tm"]
    for chunk, font_name in line.pieces:
        for name, literal in font(font_name).pdf_strings(chunk, doc):
            ops.append(f"{name} {size_text} Tf ({literal}) Tj")
    ops.append("ET")
    canvas.addLiteral(" ".join(ops))


def baseline_offset(size: float, leading: float) -> float:
    """Distance from the top of a line box down to its baseline."""
    return leading / 2 + 0.32 * size


def underline(canvas: Canvas, x: float, y: float, width: float, weight: float = 0.6) -> None:
    canvas.addLiteral(f"{_fmt(weight)} w {_fmt(x)} {_fmt(y)} m {_fmt(x + width)} {_fmt(y)} l S")


# --- Paragraphs -------------------------------------------------------------------------------


def spacer(height: float) -> Block:
    return Block(height, lambda c, x, y: None)


def paragraph(
    runs: Sequence[Piece],
    width: float,
    size: float,
    *,
    align: str = "left",
    indent: float = 0.0,
    space_before: float = 0.0,
    keep_with_next: bool = False,
) -> list[Block]:
    """One block per wrapped line, so that a long paragraph can cross a page break."""
    leading = size * LEADING
    if align == "center":
        lines = wrap_balanced(runs, width - indent, size)
    else:
        lines = wrap(runs, width - indent, size)
    blocks: list[Block] = []
    for i, line in enumerate(lines):
        extra = space_before if i == 0 else 0.0

        def draw(c: Canvas, x: float, y: float, line: Line = line, extra: float = extra) -> None:
            base = y - extra - baseline_offset(size, leading)
            draw_line(c, line, x + indent, base, size, align, width - indent)

        blocks.append(Block(leading + extra, draw))
    if keep_with_next:
        for block in blocks:
            block.keep_with_next = True
    elif len(blocks) > 1:
        # no widowed first line at the foot of a page
        blocks[0].keep_with_next = True
    return blocks


# --- Tables -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Para:
    """A paragraph inside a table cell."""

    runs: tuple[Piece, ...]
    align: str = "left"


@dataclass(frozen=True, slots=True)
class Pair:
    """Two short labels side by side, each centred in half of the cell (signatures)."""

    left: str
    right: str
    font: str = BOLD


@dataclass(frozen=True, slots=True)
class Gap:
    height: float


CellItem = Para | Pair | Gap


# One laid-out piece of a cell: its lines, the lines of a right half (Pair) or None, the
# alignment and the height it takes.
_CellPart = tuple[tuple[Line, ...], tuple[Line, ...] | None, str, float]


@dataclass(frozen=True, slots=True)
class _CellLayout:
    parts: tuple[_CellPart, ...]
    height: float


def _layout_cell(items: Sequence[CellItem], width: float, size: float) -> _CellLayout:
    leading = size * LEADING
    out: list[_CellPart] = []
    for item in items:
        if isinstance(item, Para):
            out.extend(
                ((line,), None, item.align, leading) for line in wrap(item.runs, width, size)
            )
        elif isinstance(item, Pair):
            left = wrap([(item.left, item.font)], width / 2, size)
            right = wrap([(item.right, item.font)], width / 2, size)
            out.append((left, right, "center", leading * max(len(left), len(right))))
        else:
            out.append(((), None, "left", item.height))
    return _CellLayout(tuple(out), sum(part[3] for part in out))


def _draw_cell(
    c: Canvas, cell: _CellLayout, x: float, top: float, width: float, size: float
) -> None:
    leading = size * LEADING
    y = top
    for left, right, align, height in cell.parts:
        if right is None:
            for line in left:
                draw_line(c, line, x, y - baseline_offset(size, leading), size, align, width)
        else:
            half = width / 2
            for k, lines in enumerate((left, right)):
                for i, line in enumerate(lines):
                    base = y - i * leading - baseline_offset(size, leading)
                    draw_line(c, line, x + k * half, base, size, "center", half)
        y -= height


@dataclass(slots=True)
class Table:
    """Column widths in points, a header row and body rows of cell items."""

    widths: Sequence[float]
    header: Sequence[Sequence[CellItem]]
    rows: Sequence[Sequence[Sequence[CellItem]]]
    size: float
    header_size: float = 0.0
    pad_x: float = 2.5
    pad_y: float = 1.2

    def blocks(self) -> list[Block]:
        header = self._row_block(self.header, self.header_size or self.size, shade=True)
        header.keep_with_next = True
        out = [header]
        for row in self.rows:
            block = self._row_block(row, self.size, shade=False)
            block.header = header
            out.append(block)
        return out

    def _row_block(self, row: Sequence[Sequence[CellItem]], size: float, shade: bool) -> Block:
        cells = [
            _layout_cell(items, w - 2 * self.pad_x, size)
            for items, w in zip(row, self.widths, strict=True)
        ]
        height = max(cell.height for cell in cells) + 2 * self.pad_y
        widths = self.widths
        pad_x, pad_y = self.pad_x, self.pad_y

        def draw(c: Canvas, x: float, y: float) -> None:
            ops = []
            cx = x
            for w in widths:
                ops.append(f"{_fmt(cx)} {_fmt(y - height)} {_fmt(w)} {_fmt(height)} re")
                cx += w
            if shade:
                c.addLiteral("q 0.92 g " + " ".join(ops) + " f Q")
            c.addLiteral("0.5 w " + " ".join(ops) + " S")
            cx = x
            for cell, w in zip(cells, widths, strict=True):
                _draw_cell(c, cell, cx + pad_x, y - pad_y, w - 2 * pad_x, size)
                cx += w

        return Block(height, draw)


# --- Pages ------------------------------------------------------------------------------------


def paginate(blocks: Sequence[Block], available: float) -> list[list[Block]]:
    """Split blocks into pages of ``available`` height, keeping chained blocks together."""
    pages: list[list[Block]] = [[]]
    used = 0.0
    for i, block in enumerate(blocks):
        need = block.height
        j = i
        while blocks[j].keep_with_next and j + 1 < len(blocks) and need < available:
            j += 1
            need += blocks[j].height
        if used + min(need, available) > available + 0.01 and pages[-1]:
            pages.append([])
            used = 0.0
            if block.header is not None:
                pages[-1].append(block.header)
                used += block.header.height
        pages[-1].append(block)
        used += block.height
    return pages


def draw_pages(
    canvas: Canvas,
    pages: Sequence[Sequence[Block]],
    left: float,
    top: float,
    footer: Callable[[Canvas, int, int], None] | None = None,
) -> None:
    """Draw each page's blocks from (left, top) down, then its footer, then turn the page."""
    for number, page in enumerate(pages, start=1):
        y = top
        for block in page:
            block.draw(canvas, left, y)
            y -= block.height
        if footer is not None:
            footer(canvas, number, len(pages))
        canvas.showPage()
