"""Shared fixtures: offscreen Qt, the in-memory keyring (tests/helpers/keyring.py), and real
counter databases."""

from __future__ import annotations

import os
import sys
from pathlib import Path

# tests.helpers (and bench/) import from the repo root, however pytest was started.
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MOTCUA_LANG", "vi")
# scrypt at the production N=2^17 costs 0.4 s and 128 MiB per hash: test runs (and the CLI
# subprocesses they start) hash with less work; test_counter_hardening checks the real cost.
os.environ.setdefault("MOTCUA_PASSWORD_WORK", str(2**10))

from datetime import UTC, datetime  # noqa: E402

import keyring  # noqa: E402
import pytest  # noqa: E402

from tests.helpers.keyring import MemoryKeyring  # noqa: E402


@pytest.fixture(autouse=True)
def memory_keyring():
    old = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(old)


class FixedClock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2025, 7, 15, 7, 5, tzinfo=UTC))  # 14:05 in Hà Nội


@pytest.fixture
def desk(tmp_path: Path, clock: FixedClock):
    """A real counter database (WAL SQLite file, migrated) with the demo service point and
    the shipped catalog, but no dossiers."""
    from app.services.context import open_desk
    from app.services.demo import create_demo

    ctx = open_desk(tmp_path / "data", clock=clock)
    create_demo(ctx, dossiers=0)
    yield ctx
    ctx.db.dispose()
