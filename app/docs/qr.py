"""A fast QR Code encoder (byte mode, ISO/IEC 18004) and its drawing on a reportlab canvas.

Why not reportlab's or segno's encoder: both choose the mask by scoring the eight candidate
symbols cell by cell in pure Python, which costs 10-20 ms per code and alone breaks the
15 ms budget of a receipt (DESIGN.md section 8). Here everything that depends only on the
version (function patterns, module placement, mask patterns, the scoring masks) is computed
once and cached, the data bits are placed with one C-level ``itemgetter`` call, and the
four ISO penalty rules are evaluated with a few dozen big-integer bit operations on the
whole symbol at once (rows and columns laid out with a 4-module light border between
them). A receipt's two codes take about 1.5 ms together.

Layout of the big integers: a symbol of ``n`` modules is written row after row (or column
after column), each line preceded and followed by 4 light modules, so a line takes
``n + 8`` bits; the first line is the most significant. The light border is exactly the
quiet zone the finder-like rule must treat as light, and it stops runs from spilling from
one line into the next.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from operator import itemgetter
from typing import cast

from reportlab.pdfgen.canvas import Canvas

_LEVELS = {"L": 0, "M": 1, "Q": 2, "H": 3}
_FORMAT_BITS = {"L": 1, "M": 0, "Q": 3, "H": 2}

# ISO/IEC 18004 table 9, per level L, M, Q, H and version 1..40 (index 0 unused).
_ECC_PER_BLOCK = (
    (
        -1,
        7,
        10,
        15,
        20,
        26,
        18,
        20,
        24,
        30,
        18,
        20,
        24,
        26,
        30,
        22,
        24,
        28,
        30,
        28,
        28,
        28,
        28,
        30,
        30,
        26,
        28,
        30,
        30,
        30,
        30,
        30,
        30,
        30,
        30,
        30,
        30,
        30,
        30,
        30,
        30,
    ),
    (
        -1,
        10,
        16,
        26,
        18,
        24,
        16,
        18,
        22,
        22,
        26,
        30,
        22,
        22,
        24,
        24,
        28,
        28,
        26,
        26,
        26,
        26,
        28,
        28,
        28,
        28,
        28,
        28,
        28,
        28,
        28,
        28,
        28,
        28,
        28,
        28,
        28,
        28,
        28,
        28,
        28,
    ),
    (
        -1,
        13,
        22,
        18,
        26,
        18,
        24,
        18,
        22,
        20,
        24,
        28,
        26,
        24,
        20,
        30,
        24,
        28,
        28,
        26,
        30,
        28,
        30,
        30,
        30,
        30,
        28,
        30,
        30,
        30,
        30,
        30,
        30,
        30,
        30,
        30,
        30,
        30,
        30,
        30,
        30,
    ),
    (
        -1,
        17,
        28,
        22,
        16,
        22,
        28,
        26,
        26,
        24,
        28,
        24,
        28,
        22,
        24,
        24,
        30,
        28,
        28,
        26,
        28,
        30,
        24,
        30,
        30,
        30,
        30,
        30,
        30,
        30,
        30,
        30,
        30,
        30,
        30,
        30,
        30,
        30,
        30,
        30,
        30,
    ),
)
_NUM_BLOCKS = (
    (
        -1,
        1,
        1,
        1,
        1,
        1,
        2,
        2,
        2,
        2,
        4,
        4,
        4,
        4,
        4,
        6,
        6,
        6,
        6,
        7,
        8,
        8,
        9,
        9,
        10,
        12,
        12,
        12,
        13,
        14,
        15,
        16,
        17,
        18,
        19,
        19,
        20,
        21,
        22,
        24,
        25,
    ),
    (
        -1,
        1,
        1,
        1,
        2,
        2,
        4,
        4,
        4,
        5,
        5,
        5,
        8,
        9,
        9,
        10,
        10,
        11,
        13,
        14,
        16,
        17,
        17,
        18,
        20,
        21,
        23,
        25,
        26,
        28,
        29,
        31,
        33,
        35,
        37,
        38,
        40,
        43,
        45,
        47,
        49,
    ),
    (
        -1,
        1,
        1,
        2,
        2,
        4,
        4,
        6,
        6,
        8,
        8,
        8,
        10,
        12,
        16,
        12,
        17,
        16,
        18,
        21,
        20,
        23,
        23,
        25,
        27,
        29,
        34,
        34,
        35,
        38,
        40,
        43,
        45,
        48,
        51,
        53,
        56,
        59,
        62,
        65,
        68,
    ),
    (
        -1,
        1,
        1,
        2,
        4,
        4,
        4,
        5,
        6,
        8,
        8,
        11,
        11,
        16,
        16,
        18,
        16,
        19,
        21,
        25,
        25,
        25,
        34,
        30,
        32,
        35,
        37,
        40,
        42,
        45,
        48,
        51,
        54,
        57,
        60,
        63,
        66,
        70,
        74,
        77,
        81,
    ),
)

_PAD = 4  # light modules written on each side of every line of the scoring layout


class QrTooLong(ValueError):
    """The data does not fit in a version-40 symbol at the requested level."""


@dataclass(frozen=True, slots=True)
class QrMatrix:
    """A finished symbol: ``rows[y][x] == "1"`` is a dark module (no quiet zone)."""

    version: int
    level: str
    mask: int
    rows: tuple[str, ...]

    @property
    def size(self) -> int:
        return len(self.rows)


# --- Galois field and Reed-Solomon ----------------------------------------------------------

_EXP = [0] * 512
_LOG = [0] * 256
_x = 1
for _i in range(255):
    _EXP[_i] = _x
    _LOG[_x] = _i
    _x <<= 1
    if _x & 0x100:
        _x ^= 0x11D
for _i in range(255, 512):
    _EXP[_i] = _EXP[_i - 255]
del _x, _i


def _gf_mul(a: int, b: int) -> int:
    if a == 0 or b == 0:
        return 0
    return _EXP[_LOG[a] + _LOG[b]]


@cache
def _rs_rows(degree: int) -> tuple[int, ...]:
    """For each factor f, the generator's coefficients times f packed into one integer."""
    gen = [1]  # coefficients, highest power first (monic)
    for i in range(degree):
        nxt = gen + [0]
        for j, coef in enumerate(gen):
            nxt[j + 1] ^= _gf_mul(coef, _EXP[i])
        gen = nxt
    tail = gen[1:]
    return tuple(int.from_bytes(bytes(_gf_mul(c, f) for c in tail), "big") for f in range(256))


