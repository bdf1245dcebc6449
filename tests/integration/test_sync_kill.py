"""Crashes at random points: the counter's sync process killed (SIGKILL) mid-sync, and the
hub killed mid-batch, over 200 trials in all. After a final clean sync every dossier is on
the hub exactly once, no event is stored twice, and the counters' queues are empty.

Budget (2 cores): one hub serves all the client-kill trials, two counters run side by side
(each a ``python main.py sync --once`` child), and the hub is restarted only for the
hub-kill trials, where the counter syncs in this process."""

from __future__ import annotations

import random
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import keyring
import pytest
from sync_helpers import (
    MAIN,
    ROOT,
    FileKeyring,
    HubProcess,
    bulk_receive,
    hub_events,
    hub_stats,
    issue_code,
    local_codes,
    local_events,
    subprocess_env,
)

from app.services.context import DeskContext, open_desk
from app.services.demo import DEMO_AGENCY, setup_service_point
from app.services.enrolment import enroll
from app.services.sync import sync_once
from app.services.sync_status import sync_status
from app.store.db import DB_FILENAME
from app.sync.engine import EngineSettings

CLIENT_ROUNDS = 60  # x 2 counters side by side = 120 client kills
HUB_TRIALS = 80  # over 4 hubs: the others boot again in the background while one is exercised
HUB_LANES = 4
SEED = 20250715

pytestmark = pytest.mark.slow


class Counter:
    """One counter: its data folder, its own keyring file, its context in this process."""

    def __init__(
        self, template: Path, folder: Path, slot: int, clock: Callable[[], datetime]
    ) -> None:
        self.data = folder / "data"
        self.data.mkdir(parents=True)
        for path in template.iterdir():
            if path.is_file() and path.name.startswith(DB_FILENAME):
                shutil.copy2(path, self.data / path.name)
        self.ring = folder / "ring.json"
        self._watch: sqlite3.Connection | None = None
        self.ctx: DeskContext = open_desk(self.data, clock=clock)
        if slot != 1:
            setup_service_point(
                self.ctx, agency=DEMO_AGENCY, slot=slot, counter_name=f"Quầy số {slot}"
            )
        self.seed = slot * 1_000_000

    def use_keyring(self) -> None:
        keyring.set_keyring(FileKeyring(self.ring))

    def receive(self, n: int) -> None:
        self.seed += 1
        bulk_receive(self.ctx, n, seed=self.seed)

    def sending(self) -> set[int]:
        """Ids of the events marked "sending" (in a request, or left so by a kill). One
        read-only connection, kept open: polled every few milliseconds."""
        if self._watch is None:
            self._watch = sqlite3.connect(
                f"file:{self.data / DB_FILENAME}?mode=ro",
                uri=True,
                timeout=5,
                check_same_thread=False,
            )
        return {r[0] for r in self._watch.execute("SELECT id FROM outbox WHERE state = 'sending'")}

    def acked(self) -> int:
        self.sending()  # opens the watch connection
        assert self._watch is not None
        return int(
            self._watch.execute("SELECT count(*) FROM outbox WHERE state = 'acked'").fetchone()[0]
        )

    def close(self) -> None:
        if self._watch is not None:
            self._watch.close()
            self._watch = None
        self.ctx.db.dispose()  # idempotent

    def start_sync(self, batch: int) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [
                sys.executable,
                MAIN,
                "sync",
                "--once",
                "--batch-size",
                str(batch),
                "--data-dir",
                str(self.data),
            ],
            cwd=ROOT,
            env=subprocess_env(self.ring),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )


def _verify(hub: HubProcess, counters: list[Counter]) -> None:
    """The exactly-once check, from the hub's own tables and each counter's outbox."""
    stored = hub_events(hub.db_url)
    ids = [e[0] for e in stored]
    assert len(ids) == len(set(ids)), "an event stored twice"
    # The same change of a dossier never arrives under two event ids either.
    changes = [(code, version) for _, code, version in stored]
    assert len(changes) == len(set(changes)), "a dossier version stored twice"
    all_codes: set[str] = set()
    local_ids: set[str] = set()
    for c in counters:
        events = local_events(c.ctx)
        assert {state for _, _, state in events} == {"acked"}, "a counter's queue is not empty"
        assert sync_status(c.ctx).waiting == 0
        local_ids |= {e[0] for e in events}
        all_codes |= local_codes(c.ctx)
        with sqlite3.connect(f"file:{c.data / DB_FILENAME}?mode=ro", uri=True) as con:
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        con.close()
    assert set(ids) == local_ids
    stats = hub_stats(hub.db_url)
    assert stats["events"] == len(local_ids)
    assert stats["dossiers"] == len(all_codes) == len({e[1] for e in stored})
    assert stats["conflicts"] == 0


def _clean_sync(c: Counter) -> None:
    c.use_keyring()
    for _ in range(5):  # bounded: a leftover retry timer is drawn at 0 by the rng below
        report = sync_once(c.ctx, rng=lambda: 0.0)
        if report.state == "up_to_date" and sync_status(c.ctx).waiting == 0:
            return
    raise AssertionError(f"the clean sync did not finish: {report}")


def _counters(template: Path, folder: Path, hubs: list[HubProcess]) -> list[Counter]:
    """Counters of the same agency (slots 1, 2, ...), each enrolled with its hub, each with
    a few dossiers waiting. Real time: their children run on the real clock."""
    made = []
    for slot, hub in enumerate(hubs, start=1):
        c = Counter(template, folder / f"counter{slot}", slot, lambda: datetime.now(UTC))
        c.use_keyring()
        enroll(c.ctx, hub_url=hub.url, code=issue_code(hub.db_url))
        c.receive(30)
        made.append(c)
    return made


