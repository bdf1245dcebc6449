"""Errors a clerk can act on, each with a Vietnamese and an English message.

The core never speaks Qt, so messages are (vi, en) templates in the one catalogue of
app/domain/messages; the UI and the CLI choose the language. A ``DeskError`` is always the
environment's or the user's fault (bad input, a full disk, a dead network); anything else
escaping the core is our bug.
"""

from __future__ import annotations

from typing import Any

from app.domain.messages import MESSAGES

__all__ = ("MESSAGES", "DeskError")


class DeskError(Exception):
    """A failure the user can act on: bad input or the environment, never our bug."""

    def __init__(self, key: str, **params: Any) -> None:
        self.key = key
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str = "vi") -> str:
        vi, en = MESSAGES.get(self.key, ("{key}", "{key}"))
        template = vi if lang == "vi" else en
        try:
            return template.format(key=self.key, **self.params)
        except (KeyError, IndexError):
            return f"{template} {self.params}"

    def both(self) -> str:
        """Vietnamese first, English after: what the CLI prints."""
        return f"{self.message('vi')}\n({self.message('en')})"
