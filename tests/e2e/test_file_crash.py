"""SIGKILL during scan, attach and file upload (tests/e2e/crash_driver.py --files): never a row
without its file, never a half file under a hash's name, and with a hub every file the
counter holds ends up there exactly once, acknowledged.

Bounded: MOTCUA_FILE_CRASH_TRIALS trials (default 200) per test."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from tests.helpers.cli import drive_crashes
from tests.integration.sync_helpers import AGENCY, HubProcess, issue_code

ROOT = Path(__file__).resolve().parents[2]
TRIALS = int(os.environ.get("MOTCUA_FILE_CRASH_TRIALS", "200"))
SEED = int(os.environ.get("MOTCUA_CRASH_SEED", "20250715"))

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(os, "fork"), reason="the crash driver forks (POSIX only)"),
]


def _drive(data: Path, trials: int, seed: int, *extra: str) -> list[str]:
    # An attach converts the PDF to PDF/A (Ghostscript, a few hundred ms under load): kills
    # up to 700 ms in so that many attaches complete and many do not.
    return drive_crashes(
        data, trials, seed, "--files", "--max-delay-ms", "700", *extra, timeout=1200
    )


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _check_store(data: Path, lines: list[str]) -> set[str]:
    attached = {tuple(line.split()[1:3]) for line in lines if line.startswith("ATTACHED ")}
    trials = int(lines[-1].split()[1].split("=")[1])
    assert len(attached) >= max(3, trials // 20), f"too few attaches: {len(attached)}"
    con = sqlite3.connect(f"file:{data / 'motcua.sqlite3'}?mode=ro", uri=True)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        rows = set(
            con.execute(
                "SELECT d.code, f.sha256 FROM dossier_file f JOIN dossier d ON d.id = f.dossier_id"
            )
        )
        stored = {sha for (sha,) in con.execute("SELECT sha256 FROM stored_file")}
    finally:
        con.close()
    assert attached <= rows, f"reported attached but no row: {sorted(attached - rows)[:3]}"
    files = data / "files"
    for sha in stored:  # never a row without its file, never a damaged one
        path = files / sha[:2] / sha
        assert path.is_file(), f"row without its file: {sha}"
        assert _sha(path) == sha, f"half or damaged file under {sha}"
    for path in files.glob("??/*"):  # nothing under a hash's name but those bytes
        assert _sha(path) == path.name, path
    return stored


def test_power_cuts_during_attach_leave_no_row_without_its_file(tmp_path):
    data = tmp_path / "data"
    lines = _drive(data, TRIALS, SEED + 14)
    _check_store(data, lines)
    assert any(line.startswith("SCANNED ") for line in lines)  # scans were killed too


def test_power_cuts_during_upload_put_every_file_on_the_hub_exactly_once(tmp_path):
    hub = HubProcess(f"sqlite:///{tmp_path / 'hub.sqlite3'}", tmp_path).start()
    try:
        data = tmp_path / "data"
        lines = _drive(data, TRIALS, SEED + 15, "--hub", hub.url, "--code", issue_code(hub.db_url))
        assert any(line.startswith("PUSHED ") for line in lines)
        stored = _check_store(data, lines)
        con = sqlite3.connect(f"file:{data / 'motcua.sqlite3'}?mode=ro", uri=True)
        try:
            waiting = con.execute(
                "SELECT count(*) FROM stored_file WHERE hub_acked_at IS NULL"
            ).fetchone()[0]
        finally:
            con.close()
        assert waiting == 0, "the last, unkilled push must deliver every file"
        hcon = sqlite3.connect(f"file:{tmp_path / 'hub.sqlite3'}?mode=ro", uri=True)
        try:
            held = [
                (sha, agency)
                for sha, agency in hcon.execute("SELECT sha256, agency_code FROM hub_file")
            ]
        finally:
            hcon.close()
        assert sorted(sha for sha, _ in held) == sorted(stored)  # each exactly once
        assert {agency for _, agency in held} == {AGENCY}
        hub_files = tmp_path / "hub-files"
        for sha in stored:
            assert _sha(hub_files / sha[:2] / sha) == sha
    finally:
        hub.stop()
