"""Render resources/icons/motcua.svg into the icons the installers need.

    python installer/make_icons.py [OUT-DIR]      (default: installer/icons)

Writes ``motcua.ico`` (16-256 px, PNG-compressed entries, for the Windows executable and
Inno Setup) and ``motcua-desk.png`` (256 px, for the Linux .desktop entry). Qt renders the
SVG offscreen; the ICO container is packed here because Qt writes one size per .ico."""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = (16, 24, 32, 48, 64, 128, 256)


def render_png(svg: Path, size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    QSvgRenderer(str(svg)).render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def pack_ico(pngs: dict[int, bytes]) -> bytes:
    """An ICO file whose entries are PNG images (Windows Vista and later)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = 6 + 16 * len(pngs)
    entries, blobs = b"", b""
    for size, png in sorted(pngs.items()):
        dim = 0 if size >= 256 else size  # 0 means 256
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    return header + entries + blobs


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication([])
    out = Path(argv[0]) if argv else ROOT / "installer" / "icons"
    out.mkdir(parents=True, exist_ok=True)
    svg = ROOT / "resources" / "icons" / "motcua.svg"
    pngs = {size: render_png(svg, size) for size in SIZES}
    (out / "motcua.ico").write_bytes(pack_ico(pngs))
    (out / "motcua-desk.png").write_bytes(pngs[256])
    print(f"{out / 'motcua.ico'}\n{out / 'motcua-desk.png'}")
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
