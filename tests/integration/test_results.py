"""Results at the counter on a real database: a result attached (a PDF kept byte for byte,
scans made PDF/A), shown, handed over with its receipt; bad input refused with nothing
half-written."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pikepdf
import pytest
from PIL import Image
from sqlalchemy import func, select

from app.domain.dossier import Status
from app.domain.errors import DeskError
from app.domain.results import RecipientKind
from app.files.pdfa import pdfa_identification
from app.files.store import FileStore
from app.services.dossiers import ApplicantInput, advance_dossier, get_dossier, receive_dossier
from app.services.results import (
    attach_result,
    dossier_results,
    hand_over_result,
    result_bytes,
    result_receipt,
)
from app.store.models import AuditLog, DossierResult, OutboxEvent, ResultHandoverRow, StoredFile

PERSON = ApplicantInput("Nguyễn Thị Hằng", "001190001234")


def _pdf(path, pages: int = 1):
    doc = pikepdf.new()
    for _ in range(pages):
        doc.add_blank_page()
    doc.save(path)
    return path


@pytest.fixture
def in_processing(desk):
    rec = receive_dossier(desk, procedure_code="1.004222", applicant=PERSON)
    advance_dossier(desk, code=rec.code, to=Status.PROCESSING)
    return rec


def _count(desk, model) -> int:
    with desk.db.read_session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def _last_payload(desk, code: str) -> dict:  # type: ignore[type-arg]
    with desk.db.read_session() as s:
        row = s.scalars(
            select(OutboxEvent)
            .where(OutboxEvent.dossier_code == code)
            .order_by(OutboxEvent.id.desc())
        ).first()
        assert row is not None
        return json.loads(row.payload)["dossier"]


def test_a_pdf_result_is_kept_byte_for_byte_and_goes_on_the_wire(desk, in_processing, tmp_path):
    pdf = _pdf(tmp_path / "ket-qua.pdf", pages=2)
    doc = attach_result(
        desk,
        code=in_processing.code,
        paths=[pdf],
        name="Giấy xác nhận tình trạng hôn nhân",
        so_ky_hieu="123/XN-UBND",
        signer="Trần Văn Bình",
        signed_on="30/11/2026",
    )
    assert doc.pages == 2 and doc.file_kept and doc.code == f"{in_processing.code}-KQ01"
    assert doc.signed_on is not None and doc.signed_on.isoformat() == "2026-11-30"
    assert result_bytes(desk, code=in_processing.code) == pdf.read_bytes()
    assert FileStore.of(desk.data_dir).has(doc.sha256)
    wire = _last_payload(desk, in_processing.code)
    [entry] = wire["DanhSachGiayToKetQua"]
    assert entry["MaKetQua"] == doc.code and entry["MaHashTep"] == doc.sha256
    assert entry["SoKyHieu"] == "123/XN-UBND" and entry["NgayKy"] == "20261130"
    # The same bytes again: the same result, no second row, no new event.
    events = _count(desk, OutboxEvent)
    again = attach_result(desk, code=in_processing.code, paths=[pdf])
    assert again.uid == doc.uid and _count(desk, DossierResult) == 1
    assert _count(desk, OutboxEvent) == events


def test_scanned_pages_of_a_paper_result_become_one_pdfa(desk, in_processing, tmp_path):
    scans = []
    for i in range(2):
        p = tmp_path / f"trang-{i}.png"
        Image.new("L", (600, 800), 255 - i * 40).save(p)
        scans.append(p)
    doc = attach_result(desk, code=in_processing.code, paths=scans, name="Quyết định")
    data = result_bytes(desk, code=in_processing.code)
    assert doc.pages == 2 and pdfa_identification(data) == ("2", "B")


@pytest.mark.parametrize("content", [b"hello, not a pdf\n", b"%PDF-1.7\nbroken"])
def test_a_non_pdf_result_is_refused_and_nothing_is_written(desk, in_processing, tmp_path, content):
    bad = tmp_path / "ket-qua.pdf"
    bad.write_bytes(content)
    events, audits = _count(desk, OutboxEvent), _count(desk, AuditLog)
    with pytest.raises(DeskError) as err:
        attach_result(desk, code=in_processing.code, paths=[bad])
    assert err.value.key in ("files.unsupported", "files.corrupt")
    assert _count(desk, DossierResult) == 0 and _count(desk, StoredFile) == 0
    assert (_count(desk, OutboxEvent), _count(desk, AuditLog)) == (events, audits)
    assert list(FileStore.of(desk.data_dir).hashes()) == []


def test_a_result_is_refused_for_a_dossier_that_cannot_be_resolved(desk, tmp_path):
    rec = receive_dossier(desk, procedure_code="1.004222", applicant=PERSON)
    advance_dossier(desk, code=rec.code, to=Status.PROCESSING)
    advance_dossier(desk, code=rec.code, to=Status.STOPPED, note="Không đủ điều kiện")
    with pytest.raises(DeskError) as err:
        attach_result(desk, code=rec.code, paths=[_pdf(tmp_path / "kq.pdf")])
    assert err.value.key == "result.status" and _count(desk, DossierResult) == 0


def test_handover_of_a_dossier_not_resolved_is_refused_and_nothing_is_written(desk, in_processing):
    before = get_dossier(desk, code=in_processing.code)
    with pytest.raises(DeskError) as err:
        hand_over_result(desk, code=in_processing.code, to="applicant")
    assert err.value.key == "result.not_resolved"
    assert "chỉ trả kết quả khi hồ sơ đã xử lý xong" in err.value.message("vi")
    after = get_dossier(desk, code=in_processing.code)
    assert after.status == Status.PROCESSING and after.history == before.history
    assert _count(desk, ResultHandoverRow) == 0


@pytest.mark.parametrize(
    ("name", "id_number", "key"),
    [
        ("Lê Thị Cúc", "", "result.authorised_id"),
        ("", "001190004321", "result.authorised_name"),
        ("Lê Thị Cúc", "12345", "applicant.id_number"),
    ],
)
def test_an_authorised_person_needs_a_name_and_a_valid_id_number(
    desk, in_processing, name, id_number, key
):
    advance_dossier(desk, code=in_processing.code, to=Status.RESOLVED)
    events = _count(desk, OutboxEvent)
    with pytest.raises(DeskError) as err:
        hand_over_result(
            desk, code=in_processing.code, to="authorised", name=name, id_number=id_number
        )
    assert err.value.key == key
    assert get_dossier(desk, code=in_processing.code).status == Status.RESOLVED
    assert _count(desk, ResultHandoverRow) == 0 and _count(desk, OutboxEvent) == events


def test_handover_records_who_what_and_when_and_the_receipt_says_so(desk, in_processing, tmp_path):
    attach_result(
        desk,
        code=in_processing.code,
        paths=[_pdf(tmp_path / "kq.pdf")],
        name="Giấy xác nhận tình trạng hôn nhân",
        so_ky_hieu="123/XN-UBND",
    )
    advance_dossier(desk, code=in_processing.code, to=Status.RESOLVED)
    done = hand_over_result(
        desk,
        code=in_processing.code,
        to=RecipientKind.AUTHORISED,
        name="Lê Thị Cúc",
        id_number="００１１９０００４３２１",  # full-width digits: the same number
        originals="CCCD bản chính; Giấy khai sinh bản chính",
    )
    assert done.record.status == Status.RETURNED and done.record.returned_at == desk.now()
    h = done.handover
    assert (h.kind, h.name, h.id_number) == (RecipientKind.AUTHORISED, "Lê Thị Cúc", "001190004321")
    assert h.originals == ("CCCD bản chính", "Giấy khai sinh bản chính")
    view = dossier_results(desk, code=in_processing.code)
    assert view.status == Status.RETURNED and view.handover == h
    wire = _last_payload(desk, in_processing.code)
    assert wire["TrangThaiHoSo"] == 10 and wire["NgayTra"] == "20250715140500"
    assert wire["LoaiNguoiNhanKetQua"] == 2 and wire["HoTenNguoiNhanKetQua"] == "Lê Thị Cúc"
    assert wire["SoLuongBanGocThuLai"] == 2 and len(wire["DanhSachGiayToKetQua"]) == 1
    # A second hand-over of the same result is refused.
    with pytest.raises(DeskError) as err:
        hand_over_result(desk, code=in_processing.code, to="applicant")
    assert err.value.key == "result.handed_over"
    receipt = tmp_path / "bien-nhan.pdf"
    receipt.write_bytes(result_receipt(desk, code=in_processing.code))
    text = subprocess.run(
        ["pdftotext", "-layout", str(receipt), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "BIÊN NHẬN TRẢ KẾT QUẢ GIẢI QUYẾT HỒ SƠ" in text
    assert in_processing.code in text and "Lê Thị Cúc" in text and "001190004321" in text
    assert "Giấy xác nhận tình trạng hôn nhân" in text and "123/XN-UBND" in text
    assert "CCCD bản chính; Giấy khai sinh bản chính" in text
    assert "14 giờ 05 phút, ngày 15 tháng 7 năm 2025" in text


def test_the_post_receives_the_result_without_an_id_number(desk, in_processing):
    advance_dossier(desk, code=in_processing.code, to=Status.RESOLVED)
    done = hand_over_result(desk, code=in_processing.code, to="post", post_batch="BG-0001")
    assert done.handover.kind == RecipientKind.POST and done.handover.post_batch == "BG-0001"
    assert _last_payload(desk, in_processing.code)["LoaiNguoiNhanKetQua"] == 3


def test_reports_count_dossiers_with_an_electronic_result(desk, in_processing, tmp_path):
    from datetime import date

    from app.services.reports import build_report

    other = receive_dossier(desk, procedure_code="1.004222", applicant=PERSON)
    advance_dossier(desk, code=other.code, to=Status.PROCESSING)
    advance_dossier(desk, code=other.code, to=Status.RESOLVED)  # a paper result only
    attach_result(desk, code=in_processing.code, paths=[_pdf(tmp_path / "kq.pdf")])
    advance_dossier(desk, code=in_processing.code, to=Status.RESOLVED)
    day = date(2025, 7, 15)
    rep = build_report(desk, date_from=day, date_to=day)
    assert (rep.e_results, rep.results_base, rep.e_result_rate) == (1, 2, 50.0)
    assert rep.rates()["e_result_rate"] == 50.0


def test_the_cli_shows_attaches_and_hands_over_and_bad_input_exits_2(desk, tmp_path, capsys):
    from app.cli import main

    data = str(desk.data_dir)
    rec = receive_dossier(desk, procedure_code="1.004222", applicant=PERSON)
    code = rec.code
    assert main(["handover-result", code, "--to", "applicant", "--data-dir", data]) == 2
    assert "chỉ trả kết quả khi hồ sơ đã xử lý xong" in capsys.readouterr().err
    advance_dossier(desk, code=code, to=Status.PROCESSING)
    fake = tmp_path / "kq.pdf"
    fake.write_bytes(b"not a pdf at all")
    assert main(["result", code, "--attach", str(fake), "--data-dir", data]) == 2
    assert "không phải PDF" in capsys.readouterr().err
    pdf = _pdf(tmp_path / "that.pdf")
    args = ["result", code, "--attach", str(pdf), "--name", "Quyết định", "--json"]
    assert main([*args, "--so-ky-hieu", "9/QĐ", "--data-dir", data]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["results"][0]["so_ky_hieu"] == "9/QĐ" and shown["status"] == 4
    advance_dossier(desk, code=code, to=Status.RESOLVED)
    base = ["handover-result", code, "--to", "authorised", "--name", "Lê Thị Cúc"]
    assert main([*base, "--data-dir", data]) == 2
    assert "số định danh" in capsys.readouterr().err
    out = tmp_path / "bien-nhan.pdf"
    assert (
        main(
            [*base, "--id-number", "001190004321", "--out", str(out), "--json", "--data-dir", data]
        )
        == 0
    )
    done = json.loads(capsys.readouterr().out)
    assert done["status"] == 10 and done["handover"]["id_number"] == "001190004321"
    assert out.read_bytes()[:5] == b"%PDF-" and done["receipt"] == str(out)
    assert main(["result", code, "--data-dir", data]) == 0
    assert "Đã trả kết quả lúc" in capsys.readouterr().out


def test_erasing_the_applicant_takes_their_result_files_and_the_recipients_name(
    desk, in_processing, tmp_path
):
    from app.services.erasure import erase_applicant

    doc = attach_result(desk, code=in_processing.code, paths=[_pdf(tmp_path / "kq.pdf")])
    advance_dossier(desk, code=in_processing.code, to=Status.RESOLVED)
    hand_over_result(
        desk, code=in_processing.code, to="authorised", name="Lê Thị Cúc", id_number="001190004321"
    )
    receipt = Path(desk.output_dir) / f"{in_processing.code}-bien-nhan-tra-ket-qua.pdf"
    from app.services.results import write_receipt

    assert write_receipt(desk, code=in_processing.code) == receipt and receipt.exists()
    from sqlalchemy import update

    with desk.db.session() as s:  # as if the hub had acknowledged everything
        s.execute(update(OutboxEvent).values(state="acked", acked_at=desk.now()))
        s.commit()
    erase_applicant(desk, id_number=PERSON.id_number, confirm=True)
    assert not FileStore.of(desk.data_dir).has(doc.sha256) and not receipt.exists()
    view = dossier_results(desk, code=in_processing.code)
    assert view.results == () and view.handover is not None
    assert view.handover.id_number == "" and "Cúc" not in view.handover.name


def test_the_paper_result_is_scanned_with_sane_into_one_pdfa(desk, in_processing):
    from app.files.scan import ScanRequest
    from app.services.results import scan_result

    doc = scan_result(
        desk,
        code=in_processing.code,
        request=ScanRequest("test", pages=2, options=("--test-picture", "Grid")),
        name="Quyết định (bản giấy)",
    )
    assert doc.source.value == "scan" and doc.pages == 2
    assert pdfa_identification(result_bytes(desk, code=in_processing.code)) == ("2", "B")
    assert not list((desk.data_dir / "scans").iterdir())  # the scan folder went once saved
    with pytest.raises(DeskError):  # no scanner there: a message, nothing recorded
        scan_result(desk, code=in_processing.code, request=ScanRequest("test:99"))
    assert len(dossier_results(desk, code=in_processing.code).results) == 1
