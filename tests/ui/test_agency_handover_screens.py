"""The paper hand-over between bodies through the screens (issue 18): at point A the clerk
picks the body, types the courier's name and makes the list from the keyboard (its PDF
opens in the preview); at body B the clerk scans the list on the reception screen: the
dossiers that are here are taken, the missing one is named, scanning again once it has
arrived takes it, and a scan after that is refused. Screens grabbed at 1366x768."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from conftest import make_session, type_unicode
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from app.domain.handover import handover_payload
from app.domain.interagency import RouteState
from app.services.demo import DEMO_PASSWORD
from app.services.dossiers import get_dossier
from app.services.users import log_in
from tests.helpers.interagency_desks import (
    B_CLERK,
    B_NAME,
    B,
    add_catalog_body,
    deliver_incoming,
    open_body_b,
    receive_for,
)
from ui.mainwindow import MainWindow

COURIER = "Đỗ Văn Chuyển"
SHOTS = Path(os.environ.get("MOTCUA_SHOTS", "")) if os.environ.get("MOTCUA_SHOTS") else None


def _window(qtbot, ctx, workers, language, folder, username):  # type: ignore[no-untyped-def]
    person = log_in(ctx, username=username, password=DEMO_PASSWORD)
    folder.mkdir(exist_ok=True)
    window = MainWindow(make_session(person, workers, language, folder), start_sync=False)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    return window


def _shot(widget, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    path = (SHOTS or tmp_path) / name
    assert widget.grab().save(str(path))


@pytest.fixture
def desk_b(tmp_path, clock):  # type: ignore[no-untyped-def]
    ctx = open_body_b(tmp_path / "b", clock)
    yield ctx
    ctx.db.dispose()


def test_list_made_at_a_from_the_keyboard_and_scanned_at_b(
    qtbot, desk, desk_b, workers, language, tmp_path
):  # type: ignore[no-untyped-def]
    add_catalog_body(desk, B, B_NAME)
    clerk_a = log_in(desk, username="canbo1", password=DEMO_PASSWORD)
    codes = [receive_for(clerk_a, B, i) for i in range(3)]

    a = _window(qtbot, desk, workers, language, tmp_path / "a", "canbo1")
    screen = a.agency_handover
    assert screen is not None
    a.tabs.setCurrentWidget(screen)
    qtbot.waitUntil(lambda: screen.checked_codes() == codes, timeout=10_000)
    assert screen.current_body() == B and B_NAME in screen.body.currentText()
    assert not screen.create_button.isEnabled()  # no courier yet
    # Keyboard only: Alt+C to the courier, type, Ctrl+Enter.
    qtbot.keyClick(screen, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(screen.courier.hasFocus, timeout=5_000)
    type_unicode(screen.courier, COURIER)
    assert screen.create_button.isEnabled()
    _shot(a, tmp_path, "agency-handover-a.png")
    with qtbot.waitSignal(screen.preview_opened, timeout=15_000) as opened:
        with qtbot.waitSignal(screen.created, timeout=10_000) as created:
            qtbot.keyClick(screen.courier, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    batch = created.args[0]
    assert batch.codes == tuple(codes) and batch.courier_name == COURIER
    preview = opened.args[0]
    qtbot.waitUntil(lambda: bool(preview.pdf), timeout=15_000)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(preview.pdf)).pages)
    assert COURIER in text and "NGƯỜI CHUYỂN" in text and batch.batch_id in text
    qtbot.waitUntil(lambda: screen.pending == [] and len(screen.batches) == 1, timeout=10_000)
    assert screen.batch_table.item(0, 4).text() == COURIER
    assert screen.body.count() == 0  # nothing else waits
    preview.close()
    a.close()

    # At B: two of the three have arrived through the hub.
    deliver_incoming(desk_b, desk, codes[0])
    deliver_incoming(desk_b, desk, codes[2])
    b = _window(qtbot, desk_b, workers, language, tmp_path / "b", B_CLERK[0])
    reception = b.batch_reception
    assert reception is not None
    b.tabs.setCurrentWidget(reception)
    reception.focus_start()
    reception.scanner.setText(handover_payload(batch) + "\n")
    with qtbot.waitSignal(reception.received, timeout=10_000) as received:
        qtbot.keyClick(reception.scanner, Qt.Key.Key_Return)
    first = received.args[0]
    assert first.taken == (codes[0], codes[2]) and first.missing == (codes[1],)
    panel = reception.agency_panel
    assert panel.isVisible() and not reception.result_group.isVisible()
    assert panel.table.rowCount() == 3
    assert panel.table.item(2, 0).text() == codes[1]
    assert "Chưa có" in panel.table.item(2, 1).text()
    assert reception.banner.kind == "warning" and "quét lại" in reception.banner.text
    said = [
        label
        for label in b.findChildren(QLabel)
        if label.isVisible() and first.batch_id in label.text()
    ]
    assert len(said) == 1  # the banner, not again as the panel's heading
    assert "MCBA" in reception.scanner.placeholderText()  # the hint names both kinds
    assert "Nhận danh sách bàn giao" in b.tab_titles()
    _shot(b, tmp_path, "agency-handover-b-missing.png")
    assert get_dossier(desk_b, code=codes[0]).route_state is RouteState.PROCESSING

    deliver_incoming(desk_b, desk, codes[1])
    reception.scanner.setText(handover_payload(batch))
    with qtbot.waitSignal(reception.received, timeout=10_000) as received:
        reception.submit()
    assert received.args[0].taken == (codes[1],) and received.args[0].complete
    assert reception.banner.kind == "success"
    reception.scanner.setText(handover_payload(batch))
    with qtbot.waitSignal(reception.refused, timeout=10_000) as refused:
        reception.submit()
    assert "đã được tiếp nhận" in refused.args[0] and batch.batch_id in refused.args[0]
    b.close()


def test_the_tab_follows_new_dossiers_and_starts_on_the_body(
    qtbot, desk, workers, language, tmp_path
):  # type: ignore[no-untyped-def]
    """It loaded once at login: a dossier saved for another body afterwards stayed out of
    it ("0 hồ sơ chờ…") until "Làm mới"; opening the tab left the keyboard nowhere."""
    add_catalog_body(desk, B, B_NAME)
    clerk_a = log_in(desk, username="canbo1", password=DEMO_PASSWORD)
    a = _window(qtbot, desk, workers, language, tmp_path / "a", "canbo1")
    screen = a.agency_handover
    assert screen is not None
    a.tabs.setCurrentWidget(a.queue)
    qtbot.waitUntil(lambda: screen.pending_count.text().startswith("0 hồ sơ"), timeout=10_000)
    first = receive_for(clerk_a, B, 0)
    a.session.events.dossier_changed.emit(first)  # what the intake says after its save
    a.tabs.setCurrentWidget(screen)
    qtbot.waitUntil(lambda: screen.checked_codes() == [first], timeout=10_000)
    assert screen.pending_count.text().startswith("1 hồ sơ")
    qtbot.waitUntil(screen.body.hasFocus, timeout=5_000)  # "Cơ quan nhận" first
    # While it is shown: a dossier a sync round brought (or another screen saved) shows too.
    # The clerk's untick survives the reload.
    screen.pending_table.item(0, 0).setCheckState(Qt.CheckState.Unchecked)
    second = receive_for(clerk_a, B, 1)
    a.session.events.dossiers_pulled.emit()
    qtbot.waitUntil(lambda: screen.pending_codes() == [first, second], timeout=10_000)
    assert screen.checked_codes() == [second]
    a.close()
