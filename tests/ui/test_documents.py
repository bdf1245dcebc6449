"""The documents panel: the checklist ticks components with files, pages scanned from
SANE's test device one hotkey at a time are rotated, reordered and deleted before saving as
one PDF/A, files are imported, and a document digitised before for the same person is
reused with one key (DuocTaiSuDung)."""

from __future__ import annotations

import pikepdf
import pytest
from PIL import Image
from PySide6.QtCore import Qt

from app.files.store import FileStore
from app.services.dossiers import ApplicantInput, receive_dossier
from app.services.files import attach_files, list_files
from ui.documents import DocumentsPanel

PERSON = ApplicantInput("Đỗ Mạnh Hùng", "001083006543")


@pytest.fixture
def code(session) -> str:  # type: ignore[no-untyped-def]
    return receive_dossier(session.ctx, procedure_code="1.004222", applicant=PERSON).code


def _open(qtbot, session, code: str, id_number: str = "") -> DocumentsPanel:  # type: ignore[no-untyped-def]
    panel = DocumentsPanel(session, code, id_number)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.loaded, timeout=5000):
        panel.show()
    return panel


def _marks(panel: DocumentsPanel) -> list[bool]:
    return [panel.checklist.item(i).text().startswith("☑") for i in range(panel.checklist.count())]


def test_import_ticks_the_component_in_the_checklist(qtbot, session, code, tmp_path):
    panel = _open(qtbot, session, code)
    assert panel.checklist.count() >= 2 and not any(_marks(panel))
    panel.checklist.setCurrentRow(1)
    page = tmp_path / "so-ho-khau.jpg"
    Image.new("RGB", (600, 800), (230, 230, 230)).save(page)
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        panel.import_files([page])
    assert _marks(panel)[:2] == [False, True]
    assert [f.component for f in list_files(session.ctx, code=code)] == [2]
    assert panel.files.count() == 1


def test_bad_file_shows_the_vietnamese_message_and_keeps_nothing(qtbot, session, code, tmp_path):
    panel = _open(qtbot, session, code)
    fake = tmp_path / "anh.png"
    fake.write_bytes(b"%PDF-1.4 not a png")
    panel.import_files([fake])
    qtbot.waitUntil(lambda: panel.banner.isVisible(), timeout=5000)
    assert "không đúng với nội dung" in panel.banner.label.text()
    assert list_files(session.ctx, code=code) == []


def test_scan_hotkey_stages_pages_to_edit_before_saving(qtbot, session, code):
    panel = _open(qtbot, session, code)
    panel.device = "test"
    panel.activateWindow()
    panel.setFocus()
    for _ in range(3):
        qtbot.keyClick(panel, Qt.Key.Key_F8)
        qtbot.waitUntil(
            lambda: panel.cancel_event is None and panel.scan_button.isEnabled(), timeout=20000
        )
    qtbot.waitUntil(lambda: len(panel.staged) == 3, timeout=20000)
    assert panel.pages.count() == 3
    first = panel.staged[0].image
    panel.pages.setCurrentRow(0)
    panel.rotate_selected()  # page 1 turned a quarter
    panel.move_selected(+1)  # ... and moved after page 2
    assert panel.staged[1].rotate == 1 and panel.staged[1].image is first
    panel.pages.setCurrentRow(2)
    panel.delete_selected()  # page 3 dropped
    assert len(panel.staged) == 2
    with qtbot.waitSignal(panel.changed, timeout=10000):
        panel.save_pages()
    files = list_files(session.ctx, code=code)
    assert len(files) == 1 and files[0].pages == 2
    with pikepdf.open(FileStore.of(session.ctx.data_dir).path(files[0].sha256)) as pdf:
        sizes = [(float(p.mediabox[2]), float(p.mediabox[3])) for p in pdf.pages]
    assert sizes[0][0] < sizes[0][1] and sizes[1][0] > sizes[1][1]  # the turned page is wide
    assert panel.staged == [] and panel.pages.count() == 0


