"""A round skipped because another process holds the sync lock says so: the state is
"busy" with the waiting count, never the "up_to_date" an older round left, in the service's
report, the status and the CLI's ``sync --once`` output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.services.dossiers import ApplicantInput, receive_dossier
from app.services.sync import sync_once
from app.services.sync_status import sync_status

ROOT = Path(__file__).resolve().parents[2]
HOLDER = """
import sys
from app.services.sync_lock import sync_lock
with sync_lock(sys.argv[1]):
    print("held", flush=True)
    sys.stdin.readline()
"""


class LockHeldElsewhere:
    """Another real process (a CLI ``sync`` beside the window, say) holding sync.lock."""

    def __init__(self, data: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(data)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        assert self.proc.stdout is not None
        assert self.proc.stdout.readline().strip() == "held"

    def release(self) -> None:
        assert self.proc.stdin is not None
        assert self.proc.stdout is not None
        self.proc.stdin.write("\n")
        self.proc.stdin.close()
        self.proc.wait(timeout=10)
        self.proc.stdout.close()


@pytest.fixture
def holder(enrolled):
    ctx, _hub = enrolled
    held = LockHeldElsewhere(ctx.data_dir)
    yield held
    if held.proc.poll() is None:
        held.release()


def _waiting_dossier(ctx) -> str:  # type: ignore[no-untyped-def]
    return receive_dossier(
        ctx, procedure_code="1.001193", applicant=ApplicantInput("Vũ Văn Hải", "001090012345")
    ).code


def test_a_round_skipped_for_another_process_is_busy_not_up_to_date(enrolled):
    ctx, _hub = enrolled
    assert sync_once(ctx).state == "up_to_date"
    _waiting_dossier(ctx)
    held = LockHeldElsewhere(ctx.data_dir)
    try:
        report = sync_once(ctx)
        assert report.outcome == "skipped" and report.pushed == 0
        assert report.state == "busy"
        assert report.waiting >= 1 and report.waiting_dossiers == 1
        assert f"({held.proc.pid})" in report.error and "1 hồ sơ chờ gửi" in report.error
        status = sync_status(ctx)
        assert status.state == "busy" and status.waiting_dossiers == 1
        assert "1 hồ sơ chờ gửi" in status.last_error
    finally:
        held.release()
    assert sync_status(ctx).state != "busy"  # the lock is free: the stored state again
    after = sync_once(ctx)
    assert after.state == "up_to_date" and after.pushed >= 1 and after.waiting_dossiers == 0


def test_the_cli_sync_once_says_busy_with_the_count(enrolled, holder):
    ctx, _hub = enrolled
    _waiting_dossier(ctx)

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "main.py", *args, "--data-dir", str(ctx.data_dir)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"},
        )

    done = cli("sync", "--once", "--json")
    assert done.returncode == 2, done.stderr
    out = json.loads(done.stdout)
    assert out["state"] == "busy" and out["outcome"] == "skipped"
    assert out["waiting_dossiers"] == 1
    text = cli("sync", "--once").stdout
    assert "còn chờ gửi 1 hồ sơ" in text and "Trạng thái: busy" in text
    assert "Một tiến trình khác" in text
