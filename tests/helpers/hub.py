"""The reference hub as a real child process on 127.0.0.1 (``python main.py hub``), for
the integration, UI and e2e tests and bench/bench_sync.py. Every wait is bounded."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
MAIN = str(ROOT / "main.py")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def child_env() -> dict[str, str]:
    """A child's environment: this one, with the repo root importable and no keyring
    backend forced on it."""
    env = dict(os.environ)
    env.pop("PYTHON_KEYRING_BACKEND", None)
    env["PYTHONPATH"] = str(ROOT)
    return env


def http_json(url: str, *, timeout: float = 2.0) -> tuple[int, Any]:
    """A GET without any session (nothing to leak); (status, JSON or None)."""
    req = urllib.request.Request(url, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 (loopback)
            return resp.status, json.loads(resp.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        with exc:
            body = exc.read()
        try:
            return exc.code, json.loads(body.decode("utf-8"))
        except ValueError:
            return exc.code, None


class HubProcess:
    """``python main.py hub --port P --db URL`` as a real child process."""

    def __init__(
        self, db_url: str, log_dir: Path, port: int | None = None, env: dict[str, str] | None = None
    ) -> None:
        self.db_url = db_url
        self.port = port or free_port()
        self.log_path = log_dir / f"hub-{self.port}.log"
        self.env = env
        self.proc: subprocess.Popen[bytes] | None = None
        self._log: Any = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, *, wait: bool = True, timeout: float = 30.0) -> HubProcess:
        assert self.proc is None or self.proc.poll() is not None, "already running"
        self._close_log()
        self._log = open(self.log_path, "ab")  # noqa: SIM115 (closed in stop/kill)
        self.proc = subprocess.Popen(
            [
                sys.executable,
                MAIN,
                "hub",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--db",
                self.db_url,
            ],
            cwd=ROOT,
            env=self.env or child_env(),
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        if wait:
            self.wait_ready(timeout)
        return self

    def wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise RuntimeError(f"hub exited {self.proc.returncode}: {self.log_text()}")
            try:
                status, body = http_json(f"{self.url}/api/v1/health", timeout=0.5)
                if status == 200 and body and body.get("status") == "ok":
                    return
            except OSError:
                pass
            time.sleep(0.05)
        raise TimeoutError(f"hub not ready after {timeout}s: {self.log_text()}")

    def enrolment_code(self, agency: str) -> str:
        """A fresh enrolment code from ``hub-admin code`` run as its own process."""
        done = subprocess.run(
            [sys.executable, MAIN, "hub-admin", "code", "--agency", agency, "--db", self.db_url],
            cwd=ROOT,
            env=child_env(),
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        return done.stdout.strip().splitlines()[-1].strip()

    def cpu_seconds(self) -> float:
        """The hub process's CPU time so far (Linux /proc; 0 elsewhere)."""
        assert self.proc is not None
        try:
            stat = Path(f"/proc/{self.proc.pid}/stat").read_text()
        except OSError:
            return 0.0
        fields = stat.rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-3000:]
        except OSError:
            return ""

    def kill(self) -> None:
        """SIGKILL: no shutdown handler runs, as in a power cut of the process."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self._reap()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self._reap()

    def _reap(self) -> None:
        if self.proc is not None:
            self.proc.wait(10)
        self._close_log()

    def _close_log(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None


def hub_rows(db_url: str, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    """Run ``sql`` on the hub's own database (SQLite or PostgreSQL) in one committed
    transaction, as an operator with a SQL shell would: the rows, or [] for a write."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    engine = create_engine(db_url, poolclass=NullPool)
    try:
        with engine.begin() as conn:
            result = conn.execute(text(sql), params)
            return [tuple(r) for r in result] if result.returns_rows else []
    finally:
        engine.dispose()
