"""Dossier codes stay unique across every counter of an agency while all are offline."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.codes import PER_SLOT, parse_code
from app.domain.errors import DeskError
from app.store.db import Database
from app.store.migrate import upgrade_database
from app.store.repositories import allocate_code

AGENCY = "000.00.31.H26"


def _db(folder: Path, name: str) -> Database:
    db = Database(folder / f"{name}.sqlite3")
    upgrade_database(db, backup_dir=folder / "backups")
    return db


def _allocate(db: Database, slot: int, day: date, n: int, out: list[str]) -> None:
    for _ in range(n):
        with db.session() as s:
            out.append(allocate_code(s, agency_code=AGENCY, slot=slot, day=day))
            s.commit()


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    plan=st.lists(st.integers(min_value=1, max_value=25), min_size=2, max_size=5),
    threads_per_counter=st.integers(min_value=1, max_value=3),
    day=st.dates(min_value=date(2025, 7, 1), max_value=date(2030, 12, 31)),
)
def test_offline_counters_never_share_a_code(tmp_path_factory, plan, threads_per_counter, day):
    folder = tmp_path_factory.mktemp("agency")
    # Each counter is its own database file (offline); several windows of one counter
    # allocate at the same time on the same file.
    dbs = [_db(folder, f"counter{slot}") for slot in range(len(plan))]
    results: list[list[str]] = [[] for _ in dbs]
    workers = [
        threading.Thread(target=_allocate, args=(db, slot, day, n, results[slot]))
        for slot, (db, n) in enumerate(zip(dbs, plan, strict=True))
        for _ in range(threads_per_counter)
    ]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    every = [c for codes in results for c in codes]
    assert len(every) == sum(plan) * threads_per_counter
    assert len(set(every)) == len(every)
    for slot, codes in enumerate(results):
        for code in codes:
            parsed = parse_code(code)
            assert parsed is not None and parsed.slot == slot and parsed.day == day
    for db in dbs:
        db.dispose()


def test_a_counter_never_reuses_a_number_after_restart_and_stops_when_exhausted(tmp_path):
    db = _db(tmp_path, "c")
    day = date(2025, 7, 15)
    first: list[str] = []
    _allocate(db, 3, day, 2, first)
    db.dispose()
    reopened = _db(tmp_path, "c")
    again: list[str] = []
    _allocate(reopened, 3, day, 1, again)
    assert first == [f"{AGENCY}-250715-3001", f"{AGENCY}-250715-3002"]
    assert again == [f"{AGENCY}-250715-3003"]
    with reopened.session() as s:
        from app.store.models import CodeSequence

        s.get(CodeSequence, (AGENCY, "250715", 3)).last = PER_SLOT
        s.commit()
    try:
        _allocate(reopened, 3, day, 1, again)
        raise AssertionError("an exhausted counter handed out a number")
    except DeskError as err:
        assert err.key == "code.exhausted"
    reopened.dispose()
