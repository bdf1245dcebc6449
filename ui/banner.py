"""An inline message strip: tells the clerk something without stopping the work."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

# (background, border, text) per kind of message.
_COLOURS = {
    "info": ("#e8f1fb", "#9cc3ea", "#123a63"),
    "success": ("#e7f6ec", "#8fcea3", "#14532d"),
    "warning": ("#fff6dc", "#e8c55a", "#5c4300"),
    "error": ("#fde8e8", "#ee9a9a", "#7a1010"),
}


class Banner(QFrame):
    """A coloured line of text with an optional action button; hidden when empty.

    Signals:
        action_clicked(): the optional button was pressed.
    """

    action_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.kind = "info"
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.button = QPushButton(self)
        self.button.hide()
        self.button.clicked.connect(self.action_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self.hide()

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
        self.button.setText(action)
        self.button.setVisible(bool(action))
        self.show()

    def clear(self) -> None:
        self.label.clear()
        self.button.hide()
        self.hide()
