"""Printed forms (app.docs): every field of every form, read back from the PDF with pypdf."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.graphics.barcode import qrencoder
from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from app.docs import FORMS, form_title, qr, render_form, render_tracking_book
from app.docs import layouts as layouts_module
from app.docs.resources import resources_dir
from app.docs.vn_format import place_date, vn_date, vn_datetime
from app.domain.dossier import (
    VN_TZ,
    AgencyInfo,
    ApplicantInfo,
    Channel,
    DocumentLine,
    DossierRecord,
    FeeItem,
    HistoryEntry,
    ProcessingTime,
    Status,
)
from app.domain.errors import DeskError
from tests.helpers.records import CODE, LOOKUP, make_agency, make_record

ADDRESS = (
    "Số nhà 18, ngách 12/34, ngõ 175 đường Lạc Long Quân, tổ dân phố số 7, khu tập thể Xí "
    "nghiệp Xây lắp điện Hà Nội, phường Tây Hồ, thành phố Hà Nội (gần cổng chợ Bưởi, đối "
    "diện trường Tiểu học Nghĩa Đô), Việt Nam"
)
DOCUMENTS = (
    DocumentLine("Tờ khai đăng ký khai sinh theo mẫu", originals=1),
    DocumentLine("Giấy chứng sinh do cơ sở y tế cấp", originals=1),
    DocumentLine("Giấy chứng nhận kết hôn của cha, mẹ", copies=1),
    DocumentLine("Căn cước của người đi đăng ký (xuất trình)", copies=1),
    DocumentLine(
        "Văn bản ủy quyền có chứng thực của Ủy ban nhân dân cấp xã nơi cư trú của người ủy "
        "quyền (trường hợp ủy quyền thực hiện thủ tục)",
        originals=1,
        copies=2,
    ),
    DocumentLine("Giấy tờ chứng minh nơi cư trú của người mẹ", copies=1),
)
REASON_SUPPLEMENT = "Bổ sung bản sao Giấy chứng nhận kết hôn có chứng thực của Đặng Quốc Việt."
REASON_STOPPED = "Người nộp không bổ sung hồ sơ trong thời hạn quy định."
REASON_REFUSED = "Hồ sơ không thuộc thẩm quyền giải quyết của phường Tây Hồ."
REASON_LATEST = "Phải xác minh thông tin hộ tịch với Sở Tư pháp nên chưa kịp trả kết quả."
RECEIVED = "14 giờ 05 phút, ngày 15 tháng 7 năm 2025"
APPOINTMENT = "16 giờ 30 phút, ngày 18 tháng 7 năm 2025"
EXTENDED = "09 giờ 00 phút, ngày 25 tháng 7 năm 2025"


@pytest.fixture
def agency() -> AgencyInfo:
    return make_agency(
        payee=True,
        address="Số 657 Lạc Long Quân, phường Tây Hồ, Hà Nội",
        phone="024 3753 1234",
    )


@pytest.fixture
def record(agency: AgencyInfo) -> DossierRecord:
    received = datetime(2025, 7, 15, 7, 5, tzinfo=UTC)  # 14:05 in Hà Nội
    history = (
        HistoryEntry(received, None, Status.RECEIVED, "viet.dq"),
        HistoryEntry(
            received + timedelta(days=1),
            Status.RECEIVED,
            Status.SUPPLEMENT,
            "viet.dq",
            REASON_SUPPLEMENT,
        ),
        HistoryEntry(
            received + timedelta(days=2),
            Status.SUPPLEMENT,
            Status.STOPPED,
            "viet.dq",
            REASON_STOPPED,
        ),
        HistoryEntry(received + timedelta(days=3), None, Status.REFUSED, "viet.dq", REASON_REFUSED),
        HistoryEntry(
            received + timedelta(days=4),
            Status.RECEIVED,
            Status.PROCESSING,
            "viet.dq",
            REASON_LATEST,
        ),
    )
    return make_record(
        agency=agency,
        procedure_name="Đăng ký khai sinh kết hợp nhận cha, mẹ, con",
        applicant=ApplicantInfo(
            full_name="Nguyễn Thị Hằng",
            id_number="001190012345",
            address=ADDRESS,
            phone="0912 345 678",
            email="nguyen.thi.hang@example.vn",
        ),
        status=Status.PROCESSING,
        received_at=received,
        appointment_at=datetime(2025, 7, 18, 16, 30, tzinfo=VN_TZ),
        documents=DOCUMENTS,
        fees=(
            FeeItem("Lệ phí đăng ký khai sinh", 8_000),
            FeeItem("Phí cấp bản sao trích lục", 72_000),
        ),
        history=history,
        receiver_name="Đặng Quốc Việt",
        extended_appointment_at=datetime(2025, 7, 25, 9, 0, tzinfo=VN_TZ),
        book_number=2,
        book_ordinal=125,
    )


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def flat(pdf: bytes) -> str:
    """All pages' text with every run of whitespace made one space (wrapped lines join)."""
    return " ".join(" ".join(page_texts(pdf)).split())


