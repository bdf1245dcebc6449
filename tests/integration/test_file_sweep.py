"""Partial files a crash left in the file store (``files/.tmp/*.part``) are swept at desk
open and by ``check``, and reported; a partial being written is never swept."""

from __future__ import annotations

import io
import json
import os
import time
from contextlib import redirect_stdout
from pathlib import Path

from app.cli import main as cli_main
from app.files.store import FileStore
from app.services.context import open_desk
from app.services.integrity import check_database


def _partial(folder: Path, name: str, age: float) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(b"half a file" * 100)
    then = time.time() - age
    os.utime(path, (then, then))
    return path


def test_check_sweeps_stale_partials_and_reports_them(desk):
    data = desk.data_dir
    stale = _partial(data / "files" / ".tmp", "a.part", 3 * 3600)
    in_backups = _partial(data / "backups" / "files" / ".tmp", "b.part", 2 * 3600)
    writing = _partial(data / "files" / ".tmp", "c.part", 5)  # a write going on now
    other = _partial(data / "files" / ".tmp", "probe.pdf", 3 * 3600)  # not a partial
    res = check_database(data)
    assert res.ok and res.swept_partials == 2
    assert not stale.exists() and not in_backups.exists()
    assert writing.exists() and other.exists()
    _partial(data / "files" / ".tmp", "d.part", 2 * 3600)
    out = io.StringIO()
    with redirect_stdout(out):
        assert cli_main(["check", "--data-dir", str(data), "--json"]) == 0
    assert json.loads(out.getvalue())["swept_partials"] == 1
    out = io.StringIO()
    _partial(data / "files" / ".tmp", "e.part", 2 * 3600)
    with redirect_stdout(out):
        cli_main(["check", "--data-dir", str(data)])
    assert "Tệp tạm dở dang do sự cố để lại, đã dọn: 1" in out.getvalue()
    assert writing.exists()


def test_opening_the_desk_sweeps_stale_partials(desk, clock):
    data = desk.data_dir
    desk.db.dispose()
    stale = _partial(data / "files" / ".tmp", "a.part", 2 * 3600)
    writing = _partial(data / "files" / ".tmp", "b.part", 1)
    ctx = open_desk(data, clock=clock)
    try:
        assert not stale.exists() and writing.exists()
    finally:
        ctx.db.dispose()


def test_a_backup_copy_in_flight_is_not_swept(tmp_path, monkeypatch):
    """copy_into hard-links an old file into .tmp: the link is in use, never stale, even
    when a sweep runs at that very moment (here: from inside the copy, just before the
    link is renamed into place)."""
    live = FileStore(tmp_path / "data" / "files")
    kept = FileStore(tmp_path / "data" / "backups" / "files")
    sha = live.put_bytes(b"a scanned page" * 1000)
    old = time.time() - 5 * 3600
    os.utime(live.path(sha), (old, old))  # attached hours ago
    swept: list[int] = []
    place = FileStore._place

    def place_after_a_sweep(self: FileStore, tmp: Path, sha256: str) -> Path:
        swept.append(self.sweep())
        return place(self, tmp, sha256)

    monkeypatch.setattr(FileStore, "_place", place_after_a_sweep)
    assert live.copy_into(kept, [sha]) == 1
    assert swept == [0] and kept.verify([sha]) == []
