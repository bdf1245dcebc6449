"""An inline message strip: tells the clerk something without stopping the work.

A banner never moves the screen around it: in a layout it keeps its (fixed, two-line)
height while hidden, so the buttons below stay where the clerk's hand expects them; a
floating banner (``float_over``) lies over the bottom edge of another widget instead and
takes no room at all. A text longer than the strip shows whole in its tooltip."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QRect, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

# (background, border, text) per kind of message.
_COLOURS = {
    "info": ("#e8f1fb", "#9cc3ea", "#123a63"),
    "success": ("#e7f6ec", "#8fcea3", "#14532d"),
    "warning": ("#fff6dc", "#e8c55a", "#5c4300"),
    "error": ("#fde8e8", "#ee9a9a", "#7a1010"),
}
_MARGIN_V = 4


class Banner(QFrame):
    """A coloured line of text with an optional action button; blank when empty.

    Signals:
        action_clicked(): the optional button was pressed.
    """

    action_clicked = Signal()

    def __init__(self, parent: QWidget | None = None, *, lines: int = 2) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.kind = "info"
        self._anchors: tuple[QWidget, ...] = ()
        self._where: Callable[[], QRect] | None = None
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.button = QPushButton(self)
        self.button.hide()
        self.button.clicked.connect(self.action_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, _MARGIN_V, 10, _MARGIN_V)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        policy = self.sizePolicy()
        policy.setVerticalPolicy(QSizePolicy.Policy.Fixed)
        policy.setRetainSizeWhenHidden(True)  # hidden, it still holds its place
        self.setSizePolicy(policy)
        self.setFixedHeight(self.reserved_height(lines))
        self.hide()

    def reserved_height(self, lines: int) -> int:
        """The height of ``lines`` lines of text (or the action button) with the margins."""
        text = self.fontMetrics().lineSpacing() * lines
        return max(text, self.button.sizeHint().height()) + 2 * _MARGIN_V + 4

    @property
    def text(self) -> str:
        return self.label.text()

    def show_message(self, kind: str, text: str, action: str = "") -> None:
        self.kind = kind
        bg, border, fg = _COLOURS.get(kind, _COLOURS["info"])
        self.setStyleSheet(
            f"QFrame#banner {{ background:{bg}; border:1px solid {border}; border-radius:4px; }}"
            f" QLabel {{ color:{fg}; background:transparent; border:none; }}"
        )
        self.label.setText(text)
        self.label.setToolTip(text)
        self.button.setText(action)
        self.button.setVisible(bool(action))
        self._place()
        self.show()
        if self._where is not None:
            self.raise_()

    def clear(self) -> None:
        self.label.clear()
        self.label.setToolTip("")
        self.button.hide()
        self.hide()

    # --- floating over another widget ----------------------------------------------------

    def float_over(self, place: Callable[[], QRect], *anchors: QWidget) -> None:
        """Lie where ``place()`` says (in the parent's coordinates, recomputed when one of
        ``anchors`` is resized) instead of taking a place in a layout: for a window-wide
        notice that must push nothing, e.g. in the empty end of a tab bar."""
        self._anchors = anchors
        self._where = place
        policy = self.sizePolicy()
        policy.setRetainSizeWhenHidden(False)
        self.setSizePolicy(policy)
        self.setMinimumHeight(0)
        self.setMaximumHeight(16777215)
        for anchor in anchors:
            anchor.installEventFilter(self)
        self.label.setWordWrap(False)
        self._place()

    def _place(self) -> None:
        if self._where is not None:
            self.setGeometry(self._where())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched in self._anchors and event.type() in (
            QEvent.Type.Resize,
            QEvent.Type.Move,
            QEvent.Type.LayoutRequest,
        ):
            self._place()
        return super().eventFilter(watched, event)
