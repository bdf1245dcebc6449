"""When old automatic backups rotate away, the backup folder's files that no backup left
names go too; never one a kept backup (automatic, manual, pre-migrate) needs."""

from __future__ import annotations

import os
import time
from datetime import timedelta

import pikepdf
import pytest
from sqlalchemy import update

from app.files.store import FileStore
from app.services.backups import backup_database, maybe_backup
from app.services.dossiers import ApplicantInput, receive_dossier
from app.services.erasure import erase_applicant
from app.services.files import attach_files
from app.services.integrity import check_database
from app.services.restore import restore_database
from app.store.db_files import RetentionRule
from app.store.models import OutboxEvent

LEAVING = ApplicantInput("Nguyễn Thị Hằng", "001190001234")
STAYING = ApplicantInput("Lý Văn Bình", "001077001111")
ONLY_THE_NEWEST = RetentionRule(keep_last=1, daily_days=0, weekly_weeks=0)


def _pdf(path, pages):
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page()
    pdf.save(path)
    return path


@pytest.fixture
def two_people(desk, tmp_path):
    leaving = receive_dossier(desk, procedure_code="1.004222", applicant=LEAVING)
    staying = receive_dossier(desk, procedure_code="1.004222", applicant=STAYING)
    a = attach_files(desk, code=leaving.code, component=1, paths=[_pdf(tmp_path / "a.pdf", 1)])
    b = attach_files(desk, code=staying.code, component=1, paths=[_pdf(tmp_path / "b.pdf", 2)])
    return a[0].sha256, b[0].sha256


def _erase_leaving(desk):
    with desk.db.session() as s:
        s.execute(update(OutboxEvent).values(state="acked", acked_at=desk.now()))
        s.commit()
    erase_applicant(desk, id_number=LEAVING.id_number, confirm=True)


def _hours_pass(store: FileStore, hours: float = 2) -> None:
    then = time.time() - hours * 3600
    for sha in store.hashes():
        os.utime(store.path(sha), (then, then))


def _backup(desk, clock):
    clock.now += timedelta(hours=1)
    path = maybe_backup(desk, reason="daily", rule=ONLY_THE_NEWEST)
    assert path is not None
    return path


def test_rotated_backups_take_the_files_only_they_named(desk, clock, two_people):
    a, b = two_people
    kept = FileStore(desk.backup_dir / "files")
    first = _backup(desk, clock)
    assert kept.verify([a, b]) == []
    _erase_leaving(desk)
    _hours_pass(kept)
    clock.now += timedelta(days=1)
    second = _backup(desk, clock)
    assert not first.exists()  # rotated away, and with it the erased person's file
    assert not kept.has(a)
    assert kept.verify([b]) == []  # still named by the kept backup
    desk.db.dispose()
    FileStore.of(desk.data_dir).delete(b)
    restore_database(desk.data_dir, second)  # the kept backup still restores whole
    assert FileStore.of(desk.data_dir).verify([b]) == []
    assert check_database(desk.data_dir).ok


def test_a_file_a_manual_or_premigrate_copy_names_stays(desk, clock, two_people):
    a, _b = two_people
    kept = FileStore(desk.backup_dir / "files")
    _backup(desk, clock)
    manual = backup_database(desk.data_dir, desk.backup_dir / "before-erasure.db")
    _erase_leaving(desk)
    _hours_pass(kept)
    clock.now += timedelta(days=1)
    _backup(desk, clock)
    assert manual.exists() and kept.verify([a]) == []  # the manual copy still needs it
    manual.unlink()
    _hours_pass(kept)
    clock.now += timedelta(days=1)
    _backup(desk, clock)
    assert not kept.has(a)


def test_nothing_is_pruned_while_one_copy_cannot_be_read(desk, clock, two_people):
    a, _b = two_people
    kept = FileStore(desk.backup_dir / "files")
    _backup(desk, clock)
    unreadable = desk.backup_dir / "manual-broken.sqlite3"
    unreadable.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    _erase_leaving(desk)
    _hours_pass(kept)
    clock.now += timedelta(days=1)
    _backup(desk, clock)
    assert kept.verify([a]) == []  # that copy might need it: kept
    unreadable.unlink()
    clock.now += timedelta(days=1)
    _backup(desk, clock)
    assert not kept.has(a)


def test_a_file_carried_just_now_is_not_pruned(desk, clock, two_people):
    """Within the grace a file stays even when no copy names it yet: the backup that
    carried it may be about to rename its copy into place."""
    a, _b = two_people
    kept = FileStore(desk.backup_dir / "files")
    _backup(desk, clock)
    _erase_leaving(desk)
    clock.now += timedelta(days=1)
    _backup(desk, clock)  # no hours passed since ``a`` was carried
    assert kept.has(a)
    _hours_pass(kept)
    clock.now += timedelta(days=1)
    _backup(desk, clock)
    assert not kept.has(a)