COMMON = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "UBND PHƯỜNG TÂY HỒ",
    "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG PHƯỜNG TÂY HỒ",
    f"Mã hồ sơ: {CODE}",
    "Nguyễn Thị Hằng",
    "001190012345",
    "Đăng ký khai sinh kết hợp nhận cha, mẹ, con",
    RECEIVED,
]
DOCUMENT_FIELDS = [
    "TT",
    "Tên giấy tờ",
    "Bản chính",
    "Bản sao",
    "Số lượng",
    *(d.name for d in DOCUMENTS),
]
SIGN = "(Ký và ghi rõ họ tên)"
RECEIPT_FIELDS = [
    *DOCUMENT_FIELDS,
    APPOINTMENT,
    "3 ngày làm việc",
    "Trực tiếp",
    "Tại Bộ phận Một cửa",
    "Lệ phí đăng ký khai sinh: 8.000 đồng",
    "Phí cấp bản sao trích lục: 72.000 đồng",
    "Tổng cộng: 80.000 đồng",
    "NGƯỜI NỘP HỒ SƠ",
    "NGƯỜI TIẾP NHẬN HỒ SƠ",
    SIGN,
    "Đặng Quốc Việt",
    "0912 345 678",
    "nguyen.thi.hang@example.vn",
]
EXPECTED: dict[str, tuple[str, str, list[str]]] = {
    # form: (number, date in the header, fields)
    "receipt": (
        "Mẫu số 01",
        "Hà Nội, ngày 15 tháng 7 năm 2025",
        [
            *RECEIPT_FIELDS,
            "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
            ADDRESS,
            "Vào Sổ theo dõi hồ sơ, Quyển số: 2, Số thứ tự: 125",
            "mang theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả này",
        ],
    ),
    "receipt_a4": (
        "Mẫu số 01",
        "Hà Nội, ngày 15 tháng 7 năm 2025",
        [*RECEIPT_FIELDS, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", ADDRESS],
    ),
    "thermal": (
        "Mẫu số 01",
        "Hà Nội, ngày 15 tháng 7 năm 2025",
        [*RECEIPT_FIELDS, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", ADDRESS],
    ),
    "supplement": (
        "Mẫu số 02",
        "Hà Nội, ngày 16 tháng 7 năm 2025",
        [
            *DOCUMENT_FIELDS,
            "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
            REASON_SUPPLEMENT,
            "NGƯỜI HƯỚNG DẪN",
            SIGN,
            "Đặng Quốc Việt",
            ADDRESS,
        ],
    ),
    "refusal": (
        "Mẫu số 03",
        "Hà Nội, ngày 18 tháng 7 năm 2025",
        [
            *DOCUMENT_FIELDS,
            "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
            f"Lý do: {REASON_REFUSED}",
            "NGƯỜI TIẾP NHẬN HỒ SƠ",
            SIGN,
            "Đặng Quốc Việt",
            ADDRESS,
        ],
    ),
    "apology": (
        "Mẫu số 04",
        "Hà Nội, ngày 19 tháng 7 năm 2025",
        [
            "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
            APPOINTMENT,
            f"Thời gian hẹn trả kết quả mới: {EXTENDED}",
            f"Lý do: {REASON_LATEST}",
            "Kính gửi: Ông/Bà Nguyễn Thị Hằng",
            "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ",
            ADDRESS,
        ],
    ),
    "stop": (
        "Mẫu số 05",
        "Hà Nội, ngày 17 tháng 7 năm 2025",
        [
            "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
            f"Lý do dừng giải quyết: {REASON_STOPPED}",
            APPOINTMENT,
            "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ",
            ADDRESS,
        ],
    ),
    "cover": (
        "Mẫu số 06",
        "Hà Nội, ngày 15 tháng 7 năm 2025",
        [
            "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
            APPOINTMENT,
            "Hộ tịch",
            "TÊN CƠ QUAN",
            "THỜI GIAN GIAO, NHẬN HỒ SƠ",
            "KẾT QUẢ GIẢI QUYẾT HỒ SƠ (Trước hạn/Đúng hạn/Quá hạn)",
            "GHI CHÚ",
            "........ giờ ........ phút, ngày ........ tháng ........ năm ..........",
            "Người giao",
            "Người nhận",
            "1. Giao: Trung tâm Phục vụ hành chính công phường Tây Hồ",
            "2. Nhận: Ông/Bà Nguyễn Thị Hằng",
            ADDRESS,
        ],
    ),
}


def test_public_api_lists_every_form_with_its_title() -> None:
    assert FORMS == (
        "receipt",
        "receipt_a4",
        "thermal",
        "supplement",
        "refusal",
        "apology",
        "stop",
        "cover",
    )
    assert set(EXPECTED) == set(FORMS)
    assert form_title("receipt") == "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
    assert form_title("cover") == "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"
    assert form_title("apology") == "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT"


def test_unknown_form_is_a_desk_error(record: DossierRecord) -> None:
    with pytest.raises(DeskError) as caught:
        render_form("invoice", record)
    assert caught.value.key == "print.form_unknown"
    assert caught.value.params == {"form": "invoice"}
    with pytest.raises(DeskError):
        form_title("invoice")


@pytest.mark.parametrize("form", FORMS)
def test_every_field_is_printed_with_exact_diacritics(form: str, record: DossierRecord) -> None:
    pdf = render_form(form, record)
    text = flat(pdf)
    number, header_date, fields = EXPECTED[form]
    for expected in [*COMMON, number, header_date, *fields]:
        assert expected in text, f"{form}: {expected!r} missing"


@pytest.mark.parametrize("form", FORMS)
def test_paper_sizes(form: str, record: DossierRecord) -> None:
    pages = PdfReader(io.BytesIO(render_form(form, record))).pages
    size = (float(pages[0].mediabox.width), float(pages[0].mediabox.height))
    if form == "thermal":
        assert len(pages) == 1
        assert size[0] == pytest.approx(226.77, abs=0.01)
        assert size[0] == pytest.approx(80 * mm, abs=1e-3)
    elif form in ("receipt_a4", "cover"):
        assert size == pytest.approx(A4)
    else:
        assert size == pytest.approx(A5)


def test_thermal_height_follows_the_content(record: DossierRecord) -> None:
    def height(r: DossierRecord) -> float:
        return float(PdfReader(io.BytesIO(render_form("thermal", r))).pages[0].mediabox.height)

    short = replace(record, documents=DOCUMENTS[:1], fees=())
    assert height(record) > height(short) + 100


def test_reprint_gives_identical_bytes(record: DossierRecord) -> None:
    at = datetime(2025, 7, 20, 8, 0, tzinfo=VN_TZ)
    for form in FORMS:
        assert render_form(form, record) == render_form(form, record), form
        assert render_form(form, record, printed_at=at) == render_form(
            form, record, printed_at=at
        ), form
    assert render_tracking_book(
        [record], agency=record.agency, date_from=date(2025, 7, 1), date_to=date(2025, 7, 31)
    ) == render_tracking_book(
        [record], agency=record.agency, date_from=date(2025, 7, 1), date_to=date(2025, 7, 31)
    )


def test_printed_at_sets_the_header_date_in_vietnam_time(record: DossierRecord) -> None:
    late_evening_utc = datetime(2025, 2, 4, 18, 30, tzinfo=UTC)  # 5/2 01:30 in Hà Nội
    text = flat(render_form("receipt", record, printed_at=late_evening_utc))
    assert "Hà Nội, ngày 05 tháng 02 năm 2025" in text
    assert RECEIVED in text  # the reception time itself does not move


def test_no_appointment_and_post_delivery(record: DossierRecord) -> None:
    r = replace(
        record,
        appointment_at=None,
        processing=ProcessingTime(0, "none"),
        result_delivery="post",
        channel=Channel.POST,
    )
    text = flat(render_form("receipt", r))
    assert (
        "Thời gian trả kết quả giải quyết hồ sơ: Không có ngày hẹn trả cụ thể theo quy định"
    ) in text
    assert "Qua dịch vụ Bưu chính công ích" in text
    assert "Bưu chính công ích" in text


def test_no_fees_says_so(record: DossierRecord) -> None:
    text = flat(render_form("receipt", replace(record, fees=())))
    assert "8. Phí, lệ phí: Không thu phí, lệ phí." in text
    assert "Tổng cộng" not in text


def test_bad_bank_account_prints_the_slip_with_a_notice(record: DossierRecord) -> None:
    bad = replace(record, agency=replace(record.agency, bank_bin="97A"))
    text = flat(render_form("receipt", bad))
    assert "Tổng cộng: 80.000 đồng" in text
    assert "Chưa tạo được mã VietQR" in text


def test_missing_reason_leaves_a_line_to_fill(record: DossierRecord) -> None:
    text = flat(render_form("refusal", replace(record, history=())))
    assert "Lý do: ......" in text


def test_apology_without_new_date_leaves_a_line_to_fill(record: DossierRecord) -> None:
    text = flat(render_form("apology", replace(record, extended_appointment_at=None)))
    assert "Thời gian hẹn trả kết quả mới: ......" in text


# --- Wrapping: nothing crosses the right margin -------------------------------------------------


def _runs(pdf: bytes) -> list[list[tuple[float, float, str, str, float]]]:
    """Per page: (x, y, text, font name, size) of every text run pypdf sees."""
    pages = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        runs: list[tuple[float, float, str, str, float]] = []

        def visit(text, cm, tm, font, size, runs=runs):  # type: ignore[no-untyped-def]
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                name = str(font["/BaseFont"]).split("+", 1)[1] if font else ""
                runs.append((x, y, text, name, size * cm[0]))

        page.extract_text(visitor_text=visit)
        pages.append(runs)
    return pages


_FONTS = {
    "NotoSans-Regular": "NotoSans",
    "NotoSans-Bold": "NotoSans-Bold",
    "NotoSans-Italic": "NotoSans-Italic",
}


@pytest.mark.parametrize("form", FORMS)
def test_text_stays_inside_the_margins(form: str, record: DossierRecord) -> None:
    long_name = "Tôn Nữ Hoàng Bảo Ngọc Phương Thảo Nguyễn Phúc Vĩnh " * 3
    r = replace(
        record,
        applicant=replace(record.applicant, full_name=long_name.strip()),
        procedure_name="Thủ tục " + "đăng ký biến động quyền sử dụng đất " * 6,
    )
    pdf = render_form(form, r)
    layout = layouts_module.load_layout(form)
    right_edge = layout.page_width - layout.margins[1]
    left_edge = layout.margins[3]
    checked = 0
    for runs in _runs(pdf):
        for x, _, text, font, size in runs:
            assert x >= left_edge - 0.5, (form, text)
            assert x <= right_edge, (form, text)
            width = stringWidth(text.rstrip("\n"), _FONTS[font], size)
            assert x + width <= right_edge + 0.5, (form, text, x + width, right_edge)
            checked += 1
    assert checked > 25


def test_long_address_wraps_onto_several_lines(record: DossierRecord) -> None:
    pdf = render_form("receipt", record)
    runs = _runs(pdf)[0]
    lines_with_address = {
        round(y)
        for _, y, text, _, _ in runs
        if any(word in text for word in ("ngách", "Xây lắp", "Nghĩa Đô"))
    }
    assert len(lines_with_address) >= 2
    assert ADDRESS in flat(pdf)


def test_an_unbreakable_word_is_cut_to_fit(record: DossierRecord) -> None:
    email = "nguyen.thi.hang." + "x" * 150 + "@example.vn"
    r = replace(record, applicant=replace(record.applicant, email=email))
    pdf = render_form("receipt", r)
    layout = layouts_module.load_layout("receipt")
    right_edge = layout.page_width - layout.margins[1]
    for x, _, text, font, size in _runs(pdf)[0]:
        assert x + stringWidth(text.rstrip("\n"), _FONTS[font], size) <= right_edge + 0.5
    assert email in "".join(flat(pdf).split())


# --- The tracking book -------------------------------------------------------------------------


def test_tracking_book_repeats_its_header_row_and_numbers_pages(record: DossierRecord) -> None:
    records = [
        replace(
            record,
            code=f"000.00.01.H26-2507{1 + i // 30:02d}-{i % 30 + 1:04d}",
            applicant=replace(record.applicant, full_name=f"Đặng Quốc Việt {i}"),
        )
        for i in range(300)
    ]
    pdf = render_tracking_book(
        records, agency=record.agency, date_from=date(2025, 7, 1), date_to=date(2025, 7, 31)
    )
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) > 1
    first = reader.pages[0]
    assert (float(first.mediabox.width), float(first.mediabox.height)) == pytest.approx(
        landscape(A4)
    )
    texts = [page.extract_text() for page in reader.pages]
    assert "SỔ THEO DÕI HỒ SƠ" in texts[0]
    assert "Từ ngày 01/07/2025 đến ngày 31/07/2025" in texts[0]
    assert "Mẫu số 07" in texts[0]
    for number, text in enumerate(texts, start=1):
        assert text.count("Mã hồ sơ") == 1, number
        assert text.count("Tên thủ tục hành chính") == 1, number
        assert f"Trang {number}/{len(texts)}" in text
    everything = "\n".join(texts)
    for r in records:
        assert r.code in everything
    assert len(set(re.findall(r"000\.00\.01\.H26-2507\d\d-\d{4}", everything))) == 300
    assert "14:05 15/07/2025" in " ".join(everything.split())


def test_tracking_book_of_no_dossier_still_prints_the_header(agency: AgencyInfo) -> None:
    pdf = render_tracking_book(
        [], agency=agency, date_from=date(2025, 7, 1), date_to=date(2025, 7, 31)
    )
    texts = page_texts(pdf)
    assert len(texts) == 1
    assert "Mã hồ sơ" in texts[0]


# --- Layouts as data ---------------------------------------------------------------------------


def test_shipped_layouts_all_load() -> None:
    for form in (*FORMS, "book"):
        layout = layouts_module.load_layout(form)
        assert layout.title
        assert layout.number.startswith("Mẫu số 0")
    assert layouts_module.load_layout("cover").number == "Mẫu số 06"
    assert layouts_module.load_layout("book").number == "Mẫu số 07"


def test_resources_are_found_in_a_pyinstaller_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert (resources_dir() / "fonts" / "NotoSans-Regular.ttf").is_file()
    assert (resources_dir() / "fonts" / "OFL.txt").is_file()
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources_dir() == tmp_path / "resources"


# --- Vietnamese dates ---------------------------------------------------------------------------


def test_vietnamese_dates_follow_decree_30() -> None:
    assert vn_datetime(datetime(2025, 7, 15, 7, 5, tzinfo=UTC)) == RECEIVED
    assert vn_datetime(datetime(2025, 2, 5, 8, 0)) == "08 giờ 00 phút, ngày 05 tháng 02 năm 2025"
    assert vn_date(date(2025, 12, 1)) == "ngày 01 tháng 12 năm 2025"
    assert vn_date(date(2025, 3, 9)) == "ngày 09 tháng 3 năm 2025"
    assert place_date("Hà Nội", date(2025, 11, 20)) == "Hà Nội, ngày 20 tháng 11 năm 2025"


# --- QR encoder ----------------------------------------------------------------------------------


_RL_LEVELS = {
    "L": qrencoder.QRErrorCorrectLevel.L,
    "M": qrencoder.QRErrorCorrectLevel.M,
    "Q": qrencoder.QRErrorCorrectLevel.Q,
    "H": qrencoder.QRErrorCorrectLevel.H,
}


@pytest.mark.parametrize("level", "LMQH")
@pytest.mark.parametrize("length", [1, 17, 40, 69, 136, 230, 400, 1000])
def test_qr_matrix_matches_reportlabs_encoder(level: str, length: int) -> None:
    """Same version and mask, same symbol: reportlab's slow encoder is the reference."""
    data = ("https://dichvucong.hanoi.gov.vn/tra-cuu?ma=" + CODE + "&x=") * 30
    data = data[:length]
    for mask in (0, 2, 5, 7):
        mine = qr.encode(data, level, mask=mask)
        if (level, mine.version) == ("H", 15):
            continue  # reportlab's table for 15-H counts 132 data codewords instead of 223
        reference = qrencoder.QRCode(mine.version, _RL_LEVELS[level])
        reference.addData(qrencoder.QR8bitByte(data))
        reference.makeImpl(False, mask)
        expected = tuple("".join("1" if m else "0" for m in row) for row in reference.modules)
        assert mine.rows == expected, (level, length, mask)


def test_qr_picks_a_mask_and_sizes_the_version() -> None:
    matrix = qr.encode(f"{LOOKUP}?ma={CODE}")
    assert matrix.size == 4 * matrix.version + 17
    assert 0 <= matrix.mask <= 7
    assert qr.encode(f"{LOOKUP}?ma={CODE}") == matrix  # deterministic
    with pytest.raises(qr.QrTooLong):
        qr.encode("x" * 3000, "H")


def test_docs_never_imports_qt() -> None:
    code = (
        "import sys, app.docs; "
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'ui'))]; "
        "assert not bad, bad"
    )
    subprocess.run(
        [sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[2]
    )


# --- Determinism and odd input -------------------------------------------------------------------


def test_threads_render_the_same_bytes(record: DossierRecord) -> None:
    from concurrent.futures import ThreadPoolExecutor

    records = [replace(record, code=f"000.00.01.H26-250715-{i:04d}") for i in range(1, 13)]
    expected = [render_form("receipt", r) for r in records]
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(lambda r: render_form("receipt", r), records))
    assert got == expected


