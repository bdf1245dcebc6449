"""The report screen's tab of dossiers received for other bodies and from other points
(issue 18), in Vietnamese and in English."""

from __future__ import annotations

from conftest import make_session
from PySide6.QtWidgets import QApplication

from app.services.demo import DEMO_PASSWORD
from app.services.users import log_in
from tests.helpers.routed import NAMES, A, B, receive, route
from ui.reports import ReportsScreen


def test_the_routed_tab_lists_each_body(qtbot, desk, workers, language, tmp_path):  # type: ignore[no-untyped-def]
    for_b, from_a = receive(desk, 2), receive(desk, 1)
    receive(desk, 3)
    route(desk, for_b, competent=B, received_at=None)
    route(desk, from_a, competent=None, received_at=A)
    boss = log_in(desk, username="lanhdao", password=DEMO_PASSWORD)
    screen = ReportsScreen(make_session(boss, workers, language, tmp_path))
    qtbot.addWidget(screen)
    with qtbot.waitSignal(screen.built, timeout=20_000):
        screen.show()
    table = screen.routed.table
    rows = [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]
    assert [(r[1], r[2], r[3]) for r in rows] == [(B, NAMES[B], "2"), (A, NAMES[A], "1")]
    assert rows[0][0] == "Tiếp nhận hộ (đã tính)"
    assert rows[1][0] == "Nơi khác tiếp nhận (không tính)"
    assert screen.tables.tabText(3) == "Phi địa giới (3)"
    assert screen.figure_values["total"].text().startswith("5")  # the one from A is A's
    language.toggle()
    QApplication.processEvents()
    assert screen.tables.tabText(3) == "Other bodies (3)"
    assert table.item(1, 0).text() == "Received elsewhere (not counted)"
    language.toggle()