def test_a_document_of_the_same_person_is_reused_with_one_key(qtbot, session, code, tmp_path):
    earlier = receive_dossier(session.ctx, procedure_code="2.000815", applicant=PERSON).code
    doc = tmp_path / "cccd.pdf"
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.save(doc)
    made = attach_files(session.ctx, code=earlier, component=1, paths=[doc])[0]
    panel = _open(qtbot, session, code, id_number=PERSON.id_number)
    assert panel.reuse.count() == 1 and panel.reuse.isVisible()
    with qtbot.waitSignal(panel.changed, timeout=10000):
        qtbot.keyClick(panel, Qt.Key.Key_F9)
    files = list_files(session.ctx, code=code)
    assert [(f.sha256, f.reused) for f in files] == [(made.sha256, True)]


def test_the_detail_window_opens_the_documents_with_f7(qtbot, session, code):
    from ui.detail import DetailDialog

    dialog = DetailDialog(session, code)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        dialog.show()
    qtbot.keyClick(dialog, Qt.Key.Key_F7)
    opened = dialog.documents_dialog
    assert opened.isVisible() and opened.panel.code == code
    assert opened.panel.id_number == PERSON.id_number


def test_queue_filter_not_yet_digitised(qtbot, session, code, tmp_path):
    from app.services.dossiers import get_dossier
    from ui.queue import QueueScreen

    done = receive_dossier(
        session.ctx,
        procedure_code="1.004222",
        applicant=ApplicantInput("Bùi Ngọc Ánh", "001195002222"),
    ).code
    for n in range(1, len(get_dossier(session.ctx, code=done).documents) + 1):
        pdf = tmp_path / f"{n}.pdf"
        doc = pikepdf.new()
        for _ in range(n):
            doc.add_blank_page()
        doc.save(pdf)
        attach_files(session.ctx, code=done, component=n, paths=[pdf])
    screen = QueueScreen(session)
    qtbot.addWidget(screen)
    screen.show()
    with qtbot.waitSignal(screen.model.page_loaded, timeout=10_000):
        screen.refresh()
    assert screen.model.rowCount() == 2
    with qtbot.waitSignal(screen.model.page_loaded, timeout=10_000):
        screen.undigitised_box.setChecked(True)
    assert [screen.model.code_at(i) for i in range(screen.model.rowCount())] == [code]
    assert screen.undigitised_box.text() == "Chưa số hóa"


def test_a_copier_file_in_the_inbox_is_offered_and_attached_with_f10(qtbot, session, code):
    import os
    import time

    inbox = session.ctx.data_dir / "scan-inbox"
    inbox.mkdir()
    scanned = inbox / "copier-0001.jpg"
    Image.new("L", (600, 800), 200).save(scanned, "JPEG")
    old = time.time() - 10
    os.utime(scanned, (old, old))
    panel = _open(qtbot, session, code)
    with qtbot.waitSignal(panel.inbox_polled, timeout=5000):
        panel.poll_inbox()
    assert panel.inbox_list.count() == 1 and panel.inbox_list.isVisible()
    with qtbot.waitSignal(panel.changed, timeout=10000):
        qtbot.keyClick(panel, Qt.Key.Key_F10)
    files = list_files(session.ctx, code=code)
    assert len(files) == 1 and files[0].source.value == "folder"
    assert not scanned.exists() and (inbox / "attached" / "copier-0001.jpg").is_file()
    qtbot.waitUntil(lambda: panel.inbox_list.count() == 0, timeout=5000)


