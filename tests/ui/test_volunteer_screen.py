"""The volunteer's screen: a citizen helped to submit online is recorded, listed for today,
and counted in the report as an assisted online submission."""

from __future__ import annotations

from conftest import make_session

from app.services.demo import DEMO_PASSWORD
from app.services.reports import build_report
from app.services.users import log_in
from app.services.volunteer import AssistOutcome
from ui.mainwindow import MainWindow
from ui.reports import ReportsScreen

ONLINE_CODE = "G22.99-250715-000123"


def test_volunteer_records_a_submission_listed_and_counted(
    qtbot, desk, workers, language, tmp_path
):
    helper = log_in(desk, username="tnv1", password=DEMO_PASSWORD)
    window = MainWindow(make_session(helper, workers, language, tmp_path), start_sync=False)
    qtbot.addWidget(window)
    window.show()
    screen = window.volunteer
    assert window.tabs.currentWidget() is screen
    qtbot.waitUntil(lambda: bool(screen.picker.procedures), timeout=10_000)
    qtbot.waitUntil(lambda: screen.count_label.text().startswith("Hôm nay: 0"), timeout=10_000)

    # Nothing picked yet, no code: the service's refusal shows in the banner.
    screen.picker.search.setText("dang ky khai sinh")
    assert screen.picker.matches.count() >= 1
    screen.picker.search.returnPressed.emit()
    assert screen.picker.procedure is not None
    procedure = screen.picker.procedure
    screen.save()
    qtbot.waitUntil(lambda: screen.banner.kind == "error", timeout=10_000)
    assert "mã hồ sơ trực tuyến" in screen.banner.text

    screen.online_code.setText(ONLINE_CODE.lower())
    screen.citizen_id.setText("001090012345")
    with qtbot.waitSignal(screen.listed, timeout=10_000):
        with qtbot.waitSignal(screen.recorded, timeout=10_000) as recorded:
            screen.online_code.returnPressed.emit()
    record = recorded.args[0]
    assert record.online_code == ONLINE_CODE and record.outcome is AssistOutcome.SUBMITTED
    assert record.procedure_code == procedure.code
    assert screen.table.rowCount() == 1
    assert screen.table.item(0, 1).text() == ONLINE_CODE
    assert screen.table.item(0, 3).text() == "Đã nộp trực tuyến"
    assert screen.online_code.text() == "" and screen.picker.procedure is None

    # Could not submit: the reason is required, then it is listed too.
    screen.picker.search.setText("khai sinh")
    screen.picker.pick()
    screen.failed.setChecked(True)
    assert not screen.online_code.isEnabled() and screen.reason.isEnabled()
    screen.reason.setText("Thiếu bản quét giấy chứng sinh")
    with qtbot.waitSignal(screen.listed, timeout=10_000):
        screen.save()
    assert screen.table.rowCount() == 2
    assert "1 hồ sơ đã nộp" in screen.count_label.text()
    window.close()

    # The supervisor's report counts the assisted online submission.
    boss = log_in(desk, username="lanhdao", password=DEMO_PASSWORD)
    reports = ReportsScreen(make_session(boss, workers, language, tmp_path))
    qtbot.addWidget(reports)
    with qtbot.waitSignal(reports.built, timeout=15_000) as built:
        reports.show()
    report = built.args[0]
    today = desk.now().date()
    assert (
        report.assisted_online
        == build_report(boss, date_from=today.replace(day=1), date_to=today).assisted_online
        == 1
    )
    assert reports.figure("assisted") == "1"