def _rs_remainder(data: bytes, degree: int) -> bytes:
    rows = _rs_rows(degree)
    shift = 8 * (degree - 1)
    keep = (1 << shift) - 1
    rem = 0
    for byte in data:
        rem = ((rem & keep) << 8) ^ rows[byte ^ (rem >> shift)]
    return rem.to_bytes(degree, "big")


# --- Version geometry -------------------------------------------------------------------------


def _raw_data_modules(version: int) -> int:
    result = (16 * version + 128) * version + 64
    if version >= 2:
        align = version // 7 + 2
        result -= (25 * align - 10) * align - 55
        if version >= 7:
            result -= 36
    return result


def _data_codewords(version: int, level: int) -> int:
    return (
        _raw_data_modules(version) // 8
        - _ECC_PER_BLOCK[level][version] * _NUM_BLOCKS[level][version]
    )


def _alignment_positions(version: int) -> list[int]:
    if version == 1:
        return []
    size = version * 4 + 17
    count = version // 7 + 2
    step = (version * 8 + count * 3 + 5) // (count * 4 - 4) * 2
    return [6] + sorted(size - 7 - i * step for i in range(count - 1))


def _format_cells(size: int) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """(x, y) of the two copies of format bit i, i = 0..14."""
    first = [(8, i) for i in range(6)] + [(8, 7), (8, 8), (7, 8)]
    first += [(14 - i, 8) for i in range(9, 15)]
    second = [(size - 1 - i, 8) for i in range(8)] + [(8, size - 15 + i) for i in range(8, 15)]
    return list(zip(first, second, strict=True))


