"""The one background-work helper of the UI.

A screen hands a callable to :class:`Workers`; it runs off the GUI thread and its outcome
comes back, on the GUI thread, through the :class:`Job`'s ``succeeded`` / ``failed``
signals. Screens never make threads of their own and never touch widgets from a callable.

Work goes through lanes, each one thread, so that:

- every database write is serialised in the ``WRITE`` lane (receive, advance, print, log in);
- reads (search, detail, preview rendering) never wait behind a slow write or a sync;
- network work (sync, enrolment) runs beside both, so a dead hub never blocks the counter.

The kind of work picks its lane, not the caller (STYLE 17): a screen asks
``workers.write_op(fn)``, ``workers.read_op(fn)`` or ``workers.network_op(fn)`` and gets a
typed :class:`Job` whose success callback receives what ``fn`` returns.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from enum import Enum
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

log = logging.getLogger("motcua.ui")

T = TypeVar("T")


class Lane(Enum):
    WRITE = "write"
    READ = "read"
    NETWORK = "network"


class Job(QObject, Generic[T]):
    """One callable run in a lane; ``T`` is what it returns.

    Signals:
        succeeded(object): emitted on the GUI thread with the callable's return value.
        failed(object): emitted on the GUI thread with the exception it raised (its
            ``__traceback__`` kept, for the bug log).
        finished(): emitted after either of the two.
    """

    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()
    # Crosses from the lane's thread to this object's (the GUI) thread, queued.
    _completed = Signal(bool, object)

    def __init__(self, fn: Callable[[], T], lane: Lane, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.fn = fn
        self.lane = lane
        self.done = False
        self.dropped = False
        self.ok: bool | None = None
        self.result: Any = None
        self._completed.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def run_here(self) -> None:
        """Run the callable in the calling (lane) thread; catches everything."""
        try:
            value = self.fn()
        except BaseException as exc:  # noqa: BLE001 - every failure is reported, never lost
            outcome: tuple[bool, Any] = (False, exc)
        else:
            outcome = (True, value)
        try:
            self._completed.emit(*outcome)
        except RuntimeError:
            # The job was destroyed with its owner (the app is closing): nobody listens.
            log.debug("job outcome dropped: receiver gone")

    def then(
        self,
        succeeded: Callable[[T], object] | None = None,
        failed: Callable[[BaseException], object] | None = None,
    ) -> Job[T]:
        """Connect both outcomes in one call; returns the job. ``succeeded`` receives the
        callable's return value (a ``T``: mypy checks the callback against the work),
        ``failed`` the exception it raised."""
        if succeeded is not None:
            self.succeeded.connect(succeeded)
        if failed is not None:
            self.failed.connect(failed)
        return self

    @Slot()
    def drop(self) -> None:
        """Deliver nothing any more (the screen that asked is gone)."""
        self.dropped = True

    @Slot(bool, object)
    def _deliver(self, ok: bool, value: object) -> None:
        self.done, self.ok, self.result = True, ok, value
        if self.dropped:
            self.finished.emit()
            return
        if ok:
            self.succeeded.emit(value)
        else:
            self.failed.emit(value)
        self.finished.emit()


class _Runnable(QRunnable):
    def __init__(self, job: Job[Any], lock: threading.RLock | None = None) -> None:
        super().__init__()
        self.job = job
        self.lock = lock
        self.setAutoDelete(True)

    def run(self) -> None:
        if self.lock is None:
            self.job.run_here()
            return
        with self.lock:
            self.job.run_here()


class Workers(QObject):
    """The lanes of background work for one window tree.

    Signals:
        busy_changed(bool): True when the first job starts, False when the last ends.
    """

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pools: dict[Lane, QThreadPool] = {}
        for lane in Lane:
            pool = QThreadPool(self)
            pool.setMaxThreadCount(1)  # one thread per lane: writes are strictly serial
            pool.setExpiryTimeout(-1)
            self._pools[lane] = pool
        self._pending: set[Job[Any]] = set()
        self._closed = False
        #: Held by the write lane around each of its jobs. Work in another lane that must
        #: write (the sync round's units of work) takes it too, so that every database
        #: write of the window is serialised with the write lane's (ui/sync_control.py).
        self.write_lock = threading.RLock()

    def write_op(self, fn: Callable[[], T], *, owner: QObject | None = None) -> Job[T]:
        """Work that writes the database (receive, advance, print, log in): the write lane,
        one at a time, in order."""
        return self.submit(fn, lane=Lane.WRITE, owner=owner)

    def read_op(self, fn: Callable[[], T], *, owner: QObject | None = None) -> Job[T]:
        """Work that only reads (search, detail, rendering): the read lane, never behind a
        slow write or a sync."""
        return self.submit(fn, lane=Lane.READ, owner=owner)

    def network_op(self, fn: Callable[[], T], *, owner: QObject | None = None) -> Job[T]:
        """Work that talks to the hub (sync, enrolment, probes): the network lane, beside
        the other two, so a dead hub never blocks the counter."""
        return self.submit(fn, lane=Lane.NETWORK, owner=owner)

    def submit(
        self, fn: Callable[[], T], *, lane: Lane = Lane.READ, owner: QObject | None = None
    ) -> Job[T]:
        """Run ``fn()`` in ``lane`` (screens use :meth:`write_op`, :meth:`read_op` or
        :meth:`network_op`, which pick it); connect to the returned job's signals at once
        (the outcome is delivered through the event loop, so it cannot arrive before). When
        ``owner`` is destroyed first, the outcome is not delivered."""
        job: Job[T] = Job(fn, lane, self)
        if owner is not None:
            owner.destroyed.connect(job.drop)
        if self._closed:
            job._completed.emit(False, RuntimeError("workers are shut down"))
            return job
        self._pending.add(job)
        if len(self._pending) == 1:
            self.busy_changed.emit(True)
        job.finished.connect(self._forget)
        lock = self.write_lock if lane is Lane.WRITE else None
        self._pools[lane].start(_Runnable(job, lock))
        return job

    @Slot()
    def _forget(self) -> None:
        job = self.sender()
        if isinstance(job, Job) and job in self._pending:
            self._pending.discard(job)
            job.deleteLater()
            if not self._pending:
                self.busy_changed.emit(False)

    @property
    def pending(self) -> int:
        return len(self._pending)

    def wait_idle(self, timeout_ms: int = 30_000) -> bool:
        """Block until every lane is empty (shutdown and tests only)."""
        return all(pool.waitForDone(timeout_ms) for pool in self._pools.values())

    def shutdown(self, timeout_ms: int = 15_000) -> None:
        """Refuse new work and wait for what runs (a save must reach the disk)."""
        self._closed = True
        for pool in self._pools.values():
            pool.clear()
        self.wait_idle(timeout_ms)
