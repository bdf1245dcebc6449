"""Helpers of the sync and hub tests: the hub as a real process, hub-admin, a file keyring
for client subprocesses, bulk intake, a response-dropping proxy and a misbehaving server.

Everything listens on 127.0.0.1 only, and every wait is bounded."""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import select
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import keyring.backend
import keyring.errors
from keyring.compat import properties

# The hub starter lives in tests/helpers/hub.py; the sync tests import it from here too.
from tests.helpers.hub import HubProcess, free_port, http_json  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
MAIN = str(ROOT / "main.py")
HERE = str(Path(__file__).resolve().parent)
AGENCY = "000.00.31.H26"  # the demo service point's agency


def subprocess_env(keyring_file: Path | None = None) -> dict[str, str]:
    """The environment of a child process: headless, and when asked, the file keyring
    below (the in-memory test keyring cannot cross a process boundary)."""
    env = dict(os.environ)
    env.pop("PYTHON_KEYRING_BACKEND", None)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), HERE])
    if keyring_file is not None:
        env["PYTHON_KEYRING_BACKEND"] = "sync_helpers.FileKeyring"
        env["MOTCUA_TEST_KEYRING"] = str(keyring_file)
    return env


class FileKeyring(keyring.backend.KeyringBackend):
    """A keyring backend in a JSON file named by MOTCUA_TEST_KEYRING, outside any data dir:
    the stand-in for the OS keyring shared by a test and its client subprocesses."""

    @properties.classproperty
    def priority(cls) -> float:  # noqa: N805
        # Not viable unless a test configured it: keyring's auto-detection must skip it.
        if "MOTCUA_TEST_KEYRING" not in os.environ:
            raise RuntimeError("MOTCUA_TEST_KEYRING is not set")
        return 1.0

    def __init__(self, path: Path | None = None) -> None:
        super().__init__()
        self._path = path

    @property
    def path(self) -> Path:
        return Path(self._path or os.environ["MOTCUA_TEST_KEYRING"])

    def _load(self) -> dict[str, str]:
        try:
            return dict(json.loads(self.path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            return {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}|{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}|{username}"] = password
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        os.replace(tmp, self.path)

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        if data.pop(f"{service}|{username}", None) is None:
            raise keyring.errors.PasswordDeleteError(username)
        self.path.write_text(json.dumps(data), encoding="utf-8")


def hub_admin(
    db_url: str, *args: str, check: bool = True, separate: bool = False
) -> subprocess.CompletedProcess[str]:
    """``hub-admin ARGS --db URL``: through ``python main.py`` in a child process when
    ``separate``, else through the same entry point (hub.cli.main) in this process, which
    is much faster on a 2-core machine."""
    if separate:
        done = subprocess.run(
            [sys.executable, MAIN, "hub-admin", *args, "--db", db_url],
            cwd=ROOT,
            env=subprocess_env(),
            capture_output=True,
            text=True,
            timeout=120,
        )
    else:
        from hub.cli import main as hub_main

        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = hub_main(["hub-admin", *args, "--db", db_url])
        done = subprocess.CompletedProcess(
            ["hub-admin", *args], code, out.getvalue(), err.getvalue()
        )
    if check and done.returncode != 0:
        raise AssertionError(f"hub-admin {args} failed: {done.stdout}{done.stderr}")
    return done


def hub_stats(db_url: str) -> dict[str, int]:
    return dict(json.loads(hub_admin(db_url, "stats").stdout))


def hub_events(db_url: str) -> list[tuple[str, str, int]]:
    """(event_id, dossier_code, version) of every event the hub stored, read directly."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    engine = create_engine(db_url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT event_id, dossier_code, version FROM hub_event"))
            return [(r[0], r[1], int(r[2])) for r in rows]
    finally:
        engine.dispose()


def local_events(ctx: Any) -> list[tuple[str, str, str]]:
    """(event_id, dossier_code, state) of the counter's outbox, read directly."""
    from sqlalchemy import select

    from app.store.models import OutboxEvent

    with ctx.db.read_session() as s:
        return [
            tuple(r)
            for r in s.execute(  # type: ignore[misc]
                select(OutboxEvent.event_id, OutboxEvent.dossier_code, OutboxEvent.state)
            )
        ]


def local_codes(ctx: Any) -> set[str]:
    from sqlalchemy import select

    from app.store.models import Dossier

    with ctx.db.read_session() as s:
        return set(s.scalars(select(Dossier.code)))


def bulk_receive(ctx: Any, n: int, *, seed: int = 7) -> list[str]:
    """Receive ``n`` dossiers through the services API (each one commits its outbox row)."""
    from app.services.catalog import all_procedures
    from app.services.demo import random_person
    from app.services.dossiers import receive_dossier

    rng = random.Random(seed)
    procs = [p for p in all_procedures(ctx) if p.active]
    return [
        receive_dossier(
            ctx, procedure_code=rng.choice(procs).code, applicant=random_person(rng)
        ).code
        for _ in range(n)
    ]


def issue_code(db_url: str, agency: str = AGENCY) -> str:
    return hub_admin(db_url, "code", "--agency", agency).stdout.strip()


def run_client(
    data_dir: Path, keyring_file: Path, *args: str, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, MAIN, *args, "--data-dir", str(data_dir)],
        cwd=ROOT,
        env=subprocess_env(keyring_file),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def wait_until(cond: Callable[[], bool], *, timeout: float, step: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(step)
    return cond()


# --- a proxy that loses answers ------------------------------------------------------------


class DropProxy:
    """A TCP proxy on 127.0.0.1 that forwards requests to the hub and, for the first
    ``drops`` POST /api/v1/events requests, cuts the client's connection as soon as the hub
    starts answering: the hub has committed, the counter never hears it."""

    def __init__(self, target_port: int, drops: int, match: bytes = b"POST /api/v1/events") -> None:
        self.target_port = target_port
        self.drops = drops
        self.match = match  # the request line whose answers are lost
        self.dropped = 0
        self._lock = threading.Lock()
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.2)
        self.port = int(self._server.getsockname()[1])
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._accept = threading.Thread(target=self._accept_loop, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> DropProxy:
        self._accept.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._accept.join(5)
        for t in self._threads:
            t.join(5)
        self._server.close()

    def _accept_loop(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            t = threading.Thread(target=self._serve, args=(client,), daemon=True)
            self._threads.append(t)
            t.start()

    def _take_drop(self) -> bool:
        with self._lock:
            if self.dropped < self.drops:
                self.dropped += 1
                return True
            return False

    def _serve(self, client: socket.socket) -> None:
        upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=10)
        drop_next_answer = False
        try:
            while not self._stop.is_set():
                readable, _, _ = select.select([client, upstream], [], [], 0.2)
                if client in readable:
                    data = client.recv(65536)
                    if not data:
                        return
                    if self.match in data and self._take_drop():
                        drop_next_answer = True
                    upstream.sendall(data)
                if upstream in readable:
                    data = upstream.recv(65536)
                    if not data or drop_next_answer:
                        return  # drop: the hub answered (after its commit); lose the answer
                    client.sendall(data)
        except OSError:
            return
        finally:
            for sock in (client, upstream):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                sock.close()


# --- a misbehaving server ------------------------------------------------------------------


class FakeHub:
    """This fake stands for a misbehaving network or hub (a captive portal, a proxy error
    page, a crashing or hanging server); the real hub is used everywhere else.

    ``mode`` says how POST /events answers; /health and /enroll answer correctly unless
    ``portal`` is set, in which case every path answers a 200 HTML login page."""

    MODES = (
        "500",
        "html200",
        "malformed",
        "bare200",
        "missing_result",
        "timeout",
        "redirect",
        "wrong_shape",
        "poison",
    )

    def __init__(self, mode: str, *, portal: bool = False, hang: float = 2.0) -> None:
        self.mode, self.portal, self.hang = mode, portal, hang
        self.poison = ""  # the event_id the "poison" mode fails on
        self.requests: list[tuple[str, str]] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def _send(
                self, status: int, body: bytes, ctype: str, extra: dict[str, str] | None = None
            ) -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for k, v in (extra or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body)

            def _json(self, obj: Any, status: int = 200) -> None:
                self._send(status, json.dumps(obj).encode(), "application/json")

            def _portal(self) -> None:
                self._send(
                    200,
                    b"<html><body><form>Dang nhap Wi-Fi</form></body></html>",
                    "text/html; charset=utf-8",
                )

            def do_GET(self) -> None:  # noqa: N802
                fake.requests.append(("GET", self.path))
                if fake.portal:
                    return self._portal()
                if self.path.startswith("/api/v1/health"):
                    return self._json({"status": "ok", "server_time": _now_wire()})
                if self.path.startswith("/api/v1/changes"):
                    return self._json(
                        {
                            "changes": [],
                            "next_cursor": "",
                            "has_more": False,
                            "server_time": _now_wire(),
                        }
                    )
                self._json({"detail": "not found"}, 404)

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length", "0"))
                raw = self.rfile.read(length)
                fake.requests.append(("POST", self.path))
                if fake.portal:
                    return self._portal()
                if self.path.startswith("/api/v1/enroll"):
                    return self._json(
                        {
                            "token": "t" * 43,
                            "device_id": "fake-device",
                            "agency_code": AGENCY,
                            "slot": 1,
                        }
                    )
                mode = fake.mode
                if mode == "500":
                    return self._send(500, b"Internal Server Error", "text/plain")
                if mode == "html200":
                    return self._portal()
                if mode == "malformed":
                    return self._send(200, b'{"results": [{"event_id": ', "application/json")
                if mode == "bare200":
                    return self._send(200, b"", "application/json")
                if mode == "redirect":
                    return self._send(
                        302, b"", "text/html", {"Location": "http://example.invalid/login"}
                    )
                if mode == "wrong_shape":
                    return self._json({"ok": True, "server_time": _now_wire()})
                if mode == "timeout":
                    time.sleep(fake.hang)
                    try:
                        return self._json({"results": [], "server_time": _now_wire()})
                    except OSError:
                        return None
                if mode == "poison":  # a hub that crashes on one event, in any batch
                    events = json.loads(raw)["events"]
                    if any(e["event_id"] == fake.poison for e in events):
                        return self._send(500, b"Internal Server Error", "text/plain")
                    results = [
                        {"event_id": e["event_id"], "result": "accepted", "reason": ""}
                        for e in events
                    ]
                    return self._json({"results": results, "server_time": _now_wire()})
                if mode == "missing_result":
                    events = json.loads(raw)["events"]
                    results = [
                        {"event_id": e["event_id"], "result": "accepted", "reason": ""}
                        for e in events[1:]
                    ]
                    return self._json({"results": results, "server_time": _now_wire()})
                self._json({"detail": "unknown mode"}, 500)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = int(self._server.server_address[1])
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> FakeHub:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)


def _now_wire() -> str:
    from datetime import UTC, datetime

    from app.sync.protocol import wire_time

    return wire_time(datetime.now(UTC))
