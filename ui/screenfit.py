"""Windows that fit the screen they open on (the commune PC's 1366x768 is the yardstick).

A window asks for the size it would like; it gets no more than the screen's available area
(the desk minus task bars) leaves once the window manager's frame is counted."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRect, QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

#: Room left for the window manager's title bar and borders (not part of ``resize``).
FRAME_W, FRAME_H = 16, 40


def available_area(widget: QWidget) -> QRect:
    """The available geometry of the screen ``widget`` is on (or of the primary screen)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """``widget.resize(width, height)``, shrunk so the framed window fits its screen."""
    area = available_area(widget)
    w = min(width, max(area.width() - FRAME_W, 200))
    h = min(height, max(area.height() - FRAME_H, 200))
    widget.setMinimumSize(min(widget.minimumWidth(), w), min(widget.minimumHeight(), h))
    widget.resize(w, h)


def restore_window(widget: QWidget, settings: QSettings, key: str, width: int, height: int) -> None:
    """Give ``widget`` its last size, place and maximised state (kept in the data folder's
    ui.ini under ``key``), or ``width`` x ``height`` fitted to the screen the first time."""
    saved = settings.value(f"{key}/geometry")
    if isinstance(saved, QByteArray | bytes) and widget.restoreGeometry(QByteArray(saved)):
        area = available_area(widget)
        if area.intersects(widget.geometry()):
            return
    fit_to_screen(widget, width, height)


def remember_window(widget: QWidget, settings: QSettings, key: str) -> None:
    settings.setValue(f"{key}/geometry", widget.saveGeometry())
