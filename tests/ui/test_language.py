"""Vietnamese first, English at run time (Ctrl+Shift+L), and every string in the .ts."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import Qt, QTranslator

from app.domain.dossier import Status
from app.domain.errors import DeskError
from ui.i18n import translations_dir
from ui.mainwindow import MainWindow

ROOT = Path(__file__).resolve().parents[2]
# Ctrl+L is the search box in every window; the language moved to Ctrl+Shift+L.
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def test_ctrl_shift_l_switches_to_english_and_back(qtbot, session):
    window = MainWindow(session, start_sync=False)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)  # shortcuts need the active window
    assert window.tabs.tabText(0) == "Tiếp nhận hồ sơ (F2)"
    assert window.intake.save_button.text() == "Lưu và in biên nhận (Enter)"
    assert window.file_menu.title() == "&Tệp"
    role = session.ctx.actor.role  # named by app.domain.roles, the one list
    assert f"({role.label_vi})" in window.windowTitle()
    qtbot.keyClick(window, Qt.Key.Key_L, CTRL_SHIFT)
    assert session.lang == "en"
    qtbot.waitUntil(lambda: window.tabs.tabText(0) == "Intake (F2)", timeout=2000)
    assert window.intake.save_button.text() == "Save and print receipt (Enter)"
    assert window.file_menu.title() == "&File"
    qtbot.waitUntil(lambda: f"({role.label_en})" in window.windowTitle(), timeout=2000)
    assert window.queue.model.headerData(0, Qt.Orientation.Horizontal) == "Dossier code"
    assert (
        window.queue.status_box.itemText(window.queue.status_box.findData(Status.RECEIVED))
        == "Received"
    )
    assert session.explain(DeskError("auth.failed")) == "Wrong user name or password."
    qtbot.keyClick(window, Qt.Key.Key_L, CTRL_SHIFT)
    assert session.lang == "vi"
    qtbot.waitUntil(lambda: window.tabs.tabText(0) == "Tiếp nhận hồ sơ (F2)", timeout=2000)
    assert window.queue.model.headerData(0, Qt.Orientation.Horizontal) == "Mã hồ sơ"


def _entries(ts: Path) -> dict[tuple[str, str], str | None]:
    out: dict[tuple[str, str], str | None] = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            tr = message.find("translation")
            done = tr is not None and tr.get("type") not in ("unfinished", "obsolete")
            out[(name, message.findtext("source") or "")] = (
                tr.text if done and tr is not None else None
            )
    return out


def test_the_english_catalogue_is_complete_and_compiled(tmp_path, qapp):
    committed = _entries(translations_dir() / "motcua_en.ts")
    assert all(committed.values()), [k for k, v in committed.items() if not v]
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in (ROOT / "ui").glob("*.py"))
    done = subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "pyside6-lupdate"),
            *sources,
            "-ts",
            str(fresh),
            "-no-obsolete",
            "-locations",
            "none",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    wanted = set(_entries(fresh))
    assert wanted <= set(committed), sorted(wanted - set(committed))
    # The .qm is built from this .ts: every entry translates.
    translator = QTranslator()
    assert translator.load(str(translations_dir() / "motcua_en.qm"))
    for (context, source), english in committed.items():
        assert translator.translate(context, source) == english, (context, source)
