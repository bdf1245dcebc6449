"""The background-work helper: off the GUI thread, outcomes on it, failures never lost,
writes strictly one at a time, network work beside them."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from PySide6.QtCore import QObject, QThread
from PySide6.QtWidgets import QApplication

from app.domain.errors import DeskError
from ui.workers import Job, Lane, Workers


def test_outcomes_arrive_on_the_gui_thread(qtbot, workers):
    seen: dict[str, object] = {}

    def work() -> int:
        seen["worker"] = threading.current_thread() is threading.main_thread()
        return 42

    job = workers.submit(work)
    job.succeeded.connect(
        lambda v: seen.update(
            value=v, gui=QThread.currentThread() is QApplication.instance().thread()
        )
    )
    with qtbot.waitSignal(job.finished, timeout=3000):
        pass
    assert seen == {"worker": False, "value": 42, "gui": True}


def test_every_failure_is_emitted_with_its_traceback(qtbot, workers):
    def broken() -> None:
        raise ZeroDivisionError("boom")

    job = workers.submit(broken, lane=Lane.WRITE)
    with qtbot.waitSignal(job.failed, timeout=3000) as failed:
        pass
    exc = failed.args[0]
    assert isinstance(exc, ZeroDivisionError) and exc.__traceback__ is not None
    job = workers.submit(lambda: (_ for _ in ()).throw(DeskError("disk.full")))
    with qtbot.waitSignal(job.failed, timeout=3000) as failed:
        pass
    assert failed.args[0].key == "disk.full"


def test_writes_run_one_at_a_time_in_order(qtbot, workers):
    active, peak, order = [0], [0], []
    lock = threading.Lock()

    def write(i: int) -> None:
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        time.sleep(0.005)
        order.append(i)
        with lock:
            active[0] -= 1

    jobs = [workers.submit(lambda i=i: write(i), lane=Lane.WRITE) for i in range(20)]
    qtbot.waitUntil(lambda: all(j.done for j in jobs), timeout=5000)
    assert peak[0] == 1 and order == list(range(20))


def test_network_work_runs_beside_a_blocked_write(qtbot, workers):
    release = threading.Event()
    blocked = workers.submit(lambda: release.wait(5), lane=Lane.WRITE)
    quick = workers.submit(lambda: "pong", lane=Lane.NETWORK)
    with qtbot.waitSignal(quick.succeeded, timeout=2000):
        pass
    assert not blocked.done
    release.set()
    qtbot.waitUntil(lambda: blocked.done, timeout=5000)


def test_nothing_is_delivered_to_a_screen_that_is_gone(qtbot, workers):
    owner = QObject()
    got: list[object] = []
    release = threading.Event()
    job: Job = workers.submit(lambda: release.wait(5), owner=owner)
    job.succeeded.connect(got.append)
    owner.deleteLater()
    qtbot.waitUntil(lambda: job.dropped, timeout=2000)
    release.set()
    qtbot.waitUntil(lambda: job.done, timeout=5000)
    assert got == []


def test_busy_signal_and_shutdown(qtbot):
    lanes = Workers()
    with qtbot.waitSignal(lanes.busy_changed, timeout=1000) as busy:
        job = lanes.submit(lambda: time.sleep(0.05))
    assert busy.args == [True]
    with qtbot.waitSignal(lanes.busy_changed, timeout=3000) as idle:
        pass
    assert idle.args == [False] and job.ok and lanes.pending == 0
    lanes.shutdown()
    refused = lanes.submit(lambda: 1)
    with qtbot.waitSignal(refused.failed, timeout=1000):
        pass


def test_the_kind_of_work_picks_its_lane(qtbot, workers):
    threads: dict[str, set[int]] = {"write": set(), "read": set(), "network": set()}

    def note(kind: str) -> str:
        threads[kind].add(threading.get_ident())
        return kind

    jobs = []
    for _ in range(3):
        jobs.append(workers.write_op(lambda: note("write")))
        jobs.append(workers.read_op(lambda: note("read")))
        jobs.append(workers.network_op(lambda: note("network")))
    qtbot.waitUntil(lambda: all(j.done for j in jobs), timeout=5000)
    assert [j.lane for j in jobs[:3]] == [Lane.WRITE, Lane.READ, Lane.NETWORK]
    assert all(j.ok for j in jobs) and [j.result for j in jobs[:3]] == ["write", "read", "network"]
    # One thread per lane, three different lanes.
    assert all(len(ids) == 1 for ids in threads.values())
    assert len(set().union(*threads.values())) == 3
    # A blocked write does not hold a read or a network job back; a second write waits.
    release = threading.Event()
    blocked = workers.write_op(lambda: release.wait(5))
    queued = workers.write_op(lambda: "after")
    read = workers.read_op(lambda: "read")
    net = workers.network_op(lambda: "net")
    qtbot.waitUntil(lambda: read.done and net.done, timeout=2000)
    assert not blocked.done and not queued.done
    release.set()
    qtbot.waitUntil(lambda: queued.done, timeout=5000)


@dataclass(frozen=True)
class _Answer:
    value: int


def test_the_success_callback_receives_what_the_work_returned(qtbot, workers):
    answer = _Answer(7)
    got: list[_Answer] = []
    errors: list[BaseException] = []

    def keep(result: _Answer) -> None:  # typed: Job[_Answer].then checks it under mypy
        got.append(result)

    job: Job[_Answer] = workers.read_op(lambda: answer).then(keep, errors.append)
    qtbot.waitUntil(lambda: job.done, timeout=3000)
    assert got == [answer] and got[0] is answer and errors == []
    failing: Job[_Answer] = workers.write_op(_raise_full).then(keep, errors.append)
    qtbot.waitUntil(lambda: failing.done, timeout=3000)
    assert len(got) == 1 and [getattr(e, "key", None) for e in errors] == ["disk.full"]


def _raise_full() -> _Answer:
    raise DeskError("disk.full")
