"""Drive the real app under Xvfb at 1366x768 with a window manager and grab the whole
screen at each step (how the images beside this file were made):

    Xvfb :57 -screen 0 1366x768x24 &  DISPLAY=:57 openbox &
    DISPLAY=:57 QT_QPA_PLATFORM=xcb python docs/screenshots/1366x768/tour.py canbo1 DATA OUT

Users: canbo1 (intake with a banner, saved, preview, detail, queue), lanhdao (catalog,
calendar, reports), buudien1 (hand-over). DATA gets a demo database the first time; the
images go to OUT. Needs ImageMagick's ``import``."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.services.context import open_desk  # noqa: E402
from app.services.demo import DEMO_PASSWORD, create_demo  # noqa: E402
from ui.app import Options, Startup, make_application  # noqa: E402

CCCD = "001090012345||Nguyễn Văn Ánh|05031990|Nam|Số 12 Âu Cơ, phường Tây Hồ, Hà Nội|01072021"


def main(user: str, data: Path, out: Path) -> int:
    if not (data / "motcua.sqlite3").exists():
        ctx = open_desk(data)
        create_demo(ctx, dossiers=60)
        ctx.db.dispose()
    app = make_application()
    startup = Startup(Options(data, "vi", False), login=(user, DEMO_PASSWORD), start_sync=False)
    out.mkdir(parents=True, exist_ok=True)

    def shot(name: str) -> None:
        QApplication.processEvents()
        subprocess.run(["import", "-window", "root", str(out / f"{user}-{name}.png")], check=True)

    def tour(window) -> None:  # type: ignore[no-untyped-def]
        steps: list[tuple[int, Callable[[], object]]] = [(1500, lambda: shot("main"))]
        if user == "canbo1":
            form = window.intake

            def bad_birth() -> None:
                form.scanner.setText(CCCD)
                form.scan_entered()
                form.proc_search.setText("dang ky khai sinh")
                form.pick_procedure()
                form.birth.setText("31/31/1990")
                form.save()

            def save() -> None:
                form.birth.setText("05/03/1990")
                form.save()

            steps += [
                (300, bad_birth),
                (800, lambda: shot("intake-banner")),
                (300, save),
                (2500, lambda: shot("preview")),
                (300, lambda: [p.close() for p in list(window.previews)]),
                (600, lambda: shot("intake-saved")),
                (300, lambda: window.open_detail(form.record.code)),
                (1200, lambda: shot("detail")),
            ]
        elif user == "lanhdao":
            steps += [
                (
                    300,
                    lambda: (
                        window.tabs.setCurrentWidget(window.admin),
                        window.admin.setCurrentIndex(1),
                    ),
                ),
                (1000, lambda: shot("catalog")),
                (300, lambda: window.admin.setCurrentIndex(2)),
                (800, lambda: shot("calendar")),
                (300, lambda: window.tabs.setCurrentWidget(window.reports)),
                (1500, lambda: shot("reports")),
            ]
        elif user == "buudien1":
            steps += [
                (300, lambda: window.tabs.setCurrentWidget(window.handover)),
                (1000, lambda: shot("handover")),
            ]
        steps.append((500, lambda: startup.finish(0)))
        at = 0
        for delay, step in steps:
            at += delay
            QTimer.singleShot(at, step)

    startup.window_shown.connect(tour)
    startup.finished.connect(app.exit)
    QTimer.singleShot(0, startup.start)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])))
