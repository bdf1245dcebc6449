"""The embedded fonts: Noto Sans (SIL OFL 1.1), which covers every Vietnamese letter.

Speed: for every document reportlab rebuilds, compresses and formats each TrueType subset
and encodes text character by character, about two thirds of a receipt's time. Here each
document's subsets are first seeded with the same alphabet (ASCII and every Vietnamese
letter), so the subsets are identical from one document to the next: ``EmbeddedFont``
builds their PDF objects (font program, widths, ToUnicode map, descriptor) once and reuses
the bytes, and encodes alphabet-only text with one ``str.translate``. A character outside
the alphabet still prints: it goes through reportlab's own path and a subset built anew.
Word widths are cached too: measuring TrueType text is a pure-Python loop.

The subclass follows ``TTFont.addObjects`` of reportlab 4-5 (the same PDF objects); the
tests read the fonts back with pypdf and poppler.
"""

from __future__ import annotations

import copy
import threading
import unicodedata
import zlib
from dataclasses import dataclass
from typing import Any

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import (
    FF_NONSYMBOLIC,
    FF_SYMBOLIC,
    SUBSETN,
    TTFont,
    makeToUnicodeCMap,
)
from reportlab.pdfgen.canvas import Canvas

from app.docs.resources import resources_dir

REGULAR = "NotoSans"
BOLD = "NotoSans-Bold"
ITALIC = "NotoSans-Italic"

_FILES = {
    REGULAR: "NotoSans-Regular.ttf",
    BOLD: "NotoSans-Bold.ttf",
    ITALIC: "NotoSans-Italic.ttf",
}

_VOWELS = "aăâeêioôơuưy"
_TONES = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng
#: Every character a form normally prints, in a fixed order (see the module docstring).
ALPHABET = "".join(chr(c) for c in range(32, 127)) + "".join(
    dict.fromkeys(
        "đĐăâêôơưĂÂÊÔƠƯ"
        + "".join(unicodedata.normalize("NFC", v + t) for v in _VOWELS for t in _TONES)
        + "".join(unicodedata.normalize("NFC", v.upper() + t) for v in _VOWELS for t in _TONES)
        + "–—‘’“”…•·×°"
    )
)

_WIDTH_CACHE_LIMIT = 50_000


class _Preformatted(pdfdoc.PDFObject):  # type: ignore[misc]  # reportlab has no type hints
    """A PDF object whose bytes are cached, but for the references and names only known
    when a document is written (object numbers, the font's resource name)."""

    __RefOnly__ = 1  # written as an indirect object, like reportlab's own font objects

    def __init__(self, *parts: bytes | str | Any) -> None:
        self.parts = parts

    def format(self, document: Any) -> bytes:
        out = []
        for part in self.parts:
            if isinstance(part, bytes):
                out.append(part)
            elif isinstance(part, str):
                out.append(part.encode("ascii"))
            else:  # a PDFObjectReference
                out.append(part.format(document))
        return b"".join(out)


class _Stream(pdfdoc.PDFObject):  # type: ignore[misc]  # reportlab has no type hints
    """A stream whose content is already compressed (FlateDecode)."""

    __RefOnly__ = 1

    def __init__(self, compressed: bytes, length1: int | None = None) -> None:
        extra = f" /Length1 {length1}" if length1 is not None else ""
        self.data = (
            f"<< /Filter /FlateDecode /Length {len(compressed)}{extra} >>\nstream\n".encode()
            + compressed
            + b"endstream\n"
        )

    def format(self, document: Any) -> bytes:
        return self.data


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.3f}"


@dataclass(frozen=True, slots=True)
class _SubsetParts:
    """Everything of one font subset that does not depend on the document."""

    font_head: bytes  # the font dictionary up to /Name
    font_tail: bytes  # from after /Name up to /ToUnicode
    descriptor_head: bytes  # the font descriptor up to /FontFile2
    descriptor_tail: bytes
    cmap: bytes  # the ToUnicode CMap, compressed
    program: bytes  # the TrueType subset, compressed
    program_length: int


