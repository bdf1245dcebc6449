"""The satisfaction prompt at the counter: when to ask, what the citizen answers, and where
the answer goes.

:class:`CustomerDisplay` belongs to the clerk's main window. It opens and closes the
customer's window (ui/customer.py; menu "Màn hình người dân", Ctrl+Shift+M), and asks the
citizen to rate:

- after intake: the intake form's ``saved``;
- after a result is handed over: any dossier the screens announce as changed
  (``session.events.dossier_changed``) whose status is now 10 "result returned", moved
  within the last minutes and not yet rated (app.services.ratings.handover_prompt_due);
  whichever screen made the move.

The answer: a level (the customer window's buttons or its keys 1 / 2 / 3, or the numeric
keypad of a USB keypad plugged into the clerk's PC: see :meth:`eventFilter`); for a "not
satisfied", a reason (the customer's buttons, or the clerk's small dialog with a field for
what the citizen says); then, when the setting is on, the criteria of the national survey.

Bounds and what is recorded:

- A prompt with no level chosen within ``timeout_ms`` (app.domain.ratings.PROMPT_TIMEOUT)
  closes and records NOTHING: no answer is never counted as an answer.
- Once a level is chosen, the later steps are optional: their time running out records the
  level with what was given so far (a "not satisfied" without a reason stays one).
- A new prompt (the next dossier saved) replaces one still open, which records nothing.
- Closing the customer's window mid-prompt records nothing.
- One answer per prompt: the prompt's id goes with the write, and the service refuses a
  second answer under it (or a second rating of the same dossier on the same occasion).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QWindow,
)
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.dossier import DossierRecord
from app.domain.ratings import (
    CRITERIA,
    OTHER_REASON,
    PROMPT_TIMEOUT,
    Level,
    Occasion,
    RatingRecord,
    citizen_present,
    reason_label,
)
from app.services.ratings import handover_prompt_due, new_prompt_id, record_rating
from ui.customer import CustomerWindow, choose_screen
from ui.session import UiSession

SCREEN_KEY = "customer/screen"
CRITERIA_KEY = "customer/criteria"
_KEYPAD_LEVELS = {
    Qt.Key.Key_1: Level.VERY_SATISFIED,
    Qt.Key.Key_2: Level.SATISFIED,
    Qt.Key.Key_3: Level.UNHAPPY,
}


def _types_text(widget: QWidget | None) -> bool:
    """True when ``widget`` takes typed digits (the clerk is typing: never steal them)."""
    if isinstance(widget, QLineEdit | QTextEdit | QPlainTextEdit | QAbstractSpinBox):
        return not (isinstance(widget, QLineEdit) and widget.isReadOnly())
    return isinstance(widget, QComboBox) and widget.isEditable()


@dataclass
class Prompt:
    """One question put to the citizen."""

    prompt_id: str
    code: str
    occasion: Occasion
    level: Level | None = None
    reason: str = ""
    note: str = ""
    criteria: dict[str, int] = field(default_factory=dict)
    step: str = "question"  # question | reasons | criteria | saving


class UnhappyReasonDialog(QDialog):
    """The clerk's side of a "not satisfied": the same reasons as the customer's screen and
    a field for what the citizen says. Shown without taking the clerk's keyboard; the clerk
    clicks into it when the citizen speaks rather than presses.

    Signals:
        chosen(str, str): the reason key and the citizen's words.
    """

    chosen = Signal(str, str)

    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setModal(False)
        self.explain = QLabel(self)
        self.explain.setWordWrap(True)
        self.reason = QComboBox(self)
        for c in CRITERIA:
            if c.key != "overall":
                self.reason.addItem(reason_label(c.key, lang), c.key)
        self.reason.addItem(reason_label(OTHER_REASON, lang), OTHER_REASON)
        self.note = QLineEdit(self)
        self.note.setMaxLength(500)
        self.buttons = QDialogButtonBox(self)
        self.ok = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setDefault(True)
        self.buttons.accepted.connect(self._accept)
        form = QFormLayout()
        self.reason_label = QLabel(self)
        self.note_label = QLabel(self)
        form.addRow(self.reason_label, self.reason)
        form.addRow(self.note_label, self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explain)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Người dân không hài lòng"))
        self.explain.setText(
            self.tr(
                "Người dân chọn KHÔNG HÀI LÒNG. Lý do có thể chọn trên màn hình của người dân, "
                "hoặc ghi ở đây theo lời người dân."
            )
        )
        self.reason_label.setText(self.tr("Lý do:"))
        self.note_label.setText(self.tr("Lời người dân:"))
        self.ok.setText(self.tr("Ghi lý do"))

    def _accept(self) -> None:
        self.chosen.emit(str(self.reason.currentData()), self.note.text().strip())


class CustomerMenu(QMenu):
    """The main window's "Màn hình người dân" menu (re-translated with the window)."""

    def __init__(self, display: CustomerDisplay, parent: QWidget) -> None:
        super().__init__(parent)
        self.display = display
        self.screens_menu = QMenu(self)
        self.screens_menu.aboutToShow.connect(display.list_screens)
        self.addAction(display.toggle_action)
        self.addMenu(self.screens_menu)
        self.addAction(display.criteria_action)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Màn hình ngườ&i dân"))
        self.screens_menu.setTitle(self.tr("Hiển thị trên màn hình"))
        self.display.toggle_action.setText(self.tr("Mở màn hình người dân"))
        self.display.criteria_action.setText(self.tr("Hỏi thêm các tiêu chí của phiếu khảo sát"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class CustomerDisplay(QObject):
    """The customer's window and the rating prompt of one clerk's main window.

    Signals:
        prompt_started(str, str): a prompt was put (dossier code, occasion).
        rated(object): the answer was stored (a RatingRecord).
        prompt_ended(str): the prompt is over: "recorded", "timeout", "replaced",
            "closed" or "failed".
    """

    prompt_started = Signal(str, str)
    rated = Signal(object)
    prompt_ended = Signal(str)

    def __init__(self, session: UiSession, main: QMainWindow) -> None:
        super().__init__(main)
        self.session = session
        self.main = main
        self.window: CustomerWindow | None = None
        self.reason_dialog: UnhappyReasonDialog | None = None
        self.prompt: Prompt | None = None
        self.asked: set[tuple[str, Occasion]] = set()
        #: How long the first answer is waited for (ms); tests shorten it.
        self.timeout_ms = int(PROMPT_TIMEOUT.total_seconds() * 1000)
        self.thanks_ms = 4000
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timeout)
        self._thanks_timer = QTimer(self)
        self._thanks_timer.setSingleShot(True)
        self._thanks_timer.timeout.connect(self._back_to_welcome)
        self._filtering = False

        self.toggle_action = QAction(main)
        self.toggle_action.setCheckable(True)
        self.toggle_action.setShortcut(QKeySequence("Ctrl+Shift+M"))
        self.toggle_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.toggle_action.toggled.connect(self._on_toggled)
        main.addAction(self.toggle_action)
        self.criteria_action = QAction(main)
        self.criteria_action.setCheckable(True)
        self.criteria_action.setChecked(
            str(session.settings.value(CRITERIA_KEY, "false")).lower() == "true"
        )
        self.criteria_action.toggled.connect(
            lambda on: session.settings.setValue(CRITERIA_KEY, "true" if on else "false")
        )
        self.screen_group = QActionGroup(self)
        self.menu = CustomerMenu(self, main)
        session.events.dossier_changed.connect(self._on_dossier_changed)
        # Where the clerk's keyboard was last (a widget of the clerk's windows).
        self._clerk_focus: QWidget | None = None
        app = QApplication.instance()
        if isinstance(app, QGuiApplication):
            app.focusWindowChanged.connect(self._on_focus_window)

    # --- the window ------------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self.window is not None and self.window.isVisible()

    def _on_toggled(self, on: bool) -> None:
        if on and not self.is_open:
            self.open_window()
        elif not on and self.is_open:
            self.close_window()

    def open_window(self) -> CustomerWindow:
        """Show the customer's window on its screen without taking the clerk's focus."""
        window = self.window
        if window is None:
            window = self.window = CustomerWindow(lambda: self.session.lang, self.main)
            window.level_chosen.connect(self.choose_level)
            window.reason_chosen.connect(lambda key: self.choose_reason(key, ""))
            window.criteria_chosen.connect(self.choose_criteria)
            window.closed.connect(self._on_window_closed)
        window.show_welcome()
        focus = QApplication.focusWidget()
        if focus is not None and focus.window() is not window:
            self._clerk_focus = focus
        wanted = str(self.session.settings.value(SCREEN_KEY, "") or "")
        screen, full = choose_screen(
            QGuiApplication.screens(), clerk_screen=self.main.screen(), wanted=wanted
        )
        if screen is not None:
            window.setScreen(screen)
        if full and screen is not None:
            window.setGeometry(screen.geometry())
            # Not showFullScreen(): it asks to activate the window, which must never have
            # the clerk's keyboard (Qt refuses it, with a warning, for such a window).
            window.setWindowState(window.windowState() | Qt.WindowState.WindowFullScreen)
            window.setVisible(True)
        else:
            if screen is not None and not window.isVisible():
                area = screen.availableGeometry()
                window.resize(min(1100, area.width()), min(760, area.height()))
                window.move(area.topLeft())
            window.showNormal()
        self.toggle_action.setChecked(True)
        self.session.workers.read_op(self._place, owner=window).then(self._show_place)
        return window

    def _on_focus_window(self, focused: QWindow | None) -> None:
        """The customer's window asks not to be activated (WindowDoesNotAcceptFocus, shown
        without activating); where the platform activates it all the same (the offscreen
        plugin, a window manager that ignores the hint, a touch on it), the keyboard goes
        straight back to the clerk's widget that had it."""
        window = self.window
        if window is not None and focused is not None and focused is window.windowHandle():
            back = self._clerk_focus
            if back is not None and back.isVisible():
                back.window().activateWindow()
                back.setFocus(Qt.FocusReason.ActiveWindowFocusReason)
            else:
                self.main.activateWindow()
            return
        widget = QApplication.focusWidget()
        if widget is not None and (window is None or widget.window() is not window):
            self._clerk_focus = widget

    def _place(self) -> tuple[str, str, str]:
        ctx = self.session.ctx
        agency = ctx.service_point()[0]
        return agency.name, ctx.counter_name(), ctx.actor.full_name

    def _show_place(self, place: tuple[str, str, str]) -> None:
        if self.window is not None:
            agency, counter, clerk = place
            self.window.set_place(agency=agency, counter=counter, clerk=clerk)

    def close_window(self) -> None:
        if self.window is not None and self.window.isVisible():
            self.window.close()  # _on_window_closed ends a prompt that is open

    def _on_window_closed(self) -> None:
        self.toggle_action.setChecked(False)
        if self.prompt is not None and self.prompt.step != "saving":
            self._end("closed")

    def list_screens(self) -> None:
        """The screens Qt sees, in the menu; the chosen one is remembered."""
        menu = self.menu.screens_menu
        menu.clear()
        wanted = str(self.session.settings.value(SCREEN_KEY, "") or "")
        for screen in QGuiApplication.screens():
            g = screen.geometry()
            action = menu.addAction(f"{screen.name()} ({g.width()}×{g.height()})")
            action.setCheckable(True)
            action.setChecked(screen.name() == wanted)
            action.triggered.connect(partial(self.use_screen, screen.name()))
            self.screen_group.addAction(action)

    def use_screen(self, name: str, _checked: bool = False) -> None:
        self.session.settings.setValue(SCREEN_KEY, name)
        if self.is_open:
            self.open_window()  # moved there at once

    # --- when to ask -------------------------------------------------------------------------

    def on_intake_saved(self, record: object) -> None:
        assert isinstance(record, DossierRecord)
        if citizen_present(
            Occasion.INTAKE, channel=int(record.channel), result_delivery=record.result_delivery
        ):
            self.ask(record.code, Occasion.INTAKE)  # a post dossier: nobody at the counter

    def _on_dossier_changed(self, code: str) -> None:
        if not self.is_open or (code, Occasion.HANDOVER) in self.asked:
            return
        self.session.workers.read_op(
            partial(handover_prompt_due, self.session.ctx, code=code), owner=self
        ).then(lambda due: self.ask(code, Occasion.HANDOVER) if due else None)

    def ask(self, code: str, occasion: Occasion) -> bool:
        """Put the question on the customer's screen; False when that screen is closed (then
        nobody is asked and nothing is recorded)."""
        if not self.is_open or (code, occasion) in self.asked:
            return False
        if self.prompt is not None and self.prompt.step != "saving":
            self._end("replaced")
        assert self.window is not None
        self.asked.add((code, occasion))
        self.prompt = Prompt(new_prompt_id(), code, occasion)
        self._thanks_timer.stop()
        self.window.show_question()
        self._timer.start(self.timeout_ms)
        self._keypad(True)
        self.prompt_started.emit(code, occasion.value)
        return True

    # --- the answers ---------------------------------------------------------------------

    def choose_level(self, level: int) -> None:
        prompt = self.prompt
        if prompt is None or prompt.step != "question" or level not in (1, 2, 3):
            return  # a second press, or a key with no question open: ignored
        prompt.level = Level(level)
        self._keypad(False)
        if prompt.level is Level.UNHAPPY:
            prompt.step = "reasons"
            assert self.window is not None
            self.window.show_reasons()
            self._open_reason_dialog()
            self._timer.start(self.timeout_ms)
        else:
            self._after_reason()

    def choose_reason(self, key: str, note: str) -> None:
        prompt = self.prompt
        if prompt is None or prompt.step != "reasons":
            return
        if key == OTHER_REASON and not note:
            # The citizen pressed "another reason": the clerk writes down what they say.
            if self.reason_dialog is not None:
                index = self.reason_dialog.reason.findData(OTHER_REASON)
                self.reason_dialog.reason.setCurrentIndex(index)
                self.reason_dialog.note.setPlaceholderText(
                    self.tr("Ghi lời người dân rồi bấm Ghi lý do")
                )
            return
        prompt.reason, prompt.note = key, note
        self._close_reason_dialog()
        self._after_reason()

    def _after_reason(self) -> None:
        prompt = self.prompt
        assert prompt is not None and self.window is not None
        if self.criteria_action.isChecked():
            prompt.step = "criteria"
            self.window.show_criteria()
            self._timer.start(self.timeout_ms)
        else:
            self._save()

    def choose_criteria(self, chosen: object) -> None:
        prompt = self.prompt
        if prompt is None or prompt.step != "criteria":
            return
        assert isinstance(chosen, Mapping)
        prompt.criteria = {str(k): int(v) for k, v in chosen.items()}
        self._save()

    def _on_timeout(self) -> None:
        prompt = self.prompt
        if prompt is None:
            return
        if prompt.level is None:
            self._end("timeout")  # no answer: nothing is recorded
        elif prompt.step in ("reasons", "criteria"):
            self._close_reason_dialog()
            self._save()  # the level stands; the optional rest was not given

    def _save(self) -> None:
        prompt = self.prompt
        assert prompt is not None and prompt.level is not None
        prompt.step = "saving"
        self._timer.stop()
        fn = partial(
            record_rating,
            self.session.ctx,
            prompt_id=prompt.prompt_id,
            code=prompt.code,
            occasion=prompt.occasion,
            level=int(prompt.level),
            reason=prompt.reason,
            note=prompt.note,
            criteria=prompt.criteria,
        )
        self.session.workers.write_op(fn, owner=self).then(
            partial(self._on_saved, prompt), partial(self._on_failed, prompt)
        )

    def _on_saved(self, prompt: Prompt, record: RatingRecord) -> None:
        if self.window is not None and self.prompt is prompt:
            self.window.show_thanks()
            self._thanks_timer.start(self.thanks_ms)
        self.rated.emit(record)
        if self.prompt is prompt:
            self.prompt = None
        self.prompt_ended.emit("recorded")

    def _on_failed(self, prompt: Prompt, exc: BaseException) -> None:
        notice = getattr(self.main, "notice", None)
        if notice is not None:
            notice.show_message("error", self.session.explain(exc))
        if self.prompt is prompt:
            self.prompt = None
            self._back_to_welcome()
        self.prompt_ended.emit("failed")

    def _end(self, outcome: str) -> None:
        self._timer.stop()
        self._keypad(False)
        self._close_reason_dialog()
        self.prompt = None
        self._back_to_welcome()
        self.prompt_ended.emit(outcome)

    def _back_to_welcome(self) -> None:
        if self.window is not None and self.prompt is None:
            self.window.show_welcome()

    def _open_reason_dialog(self) -> None:
        self._close_reason_dialog()
        dialog = UnhappyReasonDialog(self.session.lang, self.main)
        dialog.chosen.connect(self.choose_reason)
        self.reason_dialog = dialog
        dialog.show()

    def _close_reason_dialog(self) -> None:
        if self.reason_dialog is not None:
            self.reason_dialog.close()
            self.reason_dialog.deleteLater()
            self.reason_dialog = None

    # --- the keypad ----------------------------------------------------------------------

    def _keypad(self, on: bool) -> None:
        app = QApplication.instance()
        if app is None or on == self._filtering:
            return
        if on:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)
        self._filtering = on

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """While a question is open, the numeric keypad's 1 / 2 / 3 (a USB keypad on the
        clerk's PC, whose keys go to the window that has the focus: the clerk's) answer it,
        unless the clerk's focus is in a field that takes digits: then the digit is the
        clerk's, typed as usual. The customer's window never has the focus, so this is how
        a keypad reaches it."""
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if not event.modifiers() & Qt.KeyboardModifier.KeypadModifier:
            return False
        level = _KEYPAD_LEVELS.get(Qt.Key(event.key()))
        if level is None or self.prompt is None or self.prompt.step != "question":
            return False
        # Acted on at its first sighting and consumed there (it goes no further); declined
        # at every sighting alike, since the focus does not change on the way.
        if _types_text(QApplication.focusWidget()):
            return False
        self.choose_level(int(level))
        return True
