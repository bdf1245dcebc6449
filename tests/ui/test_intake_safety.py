"""The intake form's safety net: Enter after a scan never picks a procedure from an empty
search, the fee of the dossier's channel and the appointment show before saving, a day off
asks for a second Enter, and the pickers rank the exact name first."""

from __future__ import annotations

from datetime import UTC, datetime

from conftest import CCCD_QR, make_session, type_unicode
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.services.demo import DEMO_PASSWORD
from app.services.dossiers import get_dossier, list_dossiers
from app.services.users import log_in
from ui.intake import IntakeForm
from ui.mainwindow import MainWindow


def _ready_form(qtbot, session) -> IntakeForm:
    form = IntakeForm(session)
    qtbot.addWidget(form)
    form.show()
    form.activateWindow()
    qtbot.waitUntil(lambda: bool(form.procedures), timeout=5000)
    return form


def test_enter_after_a_scan_picks_nothing_and_saves_nothing(qtbot, session):
    form = _ready_form(qtbot, session)
    form.scanner.setFocus()
    type_unicode(form.scanner, CCCD_QR)
    qtbot.keyClick(form.scanner, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is form.proc_search and not form.proc_search.text()
    qtbot.keyClick(form.proc_search, Qt.Key.Key_Return)  # the scanner's extra Enter
    assert form.procedure is None
    assert form.banner.kind == "warning" and "gõ một phần tên" in form.banner.text
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # and another
    qtbot.wait(300)
    assert form.procedure is None and form.record is None
    assert not list_dossiers(session.ctx)
    # Choosing with the arrows from an empty search is still a choice the clerk made.
    qtbot.keyClick(form.proc_search, Qt.Key.Key_Down)
    qtbot.keyClick(form.proc_search, Qt.Key.Key_Return)
    assert form.procedure is not None


def test_fee_of_the_channel_and_appointment_show_before_saving(qtbot, session):
    form = _ready_form(qtbot, session)
    form.set_procedure(form.matching_procedures("1.004194")[0])  # Đăng ký tạm trú
    qtbot.waitUntil(
        lambda: "Hẹn trả dự kiến: 14:05 18/07/2025" in form.fees_label.text(), timeout=5000
    )
    assert "Tổng cộng: 15.000 đ" in form.fees_label.text()
    assert "22.000" not in form.fees_label.text()
    form.channel.setCurrentIndex(form.channel.findData("online"))
    qtbot.waitUntil(lambda: "Tổng cộng: 7.000 đ" in form.fees_label.text(), timeout=5000)
    assert "15.000" not in form.fees_label.text()


def test_saving_on_a_day_off_needs_a_second_enter(qtbot, session, clock):
    clock.now = datetime(2025, 9, 2, 3, 0, tzinfo=UTC)  # 2/9, National Day, 10:00 in Hà Nội
    form = _ready_form(qtbot, session)
    form.scanner.setText(CCCD_QR)
    assert form.scan_entered()
    form.set_procedure(form.matching_procedures("1.001193")[0])
    form.save()
    qtbot.waitUntil(lambda: form.banner.kind == "warning", timeout=5000)
    assert "ngày nghỉ" in form.banner.text and form.save_button.isEnabled()
    qtbot.wait(300)
    assert form.record is None and not list_dossiers(session.ctx)
    with qtbot.waitSignal(form.saved, timeout=10_000) as saved:
        form.save()
    assert get_dossier(session.ctx, code=saved.args[0].code).procedure_code == "1.001193"


def test_every_picker_ranks_the_exact_name_first(qtbot, session, desk, workers, language, tmp_path):
    form = _ready_form(qtbot, session)
    form.proc_search.setText("khai sinh")
    assert form.proc_list.item(0).data(Qt.ItemDataRole.UserRole) == "1.001193"
    helper = log_in(desk, username="tnv1", password=DEMO_PASSWORD)
    window = MainWindow(make_session(helper, workers, language, tmp_path), start_sync=False)
    qtbot.addWidget(window)
    picker = window.volunteer.picker
    qtbot.waitUntil(lambda: bool(picker.procedures), timeout=10_000)
    picker.search.returnPressed.emit()  # an Enter on the empty search picks nothing
    assert picker.procedure is None
    picker.search.setText("Đăng ký khai sinh")
    assert picker.matches.item(0).data(Qt.ItemDataRole.UserRole) == "1.001193"


def test_a_scanner_that_drops_vietnamese_letters_is_refused_with_advice(qtbot, session):
    form = _ready_form(qtbot, session)
    form.scanner.setFocus()
    bad = "001090012345||Nguyn Vn An|05031990|Nam|S 12 u C, phng Ty H, H Ni|01072021"
    type_unicode(form.scanner, bad)
    qtbot.keyClick(form.scanner, Qt.Key.Key_Return)
    assert form.banner.kind == "error"
    assert "mất chữ có dấu" in form.banner.text and "Unicode" in form.banner.text
    assert form.name.text() == "" and form.id_number.text() == ""
    assert form.scanner.text() == bad
