"""Running the desk's CLI as a real subprocess on a real data folder, and the crash driver
(tests/e2e/crash_driver.py) that kills it mid-write: one home for what the CLI and crash
tests share."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DRIVER = ROOT / "tests" / "e2e" / "crash_driver.py"
#: A chip card's QR text (CCCD): number, old number, name, birth, sex, address, issue date.
QR = (
    "001095012345|013456789|Nguyễn Thị Hằng|15071995|Nữ|"
    "Số 12 ngõ 34 Âu Cơ, phường Tây Hồ, Hà Nội|20042021"
)


def run(
    data: Path, *args: str | bytes, env: dict[str, str] | None = None, ok: bool = True
) -> subprocess.CompletedProcess[str]:
    """``python main.py ARGS --data-dir DATA`` in UTF-8; with ``ok`` it must succeed."""
    full_env = {**os.environ, "PYTHONIOENCODING": "utf-8", "LC_ALL": "C.UTF-8", **(env or {})}
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args, "--data-dir", str(data)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=full_env,
        timeout=120,
    )
    if ok:
        assert done.returncode == 0, done.stderr
    return done


def drive_crashes(
    data: Path, trials: int, seed: int, *extra: str, timeout: float = 900
) -> list[str]:
    """Run the crash driver for ``trials`` kills; every trial must end without an error
    line and the driver must say so on its last line. Returns its output lines."""
    done = subprocess.run(
        [
            sys.executable,
            str(DRIVER),
            "--data",
            str(data),
            "--trials",
            str(trials),
            "--seed",
            str(seed),
            *extra,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    errors = [line for line in lines if line.startswith("ERROR")]
    assert not errors, f"seed {seed}: " + "\n".join(errors[:3])
    assert lines[-1] == f"DONE trials={trials} errors=0", lines[-5:]
    return lines
