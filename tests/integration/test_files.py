"""Digitised documents on a real counter database: attach, refuse bad input, check the
store, carry the files through backup and restore, erase them with the applicant."""

from __future__ import annotations

import io
import sqlite3
import zlib
from pathlib import Path

import pikepdf
import pytest
from PIL import Image
from sqlalchemy import update

from app.domain.dossier import VN_TZ
from app.domain.errors import DeskError
from app.domain.files import FileSource
from app.files.pdfa import pdfa_identification
from app.files.store import FileStore
from app.services.backups import backup_database
from app.services.dossiers import ApplicantInput, receive_dossier
from app.services.erasure import erase_applicant
from app.services.files import (
    attach_existing,
    attach_files,
    documents_of_person,
    dossier_components,
    file_bytes,
    list_files,
)
from app.services.integrity import check_database
from app.services.restore import restore_database
from app.store.models import OutboxEvent

PERSON = ApplicantInput("Nguyễn Thị Hằng", "001190001234")


@pytest.fixture
def dossier(desk):
    return receive_dossier(desk, procedure_code="1.004222", applicant=PERSON)


def _jpeg(path: Path, size=(800, 1100), colour=(240, 240, 240)) -> Path:
    Image.new("RGB", size, colour).save(path, "JPEG")
    return path


def _pdf(path: Path, pages: int = 1, js: bool = False, password: str = "") -> Path:
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=(595, 842))
    if js:
        action = pdf.make_indirect(
            pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
        )
        pdf.Root.OpenAction = action
    enc = pikepdf.Encryption(owner=password, user=password) if password else None
    pdf.save(path, encryption=enc)
    return path


def _text_pdf(path: Path, pages: int = 2) -> Path:
    """A PDF as a citizen brings it: text in a font that is not embedded (reportlab's
    Helvetica), which PDF/A forbids."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    for n in range(pages):
        c.drawString(72, 720, f"Don de nghi, trang {n + 1}")
        c.showPage()
    c.save()
    return path


def _fonts_embedded(data: bytes) -> bool:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        fonts = [
            f
            for page in pdf.pages
            for f in page.Resources.get("/Font", pikepdf.Dictionary()).values()
        ]
        assert fonts
        return all(
            any(
                k in f.get("/FontDescriptor", {}) for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            or "/DescendantFonts" in f
            for f in fonts
        )


def test_attach_images_and_pdf_to_a_component(desk, dossier, tmp_path):
    a, b = _jpeg(tmp_path / "a.jpg"), _jpeg(tmp_path / "b.png")
    Image.open(b).save(b, "PNG")  # really a PNG
    pdf = _pdf(tmp_path / "don.pdf", pages=3)
    files = attach_files(desk, code=dossier.code, component=1, paths=[a, pdf, b])
    assert [f.pages for f in files] == [5]  # the component's pages, in order, as one PDF/A
    store = FileStore.of(desk.data_dir)
    made = store.read(files[0].sha256)
    assert pdfa_identification(made) == ("2", "B")
    with pikepdf.open(io.BytesIO(made)) as back:
        assert len(back.pages) == 5
        boxes = [tuple(float(v) for v in p.MediaBox) for p in back.pages]
        images = ["/XObject" in p.Resources for p in back.pages]
    assert boxes[1:4] == [(0.0, 0.0, 595.0, 842.0)] * 3  # the PDF's pages between the images
    assert images[0] and images[4]
    assert "/OutputIntents" in pikepdf.open(io.BytesIO(made)).Root
    comps = dossier_components(desk, code=dossier.code)
    assert comps[0].digitised and not any(c.digitised for c in comps[1:])
    assert {f.uid for f in list_files(desk, code=dossier.code)} == {f.uid for f in files}
    assert all(f.digitised and not f.reused and f.source is FileSource.IMPORT for f in files)


def test_an_imported_pdf_becomes_pdfa_with_its_pages_and_fonts(desk, dossier, tmp_path):
    src = _text_pdf(tmp_path / "don.pdf", pages=2)
    before = src.read_bytes()
    assert pdfa_identification(before) is None and not _fonts_embedded(before)
    files = attach_files(desk, code=dossier.code, component=1, paths=[src])
    made = FileStore.of(desk.data_dir).read(files[0].sha256)
    assert made != before and src.read_bytes() == before  # the original untouched
    with pikepdf.open(io.BytesIO(made)) as back:
        meta = back.open_metadata()
        assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("2", "B")
        assert len(back.pages) == 2 and "/OutputIntents" in back.Root
    assert _fonts_embedded(made)  # Ghostscript embedded the font PDF/A asks for
    assert files[0].pages == 2 and files[0].name == "don.pdf"
    # the same paper again: the same archive bytes, the same entry, not attached twice
    again = attach_files(desk, code=dossier.code, component=1, paths=[src])
    assert again[0].uid == files[0].uid
    assert len(list_files(desk, code=dossier.code)) == 1


def test_a_pdf_that_cannot_be_converted_is_refused_and_nothing_kept(
    desk, dossier, tmp_path, monkeypatch
):
    import app.files.convert as convert

    src = _text_pdf(tmp_path / "don.pdf")
    monkeypatch.setenv("MOTCUA_GHOSTSCRIPT", str(tmp_path / "no-such-gs"))
    with pytest.raises(DeskError) as info:
        attach_files(desk, code=dossier.code, component=1, paths=[src])
    assert info.value.key == "files.converter_missing"
    assert "Ghostscript" in info.value.message("vi") and "don.pdf" in info.value.message("vi")
    monkeypatch.delenv("MOTCUA_GHOSTSCRIPT")
    # Ghostscript itself stopped (here: out of time) refuses the same way
    monkeypatch.setattr(convert, "MIN_SECONDS", 0.001)
    monkeypatch.setattr(convert, "SECONDS_PER_PAGE", 0.0)
    with pytest.raises(DeskError) as info:
        attach_files(desk, code=dossier.code, component=1, paths=[src])
    assert info.value.key == "files.convert"
    assert "PDF/A" in info.value.message("vi") and "tệp gốc vẫn còn nguyên" in info.value.message()
    assert list_files(desk, code=dossier.code) == []
    assert not list(FileStore.of(desk.data_dir).hashes())
    assert not list((FileStore.of(desk.data_dir).root / ".tmp").glob("*"))


def test_unknown_component_keeps_nothing(desk, dossier, tmp_path):
    with pytest.raises(DeskError) as info:
        attach_files(desk, code=dossier.code, component=99, paths=[_jpeg(tmp_path / "a.jpg")])
    assert info.value.key == "files.component"
    assert not list(FileStore.of(desk.data_dir).hashes())


def _bomb(path: Path) -> Path:
    """A small PNG that claims 40000 x 40000 pixels (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    ihdr = (40000).to_bytes(4, "big") * 2 + bytes([8, 0, 0, 0, 0])
    raw = zlib.compress(b"\x00" * 40001 * 50, 9)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")
    )
    return path