@dataclass(frozen=True, slots=True)
class _Geometry:
    size: int
    base: int  # dark function modules except the format bits (scoring layout, rows)
    base_t: int  # the same, columns
    place: Callable[[str], tuple[str, ...]]  # picks the data bits into the scoring layout, rows
    place_t: Callable[[str], tuple[str, ...]]  # the same, columns
    capacity_bits: int
    mask_rows: tuple[int, ...]  # per mask: its dark cells inside the data region, rows
    mask_cols: tuple[int, ...]
    cells: int  # every symbol cell
    pairs: int  # cells whose right neighbour is a cell too
    blocks: int  # top-left corners of 2x2 squares of cells
    windows: int  # starts of 11-bit windows that stay within one padded line


def _pack(grid: list[list[bool]] | tuple[tuple[bool, ...], ...], transpose: bool) -> int:
    n = len(grid)
    pad = "0" * _PAD
    lines = []
    for a in range(n):
        cells = (grid[b][a] for b in range(n)) if transpose else iter(grid[a])
        lines.append(pad + "".join("1" if c else "0" for c in cells) + pad)
    return int("".join(lines), 2)


_MASKS: tuple[Callable[[int, int], bool], ...] = (
    lambda x, y: (x + y) % 2 == 0,
    lambda x, y: y % 2 == 0,
    lambda x, y: x % 3 == 0,
    lambda x, y: (x + y) % 3 == 0,
    lambda x, y: (x // 3 + y // 2) % 2 == 0,
    lambda x, y: x * y % 2 + x * y % 3 == 0,
    lambda x, y: (x * y % 2 + x * y % 3) % 2 == 0,
    lambda x, y: ((x + y) % 2 + x * y % 3) % 2 == 0,
)


@cache
def _geometry(version: int) -> _Geometry:
    n = version * 4 + 17
    dark = [[False] * n for _ in range(n)]
    func = [[False] * n for _ in range(n)]

    def put(x: int, y: int, is_dark: bool) -> None:
        dark[y][x] = is_dark
        func[y][x] = True

    for i in range(n):
        put(6, i, i % 2 == 0)
        put(i, 6, i % 2 == 0)
    for cx, cy in ((3, 3), (n - 4, 3), (3, n - 4)):
        for dy in range(-4, 5):
            for dx in range(-4, 5):
                x, y = cx + dx, cy + dy
                if 0 <= x < n and 0 <= y < n:
                    put(x, y, max(abs(dx), abs(dy)) not in (2, 4))
    positions = _alignment_positions(version)
    last = len(positions) - 1
    for i, ax in enumerate(positions):
        for j, ay in enumerate(positions):
            if (i, j) in ((0, 0), (0, last), (last, 0)):
                continue
            for dy in range(-2, 3):
                for dx in range(-2, 3):
                    put(ax + dx, ay + dy, max(abs(dx), abs(dy)) != 1)
    for first, second in _format_cells(n):
        put(*first, False)
        put(*second, False)
    put(8, n - 8, True)  # the dark module
    if version >= 7:
        rem = version
        for _ in range(12):
            rem = (rem << 1) ^ ((rem >> 11) * 0x1F25)
        bits = version << 12 | rem
        for i in range(18):
            bit = (bits >> i) & 1 == 1
            a, b = n - 11 + i % 3, i // 3
            put(a, b, bit)
            put(b, a, bit)

    # Zigzag order of the data modules: which data bit lands in cell (x, y).
    order: dict[tuple[int, int], int] = {}
    right = n - 1
    while right >= 1:
        if right == 6:
            right = 5
        for vert in range(n):
            for j in range(2):
                x = right - j
                upward = ((right + 1) & 2) == 0
                y = n - 1 - vert if upward else vert
                if not func[y][x]:
                    order[(x, y)] = len(order)
        right -= 2
    capacity = len(order)
    zero = capacity  # index of a light bit appended after the data

    def picks(transpose: bool) -> Callable[[str], tuple[str, ...]]:
        idx: list[int] = []
        for a in range(n):
            idx.extend([zero] * _PAD)
            for b in range(n):
                x, y = (a, b) if transpose else (b, a)
                idx.append(order.get((x, y), zero))
            idx.extend([zero] * _PAD)
        return cast(Callable[[str], tuple[str, ...]], itemgetter(*idx))

    mask_grids = [
        [[(not func[y][x]) and fn(x, y) for x in range(n)] for y in range(n)] for fn in _MASKS
    ]
    line = n + 2 * _PAD
    cells = _pack([[True] * n for _ in range(n)], False)
    pairs = cells & (cells >> 1)
    blocks = pairs & (pairs >> line)
    # A window of 11 bits is marked at its least significant bit, which is 10 places after
    # its first one in reading order: positions 10..line-1 of every line.
    windows = int(("0" * 10 + "1" * (line - 10)) * n, 2)
    return _Geometry(
        size=n,
        base=_pack(dark, False),
        base_t=_pack(dark, True),
        place=picks(False),
        place_t=picks(True),
        capacity_bits=capacity,
        mask_rows=tuple(_pack(g, False) for g in mask_grids),
        mask_cols=tuple(_pack(g, True) for g in mask_grids),
        cells=cells,
        pairs=pairs,
        blocks=blocks,
        windows=windows,
    )


@cache
def _format_overlay(version: int, level: str, mask: int) -> tuple[int, int]:
    """The dark format-information cells for (level, mask), rows and columns layouts."""
    n = version * 4 + 17
    data = _FORMAT_BITS[level] << 3 | mask
    rem = data
    for _ in range(10):
        rem = (rem << 1) ^ ((rem >> 9) * 0x537)
    bits = (data << 10 | rem) ^ 0x5412
    grid = [[False] * n for _ in range(n)]
    for i, (first, second) in enumerate(_format_cells(n)):
        if (bits >> i) & 1:
            for x, y in (first, second):
                grid[y][x] = True
    return _pack(grid, False), _pack(grid, True)


# --- Penalty (ISO/IEC 18004 7.8.3) -------------------------------------------------------------


def _line_penalty(x: int, geo: _Geometry) -> tuple[int, int]:
    """Rules 1 (runs), 2 (2x2 blocks) and 3 (finder-like) over every line of a layout."""
    line = geo.size + 2 * _PAD
    same = ~(x ^ (x >> 1)) & geo.pairs
    four = same & (same >> 1) & (same >> 2) & (same >> 3)
    runs = four.bit_count() + 2 * (four & ~(four << 1)).bit_count()
    below = x >> line
    squares = (same & (same >> line) & ~(x ^ below) & geo.blocks).bit_count() * 3
    inv = ~x
    shifted = [(x >> k, inv >> k) for k in range(11)]
    finders = 0
    for pattern in ("10111010000", "00001011101"):
        hit = geo.windows
        for k, ch in enumerate(reversed(pattern)):
            hit &= shifted[k][0] if ch == "1" else shifted[k][1]
        finders += hit.bit_count()
    return runs + finders * 40, squares


def _penalty(rows: int, cols: int, geo: _Geometry) -> int:
    run_r, squares = _line_penalty(rows, geo)
    run_c, _ = _line_penalty(cols, geo)
    total = geo.size * geo.size
    dark = rows.bit_count()
    k = (abs(dark * 20 - total * 10) + total - 1) // total - 1
    return run_r + run_c + squares + k * 10


# --- Encoding ----------------------------------------------------------------------------------


def _codewords(data: bytes, version: int, level: int) -> bytes:
    count_bits = 8 if version < 10 else 16
    capacity = _data_codewords(version, level)
    payload = f"{int.from_bytes(data, 'big'):0{8 * len(data)}b}" if data else ""
    bits = f"0100{len(data):0{count_bits}b}" + payload
    bits += "0" * min(4, capacity * 8 - len(bits))
    bits += "0" * (-len(bits) % 8)
    body = int(bits, 2).to_bytes(len(bits) // 8, "big")
    pad = bytes((0xEC, 0x11)) * capacity
    body += pad[: capacity - len(body)]

    num_blocks = _NUM_BLOCKS[level][version]
    ecc_len = _ECC_PER_BLOCK[level][version]
    raw = _raw_data_modules(version) // 8
    short_len = raw // num_blocks
    num_short = num_blocks - raw % num_blocks
    blocks: list[bytes] = []
    eccs: list[bytes] = []
    k = 0
    for i in range(num_blocks):
        dlen = short_len - ecc_len + (0 if i < num_short else 1)
        chunk = body[k : k + dlen]
        k += dlen
        blocks.append(chunk)
        eccs.append(_rs_remainder(chunk, ecc_len))
    out = bytearray()
    for i in range(short_len - ecc_len + 1):
        for chunk in blocks:
            if i < len(chunk):
                out.append(chunk[i])
    for i in range(ecc_len):
        for ecc in eccs:
            out.append(ecc[i])
    return bytes(out)


def _choose_version(length: int, level: int) -> int:
    for version in range(1, 41):
        count_bits = 8 if version < 10 else 16
        if 4 + count_bits + 8 * length <= _data_codewords(version, level) * 8:
            return version
    raise QrTooLong(f"{length} bytes do not fit in a QR Code")


def encode(data: str | bytes, level: str = "M", *, mask: int | None = None) -> QrMatrix:
    """Encode ``data`` (UTF-8 for text) in byte mode at the smallest version that fits.

    Args:
        data: the content.
        level: error correction level, one of L, M, Q, H.
        mask: force a mask pattern (0-7); by default the one with the lowest ISO penalty.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    lvl = _LEVELS[level]
    version = _choose_version(len(raw), lvl)
    geo = _geometry(version)
    words = _codewords(raw, version, lvl)
    bits = f"{int.from_bytes(words, 'big'):0{len(words) * 8}b}"
    bits += "0" * (geo.capacity_bits - len(bits) + 1)  # remainder bits + the light bit
    data_rows = int("".join(geo.place(bits)), 2)
    data_cols = int("".join(geo.place_t(bits)), 2)

    best: tuple[int, int, int] | None = None
    for m in range(8) if mask is None else (mask,):
        fmt_r, fmt_c = _format_overlay(version, level, m)
        rows = geo.base | fmt_r | (data_rows ^ geo.mask_rows[m])
        if mask is None:
            cols = geo.base_t | fmt_c | (data_cols ^ geo.mask_cols[m])
            score = _penalty(rows, cols, geo)
            if best is not None and score >= best[0]:
                continue
            best = (score, m, rows)
        else:
            best = (0, m, rows)
    assert best is not None
    _, chosen, rows = best
    n = geo.size
    line = n + 2 * _PAD
    text = f"{rows:0{line * n}b}"
    return QrMatrix(
        version=version,
        level=level,
        mask=chosen,
        rows=tuple(text[y * line + _PAD : y * line + _PAD + n] for y in range(n)),
    )


# --- Drawing -----------------------------------------------------------------------------------

_RUN = re.compile("1+")


def _fmt(v: float) -> str:
    return f"{v:.3f}".rstrip("0").rstrip(".")


def draw_qr(canvas: Canvas, matrix: QrMatrix, x: float, y: float, size: float) -> None:
    """Draw the symbol with its bottom-left corner at (x, y), ``size`` points wide.

    The caller leaves the quiet zone around it. Runs of dark modules in a row become one
    rectangle, all in one filled path, drawn in module units under a single transform.
    """
    n = matrix.size
    unit = size / n
    ops = [f"q 0 g {_fmt(unit)} 0 0 {_fmt(unit)} {_fmt(x)} {_fmt(y)} cm"]
    for row_index, row in enumerate(matrix.rows):
        yy = n - 1 - row_index
        for run in _RUN.finditer(row):
            start = run.start()
            ops.append(f"{start} {yy} {run.end() - start} 1 re")
    ops.append("f Q")
    canvas.addLiteral("\n".join(ops))