def _escape_code(code: int) -> str:
    """One byte of a PDF string literal."""
    if code in (0x28, 0x29, 0x5C):  # ( ) \\
        return "\\" + chr(code)
    if code < 32 or code > 126:
        return f"\\{code:03o}"
    return chr(code)


_ESCAPES = {code: _escape_code(code) for code in range(256)}


class EmbeddedFont(TTFont):  # type: ignore[misc]  # reportlab ships no type hints
    """A TrueType font whose per-document subset objects are built once and reused."""

    def __init__(self, name: str, filename: str) -> None:
        super().__init__(name, filename)
        self._parts: dict[tuple[Any, ...], _SubsetParts] = {}
        # After seeding, the alphabet has the same codes in every document: text made only
        # of it is encoded with one str.translate instead of reportlab's per-character loop.
        self._table: dict[int, str] | None = None
        self._known: frozenset[str] = frozenset()
        self._seeded: Any = None  # reportlab's per-document state right after seeding

    def seed(self, doc: Any) -> None:
        """Assign the alphabet's codes in ``doc`` (first thing on a new canvas).

        The first document runs reportlab's own assignment; later ones get a copy of the
        resulting state, which is the same every time and ten times cheaper to copy.
        """
        template = self._seeded
        if template is not None:
            state = copy.copy(template)
            for name, value in vars(template).items():
                if isinstance(value, dict):
                    setattr(state, name, dict(value))
                elif isinstance(value, list):
                    setattr(state, name, [list(v) if isinstance(v, list) else v for v in value])
            self.state[doc] = state
            return
        self.splitString(ALPHABET, doc)
        state = self.state[doc]
        codes = {ch: state.assignments[ord(ch)] for ch in ALPHABET if ord(ch) in state.assignments}
        if all(n >> 8 == 0 for n in codes.values()) and state.internalName is None:
            self._known = frozenset(codes)
            self._table = {ord(ch): _ESCAPES[n] for ch, n in codes.items()}
            self._seeded = copy.copy(state)
            self._seeded.assignments = dict(state.assignments)
            self._seeded.subsets = [list(v) for v in state.subsets]

    def pdf_strings(self, text: str, doc: Any) -> list[tuple[str, str]]:
        """``text`` as (font resource name, escaped string literal body) pairs."""
        if self._table is not None and self._known.issuperset(text):
            return [(self.getSubsetInternalName(0, doc), text.translate(self._table))]
        return [
            (self.getSubsetInternalName(subset, doc), data.decode("latin-1").translate(_ESCAPES))
            for subset, data in self.splitString(text, doc)
        ]

    def _subset_parts(self, base: str, subset: list[int]) -> _SubsetParts:
        key = (base, *subset)
        parts = self._parts.get(key)
        if parts is None:
            face = self.face
            widths = " ".join(_number(face.getCharWidth(c)) for c in subset)
            program = face.makeSubset(subset)
            flags = (face.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC
            bbox = " ".join(_number(v) for v in face.bbox)
            parts = _SubsetParts(
                font_head=f"<< /BaseFont /{base} /FirstChar 0 /FontDescriptor ".encode(),
                font_tail=f" /LastChar {len(subset) - 1} /Subtype /TrueType /Type /Font "
                f"/Widths [ {widths} ] /ToUnicode ".encode(),
                descriptor_head=(
                    f"<< /Ascent {_number(face.ascent)} /CapHeight {_number(face.capHeight)} "
                    f"/Descent {_number(face.descent)} /Flags {flags} /FontBBox [ {bbox} ] "
                    f"/FontName /{base} /ItalicAngle {_number(face.italicAngle)} "
                    f"/MissingWidth {_number(face.defaultWidth)} /StemV {_number(face.stemV)} "
                    f"/Type /FontDescriptor /FontFile2 "
                ).encode(),
                descriptor_tail=b" >>",
                cmap=zlib.compress(makeToUnicodeCMap(base, subset).encode("ascii")),
                program=zlib.compress(program),
                program_length=len(program),
            )
            if len(self._parts) > 64:  # odd characters make one-off subsets: stay bounded
                self._parts.clear()
            self._parts[key] = parts
        return parts

    def addObjects(self, doc: Any) -> None:
        """The objects of ``TTFont.addObjects`` (font, descriptor, font program, ToUnicode
        map per subset), from cached bytes."""
        try:
            state = self.state[doc]
        except KeyError:
            state = self.state[doc] = TTFont.State(self._asciiReadable)
        state.frozen = 1
        face = self.face
        for n, subset in enumerate(state.subsets):
            internal = self.getSubsetInternalName(n, doc)[1:]
            base = b"".join((SUBSETN(n), b"+", face.name, face.subfontNameX)).decode("pdfdoc")
            parts = self._subset_parts(base, subset)
            cmap = doc.Reference(_Stream(parts.cmap), "toUnicodeCMap:" + base)
            program = doc.Reference(
                _Stream(parts.program, parts.program_length), f"fontFile:{face.filename}({base})"
            )
            descriptor = doc.Reference(
                _Preformatted(parts.descriptor_head, program, parts.descriptor_tail),
                "fontDescriptor:" + base,
            )
            pdf_font = _Preformatted(
                parts.font_head, descriptor, f" /Name /{internal}", parts.font_tail, cmap, " >>"
            )
            doc.Reference(pdf_font, internal)
            doc.idToObject["BasicFonts"].dict[internal] = pdf_font
        del self.state[doc]


class _ProcessFonts:
    """The three faces and the word widths, once per process, on purpose.

    reportlab's font registry (``pdfmetrics``) and ``rl_config`` are process-wide: a face is
    registered under its name once for every document of the process, and the built subset
    bytes an :class:`EmbeddedFont` keeps are what make the next document fast. State owned
    by a context would register the same names again and rebuild those bytes per context,
    with no gain: nothing here depends on a counter's data. So this is the one explicit
    process-wide cache of the docs layer (``_FONTS`` below), filled under its lock."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.faces: dict[str, EmbeddedFont] = {}
        self.widths: dict[tuple[str, str], float] = {}


_FONTS = _ProcessFonts()


def register_fonts() -> None:
    """Register the three faces with reportlab (idempotent, thread-safe)."""
    if len(_FONTS.faces) == len(_FILES):
        return
    with _FONTS.lock:
        if len(_FONTS.faces) == len(_FILES):
            return
        # ASCII85 only makes streams 7-bit safe, which no printer or viewer needs; reportlab
        # does it in pure Python (3 ms a page). Set once, before the first document, so
        # every document of the process is encoded alike (reprints stay byte-identical).
        rl_config.useA85 = 0
        folder = resources_dir() / "fonts"
        for name, file in _FILES.items():
            font = EmbeddedFont(name, str(folder / file))
            pdfmetrics.registerFont(font)
            _FONTS.faces[name] = font
        pdfmetrics.registerFontFamily(
            REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD
        )


def font(name: str) -> EmbeddedFont:
    return _FONTS.faces[name]


def seed_subsets(canvas: Canvas) -> None:
    """Give every font the same character codes in this document (see module docstring)."""
    doc = canvas._doc  # reportlab keys TrueType subset state by the canvas's document
    for embedded in _FONTS.faces.values():
        embedded.seed(doc)


def text_width(text: str, font_name: str, size: float) -> float:
    """Width of ``text`` in points (fonts must be registered)."""
    widths = _FONTS.widths
    key = (text, font_name)
    unit = widths.get(key)
    if unit is None:
        if len(widths) > _WIDTH_CACHE_LIMIT:
            widths.clear()
        unit = pdfmetrics.stringWidth(text, font_name, 1000.0) / 1000.0
        widths[key] = unit
    return unit * size
