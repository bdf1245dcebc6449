"""Quiet background care of the counter's data: rotating backups and the integrity check.

The backup copies through SQLite's online backup API on its own connection, so it runs in
the read lane beside the write lane; a problem is shown in the window's banner."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QObject, QTimer, Signal

from app.services.backups import maybe_backup
from app.services.context import verify_database
from ui.session import UiSession

DAILY_CHECK_MS = 60 * 60 * 1000  # look every hour whether today's backup is due


class Housekeeping(QObject):
    """Backups at start, daily and after many changes; the integrity check after start.

    Signals:
        problem(str): a translated message for the clerk (a damaged file, a failed backup).
        backed_up(str): the path of a new backup.
    """

    problem = Signal(str)
    backed_up = Signal(str)

    def __init__(self, session: UiSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.timer = QTimer(self)
        self.timer.setInterval(DAILY_CHECK_MS)
        self.timer.timeout.connect(lambda: self.backup("daily"))
        session.events.dossier_changed.connect(self._on_dossier_changed)

    def _on_dossier_changed(self, _code: str) -> None:
        self.after_change()

    def start(self) -> None:
        """After the window is usable: never in the way of the first dossier."""
        self.session.workers.read_op(partial(verify_database, self.session.ctx), owner=self).then(
            lambda _r: self.backup("start"), self._failed
        )
        self.timer.start()

    def after_change(self) -> None:
        self.backup("changes")

    def backup(self, reason: str) -> None:
        self.session.workers.read_op(
            partial(maybe_backup, self.session.ctx, reason=reason), owner=self
        ).then(self._done, self._failed)

    def stop(self) -> None:
        self.timer.stop()

    def _done(self, path: object) -> None:
        if path is not None:
            self.backed_up.emit(str(path))

    def _failed(self, exc: object) -> None:
        self.problem.emit(self.session.explain(exc))
