"""Background sync for the window: at start, then when the desk's one sync schedule
(:class:`app.services.sync.SyncSchedule`: every 30 s, backing off with full jitter while the
hub fails, at once when it answers again), after each save, and on demand.

Every round runs in the network lane (``sync_once`` never raises for network faults) and
ends with a fresh ``sync_status``, so the status strip always shows what the database says."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QObject, QTimer, Signal

from app.domain.roles import SYSTEM_ACTOR
from app.services.context import DeskContext
from ui.session import UiSession

if TYPE_CHECKING:  # the module itself loads late (sync_round): keeps the window's start fast
    from app.services.sync import SyncReport
    from app.services.sync_status import SyncStatus

SYNC_INTERVAL_MS = 30_000
#: Between rounds, a health probe (1.5 s connect timeout) this often: a dropped network
#: shows on the strip in seconds, and a hub back sends the waiting dossiers at once.
PROBE_INTERVAL_MS = 5_000


class WriteLaneDatabase:
    """The database as the sync round sees it: each write unit of work (``session()``)
    holds the write lane's lock (``Workers.write_lock``) while it runs.

    Why not split the round into a network job and write-lane jobs: the engine interleaves
    the two page by page (push a page, mark it sent, pull a page, apply it, move the
    cursor), and a failure half-way must leave every applied page committed with its
    cursor. Hopping lanes per page would turn one loop into a chain of callbacks across two
    threads. Instead the round runs whole in the network lane and each of its units of
    work is serialised with the write lane: it runs between two write-lane jobs, never
    beside one, and no lock is held while the round waits on the network, so a dead hub
    never holds back a save. Reads (``read_session``) take no lock."""

    def __init__(self, db: Any, write_lock: threading.RLock) -> None:
        self._db = db
        self._write_lock = write_lock

    def __getattr__(self, name: str) -> Any:
        return getattr(self._db, name)

    @contextmanager
    def session(self) -> Iterator[Any]:
        with self._write_lock, self._db.session() as s:
            yield s


def in_write_lane(ctx: DeskContext, write_lock: threading.RLock) -> DeskContext:
    """``ctx`` whose database writes are serialised with the write lane."""
    # Duck-typed: the Database with a serialised session() (ui/ never imports app.store).
    db = cast(Any, WriteLaneDatabase(ctx.db, write_lock))
    return dataclasses.replace(ctx, db=db)


def sync_round(ctx: DeskContext, manual: bool = False) -> tuple[SyncReport, SyncStatus]:
    """One push/pull round and the status after it (runs in the network lane, ``ctx`` made
    by :func:`in_write_lane`). A manual round (the clerk asked) also lifts the pause that
    follows a restore."""
    from app.services import sync  # imported late: keeps the window's start fast
    from app.services.sync_status import sync_status

    # The counter's device syncs, whoever is logged in: a volunteer's session must not hold
    # back the clerks' dossiers. (Enrolling the device stays a SYNC-role action.)
    report = sync.sync_once(ctx.with_actor(SYSTEM_ACTOR), manual=manual)
    return report, sync_status(ctx)


def probe_hub(ctx: DeskContext) -> bool | None:
    from app.services import sync

    return sync.check_hub(ctx.with_actor(SYSTEM_ACTOR))


def read_status(ctx: DeskContext) -> SyncStatus:
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

    def __init__(
        self, session: UiSession, interval_ms: int = SYNC_INTERVAL_MS, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.status: Any = None
        self.running = False
        self.rounds = 0
        self._again = False
        self._active = False
        from app.services.sync import SyncSchedule  # late, as in sync_round

        self.schedule = SyncSchedule(poll_interval=interval_ms / 1000)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)  # re-armed after each round with the schedule's wait
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(lambda: self.sync_now())
        self.probe_timer = QTimer(self)
        self.probe_timer.setInterval(PROBE_INTERVAL_MS)
        self.probe_timer.timeout.connect(self.probe)
        self._probing = False
        # A save, a move, a hand-over: send it now rather than at the next scheduled round.
        session.events.dossier_changed.connect(self._on_dossiers_changed)
        session.events.dossiers_changed.connect(self._on_dossiers_changed)

    def _on_dossiers_changed(self, _code: str = "") -> None:
        self.sync_now()

    def start(self) -> None:
        self._active = True
        self.refresh()
        self._arm(self.schedule.at_start())
        self.probe_timer.start()

    def stop(self) -> None:
        self._active = False
        self.timer.stop()
        self.probe_timer.stop()

    def probe(self) -> None:
        """Is the hub still there? (network lane; skipped while a round runs)."""
        if self.running or self._probing:
            return
        self._probing = True
        ctx = in_write_lane(self.session.ctx, self.session.workers.write_lock)
        self.session.workers.network_op(lambda: probe_hub(ctx), owner=self).then(
            self._on_probe, self._on_probe_failed
        )

    def _on_probe(self, reachable: bool | None) -> None:
        self._probing = False
        state = getattr(self.status, "state", None)
        if reachable is False and state != "offline":
            self.refresh()  # the probe recorded "offline": show it now
        elif reachable is True and state == "offline":
            # back: send what waits without waiting for the back-off
            self._arm(self.schedule.connectivity_returned())

    def _on_probe_failed(self, exc: object) -> None:
        self._probing = False
        self._on_failed(exc)

    def refresh(self) -> None:
        """Re-read the status only (cheap; the read lane)."""
        self.session.workers.read_op(lambda: read_status(self.session.ctx), owner=self).then(
            self._on_status, self._on_failed
        )

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
        ctx = in_write_lane(self.session.ctx, self.session.workers.write_lock)
        self.session.workers.network_op(lambda: sync_round(ctx, manual), owner=self).then(
            self._on_round, self._on_round_failed
        )

    def _on_round(self, outcome: tuple[SyncReport, SyncStatus]) -> None:
        report, status = outcome
        self.running = False
        self.rounds += 1
        self._on_status(status)
        if report.pulled:  # the lists show what the round brought (not dossiers_changed:
            self.session.events.dossiers_pulled.emit()  # that would ask another round)
        self.synced.emit(report)
        self._arm(self.schedule.after_round(report.outcome))
        self._maybe_again()

    def _on_round_failed(self, exc: object) -> None:
        self.running = False
        self.rounds += 1
        self._on_failed(exc)
        self._arm(self.schedule.after_round("error"))
        self._maybe_again()

    def _arm(self, seconds: float) -> None:
        """Run the next scheduled round in ``seconds`` (only once started)."""
        if self._active:
            self.timer.start(max(0, round(seconds * 1000)))

    def _maybe_again(self) -> None:
        if self._again:
            self._again = False
            self.sync_now()

    def _on_status(self, status: object) -> None:
        self.status = status
        self.status_changed.emit(status)
        self.session.events.sync_state_changed.emit()

    def _on_failed(self, exc: object) -> None:
        self.failed.emit(self.session.explain(exc))
