"""The one sync schedule (app/sync/schedule.py): normal pace, capped exponential back-off
with full jitter, and an immediate retry at start-up and when the hub answers again."""

from __future__ import annotations

import random

from app.services.sync import SyncSchedule


def test_start_is_immediate_and_a_good_round_keeps_the_pace():
    schedule = SyncSchedule(poll_interval=30.0)
    assert schedule.at_start() == 0.0
    assert schedule.after_round("ok") == 30.0
    assert schedule.after_round("skipped") == 30.0
    assert not schedule.backing_off


def test_failures_back_off_exponentially_up_to_the_cap():
    # rng -> just under 1: the delay sits at its ceiling, so the doubling is visible.
    schedule = SyncSchedule(poll_interval=30.0, base=2.0, cap=60.0, floor=0.0, rng=lambda: 0.999999)
    delays = [schedule.after_round("offline") for _ in range(7)]
    ceilings = [2.0, 4.0, 8.0, 16.0, 32.0, 60.0, 60.0]
    assert [round(d, 3) for d in delays] == [round(c * 0.999999, 3) for c in ceilings]
    assert schedule.backing_off
    assert schedule.after_round("error") <= 60.0
    # One good round ends the back-off: the normal pace again, and the count restarts.
    assert schedule.after_round("ok") == 30.0
    assert not schedule.backing_off
    assert round(schedule.after_round("offline"), 3) == round(2.0 * 0.999999, 3)


def test_full_jitter_stays_within_zero_and_the_ceiling_and_spreads():
    rng = random.Random(1234)
    values = []
    for _ in range(300):
        schedule = SyncSchedule(base=2.0, cap=300.0, floor=0.0, rng=rng.random)
        for _ in range(4):  # the fourth failure: ceiling 16 s
            delay = schedule.after_round("offline")
        values.append(delay)
    assert all(0.0 <= v < 16.0 for v in values)
    # Full jitter: spread over the whole range, not clustered at the ceiling.
    assert min(values) < 2.0 and max(values) > 14.0


def test_floor_keeps_a_zero_draw_from_spinning():
    schedule = SyncSchedule(floor=0.5, rng=lambda: 0.0)
    assert schedule.after_round("offline") == 0.5


def test_connectivity_return_retries_at_once_even_while_backing_off():
    schedule = SyncSchedule(base=2.0, cap=300.0, rng=lambda: 0.999)
    for _ in range(8):
        schedule.after_round("offline")
    assert schedule.after_round("offline") > 200.0
    assert schedule.connectivity_returned() == 0.0
