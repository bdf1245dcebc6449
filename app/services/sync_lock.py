"""The sync lock: one file, ``<data dir>/sync.lock``, created exclusively by whoever is about
to touch the database as a whole from outside the normal unit of work: a sync round
(purpose "sync") or a restore (purpose "restore"). It holds the holder's pid, so a lock
left by a killed process or a power cut is recognised as stale (the pid is gone, or the
file is older than the machine's last boot) and taken over."""

from __future__ import annotations

import json
import os
import socket
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from app.domain.errors import DeskError
from app.services.processes import pid_alive

SYNC_LOCK_NAME = "sync.lock"
_YOUNG_SECONDS = 10.0  # an unreadable lock younger than this is being written right now


@dataclass(frozen=True)
class LockHolder:
    pid: int
    purpose: str
    since: str
    token: str


def _boot_time() -> float | None:
    try:
        if sys.platform.startswith("linux"):
            with open("/proc/stat", encoding="ascii") as fh:
                for line in fh:
                    if line.startswith("btime "):
                        return float(line.split()[1])
        elif sys.platform == "win32":
            import ctypes

            kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]  # Windows only
            kernel32.GetTickCount64.restype = ctypes.c_ulonglong
            return time.time() - kernel32.GetTickCount64() / 1000.0
    except (OSError, ValueError, AttributeError):
        return None
    return None


def lock_holder(data_dir: Path | str) -> LockHolder | None:
    """Who holds ``<data_dir>/sync.lock`` right now; None when nobody does (or the lock is
    stale: its process is gone, or it predates the last boot)."""
    path = Path(data_dir) / SYNC_LOCK_NAME
    try:
        stat = path.stat()
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError:
        return LockHolder(-1, "unknown", "", "")
    try:
        data = json.loads(text)
        holder = LockHolder(
            int(data["pid"]),
            str(data["purpose"]),
            str(data.get("since", "")),
            str(data.get("token", "")),
        )
    except (ValueError, KeyError, TypeError):
        if time.time() - stat.st_mtime < _YOUNG_SECONDS:
            return LockHolder(-1, "unknown", "", "")
        return None
    boot = _boot_time()
    if boot is not None and stat.st_mtime < boot - 5:
        return None
    if holder.pid != os.getpid() and not pid_alive(holder.pid):
        return None
    return holder


def sync_in_progress(data_dir: Path | str) -> bool:
    """True while a live process holds the sync lock for a sync round."""
    holder = lock_holder(data_dir)
    return holder is not None and holder.purpose == "sync"


def restore_in_progress(data_dir: Path | str) -> bool:
    holder = lock_holder(data_dir)
    return holder is not None and holder.purpose == "restore"


def busy_error(holder: LockHolder) -> DeskError:
    key = "backup.restore_running" if holder.purpose == "restore" else "backup.sync_running"
    return DeskError(key, pid=holder.pid if holder.pid > 0 else "?")


@contextmanager
def sync_lock(data_dir: Path | str, *, purpose: str = "sync") -> Iterator[LockHolder]:
    """Hold ``<data_dir>/sync.lock`` for one sync round (or, with ``purpose="restore"``, a
    restore). Raises DeskError("backup.sync_running" / "backup.restore_running") when a
    live process already holds it; a stale lock is taken over. Not re-entrant.

    The sync facade (app/services/sync.py) wraps each round in ``with sync_lock(data_dir):``
    so that a restore never replaces the file under a running sync, and a sync never starts
    in the middle of a restore."""
    folder = Path(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / SYNC_LOCK_NAME
    me = LockHolder(
        os.getpid(), purpose, datetime.now(UTC).isoformat(timespec="seconds"), uuid.uuid4().hex
    )
    body = json.dumps(
        {
            "pid": me.pid,
            "purpose": me.purpose,
            "since": me.since,
            "token": me.token,
            "host": socket.gethostname(),
        }
    ).encode("utf-8")
    for _ in range(5):
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            holder = lock_holder(folder)
            if holder is not None:
                raise busy_error(holder) from None
            # Stale: move it aside atomically (a rival taking it over at the same moment
            # loses the rename and retries), then try again.
            aside = path.with_name(f"{SYNC_LOCK_NAME}.stale-{os.getpid()}-{me.token[:8]}")
            try:
                os.replace(path, aside)
                aside.unlink(missing_ok=True)
            except OSError:
                pass
            continue
        try:
            os.write(fd, body)
        finally:
            os.close(fd)
        break
    else:
        holder = lock_holder(folder)
        raise busy_error(holder or LockHolder(-1, "unknown", "", ""))
    try:
        yield me
    finally:
        try:
            current = json.loads(path.read_text(encoding="utf-8"))
            if current.get("token") == me.token:
                path.unlink()
        except (OSError, ValueError):
            pass
