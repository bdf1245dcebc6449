"""The public-post round trip through the screens: the post-office agent receives a post
dossier, makes a hand-over list and previews its PDF; the commune clerk scans the list and
its dossiers are received, once only."""

from __future__ import annotations

import io
from datetime import date, timedelta

from conftest import CCCD_QR, make_session
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter

from app.domain.dossier import Channel
from app.domain.handover import encode_payload, format_batch_id, handover_payload
from app.services.demo import DEMO_PASSWORD
from app.services.dossiers import get_dossier
from app.services.users import audit_trail, log_in
from ui.mainwindow import MainWindow
from ui.preview import PreviewDialog


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def _window(qtbot, desk, workers, language, folder, username):  # type: ignore[no-untyped-def]
    person = log_in(desk, username=username, password=DEMO_PASSWORD)
    folder.mkdir(exist_ok=True)
    window = MainWindow(make_session(person, workers, language, folder), start_sync=False)
    qtbot.addWidget(window)
    window.show()
    return window


def test_post_round_trip_through_the_screens(qtbot, desk, workers, language, tmp_path, clock):
    # The post-office agent receives one dossier through the post channel.
    agent = _window(qtbot, desk, workers, language, tmp_path / "agent", "buudien1")
    form = agent.intake
    qtbot.waitUntil(lambda: bool(form.procedures), timeout=10_000)
    form.scanner.setText(CCCD_QR)
    assert form.scan_entered()
    form.proc_search.setText("dang ky khai sinh")
    form.pick_procedure()
    assert form.channel.currentData() == "post"
    form.post_no.setText("RR123456789VN")
    with qtbot.waitSignal(form.saved, timeout=10_000) as saved:
        form.save()
    code = saved.args[0].code
    assert get_dossier(desk, code=code).channel == Channel.POST

    # The hand-over tab lists it, ticked; a list is made and its preview opens.
    screen = agent.handover
    agent.tabs.setCurrentWidget(screen)
    screen.refresh()
    qtbot.waitUntil(lambda: screen.checked_codes() == [code], timeout=10_000)
    with qtbot.waitSignal(screen.preview_opened, timeout=10_000) as opened:
        with qtbot.waitSignal(screen.created, timeout=10_000) as created:
            screen.create_button.click()
    batch = created.args[0]
    assert batch.codes == (code,)
    preview = opened.args[0]
    qtbot.waitUntil(lambda: bool(preview.pdf), timeout=15_000)
    text = _pdf_text(preview.pdf)
    assert code in text and batch.batch_id in text
    qtbot.waitUntil(lambda: screen.pending == [] and len(screen.batches) == 1, timeout=10_000)
    assert "Chờ xã tiếp nhận" in screen.batch_table.item(0, 3).text()
    saved_to = tmp_path / "ban-giao.pdf"
    with qtbot.waitSignal(preview.saved, timeout=10_000):
        preview.save_to(saved_to)
    assert saved_to.read_bytes().startswith(b"%PDF")
    # It is the desk's one preview: the list prints as a form does, and is audited.
    assert isinstance(preview, PreviewDialog) and not preview.form_box.isVisibleTo(preview)
    assert batch.batch_id in preview.windowTitle()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    with qtbot.waitSignal(preview.printed, timeout=20_000):
        preview.print_on(printer)
    assert len(PdfReader(str(tmp_path / "printed.pdf")).pages) == 1
    assert preview.banner.kind == "success"
    supervisor = log_in(desk, username="lanhdao", password=DEMO_PASSWORD)
    kept = [e.action for e in audit_trail(supervisor, entity_key=batch.batch_id)]
    assert kept.count("handover.print") == 2  # the save and the print
    preview.close()
    agent.close()

    # Two hours later the commune clerk scans the list: the dossier is received.
    clock.now += timedelta(hours=2)
    clerk = _window(qtbot, desk, workers, language, tmp_path / "clerk", "canbo1")
    reception = clerk.batch_reception
    clerk.tabs.setCurrentWidget(reception)
    reception.scanner.setText(handover_payload(batch) + "\n")
    with qtbot.waitSignal(reception.received, timeout=10_000) as received:
        reception.scanner.returnPressed.emit()
    receipt = received.args[0]
    assert receipt.codes == (code,)
    record = get_dossier(desk, code=code)
    assert record.received_at == clock.now
    assert record.appointment_at == receipt.dossiers[0].appointment_at
    assert record.receiver_name == "Nguyễn Thị Hằng"
    assert any(batch.batch_id in h.note for h in record.history)
    assert reception.table.rowCount() == 1 and reception.table.item(0, 0).text() == code
    assert reception.banner.kind == "success" and batch.batch_id in reception.banner.text
    assert reception.scanner.text() == ""

    # A second scan of the same list is refused, clearly, and changes nothing.
    reception.scanner.setText(handover_payload(batch))
    with qtbot.waitSignal(reception.refused, timeout=10_000) as refused:
        reception.submit()
    assert "đã được tiếp nhận" in refused.args[0]
    assert reception.banner.kind == "error" and batch.batch_id in reception.banner.text
    assert get_dossier(desk, code=code).received_at == record.received_at

    # A list of another agency is refused too.
    other = "000.00.99.H99"
    batch_id = format_batch_id(other, date(2025, 7, 15), 1, 1)
    reception.scanner.setText(encode_payload(batch_id, other, [f"{other}-250715-0001"]))
    with qtbot.waitSignal(reception.refused, timeout=10_000) as refused:
        reception.submit()
    assert other in refused.args[0] and "không phải cơ quan" in refused.args[0]
    clerk.close()