def test_a_document_the_hub_holds_for_the_person_is_offered_and_fetched(
    qtbot, session, hub, tmp_path, clock
):
    from app.services.context import open_desk
    from app.services.demo import create_demo
    from app.services.enrolment import enroll
    from app.services.files import push_files
    from app.services.sync import sync_once

    elsewhere = open_desk(tmp_path / "counter-2", clock=clock)  # another counter, same agency
    try:
        create_demo(elsewhere, dossiers=0)
        agency = elsewhere.service_point()[0].code
        enroll(elsewhere, hub_url=hub.url, code=hub.enrolment_code(agency))
        earlier = receive_dossier(elsewhere, procedure_code="2.000815", applicant=PERSON).code
        doc = tmp_path / "giay-khai-sinh.pdf"
        pdf = pikepdf.new()
        pdf.add_blank_page()
        pdf.save(doc)
        made = attach_files(elsewhere, code=earlier, component=1, paths=[doc])[0]
        assert sync_once(elsewhere).outcome == "ok"  # the round sends the file's bytes too
        assert [f.on_hub for f in list_files(elsewhere, code=earlier)] == [True]
        assert push_files(elsewhere).sent == 0
    finally:
        elsewhere.db.dispose()
    # Enrolled before it holds a dossier (a demo point with dossiers may not enroll).
    enroll(
        session.ctx.with_actor(elsewhere.actor), hub_url=hub.url, code=hub.enrolment_code(agency)
    )
    code = receive_dossier(session.ctx, procedure_code="1.004222", applicant=PERSON).code
    panel = DocumentsPanel(session, code, PERSON.id_number)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.hub_checked, timeout=10000):
        panel.show()
    assert panel.reuse.count() == 1 and "từ thành phố" in panel.reuse.item(0).text()
    with qtbot.waitSignal(panel.changed, timeout=10000):
        qtbot.keyClick(panel, Qt.Key.Key_F9)
    files = list_files(session.ctx, code=code)
    assert [(f.sha256, f.reused, f.on_hub) for f in files] == [(made.sha256, True, True)]


def test_scanning_an_id_card_at_intake_announces_the_persons_documents(qtbot, session, tmp_path):
    from conftest import CCCD_QR

    from ui.intake import IntakeForm

    card_owner = ApplicantInput("Nguyễn Văn Ánh", "001090012345")
    earlier = receive_dossier(session.ctx, procedure_code="2.000815", applicant=card_owner).code
    doc = tmp_path / "cccd.pdf"
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.save(doc)
    made = attach_files(session.ctx, code=earlier, component=1, paths=[doc])[0]
    form = IntakeForm(session)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitUntil(lambda: bool(form.procedures), timeout=5000)
    form.scanner.setText(CCCD_QR)
    assert form.scan_entered()
    qtbot.waitUntil(lambda: form.reuse_banner.isVisible(), timeout=5000)
    assert "1 giấy tờ" in form.reuse_banner.label.text()
    form.set_procedure(form.matching_procedures("1.001193")[0])
    with qtbot.waitSignal(form.saved, timeout=10_000) as saved:
        form.save()
    qtbot.keyClick(form, Qt.Key.Key_F7)
    panel = form.reuse_offer.dialog.panel
    qtbot.waitUntil(lambda: panel.reuse.count() == 1, timeout=5000)
    with qtbot.waitSignal(panel.changed, timeout=10000):
        qtbot.keyClick(panel, Qt.Key.Key_F9)
    files = list_files(session.ctx, code=saved.args[0].code)
    assert [(f.sha256, f.reused) for f in files] == [(made.sha256, True)]
    form.clear()
    assert not form.reuse_banner.isVisible()


