"""Receiving a dossier at the intake form: keyboard alone, idempotent saves, bad scans,
returning applicants, duplicates."""

from __future__ import annotations

import io

from conftest import CCCD_QR, make_session, type_unicode
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.domain.dossier import Channel, Status
from app.services.demo import DEMO_PASSWORD
from app.services.dossiers import ApplicantInput, get_dossier, list_dossiers, receive_dossier
from app.services.users import log_in
from ui.intake import IntakeForm
from ui.mainwindow import MainWindow


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def _focused():
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def test_receive_a_dossier_by_keyboard_alone(qtbot, session):
    window = MainWindow(session, start_sync=False)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    form = window.intake
    qtbot.waitUntil(lambda: bool(form.procedures), timeout=5000)
    assert _focused() is form.scanner

    # The scanner types the card's payload and Enter.
    type_unicode(_focused(), CCCD_QR)
    qtbot.keyClick(_focused(), Qt.Key.Key_Return)
    assert form.name.text() == "Nguyễn Văn Ánh"
    assert form.id_number.text() == "001090012345"
    assert form.birth.text() == "05/03/1990"
    assert form.sex.currentData() == "Nam"
    assert form.address.text() == "Số 12 Âu Cơ, phường Tây Hồ, Hà Nội"
    assert _focused() is form.proc_search

    # Part of the procedure's name, without accents, then Enter picks it.
    qtbot.keyClicks(_focused(), "dang ky khai sinh")
    qtbot.keyClick(_focused(), Qt.Key.Key_Return)
    assert form.procedure is not None and form.procedure.name == "Đăng ký khai sinh"
    assert form.docs.rowCount() == len(form.procedure.documents)
    assert _focused() is form.docs

    # Enter saves; the receipt's preview opens with the new code on it.
    with qtbot.waitSignal(form.saved, timeout=10_000) as saved:
        qtbot.keyClick(_focused(), Qt.Key.Key_Return)
    record = saved.args[0]
    stored = get_dossier(session.ctx, code=record.code)
    assert stored.applicant.full_name == "Nguyễn Văn Ánh"
    assert stored.procedure_code == form.procedure.code
    assert stored.channel == Channel.DIRECT and stored.status == Status.RECEIVED
    assert [d.name for d in stored.documents] == [
        d.name for d in form.procedure.documents if d.required
    ]
    qtbot.waitUntil(lambda: bool(window.previews), timeout=5000)
    preview = window.previews[-1]
    qtbot.waitUntil(lambda: bool(preview.pdf), timeout=15_000)
    assert record.code in _pdf_text(preview.pdf)
    assert preview.form == "receipt"


def test_saving_twice_makes_one_dossier(qtbot, session):
    form = IntakeForm(session)
    qtbot.addWidget(form)
    qtbot.waitUntil(lambda: bool(form.procedures), timeout=5000)
    form.scanner.setText(CCCD_QR)
    assert form.scan_entered()
    form.set_procedure(form.matching_procedures("1.001193")[0])
    with qtbot.waitSignal(form.saved, timeout=10_000) as first:
        form.save()
        assert not form.save_button.isEnabled()  # disabled while saving
        form.save()  # a double Enter: ignored while the first runs
    with qtbot.waitSignal(form.saved, timeout=10_000) as second:
        form.save()  # again after it answered: same intake key, same dossier
    assert first.args[0].code == second.args[0].code
    rows = list_dossiers(session.ctx, search="001090012345")
    assert [r.code for r in rows] == [first.args[0].code]
    old_key = form.intake_key
    form.clear()
    assert form.intake_key != old_key and form.record is None


