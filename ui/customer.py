"""The customer-facing window: a second top-level window for the monitor that faces the
citizen across the counter.

It shows the service point, the counter and the clerk's name, and, when a rating is asked
(ui/rating_flow.py), the question with three large buttons (touch, or the keys 1 / 2 / 3),
the reasons of a "not satisfied", and optionally the criteria of the national survey. It
never shows the citizen's data: no name, no ID number, not even the dossier's code.

It never takes the keyboard from the clerk: it is made with ``WindowDoesNotAcceptFocus``,
shown without activating, and none of its widgets accepts focus. On a machine with two
screens it opens full screen on the one the clerk's window is not on (or the one chosen in
the menu); on one screen it is an ordinary window the clerk can move and resize.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

from PySide6.QtCore import QEvent, QRect, Qt, Signal
from PySide6.QtGui import QCloseEvent, QFont, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.ratings import CRITERIA, CRITERIA_KEYS, OTHER_REASON, Level, reason_label


class ScreenLike(Protocol):
    """What the choice of a screen reads of a QScreen."""

    def name(self) -> str: ...

    def geometry(self) -> QRect: ...


S = TypeVar("S", bound=ScreenLike)


def choose_screen(
    screens: Sequence[S], *, clerk_screen: S | None, wanted: str = ""
) -> tuple[S | None, bool]:
    """(the screen for the customer's window, whether it opens full screen there).

    The screen named ``wanted`` (the setting) when Qt sees it; else, with two screens or
    more, the first one the clerk's window is not on; else the only one. Full screen only
    on a screen other than the clerk's: on a shared screen it must stay movable."""
    if not screens:
        return None, False
    chosen = next((s for s in screens if wanted and s.name() == wanted), None)
    if chosen is None:
        others = [s for s in screens if s is not clerk_screen]
        chosen = others[0] if len(screens) > 1 and others else screens[0]
    return chosen, chosen is not clerk_screen and len(screens) > 1


_LEVEL_STYLE = {
    Level.VERY_SATISFIED: "#1b7f3b",
    Level.SATISFIED: "#2a6fb0",
    Level.UNHAPPY: "#b3261e",
}


#: The design size: every font and touch target is drawn at its size on 1366x768 and
#: scaled with the window (down to small customer monitors, up to large ones).
DESIGN_SIZE = (1366, 768)
_BASE_PT = "base_pt"
_BASE_HEIGHT = "base_height"


def _tall(widget: QWidget, height: int) -> None:
    """A touch target's height at design size (scaled by CustomerWindow.fit)."""
    widget.setProperty(_BASE_HEIGHT, height)
    widget.setMinimumHeight(height)


def _big_button(parent: QWidget, colour: str, size: int = 26) -> QPushButton:
    button = QPushButton(parent)
    button.setProperty(_BASE_PT, size)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # never takes the clerk's keyboard
    _tall(button, 120)
    font = QFont(button.font())
    font.setPointSize(size)
    font.setBold(True)
    button.setFont(font)
    button.setStyleSheet(
        f"QPushButton {{ background: {colour}; color: white; border-radius: 14px;"
        f" padding: 16px; }} QPushButton:pressed {{ background: #333; }}"
    )
    return button


def _two_lines(text: str, width: int = 24) -> str:
    """A long label broken at the space nearest its middle (a QPushButton never wraps)."""
    if len(text) <= width or " " not in text:
        return text
    middle = len(text) // 2
    spaces = [i for i, ch in enumerate(text) if ch == " "]
    cut = min(spaces, key=lambda i: abs(i - middle))
    return f"{text[:cut]}\n{text[cut + 1 :]}"


def _label(parent: QWidget, size: int, *, bold: bool = False) -> QLabel:
    label = QLabel(parent)
    label.setProperty(_BASE_PT, size)
    font = QFont(label.font())
    font.setPointSize(size)
    font.setBold(bold)
    label.setFont(font)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    return label


class CustomerWindow(QWidget):
    """The citizen's window. Pages: welcome, the question, the reasons, the criteria,
    thanks. What the citizen presses is reported; ui/rating_flow.py decides what follows.

    Signals:
        level_chosen(int): a level was pressed (or 1 / 2 / 3 typed on this window).
        reason_chosen(str): a reason of the "not satisfied" was pressed.
        criteria_chosen(object): the criteria page was sent: {criterion key: level}.
        closed(): the window was closed (by the clerk's menu or the window manager).
    """

    level_chosen = Signal(int)
    reason_chosen = Signal(str)
    criteria_chosen = Signal(object)
    closed = Signal()

    def __init__(
        self, lang: Callable[[], str] = lambda: "vi", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window | Qt.WindowType.WindowDoesNotAcceptFocus)
        #: The current language: the criteria's words come from app.domain.ratings (vi, en).
        self.lang = lang
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setObjectName("customerWindow")
        self.setStyleSheet("#customerWindow { background: #f4f7fb; }")
        self.agency_name = ""
        self.counter_name = ""
        self.clerk_name = ""
        outer = QVBoxLayout(self)
        outer.setContentsMargins(40, 28, 40, 28)
        # The window may be smaller than its contents at design size: resizeEvent scales
        # the fonts and touch targets to fit (a 1024x600 monitor, a small movable window).
        outer.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.scale = 1.0
        self.agency = _label(self, 18, bold=True)
        self.counter = _label(self, 30, bold=True)
        self.clerk = _label(self, 20)
        outer.addWidget(self.agency)
        outer.addWidget(self.counter)
        outer.addWidget(self.clerk)
        self.pages = QStackedWidget(self)
        outer.addWidget(self.pages, 1)

        self.welcome_page = QWidget(self.pages)
        lay = QVBoxLayout(self.welcome_page)
        self.welcome = _label(self.welcome_page, 24)
        lay.addStretch(1)
        lay.addWidget(self.welcome)
        lay.addStretch(1)

        self.ask_page = QWidget(self.pages)
        lay = QVBoxLayout(self.ask_page)
        self.question = _label(self.ask_page, 28, bold=True)
        lay.addStretch(1)
        lay.addWidget(self.question)
        row = QHBoxLayout()
        row.setSpacing(24)
        self.level_buttons: dict[Level, QPushButton] = {}
        for level in Level:
            button = _big_button(self.ask_page, _LEVEL_STYLE[level])
            button.clicked.connect(lambda _c=False, lv=level: self.level_chosen.emit(int(lv)))
            self.level_buttons[level] = button
            row.addWidget(button, 1)
        lay.addLayout(row)
        self.keys_hint = _label(self.ask_page, 14)
        lay.addWidget(self.keys_hint)
        lay.addStretch(1)

        self.reason_page = QWidget(self.pages)
        lay = QVBoxLayout(self.reason_page)
        self.reason_title = _label(self.reason_page, 24, bold=True)
        lay.addWidget(self.reason_title)
        grid = QGridLayout()
        grid.setSpacing(12)
        self.reason_buttons: dict[str, QPushButton] = {}
        keys = [c.key for c in CRITERIA if c.key != "overall"] + [OTHER_REASON]
        for i, key in enumerate(keys):
            button = _big_button(self.reason_page, "#5b6b7f", 14)
            _tall(button, 72)
            button.clicked.connect(lambda _c=False, k=key: self.reason_chosen.emit(k))
            self.reason_buttons[key] = button
            grid.addWidget(button, i // 3, i % 3)
        lay.addLayout(grid, 1)

        self.criteria_page = QWidget(self.pages)
        lay = QVBoxLayout(self.criteria_page)
        self.criteria_title = _label(self.criteria_page, 20, bold=True)
        lay.addWidget(self.criteria_title)
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        self.criteria_labels: dict[str, QLabel] = {}
        self.criteria_groups: dict[str, QButtonGroup] = {}
        self.criteria_buttons: dict[tuple[str, Level], QPushButton] = {}
        for i, c in enumerate(CRITERIA):
            label = _label(self.criteria_page, 13)
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            self.criteria_labels[c.key] = label
            grid.addWidget(label, i, 0)
            group = QButtonGroup(self.criteria_page)
            self.criteria_groups[c.key] = group
            for j, level in enumerate(Level):
                button = QPushButton(self.criteria_page)
                button.setCheckable(True)
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                button.setProperty(_BASE_PT, 12)
                font = QFont(button.font())
                font.setPointSize(12)
                button.setFont(font)
                # The answer given stands out in its colour: the citizen sees what counts.
                button.setStyleSheet(
                    "QPushButton { background: white; border: 1px solid #9aa7b8;"
                    " border-radius: 6px; padding: 2px 10px; }"
                    f" QPushButton:checked {{ background: {_LEVEL_STYLE[level]}; color: white; }}"
                )
                _tall(button, 30)
                group.addButton(button, int(level))
                self.criteria_buttons[(c.key, level)] = button
                grid.addWidget(button, i, 1 + j)
        grid.setColumnStretch(0, 3)
        lay.addLayout(grid, 1)
        self.send_criteria = _big_button(self.criteria_page, "#2a6fb0", 18)
        _tall(self.send_criteria, 52)
        self.send_criteria.clicked.connect(self._send_criteria)
        lay.addWidget(self.send_criteria)

        self.thanks_page = QWidget(self.pages)
        lay = QVBoxLayout(self.thanks_page)
        self.thanks = _label(self.thanks_page, 30, bold=True)
        lay.addStretch(1)
        lay.addWidget(self.thanks)
        lay.addStretch(1)

        for page in (
            self.welcome_page,
            self.ask_page,
            self.reason_page,
            self.criteria_page,
            self.thanks_page,
        ):
            self.pages.addWidget(page)
        self.retranslate()

    # --- what the flow shows ---------------------------------------------------------------

    def set_place(self, *, agency: str, counter: str, clerk: str) -> None:
        """The service point, the counter and the clerk: the only names this window shows."""
        self.agency_name, self.counter_name, self.clerk_name = agency, counter, clerk
        self.retranslate()

    def show_welcome(self) -> None:
        self.pages.setCurrentWidget(self.welcome_page)

    def show_question(self) -> None:
        self.pages.setCurrentWidget(self.ask_page)

    def show_reasons(self) -> None:
        self.pages.setCurrentWidget(self.reason_page)

    def show_criteria(self) -> None:
        for group in self.criteria_groups.values():
            group.setExclusive(False)
            for button in group.buttons():
                button.setChecked(False)
            group.setExclusive(True)
        self.pages.setCurrentWidget(self.criteria_page)

    def show_thanks(self) -> None:
        self.pages.setCurrentWidget(self.thanks_page)

    @property
    def page(self) -> str:
        current = self.pages.currentWidget()
        names: dict[QWidget | None, str] = {
            self.welcome_page: "welcome",
            self.ask_page: "question",
            self.reason_page: "reasons",
            self.criteria_page: "criteria",
            self.thanks_page: "thanks",
        }
        return names.get(current, "")

    def _send_criteria(self) -> None:
        chosen = {
            key: group.checkedId()
            for key, group in self.criteria_groups.items()
            if group.checkedId() in (1, 2, 3)
        }
        assert set(chosen) <= CRITERIA_KEYS
        self.criteria_chosen.emit(chosen)

    # --- the window ------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        width, height = event.size().width(), event.size().height()
        scale = min(width / DESIGN_SIZE[0], height / DESIGN_SIZE[1])
        self.fit(max(0.5, min(scale, 1.4)))

    def fit(self, scale: float) -> None:
        """Draw the texts and touch targets at ``scale`` times their design size."""
        if abs(scale - self.scale) < 0.02:
            return
        self.scale = scale
        for widget in self.findChildren(QWidget):
            base = widget.property(_BASE_PT)
            if base:
                font = QFont(widget.font())
                font.setPointSize(max(8, round(int(base) * scale)))
                widget.setFont(font)
            height = widget.property(_BASE_HEIGHT)
            if height:
                widget.setMinimumHeight(max(24, round(int(height) * scale)))
        margin = round(40 * scale)
        layout = self.layout()
        if layout is not None:
            layout.setContentsMargins(margin, round(28 * scale), margin, round(28 * scale))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # A keypad wired to this window (it reaches here only when the window system gives
        # it keys, e.g. a touch kiosk's own keyboard): 1 / 2 / 3 answer the question.
        if self.page == "question" and event.key() in (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3):
            self.level_chosen.emit(event.key() - Qt.Key.Key_0)
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        self.closed.emit()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("MotCua Desk — màn hình dành cho người dân"))
        self.agency.setText(self.agency_name)
        self.counter.setText(self.counter_name)
        self.clerk.setText(
            self.tr("Cán bộ tiếp nhận: {name}").format(name=self.clerk_name)
            if self.clerk_name
            else ""
        )
        self.welcome.setText(self.tr("Xin kính chào quý khách!"))
        self.question.setText(
            self.tr("Ông/Bà có hài lòng với việc giải quyết hồ sơ tại quầy này không?")
        )
        labels = {
            Level.VERY_SATISFIED: self.tr("Rất hài lòng"),
            Level.SATISFIED: self.tr("Hài lòng"),
            Level.UNHAPPY: self.tr("Không hài lòng"),
        }
        for level, button in self.level_buttons.items():
            button.setText(f"{int(level)}\n{labels[level]}")
        self.keys_hint.setText(self.tr("Chạm vào một nút, hoặc bấm phím 1, 2, 3."))
        self.reason_title.setText(self.tr("Ông/Bà chưa hài lòng về điều gì?"))
        for key, button in self.reason_buttons.items():
            button.setText(_two_lines(reason_label(key, self.lang())))
        self.criteria_title.setText(
            self.tr("Xin Ông/Bà đánh giá thêm từng tiêu chí (không bắt buộc)")
        )
        for c in CRITERIA:
            self.criteria_labels[c.key].setText(reason_label(c.key, self.lang()))
            for level in Level:
                self.criteria_buttons[(c.key, level)].setText(labels[level])
        self.send_criteria.setText(self.tr("Gửi đánh giá"))
        self.thanks.setText(self.tr("Xin cảm ơn Ông/Bà!"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
