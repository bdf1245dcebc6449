"""Leaving the counter: lock (the same password unlocks, the work comes back), log out and
switch user (back to the log-in, audited), and no quitting that loses an unsaved form."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from app.services.context import open_desk
from app.services.demo import DEMO_PASSWORD, create_demo
from app.services.users import audit_trail, log_in
from ui.app import Options, Startup
from ui.mainwindow import MainWindow

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _actions(ctx) -> list[str]:  # type: ignore[no-untyped-def]
    """The audit log's newest actions, read as the supervisor (only they may)."""
    boss = log_in(ctx, username="lanhdao", password=DEMO_PASSWORD)
    return [e.action for e in audit_trail(boss, limit=20) if e.actor != "lanhdao"]


def _window(qtbot, session) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(session, start_sync=False)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    return window


def test_lock_hides_the_work_and_only_the_password_brings_it_back(qtbot, session):
    window = _window(qtbot, session)
    window.intake.name.setText("Trần Thị Thu")  # unsaved work in progress
    qtbot.keyClick(window, Qt.Key.Key_K, CTRL_SHIFT)
    lock = window.lock_screen
    assert window.locked and lock.geometry() == window.rect()
    assert not window.centralWidget().isEnabled() and not window.new_action.isEnabled()
    assert QApplication.focusWidget() is lock.password
    qtbot.keyClicks(lock.password, "sai mat khau")
    qtbot.keyClick(lock.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(lock.error.text()), timeout=10_000)
    assert window.locked
    qtbot.keyClicks(lock.password, DEMO_PASSWORD)
    with qtbot.waitSignal(lock.unlocked, timeout=10_000):
        qtbot.keyClick(lock.password, Qt.Key.Key_Return)
    assert not window.locked and window.centralWidget().isEnabled()
    assert window.intake.name.text() == "Trần Thị Thu"
    actions = _actions(session.ctx)
    assert actions[:2] == ["login.ok", "login.failed"]


def test_quit_with_an_unsaved_form_asks_first(qtbot, session):
    window = _window(qtbot, session)
    window.intake.name.setText("Trần Thị Thu")
    with qtbot.assertNotEmitted(window.closed):
        qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
        QApplication.processEvents()
    assert window.isVisible() and window.quit_box is not None
    box = window.quit_box
    assert box.defaultButton() is box.escapeButton()  # Enter and Esc both keep the form
    box.escapeButton().click()
    QApplication.processEvents()
    assert window.isVisible() and window.intake.name.text() == "Trần Thị Thu"
    window.close()
    leave = next(
        b
        for b in window.quit_box.buttons()
        if window.quit_box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole
    )
    with qtbot.waitSignal(window.closed, timeout=2000):
        leave.click()
    assert not window.isVisible()


def test_quit_without_unsaved_input_is_immediate(qtbot, session):
    window = _window(qtbot, session)
    with qtbot.waitSignal(window.closed, timeout=2000):
        qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)


def test_log_out_and_switch_user_go_back_to_the_log_in(qtbot, tmp_path: Path):
    data = tmp_path / "data"
    ctx = open_desk(data)
    create_demo(ctx, dossiers=0)
    ctx.db.dispose()
    startup = Startup(
        Options(data, "vi", False),
        login=("canbo1", DEMO_PASSWORD),
        start_sync=False,
        install_hooks=False,
    )
    try:
        with qtbot.waitSignal(startup.window_shown, timeout=20_000) as shown:
            startup.start()
        window = shown.args[0]
        with qtbot.waitSignal(startup.login_shown, timeout=5000):
            window.log_out()
        assert startup.exit_code is None  # the app goes on
        login = startup.login_dialog
        assert login is not None and login.isVisible()
        assert login.username.text() == "canbo1"  # log out: the same name filled in
        login.username.setText("canbo2")
        login.password.setText(DEMO_PASSWORD)
        with qtbot.waitSignal(startup.window_shown, timeout=20_000) as again:
            login.submit()
        second = again.args[0]
        assert second.session.ctx.actor.username == "canbo2"
        with qtbot.waitSignal(startup.login_shown, timeout=5000):
            second.log_out(switch=True)
        assert startup.login_dialog.username.text() == ""  # switch: someone else types
        assert startup.workers.wait_idle(10_000)
        actions = _actions(second.session.ctx)
        assert actions.count("logout") == 2, actions
    finally:
        startup.finish(0)