def test_malformed_scan_shows_the_error_and_keeps_the_fields(qtbot, session):
    form = IntakeForm(session)
    qtbot.addWidget(form)
    form.show()
    form.name.setText("Trần Thị Bình")
    form.phone.setText("0912345678")
    bad = "00109001234||Nguyễn Văn Ánh|05031990|Nam|Hà Nội|01072021"  # 11-digit id
    form.scanner.setFocus()
    type_unicode(form.scanner, bad)
    qtbot.keyClick(form.scanner, Qt.Key.Key_Return)
    assert form.banner.isVisible() and form.banner.kind == "error"
    assert "không phải căn cước công dân" in form.banner.text
    assert form.scanner.text() == bad
    assert form.name.text() == "Trần Thị Bình" and form.phone.text() == "0912345678"
    assert not list_dossiers(session.ctx)
    session.language.set("en")
    form.scanner.setText("hello")
    form.scan_entered()
    assert "not a citizen ID card" in form.banner.text


def test_pasted_payload_is_read_without_enter(qtbot, session):
    form = IntakeForm(session)
    qtbot.addWidget(form)
    with qtbot.waitSignal(form.scanned, timeout=3000):
        form.scanner.setText(CCCD_QR)  # a paste: no Enter follows
    assert form.id_number.text() == "001090012345"


def test_known_applicant_is_prefilled_and_duplicates_warned(qtbot, session):
    ctx = session.ctx
    receive_dossier(
        ctx,
        procedure_code="1.001193",
        applicant=ApplicantInput(
            "Nguyễn Văn Ánh",
            "001090012345",
            phone="0987654321",
            email="anh@example.vn",
            address="Số 12 Âu Cơ",
        ),
    )
    form = IntakeForm(session)
    qtbot.addWidget(form)
    qtbot.waitUntil(lambda: bool(form.procedures), timeout=5000)
    form.id_number.setFocus()
    qtbot.keyClicks(form.id_number, "001090012345")
    qtbot.waitUntil(lambda: form.phone.text() == "0987654321", timeout=5000)
    assert form.email.text() == "anh@example.vn"
    assert form.name.text() == "Nguyễn Văn Ánh"
    form.set_procedure(form.matching_procedures("1.001193")[0])
    qtbot.waitUntil(lambda: form.dup_banner.isVisibleTo(form), timeout=5000)
    assert form.duplicates and form.dup_banner.kind == "warning"


def test_missing_procedure_and_bad_birth_date_are_explained(qtbot, session):
    form = IntakeForm(session)
    qtbot.addWidget(form)
    qtbot.waitUntil(lambda: bool(form.procedures), timeout=5000)
    form.name.setText("Lê Văn Cường")
    form.id_number.setText("001090099999")
    form.save()
    assert "Chưa chọn thủ tục" in form.banner.text
    form.set_procedure(form.procedures[0])
    form.birth.setText("31/02/1990")
    form.save()
    assert "31/02/1990" in form.banner.text and not form.saving
    form.birth.setText("1/2/1990")
    form.id_number.setText("123")
    form.save()
    qtbot.waitUntil(lambda: form.banner.kind == "error", timeout=5000)
    assert "12 chữ số" in form.banner.text  # the service's own message
    assert form.save_button.isEnabled()


def test_post_channel_needs_a_post_agent_and_a_receipt_number(qtbot, session, desk, tmp_path):
    form = IntakeForm(session)
    qtbot.addWidget(form)
    channels = [form.channel.itemData(i) for i in range(form.channel.count())]
    assert channels == ["direct", "online"]  # a clerk may not accept post dossiers

    agent = log_in(desk, username="buudien1", password=DEMO_PASSWORD)
    post_session = make_session(agent, session.workers, session.language, tmp_path)
    form = IntakeForm(post_session)
    qtbot.addWidget(form)
    qtbot.waitUntil(lambda: bool(form.procedures), timeout=5000)
    assert [form.channel.itemData(i) for i in range(form.channel.count())] == ["post"]
    assert form.post_no.isEnabled()
    form.scanner.setText(CCCD_QR)
    form.scan_entered()
    form.set_procedure(form.matching_procedures("1.001193")[0])
    form.save()
    assert "số hiệu bưu gửi" in form.banner.text and not form.saving
    form.post_no.setText("RR123456789VN")
    with qtbot.waitSignal(form.saved, timeout=10_000) as saved:
        form.save()
    stored = get_dossier(session.ctx, code=saved.args[0].code)
    assert stored.channel == Channel.POST and stored.post_receipt_no == "RR123456789VN"
