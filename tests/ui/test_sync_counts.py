"""The sync strip counts dossiers (not events), says "offline" within seconds of the hub
going away (a short probe between rounds), in Vietnamese only."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

from app.domain.dossier import Status
from app.domain.roles import SYSTEM_ACTOR
from app.services.dossiers import ApplicantInput, advance_dossier, receive_dossier
from app.services.enrolment import enroll
from app.services.sync_status import sync_status
from ui.mainwindow import MainWindow

AGENCY = "000.00.31.H26"


def test_waiting_counts_dossiers_not_events(qtbot, session):
    code = receive_dossier(
        session.ctx,
        procedure_code="1.001193",
        applicant=ApplicantInput("Vũ Văn Hải", "001090000123"),
    ).code
    advance_dossier(session.ctx, code=code, to=Status.PROCESSING, note="")
    advance_dossier(session.ctx, code=code, to=Status.RESOLVED, note="")
    status = sync_status(session.ctx)
    assert status.waiting == 3 and status.waiting_dossiers == 1  # three events, one dossier
    window = MainWindow(session, start_sync=False)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.strip.status is not None, timeout=5000)
    assert window.strip.waiting.text() == "Chờ gửi: 1 hồ sơ"


def test_offline_shows_within_seconds_and_in_vietnamese(qtbot, session, clock, hub):
    clock.now = datetime.now(UTC).replace(microsecond=0)  # the hub runs on the real clock
    enroll(session.ctx.with_actor(SYSTEM_ACTOR), hub_url=hub.url, code=hub.enrolment_code(AGENCY))
    window = MainWindow(session, start_sync=False)
    qtbot.addWidget(window)
    window.sync.probe_timer.setInterval(500)  # the real one is 5 s
    window.sync.start()
    strip = window.strip
    qtbot.waitUntil(lambda: strip.state_key == "up_to_date", timeout=15_000)
    assert window.sync.timer.interval() == 30_000  # no round is due for half a minute

    hub.stop()
    gone = time.monotonic()
    qtbot.waitUntil(lambda: strip.state_key == "offline", timeout=10_000)
    assert time.monotonic() - gone < 5  # was up to the next round, 15-40 s
    message = window.sync.status.last_error
    assert "Không kết nối được" in message
    for english in ("connection refused", "no route", "timeout", "DNS error"):
        assert english not in message, message

    # Back on the same address: the probe notices and the round runs at once.
    _receive_one = receive_dossier(
        session.ctx,
        procedure_code="1.001193",
        applicant=ApplicantInput("Lê Văn Tám", "001090000456"),
    )
    assert _receive_one.code
    hub.start()
    back = time.monotonic()
    qtbot.waitUntil(
        lambda: strip.state_key == "up_to_date" and strip.waiting.text() == "Chờ gửi: 0 hồ sơ",
        timeout=15_000,
    )
    assert time.monotonic() - back < 10
    window.sync.stop()


def test_window_backs_off_while_the_hub_is_down_and_retries_when_it_returns(
    qtbot, session, clock, hub
):
    clock.now = datetime.now(UTC).replace(microsecond=0)
    enroll(session.ctx.with_actor(SYSTEM_ACTOR), hub_url=hub.url, code=hub.enrolment_code(AGENCY))
    hub.stop()
    window = MainWindow(session, start_sync=False)
    qtbot.addWidget(window)
    window.sync.schedule.rng = lambda: 0.999  # each wait at its ceiling: 2 s, 4 s, 8 s ...
    window.sync.probe_timer.setInterval(300)
    window.sync.start()
    qtbot.waitUntil(lambda: window.sync.schedule.failures >= 1, timeout=15_000)
    # The same schedule as the CLI loop: not the fixed 30 s, a short jittered back-off.
    assert window.sync.timer.interval() < 30_000
    assert window.sync.schedule.backing_off
    qtbot.waitUntil(lambda: window.sync.schedule.failures >= 2, timeout=15_000)
    assert window.sync.timer.interval() <= 4_000 or window.sync.schedule.failures > 2

    hub.start()  # the probe sees it: a round at once, and the normal pace again
    qtbot.waitUntil(lambda: window.strip.state_key == "up_to_date", timeout=15_000)
    assert not window.sync.schedule.backing_off
    assert window.sync.timer.interval() == 30_000


def test_the_rounds_writes_wait_for_the_write_lane_but_its_reads_do_not(qtbot, session):
    from sqlalchemy import text

    from ui.sync_control import in_write_lane

    workers = session.workers
    ctx = in_write_lane(session.ctx, workers.write_lock)
    order: list[str] = []
    release = threading.Event()
    saving = threading.Event()

    def slow_save() -> None:
        saving.set()
        release.wait(5)
        order.append("save")

    def round_write() -> None:
        with ctx.db.read_session() as s:  # a read: no lock
            s.execute(text("SELECT 1"))
        order.append("read")
        with ctx.db.session() as s:  # a write: after the write lane's job
            s.execute(text("SELECT 1"))
            order.append("round-write")

    blocked = workers.write_op(slow_save)
    assert saving.wait(5)  # the write lane is busy before the round starts
    net = workers.network_op(round_write)
    qtbot.waitUntil(lambda: order == ["read"], timeout=3000)
    time.sleep(0.3)
    assert order == ["read"] and not net.done  # waits beside the busy write lane
    release.set()
    qtbot.waitUntil(lambda: net.done and blocked.done, timeout=5000)
    assert net.ok and order == ["read", "save", "round-write"]
