"""Run by tests/ui/test_customer_xcb.py under a real X server (Xvfb) with a window manager
(openbox): the clerk's main window, then the customer's window opened from it. Prints one
JSON object: where the keyboard is, which windows were ever active, and the geometry."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication


def main() -> int:
    app = QApplication(sys.argv)
    from app.services.context import open_desk
    from app.services.demo import DEMO_PASSWORD, create_demo
    from app.services.users import log_in
    from ui.i18n import Language
    from ui.mainwindow import MainWindow
    from ui.session import UiSession
    from ui.workers import Workers

    folder = Path(tempfile.mkdtemp())
    ctx = open_desk(folder / "data")
    create_demo(ctx, dossiers=0)
    clerk = log_in(ctx, username="canbo1", password=DEMO_PASSWORD)
    workers = Workers()
    settings = QSettings(str(folder / "ui.ini"), QSettings.Format.IniFormat)
    session = UiSession(clerk, workers, Language("vi"), settings, None)
    window = MainWindow(session, start_sync=False)
    focused: list[str] = []
    app.focusWindowChanged.connect(lambda w: focused.append(w.objectName() if w else ""))
    out: dict[str, object] = {}

    def step(n: int) -> None:
        if n == 0:
            window.show()
            window.activateWindow()
        elif n == 1:
            out["before"] = type(QApplication.focusWidget()).__name__
            out["before_name"] = getattr(QApplication.focusWidget(), "objectName", str)()
            focused.clear()
            customer = window.customer.open_window()
            customer.windowHandle().setObjectName("customer")
            window.windowHandle().setObjectName("clerk")
        elif n == 2:
            customer = window.customer.window
            assert customer is not None
            widget = QApplication.focusWidget()
            out.update(
                after_name=widget.objectName() if widget else None,
                clerk_active=window.isActiveWindow(),
                customer_active=customer.isActiveWindow(),
                customer_visible=customer.isVisible(),
                focus_windows=focused,
                screens=[s.name() for s in QGuiApplication.screens()],
                customer_full=customer.isFullScreen(),
            )
            print(json.dumps(out))
            workers.shutdown()
            app.quit()
            return
        QTimer.singleShot(1500, lambda: step(n + 1))

    QTimer.singleShot(0, lambda: step(0))
    app.exec()
    return 0


if __name__ == "__main__":
    sys.exit(main())
