"""Keyboard paths: the detail's steps keep their place and shortcut, Tab leaves the
tables, Ctrl+Enter confirms a note, Ctrl+L finds from any window, no Alt+letter clash."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLabel

from app.domain.dossier import Channel, Status
from app.services.catalog import find_procedures
from app.services.dossiers import ApplicantInput, get_dossier, receive_dossier
from ui.detail import MOVE_ORDER, DetailDialog
from ui.mainwindow import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def code(session) -> str:  # type: ignore[no-untyped-def]
    proc = find_procedures(session.ctx, text="")[0]
    return receive_dossier(
        session.ctx,
        procedure_code=proc.code,
        applicant=ApplicantInput("Phạm Thị Hoa", "001190004567"),
        channel=Channel.DIRECT,
    ).code


def _detail(qtbot, session, code) -> DetailDialog:  # type: ignore[no-untyped-def]
    dialog = DetailDialog(session, code)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=5000)
    return dialog


def test_steps_keep_their_place_and_shortcut_and_ctrl_enter_confirms(qtbot, session, code):
    dialog = _detail(qtbot, session, code)
    buttons = dict(dialog.move_buttons)
    assert list(buttons) == list(MOVE_ORDER)
    QApplication.processEvents()  # the layout settles with the dossier's texts
    places = {to: b.mapTo(dialog, QPoint(0, 0)) for to, b in buttons.items()}
    assert buttons[Status.PROCESSING].text().endswith("(Ctrl+2)")
    assert not buttons[Status.RETURNED].isEnabled()  # not legal yet: grey, still there

    # Ctrl+2 asks the note of "Chuyển xử lý"; Ctrl+Enter confirms it (Enter is a new line).
    qtbot.keyClick(dialog, Qt.Key.Key_2, CTRL)
    qtbot.waitUntil(lambda: dialog.pending_dialog is not None, timeout=2000)  # animated click
    note = dialog.pending_dialog
    assert note is not None and note.isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is note.note, timeout=2000)
    qtbot.keyClicks(note.note, "Chuyen phong Tu phap")
    qtbot.keyClick(note.note, Qt.Key.Key_Return)
    assert note.isVisible()  # a plain Enter only broke the line
    with qtbot.waitSignal(dialog.moved, timeout=5000):
        qtbot.keyClick(note.note, Qt.Key.Key_Return, CTRL)
    assert get_dossier(session.ctx, code=code).status == Status.PROCESSING
    QApplication.processEvents()
    # After the step: the same buttons, in the same places; only their state changed.
    assert dialog.move_buttons == buttons
    assert {to: b.mapTo(dialog, QPoint(0, 0)) for to, b in buttons.items()} == places
    assert not buttons[Status.PROCESSING].isEnabled() and buttons[Status.RESOLVED].isEnabled()


def test_tab_leaves_the_documents_table(qtbot, session, code):
    dialog = _detail(qtbot, session, code)
    dialog.docs.setFocus()
    dialog.docs.setCurrentCell(0, 0)
    qtbot.keyClick(dialog.docs, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not dialog.docs
    assert dialog.docs.currentRow() == 0 and dialog.docs.currentColumn() == 0


# The offscreen plugin cannot raise a window (a real window manager does): its gap.
@pytest.mark.qt_log_ignore(
    r"^This plugin does not support raise\(\)$",
    r"^This plugin does not support propagateSizeHints\(\)$",
)
def test_ctrl_l_finds_from_every_window(qtbot, session, code):
    window = MainWindow(session, start_sync=False)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    assert window.tabs.currentWidget() is window.intake
    qtbot.keyClick(window.intake.name, Qt.Key.Key_L, CTRL)
    assert window.tabs.currentWidget() is window.queue
    assert QApplication.focusWidget() is window.queue.search
    assert session.lang == "vi"  # Ctrl+L no longer switches the language

    detail = window.open_detail(code)
    qtbot.waitUntil(detail.isActiveWindow, timeout=5000)
    window.tabs.setCurrentWidget(window.intake)
    qtbot.keyClick(detail, Qt.Key.Key_L, CTRL)
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    assert QApplication.focusWidget() is window.queue.search


def _mnemonic(text: str) -> str | None:
    found = re.search(r"&([^&\s])", text.replace("&&", ""))
    return found.group(1).casefold() if found else None


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_alt_letter_is_taken_twice(qtbot, session, lang):
    window = MainWindow(session, start_sync=False)
    qtbot.addWidget(window)
    session.language.set(lang)
    QApplication.processEvents()
    menus = [_mnemonic(a.text()) for a in window.menuBar().actions()]
    assert None not in menus and len(set(menus)) == len(menus), menus
    for screen in (window.intake, window.queue):
        labels = [
            _mnemonic(label.text())
            for label in screen.findChildren(QLabel)
            if label.buddy() is not None
        ]
        taken = [m for m in labels if m]
        assert taken, screen
        clashes = [m for m in taken if taken.count(m) > 1 or m in menus]
        assert not clashes, (lang, type(screen).__name__, clashes)


def test_shortcuts_on_buttons_survive_a_change_of_language(qtbot, session, code):
    """A button's setText() resets its shortcut: every key shown must still work after the
    texts are translated again."""
    from conftest import make_session

    from app.services.demo import DEMO_PASSWORD
    from app.services.users import log_in

    boss = log_in(session.ctx, username="lanhdao", password=DEMO_PASSWORD)
    folder = __import__("pathlib").Path(session.settings.fileName()).parent / "boss"
    folder.mkdir(exist_ok=True)
    window = MainWindow(
        make_session(boss, session.workers, session.language, folder), start_sync=False
    )
    qtbot.addWidget(window)
    detail = DetailDialog(session, code)
    qtbot.addWidget(detail)
    buttons = {
        "Ctrl+S": window.admin.catalog.save_button,
        "Ctrl+N": window.admin.catalog.new_button,
        "Ctrl+Return": window.handover.create_button,
        "Ctrl+2": detail.move_buttons[Status.PROCESSING],
        "Ctrl+0": detail.apology_button,
    }
    for lang in ("en", "vi"):
        session.language.set(lang)
        QApplication.processEvents()
        for keys, button in buttons.items():
            assert button.shortcut().toString() == keys, (lang, button.text())
            shown = keys.replace("Return", "Enter")
            assert f"({shown})" in button.text(), (lang, button.text())
