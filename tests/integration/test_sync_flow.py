"""The counter's sync against the reference hub as a real process: enrollment, push,
the change feed back to the counter's list, conflicts, 401, the keyring, clock skew, and a
hub that is down when the counter starts."""

from __future__ import annotations

import json
import logging
import threading
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest
import requests
from sqlalchemy import create_engine, select, text
from sqlalchemy.pool import NullPool
from sync_helpers import (
    AGENCY,
    HubProcess,
    bulk_receive,
    hub_admin,
    hub_events,
    hub_stats,
    issue_code,
    local_events,
    run_client,
    wait_until,
)

from app.domain.dossier import Status
from app.domain.errors import DeskError
from app.services.catalog import get_procedure
from app.services.context import DeskContext
from app.services.dossiers import advance_dossier, get_dossier, list_dossiers
from app.services.enrolment import enroll
from app.services.sync import run_forever, sync_once
from app.services.sync_problems import rejected_events
from app.services.sync_status import sync_status
from app.store.models import AuditLog, CalendarOverride, KeyValue, OutboxEvent
from app.sync.protocol import envelope_json, payload_hash, push_body, wire_time
from app.sync.tokens import SERVICE


def _token(ring, hub: HubProcess) -> str:  # type: ignore[no-untyped-def]
    """The one token kept for ``hub`` (keyed by the hub URL and the counter's device uid)."""
    [token] = [
        v
        for (svc, user), v in ring.store.items()
        if svc == SERVICE and user.startswith(f"{hub.url} device=")
    ]
    return str(token)


def _sync_keys(ctx: DeskContext) -> dict[str, str]:
    with ctx.db.read_session() as s:
        return {
            r.key: r.value for r in s.scalars(select(KeyValue).where(KeyValue.key.like("sync.%")))
        }


