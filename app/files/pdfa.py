"""Pages to one archive PDF (PDF/A-2b) with kept libraries: Pillow encodes each page as a
JPEG (grey by default, colour when asked), img2pdf wraps the JPEGs without re-encoding and
pikepdf adds what PDF/A-2b asks of such a file: the XMP identification (pdfaid part 2,
conformance B) kept in step with the document information, and an sRGB output intent."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import img2pdf
import pikepdf
from PIL import Image, ImageCms

DPI = 200
COLOUR_QUALITY = 65
#: A page larger than A3 at 300 dpi is brought down to that (a camera photo of a page).
MAX_SIDE = 4961


@dataclass(frozen=True)
class Page:
    """One page image before saving: a rotation in quarter turns, applied when saved."""

    image: Image.Image
    rotate: int = 0  # clockwise quarter turns

    def rotated(self, quarter_turns: int) -> Page:
        return Page(self.image, (self.rotate + quarter_turns) % 4)


WHITE_FROM = 200
GREY_LEVELS = 8
_GREY_LUT = [
    GREY_LEVELS - 1 if v >= WHITE_FROM else round(v * (GREY_LEVELS - 1) / 255) for v in range(256)
]
_GREY_PALETTE = [round(i * 255 / (GREY_LEVELS - 1)) for i in range(GREY_LEVELS) for _ in range(3)]
_SRGB: bytes | None = None


def srgb_profile() -> bytes:
    global _SRGB
    if _SRGB is None:
        _SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return _SRGB


def _encode(page: Page, *, colour: bool, dpi: int) -> bytes:
    im = page.image
    if page.rotate:
        im = im.rotate(-90 * page.rotate, expand=True)
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        background = Image.new("RGB", im.size, "white")
        background.paste(im.convert("RGBA"), mask=im.convert("RGBA").getchannel("A"))
        im = background
    if max(im.size) > MAX_SIDE:
        im = im.copy()
        im.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    if colour:
        im.convert("RGB").save(out, "JPEG", quality=COLOUR_QUALITY, optimize=True, dpi=(dpi, dpi))
    else:
        # Paper is white: the scanner's near-white noise is lifted to white, and the page
        # kept in GREY_LEVELS shades, losslessly compressed (Flate): a dense A4 text page at
        # 200 dpi stays near 120 KB where an 8-bit JPEG of it takes twice that.
        grey = im.convert("L").point(_GREY_LUT)
        indexed = grey.convert("P")
        indexed.putpalette(_GREY_PALETTE)
        indexed.save(out, "PNG", bits=4, compress_level=9, dpi=(dpi, dpi))
    return out.getvalue()


def pages_to_pdfa(
    pages: Sequence[Page],
    *,
    colour: bool = False,
    dpi: int = DPI,
    title: str = "",
    now: datetime | None = None,
) -> bytes:
    """One PDF/A-2b of ``pages`` in order."""
    if not pages:
        raise ValueError("no pages")
    jpegs = [_encode(p, colour=colour, dpi=dpi) for p in pages]
    raw = img2pdf.convert(jpegs, rotation=img2pdf.Rotation.ifvalid)
    return make_pdfa(raw, title=title, now=now)


def make_pdfa(
    raw: bytes,
    *,
    title: str = "",
    now: datetime | None = None,
    dated: bool = True,
    producer: str = "MotCua Desk (img2pdf, pikepdf)",
) -> bytes:
    """Add the PDF/A-2b identification and output intent to a PDF whose pages already meet
    PDF/A (images only, or rewritten by Ghostscript). Any earlier metadata is replaced, so
    the same input and moment give the same bytes; ``dated=False`` writes no dates."""
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        if "/Metadata" in pdf.Root:
            del pdf.Root.Metadata  # a converter's own XMP (random ids): ours replaces it
        if "/ID" in pdf.trailer:
            del pdf.trailer.ID  # kept by qpdf otherwise: a fresh one made from the content
        pdf.docinfo = pdf.make_indirect(
            pikepdf.Dictionary()
        )  # img2pdf's dates: rewritten in step with the XMP
        pdf.docinfo["/Producer"] = producer
        pdf.docinfo["/Title"] = title or "Hồ sơ số hóa"
        stamp = moment.strftime("D:%Y%m%d%H%M%S+00'00'")
        if dated:
            pdf.docinfo["/CreationDate"] = stamp
            pdf.docinfo["/ModDate"] = stamp
        icc = pdf.make_stream(srgb_profile())
        icc["/N"] = 3
        intent = pikepdf.Dictionary(
            Type=pikepdf.Name.OutputIntent,
            S=pikepdf.Name.GTS_PDFA1,
            OutputConditionIdentifier=pikepdf.String("sRGB IEC61966-2.1"),
            Info=pikepdf.String("sRGB IEC61966-2.1"),
            DestOutputProfile=icc,
        )
        pdf.Root.OutputIntents = pdf.make_indirect(pikepdf.Array([intent]))
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta.load_from_docinfo(pdf.docinfo)
            meta["pdfaid:part"] = "2"
            meta["pdfaid:conformance"] = "B"
            meta["xmp:CreatorTool"] = "MotCua Desk"
            if dated:
                meta["xmp:CreateDate"] = moment.isoformat()
                meta["xmp:ModifyDate"] = moment.isoformat()
                meta["xmp:MetadataDate"] = moment.isoformat()
        out = io.BytesIO()
        pdf.save(
            out,
            fix_metadata_version=True,
            deterministic_id=True,
            min_version="1.7",
            force_version="1.7",
        )
    return out.getvalue()


def pdfa_identification(data: bytes) -> tuple[str, str] | None:
    """(part, conformance) of a PDF's XMP identification; None when it has none."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        meta = pdf.open_metadata()
        part = meta.get("pdfaid:part")
        conf = meta.get("pdfaid:conformance")
        if not part:
            return None
        return str(part), str(conf or "")


def page_count(data: bytes) -> int:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)
