"""The UI language: Vietnamese source strings, English through Qt Linguist (motcua_en.qm).

Switching installs or removes the translator; Qt then sends ``QEvent.LanguageChange`` to
every widget, and each screen re-translates itself in ``retranslate()``."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QObject, QTranslator, Signal
from PySide6.QtGui import QIcon

from app.domain.errors import DeskError

LANGUAGES = ("vi", "en")


def resources_dir() -> Path:
    """``resources/`` of the source tree, or of the PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    root = Path(bundle) if bundle else Path(__file__).resolve().parents[1]
    return root / "resources"


def app_icon() -> QIcon:
    return QIcon(str(resources_dir() / "icons" / "motcua.svg"))


def translations_dir() -> Path:
    return resources_dir() / "translations"


class Language(QObject):
    """The current language of the application.

    Signals:
        changed(str): the new language code, after the translator was swapped.
    """

    changed = Signal(str)

    def __init__(self, code: str = "vi", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._code = "vi"
        self._translator: QTranslator | None = None
        self.set(code)

    @property
    def code(self) -> str:
        return self._code

    def set(self, code: str) -> None:
        code = code if code in LANGUAGES else "vi"
        app = QCoreApplication.instance()
        if self._translator is not None and app is not None:
            app.removeTranslator(self._translator)
            self._translator = None
        if code == "en":
            translator = QTranslator(self)
            if not translator.load(str(translations_dir() / "motcua_en.qm")):
                raise FileNotFoundError(translations_dir() / "motcua_en.qm")
            if app is not None:
                app.installTranslator(translator)
            self._translator = translator
        changed = code != self._code
        self._code = code
        QLocale.setDefault(
            QLocale(QLocale.Language.English if code == "en" else QLocale.Language.Vietnamese)
        )
        if changed:
            self.changed.emit(code)

    def toggle(self) -> None:
        self.set("en" if self._code == "vi" else "vi")

    def message(self, err: DeskError) -> str:
        """A DeskError in the current language."""
        return err.message(self._code)

    def label(self, item: object) -> str:
        """The label of a domain enum (Status, Channel) in the current language."""
        if self._code == "en":
            return str(getattr(item, "label_en", item))
        return str(getattr(item, "label_vi", item))
