"""When the next sync round runs: the one schedule of the desk (the window's timer and the
CLI's ``sync`` loop both ask it).

Pure: no clock, no I/O. The caller says what happened (start-up, a round's outcome, the hub
answering again) and gets the seconds to wait before the next round."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from app.sync.engine import Backoff
from app.sync.states import ERROR, OFFLINE

#: Outcomes after which the next round backs off: the hub is unreachable or broken. An
#: "auth" outcome waits for re-enrolment instead; "ok" and "skipped" keep the normal pace.
BACKING_OFF_OUTCOMES = frozenset({OFFLINE, ERROR})


@dataclass
class SyncSchedule:
    """Seconds until the next round: at once at start-up and when connectivity returns,
    ``poll_interval`` after a good round, and after ``n`` failed rounds in a row a delay
    drawn uniformly from [0, min(cap, base * 2^(n-1))) (capped exponential back-off with
    full jitter), never less than ``floor``."""

    poll_interval: float = 30.0
    base: float = 2.0
    cap: float = 300.0
    floor: float = 0.5
    rng: Callable[[], float] = random.random
    failures: int = field(default=0, init=False)

    @property
    def backing_off(self) -> bool:
        """True while the last round failed (newly due events do not wake the loop)."""
        return self.failures > 0

    def at_start(self) -> float:
        """The first round runs at once."""
        return 0.0

    def after_round(self, outcome: str | None) -> float:
        """Record a finished round's outcome; the seconds until the next one."""
        if outcome in BACKING_OFF_OUTCOMES:
            self.failures += 1
            backoff = Backoff(base=self.base, cap=self.cap, rng=self.rng)
            return max(self.floor, backoff.delay(self.failures))
        self.failures = 0
        return self.poll_interval

    def connectivity_returned(self) -> float:
        """The hub answers again: retry at once (the round's outcome then resets the
        back-off, or continues it if the hub fails again)."""
        return 0.0
