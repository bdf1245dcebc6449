"""Automatic rotating backups, their retention rule and the sync lock, on real files."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.domain.dossier import VN_TZ
from app.domain.errors import DeskError
from app.services import backups as svc
from app.services import sync_lock
from app.services.dossiers import ApplicantInput, receive_dossier
from app.store.db_files import RetentionRule, backups_to_prune, rotate, stamp_of, timestamped_name
from app.store.repositories import add_audit

PERSON = ApplicantInput("Nguyễn Thị Hằng", "001095012345", address="Hà Nội")


def _one(path: Path, sql: str):
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute(sql).fetchone()
    finally:
        con.close()


def _audit_rows(desk, n: int) -> None:
    with desk.db.session() as s:
        for i in range(n):
            add_audit(
                s, at=desk.now(), actor="test", action="test.change", entity="test", key=str(i)
            )
        s.commit()


def test_start_backup_is_a_sound_copy_and_its_time_is_remembered(desk, clock):
    receive_dossier(desk, procedure_code="1.004222", applicant=PERSON)
    path = svc.maybe_backup(desk, reason="start")
    assert path is not None and path.parent == desk.backup_dir
    assert path.name.startswith("auto-start-") and stamp_of(path) == clock.now
    assert _one(path, "PRAGMA integrity_check") == ("ok",)
    assert _one(path, "SELECT count(*) FROM dossier") == (1,)
    assert _one(path, "PRAGMA journal_mode") == ("delete",)  # standalone: no -wal needed
    assert not list(desk.backup_dir.glob("*.part"))
    assert svc.last_backup_at(desk) == clock.now


def test_start_backup_is_skipped_only_when_recent_and_nothing_changed(desk, clock):
    assert svc.maybe_backup(desk, reason="start") is not None
    clock.now += timedelta(minutes=2)
    assert svc.maybe_backup(desk, reason="start") is None  # a restart loop does not churn
    receive_dossier(desk, procedure_code="1.004222", applicant=PERSON)
    clock.now += timedelta(seconds=1)
    assert svc.maybe_backup(desk, reason="start") is not None
    clock.now += timedelta(minutes=11)
    assert svc.maybe_backup(desk, reason="start") is not None


def test_daily_backup_once_per_vietnam_day(desk, clock):
    clock.now = datetime(2025, 7, 15, 16, 30, tzinfo=UTC)  # 23:30 in Hà Nội
    assert svc.maybe_backup(desk, reason="daily") is not None
    clock.now += timedelta(minutes=20)  # 23:50, same day
    assert svc.maybe_backup(desk, reason="daily") is None
    clock.now += timedelta(minutes=20)  # 00:10 the next day in Hà Nội (still the 15th in UTC)
    assert clock.now.astimezone(VN_TZ).day == 16 and clock.now.day == 15
    assert svc.maybe_backup(desk, reason="daily") is not None


def test_change_backup_after_200_audited_changes(desk, clock):
    assert svc.maybe_backup(desk, reason="start") is not None
    clock.now += timedelta(seconds=1)
    _audit_rows(desk, svc.CHANGES_THRESHOLD - 1)
    assert svc.maybe_backup(desk, reason="changes") is None
    _audit_rows(desk, 1)
    path = svc.maybe_backup(desk, reason="changes")
    assert path is not None and path.name.startswith("auto-changes-")
    assert svc.maybe_backup(desk, reason="changes") is None  # counted from the new backup


def test_a_clock_in_the_future_then_set_back_does_not_stop_backups(desk, clock):
    clock.now += timedelta(days=300)
    assert svc.maybe_backup(desk, reason="daily") is not None
    clock.now -= timedelta(days=300)  # the clerk fixed the clock
    assert svc.last_backup_at(desk) is None
    assert svc.maybe_backup(desk, reason="daily") is not None


def test_same_instant_backups_get_distinct_files(desk):
    first = svc.maybe_backup(desk, reason="start")
    second = svc.maybe_backup(desk, reason="changes", changes_threshold=0)  # the clock stood still
    assert first is not None and second is not None and first != second
    assert first.exists() and second.exists()


def test_unknown_reason_is_a_bug():
    with pytest.raises(ValueError):
        svc.maybe_backup(None, reason="weekly")  # type: ignore[arg-type]


def test_backup_is_consistent_while_another_thread_writes(desk):
    from app.services.context import utc_now

    desk.clock = utc_now
    stop = threading.Event()
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            while not stop.is_set():
                receive_dossier(desk, procedure_code="1.004222", applicant=PERSON)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        paths = []
        for _ in range(5):
            _audit_rows(desk, 1)
            path = svc.maybe_backup(desk, reason="start", changes_threshold=1)
            paths.append(path)
    finally:
        stop.set()
        thread.join()
    assert not errors
    for path in paths:
        assert path is not None
        assert _one(path, "PRAGMA integrity_check") == ("ok",)
        # every dossier in the copy has its outbox event: a snapshot, never half a transaction
        assert _one(
            path,
            "SELECT count(*) FROM dossier d WHERE NOT EXISTS "
            "(SELECT 1 FROM outbox o WHERE o.dossier_code = d.code)",
        ) == (0,)


def test_disk_full_leaves_no_torn_backup(desk, monkeypatch):
    import app.store.db_files as store_backup

    real = store_backup.sqlite3.connect

    class FullDisk:
        def __init__(self, con):
            self._con = con

        def backup(self, dst, **kw):
            raise sqlite3.OperationalError("database or disk is full")

        def __getattr__(self, name):
            return getattr(self._con, name)

    monkeypatch.setattr(
        store_backup.sqlite3,
        "connect",
        lambda *a, **kw: FullDisk(real(*a, **kw)) if "mode=ro" in str(a[0]) else real(*a, **kw),
    )
    with pytest.raises(DeskError) as info:
        svc.maybe_backup(desk, reason="start")
    assert info.value.key == "disk.full"
    assert not list(desk.backup_dir.glob("*"))
    assert svc.last_backup_at(desk) is None


# --- retention -------------------------------------------------------------------------------


def test_retention_keeps_newest_ten_one_a_day_for_14_days_one_a_week_for_8_weeks():
    now = datetime(2025, 7, 15, 7, 0, tzinfo=UTC)
    hourly = [(Path(f"auto-{i}"), now - timedelta(hours=i)) for i in range(24 * 120)]
    doomed = set(backups_to_prune(hourly, now=now))
    kept = [(p, at) for p, at in hourly if p not in doomed]
    assert all(p in {k for k, _ in kept} for p, _ in hourly[:10])
    days = {at.astimezone(VN_TZ).date() for _, at in kept if now - at < timedelta(days=14)}
    assert len(days) in (14, 15)  # today counts, partly
    per_day: dict[object, int] = {}
    for _, at in kept[10:]:
        if now - at < timedelta(days=14):
            per_day[at.astimezone(VN_TZ).date()] = per_day.get(at.astimezone(VN_TZ).date(), 0) + 1
    assert max(per_day.values()) == 1
    older = [at for _, at in kept if now - at >= timedelta(days=14)]
    weeks = [at.astimezone(VN_TZ).isocalendar()[:2] for at in older]
    assert len(weeks) == len(set(weeks)) and len(older) >= 5
    assert all(now - at < timedelta(weeks=8) for at in older)
    assert len(kept) <= 10 + 15 + 9


def test_retention_rule_is_a_parameter():
    now = datetime(2025, 7, 15, tzinfo=UTC)
    backups = [(Path(str(i)), now - timedelta(minutes=i)) for i in range(5)]
    doomed = backups_to_prune(
        backups, now=now, rule=RetentionRule(keep_last=2, daily_days=0, weekly_weeks=0)
    )
    assert doomed == [Path("2"), Path("3"), Path("4")]


def test_rotation_never_deletes_premigrate_manual_or_replaced_copies(tmp_path):
    now = datetime(2025, 7, 15, 7, 0, tzinfo=UTC)
    folder = tmp_path / "backups"
    folder.mkdir()
    old = now - timedelta(days=400)
    keepers = [
        folder / timestamped_name("pre-migrate-0001", old),
        folder / timestamped_name("manual", old),
        folder / timestamped_name("replaced", old),
        folder / "my own copy.sqlite3",
    ]
    autos = [folder / timestamped_name("auto-daily", old - timedelta(days=i)) for i in range(20)]
    for p in keepers + autos:
        p.write_bytes(b"x")
    fresh_part = folder / (timestamped_name("auto-start", now) + ".part")
    stale_part = folder / (timestamped_name("auto-start", old) + ".part")
    fresh_part.write_bytes(b"x")
    stale_part.write_bytes(b"x")
    os.utime(stale_part, (0, 0))
    removed = rotate(folder, now=now)
    assert all(p.exists() for p in keepers)
    assert sum(p.exists() for p in autos) == 10  # beyond every window: the newest 10 stay
    assert fresh_part.exists() and not stale_part.exists()
    assert set(removed) == {p for p in autos if not p.exists()} | {stale_part}


def test_auto_backups_rotate_as_they_are_made(desk, clock):
    for _ in range(30):
        clock.now += timedelta(hours=1)
        _audit_rows(desk, 1)
        assert svc.maybe_backup(desk, reason="changes", changes_threshold=1) is not None
    autos = sorted(desk.backup_dir.glob("auto-*.sqlite3"))
    assert 10 <= len(autos) <= 12  # the newest 10 plus the newest of earlier days
    assert autos[-1].name.startswith(f"auto-changes-{clock.now:%Y%m%dT%H}")


# --- the sync lock -----------------------------------------------------------------------------


def test_sync_lock_is_seen_and_released(tmp_path):
    assert not sync_lock.sync_in_progress(tmp_path)
    with sync_lock.sync_lock(tmp_path) as me:
        assert sync_lock.sync_in_progress(tmp_path)
        data = json.loads((tmp_path / "sync.lock").read_text(encoding="utf-8"))
        assert data["pid"] == os.getpid() == me.pid and data["purpose"] == "sync"
        with pytest.raises(DeskError) as info:
            with sync_lock.sync_lock(tmp_path, purpose="restore"):
                pass
        assert info.value.key == "backup.sync_running"
        assert "đồng bộ" in info.value.message("vi") and str(os.getpid()) in info.value.message(
            "en"
        )
    assert not (tmp_path / "sync.lock").exists()
    assert not sync_lock.sync_in_progress(tmp_path)


def test_a_restore_holding_the_lock_stops_a_sync(tmp_path):
    with sync_lock.sync_lock(tmp_path, purpose="restore"):
        assert sync_lock.restore_in_progress(tmp_path) and not sync_lock.sync_in_progress(tmp_path)
        with pytest.raises(DeskError) as info:
            with sync_lock.sync_lock(tmp_path):
                pass
        assert info.value.key == "backup.restore_running"


def test_lock_of_a_killed_process_is_stale_and_taken_over(tmp_path):
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        (tmp_path / "sync.lock").write_text(
            json.dumps({"pid": child.pid, "purpose": "sync"}), encoding="utf-8"
        )
        assert sync_lock.sync_in_progress(tmp_path)
    finally:
        child.kill()
        child.wait()
    assert not sync_lock.sync_in_progress(tmp_path)
    with sync_lock.sync_lock(tmp_path, purpose="restore"):
        assert sync_lock.restore_in_progress(tmp_path)
    assert not (tmp_path / "sync.lock").exists()


def test_lock_from_before_the_last_boot_is_stale(tmp_path):
    lock = tmp_path / "sync.lock"
    lock.write_text(json.dumps({"pid": 1, "purpose": "sync"}), encoding="utf-8")  # pid 1 lives
    assert sync_lock.sync_in_progress(tmp_path)
    os.utime(lock, (1000, 1000))  # written in 1970: before this boot (a power cut)
    if sync_lock._boot_time() is None:
        pytest.skip("no boot time on this platform")
    assert not sync_lock.sync_in_progress(tmp_path)


def test_a_garbled_lock_is_held_while_young_then_stale(tmp_path):
    lock = tmp_path / "sync.lock"
    lock.write_text("", encoding="utf-8")  # killed between create and write
    assert sync_lock.lock_holder(tmp_path) is not None
    os.utime(lock, (lock.stat().st_mtime - 60,) * 2)
    assert sync_lock.lock_holder(tmp_path) is None


def test_no_automatic_backup_during_a_restore(desk):
    with sync_lock.sync_lock(desk.data_dir, purpose="restore"):
        assert svc.maybe_backup(desk, reason="start") is None
    assert svc.maybe_backup(desk, reason="start") is not None
