"""Sync rounds respect a restore: none runs while one swaps the file, and after a restore
only a round the clerk asks for runs (and lifts the pause)."""

from __future__ import annotations

from app.services.restore import SYNC_HOLD_KEY, sync_on_hold
from app.services.sync import sync_once
from app.services.sync_lock import sync_lock
from app.store.repositories import set_value


def test_restore_pause_holds_automatic_rounds_until_a_manual_one(desk):
    with desk.db.session() as s:
        set_value(s, SYNC_HOLD_KEY, "restored")
        s.commit()
    automatic = sync_once(desk)
    assert automatic.pushed == 0 and "khôi phục" in automatic.error
    assert sync_on_hold(desk)
    manual = sync_once(desk, manual=True)
    assert not sync_on_hold(desk)
    assert "khôi phục" not in manual.error  # it ran (and found the counter not enrolled)
    assert manual.state == "not_enrolled"


def test_no_round_while_a_restore_holds_the_lock(desk):
    with sync_lock(desk.data_dir, purpose="restore"):
        report = sync_once(desk, manual=True)
    assert report.pushed == 0 and report.error
    assert sync_once(desk, manual=True).state == "not_enrolled"  # the lock is free again
