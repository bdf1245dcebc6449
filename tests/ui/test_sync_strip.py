"""The status strip follows a real hub going down and coming back; rejected dossiers and
clock skew are shown."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtWidgets import QDialogButtonBox

import ui.syncstrip as syncstrip
from app.services.dossiers import ApplicantInput, receive_dossier
from app.services.sync_problems import RejectedEvent
from app.services.sync_status import SyncStatus, sync_status
from ui.enroll import EnrollDialog
from ui.mainwindow import MainWindow
from ui.syncstrip import SyncStrip

AGENCY = "000.00.31.H26"


def _receive(ctx, n: int) -> str:  # type: ignore[no-untyped-def]
    return receive_dossier(
        ctx,
        procedure_code="1.001193",
        applicant=ApplicantInput(f"Vũ Văn Hải {n}", f"0010900{n:05d}"),
    ).code


def test_strip_follows_the_hub_down_and_back(qtbot, session, clock, hub):
    clock.now = datetime.now(UTC).replace(microsecond=0)  # the hub runs on the real clock
    window = MainWindow(session, start_sync=True, sync_interval_ms=600_000)
    qtbot.addWidget(window)
    window.show()
    strip = window.strip
    qtbot.waitUntil(lambda: strip.state_key == "not_enrolled", timeout=10_000)
    assert "Chưa kết nối" in strip.state.text()

    # Enrol through the dialog, as a supervisor would.
    dialog = window.show_enroll()
    dialog.url.setText(hub.url)
    dialog.code.setText(hub.enrolment_code(AGENCY))
    with qtbot.waitSignal(dialog.enrolled, timeout=15_000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: strip.state_key == "up_to_date", timeout=15_000)
    assert strip.waiting.text() == "Chờ gửi: 0 hồ sơ"
    # The slot the hub gave this counter is shown.
    assert strip.counter.isVisibleTo(strip) and strip.counter.text() == "Quầy số 0"
    qtbot.waitUntil(lambda: window.counter_slot == 0, timeout=5_000)
    assert strip.last.text() != "Đồng bộ lần cuối: chưa có"

    # The hub goes down: a save still works, and the strip says offline with one waiting.
    hub.stop()
    _receive(session.ctx, 1)
    window.refresh()  # F5
    qtbot.waitUntil(lambda: strip.state_key == "offline", timeout=30_000)
    assert strip.waiting.text() == "Chờ gửi: 1 hồ sơ"
    assert "Mất kết nối" in strip.state.text()
    assert window.sync.running is False

    # It comes back on the same address: the waiting dossier goes, the strip turns green.
    hub.start()
    window.refresh()
    qtbot.waitUntil(lambda: strip.state_key == "up_to_date", timeout=30_000)
    assert strip.waiting.text() == "Chờ gửi: 0 hồ sơ"
    assert sync_status(session.ctx).waiting == 0


def test_save_triggers_a_sync_round(qtbot, session):
    window = MainWindow(session, start_sync=False)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.strip.status is not None, timeout=5000)
    rounds = window.sync.rounds
    record = receive_dossier(
        session.ctx,
        procedure_code="1.001193",
        applicant=ApplicantInput("Hồ Thị Lan", "001190000777"),
    )
    session.events.dossier_changed.emit(record.code)  # what the intake announces on a save
    qtbot.waitUntil(lambda: window.sync.rounds > rounds, timeout=10_000)


def test_rejected_events_and_clock_skew_are_shown(qtbot, session, monkeypatch):
    strip = SyncStrip()
    qtbot.addWidget(strip)
    strip.show_status(
        SyncStatus(
            state="needs_attention",
            waiting=2,
            rejected=1,
            last_success=None,
            last_error="x",
            clock_skew_seconds=900.0,
            hub_url="http://127.0.0.1:1",
        )
    )
    assert strip.skew.isVisibleTo(strip)
    assert strip.skew.text() == "⚠ Đồng hồ máy này nhanh 15 phút so với máy chủ"
    assert strip.rejected.text() == "Bị từ chối: 1"
    assert strip.state.text() == "Cần xử lý"
    assert not strip.counter.isVisibleTo(strip)  # no slot yet
    strip.show_status(SyncStatus("up_to_date", 0, 0, None, "", -30.0, None, slot=3))
    assert not strip.skew.isVisibleTo(strip)
    assert strip.counter.text() == "Quầy số 3"

    events = [
        RejectedEvent(
            "000.00.31.H26-250715-1001",
            "Hệ thống của thành phố từ chối: thiếu mã thủ tục",
            datetime(2025, 7, 15, 7, 5, tzinfo=UTC),
            False,
            "Sửa thông tin hồ sơ rồi gửi lại",
        )
    ]
    resent: list[int] = []

    def resend(ctx):  # type: ignore[no-untyped-def]
        resent.append(1)
        events.clear()
        return 1

    monkeypatch.setattr(syncstrip, "_rejected", lambda ctx: list(events))
    monkeypatch.setattr(syncstrip, "_resend", resend)
    window = MainWindow(session, start_sync=False)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.strip.rejected_requested, timeout=1000):
        window.strip.rejected.click()
    dialog = window.rejected_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=5000)
    assert dialog.table.item(0, 0).text() == "000.00.31.H26-250715-1001"
    assert "thiếu mã thủ tục" in dialog.table.item(0, 1).text()
    assert dialog.table.item(0, 3).text() == "Sửa thông tin hồ sơ rồi gửi lại"
    assert dialog.resend_button.isEnabled()
    with qtbot.waitSignal(dialog.resent, timeout=5000):
        dialog.resend_button.click()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 0, timeout=5000)
    assert resent == [1] and not dialog.resend_button.isEnabled()


def test_enrolment_errors_are_shown(qtbot, session):
    dialog = EnrollDialog(session)
    qtbot.addWidget(dialog)
    dialog.url.setText("")
    dialog.submit()
    assert dialog.banner.kind == "warning"
    dialog.url.setText("http://127.0.0.1:9")  # nothing listens there
    dialog.code.setText("ABC-123")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.banner.kind == "error", timeout=30_000)
    assert dialog.buttons.isEnabled()