def _hub_dossier(hub: HubProcess, code: str) -> tuple[int, int, str, str]:
    engine = create_engine(hub.db_url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            row = conn.execute(
                text(
                    "SELECT version, status, received_at, appointment_at "
                    "FROM hub_dossier WHERE code = :c"
                ),
                {"c": code},
            ).one()
            return int(row[0]), int(row[1]), str(row[2]), str(row[3])
    finally:
        engine.dispose()


def test_a_fresh_counter_is_not_enrolled(live_desk: DeskContext) -> None:
    st = sync_status(live_desk)
    assert st.state == "not_enrolled" and st.hub_url is None and "đăng ký" in st.last_error
    report = sync_once(live_desk)
    assert report.state == "not_enrolled" and report.pushed == 0


def test_enroll_push_and_status(enrolled: tuple[DeskContext, HubProcess]) -> None:
    ctx, hub = enrolled
    codes = bulk_receive(ctx, 30)
    before = sync_status(ctx)
    assert before.waiting == 30 and before.rejected == 0 and before.hub_url == hub.url
    assert before.state == "offline" and before.last_success is None  # never synced yet
    seen: list[tuple[int, int]] = []
    report = sync_once(ctx, progress=lambda done, total: seen.append((done, total)))
    assert (report.pushed, report.duplicates, report.rejected, report.state, report.error) == (
        30,
        0,
        0,
        "up_to_date",
        "",
    )
    assert seen[0] == (0, 30) and seen[-1] == (30, 30)
    after = sync_status(ctx)
    assert after.state == "up_to_date" and after.waiting == 0 and after.last_error == ""
    assert after.last_success is not None and abs(after.clock_skew_seconds or 0) < 5
    assert hub_stats(hub.db_url) == {
        "events": 30,
        "dossiers": 30,
        "duplicates_refused": 0,
        "conflicts": 0,
    }
    assert {e[1] for e in hub_events(hub.db_url)} == set(codes)
    # The hub keeps the counter's reception time and appointment: never re-dated.
    rec = get_dossier(ctx, code=codes[0])
    assert _hub_dossier(hub, codes[0])[2:] == (wire_time(rec.received_at), wire_time(rec.due_at))
    again = sync_once(ctx)
    assert (again.pushed, again.duplicates, again.state) == (0, 0, "up_to_date")
    assert {e[2] for e in local_events(ctx)} == {"acked"}


def test_back_office_changes_reach_the_counter_without_an_echo(
    enrolled: tuple[DeskContext, HubProcess], tmp_path: Path
) -> None:
    ctx, hub = enrolled
    first, second, third = bulk_receive(ctx, 3)
    assert sync_once(ctx).pushed == 3
    hub_admin(
        hub.db_url, "advance", first, "--to", "processing", "--note", "Chuyển phòng chuyên môn"
    )
    hub_admin(hub.db_url, "advance", first, "--to", "resolved", "--note", "Đã có kết quả")
    hub_admin(hub.db_url, "advance", second, "--to", "supplement", "--note", "Thiếu bản sao")
    hub_admin(
        hub.db_url,
        "calendar",
        "--agency",
        AGENCY,
        "--day",
        "2025-08-30",
        "--working",
        "--note",
        "Làm bù",
    )
    hub_admin(hub.db_url, "calendar", "--agency", AGENCY, "--day", "2025-07-21", "--off")
    new_proc = {
        "code": "9.999002",
        "name": "Xác nhận thử nghiệm",
        "field_code": "CT",
        "processing": {"amount": 1, "unit": "day"},
        "cutoff": "15:00",
        "documents": [{"name": "Tờ khai", "originals": 1}],
        "fees": [],
    }
    proc_file = tmp_path / "procs.json"
    proc_file.write_text(
        json.dumps(
            {"fields": [{"code": "CT", "name": "Chứng thực"}], "procedures": [new_proc]},
            ensure_ascii=False,
        ),
        "utf-8",
    )
    hub_admin(hub.db_url, "procedure", "--agency", AGENCY, "--json", str(proc_file))
    # Meanwhile the counter moves the third dossier on its own.
    advance_dossier(ctx, code=third, to=Status.PROCESSING, note="Tại quầy")
    events_before = len(local_events(ctx))

    report = sync_once(ctx)
    assert report.state == "up_to_date" and report.pushed == 1 and report.pulled == 6
    one = get_dossier(ctx, code=first)
    assert one.status == Status.RESOLVED and one.finished_at is not None
    assert [h.to_status for h in one.history][-2:] == [Status.PROCESSING, Status.RESOLVED]
    assert one.history[-1].note == "Đã có kết quả"
    assert get_dossier(ctx, code=second).status == Status.SUPPLEMENT
    listed = {r.code: r.status for r in list_dossiers(ctx)}
    assert listed[first] == Status.RESOLVED and listed[second] == Status.SUPPLEMENT
    assert [r.code for r in list_dossiers(ctx, status=Status.SUPPLEMENT)] == [second]
    # No echo: pulled moves queue nothing for the hub.
    assert len(local_events(ctx)) == events_before
    assert sync_once(ctx).pushed == 0
    # Calendar and catalog took effect at once.
    cal = ctx.calendar()
    assert cal.is_working_day(datetime(2025, 8, 30).date()) is True  # a Saturday made working
    assert cal.is_working_day(datetime(2025, 7, 21).date()) is False
    with ctx.db.read_session() as s:
        assert {o.source for o in s.scalars(select(CalendarOverride))} == {"hub"}
        actions = set(s.scalars(select(AuditLog.action).where(AuditLog.actor == "hub")))
    assert {"dossier.advance.hub", "calendar.override.hub", "catalog.update.hub"} <= actions
    proc = get_procedure(ctx, code="9.999002")
    assert proc.field_name == "Chứng thực" and proc.cutoff is not None
    # The hub's copy follows the counter's newer move of the third dossier.
    assert _hub_dossier(hub, third)[1] == int(Status.PROCESSING)
    # A back-office move that is no longer legal locally is not applied (and logged).
    advance_dossier(ctx, code=second, to=Status.WITHDRAWN, note="Công dân rút")
    hub_admin(hub.db_url, "advance", second, "--to", "processing")
    report = sync_once(ctx)
    assert report.pushed == 1 and get_dossier(ctx, code=second).status == Status.WITHDRAWN
    with ctx.db.read_session() as s:
        assert s.scalar(select(AuditLog.id).where(AuditLog.action == "dossier.advance.hub_skipped"))
    assert _hub_dossier(hub, second)[1] == int(Status.WITHDRAWN)


def test_a_conflicting_event_is_rejected_shown_and_the_rest_flows(
    enrolled: tuple[DeskContext, HubProcess], memory_keyring
) -> None:  # type: ignore[no-untyped-def]
    ctx, hub = enrolled
    codes = bulk_receive(ctx, 5)
    victim = next(e for e in local_events(ctx) if e[1] == codes[2])
    # Someone sends the same event_id with other content first (a restored copy of the
    # database on another machine, say).
    payload = {
        "version": 1,
        "dossier": {
            "MaHoSo": codes[2],
            "TrangThaiHoSo": 2,
            "NgayTiepNhan": "20250715140500",
            "NgayHenTra": "",
        },
    }
    body = push_body(
        [
            envelope_json(
                event_id=victim[0],
                kind="dossier.upsert",
                dossier_code=codes[2],
                created_at="20250715140500",
                payload_hash=payload_hash(payload),
                payload_json=json.dumps(payload, sort_keys=True, separators=(",", ":")),
            )
        ]
    )
    with requests.Session() as http:
        r = http.post(
            f"{hub.url}/api/v1/events",
            data=body,
            timeout=(3, 10),
            headers={"Authorization": f"Bearer {_token(memory_keyring, hub)}"},
        )
        assert r.json()["results"][0]["result"] == "accepted"
    report = sync_once(ctx)
    assert (report.pushed, report.rejected, report.state) == (4, 1, "needs_attention")
    assert "từ chối" in report.error
    shown = rejected_events(ctx)
    assert [(e.dossier_code, e.dead) for e in shown] == [(codes[2], False)]
    assert shown[0].reason.startswith("Xung đột") and "conflict" in shown[0].reason
    st = sync_status(ctx)
    assert (st.waiting, st.rejected, st.state) == (0, 1, "needs_attention")
    assert hub_stats(hub.db_url)["conflicts"] == 1
    # Later dossiers still flow.
    bulk_receive(ctx, 2, seed=99)
    assert sync_once(ctx).pushed == 2


def test_a_revoked_token_stops_the_batch_and_asks_to_enroll_again(
    enrolled: tuple[DeskContext, HubProcess], memory_keyring
) -> None:  # type: ignore[no-untyped-def]
    ctx, hub = enrolled
    bulk_receive(ctx, 5)
    device = _sync_keys(ctx)["sync.device_id"]
    hub_admin(hub.db_url, "revoke", device)
    report = sync_once(ctx)
    assert (
        report.state == "needs_attention" and report.pushed == 0 and "đăng ký lại" in report.error
    )
    st = sync_status(ctx)
    assert st.needs_reenrollment and st.waiting == 5 and st.state == "needs_attention"
    with ctx.db.read_session() as s:
        rows = list(s.scalars(select(OutboxEvent)))
    assert {(r.state, r.attempts) for r in rows} == {("pending", 0)}  # nothing counted
    assert hub_stats(hub.db_url)["events"] == 0
    # An unknown token does the same; a new enrollment clears it.
    memory_keyring.set_password(SERVICE, hub.url, "x" * 43)
    assert sync_once(ctx).state == "needs_attention"
    enroll(ctx, hub_url=hub.url, code=issue_code(hub.db_url))
    assert not sync_status(ctx).needs_reenrollment
    assert sync_once(ctx).pushed == 5 and sync_status(ctx).state == "up_to_date"


def test_enroll_without_a_keyring_stops_and_stores_nothing(
    live_desk: DeskContext, hub: HubProcess, memory_keyring
) -> None:  # type: ignore[no-untyped-def]
    code = issue_code(hub.db_url)
    keyring.set_keyring(keyring.backends.fail.Keyring())
    with pytest.raises(DeskError) as err:
        enroll(live_desk, hub_url=hub.url, code=code)
    assert err.value.key == "sync.no_keyring"
    text_ = err.value.both()
    assert "kho mật khẩu" in text_ and "keyring" in text_ and "nothing was stored" in text_
    assert _sync_keys(live_desk) == {}
    assert sync_status(live_desk).state == "not_enrolled"
    # The one-time code was not spent: it still works once a keyring is there.
    keyring.set_keyring(memory_keyring)
    assert enroll(live_desk, hub_url=hub.url, code=code)


def test_the_token_is_never_in_a_file_or_a_log(
    live_desk: DeskContext,
    hub: HubProcess,
    memory_keyring,
    caplog,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    caplog.set_level(logging.DEBUG)
    enroll(live_desk, hub_url=hub.url, code=issue_code(hub.db_url))
    token = _token(memory_keyring, hub)
    assert len(token) >= 40
    bulk_receive(live_desk, 3)
    sync_once(live_desk)
    hub_admin(hub.db_url, "revoke", _sync_keys(live_desk)["sync.device_id"])
    sync_once(live_desk)  # a 401 path too
    assert token not in caplog.text
    live_desk.db.dispose()
    for path in [*live_desk.data_dir.rglob("*"), *tmp_path.rglob("*.log")]:
        if path.is_file():
            assert token.encode() not in path.read_bytes(), path
    # The CLI, with a keyring file outside the data dir standing in for the OS keyring.
    ring = tmp_path / "ring.json"
    code = issue_code(hub.db_url)
    done = run_client(live_desk.data_dir, ring, "enroll", "--hub", hub.url, "--code", code)
    assert done.returncode == 0, done.stderr
    [cli_token] = [
        v
        for k, v in json.loads(ring.read_text()).items()
        if k.startswith(f"{SERVICE}|{hub.url} device=")
    ]
    done2 = run_client(live_desk.data_dir, ring, "sync", "--once", "--json")
    assert done2.returncode == 0, done2.stdout + done2.stderr
    assert json.loads(done2.stdout)["state"] == "up_to_date"
    for out in (done.stdout, done.stderr, done2.stdout, done2.stderr):
        assert cli_token not in out
    for path in live_desk.data_dir.rglob("*"):
        if path.is_file():
            assert cli_token.encode() not in path.read_bytes(), path


def test_enroll_refuses_unsafe_addresses_and_bad_codes(
    live_desk: DeskContext, hub: HubProcess
) -> None:
    for url, key in (
        ("http://hub.example.vn", "sync.insecure_url"),
        ("ftp://x", "sync.url_invalid"),
        ("https://user:pw@hub.vn", "sync.url_invalid"),
    ):
        with pytest.raises(DeskError) as err:
            enroll(live_desk, hub_url=url, code="AAAAA-BBBBB")
        assert err.value.key == key
    with pytest.raises(DeskError) as err:
        enroll(live_desk, hub_url=hub.url, code="AAAAA-BBBBB")
    assert err.value.key == "sync.enroll_refused"
    # In the clerk's words in each language, not the hub's English inside the Vietnamese.
    assert "mã đăng ký không đúng" in err.value.message("vi")
    assert "invalid" not in err.value.message("vi") and "wrong" in err.value.message("en")
    other = hub_admin(hub.db_url, "code", "--agency", "000.00.55.H26").stdout.strip()
    with pytest.raises(DeskError) as err:
        enroll(live_desk, hub_url=hub.url, code=other)
    assert err.value.key == "sync.enroll_refused" and "cơ quan khác" in err.value.message()
    assert "another agency" in err.value.message("en")
    assert "000.00.55.H26" not in err.value.both()  # the hub never names the code's agency
    assert _sync_keys(live_desk) == {}


def test_clock_skew_is_measured_and_warned(enrolled: tuple[DeskContext, HubProcess], clock) -> None:  # type: ignore[no-untyped-def]
    ctx, _hub = enrolled
    clock.now = datetime.now(UTC) + timedelta(minutes=12)
    bulk_receive(ctx, 1)
    report = sync_once(ctx)
    assert (
        report.pushed == 1 and report.state == "needs_attention" and "lệch 12 phút" in report.error
    )
    st = sync_status(ctx)
    assert st.clock_skew_seconds is not None and 700 < st.clock_skew_seconds < 740
    clock.now = datetime.now(UTC)
    assert sync_once(ctx).state == "up_to_date"


def test_hub_down_at_start_then_up_everything_arrives_once(
    enrolled: tuple[DeskContext, HubProcess], hub_factory
) -> None:  # type: ignore[no-untyped-def]
    ctx, hub = enrolled
    hub.stop()
    codes = bulk_receive(ctx, 20)
    down = sync_once(ctx)
    assert down.state == "offline" and "Không kết nối được" in down.error
    with ctx.db.read_session() as s:
        assert set(s.scalars(select(OutboxEvent.attempts))) == {0}  # never left: not counted
    states: list[str] = []
    stop = threading.Event()
    worker = threading.Thread(
        target=run_forever,
        kwargs={
            "ctx": ctx,
            "stop": stop,
            "on_status": lambda st: states.append(st.state),
            "probe_interval": 0.2,
            "tick": 0.05,
            "poll_interval": 0.5,
            "rng": lambda: 1.0,
        },
    )
    worker.start()
    try:
        assert wait_until(lambda: "offline" in states, timeout=20)
        assert sync_status(ctx).waiting == 20
        hub.start()  # same port, same database
        assert wait_until(lambda: sync_status(ctx).waiting == 0, timeout=20), states
    finally:
        stop.set()
        worker.join(20)
    assert not worker.is_alive()
    assert "syncing" in states and states[-1] == "up_to_date"
    assert hub_stats(hub.db_url) == {
        "events": 20,
        "dossiers": 20,
        "duplicates_refused": 0,
        "conflicts": 0,
    }
    assert {e[1] for e in hub_events(hub.db_url)} == set(codes)


def test_a_forged_event_of_the_wrong_shape_is_refused_by_the_hub(
    enrolled: tuple[DeskContext, HubProcess], memory_keyring
) -> None:  # type: ignore[no-untyped-def]
    ctx, hub = enrolled
    with requests.Session() as http:
        r = http.post(
            f"{hub.url}/api/v1/events",
            timeout=(3, 10),
            json={"events": [{"event_id": str(uuid.uuid4())}, "nonsense"]},
            headers={"Authorization": f"Bearer {_token(memory_keyring, hub)}"},
        )
    results = r.json()["results"]
    assert [x["result"] for x in results] == ["rejected", "rejected"]
    assert all(x["reason"] for x in results)


def test_a_token_gone_from_the_keyring_asks_to_enroll_again(
    enrolled: tuple[DeskContext, HubProcess], memory_keyring
) -> None:  # type: ignore[no-untyped-def]
    ctx, hub = enrolled
    bulk_receive(ctx, 2)
    [key] = [k for k in memory_keyring.store if k[1].startswith(f"{hub.url} device=")]
    memory_keyring.delete_password(*key)
    report = sync_once(ctx)
    assert report.state == "needs_attention" and "kho mật khẩu" in report.error
    st = sync_status(ctx)
    assert st.needs_reenrollment and st.waiting == 2
