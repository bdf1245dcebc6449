"""The hub's engine: SQLite (WAL, writers queue on BEGIN IMMEDIATE) or PostgreSQL by URL."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from hub import agencies as _agencies  # noqa: F401  (its tables join HubBase)
from hub import identity as _identity  # noqa: F401  (its tables join HubBase)
from hub import notify as _notify  # noqa: F401  (its tables join HubBase)
from hub import ratings as _ratings  # noqa: F401  (its table joins HubBase)
from hub import receipts as _receipts  # noqa: F401  (its table joins HubBase)
from hub import routing as _routing  # noqa: F401  (its tables join HubBase)
from hub.models import HubBase


def default_url() -> str:
    env = os.environ.get("MOTCUA_HUB_DB")
    if env:
        return env
    import platformdirs

    folder = Path(platformdirs.user_data_dir("MotCuaHub", "MotCua"))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'hub.sqlite3'}"


def safe_url(url: str) -> str:
    """The URL with its password hidden, for messages."""
    return make_url(url).render_as_string(hide_password=True)


def _sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # SQLAlchemy's "begin" hook below emits BEGIN itself
    cur = dbapi_conn.cursor()
    try:
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")  # "accepted" means on disk
        cur.execute("PRAGMA busy_timeout=30000")
    finally:
        cur.close()


def make_engine(url: str) -> Engine:
    """An engine on ``url`` with the hub's tables created."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        event.listen(engine, "connect", _sqlite_connect)
        # One writer at a time, queued on the busy timeout, instead of failing when a read
        # snapshot turns into a write.
        event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))
    else:
        engine = create_engine(url, pool_pre_ping=True, pool_size=8, max_overflow=8)
    HubBase.metadata.create_all(engine)
    return engine


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
