"""Counter identity end to end (issue 10, items 1, 3, 5, 6): real counter databases, the hub
as a real process on SQLite and on a real PostgreSQL server.

- Two counters of one agency get different slots from the hub, so their codes differ and the
  hub keeps every dossier of both.
- Forced onto the same codes (the slot edited in one database), the second counter's events
  are rejected with a reason the clerk sees, and the hub keeps the first's dossiers.
- A counter without a slot issues no code; a demo point holding demo dossiers cannot enroll.
- Two data folders of one OS account keep their own keyring entries; re-enrolling revokes
  the earlier token.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests
from sync_helpers import HubProcess, bulk_receive, hub_stats, issue_code, run_client

from app.domain.codes import parse_code
from app.domain.errors import DeskError
from app.services.context import DeskContext, open_desk
from app.services.demo import DEMO_AGENCY, setup_service_point
from app.services.dossiers import get_dossier
from app.services.enrolment import enroll
from app.services.identity import device_uid, token_key
from app.services.sync import sync_once
from app.services.sync_problems import rejected_events
from app.services.sync_status import sync_status
from app.store.db import DB_FILENAME
from app.store.repositories import get_value
from app.sync.tokens import SERVICE
from tests.helpers.hub import hub_rows

TIMEOUT = (3, 10)


@pytest.fixture
def pg_or_sqlite_hub(hub_factory: Callable[..., HubProcess], hub_db_url: str) -> HubProcess:
    return hub_factory(hub_db_url)


@pytest.fixture
def desks(demo_template: Path, tmp_path: Path, clock) -> Iterator[Callable[[str], DeskContext]]:  # type: ignore[no-untyped-def]
    """Fresh copies of the demo counter (each its own data folder), on the real clock."""
    opened: list[DeskContext] = []
    clock.now = datetime.now(UTC).replace(microsecond=0)

    def make(name: str) -> DeskContext:
        data = tmp_path / name
        data.mkdir()
        for path in demo_template.iterdir():
            if path.is_file() and path.name.startswith(DB_FILENAME):
                shutil.copy2(path, data / path.name)
        ctx = open_desk(data, clock=clock)
        opened.append(ctx)
        return ctx

    yield make
    for ctx in opened:
        ctx.db.dispose()


def _slot(codes: list[str]) -> set[int]:
    return {parse_code(c).slot for c in codes}  # type: ignore[union-attr]


def test_two_counters_of_one_agency_get_their_own_slots_and_the_hub_keeps_all(
    desks: Callable[[str], DeskContext], pg_or_sqlite_hub: HubProcess
) -> None:
    hub = pg_or_sqlite_hub
    a, b = desks("a"), desks("b")
    for ctx in (a, b):
        enroll(ctx, hub_url=hub.url, code=issue_code(hub.db_url))
    slots = {sync_status(a).slot, sync_status(b).slot}
    assert slots == {0, 1}
    codes_a, codes_b = bulk_receive(a, 6, seed=1), bulk_receive(b, 6, seed=2)
    assert _slot(codes_a) == {sync_status(a).slot} and _slot(codes_b) == {sync_status(b).slot}
    assert not set(codes_a) & set(codes_b)
    assert sync_once(a).state == "up_to_date" and sync_once(b).state == "up_to_date"
    assert hub_stats(hub.db_url)["dossiers"] == 12  # it held 6 when both used slot 1


def test_a_counter_forced_onto_anothers_codes_is_refused_and_the_first_dossiers_stay(
    desks: Callable[[str], DeskContext], pg_or_sqlite_hub: HubProcess
) -> None:
    hub = pg_or_sqlite_hub
    a, b = desks("a"), desks("b")
    for ctx in (a, b):
        enroll(ctx, hub_url=hub.url, code=issue_code(hub.db_url))
    codes_a = bulk_receive(a, 3, seed=1)
    assert sync_once(a).state == "up_to_date"
    # Someone edits B's database to A's slot: B now prints A's codes.
    con = sqlite3.connect(b.data_dir / DB_FILENAME)
    con.execute("UPDATE counter SET slot = ?", (sync_status(a).slot,))
    con.commit()
    con.close()
    b.forget_setup()
    codes_b = bulk_receive(b, 3, seed=2)
    assert codes_b == codes_a
    report = sync_once(b)
    assert report.rejected == 3 and report.state == "needs_attention"
    problems = rejected_events(b)
    assert {p.dossier_code for p in problems} == set(codes_a)
    assert all("quầy khác" in p.reason for p in problems)
    # The clerk reads a sentence naming the dossier and what to do, not the hub's raw prefix.
    for p in problems:
        assert "not_owner:" not in p.reason and "not_owner:" not in p.reason_en
        assert p.dossier_code in p.reason and p.dossier_code in p.reason_en
        assert "quản trị" in p.advice and "administrator" in p.advice_en
    for code in codes_a:
        [(snapshot,)] = hub_rows(
            hub.db_url, "SELECT snapshot FROM hub_dossier WHERE code = :c", c=code
        )
        assert get_dossier(a, code=code).applicant.full_name in str(snapshot)
        assert get_dossier(b, code=code).applicant.full_name not in str(snapshot)
    assert hub_stats(hub.db_url)["events"] == 3


def test_no_code_before_the_hub_gives_a_slot_and_the_slot_is_shown(
    desks: Callable[[str], DeskContext], hub: HubProcess, tmp_path: Path
) -> None:
    ctx = desks("real")
    setup_service_point(ctx, agency=DEMO_AGENCY, slot=1, counter_name="Quầy số 1", demo=False)
    with pytest.raises(DeskError) as err:
        bulk_receive(ctx, 1)
    assert err.value.key == "code.no_slot"
    assert "số quầy" in err.value.message("vi") and "slot" in err.value.message("en")
    assert sync_status(ctx).slot is None
    ctx.db.dispose()
    # Enrolled through the CLI (a file keyring standing in for the OS one): it shows the slot.
    ring = tmp_path / "ring.json"
    done = run_client(
        ctx.data_dir, ring, "enroll", "--hub", hub.url, "--code", issue_code(hub.db_url)
    )
    assert done.returncode == 0, done.stderr
    assert "số quầy 0" in done.stdout
    ctx.forget_setup()
    assert sync_status(ctx).slot == 0 and sync_status(ctx).slot_source == "hub"
    assert _slot(bulk_receive(ctx, 2)) == {0}
    ctx.db.dispose()
    done = run_client(ctx.data_dir, ring, "sync", "--once")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Quầy số 0" in done.stdout


def test_a_demo_point_with_demo_dossiers_cannot_enroll_and_stays_a_demo(
    desks: Callable[[str], DeskContext], hub: HubProcess
) -> None:
    ctx = desks("demo")
    demo_codes = bulk_receive(ctx, 2)  # a demo point numbers demo codes
    assert sync_status(ctx).slot_source == "demo"
    code = issue_code(hub.db_url)
    with pytest.raises(DeskError) as err:
        enroll(ctx, hub_url=hub.url, code=code)
    assert err.value.key == "sync.demo_data"
    assert hub_rows(hub.db_url, "SELECT count(*) FROM hub_device") == [(0,)]  # the code is unspent
    fresh = desks("fresh")
    assert enroll(fresh, hub_url=hub.url, code=code)
    # An enrolled counter is never turned back into a demo point.
    with pytest.raises(DeskError) as err:
        setup_service_point(fresh, agency=DEMO_AGENCY, slot=1, counter_name="Quầy số 1")
    assert err.value.key == "setup.enrolled"
    assert demo_codes and sync_status(fresh).slot_source == "hub"


def test_two_data_folders_of_one_account_keep_their_own_tokens(
    desks: Callable[[str], DeskContext], hub: HubProcess, memory_keyring
) -> None:  # type: ignore[no-untyped-def]
    a, b = desks("a"), desks("b")
    enroll(a, hub_url=hub.url, code=issue_code(hub.db_url))
    enroll(b, hub_url=hub.url, code=issue_code(hub.db_url))
    keys = [k for k in memory_keyring.store if k[0] == SERVICE]
    assert sorted(keys) == sorted(
        [(SERVICE, token_key(hub.url, device_uid(a))), (SERVICE, token_key(hub.url, device_uid(b)))]
    )
    assert device_uid(a) != device_uid(b)
    codes_a, codes_b = bulk_receive(a, 2, seed=1), bulk_receive(b, 2, seed=2)
    assert sync_once(a).state == "up_to_date" and sync_once(b).state == "up_to_date"
    # Each folder's events were stored under its own enrollment.
    rows = dict(hub_rows(hub.db_url, "SELECT dossier_code, device_id FROM hub_event"))
    mine = []
    for ctx, codes in ((a, codes_a), (b, codes_b)):
        with ctx.db.read_session() as s:
            mine.append(get_value(s, "sync.device_id", ""))
        assert {rows[c] for c in codes} == {mine[-1]}
    assert mine[0] != mine[1] and sync_status(a).slot != sync_status(b).slot


def test_a_token_kept_under_the_hub_address_only_moves_to_the_counters_entry(
    desks: Callable[[str], DeskContext], hub: HubProcess, memory_keyring
) -> None:  # type: ignore[no-untyped-def]
    ctx = desks("old")
    enroll(ctx, hub_url=hub.url, code=issue_code(hub.db_url))
    key = (SERVICE, token_key(hub.url, device_uid(ctx)))
    memory_keyring.store[(SERVICE, hub.url)] = memory_keyring.store.pop(key)  # as before
    bulk_receive(ctx, 1)
    assert sync_once(ctx).state == "up_to_date"
    assert key in memory_keyring.store and (SERVICE, hub.url) not in memory_keyring.store


def test_enrolling_again_revokes_the_earlier_token_and_keeps_the_slot(
    desks: Callable[[str], DeskContext], hub: HubProcess, memory_keyring
) -> None:  # type: ignore[no-untyped-def]
    ctx = desks("a")
    other = desks("b")
    enroll(other, hub_url=hub.url, code=issue_code(hub.db_url))
    enroll(ctx, hub_url=hub.url, code=issue_code(hub.db_url))
    slot = sync_status(ctx).slot
    key = (SERVICE, token_key(hub.url, device_uid(ctx)))
    old = memory_keyring.store[key]
    enroll(ctx, hub_url=hub.url, code=issue_code(hub.db_url))
    assert memory_keyring.store[key] != old
    assert sync_status(ctx).slot == slot == 1
    with requests.Session() as http:
        r = http.get(
            f"{hub.url}/api/v1/changes",
            params={"cursor": "", "limit": 10},
            headers={"Authorization": f"Bearer {old}"},
            timeout=TIMEOUT,
        )
        assert r.status_code == 401
    bulk_receive(ctx, 1)
    assert sync_once(ctx).state == "up_to_date"
    assert sync_once(other).state == "up_to_date"  # the other counter's token still works


def test_a_counter_set_up_before_keeps_its_slot_after_the_upgrade(tmp_path: Path) -> None:
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "schema_0003.sqlite3"
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(fixture, data / DB_FILENAME)
    ctx = open_desk(data)
    try:
        con = sqlite3.connect(data / DB_FILENAME)
        assert con.execute("SELECT DISTINCT slot_source FROM counter").fetchall() == [("legacy",)]
        con.close()
        slot = ctx.service_point()[2]
        assert sync_status(ctx).slot == slot
        assert _slot(bulk_receive(ctx, 1)) == {slot}  # it keeps working as before
    finally:
        ctx.db.dispose()


def test_a_context_opened_before_the_enrollment_numbers_in_the_new_slot(
    desks: Callable[[str], DeskContext], hub: HubProcess
) -> None:
    ctx = desks("a")
    ctx.service_point()
    other = ctx.with_actor(ctx.actor)  # another screen's context, its set-up cached
    assert other.service_point()[2] == 1  # the demo point's slot
    enroll(ctx, hub_url=hub.url, code=issue_code(hub.db_url))
    assert _slot(bulk_receive(other, 1)) == {0}


def test_a_copied_data_folder_cannot_overwrite_the_first_citizens_dossier(
    desks: Callable[[str], DeskContext],
    pg_or_sqlite_hub: HubProcess,
    clock,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    """Two copies of one data folder are one counter to the hub (same device, same token) and
    number the same codes. The second dossier under a printed code is refused, never
    'accepted' over the first citizen's (it was, and the hub kept only one of them)."""
    from datetime import timedelta

    hub = pg_or_sqlite_hub
    a = desks("a")
    enroll(a, hub_url=hub.url, code=issue_code(hub.db_url))
    bulk_receive(a, 2, seed=1)
    assert sync_once(a).state == "up_to_date"
    a.db.dispose()
    copy_dir = tmp_path / "copy"
    copy_dir.mkdir()
    for path in a.data_dir.iterdir():
        if path.is_file() and path.name.startswith(DB_FILENAME):
            shutil.copy2(path, copy_dir / path.name)
    b = open_desk(copy_dir, clock=clock)
    try:
        [first] = bulk_receive(a, 1, seed=2)
        clock.now += timedelta(minutes=3)
        [second] = bulk_receive(b, 1, seed=3)
        assert first == second  # the copies print the same code
        assert sync_once(a).state == "up_to_date"
        report = sync_once(b)
        assert report.rejected == 1 and report.state == "needs_attention"
        [problem] = rejected_events(b)
        assert problem.dossier_code == first
        assert "code_reused" in problem.reason and "code_reused:" not in problem.reason
        assert "thư mục dữ liệu" in problem.advice and "data folder" in problem.advice_en
        [(snapshot,)] = hub_rows(
            hub.db_url, "SELECT snapshot FROM hub_dossier WHERE code = :c", c=first
        )
        assert get_dossier(a, code=first).applicant.full_name in str(snapshot)
        assert get_dossier(b, code=first).applicant.full_name not in str(snapshot)
        # The first copy's later moves of its own dossier still go through.
        assert sync_once(a).state == "up_to_date"
    finally:
        b.db.dispose()
