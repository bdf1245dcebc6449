"""Our own bugs versus the clerk's or the environment's trouble.

A :class:`DeskError` is something the clerk can act on: the screen shows its message in the
current language. Anything else is our bug: it is logged with its traceback to
``<data dir>/logs/motcua.log`` (rotating) and a dialog, on the GUI thread only, says where
the log is.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import tempfile
import threading
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from app.domain.errors import DeskError

LOGGER_NAME = "motcua"
log = logging.getLogger(LOGGER_NAME)


def setup_logging(data_dir: Path) -> tuple[Path, logging.Handler]:
    """A rotating log in ``data_dir/logs``; a temp folder when the data folder is not
    writable (a read-only folder must still leave a trace of what went wrong)."""
    for folder in (data_dir / "logs", Path(tempfile.gettempdir()) / "motcua-logs"):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / "motcua.log"
            handler = logging.handlers.RotatingFileHandler(
                path, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
            )
        except OSError:
            continue
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s")
        )
        root = logging.getLogger(LOGGER_NAME)
        root.addHandler(handler)
        root.setLevel(logging.INFO)
        return path, handler
    return Path(tempfile.gettempdir()) / "motcua.log", logging.NullHandler()


def teardown_logging(handler: logging.Handler) -> None:
    logging.getLogger(LOGGER_NAME).removeHandler(handler)
    handler.close()


class BugReporter(QObject):
    """Logs unexpected exceptions and shows them, from any thread, on the GUI thread.

    Signals:
        reported(str): a bug was logged and shown; the argument is the log path.
    """

    reported = Signal(str)
    _raised = Signal(str)

    def __init__(self, log_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_path = log_path
        self.dialog: QMessageBox | None = None
        self.count = 0
        self._old_hooks: tuple[object, object] | None = None
        self._raised.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        self._old_hooks = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.excepthook
        threading.excepthook = self._thread_hook

    def uninstall(self) -> None:
        if self._old_hooks is not None:
            sys.excepthook, threading.excepthook = self._old_hooks  # type: ignore[assignment]  # the saved hooks are kept as plain objects
            self._old_hooks = None

    def excepthook(
        self, etype: type[BaseException], value: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(etype, KeyboardInterrupt):
            QCoreApplication.quit()
            return
        self.report(value, tb)

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self.report(args.exc_value, args.exc_traceback)

    def report(self, exc: BaseException, tb: TracebackType | None = None) -> None:
        """Log ``exc`` with its traceback; show the dialog on the GUI thread."""
        trace = "".join(traceback.format_exception(type(exc), exc, tb or exc.__traceback__))
        log.error("unexpected error\n%s", trace)
        for handler in log.handlers:
            handler.flush()
        self._raised.emit(f"{type(exc).__name__}: {exc}")

    @Slot(str)
    def _show(self, summary: str) -> None:
        app = QCoreApplication.instance()
        if app is None or QThread.currentThread() is not app.thread():
            return  # never touch a widget off the GUI thread
        self.count += 1
        text = QCoreApplication.translate(
            "BugReporter",
            "MotCua Desk gặp một lỗi ngoài dự kiến. Các hồ sơ đã lưu vẫn an toàn.\n\n"
            "Chi tiết đã được ghi vào tệp nhật ký:\n{path}\n\n"
            "Hãy gửi tệp này cho bộ phận kỹ thuật.",
        ).format(path=self.log_path)
        if self.dialog is None:
            self.dialog = QMessageBox()
            self.dialog.setIcon(QMessageBox.Icon.Critical)
            self.dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.dialog.setWindowTitle(QCoreApplication.translate("BugReporter", "Lỗi chương trình"))
        self.dialog.setText(text)
        self.dialog.setDetailedText(summary)
        self.dialog.open()
        self.reported.emit(str(self.log_path))


def failure_text(exc: object, lang: str) -> str | None:
    """The message of a DeskError in ``lang``; None when ``exc`` is our bug."""
    if isinstance(exc, DeskError):
        return exc.message(lang)
    return None


def warn(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    """A non-blocking warning box (``open``, never ``exec``: the event loop goes on)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.button(QMessageBox.StandardButton.Ok).setText(
        QCoreApplication.translate("BugReporter", "Đóng")
    )
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
