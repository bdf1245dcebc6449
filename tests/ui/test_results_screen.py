"""The results in the dossier detail: the result shown with its file, a viewer, and the
hand-over in one keyboard path (Ctrl+6, the recipient, Enter) through the write lane."""

from __future__ import annotations

import pikepdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.domain.dossier import Status
from app.domain.results import RecipientKind
from app.services.dossiers import ApplicantInput, advance_dossier, get_dossier, receive_dossier
from app.services.results import attach_result, dossier_results
from ui.detail import DetailDialog


@pytest.fixture
def resolved(session, tmp_path) -> str:  # type: ignore[no-untyped-def]
    rec = receive_dossier(
        session.ctx,
        procedure_code="1.001193",
        applicant=ApplicantInput("Phạm Thị Hoa", "001190054321"),
    )
    advance_dossier(session.ctx, code=rec.code, to=Status.PROCESSING)
    pdf = tmp_path / "kq.pdf"
    doc = pikepdf.new()
    doc.add_blank_page()
    doc.add_blank_page()
    doc.save(pdf)
    attach_result(
        session.ctx,
        code=rec.code,
        paths=[pdf],
        name="Giấy xác nhận tình trạng hôn nhân",
        so_ky_hieu="123/XN-UBND",
        signer="Trần Văn Bình",
        signed_on="2025-07-14",
    )
    advance_dossier(session.ctx, code=rec.code, to=Status.RESOLVED)
    return rec.code


def _open(qtbot, session, code: str) -> DetailDialog:  # type: ignore[no-untyped-def]
    dialog = DetailDialog(session, code)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.results_panel.loaded, timeout=5000):
        dialog.show()
    qtbot.waitUntil(lambda: dialog.record is not None, timeout=5000)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=5000)
    return dialog


def test_the_detail_shows_the_result_and_views_its_file(qtbot, session, resolved):
    dialog = _open(qtbot, session, resolved)
    panel = dialog.results_panel
    assert panel.table.rowCount() == 1
    assert "123/XN-UBND" in panel.table.item(0, 0).text()
    assert "Trần Văn Bình" in panel.table.item(0, 0).text()
    assert panel.table.item(0, 1).text() == "2 trang"
    assert panel.table.item(0, 2).text() == "⚠ Chưa ký số"  # an unsigned result warns
    assert "không có chữ ký số" in panel.state.text()
    assert panel.view_button.isEnabled()
    viewer = panel.open_viewer()
    assert viewer is not None
    qtbot.addWidget(viewer)
    with qtbot.waitSignal(viewer.loaded, timeout=5000) as shown:
        pass
    assert shown.args == [2]


def test_returning_the_result_is_one_keyboard_path(qtbot, session, resolved, tmp_path):
    dialog = _open(qtbot, session, resolved)
    assert dialog.offered() == {Status.RETURNED}
    qtbot.keyClick(dialog, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.pending_dialog is not None, timeout=2000)  # animated click
    handover = dialog.pending_dialog
    assert handover is not None and handover.isVisible()
    assert handover.warnings.isVisibleTo(handover)
    assert "không có chữ ký số" in handover.warnings.text()  # shown before the hand-over
    qtbot.keyClick(handover.kind, Qt.Key.Key_Down)  # applicant -> authorised
    assert handover.chosen() == RecipientKind.AUTHORISED and handover.id_number.isEnabled()
    handover.name.setText("Le Thi Cuc")
    # Enter without an ID number: the domain's message, the dialog stays, nothing saved.
    qtbot.keyClick(handover.name, Qt.Key.Key_Return)
    assert handover.isVisible() and "định danh" in handover.error.text()
    assert get_dossier(session.ctx, code=resolved).status == Status.RESOLVED
    handover.id_number.setText("001190004321")
    handover.originals.setText("CCCD ban chinh")
    dialog.resize(1366, 768)  # the counter's usual screen, looked at by eye
    QApplication.processEvents()
    assert dialog.grab().save(str(tmp_path / "detail-results.png"))
    assert handover.grab().save(str(tmp_path / "handover-dialog.png"))
    with qtbot.waitSignal(dialog.moved, timeout=10000):
        qtbot.keyClick(handover.id_number, Qt.Key.Key_Return)
    view = dossier_results(session.ctx, code=resolved)
    assert view.status == Status.RETURNED and view.handover is not None
    assert (view.handover.kind, view.handover.id_number) == (
        RecipientKind.AUTHORISED,
        "001190004321",
    )
    assert view.handover.originals == ("CCCD ban chinh",)
    assert not dialog.offered()
    receipt = dialog.results_panel.viewer
    assert receipt is not None
    qtbot.addWidget(receipt)
    qtbot.waitUntil(lambda: receipt.pane.pdf.pageCount() == 1, timeout=5000)


def test_a_paper_result_is_attached_from_the_panel(qtbot, session, tmp_path):
    rec = receive_dossier(
        session.ctx,
        procedure_code="1.001193",
        applicant=ApplicantInput("Phạm Thị Hoa", "001190054321"),
    )
    advance_dossier(session.ctx, code=rec.code, to=Status.PROCESSING)
    dialog = _open(qtbot, session, rec.code)
    panel = dialog.results_panel
    assert panel.table.rowCount() == 0 and panel.attach_button.isEnabled()
    assert not panel.view_button.isEnabled()
    pdf = tmp_path / "kq.pdf"
    doc = pikepdf.new()
    doc.add_blank_page()
    doc.save(pdf)
    with qtbot.waitSignal(panel.loaded, timeout=5000):
        panel.attach_paths([pdf])
    assert panel.table.rowCount() == 1 and panel.view_button.isEnabled()
    assert len(dossier_results(session.ctx, code=rec.code).results) == 1
