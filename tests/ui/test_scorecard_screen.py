"""The supervisor's 766 scorecard screen: the tables show build_scorecards' points with the
formula and source, the portal's parts say "không đo được tại đây", the drill-down lists the
dossiers that cost points and Enter opens one; a clerk has no such tab."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path

from conftest import make_session
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.domain.dossier import Status
from app.domain.index766 import Group, Period, Reason
from app.services.demo import DEMO_PASSWORD
from app.services.dossiers import ApplicantInput, advance_dossier, receive_dossier
from app.services.index766 import build_scorecards
from app.services.users import log_in
from ui.mainwindow import MainWindow

SHOT = os.environ.get("MOTCUA_SCORECARD_SHOT", "")


def test_the_scorecard_shows_points_formulas_and_opens_a_dossier_that_cost_points(
    qtbot, desk, clock, workers, language, tmp_path: Path
):
    clerk = log_in(desk, username="canbo1", password=DEMO_PASSWORD)
    clock.now = datetime(2025, 7, 1, 2, 0, tzinfo=UTC)
    person = ApplicantInput("Lê Văn Cường", "001090012346", address="Số 2 Âu Cơ, Hà Nội")
    late = receive_dossier(clerk, procedure_code="1.004194", applicant=person).code
    clock.now = datetime(2025, 7, 15, 2, 0, tzinfo=UTC)
    person = ApplicantInput("Phạm Thị Dung", "001090012347", address="Số 3 Âu Cơ, Hà Nội")
    done = receive_dossier(clerk, procedure_code="1.004194", applicant=person).code
    advance_dossier(clerk, code=done, to=Status.PROCESSING)
    advance_dossier(clerk, code=done, to=Status.RESOLVED)
    boss = log_in(desk, username="lanhdao", password=DEMO_PASSWORD)
    window = MainWindow(make_session(boss, workers, language, tmp_path), start_sync=False)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    screen = window.scorecard
    assert screen is not None
    with qtbot.waitSignal(screen.built, timeout=20_000) as built:
        window.tabs.setCurrentWidget(screen)
    (card,) = built.args[0]
    # The first look: this year to the counter's today, one card for the year.
    (expected,) = build_scorecards(
        boss, date_from=date(2025, 1, 1), date_to=date(2025, 7, 15), period=Period.YEAR
    )
    assert card == expected and card.label == "2025"
    # 2.1: 2 received, 1 late (open past 4/7) → 20 × 1/2 = 10, shown beside its formula.
    progress = screen.group_tables[Group.PROGRESS.value]
    assert progress.item(0, 0).text() == "2.1"
    assert progress.item(0, 2).text() == "10" and progress.item(0, 3).text() == "20"
    assert "50,0 %" in progress.item(0, 4).text()
    assert progress.item(0, 7).text() == "§4 M"
    assert "digitisation.md §4" in progress.item(0, 8).toolTip()
    assert progress.item(0, 8).text().startswith("20 × ")
    assert progress.item(0, 6).text() == "ước tính"
    publicity = screen.group_tables[Group.PUBLICITY.value]
    assert publicity.item(0, 2).text() == "—"
    assert publicity.item(0, 6).text() == "không đo được tại đây"
    assert "ước tính" in screen.total.text()

    # The drill-down: overdue is the first reason; Enter opens the dossier's detail.
    if screen.drill_table.rowCount() == 0:
        qtbot.waitSignal(screen.drilled, timeout=20_000).wait()
    assert screen.reason.currentData() == Reason.OVERDUE
    assert screen.drill_table.rowCount() == 1
    assert screen.drill_table.item(0, 0).text() == late
    if SHOT:
        QApplication.processEvents()
        assert window.grab().save(SHOT)
    screen.drill_table.setFocus()
    screen.drill_table.selectRow(0)
    with qtbot.waitSignal(screen.open_requested, timeout=2000) as opened:
        qtbot.keyClick(screen.drill_table, Qt.Key.Key_Return)
    assert opened.args == [late]
    qtbot.waitUntil(lambda: late in window.details, timeout=5000)
    window.details[late].close()

    # Another reason: not paid online (both have a 15.000 đ fee paid at no window).
    with qtbot.waitSignal(screen.drilled, timeout=20_000) as drilled:
        screen.reason.setCurrentIndex(list(Reason).index(Reason.NOT_PAID_ONLINE))
    assert drilled.args[0].count == 2
    assert {screen.drill_table.item(i, 0).text() for i in range(2)} == {late, done}

    # The Excel copy, written in the write lane.
    out = tmp_path / "766"
    with qtbot.waitSignal(screen.exported, timeout=20_000) as exported:
        screen.export_to(out)
    assert exported.args[0].endswith("766.xlsx") and Path(exported.args[0]).exists()


def test_a_clerk_has_no_scorecard(qtbot, desk, workers, language, tmp_path: Path):
    clerk = log_in(desk, username="canbo1", password=DEMO_PASSWORD)
    window = MainWindow(make_session(clerk, workers, language, tmp_path), start_sync=False)
    qtbot.addWidget(window)
    assert window.scorecard is None
