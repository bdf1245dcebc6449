"""Issue 18 end to end: two counters of two agencies (two data folders, each enrolled with
ONE hub running as a real process on 127.0.0.1). A dossier received at point A for ward B
is routed by the hub, pulled at B, taken, processed, its result sent back and returned at
A, with both sides' states checked after each sync; the same while A, then B, cannot
reach the hub for a while; the same with the hub killed (SIGKILL) mid-way and restarted on
the same database; on PostgreSQL too. The counters run in this process through the
services (the hub is the real process)."""

from __future__ import annotations

import hashlib
import http.client
import json
import random
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pikepdf
import pytest
import requests
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool
from sync_helpers import HubProcess, free_port, hub_admin, issue_code

from app.domain.dossier import Status
from app.domain.errors import DeskError
from app.domain.interagency import ReturnPlace, RouteState
from app.services.catalog import all_procedures
from app.services.context import DeskContext
from app.services.demo import random_person
from app.services.dossiers import advance_dossier, get_dossier, receive_dossier
from app.services.enrolment import enroll
from app.services.interagency import list_incoming, send_result_back, take_incoming
from app.services.results import attach_result, dossier_results, hand_over_result
from app.services.sync import sync_once
from app.sync.protocol import canonical_json, envelope_json, payload_hash, push_body, wire_time
from tests.helpers.interagency import A_CODE, B_CODE, catalog_for_a, open_body_b

Pair = tuple[DeskContext, DeskContext, HubProcess]


def hub_stats(db_url: str) -> dict[str, Any]:
    return dict(json.loads(hub_admin(db_url, "stats", "--by-body").stdout))


def _enroll(ctx: DeskContext, hub: HubProcess, agency: str) -> None:
    enroll(ctx, hub_url=hub.url, code=issue_code(hub.db_url, agency))


def _pair(live_desk: DeskContext, hub: HubProcess, tmp_path: Path, clock: Any) -> Pair:
    catalog_for_a(live_desk)
    _enroll(live_desk, hub, A_CODE)
    b = open_body_b(tmp_path / "b", clock, demo=False)
    _enroll(b, hub, B_CODE)
    return live_desk, b, hub


@pytest.fixture
def pair(live_desk, hub, tmp_path, clock):  # type: ignore[no-untyped-def]
    a, b, h = _pair(live_desk, hub, tmp_path, clock)
    yield a, b, h
    b.db.dispose()


def _proc(ctx: DeskContext) -> str:
    return next(p.code for p in all_procedures(ctx) if p.active and p.processing.amount >= 3)


def _state(ctx: DeskContext, code: str) -> tuple[Status, RouteState]:
    rec = get_dossier(ctx, code=code)
    return rec.status, rec.route_state


def _ok(ctx: DeskContext, http: requests.Session | None = None) -> None:
    report = sync_once(ctx, http=http)
    assert report.outcome == "ok", report


def _offline_http() -> requests.Session:
    """A client that cannot reach any hub: every request goes to a proxy on a dead port."""
    session = requests.Session()
    dead = f"http://127.0.0.1:{free_port()}"
    session.proxies = {"http": dead, "https": dead}
    return session


def _pdf(path: Path) -> bytes:
    doc = pikepdf.new()
    doc.add_blank_page()
    doc.save(path)
    return path.read_bytes()


def _receive(a: DeskContext, seed: int, place: ReturnPlace | None = None) -> str:
    return receive_dossier(
        a,
        procedure_code=_proc(a),
        applicant=random_person(random.Random(seed)),
        competent_agency=B_CODE,
        return_place=place,
    ).code


def _process_at_b(b: DeskContext, code: str, tmp_path: Path, clock: Any) -> bytes:
    """B takes the dossier, processes it with a result file, resolves it."""
    clock.now += timedelta(minutes=5)
    take_incoming(b, code, note="Đã nhận hồ sơ giấy")
    assert _state(b, code) == (Status.RECEIVED, RouteState.PROCESSING)
    advance_dossier(b, code=code, to=Status.PROCESSING)
    data = _pdf(tmp_path / f"kq-{code[-4:]}.pdf")
    attach_result(b, code=code, paths=[tmp_path / f"kq-{code[-4:]}.pdf"], name="Quyết định")
    clock.now += timedelta(minutes=5)
    advance_dossier(b, code=code, to=Status.RESOLVED, note="Đã giải quyết")
    return data


