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


def test_one_decision_says_whether_a_round_may_start(desk):
    from app.services.sync import sync_blocker

    assert sync_blocker(desk) is None
    with desk.db.session() as s:
        set_value(s, SYNC_HOLD_KEY, "restored")
        s.commit()
    blocker = sync_blocker(desk)
    assert blocker is not None and blocker.key == "sync.on_hold"
    assert sync_once(desk).error == blocker.message("vi")  # the round gives the same reason
    sync_once(desk, manual=True)  # lifts the hold
    assert sync_blocker(desk) is None
    with sync_lock(desk.data_dir, purpose="restore"):
        blocker = sync_blocker(desk)
        assert blocker is not None and blocker.key == "backup.restore_running"
        assert sync_once(desk, manual=True).error == blocker.message("vi")
    with sync_lock(desk.data_dir):  # another round of this very process
        blocker = sync_blocker(desk)
        assert blocker is not None and blocker.key == "backup.sync_running"
    assert sync_blocker(desk) is None