BAD_INPUTS = {
    "corrupt image": (
        "files.corrupt",
        lambda p: (
            (p / "x.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\x00\x10JFIF" + b"garbage" * 50)
            and p / "x.jpg"
        ),
    ),
    "encrypted pdf": ("files.encrypted", lambda p: _pdf(p / "x.pdf", password="secret")),
    "javascript pdf": ("files.javascript", lambda p: _pdf(p / "x.pdf", js=True)),
    "too many pages": ("files.too_many_pages", lambda p: _pdf(p / "x.pdf", pages=10_000)),
    "decompression bomb": ("files.bomb", lambda p: _bomb(p / "x.png")),
    "misnamed": ("files.misnamed", lambda p: _pdf(p / "anh.jpg")),
    "not a document": (
        "files.unsupported",
        lambda p: (p / "x.pdf").write_bytes(b"MZ\x90\x00 an executable") and p / "x.pdf",
    ),
    "500 MB": ("files.too_large", lambda p: _sparse(p / "big.pdf", 500 * 1024 * 1024)),
}


def _sparse(path: Path, size: int) -> Path:
    with open(path, "wb") as fh:
        fh.write(b"%PDF-1.7\n")
        fh.truncate(size)
    return path


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_refused_in_vietnamese_and_nothing_is_kept(desk, dossier, tmp_path, case):
    key, make = BAD_INPUTS[case]
    good = _jpeg(tmp_path / "good.jpg")
    bad = make(tmp_path)
    with pytest.raises(DeskError) as info:
        attach_files(desk, code=dossier.code, component=1, paths=[good, bad])
    assert info.value.key == key
    vi = info.value.message("vi")
    assert bad.name in vi and "{" not in vi
    assert any(ch in vi for ch in "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")
    assert list_files(desk, code=dossier.code) == []
    assert not list(FileStore.of(desk.data_dir).hashes())


def test_check_reports_missing_and_damaged_files(desk, dossier, tmp_path):
    files = attach_files(desk, code=dossier.code, component=1, paths=[_pdf(tmp_path / "a.pdf")])
    files += attach_files(desk, code=dossier.code, component=2, paths=[_jpeg(tmp_path / "b.jpg")])
    assert check_database(desk.data_dir).ok
    store = FileStore.of(desk.data_dir)
    store.path(files[0].sha256).write_bytes(b"rotten")
    store.path(files[1].sha256).unlink()
    res = check_database(desk.data_dir)
    assert not res.ok
    text = " ".join(res.problems)
    assert files[0].sha256[:16] in text and "hỏng" in text
    assert files[1].sha256[:16] in text and "thiếu" in text
    with pytest.raises(DeskError):
        file_bytes(desk, sha256=files[0].sha256)


