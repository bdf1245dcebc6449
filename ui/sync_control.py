"""Background sync for the window: at start, every 30 s, after each save, and on demand.

Every round runs in the network lane (``sync_once`` never raises for network faults) and
ends with a fresh ``sync_status``, so the status strip always shows what the database says."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from app.domain.roles import SYSTEM_ACTOR
from app.services.context import DeskContext
from ui.session import UiSession
from ui.workers import Lane

SYNC_INTERVAL_MS = 30_000
#: Between rounds, a health probe (1.5 s connect timeout) this often: a dropped network
#: shows on the strip in seconds, and a hub back sends the waiting dossiers at once.
PROBE_INTERVAL_MS = 5_000


def sync_round(ctx: DeskContext, manual: bool = False) -> tuple[Any, Any]:
    """One push/pull round and the status after it (runs in the network lane). A manual
    round (the clerk asked) also lifts the pause that follows a restore."""
    from app.services import sync  # imported late: keeps the window's start fast

    # The counter's device syncs, whoever is logged in: a volunteer's session must not hold
    # back the clerks' dossiers. (Enrolling the device stays a SYNC-role action.)
    report = sync.sync_once(ctx.with_actor(SYSTEM_ACTOR), manual=manual)
    return report, sync.sync_status(ctx)


def probe_hub(ctx: DeskContext) -> Any:
    from app.services import sync

    return sync.check_hub(ctx.with_actor(SYSTEM_ACTOR))


def read_status(ctx: DeskContext) -> Any:
    # The light module: the HTTP client and the keyring are not needed to read the status.
    from app.services.sync_status import sync_status

    return sync_status(ctx.with_actor(SYSTEM_ACTOR))


class SyncController(QObject):
    """Schedules sync rounds; never more than one at a time.

    Signals:
        status_changed(object): the SyncStatus to show (its state is "syncing" while a
            round runs).
        synced(object): the SyncReport of a finished round.
        failed(str): a round could not run at all (message in the current language).
    """

    status_changed = Signal(object)
    synced = Signal(object)
    failed = Signal(str)

    def __init__(self, session: UiSession, interval_ms: int = SYNC_INTERVAL_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.status: Any = None
        self.running = False
        self.rounds = 0
        self._again = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(lambda: self.sync_now())
        self.probe_timer = QTimer(self)
        self.probe_timer.setInterval(PROBE_INTERVAL_MS)
        self.probe_timer.timeout.connect(self.probe)
        self._probing = False

    def start(self) -> None:
        self.refresh()
        self.sync_now()
        self.timer.start()
        self.probe_timer.start()

    def stop(self) -> None:
        self.timer.stop()
        self.probe_timer.stop()

    def probe(self) -> None:
        """Is the hub still there? (network lane; skipped while a round runs)."""
        if self.running or self._probing:
            return
        self._probing = True
        ctx = self.session.ctx
        self.session.workers.submit(lambda: probe_hub(ctx), lane=Lane.NETWORK,
                                    owner=self).then(self._on_probe, self._on_probe_failed)

    def _on_probe(self, reachable: object) -> None:
        self._probing = False
        state = getattr(self.status, "state", None)
        if reachable is False and state != "offline":
            self.refresh()  # the probe recorded "offline": show it now
        elif reachable is True and state == "offline":
            self.sync_now()  # back: send what waits without waiting for the round

    def _on_probe_failed(self, exc: object) -> None:
        self._probing = False
        self._on_failed(exc)

    def refresh(self) -> None:
        """Re-read the status only (cheap; the read lane)."""
        self.session.workers.submit(lambda: read_status(self.session.ctx), lane=Lane.READ,
                                    owner=self).then(self._on_status, self._on_failed)

    def sync_by_hand(self) -> None:
        """The clerk pressed F5 or "Sync now"."""
        self.sync_now(manual=True)

    def sync_now(self, manual: bool = False) -> None:
        """Start a round now; if one runs, run another right after it."""
        if self.running:
            self._again = True
            return
        self.running = True
        if self.status is not None:
            self.status_changed.emit(dataclasses.replace(self.status, state="syncing"))
        ctx = self.session.ctx
        self.session.workers.submit(lambda: sync_round(ctx, manual), lane=Lane.NETWORK,
                                    owner=self).then(self._on_round, self._on_round_failed)

    def _on_round(self, outcome: object) -> None:
        report, status = outcome  # type: ignore[misc]
        self.running = False
        self.rounds += 1
        self._on_status(status)
        self.synced.emit(report)
        self._maybe_again()

    def _on_round_failed(self, exc: object) -> None:
        self.running = False
        self.rounds += 1
        self._on_failed(exc)
        self._maybe_again()

    def _maybe_again(self) -> None:
        if self._again:
            self._again = False
            self.sync_now()

    def _on_status(self, status: object) -> None:
        self.status = status
        self.status_changed.emit(status)

    def _on_failed(self, exc: object) -> None:
        self.failed.emit(self.session.explain(exc))
