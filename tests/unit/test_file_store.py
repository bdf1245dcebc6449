"""The content-addressed store and the PDF/A writer, on real files."""

from __future__ import annotations

import hashlib
import io
import random

import pikepdf
from PIL import Image, ImageDraw, ImageFont

from app.files.pdfa import Page, pages_to_pdfa, pdfa_identification
from app.files.store import FileStore


def test_put_is_content_addressed_and_idempotent(tmp_path):
    store = FileStore(tmp_path / "files")
    data = b"%PDF-1.7 hello"
    sha = store.put_bytes(data)
    assert sha == hashlib.sha256(data).hexdigest()
    assert store.path(sha).read_bytes() == data
    assert store.put_bytes(data) == sha
    assert list(store.hashes()) == [sha]
    assert not list((tmp_path / "files" / ".tmp").iterdir())  # no temporary left


def test_verify_reports_missing_and_damaged(tmp_path):
    store = FileStore(tmp_path / "files")
    good = store.put_bytes(b"good")
    bad = store.put_bytes(b"will be damaged")
    store.path(bad).write_bytes(b"bit rot")
    gone = hashlib.sha256(b"never stored").hexdigest()
    problems = {(p.sha256, p.kind) for p in store.verify([good, bad, gone])}
    assert problems == {(bad, "damaged"), (gone, "missing")}


def test_damaged_file_is_rewritten_by_a_new_put(tmp_path):
    store = FileStore(tmp_path / "files")
    sha = store.put_bytes(b"original")
    store.path(sha).write_bytes(b"xx")
    src = tmp_path / "src.bin"
    src.write_bytes(b"original")
    assert store.put_file(src) == sha
    assert store.verify([sha]) == []


def test_copy_into_adds_only_what_is_missing(tmp_path):
    a = FileStore(tmp_path / "a")
    b = FileStore(tmp_path / "b")
    one, two = a.put_bytes(b"one"), a.put_bytes(b"two")
    assert a.copy_into(b, [one]) == 1
    assert a.copy_into(b, [one, two]) == 1
    assert b.verify([one, two]) == []
    a.path(two).write_bytes(b"rot")
    c = FileStore(tmp_path / "c")
    assert a.copy_into(c, [one, two]) == 1  # a damaged file is never carried on
    assert not c.has(two)


def text_page(lines: int = 47, seed: int = 1) -> Image.Image:
    """A dense A4 text page at 200 dpi, as a grey scanner gives it (blur, paper noise)."""
    r = random.Random(seed)
    im = Image.new("L", (1654, 2339), 250)
    d = ImageDraw.Draw(im)
    font = ImageFont.load_default(size=30)
    words = (
        "Cộng hòa xã hội chủ nghĩa Việt Nam Độc lập Tự do Hạnh phúc đơn đề nghị cấp giấy chứng nhận"
    ).split()
    for y in range(150, 150 + 46 * lines, 46):
        d.text((150, y), " ".join(r.choice(words) for _ in range(12)), fill=20, font=font)
    noise = Image.effect_noise(im.size, 6)
    return Image.blend(im, noise, 0.08)


def test_grey_a4_page_is_pdfa2b_under_150_kb():
    data = pages_to_pdfa([Page(text_page())])
    assert len(data) < 150_000
    assert pdfa_identification(data) == ("2", "B")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == 1
        intent = pdf.Root.OutputIntents[0]
        assert intent.S == pikepdf.Name.GTS_PDFA1
        assert len(intent.DestOutputProfile.read_bytes()) > 100
        assert not pdf.is_encrypted
        meta = pdf.open_metadata()
        assert meta["pdf:Producer"] == str(pdf.docinfo["/Producer"])
        image = next(iter(pdf.pages[0].get_images().values()))
        assert image.Width == 1654 and image.Height == 2339
        assert image.ColorSpace[0] == pikepdf.Name.Indexed  # grey palette, not RGB


def test_colour_when_asked_and_rotation_and_order():
    red = Image.new("RGB", (400, 200), (200, 30, 30))
    blue = Image.new("RGB", (300, 300), (20, 30, 200))
    data = pages_to_pdfa([Page(red).rotated(1), Page(blue)], colour=True)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == 2
        first = next(iter(pdf.pages[0].get_images().values()))
        assert (int(first.Width), int(first.Height)) == (200, 400)  # turned a quarter
        assert first.ColorSpace == pikepdf.Name.DeviceRGB
        second = pikepdf.PdfImage(next(iter(pdf.pages[1].get_images().values()))).as_pil_image()
        r, g, b = second.convert("RGB").getpixel((150, 150))
        assert b > 150 and r < 80
    assert pdfa_identification(data) == ("2", "B")
