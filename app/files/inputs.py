"""The checks an imported file passes before anything of it is kept: what it really is
(by its first bytes, never its name), its size, and for a PDF its encryption, scripts and
page count, for an image its pixel count (a decompression bomb) and whether it decodes.
Every refusal is a DeskError with a Vietnamese message; nothing is written."""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from pathlib import Path

from app.domain.errors import DeskError

MAX_BYTES = int(os.environ.get("MOTCUA_FILE_MAX_MB", "100")) * 1024 * 1024
MAX_PAGES = 2000
#: A3 at 600 dpi is 70 million pixels: more than this is not a page.
MAX_PIXELS = 80_000_000

KIND_LABELS = {"pdf": "PDF", "jpeg": "ảnh JPEG", "png": "ảnh PNG", "tiff": "ảnh TIFF"}
EXTENSIONS = {
    ".pdf": "pdf",
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".jpe": "jpeg",
    ".png": "png",
    ".tif": "tiff",
    ".tiff": "tiff",
}
MIME = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png", "tiff": "image/tiff"}
_JS_KEYS = ("/JS", "/JavaScript")


@dataclass(frozen=True)
class CheckedInput:
    path: Path
    kind: str  # pdf | jpeg | png | tiff
    size: int
    pages: int


def sniff(head: bytes) -> str | None:
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    return None


def check_input(
    path: Path,
    *,
    max_bytes: int = MAX_BYTES,
    max_pages: int = MAX_PAGES,
    max_pixels: int = MAX_PIXELS,
) -> CheckedInput:
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise DeskError("files.missing", path=str(path))
    except FileNotFoundError:
        raise DeskError("files.missing", path=str(path)) from None
    if size == 0:
        raise DeskError("files.empty", name=name)
    if size > max_bytes:
        raise DeskError(
            "files.too_large",
            name=name,
            size_mb=f"{size / 1048576:.0f}",
            limit_mb=f"{max_bytes / 1048576:.0f}",
        )
    with open(path, "rb") as fh:
        head = fh.read(16)
    kind = sniff(head)
    if kind is None:
        raise DeskError("files.unsupported", name=name)
    named = EXTENSIONS.get(path.suffix.lower())
    if named is not None and named != kind:
        raise DeskError("files.misnamed", name=name, ext=path.suffix, kind=KIND_LABELS[kind])
    if named is None and path.suffix:
        raise DeskError("files.unsupported", name=name)
    if kind == "pdf":
        pages = _check_pdf(path, max_pages=max_pages)
    else:
        pages = _check_image(path, max_pixels=max_pixels)
    return CheckedInput(path, kind, size, pages)


def _check_pdf(path: Path, *, max_pages: int) -> int:
    import pikepdf

    name = path.name
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError:
        raise DeskError("files.encrypted", name=name) from None
    except (pikepdf.PdfError, OSError, ValueError) as exc:
        raise DeskError("files.corrupt", name=name, detail=str(exc)[:120]) from None
    with pdf:
        if pdf.is_encrypted:
            raise DeskError("files.encrypted", name=name)
        try:
            pages = len(pdf.pages)
        except pikepdf.PdfError as exc:
            raise DeskError("files.corrupt", name=name, detail=str(exc)[:120]) from None
        if pages == 0:
            raise DeskError("files.corrupt", name=name, detail="0 trang / no pages")
        if pages > max_pages:
            raise DeskError("files.too_many_pages", name=name, pages=pages, limit=max_pages)
        if _has_javascript(pdf):
            raise DeskError("files.javascript", name=name)
    return pages


def _has_javascript(pdf: object) -> bool:
    import pikepdf

    assert isinstance(pdf, pikepdf.Pdf)
    names = pdf.Root.get("/Names")
    if isinstance(names, pikepdf.Dictionary) and "/JavaScript" in names:
        return True
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            if any(key in obj for key in _JS_KEYS):
                return True
            if obj.get("/S") == pikepdf.Name.JavaScript:
                return True
    return False


def _check_image(path: Path, *, max_pixels: int) -> int:
    from PIL import Image, UnidentifiedImageError

    name = path.name
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                frames = getattr(im, "n_frames", 1)
                for i in range(frames):
                    im.seek(i)
                    pixels = im.width * im.height
                    if pixels > max_pixels:
                        raise DeskError(
                            "files.bomb",
                            name=name,
                            pixels=f"{pixels / 1e6:.0f}",
                            limit=f"{max_pixels / 1e6:.0f}",
                        )
                    im.load()
    except DeskError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise DeskError(
            "files.bomb", name=name, pixels="?", limit=f"{max_pixels / 1e6:.0f}"
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise DeskError("files.corrupt", name=name, detail=str(exc)[:120]) from None
    return frames


def load_pages(checked: CheckedInput) -> list[object]:
    """The page images of a checked image file (each frame of a TIFF), decoded."""
    from PIL import Image

    pages: list[object] = []
    with Image.open(checked.path) as im:
        for i in range(getattr(im, "n_frames", 1)):
            im.seek(i)
            pages.append(im.copy())
    return pages
