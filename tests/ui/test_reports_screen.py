"""The supervisor's dashboard: the figures equal build_report's, the charts and tables are
filled, an overdue dossier opens its detail, and the exports read back."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
from conftest import make_session
from PySide6.QtCharts import QBarSeries, QPieSeries

from app.domain.dossier import Channel, Status
from app.services.demo import DEMO_PASSWORD, create_demo
from app.services.dossiers import ApplicantInput, advance_dossier, receive_dossier
from app.services.reports import build_report
from app.services.users import log_in
from ui.mainwindow import MainWindow
from ui.reports import percent

FROM, TO = date(2025, 5, 1), date(2025, 7, 15)


def test_the_dashboard_shows_build_reports_figures_and_exports_them(
    qtbot, desk, clock, workers, language, tmp_path
):
    create_demo(desk, dossiers=80)
    boss = log_in(desk, username="lanhdao", password=DEMO_PASSWORD)
    # The demo's open dossiers past their date all wait for the citizen's papers, which is
    # not overdue: one forgotten in processing since June is.
    clerk = log_in(desk, username="canbo1", password=DEMO_PASSWORD)
    now = clock.now
    clock.now = datetime(2025, 6, 2, 2, 0, tzinfo=UTC)
    person = ApplicantInput("Lê Văn Chậm", "001090099999")
    late = receive_dossier(clerk, procedure_code="1.001570", applicant=person).code
    advance_dossier(clerk, code=late, to=Status.PROCESSING)
    clock.now = now
    window = MainWindow(make_session(boss, workers, language, tmp_path), start_sync=False)
    qtbot.addWidget(window)
    window.show()
    screen = window.reports
    assert not screen.xlsx_button.isEnabled()
    # The first look builds this month's report (of the counter's clock) at once.
    with qtbot.waitSignal(screen.built, timeout=20_000) as first:
        window.tabs.setCurrentWidget(screen)
    assert screen.date_from.date().toString("dd/MM/yyyy") == "01/07/2025"
    assert screen.date_to.date().toString("dd/MM/yyyy") == "15/07/2025"
    month = build_report(boss, date_from=date(2025, 7, 1), date_to=date(2025, 7, 15))
    assert first.args[0].total == month.total
    assert screen.figure("total") == str(month.total)
    assert screen.xlsx_button.isEnabled()

    screen.set_range(FROM, TO)
    with qtbot.waitSignal(screen.built, timeout=20_000) as built:
        screen.build_button.click()
    shown = built.args[0]
    expected = build_report(boss, date_from=FROM, date_to=TO)
    assert shown.total == expected.total == 81
    assert screen.figure("total") == "81"
    direct = next(c for c in expected.by_channel if c.channel == Channel.DIRECT)
    assert screen.figure("direct") == f"{direct.count} ({percent(direct.percent)})"
    for key, value in (
        ("resolved", expected.resolved),
        ("early", expected.early),
        ("on_time", expected.on_time),
        ("late", expected.late),
        ("in_processing", expected.in_processing),
        ("overdue", expected.in_processing_overdue),
        ("assisted", expected.assisted_online),
    ):
        assert screen.figure(key) == str(value), key
    assert screen.figure("on_time_rate") == percent(expected.on_time_rate)
    assert screen.figure("online_rate") == percent(expected.online_rate)
    assert screen.figure("payment_rate") == percent(expected.online_payment_rate)

    pie = screen.channel_chart.series()[0]
    assert isinstance(pie, QPieSeries)
    assert round(pie.sum()) == expected.total
    bars = screen.timely_chart.series()[0]
    assert isinstance(bars, QBarSeries)
    assert [s.at(0) for s in bars.barSets()] == [expected.early, expected.on_time, expected.late]
    assert screen.by_procedure.rowCount() == len(expected.by_procedure)
    assert screen.by_clerk.rowCount() == len(expected.by_receiver)
    assert screen.overdue.rowCount() == len(expected.overdue) > 0

    # Double-click on an overdue dossier opens its detail through the main window.
    code = screen.overdue.item(0, 0).text()
    screen.overdue.doubleClicked.emit(screen.overdue.model().index(0, 1))
    assert code in window.details
    window.details[code].close()

    xlsx = tmp_path / "bao-cao"
    with qtbot.waitSignal(screen.exported, timeout=20_000) as exported:
        screen.export_to(xlsx, "xlsx")
    assert exported.args[0].endswith("bao-cao.xlsx")
    book = openpyxl.load_workbook(exported.args[0])
    summary = {row[0]: row[1] for row in book["Tổng hợp"].iter_rows(min_row=2, values_only=True)}
    assert summary["Tổng số hồ sơ tiếp nhận"] == expected.total
    assert "bao-cao.xlsx" in screen.banner.text

    with qtbot.waitSignal(screen.exported, timeout=20_000) as exported:
        screen.export_to(tmp_path / "bao-cao.csv", "csv")
    text = Path(exported.args[0]).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert ["Tổng số hồ sơ tiếp nhận", str(expected.total)] in rows

    # English at run time: the figures' names and the tab titles follow.
    language.set("en")
    try:
        qtbot.waitUntil(
            lambda: window.tabs.tabText(window.tabs.indexOf(screen)) == "Reports", timeout=2000
        )
        assert screen.build_button.text() == "Build report"
        assert screen.figure("total") == "81"
    finally:
        language.set("vi")
    window.close()


def test_the_dashboard_shows_the_digitised_share_and_the_reused_documents(
    qtbot, desk, workers, language, tmp_path
):
    import pikepdf

    from app.services.dossiers import ApplicantInput, receive_dossier
    from app.services.files import attach_existing, attach_files, dossier_components
    from ui.reports import ReportsScreen

    clerk = log_in(desk, username="canbo1", password=DEMO_PASSWORD)
    person = ApplicantInput("Đỗ Mạnh Hùng", "001083006543")
    pdf = tmp_path / "giay.pdf"
    doc = pikepdf.new()
    doc.add_blank_page()
    doc.save(pdf)
    full = receive_dossier(clerk, procedure_code="1.004222", applicant=person).code
    for comp in dossier_components(clerk, code=full):
        made = attach_files(clerk, code=full, component=comp.component, paths=[pdf])[0]
    again = receive_dossier(clerk, procedure_code="1.004222", applicant=person).code
    attach_existing(clerk, code=again, component=1, sha256=made.sha256, name=made.name)
    receive_dossier(clerk, procedure_code="1.004222", applicant=person)  # not digitised
    boss = log_in(desk, username="lanhdao", password=DEMO_PASSWORD)
    screen = ReportsScreen(make_session(boss, workers, language, tmp_path))
    qtbot.addWidget(screen)
    with qtbot.waitSignal(screen.built, timeout=20_000) as built:
        screen.build_button.click()
    shown = built.args[0]
    today = screen.date_to.date().toPython()
    expected = build_report(boss, date_from=today.replace(day=1), date_to=today)
    assert shown.total == expected.total == 3
    assert expected.digitised >= 1 and expected.reused == 1  # figures worth showing
    assert screen.figure("digitised") == str(expected.digitised)
    assert screen.figure("digitised_rate") == percent(expected.digitised_rate)
    assert screen.figure("reused") == "1"
    assert screen.figure_names["digitised_rate"].text() == "Tỷ lệ hồ sơ đã số hóa:"