def test_received_at_a_pulled_processed_at_b_and_returned_at_a(
    pair: Pair, tmp_path: Path, clock: Any
) -> None:
    a, b, hub = pair
    code = _receive(a, 1)
    assert _state(a, code) == (Status.RECEIVED, RouteState.RECEIVED)
    _ok(a)  # pushed; the same round's pull brings A the hub's AWAITING
    assert _state(a, code) == (Status.RECEIVED, RouteState.AWAITING)
    assert _hub_route(hub, code) == (A_CODE, B_CODE, RouteState.AWAITING)
    _ok(b)
    incoming = get_dossier(b, code=code)
    assert incoming.agency.code == A_CODE and incoming.competent_agency.code == B_CODE
    assert incoming.route_state is RouteState.AWAITING
    assert [r.code for r in list_incoming(b)] == [code]
    _ok(b)  # a second pull brings nothing new
    assert len(get_dossier(b, code=code).history) == len(incoming.history)

    data = _process_at_b(b, code, tmp_path, clock)
    _ok(b)
    _ok(a)
    assert _state(a, code) == (Status.RESOLVED, RouteState.PROCESSING)
    send_result_back(b, code)
    _ok(b)
    _ok(a)
    assert _state(a, code) == (Status.RESOLVED, RouteState.RESULT_SENT_BACK)
    assert _hub_route(hub, code)[2] is RouteState.RESULT_SENT_BACK
    [doc] = dossier_results(a, code=code).results  # the result entry and its bytes reached A
    assert doc.sha256 == hashlib.sha256(data).hexdigest() and doc.file_kept
    # The citizen's status page offers B's result for A's code.
    number = get_dossier(a, code=code).applicant.id_number
    assert _citizen_download(hub, code, number, doc.sha256) == (200, data)

    clock.now += timedelta(minutes=5)
    hand_over_result(a, code=code, to="applicant")
    assert _state(a, code) == (Status.RETURNED, RouteState.RETURNED)
    _ok(a)
    _ok(b)
    assert _state(b, code) == (Status.RETURNED, RouteState.RETURNED)
    assert _hub_route(hub, code)[2] is RouteState.RETURNED
    own = receive_dossier(a, procedure_code=_proc(a), applicant=random_person(random.Random(9)))
    _ok(a)
    assert _hub_route(hub, own.code) is None

    stats = hub_stats(hub.db_url)
    assert stats["city_total"] == 2  # each dossier once, however many bodies saw it
    assert stats["by_body"][A_CODE] == {
        "received": 2,
        "competent_for": 1,
        "received_for_others": 1,
        "received_from_others": 0,
    }
    assert stats["by_body"][B_CODE] == {
        "received": 0,
        "competent_for": 1,
        "received_for_others": 0,
        "received_from_others": 1,
    }


def test_result_collected_at_the_competent_body(pair: Pair, tmp_path: Path, clock: Any) -> None:
    a, b, _ = pair
    code = _receive(a, 2, ReturnPlace.COMPETENT)
    _ok(a)
    _ok(b)
    _process_at_b(b, code, tmp_path, clock)
    hand_over_result(b, code=code, to="applicant")
    assert _state(b, code) == (Status.RETURNED, RouteState.RETURNED)
    _ok(b)
    _ok(a)
    assert _state(a, code) == (Status.RETURNED, RouteState.RETURNED)


def test_a_then_b_offline_for_a_while_then_both_catch_up(
    pair: Pair, tmp_path: Path, clock: Any
) -> None:
    a, b, _ = pair
    offline = _offline_http()
    code = _receive(a, 3)
    assert sync_once(a, http=offline).outcome == "offline"
    own = receive_dossier(  # A keeps working offline
        a, procedure_code=_proc(a), applicant=random_person(random.Random(30))
    ).code
    _ok(b)
    assert list_incoming(b) == []  # nothing reached the hub yet
    _ok(a)
    assert _state(a, code) == (Status.RECEIVED, RouteState.AWAITING)
    _ok(b)
    assert _state(b, code) == (Status.RECEIVED, RouteState.AWAITING)

    # B offline while it takes and processes the dossier.
    _process_at_b(b, code, tmp_path, clock)
    send_result_back(b, code)
    assert sync_once(b, http=offline).outcome == "offline"
    _ok(a)
    assert _state(a, code) == (Status.RECEIVED, RouteState.AWAITING)
    _ok(b)
    _ok(a)
    assert _state(a, code) == (Status.RESOLVED, RouteState.RESULT_SENT_BACK)
    advance_dossier(a, code=code, to=Status.RETURNED, note="Đã trả kết quả")
    assert sync_once(a, http=offline).outcome == "offline"
    assert _state(b, code) == (Status.RESOLVED, RouteState.RESULT_SENT_BACK)
    _ok(a)
    _ok(b)
    assert _state(b, code) == (Status.RETURNED, RouteState.RETURNED)
    with pytest.raises(DeskError):  # A's own dossier never went to B
        get_dossier(b, code=own)