def test_backup_carries_files_once_and_restore_brings_them_back(desk, dossier, tmp_path):
    first = attach_files(desk, code=dossier.code, component=1, paths=[_pdf(tmp_path / "a.pdf")])
    out = tmp_path / "usb"
    copy1 = backup_database(desk.data_dir, str(out) + "/")
    kept = FileStore(out / "files")
    assert kept.verify([first[0].sha256]) == []
    inode = kept.path(first[0].sha256).stat().st_ino
    second = attach_files(desk, code=dossier.code, component=2, paths=[_jpeg(tmp_path / "b.jpg")])
    backup_database(desk.data_dir, str(out) + "/")
    assert kept.path(first[0].sha256).stat().st_ino == inode  # not copied a second time
    assert kept.verify([second[0].sha256]) == []
    # the counter loses its files folder; restoring the first copy brings its file back
    desk.db.dispose()
    for sha in (first[0].sha256, second[0].sha256):
        FileStore.of(desk.data_dir).path(sha).unlink()
    restore_database(desk.data_dir, copy1)
    assert FileStore.of(desk.data_dir).verify([first[0].sha256]) == []
    assert check_database(desk.data_dir).ok


def test_erasing_the_applicant_erases_their_files(desk, dossier, tmp_path):
    other = receive_dossier(
        desk, procedure_code="1.004222", applicant=ApplicantInput("Lý Văn Bình", "001077001111")
    )
    mine = attach_files(desk, code=dossier.code, component=1, paths=[_pdf(tmp_path / "a.pdf")])
    shared = _pdf(tmp_path / "shared.pdf", pages=2)  # the same paper: the same archive bytes
    both = attach_files(desk, code=dossier.code, component=2, paths=[shared])
    theirs = attach_files(desk, code=other.code, component=1, paths=[shared])
    assert both[0].sha256 == theirs[0].sha256
    with desk.db.session() as s:
        s.execute(update(OutboxEvent).values(state="acked", acked_at=desk.now()))
        s.commit()
    erase_applicant(desk, id_number=PERSON.id_number, confirm=True)
    store = FileStore.of(desk.data_dir)
    assert not store.has(mine[0].sha256)
    assert store.has(theirs[0].sha256)  # still named by the other person's dossier
    assert list_files(desk, code=dossier.code) == []
    assert [f.uid for f in list_files(desk, code=other.code)] == [theirs[0].uid]
    assert check_database(desk.data_dir).ok
    con = sqlite3.connect(desk.data_dir / "motcua.sqlite3")
    assert con.execute("SELECT count(*) FROM stored_file").fetchone() == (1,)
    con.close()


def test_reuse_lists_the_persons_documents_and_flags_the_copy(desk, dossier, tmp_path):
    made = attach_files(desk, code=dossier.code, component=1, paths=[_pdf(tmp_path / "cccd.pdf")])
    later = receive_dossier(desk, procedure_code="2.000815", applicant=PERSON)
    offered = documents_of_person(desk, id_number=PERSON.id_number, exclude_code=later.code)
    assert [f.sha256 for f in offered] == [made[0].sha256]
    reused = attach_existing(
        desk, code=later.code, component=1, sha256=offered[0].sha256, name=offered[0].name
    )
    assert reused.reused and reused.source is FileSource.REUSE
    assert reused.sha256 == made[0].sha256 and reused.uid != made[0].uid
    assert len(list(FileStore.of(desk.data_dir).hashes())) == 1
    with pytest.raises(DeskError):
        attach_existing(desk, code=later.code, component=1, sha256="0" * 64, name="x")