def test_a_saved_file_opens_in_the_viewer_with_enter_or_a_double_click(
    qtbot, session, code, tmp_path
):
    three = tmp_path / "to-khai.pdf"
    pdf = pikepdf.new()
    for _ in range(3):
        pdf.add_blank_page()
    pdf.save(three)
    photo = tmp_path / "cccd.jpg"
    Image.new("RGB", (600, 800), (200, 210, 220)).save(photo)
    attach_files(session.ctx, code=code, component=1, paths=[three])
    attach_files(session.ctx, code=code, component=1, paths=[photo])
    panel = _open(qtbot, session, code)
    assert panel.files.count() == 2
    panel.files.setCurrentRow(0)
    panel.files.setFocus()
    with qtbot.waitSignal(panel.viewer_loaded, timeout=10000) as shown:
        qtbot.keyClick(panel.files, Qt.Key.Key_Return)
    viewer = panel.viewer
    assert viewer is not None and viewer.isVisible()
    assert shown.args == [3] and viewer.view.pdf.pageCount() == 3
    assert "to-khai.pdf" in viewer.windowTitle()
    rect = panel.files.visualItemRect(panel.files.item(1))
    with qtbot.waitSignal(panel.viewer_loaded, timeout=10000) as shown:
        # A real double-click: press and release, then the double-click (QTest's
        # mouseDClick alone lacks the press the item view checks the double-click against).
        qtbot.mouseClick(panel.files.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(panel.files.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert shown.args == [1] and panel.viewer is not viewer  # the photo, as a one-page PDF
    assert panel.viewer.view.pdf.pageCount() == 1


def test_long_component_names_wrap_in_the_dialog_at_its_size(qtbot, session, code, tmp_path):
    """At the dialog's own size on a 1366x768 screen every component's name shows whole
    (wrapped), with no sideways scroll bar, and the saved file's line too."""
    from ui.documents import DocumentsDialog

    attach_files(session.ctx, code=code, component=2, paths=[_blank_pdf(tmp_path / "a.pdf")])
    dialog = DocumentsDialog(session, code)
    qtbot.addWidget(dialog)
    panel = dialog.panel
    with qtbot.waitSignal(panel.loaded, timeout=5000):
        dialog.show()
    qtbot.waitExposed(dialog)
    panel.checklist.setCurrentRow(1)
    for view in (panel.checklist, panel.files):
        assert not view.horizontalScrollBar().isVisible()
        width = view.viewport().width()
        for i in range(view.count()):
            item = view.item(i)
            rect = view.visualItemRect(item)
            text_width = view.fontMetrics().horizontalAdvance(item.text())
            assert rect.width() <= width
            if text_width > width:  # the long legal name: on more than one line
                assert rect.height() >= 2 * view.fontMetrics().lineSpacing()
    long_names = [
        panel.checklist.item(i)
        for i in range(panel.checklist.count())
        if panel.checklist.fontMetrics().horizontalAdvance(panel.checklist.item(i).text())
        > panel.checklist.viewport().width() * 0.6
    ]
    assert long_names  # the demo procedure has one: the check above saw it wrap
    assert panel.checklist.viewport().width() >= 300  # room beside the page buttons


def test_the_file_lines_follow_the_language(qtbot, session, code, tmp_path):
    attach_files(session.ctx, code=code, component=1, paths=[_blank_pdf(tmp_path / "a.pdf")])
    session.language.set("en")
    panel = _open(qtbot, session, code)
    assert panel.files.count() == 1
    assert " · 1 page(s) · " in panel.files.item(0).text()
    assert "trang" not in panel.files.item(0).text()


def _blank_pdf(path):  # type: ignore[no-untyped-def]
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.save(path)
    return path


def test_esc_never_drops_scanned_pages_unasked(qtbot, session, code):
    from ui.documents import DocumentsDialog

    dialog = DocumentsDialog(session, code)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.panel.loaded, timeout=5000):
        dialog.show()
    panel = dialog.panel
    panel.add_pages([Image.new("L", (400, 560), 230), Image.new("L", (400, 560), 200)])
    qtbot.keyClick(panel.pages, Qt.Key.Key_Escape)
    assert dialog.isVisible() and len(panel.staged) == 2
    assert "Còn 2 trang chưa lưu" in panel.banner.label.text()
    panel.add_pages([Image.new("L", (400, 560), 180)])
    qtbot.keyClick(panel.pages, Qt.Key.Key_Escape)  # a page more: warned again
    assert dialog.isVisible() and "Còn 3 trang chưa lưu" in panel.banner.label.text()
    qtbot.keyClick(panel.pages, Qt.Key.Key_Escape)  # asked, and Esc again: closes
    assert not dialog.isVisible()


def test_esc_during_a_scan_stops_the_scan_not_the_dialog(qtbot, session, code):
    from ui.documents import DocumentsDialog

    dialog = DocumentsDialog(session, code)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.panel.loaded, timeout=5000):
        dialog.show()
    panel = dialog.panel
    panel.device = "test"
    qtbot.keyClick(panel, Qt.Key.Key_F8)
    cancel = panel.cancel_event
    assert cancel is not None  # the scan runs in its lane
    qtbot.keyClick(panel.pages, Qt.Key.Key_Escape)
    assert cancel.is_set() and dialog.isVisible()
    qtbot.waitUntil(lambda: panel.cancel_event is None, timeout=30_000)
    assert dialog.isVisible()
