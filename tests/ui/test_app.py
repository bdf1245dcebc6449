"""Start-up: arguments, a damaged database shown (with the latest backup) and a non-zero
exit, the demo made in the worker, per-person log-in with translated errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

import ui.app as app_module
from app.services.context import open_desk
from app.services.demo import DEMO_PASSWORD, create_demo
from ui.app import EXIT_START_FAILED, Options, Startup, parse_args


def _startup(qtbot, folder: Path, **kw) -> Startup:  # type: ignore[no-untyped-def]
    options = Options(folder, kw.pop("lang", "vi"), kw.pop("demo", False))
    startup = Startup(options, install_hooks=False, start_sync=False, **kw)
    return startup


def _close(startup: Startup) -> None:
    startup.language.set("vi")  # the translator is application-wide
    if startup.window is not None:
        startup.window.close()
    if startup.exit_code is None:
        startup.finish(0)


def test_arguments():
    opts = parse_args(["--data-dir", "/tmp/x", "--lang", "en", "--demo"])
    assert opts == Options(Path("/tmp/x"), "en", True)
    assert parse_args([]).lang is None
    with pytest.raises(SystemExit):
        parse_args(["--lang", "fr"])


def test_a_damaged_database_is_explained_with_its_backup(qtbot, tmp_path):
    folder = tmp_path / "data"
    (folder / "backups").mkdir(parents=True)
    (folder / "motcua.sqlite3").write_bytes(b"this is not a database at all" * 100)
    backup = folder / "backups" / "motcua-20250714-120000.sqlite3"
    # A sound backup of ours (an empty or foreign file is never offered).
    from app.services.context import open_desk
    from app.store.db_files import backup_to

    good = open_desk(tmp_path / "good")
    good.db.dispose()
    backup_to(tmp_path / "good" / "motcua.sqlite3", backup)
    startup = _startup(qtbot, folder)
    startup.start()
    qtbot.waitUntil(
        lambda: startup.fatal_box is not None and startup.fatal_box.isVisible(), timeout=10_000
    )
    text = startup.fatal_box.text()
    assert "bị hỏng" in text and str(backup) in text
    with qtbot.waitSignal(startup.finished, timeout=5000) as ended:
        startup.fatal_box.button(QMessageBox.StandardButton.Ok).click()
    assert ended.args == [EXIT_START_FAILED]
    assert (folder / "logs" / "motcua.log").exists()


def test_a_folder_without_service_point_says_what_to_do(qtbot, tmp_path):
    startup = _startup(qtbot, tmp_path / "empty", lang="en")
    try:
        startup.start()
        qtbot.waitUntil(lambda: startup.fatal_box is not None, timeout=10_000)
        assert "No service point is set up yet" in startup.fatal_box.text()
        with qtbot.waitSignal(startup.finished, timeout=5000) as ended:
            startup.fatal_box.done(0)
        assert ended.args == [EXIT_START_FAILED]
    finally:
        _close(startup)


def test_demo_then_login_with_translated_errors(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(app_module, "DEMO_DOSSIERS", 3)
    startup = _startup(qtbot, tmp_path / "demo", demo=True)
    try:
        startup.start()
        qtbot.waitUntil(lambda: startup.login_dialog is not None, timeout=1000)
        login = startup.login_dialog
        assert login.isVisible() and login.ctx is None  # shown while the data opens
        qtbot.waitUntil(lambda: "Tây Hồ" in login.place.text(), timeout=60_000)
        login.username.setText("canbo1")
        login.password.setText("sai-mat-khau")
        login.submit()
        qtbot.waitUntil(lambda: login.error.isVisibleTo(login), timeout=5000)
        assert login.error.text() == "Sai tên đăng nhập hoặc mật khẩu."
        login.language_box.setCurrentIndex(login.language_box.findData("en"))
        login.password.setText("wrong-again")
        login.submit()
        qtbot.waitUntil(lambda: login.error.text() == "Wrong user name or password.", timeout=5000)
        login.password.setText(DEMO_PASSWORD)
        with qtbot.waitSignal(startup.window_shown, timeout=10_000) as shown:
            login.submit()
        window = shown.args[0]
        qtbot.waitUntil(lambda: window.queue.model.rowCount() == 3, timeout=10_000)
        assert window.session.ctx.actor.username == "canbo1"
        assert startup.settings.value("last_user") == "canbo1"
        assert startup.settings.value("language") == "en"
        with qtbot.waitSignal(startup.finished, timeout=10_000) as ended:
            window.close()
        assert ended.args == [0]
    finally:
        _close(startup)


def test_a_locked_account_is_explained(qtbot, tmp_path):
    folder = tmp_path / "locked"
    ctx = open_desk(folder)
    create_demo(ctx, dossiers=0)
    ctx.db.dispose()
    startup = _startup(qtbot, folder)
    try:
        startup.start()
        login = startup.login_dialog
        qtbot.waitUntil(lambda: login.ctx is not None, timeout=10_000)
        login.username.setText("tnv1")
        for _ in range(5):
            login.password.setText("nope")
            login.submit()
            qtbot.waitUntil(lambda: not login.busy, timeout=5000)
        assert "tạm khóa" in login.error.text()
    finally:
        _close(startup)


def test_log_in_pressed_before_the_data_is_open_waits_for_it(qtbot, tmp_path):
    folder = tmp_path / "early"
    ctx = open_desk(folder)
    create_demo(ctx, dossiers=0)
    ctx.db.dispose()
    startup = _startup(qtbot, folder)
    try:
        startup.start()
        login = startup.login_dialog
        login.username.setText("canbo1")
        login.password.setText(DEMO_PASSWORD)
        assert login.ctx is None  # the database is still being opened in the worker
        login.submit()
        assert login.waiting and not login.login_button.isEnabled()
        with qtbot.waitSignal(startup.window_shown, timeout=15_000):
            pass
    finally:
        _close(startup)


def test_automatic_log_in_checks_the_password_while_the_database_opens(
    qtbot, tmp_path, monkeypatch
):
    """DESIGN.md section 8: the window's core loads while scrypt runs. The database's opening
    here waits until the password check has begun: a check that only starts once the
    database is open (the old start) never begins, and the start fails."""
    import hashlib
    import threading

    import app.services.context as context_module

    folder = tmp_path / "auto"
    ctx = open_desk(folder)
    create_demo(ctx, dossiers=2)
    ctx.db.dispose()
    began = threading.Event()
    calls: list[int] = []
    real_scrypt, real_open = hashlib.scrypt, context_module.open_desk

    def scrypt(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        began.set()
        return real_scrypt(*args, **kwargs)

    def open_desk_after_the_check_began(*args, **kwargs):  # type: ignore[no-untyped-def]
        if not began.wait(10):
            raise RuntimeError("the password check had not begun")
        return real_open(*args, **kwargs)

    monkeypatch.setattr(hashlib, "scrypt", scrypt)
    monkeypatch.setattr(context_module, "open_desk", open_desk_after_the_check_began)
    startup = _startup(qtbot, folder, login=("CanBo1 ", DEMO_PASSWORD))
    try:
        with qtbot.waitSignal(startup.window_shown, timeout=30_000) as shown:
            startup.start()
        window = shown.args[0]
        assert window.session.ctx.actor.username == "canbo1"
        qtbot.waitUntil(lambda: window.queue.model.rowCount() == 2, timeout=10_000)
        assert len(calls) == 1  # checked once: log_in took the early check
    finally:
        _close(startup)


def test_automatic_log_in_with_a_wrong_password_is_refused(qtbot, tmp_path):
    folder = tmp_path / "auto-wrong"
    ctx = open_desk(folder)
    create_demo(ctx, dossiers=0)
    ctx.db.dispose()
    startup = _startup(qtbot, folder, login=("canbo1", "sai-mat-khau"))
    try:
        with qtbot.waitSignal(startup.finished, timeout=30_000, raising=False):
            startup.start()
            qtbot.waitUntil(lambda: startup.fatal_box is not None, timeout=30_000)
            assert startup.fatal_box.text() == "Sai tên đăng nhập hoặc mật khẩu."
            startup.fatal_box.done(0)
        assert startup.window is None and startup.exit_code == EXIT_START_FAILED
    finally:
        _close(startup)
