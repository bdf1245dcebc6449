"""Scanning through SANE's own ``test`` backend (Debian sane-utils, enabled in dll.conf by
.ci/run), and the scan-to-folder inbox, on a real counter database."""

from __future__ import annotations

import os
import stat
import threading
import time
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from app.domain.errors import DeskError
from app.domain.files import FileSource
from app.files.pdfa import pdfa_identification
from app.files.scan import SaneScanner, ScanRequest
from app.files.store import FileStore
from app.services.dossiers import ApplicantInput, receive_dossier
from app.services.files import list_files, pending_scans, scan_into, take_scan

PERSON = ApplicantInput("Trần Văn Minh", "001085004321")


@pytest.fixture
def dossier(desk):
    return receive_dossier(desk, procedure_code="1.004222", applicant=PERSON)


def _pages_of(desk, sha: str) -> int:
    with pikepdf.open(FileStore.of(desk.data_dir).path(sha)) as pdf:
        return len(pdf.pages)


def test_sane_test_device_scans_pages_into_one_pdfa(desk, dossier):
    seen: list[tuple[int, float]] = []
    out = scan_into(
        desk,
        code=dossier.code,
        component=2,
        request=ScanRequest("test", pages=3, options=("--test-picture", "Grid")),
        progress=lambda page, pct: seen.append((page, pct)),
    )
    assert out.error is None and out.pages == 3
    assert out.file is not None and out.file.source is FileSource.SCAN
    assert _pages_of(desk, out.file.sha256) == 3
    data = FileStore.of(desk.data_dir).read(out.file.sha256)
    assert pdfa_identification(data) == ("2", "B")
    assert {p for p, _ in seen} == {1, 2, 3} and max(pct for _, pct in seen) == 100.0
    assert [f.component for f in list_files(desk, code=dossier.code)] == [2]
    assert not list((desk.data_dir / "scans").iterdir())  # the scan folder went once saved


def test_feeder_running_empty_ends_the_batch_normally(desk, dossier):
    out = scan_into(
        desk,
        code=dossier.code,
        component=1,
        request=ScanRequest("test", pages=0, options=("--source", "Automatic Document Feeder")),
    )
    assert out.error is None and out.pages == 10  # the test feeder holds ten sheets


def test_scanner_absent_is_a_clear_message(desk, dossier):
    out = scan_into(desk, code=dossier.code, component=1, request=ScanRequest("test:99"))
    assert out.file is None and out.error is not None
    assert out.error.key == "scan.unavailable"
    assert "máy quét" in out.error.message("vi")
    with pytest.raises(DeskError) as info:
        SaneScanner("scanimage-not-installed").scan(ScanRequest("test"), Path("/nonexistent"))
    assert info.value.key == "scan.unavailable"


def test_unplugged_mid_scan_keeps_the_pages_scanned(desk, dossier, tmp_path):
    """Two good pages from the test device, then the device's own I/O error on the third."""
    real = "scanimage"
    wrapper = tmp_path / "scanimage"
    wrapper.write_text(f"""#!/bin/sh
{real} "$@" --batch-count=2 || exit $?
exec {real} "$@" --batch-start=3 --batch-count=1 --read-return-value SANE_STATUS_IO_ERROR
""")
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IEXEC)
    out = scan_into(
        desk,
        code=dossier.code,
        component=1,
        request=ScanRequest("test", pages=3),
        scanner=SaneScanner(str(wrapper)),
    )
    assert out.error is not None and out.error.key == "scan.failed"
    assert "2 trang" in out.error.message("vi") and "I/O" in out.error.message("vi")
    assert out.file is not None and _pages_of(desk, out.file.sha256) == 2


def test_cancel_stops_the_scan_and_keeps_what_was_scanned(desk, dossier):
    cancel = threading.Event()
    pages_done: list[int] = []

    def progress(page: int, pct: float) -> None:
        if pct >= 100.0 and page not in pages_done:
            pages_done.append(page)
            if page == 1:
                threading.Timer(0.05, cancel.set).start()

    started = time.monotonic()
    out = scan_into(
        desk,
        code=dossier.code,
        component=1,
        progress=progress,
        cancel=cancel,
        request=ScanRequest(
            "test", pages=50, options=("--read-delay=yes", "--read-delay-duration=2000")
        ),
    )
    assert out.error is not None and out.error.key == "scan.cancelled"
    assert 1 <= out.pages < 50
    assert out.file is not None and _pages_of(desk, out.file.sha256) == out.pages
    assert time.monotonic() - started < 60


def _settled(path: Path) -> Path:
    old = time.time() - 10
    os.utime(path, (old, old))
    return path


def test_scan_inbox_offers_new_files_once_and_never_loses_them(desk, dossier):
    inbox = desk.data_dir / "scan-inbox"
    inbox.mkdir()
    first = inbox / "copier-0001.jpg"
    Image.new("L", (600, 800), 200).save(first, "JPEG")
    _settled(first)
    fresh = inbox / "copier-0002.jpg"
    Image.new("L", (600, 800), 100).save(fresh, "JPEG")  # still being written (just now)
    assert pending_scans(desk) == [first]
    files = take_scan(desk, path=first, code=dossier.code, component=1)
    assert files[0].source is FileSource.FOLDER
    assert not first.exists() and (inbox / "attached" / "copier-0001.jpg").is_file()
    assert pending_scans(desk) == []
    # the copier sends the same file again (or a crash came before it was moved away)
    again = inbox / "copier-0001.jpg"
    again.write_bytes((inbox / "attached" / "copier-0001.jpg").read_bytes())
    _settled(again)
    assert pending_scans(desk) == []
    assert (inbox / "attached" / "copier-0001-1.jpg").is_file()
    assert len(list_files(desk, code=dossier.code)) == 1
    assert take_scan(desk, path=_settled(fresh), code=dossier.code, component=1)
    assert len(list_files(desk, code=dossier.code)) == 2


def test_disk_full_while_saving_a_scan_keeps_the_pages_and_says_where(desk, dossier, monkeypatch):
    import errno

    from app.files.store import FileStore

    real_open = open

    def no_space(path, mode="r", *args, **kw):  # type: ignore[no-untyped-def]
        if "w" in mode and str(path).endswith(".part") and "/files/" in str(path):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_open(path, mode, *args, **kw)

    monkeypatch.setattr("builtins.open", no_space)
    with pytest.raises(DeskError) as info:
        scan_into(desk, code=dossier.code, component=1, request=ScanRequest("test", pages=2))
    monkeypatch.undo()
    assert info.value.key == "files.disk"
    message = info.value.message("vi")
    assert "đầy" in message and "giữ" in message
    kept = Path(info.value.params["kept"])
    assert len(list(kept.glob("page-*.png"))) == 2  # the scanned pages are still there
    assert list_files(desk, code=dossier.code) == []
    assert not list(FileStore.of(desk.data_dir).hashes())
