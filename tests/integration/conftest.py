"""Fixtures of the sync and hub tests only: the hub as a real process (SQLite or a real
PostgreSQL server started here), and a counter enrolled with it."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests
from sync_helpers import HubProcess, free_port, issue_code

PG_BIN_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)


@pytest.fixture
def hub_factory(tmp_path: Path) -> Iterator[Callable[..., HubProcess]]:
    """Start hubs (stopped at the end of the test); ``db_url`` defaults to a fresh SQLite."""
    started: list[HubProcess] = []

    def start(
        db_url: str | None = None, *, port: int | None = None, wait: bool = True
    ) -> HubProcess:
        url = db_url or f"sqlite:///{tmp_path / f'hub-{len(started)}.db'}"
        hub = HubProcess(url, tmp_path, port=port)
        started.append(hub)
        return hub.start(wait=wait)

    yield start
    for hub in started:
        hub.stop()


@pytest.fixture
def hub(hub_factory: Callable[..., HubProcess]) -> HubProcess:
    return hub_factory()


@pytest.fixture
def running(hub_factory: Callable[..., HubProcess], hub_db_url: str) -> HubProcess:
    """A hub on ``hub_db_url``: once on SQLite, once on PostgreSQL."""
    return hub_factory(hub_db_url)


@pytest.fixture
def http() -> Iterator[requests.Session]:
    """A plain HTTP client for the hub's API, closed after the test."""
    with requests.Session() as s:
        yield s


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo counter database built once (catalog, users: about a second of work), copied
    for each test that needs a counter."""
    from app.services.context import open_desk
    from app.services.demo import create_demo

    folder = tmp_path_factory.mktemp("demo-template")
    ctx = open_desk(folder)
    create_demo(ctx, dossiers=0)
    ctx.db.dispose()  # the last connection closing checkpoints the WAL into the file
    return folder


@pytest.fixture
def live_desk(demo_template: Path, tmp_path: Path, clock):  # type: ignore[no-untyped-def]
    """A fresh copy of the demo counter, its clock set to now (the hub runs on the real
    clock, so the skew check stays quiet)."""
    from app.services.context import open_desk
    from app.store.db import DB_FILENAME

    data = tmp_path / "data"
    data.mkdir()
    for path in demo_template.iterdir():
        if path.is_file() and path.name.startswith(DB_FILENAME):
            shutil.copy2(path, data / path.name)
    clock.now = datetime.now(UTC).replace(microsecond=0)
    ctx = open_desk(data, clock=clock)
    yield ctx
    ctx.db.dispose()


@pytest.fixture
def enrolled(live_desk, hub: HubProcess):  # type: ignore[no-untyped-def]
    """(counter context, hub): the demo counter enrolled with a running SQLite hub."""
    from app.services.enrolment import enroll

    enroll(live_desk, hub_url=hub.url, code=issue_code(hub.db_url))
    return live_desk, hub


# --- PostgreSQL ----------------------------------------------------------------------------


def _pg_bin() -> Path | None:
    for d in PG_BIN_DIRS:
        if (d / "initdb").exists() and (d / "pg_ctl").exists():
            return d
    found = shutil.which("initdb")
    return Path(found).parent if found and shutil.which("pg_ctl") else None


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[tuple[str, int]]:
    """A real PostgreSQL server in a temporary directory on a free port: (host, port)."""
    bindir = _pg_bin()
    if bindir is None:
        pytest.skip(
            "PostgreSQL tests skipped because the server binaries (initdb, pg_ctl) "
            "are not installed"
        )
    base = Path(tempfile.mkdtemp(prefix="motcua-pg-"))
    as_root = os.geteuid() == 0
    prefix: list[str] = []
    if as_root:
        if shutil.which("runuser") is None:
            pytest.skip(
                "PostgreSQL tests skipped because runuser is missing to run the server "
                "as the postgres user"
            )
        shutil.chown(base, "postgres", "postgres")
        prefix = ["runuser", "-u", "postgres", "--"]
    data, sock, log = base / "data", base / "sock", base / "server.log"
    port = free_port()

    def run(*cmd: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*prefix, *cmd], capture_output=True, text=True, timeout=120, cwd=base
        )

    run("mkdir", "-p", str(sock))
    done = run(
        str(bindir / "initdb"),
        "-D",
        str(data),
        "-A",
        "trust",
        "-U",
        "postgres",
        "-E",
        "UTF8",
        "--locale=C",
        "--no-sync",
    )
    if done.returncode != 0:
        shutil.rmtree(base, ignore_errors=True)
        pytest.skip(f"PostgreSQL tests skipped because initdb failed: {done.stderr[-500:]}")
    done = run(
        str(bindir / "pg_ctl"),
        "-D",
        str(data),
        "-l",
        str(log),
        "-w",
        "-t",
        "60",
        "-o",
        f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off "
        f"-c full_page_writes=off -c synchronous_commit=off",
        "start",
    )
    if done.returncode != 0:
        text = log.read_text(errors="replace")[-800:] if log.exists() else done.stderr
        shutil.rmtree(base, ignore_errors=True)
        pytest.skip(f"PostgreSQL tests skipped because the server could not start: {text}")
    try:
        yield "127.0.0.1", port
    finally:
        run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server: tuple[str, int], request: pytest.FixtureRequest) -> str:
    """A fresh, empty database on the test server, as a SQLAlchemy URL."""
    import psycopg

    host, port = postgres_server
    name = f"hub_{abs(hash(request.node.nodeid)) % 10**9}_{free_port()}"
    with psycopg.connect(
        host=host, port=port, user="postgres", dbname="postgres", autocommit=True
    ) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql+psycopg://postgres@{host}:{port}/{name}"


@pytest.fixture(params=["sqlite", "postgres"])
def hub_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The hub's database, once on SQLite and once on a real PostgreSQL server."""
    if request.param == "postgres":
        return str(request.getfixturevalue("postgres_url"))
    return f"sqlite:///{tmp_path / 'hub.db'}"
