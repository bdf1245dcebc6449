"""After saving, Enter prints the receipt again (as the banner says) and never clears the
form; however many Enters, one preview; the A4 receipt is one of the forms offered."""

from __future__ import annotations

import io

from conftest import CCCD_QR, type_unicode
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.services.dossiers import list_dossiers
from ui.mainwindow import MainWindow


def _focused():  # type: ignore[no-untyped-def]
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def _saved_window(qtbot, session) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(session, start_sync=False)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    form = window.intake
    qtbot.waitUntil(lambda: bool(form.procedures), timeout=5000)
    type_unicode(_focused(), CCCD_QR)
    qtbot.keyClick(_focused(), Qt.Key.Key_Return)
    qtbot.keyClicks(_focused(), "dang ky khai sinh")
    qtbot.keyClick(_focused(), Qt.Key.Key_Return)
    with qtbot.waitSignal(form.saved, timeout=10_000):
        qtbot.keyClick(_focused(), Qt.Key.Key_Return)
        qtbot.keyClick(_focused(), Qt.Key.Key_Return)  # the double Enter of a busy clerk
    qtbot.waitUntil(lambda: bool(window.previews), timeout=5000)
    return window


def test_enter_after_saving_reprints_and_keeps_the_form(qtbot, session):
    window = _saved_window(qtbot, session)
    form = window.intake
    code = form.record.code
    assert "Nhấn Enter để in lại biên nhận" in form.banner.text
    assert form.save_button.text() == "In lại biên nhận (Enter)"
    preview = window.previews[0]
    preview.close()  # Esc in the preview: back to the form
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    assert _focused() is not form.new_button
    for _ in range(3):
        qtbot.keyClick(_focused(), Qt.Key.Key_Return)
        QApplication.processEvents()
    # The form still holds the saved dossier; one preview of its receipt is open.
    assert form.record is not None and form.record.code == code
    assert form.name.text() == "Nguyễn Văn Ánh"
    assert [(p.code, p.form) for p in window.previews] == [(code, "receipt")]
    assert window.previews[0].isVisible()
    assert [r.code for r in list_dossiers(session.ctx, search="001090012345")] == [code]
    # Only F2 starts the next dossier.
    window.previews[0].close()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_F2)
    assert form.record is None and form.name.text() == ""
    assert form.save_button.text() == "Lưu và in biên nhận (Enter)"


def test_one_preview_for_a_double_enter(qtbot, session):
    window = _saved_window(qtbot, session)
    qtbot.wait(300)  # a second "saved" would have opened its preview by now
    QApplication.processEvents()
    assert len(window.previews) == 1


def test_the_a4_receipt_is_offered_and_printed_on_a4(qtbot, session):
    window = _saved_window(qtbot, session)
    preview = window.previews[0]
    qtbot.waitUntil(lambda: preview.form_box.findData("receipt_a4") >= 0, timeout=5000)
    qtbot.waitUntil(lambda: bool(preview.pdf), timeout=15_000)
    with qtbot.waitSignal(preview.loaded, timeout=15_000):
        preview.form_box.setCurrentIndex(preview.form_box.findData("receipt_a4"))
    page = PdfReader(io.BytesIO(preview.pdf)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    detail = window.open_detail(window.intake.record.code)
    qtbot.waitUntil(lambda: detail.form_box.findData("receipt_a4") >= 0, timeout=5000)