def test_a_reprint_after_a_restart_is_identical(record: DossierRecord) -> None:
    """A fresh process (cold caches, fonts registered anew) prints the very same bytes."""
    import pickle

    script = (
        "import pickle, sys; from app.docs import render_form; "
        "r = pickle.loads(sys.stdin.buffer.read()); "
        "sys.stdout.buffer.write(render_form('receipt', r))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=pickle.dumps(record),
        capture_output=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    render_form("thermal", record)  # warm this process's caches with another form first
    assert done.stdout == render_form("receipt", record)


def test_decomposed_and_foreign_letters_print_as_written(record: DossierRecord) -> None:
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hằng")
    r = replace(
        record,
        applicant=replace(
            record.applicant, full_name=decomposed, address="Straße 5, Müller & Núñez (Tổ 3) \\ «A»"
        ),
    )
    text = flat(render_form("receipt", r))
    assert "Nguyễn Thị Hằng" in text
    assert "Straße 5, Müller & Núñez (Tổ 3) \\ «A»" in text


def test_fonts_are_embedded_subsets_with_unicode_maps(record: DossierRecord) -> None:
    reader = PdfReader(io.BytesIO(render_form("receipt", record)), strict=True)
    fonts = reader.pages[0]["/Resources"]["/Font"]
    names = set()
    for ref in fonts.values():
        font = ref.get_object()
        descriptor = font["/FontDescriptor"].get_object()
        assert descriptor["/FontFile2"].get_object()["/Length1"] > 1000
        assert "/ToUnicode" in font
        assert len(font["/Widths"]) == font["/LastChar"] + 1
        names.add(str(font["/BaseFont"]).split("+", 1)[1])
    assert names == {"NotoSans-Regular", "NotoSans-Bold", "NotoSans-Italic"}
