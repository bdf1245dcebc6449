"""Fees paid in the dossier's detail: F6 opens the fee lines, the keyboard picks a line
and a method, Ctrl+Enter records it (never twice), Ctrl+P shows the biên lai in the
preview window; a screenshot at 1366x768 offscreen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.domain.fee_receipts import PaymentMethod
from app.services.dossiers import ApplicantInput, receive_dossier
from app.services.payments import fee_lines
from ui.detail import DetailDialog
from ui.payments import PaymentsDialog

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def code(session) -> str:  # type: ignore[no-untyped-def]
    return receive_dossier(
        session.ctx,
        procedure_code="1.000689",  # line 1: 0 đ (exempt), line 2: 15.000 đ
        applicant=ApplicantInput("Phạm Thị Hoa", "001190054321", address="Số 3 Nhật Chiêu"),
    ).code


def _payments(qtbot, session, code) -> PaymentsDialog:  # type: ignore[no-untyped-def]
    detail = DetailDialog(session, code)
    qtbot.addWidget(detail)
    with qtbot.waitSignal(detail.loaded, timeout=5000):
        detail.show()
    detail.activateWindow()
    qtbot.waitUntil(detail.isActiveWindow, timeout=5000)
    qtbot.keyClick(detail, Qt.Key.Key_F6)
    dialog = detail.payments_dialog
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=5000)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=5000)
    return dialog


def test_record_a_transfer_by_keyboard_and_preview_its_receipt(qtbot, session, code, tmp_path):
    dialog = _payments(qtbot, session, code)
    # the payable line is chosen first; the exempt one says so
    assert dialog.selected_line() == 2
    assert dialog.table.item(0, 3).text() == "Miễn thu"
    assert dialog.table.item(1, 3).text() == "Chưa thu"
    qtbot.keyClick(dialog, Qt.Key.Key_2)  # transfer through the slip's VietQR
    assert dialog.method() == PaymentMethod.TRANSFER
    with qtbot.waitSignal(dialog.paid, timeout=5000) as paid:
        qtbot.keyClick(dialog, Qt.Key.Key_Return, CTRL)
    payment = paid.args[0].payment
    assert (payment.line, payment.method, payment.amount) == (2, PaymentMethod.TRANSFER, 15000)
    assert "Chuyển khoản" in dialog.table.item(1, 3).text()
    assert payment.receipt_no in dialog.table.item(1, 4).text()
    assert "đang chờ gửi" in dialog.table.item(1, 4).text()
    assert payment.receipt_no in dialog.banner.text
    assert not dialog.pay_button.isEnabled()  # a paid line is not offered again
    # screenshot of the fee window over the detail, at the counter's 1366x768
    dialog.resize(1366, 768)
    shot = tmp_path / "payments.png"
    assert dialog.grab().save(str(shot))
    # Ctrl+P: the biên lai in the existing preview window
    qtbot.keyClick(dialog, Qt.Key.Key_P, CTRL)
    preview = dialog.preview
    assert preview is not None
    qtbot.addWidget(preview)
    qtbot.waitUntil(lambda: bool(preview.pdf), timeout=10000)
    assert preview.pdf.startswith(b"%PDF") and "Biên lai số" in preview.windowTitle()
    out = tmp_path / "bl.pdf"
    with qtbot.waitSignal(preview.saved, timeout=5000):
        preview.save_to(out)
    assert out.read_bytes() == preview.pdf
    preview.resize(1366, 768)
    qtbot.wait(800)  # QtPdf paints its pages in the background
    assert preview.grab().save(str(tmp_path / "preview.png"))
    lines = fee_lines(session.ctx, code=code)
    assert [ln.payment is not None for ln in lines] == [False, True]


def test_a_second_payment_is_refused_with_the_message(qtbot, session, code):
    dialog = _payments(qtbot, session, code)
    from app.services.payments import record_payment

    record_payment(session.ctx, code=code, line=2, method="cash")  # another clerk, meanwhile
    dialog.pay_selected()
    qtbot.waitUntil(lambda: dialog.banner.kind == "error", timeout=5000)
    assert "không thu hai lần" in dialog.banner.text
    assert Path  # noqa: B018
