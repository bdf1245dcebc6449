"""Walk the documents panel (số hóa) as a clerk does, keyboard only, in the real app under
Xvfb at 1366x768, and grab the screen at each step:

    Xvfb :61 -screen 0 1366x768x24 &  DISPLAY=:61 openbox &
    DISPLAY=:61 QT_QPA_PLATFORM=xcb python docs/screenshots/1366x768/documents_tour.py DATA OUT

SANE's ``test`` device gives the pages (F8); a document digitised before for the same
person is offered (F9); a copier file lands in the inbox folder (F10). Needs ImageMagick's
``import``. DATA gets a demo database the first time."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from PIL import Image, ImageDraw  # noqa: E402
from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.services.context import open_desk  # noqa: E402
from app.services.demo import DEMO_PASSWORD, create_demo  # noqa: E402
from app.services.dossiers import ApplicantInput, receive_dossier  # noqa: E402
from app.services.files import attach_files  # noqa: E402
from ui.app import Options, Startup, make_application  # noqa: E402

PERSON = ApplicantInput("Nguyễn Văn Ánh", "001090012345")


def _page(path: Path, text: str) -> Path:
    im = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(im)
    for y in range(200, 1600, 60):
        draw.line((150, y, 1090, y), fill=(60, 60, 60), width=3)
    draw.text((150, 100), text, fill="black")
    im.save(path)
    return path


def prepare(data: Path) -> str:
    fresh = not (data / "motcua.sqlite3").exists()
    ctx = open_desk(data)
    if fresh:
        create_demo(ctx, dossiers=20)
    before = receive_dossier(ctx, procedure_code="1.004222", applicant=PERSON)
    attach_files(ctx, code=before.code, component=1, paths=[_page(data / "cccd.png", "CCCD")])
    now = receive_dossier(ctx, procedure_code="1.004222", applicant=PERSON)
    ctx.db.dispose()
    return now.code


def main(data: Path, out: Path, lang: str = "vi") -> int:
    data.mkdir(parents=True, exist_ok=True)
    code = prepare(data)
    app = make_application()
    startup = Startup(Options(data, lang, False), login=("canbo1", DEMO_PASSWORD), start_sync=False)
    out.mkdir(parents=True, exist_ok=True)

    def shot(name: str) -> None:
        QApplication.processEvents()
        subprocess.run(
            ["import", "-window", "root", str(out / f"documents-{name}.png")], check=True
        )

    def tour(window) -> None:  # type: ignore[no-untyped-def]
        state: dict[str, object] = {}

        def open_panel() -> None:
            detail = window.open_detail(code)
            state["detail"] = detail

        def open_docs() -> None:
            detail = state["detail"]
            detail.open_documents()  # type: ignore[attr-defined]
            state["panel"] = detail.documents_dialog.panel  # type: ignore[attr-defined]

        def key(
            k: Qt.Key, mod: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
        ) -> Callable[[], None]:
            def press() -> None:
                panel = state["panel"]
                target = QApplication.focusWidget() or panel
                QTest.keyClick(target, k, mod)

            return press

        def inbox() -> None:
            folder = data / "scan-inbox"
            folder.mkdir(exist_ok=True)
            path = _page(folder / "photocopy-0001.png", "PHOTOCOPY")
            old = time.time() - 60
            os.utime(path, (old, old))

        def focus(name: str) -> Callable[[], None]:
            return lambda: getattr(state["panel"], name).setFocus()

        steps: list[tuple[int, Callable[[], object]]] = [
            (1500, open_panel),
            (1200, open_docs),
            (1500, lambda: shot("open")),
            (200, focus("checklist")),
            (200, key(Qt.Key.Key_Down)),
            (300, key(Qt.Key.Key_F8)),
            (4000, key(Qt.Key.Key_F8)),
            (4000, lambda: shot("scanned")),
            (200, focus("pages")),
            (200, key(Qt.Key.Key_R)),
            (300, key(Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)),
            (500, lambda: shot("staged")),
            (200, key(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)),
            (2500, lambda: shot("saved")),
            (200, inbox),
            (3000, lambda: shot("inbox")),
            (200, key(Qt.Key.Key_F9)),
            (2000, lambda: shot("reused")),
            (200, key(Qt.Key.Key_F10)),
            (2500, lambda: shot("inbox-taken")),
            (200, focus("files")),
            (200, key(Qt.Key.Key_Return)),
            (2500, lambda: shot("viewer")),
            (500, lambda: startup.finish(0)),
        ]
        at = 0
        for delay, step in steps:
            at += delay
            QTimer.singleShot(at, step)

    startup.window_shown.connect(tour)
    startup.finished.connect(app.exit)
    QTimer.singleShot(0, startup.start)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]), Path(sys.argv[2]), *sys.argv[3:4]))