def test_the_dossier_event_carries_the_files_per_component(desk, dossier, tmp_path):
    import json

    from app.sync.protocol import check_dossier_fields

    first = json.loads(_last_payload(desk, dossier.code))
    assert first["dossier"]["HoSoCoThanhPhanSoHoa"] == 0
    assert all("TepDinhKemId" not in t for t in first["dossier"]["TaiLieuNop"])
    files = attach_files(desk, code=dossier.code, component=2, paths=[_pdf(tmp_path / "a.pdf")])
    event = json.loads(_last_payload(desk, dossier.code))
    assert event["version"] == first["version"] + 1
    national = event["dossier"]
    assert national["HoSoCoThanhPhanSoHoa"] == 1
    entries = national["TaiLieuNop"]
    with_file = [t for t in entries if "TepDinhKemId" in t]
    assert len(entries) == len(first["dossier"]["TaiLieuNop"])  # one file for one component
    assert with_file == [
        {
            "MaThanhPhanHoSo": with_file[0]["MaThanhPhanHoSo"],
            "TenThanhPhanHoSo": first["dossier"]["TaiLieuNop"][1]["TenTepDinhKem"],
            "SoBanChinh": first["dossier"]["TaiLieuNop"][1]["SoBanChinh"],
            "SoBanSao": first["dossier"]["TaiLieuNop"][1]["SoBanSao"],
            "TepDinhKemId": files[0].uid,
            "TenTepDinhKem": "a.pdf",
            "MaHashTep": files[0].sha256,
            "KichThuocTep": files[0].size,
            "SoTrang": 1,
            "DuocSoHoa": 1,
            "DuocTaiSuDung": 0,
            "DuocLayTuKhoDMQG": 0,
            "IsDeleted": False,
        }
    ]
    assert entries.index(with_file[0]) == 1
    check_dossier_fields(national)  # the hub's own caps accept it


def _last_payload(desk, code: str) -> str:
    from sqlalchemy import select

    with desk.db.read_session() as s:
        return s.scalars(
            select(OutboxEvent.payload)
            .where(OutboxEvent.dossier_code == code)
            .order_by(OutboxEvent.id.desc())
            .limit(1)
        ).one()


def test_queue_filter_keeps_dossiers_with_a_component_still_without_a_file(desk, dossier, tmp_path):
    from app.services.dossiers import count_dossiers, get_dossier, list_dossiers

    other = receive_dossier(
        desk, procedure_code="1.004222", applicant=ApplicantInput("Lý Văn Bình", "001077001111")
    )
    count = len(get_dossier(desk, code=dossier.code).documents)
    assert count >= 2
    assert {r.code for r in list_dossiers(desk, undigitised=True)} == {dossier.code, other.code}
    for n in range(1, count + 1):
        attach_files(
            desk, code=dossier.code, component=n, paths=[_pdf(tmp_path / f"{n}.pdf", pages=n)]
        )
    assert [r.code for r in list_dossiers(desk, undigitised=True)] == [other.code]
    assert count_dossiers(desk, undigitised=True) == 1
    assert count_dossiers(desk) == 2


def test_receipt_marks_and_report_counts_the_digitised(desk, dossier, tmp_path):
    from pypdf import PdfReader

    from app.services.dossiers import get_dossier
    from app.services.printing import print_form
    from app.services.reports import build_report

    day = dossier.received_at.astimezone(VN_TZ).date()
    rep = build_report(desk, date_from=day, date_to=day)
    assert (rep.total, rep.digitised, rep.digitised_rate) == (1, 0, 0.0)
    docs = get_dossier(desk, code=dossier.code).documents
    attach_files(desk, code=dossier.code, component=1, paths=[_pdf(tmp_path / "a.pdf")])
    marked = get_dossier(desk, code=dossier.code).documents
    assert [d.digitised for d in marked] == [True] + [False] * (len(docs) - 1)
    receipt = print_form(desk, code=dossier.code, form="receipt")
    text = " ".join(p.extract_text() for p in PdfReader(receipt).pages)
    assert " ".join(text.split()).count("(đã số hóa)") == 1, text[400:1400]
    assert build_report(desk, date_from=day, date_to=day).digitised == 0  # not every component
    for n in range(2, len(docs) + 1):
        attach_files(
            desk, code=dossier.code, component=n, paths=[_pdf(tmp_path / f"{n}.pdf", pages=n)]
        )
    rep = build_report(desk, date_from=day, date_to=day)
    assert (rep.digitised, rep.digitised_rate, rep.rates()["digitised_rate"]) == (1, 100.0, 100.0)


def test_report_exports_carry_the_digitised_share(desk, dossier, tmp_path):
    import csv

    from app.services.report_export import write_report_csv
    from app.services.reports import build_report

    day = dossier.received_at.astimezone(VN_TZ).date()
    for n in range(1, len(dossier.documents) + 1):
        attach_files(
            desk, code=dossier.code, component=n, paths=[_pdf(tmp_path / f"{n}.pdf", pages=n)]
        )
    out = write_report_csv(
        desk, report=build_report(desk, date_from=day, date_to=day), out=tmp_path / "r.csv"
    )
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = {r[0]: r[1] for r in csv.reader(fh) if len(r) >= 2}
    assert rows["Hồ sơ đã số hóa (mọi thành phần có tệp)"] == "1"
    assert float(rows["Tỷ lệ hồ sơ đã số hóa (%)"]) == 100.0
