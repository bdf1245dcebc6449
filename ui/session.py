"""What every screen of one logged-in person shares: the core context acting as that
person, the background lanes, the language, the settings file and the bug reporter.

Passed down explicitly (no globals): a test builds its own."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSettings

from app.domain.errors import DeskError
from ui.errors import BugReporter
from ui.events import DeskEvents
from ui.i18n import Language
from ui.workers import Workers

if TYPE_CHECKING:
    from app.services.context import DeskContext


def open_settings(data_dir: Path) -> QSettings:
    """UI preferences (language, last user, print directly) live beside the database."""
    return QSettings(str(data_dir / "ui.ini"), QSettings.Format.IniFormat)


@dataclass
class UiSession:
    ctx: DeskContext
    workers: Workers
    language: Language
    settings: QSettings
    bugs: BugReporter | None = None
    #: What changed, announced by the screen that changed it (ui/events.py).
    events: DeskEvents = field(default_factory=DeskEvents)

    @property
    def lang(self) -> str:
        return self.language.code

    def explain(self, exc: object) -> str:
        """The text to show for a failed job: a DeskError's message in the current
        language; for our own bug, log it (with the dialog) and say so briefly."""
        if isinstance(exc, DeskError):
            return exc.message(self.lang)
        if self.bugs is not None and isinstance(exc, BaseException):
            self.bugs.report(exc)
        return QCoreApplication.translate(
            "UiSession", "Lỗi chương trình: {error}. Chi tiết đã ghi vào nhật ký."
        ).format(error=type(exc).__name__)

    @property
    def print_directly(self) -> bool:
        return str(self.settings.value("print_directly", "false")).lower() == "true"

    @print_directly.setter
    def print_directly(self, value: bool) -> None:
        self.settings.setValue("print_directly", "true" if value else "false")
