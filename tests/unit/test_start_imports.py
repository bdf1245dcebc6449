"""The main window's start reads the sync status without the HTTP client or the keyring
(DESIGN.md section 8: about 0.1 s of imports the status strip does not need)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import sys
from app.services.context import open_desk
from ui.sync_control import read_status

ctx = open_desk(sys.argv[1])
status = read_status(ctx)
ctx.db.dispose()
heavy = sorted(m for m in ("requests", "urllib3", "keyring", "app.sync.engine",
                           "app.sync.client", "app.services.sync",
                           "app.services.enrolment") if m in sys.modules)
print(status.state, ",".join(heavy) or "-")
"""


def test_sync_status_read_imports_no_http_client_nor_keyring(desk):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(desk.data_dir)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    state, heavy = done.stdout.split()
    assert state == "not_enrolled"
    assert heavy == "-"
