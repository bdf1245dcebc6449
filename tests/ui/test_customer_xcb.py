"""The customer's window on a real X server (Xvfb) with a real window manager (openbox):
opened from the clerk's window, it is never made the active window and the clerk's cursor
stays in the scanner field. (Offscreen, Qt activates every window it shows; there the
window's own guard hands the focus back: tests/ui/test_customer.py.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("customer_xcb_driver.py")


def _start_x(tmp_path: Path) -> tuple[subprocess.Popen[bytes], str]:
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    number = b""
    deadline = time.monotonic() + 20
    while not number.endswith(b"\n") and time.monotonic() < deadline:
        chunk = os.read(read, 16)
        if not chunk:
            break
        number += chunk
    os.close(read)
    assert number.strip(), "Xvfb did not start"
    return server, f":{number.strip().decode()}"


def test_the_window_manager_never_activates_the_customer_window(tmp_path: Path) -> None:
    server, display = _start_x(tmp_path)
    env = {
        **os.environ,
        "DISPLAY": display,
        "QT_QPA_PLATFORM": "xcb",
        "PYTHONPATH": str(ROOT),
        "HOME": str(tmp_path),
    }
    wm = subprocess.Popen(
        ["openbox"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        time.sleep(0.5)  # openbox manages the windows from its start on
        done = subprocess.run(
            [sys.executable, str(DRIVER)],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=90,
        )
    finally:
        wm.terminate()
        server.terminate()
        wm.wait(10)
        server.wait(10)
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert got["before_name"] == "scanner"
    assert got["customer_visible"] and not got["customer_full"]  # one screen: a window
    assert got["focus_windows"] == []  # never activated, not even for a moment
    assert got["clerk_active"] and not got["customer_active"]
    assert got["after_name"] == "scanner"
