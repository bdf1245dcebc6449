"""The Linux bundle: installer/motcua.spec built with PyInstaller into a temporary folder,
then the built executables run with no Python around them.

Slow (a PyInstaller build: about a minute on an idle 2-core machine). What a frozen app
typically lacks — a module imported by name, a data file read by path — fails here and
nowhere else: the CLI (demo, intake with a printed receipt, migrate an old database, check,
backup), the hub, and the desktop window."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "installer" / "motcua.spec"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="builds the Linux bundle"),
]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    import PyInstaller  # noqa: F401  (in the [test] extra: a missing one must fail, not skip)

    work = tmp_path_factory.mktemp("pyinstaller")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(work / "dist"),
            "--workpath",
            str(work / "build"),
            str(SPEC),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    folder = work / "dist" / "MotCuaDesk"
    assert (folder / "MotCuaDesk").is_file() and (folder / "motcua").is_file()
    return folder


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update({"QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8", **extra})
    return env


def run(exe: Path, *args: str, ok: bool = True, **extra: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(exe), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=_env(**extra),
        timeout=180,
        cwd=exe.parent.parent,
    )
    if ok:
        assert done.returncode == 0, done.stdout + done.stderr
    return done


def test_bundle_receives_and_prints_a_dossier(bundle, tmp_path):
    data, out = tmp_path / "data", tmp_path / "out"
    exe = bundle / "MotCuaDesk"
    run(exe, "demo", "--data-dir", str(data), "--dossiers", "3")
    made = json.loads(
        run(
            exe,
            "intake",
            "--procedure",
            "1.004222",
            "--name",
            "Nguyễn Thị Hằng",
            "--id-number",
            "001095012345",
            "--print",
            "receipt",
            "--out",
            str(out),
            "--data-dir",
            str(data),
            "--json",
        ).stdout
    )
    code = made["code"]
    (pdf,) = made["files"]
    from pypdf import PdfReader

    with open(pdf, "rb") as fh:
        text = "".join(page.extract_text() for page in PdfReader(fh).pages)
    assert code in text and "Nguyễn Thị Hằng" in text


def test_bundle_migrates_checks_and_backs_up(bundle, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(ROOT / "tests" / "fixtures" / "schema_0001.sqlite3", data / "motcua.sqlite3")
    cli = bundle / "motcua"
    run(cli, "migrate", "--data-dir", str(data))  # Alembic's scripts, loaded by path
    report = json.loads(run(cli, "check", "--data-dir", str(data), "--json").stdout)
    assert report["ok"] and report["revision"] == report["head"]
    assert report["latest_good_backup"] and "pre-migrate-0001" in report["latest_good_backup"]
    copy = tmp_path / "copy.sqlite3"
    run(cli, "backup", "--data-dir", str(data), "--out", str(copy))
    assert copy.stat().st_size > 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_bundle_runs_the_reference_hub(bundle, tmp_path):
    import requests

    port = _free_port()
    db = f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    hub = subprocess.Popen(
        [str(bundle / "motcua"), "hub", "--port", str(port), "--db", db],
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        answer = None
        for _ in range(150):
            try:
                answer = requests.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1)
                break
            except requests.RequestException:
                time.sleep(0.2)
        assert answer is not None and answer.status_code == 200
        assert answer.json()["status"] == "ok"
        code = run(bundle / "motcua", "hub-admin", "code", "--agency", "000.00.31.H26", "--db", db)
        assert code.stdout.strip()
    finally:
        hub.terminate()
        try:
            hub.wait(timeout=10)
        except subprocess.TimeoutExpired:
            hub.kill()
            hub.wait()
        assert hub.stderr is not None
        err = hub.stderr.read().decode("utf-8", "replace")
        hub.stderr.close()
    assert "Traceback" not in err, err


def test_bundle_gui_reaches_a_usable_window_and_exits_cleanly(bundle, tmp_path):
    """The smoke contract of ui/app.py: with MOTCUA_SMOKE_USER / MOTCUA_SMOKE_PASSWORD the
    login dialog is skipped; when the main window is shown the app prints MOTCUA_READY (one
    line, flushed) and quits with status 0 MOTCUA_SMOKE_EXIT_MS milliseconds later."""
    data = tmp_path / "data"
    run(bundle / "motcua", "demo", "--data-dir", str(data), "--dossiers", "3")
    done = run(
        bundle / "MotCuaDesk",
        "--data-dir",
        str(data),
        MOTCUA_SMOKE_EXIT_MS="1500",
        MOTCUA_SMOKE_USER="canbo1",
        MOTCUA_SMOKE_PASSWORD="matkhau123",
    )
    assert "MOTCUA_READY" in done.stdout.splitlines()
    assert "Traceback" not in done.stderr


def test_bundle_gui_starts_and_stays_up(bundle, tmp_path):
    """Until the smoke contract exists: the window process imports everything it needs and
    is still running (at the login dialog) after a few seconds."""
    data = tmp_path / "data"
    run(bundle / "motcua", "demo", "--data-dir", str(data), "--dossiers", "3")
    gui = subprocess.Popen(
        [str(bundle / "MotCuaDesk"), "--data-dir", str(data)],
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        time.sleep(6)
        assert gui.poll() is None, "the desktop app ended at start"
    finally:
        gui.kill()
        out, err = gui.communicate(timeout=10)
    text = err.decode("utf-8", "replace")
    assert "Traceback" not in text and "ModuleNotFoundError" not in text, text