def test_the_hub_killed_mid_way_and_restarted_on_the_same_database(
    pair: Pair, tmp_path: Path, clock: Any
) -> None:
    a, b, hub = pair
    code = _receive(a, 4)
    _ok(a)
    _ok(b)
    take_incoming(b, code)
    hub.kill()  # SIGKILL: B's take has not reached it
    assert sync_once(b).outcome == "offline"
    advance_dossier(b, code=code, to=Status.PROCESSING)
    hub.start()
    _ok(b)
    _ok(a)
    assert _state(a, code) == (Status.PROCESSING, RouteState.PROCESSING)
    advance_dossier(b, code=code, to=Status.RESOLVED, note="Xong")
    send_result_back(b, code)
    _ok(b)
    hub.kill()
    assert sync_once(a).outcome == "offline"
    hub.start()
    _ok(a)
    assert _state(a, code) == (Status.RESOLVED, RouteState.RESULT_SENT_BACK)
    advance_dossier(a, code=code, to=Status.RETURNED, note="Đã trả")
    _ok(a)
    _ok(b)
    assert _state(b, code) == (Status.RETURNED, RouteState.RETURNED)


def _citizen_download(hub: HubProcess, code: str, number: str, sha: str) -> tuple[int, bytes]:
    host, port = hub.url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        conn.request(
            "POST",
            "/tra-cuu/ket-qua",
            body=urlencode({"ma": code, "so": number, "sha": sha, "lang": "vi"}),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def _hub_route(hub: HubProcess, code: str) -> tuple[str, str, RouteState] | None:
    rows = _hub_rows(
        hub.db_url, "SELECT receiving, competent, state FROM hub_route WHERE code = :c", c=code
    )
    return (rows[0][0], rows[0][1], RouteState(rows[0][2])) if rows else None


def _hub_rows(db_url: str, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    engine = create_engine(db_url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql), params)]
    finally:
        engine.dispose()


def test_only_the_two_sides_may_write_or_read_a_routed_dossier(
    pair: Pair, tmp_path: Path, clock: Any, http: requests.Session
) -> None:
    a, b, hub = pair
    code = _receive(a, 5)
    _ok(a)
    _ok(b)
    data = _process_at_b(b, code, tmp_path, clock)
    _ok(b)
    sha = hashlib.sha256(data).hexdigest()
    # A third ward's device.
    answer = http.post(
        f"{hub.url}/api/v1/enroll",
        json={"code": issue_code(hub.db_url, "000.00.33.H26"), "counter_name": "C"},
        timeout=10,
    ).json()
    token = {"Authorization": f"Bearer {answer['token']}"}
    assert http.get(f"{hub.url}/api/v1/files/{sha}", headers=token, timeout=10).status_code == 404
    [(snapshot,)] = _hub_rows(
        hub.db_url, "SELECT snapshot FROM hub_dossier WHERE code = :c", c=code
    )
    payload = json.loads(snapshot)
    payload["version"] += 10
    payload["dossier"]["TrangThaiHoSo"] = int(Status.STOPPED)
    text_ = canonical_json(payload)
    envelope = envelope_json(
        event_id="0f3c1a52-0000-4000-8000-00000000c0de",
        kind="dossier.upsert",
        dossier_code=code,
        created_at=wire_time(clock.now),
        payload_hash=payload_hash(payload),
        payload_json=text_,
    )
    pushed = http.post(
        f"{hub.url}/api/v1/events",
        data=push_body([envelope]),
        headers={**token, "Content-Type": "application/json"},
        timeout=10,
    ).json()
    assert pushed["results"][0]["result"] == "rejected"
    _ok(a)
    _ok(b)
    assert _state(a, code)[0] == Status.RESOLVED and _state(b, code)[0] == Status.RESOLVED
    # Nothing of the dossier in the third ward's feed.
    feed = http.get(f"{hub.url}/api/v1/changes", headers=token, timeout=10).json()
    assert all(c["data"].get("MaHoSo") != code for c in feed["changes"])


