"""Start-up of the desktop app: arguments, the data folder, the demo, log-in, main window.

``run_app(args)`` is what ``main.py`` calls with no sub-command. Every step that touches
the disk runs in the worker; a DeskError at start (a damaged, locked or read-only database)
is shown in a dialog (with the latest backup when there is one) and the app exits non-zero,
never with a traceback."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from app.domain.errors import DeskError
from app.services.paths import default_data_dir
from ui.errors import BugReporter, setup_logging, teardown_logging
from ui.i18n import LANGUAGES, Language, app_icon
from ui.login import LoginDialog
from ui.session import UiSession, open_settings
from ui.workers import Workers

if TYPE_CHECKING:
    # The core (SQLAlchemy) and the main window's screens are imported late, in the write
    # lane and once logged in: the log-in dialog is on screen before they load.
    from app.services.context import DeskContext
    from ui.mainwindow import MainWindow

EXIT_OK = 0
EXIT_START_FAILED = 2
DEMO_DOSSIERS = 300
_PENDING = object()  # the early password check has not answered yet


@dataclass(frozen=True)
class Options:
    data_dir: Path
    lang: str | None
    demo: bool


def parse_args(args: list[str]) -> Options:
    parser = argparse.ArgumentParser(prog="motcua", description="MotCua Desk")
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--lang", choices=LANGUAGES, default=None)
    parser.add_argument("--demo", action="store_true")
    ns, _qt_args = parser.parse_known_args(args)
    return Options(ns.data_dir or default_data_dir(), ns.lang, ns.demo)


def _open(data_dir: Path) -> tuple[DeskContext, object | None]:
    """Open the database; returns it with its service point (None when not set up)."""
    from app.services.context import open_desk

    ctx = open_desk(data_dir)
    try:
        place = ctx.service_point()
    except DeskError as err:
        if err.key != "db.not_initialised":
            ctx.db.dispose()
            raise
        place = None
    return ctx, place


class Startup(QObject):
    """Drives the start of the app through the event loop.

    Signals:
        finished(int): the app should end with this exit status.
        login_shown(): the log-in dialog is on screen (the first usable window).
        window_shown(object): the MainWindow is on screen.
    """

    finished = Signal(int)
    login_shown = Signal()
    window_shown = Signal(object)

    def __init__(
        self,
        options: Options,
        *,
        login: tuple[str, str] | None = None,
        start_sync: bool = True,
        install_hooks: bool = True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.options = options
        self.login_as = login
        self.start_sync = start_sync
        self.install_hooks = install_hooks
        self.workers = Workers(self)
        self.settings = open_settings(options.data_dir)
        lang = (
            options.lang
            or os.environ.get("MOTCUA_LANG")
            or str(self.settings.value("language", "vi"))
        )
        self.language = Language(lang, self)
        self.language.changed.connect(lambda code: self.settings.setValue("language", code))
        self.log_path, self._log_handler = setup_logging(options.data_dir)
        self.bugs = BugReporter(self.log_path, self)
        self.ctx: DeskContext | None = None
        self.place: Any = None
        # The automatic log-in: its password checked early (_PENDING until then), and
        # whether the database is open for it.
        self._checked: object | None = None
        self._login_due = False
        self.fatal_box: QMessageBox | None = None
        self.progress: QProgressDialog | None = None
        self.login_dialog: LoginDialog | None = None
        self.window: MainWindow | None = None
        self.exit_code: int | None = None

    def start(self) -> None:
        """Open the database in the write lane and, meanwhile, show the log-in dialog: the
        clerk types while the file is checked (a log-in pressed early waits for it)."""
        if self.install_hooks:
            self.bugs.install()
        if self.login_as is not None:
            # The automatic log-in: the password is checked at once in the read lane (scrypt
            # leaves the interpreter free) while the write lane opens the database (loading
            # SQLAlchemy and the models) and this thread loads the main window's modules.
            self._checked = _PENDING
            fn = partial(_check_early, self.options.data_dir, *self.login_as)
            self.workers.read_op(fn, owner=self).then(
                self._on_checked, lambda _exc: self._on_checked(None)
            )
            QTimer.singleShot(0, _import_main_window)
        self.workers.write_op(partial(_open, self.options.data_dir), owner=self).then(
            self._on_opened, self._on_open_failed
        )
        if self.login_as is None:
            self.login_dialog = LoginDialog(
                None,
                self.workers,
                self.language,
                username=str(self.settings.value("last_user", "")),
            )
            self.login_dialog.setWindowIcon(app_icon())
            self.login_dialog.logged_in.connect(self._show_main)
            self.login_dialog.rejected.connect(lambda: self.finish(EXIT_OK))
            self.login_dialog.show()
            self.login_shown.emit()

    # --- steps ---------------------------------------------------------------------------

    def _on_opened(self, outcome: object) -> None:
        self.ctx, self.place = cast(tuple[Any, Any], outcome)  # open_desk's (context, place)
        if self.place is None:
            if not self.options.demo:
                self.fail(DeskError("db.not_initialised"))
                return
            self._make_demo()
            return
        self._ask_login()

    def _on_open_failed(self, exc: object) -> None:
        self.fail(exc)

    def _make_demo(self) -> None:
        assert self.ctx is not None
        self.progress = QProgressDialog(
            QCoreApplication.translate("Startup", "Đang tạo dữ liệu mẫu ({n} hồ sơ)…").format(
                n=DEMO_DOSSIERS
            ),
            "",
            0,
            0,
        )
        self.progress.setWindowTitle("MotCua Desk")
        self.progress.setCancelButton(None)
        self.progress.setMinimumDuration(0)
        self.progress.setWindowModality(Qt.WindowModality.ApplicationModal)
        if self.login_dialog is not None:
            self.login_dialog.hide()
        self.progress.show()
        fn = partial(_demo_then_place, self.ctx)
        self.workers.write_op(fn, owner=self).then(self._on_demo, self.fail)

    def _on_demo(self, place: object) -> None:
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        self.place = place
        self._ask_login()

    def _warm_up(self) -> None:
        """While the password is typed and checked (scrypt leaves the interpreter free):
        load the main window's modules here and, in the read lane, the sync module, the
        catalog and the sync status, so the window opens with its data at once."""
        assert self.ctx is not None
        self.workers.read_op(partial(_warm_core, self.ctx), owner=self)
        QTimer.singleShot(0, _import_main_window)

    def _ask_login(self) -> None:
        assert self.ctx is not None
        self._warm_up()
        if self.login_as is not None:
            self._login_due = True
            self._auto_log_in()
            return
        agency, _counter_id, slot = self.place
        counter = QCoreApplication.translate("Startup", "Quầy số {slot}").format(slot=slot)
        assert self.login_dialog is not None
        self.login_dialog.set_place(self.ctx, agency, counter)
        self.login_dialog.show()

    def _on_checked(self, check: object) -> None:
        self._checked = check
        self._auto_log_in()

    def _auto_log_in(self) -> None:
        """Log in once the database is open and the early check is back (None: log_in
        checks the password itself)."""
        if not self._login_due or self._checked is _PENDING or self.exit_code is not None:
            return
        self._login_due = False
        assert self.ctx is not None and self.login_as is not None
        fn = partial(_log_in, self.ctx, *self.login_as, checked=self._checked)
        self.workers.write_op(fn, owner=self).then(self._show_main, self.fail)

    def _show_main(self, user_ctx: object) -> None:
        from app.services.context import DeskContext
        from ui.mainwindow import MainWindow

        assert isinstance(user_ctx, DeskContext)
        self.settings.setValue("last_user", user_ctx.actor.username)
        session = UiSession(user_ctx, self.workers, self.language, self.settings, self.bugs)
        self.window = MainWindow(session, start_sync=self.start_sync)
        self.window.closed.connect(lambda: self.finish(EXIT_OK))
        self.window.logged_out.connect(self._log_in_again)
        self.window.show()
        self.window_shown.emit(self.window)

    def _log_in_again(self, username: str) -> None:
        """After a log-out or a switch of user: the log-in dialog again, same database."""
        assert self.ctx is not None and self.place is not None
        if self.window is not None:
            self.window.deleteLater()
            self.window = None
        from ui.login import LoginDialog

        agency, _counter_id, slot = self.place
        counter = QCoreApplication.translate("Startup", "Quầy số {slot}").format(slot=slot)
        if self.login_dialog is not None:
            self.login_dialog.deleteLater()
        dialog = LoginDialog(self.ctx, self.workers, self.language, agency, counter, username)
        dialog.setWindowIcon(app_icon())
        dialog.logged_in.connect(self._show_main)
        dialog.rejected.connect(lambda: self.finish(EXIT_OK))
        self.login_dialog = dialog
        dialog.show()
        self.login_shown.emit()

    # --- endings -------------------------------------------------------------------------

    def fail(self, exc: object) -> None:
        """Show why the app cannot start, then end with a non-zero status."""
        if self.progress is not None:
            self.progress.close()
        if self.login_dialog is not None:
            self.login_dialog.hide()
        if isinstance(exc, DeskError):
            text = self.language.message(exc)
        else:
            if isinstance(exc, BaseException):
                self.bugs.report(exc)
            text = QCoreApplication.translate(
                "Startup", "Không mở được dữ liệu do lỗi chương trình. Chi tiết: {path}"
            ).format(path=self.log_path)
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            QCoreApplication.translate("Startup", "Không khởi động được MotCua Desk"),
            text,
            QMessageBox.StandardButton.Ok,
        )
        box.button(QMessageBox.StandardButton.Ok).setText(
            QCoreApplication.translate("Startup", "Thoát")
        )
        box.setInformativeText(
            QCoreApplication.translate("Startup", "Thư mục dữ liệu: {path}").format(
                path=self.options.data_dir
            )
        )
        box.finished.connect(lambda _r: self.finish(EXIT_START_FAILED))
        self.fatal_box = box
        box.open()

    def finish(self, code: int) -> None:
        if self.exit_code is not None:
            return
        self.exit_code = code
        self.workers.shutdown()
        if self.ctx is not None:
            self.ctx.db.dispose()
        self.bugs.uninstall()
        teardown_logging(self._log_handler)
        self.finished.emit(code)


def _warm_core(ctx: DeskContext) -> None:
    from app.services.catalog import all_procedures
    from app.services.dossiers import list_dossiers
    from ui.sync_control import read_status

    read_status(ctx)
    all_procedures(ctx)
    ctx.calendar().next_working_day(ctx.now().date())  # loads the public holidays
    list_dossiers(ctx, limit=1)


def _check_early(data_dir: Path, username: str, password: str) -> object | None:
    from app.services.early_login import check_password_early

    return check_password_early(data_dir, username, password)


def _import_main_window() -> None:
    import ui.mainwindow  # noqa: F401


def _demo_then_place(ctx: DeskContext) -> object:
    from app.services.demo import create_demo

    create_demo(ctx, dossiers=DEMO_DOSSIERS)
    return ctx.service_point()


def _log_in(
    ctx: DeskContext, username: str, password: str, *, checked: object | None = None
) -> DeskContext:
    from app.domain.passwords import PasswordCheck
    from app.services.users import log_in

    early = checked if isinstance(checked, PasswordCheck) else None
    return log_in(ctx, username=username, password=password, checked=early)


def make_application(argv0: str = "motcua") -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication([argv0])
    app.setApplicationName("MotCua Desk")
    app.setOrganizationName("MotCua")
    app.setQuitOnLastWindowClosed(False)  # the login dialog closing must not end the app
    app.setWindowIcon(app_icon())
    return app


def run_app(args: list[str]) -> int:
    """Run the desktop app; returns the process exit status."""
    options = parse_args(args)
    app = make_application(sys.argv[0] if sys.argv else "motcua")
    app.setQuitOnLastWindowClosed(False)
    # A non-interactive smoke run (the installer bundle's test): log in from the
    # environment, say MOTCUA_READY when the window is usable, quit after a delay.
    smoke_user = os.environ.get("MOTCUA_SMOKE_USER")
    smoke_login = (smoke_user, os.environ.get("MOTCUA_SMOKE_PASSWORD", "")) if smoke_user else None
    startup = Startup(options, login=smoke_login)
    startup.finished.connect(app.exit)
    smoke_ms = os.environ.get("MOTCUA_SMOKE_EXIT_MS")
    if smoke_ms:

        def _ready(window: object) -> None:
            print("MOTCUA_READY", flush=True)
            QTimer.singleShot(int(smoke_ms), lambda: startup.finish(EXIT_OK))

        startup.window_shown.connect(_ready)
    QTimer.singleShot(0, startup.start)
    code = app.exec()
    return startup.exit_code if startup.exit_code is not None else code
