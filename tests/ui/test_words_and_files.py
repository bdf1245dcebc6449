"""The counter's words and files: the save dialog is Qt's own, in Vietnamese, opening in the
output folder with a readable name; counts read right in English; a chart axis of counts
shows whole numbers."""

from __future__ import annotations

from conftest import make_session
from PySide6.QtWidgets import QFileDialog

from app.domain.dossier import Channel
from app.services.demo import DEMO_PASSWORD, create_demo
from app.services.dossiers import ApplicantInput, receive_dossier
from app.services.users import log_in
from ui.mainwindow import MainWindow
from ui.preview import PreviewDialog
from ui.queue import QueueScreen
from ui.reports import count_axis


def test_save_pdf_opens_in_the_output_folder_with_the_dossier_and_form_name(qtbot, session):
    code = receive_dossier(
        session.ctx,
        procedure_code="1.001193",
        applicant=ApplicantInput("Đỗ Minh Quân", "001085011223"),
        channel=Channel.DIRECT,
    ).code
    preview = PreviewDialog(session, code, "receipt")
    qtbot.addWidget(preview)
    with qtbot.waitSignal(preview.loaded, timeout=15_000):
        preview.show()
    preview.ask_save()
    dialog = preview.file_dialog
    assert isinstance(dialog, QFileDialog) and dialog.isVisible()
    assert dialog.testOption(QFileDialog.Option.DontUseNativeDialog)
    assert dialog.directory().absolutePath() == str(session.ctx.output_dir)
    name = f"{code} Giấy tiếp nhận và hẹn trả kết quả (Mẫu 01).pdf"
    assert dialog.selectedFiles()[0].endswith(name)
    assert dialog.labelText(QFileDialog.DialogLabel.Accept) == "Lưu"
    assert dialog.labelText(QFileDialog.DialogLabel.FileName) == "Tên tệp:"
    with qtbot.waitSignal(preview.saved, timeout=15_000) as saved:
        dialog.accept()
    assert saved.args[0] == str(session.ctx.output_dir / name)
    assert (session.ctx.output_dir / name).read_bytes().startswith(b"%PDF")


def test_one_dossier_reads_right_in_english(qtbot, session):
    receive_dossier(
        session.ctx,
        procedure_code="1.001193",
        applicant=ApplicantInput("Đỗ Minh Quân", "001085011223"),
        channel=Channel.DIRECT,
    )
    screen = QueueScreen(session)
    qtbot.addWidget(screen)
    session.language.set("en")
    with qtbot.waitSignal(screen.model.page_loaded, timeout=5000):
        screen.refresh()
    assert screen.count_label.text().startswith("Dossiers shown: 1")
    assert "1 dossiers" not in screen.count_label.text()


def test_a_count_axis_has_whole_steps():
    assert count_axis(0) == (1, 1)
    assert count_axis(1) == (1, 1)  # was 0, 0.25, 0.5, 0.75, 1 printed "%d": 0,0,0,0,1
    assert count_axis(4) == (1, 4)
    assert count_axis(7) == (2, 8)
    assert count_axis(42) == (10, 50)
    for largest in range(0, 2000, 7):
        step, top = count_axis(largest)
        assert top >= largest and top % step == 0 and top // step <= 5
        assert str(step)[0] in "125" and set(str(step)[1:]) <= {"0"}


def test_the_reports_chart_counts_in_whole_dossiers(qtbot, desk, workers, language, tmp_path):
    create_demo(desk, dossiers=3)
    boss = log_in(desk, username="lanhdao", password=DEMO_PASSWORD)
    window = MainWindow(make_session(boss, workers, language, tmp_path), start_sync=False)
    qtbot.addWidget(window)
    window.show()
    screen = window.reports
    with qtbot.waitSignal(screen.built, timeout=20_000):
        window.tabs.setCurrentWidget(screen)
    axis = screen.timely_axis
    assert axis.tickType() == axis.TickType.TicksDynamic
    assert axis.tickInterval() >= 1 and float(axis.tickInterval()).is_integer()
    assert axis.max() % axis.tickInterval() == 0 and axis.min() == 0
    assert axis.labelFormat() == "%d"