def test_a_back_office_result_of_a_routed_dossier_reaches_both_sides(
    pair: Pair, tmp_path: Path, clock: Any
) -> None:
    a, b, hub = pair
    code = _receive(a, 6)
    _ok(a)
    _ok(b)
    take_incoming(b, code)
    advance_dossier(b, code=code, to=Status.PROCESSING)
    _ok(b)
    data = _pdf(tmp_path / "office.pdf")
    hub_admin(hub.db_url, "result", code, "--file", str(tmp_path / "office.pdf"), "--name", "QĐ")
    _ok(a)
    _ok(b)
    for side in (a, b):
        assert get_dossier(side, code=code).status == Status.RESOLVED
        [doc] = dossier_results(side, code=code).results
        assert doc.sha256 == hashlib.sha256(data).hexdigest() and doc.file_kept


def test_the_routing_on_a_postgresql_hub(
    live_desk: DeskContext,
    hub_factory: Callable[..., HubProcess],
    postgres_url: str,
    tmp_path: Path,
    clock: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MOTCUA_HUB_FILES", str(tmp_path / "pg-hub-files"))  # not the repo
    a, b, hub = _pair(live_desk, hub_factory(postgres_url), tmp_path, clock)
    try:
        code = _receive(a, 7)
        _ok(a)
        _ok(b)
        assert _state(b, code) == (Status.RECEIVED, RouteState.AWAITING)
        _process_at_b(b, code, tmp_path, clock)
        send_result_back(b, code)
        _ok(b)
        _ok(a)
        assert _state(a, code) == (Status.RESOLVED, RouteState.RESULT_SENT_BACK)
        assert _hub_rows(
            hub.db_url, "SELECT receiving, competent, state FROM hub_route WHERE code = :c", c=code
        ) == [(A_CODE, B_CODE, int(RouteState.RESULT_SENT_BACK))]
        assert hub_stats(hub.db_url)["city_total"] == 1
    finally:
        b.db.dispose()


@pytest.mark.slow
def test_repeated_rounds_with_hub_kills_converge(pair: Pair, tmp_path: Path, clock: Any) -> None:
    """A bounded loop: five dossiers, the hub killed after every other sync."""
    a, b, hub = pair
    codes = [_receive(a, 100 + i) for i in range(5)]
    rounds = 0

    def sync(ctx: DeskContext) -> None:
        nonlocal rounds
        rounds += 1
        if rounds % 2 == 0:
            hub.kill()
            assert sync_once(ctx).outcome == "offline"
            hub.start()
        _ok(ctx)

    sync(a)
    sync(b)
    for code in codes:
        take_incoming(b, code)
        advance_dossier(b, code=code, to=Status.RESOLVED, note="Xong")
        send_result_back(b, code)
        sync(b)
    sync(a)
    for code in codes:
        assert _state(a, code) == (Status.RESOLVED, RouteState.RESULT_SENT_BACK)
        advance_dossier(a, code=code, to=Status.RETURNED, note="Đã trả")
    sync(a)
    sync(b)
    for code in codes:
        assert _state(b, code) == (Status.RETURNED, RouteState.RETURNED)


def test_the_competent_body_is_told_only_its_own_numbering(
    pair: Pair, tmp_path: Path, clock: Any
) -> None:
    """B's device stores events of dossiers A numbered (it takes and moves them): after a
    restore, the hub must carry B's numbering past B's own codes only, never A's."""
    import keyring

    from app.services.identity import device_uid, token_key
    from app.sync.tokens import SERVICE

    a, b, hub = pair
    code = _receive(a, 31)
    _ok(a)
    _ok(b)
    take_incoming(b, code, note="Đã nhận hồ sơ giấy")
    own = receive_dossier(b, procedure_code=_proc(b), applicant=random_person(random.Random(32)))
    _ok(b)
    token = keyring.get_password(SERVICE, token_key(hub.url, device_uid(b)))
    assert token
    slot = b.service_point()[2]
    with requests.Session() as http:
        got = http.get(
            f"{hub.url}/api/v1/codes/highest",
            params={"slot": str(slot)},
            headers={"Authorization": f"Bearer {token}"},
            timeout=(3, 10),
        ).json()
    assert {h["agency_code"] for h in got["highest"]} == {B_CODE}
    assert own.code.startswith(f"{B_CODE}-") and code.startswith(f"{A_CODE}-")