@pytest.fixture
def made() -> Any:
    """Counters a test creates, closed whatever happens."""
    counters: list[Counter] = []
    yield counters
    for c in counters:
        c.close()


def test_counters_killed_mid_sync_lose_and_duplicate_nothing(
    demo_template: Path, tmp_path: Path, hub_factory: Callable[..., HubProcess], made: list[Counter]
) -> None:
    hub = hub_factory()
    made += _counters(demo_template, tmp_path, [hub, hub])
    rng = random.Random(SEED)
    children: list[subprocess.Popen[bytes]] = []
    try:
        # How long does an uninterrupted run take, both children side by side as in the
        # trials? (Python start-up dominates.)
        started = time.monotonic()
        runs = []
        for proc in [c.start_sync(5) for c in made]:
            assert proc.wait(120) == 0
            runs.append(time.monotonic() - started)
        full, quickest = max(runs), min(runs)
        killed_mid_batch = finished = 0
        for _ in range(CLIENT_ROUNDS):
            before = [c.sending() for c in made]  # left by earlier kills
            acked_before = [c.acked() for c in made]
            procs = [(c, c.start_sync(rng.choice((2, 3, 5)))) for c in made]
            children += [p for _, p in procs]
            t0 = time.monotonic()
            for c in made:  # the counters keep receiving while their sync starts
                c.receive(rng.randint(3, 12))
            # Each child is killed either at a random moment of its whole run, or at a
            # random moment shortly after it first marked events "sending" (inside a push).
            plans = [rng.random() < 0.65 for _ in made]
            delays = [rng.uniform(0.0, 0.06) if p else rng.uniform(0.2, 1.1) * full for p in plans]
            seen_at: list[float | None] = [None] * len(made)
            pending = list(range(len(made)))
            deadline = t0 + 6 * full + 10
            while pending and time.monotonic() < deadline:
                now = time.monotonic()
                for i in list(pending):
                    c, proc = procs[i]
                    if proc.poll() is not None:
                        finished += 1
                        pending.remove(i)
                        continue
                    if (
                        plans[i]
                        and seen_at[i] is None
                        and now - t0 > 0.5 * quickest
                        and (c.sending() - before[i] or c.acked() > acked_before[i])
                    ):
                        seen_at[i] = now  # its push has begun
                    begin = seen_at[i] if plans[i] else t0
                    if begin is not None and now >= begin + delays[i]:
                        proc.kill()  # SIGKILL
                        proc.wait(30)
                        killed_mid_batch += bool(c.sending() - before[i])
                        pending.remove(i)
                time.sleep(0.004)
    finally:
        for proc in children:  # bounded: never leave a child behind
            if proc.poll() is None:
                proc.kill()
            proc.wait(30)
    print(
        f"\nclient kills: {len(made) * CLIENT_ROUNDS} trials, {killed_mid_batch} left events "
        f"'sending' (killed inside a push), {finished} finished before their kill"
    )
    assert killed_mid_batch >= CLIENT_ROUNDS // 4
    for c in made:
        _clean_sync(c)
    _verify(hub, made)


def test_hubs_killed_mid_batch_lose_and_duplicate_nothing(
    demo_template: Path, tmp_path: Path, hub_factory: Callable[..., HubProcess], made: list[Counter]
) -> None:
    hubs = [hub_factory() for _ in range(HUB_LANES)]
    made += _counters(demo_template, tmp_path, hubs)
    rng = random.Random(SEED + 1)
    # Exactly-once delivery is the point here: a hub crash fails the batch in flight, so
    # an event caught in many crashes must not be dead-lettered (that rule has its own test).
    settings = EngineSettings(batch_size=3, max_attempts=10_000)
    interrupted = 0
    for trial in range(HUB_TRIALS):
        lane = trial % HUB_LANES
        hub, counter = hubs[lane], made[lane]
        hub.wait_ready()  # it was restarted in the background during the other lane's trial
        counter.use_keyring()
        counter.receive(rng.randint(5, 15))
        before = counter.sending()
        reports: list[Any] = []

        def one_round(c: Counter = counter, out: list[Any] = reports) -> None:
            out.append(sync_once(c.ctx, settings=settings, rng=lambda: 0.0))

        worker = threading.Thread(target=one_round)
        worker.start()
        delay = rng.uniform(0.0, 0.08)
        seen = None
        deadline = time.monotonic() + 20
        while worker.is_alive() and time.monotonic() < deadline:
            if seen is None and counter.sending() - before:
                seen = time.monotonic()
            if seen is not None and time.monotonic() >= seen + delay:
                break
            time.sleep(0.003)
        hub.kill()  # SIGKILL, possibly in the middle of a commit
        worker.join(30)
        assert not worker.is_alive()
        interrupted += reports[0].state != "up_to_date"
        hub.start(wait=False)  # same port, same database; boots while the other lane runs
    for hub in hubs:
        hub.wait_ready()
    print(f"\nhub kills: {HUB_TRIALS} trials, {interrupted} interrupted a sync round")
    assert interrupted >= HUB_TRIALS // 4
    for hub, c in zip(hubs, made, strict=True):
        _clean_sync(c)
        _verify(hub, [c])
