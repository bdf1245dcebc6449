"""The reference hub as a real process, on SQLite and on a real PostgreSQL server:
enrollment, authentication, the idempotent event store, the change feed, hub-admin."""

from __future__ import annotations

import copy
import hashlib
import json
import uuid
from pathlib import Path
from typing import Any

import requests
from sync_helpers import AGENCY, HubProcess, hub_admin, hub_stats, issue_code

from app.sync.protocol import (
    envelope_json,
    parse_changes_page,
    parse_push_answer,
    payload_hash,
    push_body,
)
from tests.helpers.hub import hub_rows

TIMEOUT = (3, 10)


def _enroll(http: requests.Session, hub: HubProcess, agency: str = AGENCY) -> dict[str, Any]:
    code = issue_code(hub.db_url, agency)
    r = http.post(
        f"{hub.url}/api/v1/enroll", json={"code": code, "counter_name": "Quầy 1"}, timeout=TIMEOUT
    )
    assert r.status_code == 200, r.text
    return dict(r.json())


def _dossier(
    code: str, *, status: int = 2, received: str = "20250715140500", due: str = "20250718170000"
) -> dict[str, Any]:
    return {
        "MaHoSo": code,
        "MaTTHC": "1.001193",
        "TrangThaiHoSo": status,
        "NgayTiepNhan": received,
        "NgayHenTra": due,
        "ChuHoSo": "Nguyễn Văn An",
    }


def _event(code: str, version: int = 1, *, event_id: str | None = None, **kw: Any) -> str:
    payload = {"version": version, "dossier": _dossier(code, **kw)}
    return envelope_json(
        event_id=event_id or str(uuid.uuid4()),
        kind="dossier.upsert",
        dossier_code=code,
        created_at="20250715140500",
        payload_hash=payload_hash(payload),
        payload_json=json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
    )


def _push(http: requests.Session, hub: HubProcess, token: str, events: list[str]) -> dict[str, Any]:
    r = http.post(
        f"{hub.url}/api/v1/events",
        data=push_body(events),
        timeout=TIMEOUT,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    assert r.status_code == 200, r.text
    return {
        k: v["result"] + ("|" + v["reason"] if v["reason"] else "")
        for k, v in parse_push_answer(r.json()).results.items()
    }


def _changes(
    http: requests.Session, hub: HubProcess, token: str, cursor: str = "", limit: int = 100
) -> Any:
    r = http.get(
        f"{hub.url}/api/v1/changes",
        params={"cursor": cursor, "limit": limit},
        headers={"Authorization": f"Bearer {token}"},
        timeout=TIMEOUT,
    )
    assert r.status_code == 200, r.text
    return parse_changes_page(r.json())


def test_health_is_open_and_everything_else_needs_a_valid_token(
    running: HubProcess, http: requests.Session
) -> None:
    r = http.get(f"{running.url}/api/v1/health", timeout=TIMEOUT)
    assert r.status_code == 200 and r.json()["status"] == "ok"
    assert len(r.json()["server_time"]) == 14
    calls = [
        ("GET", "/api/v1/changes?cursor=&limit=5"),
        ("POST", "/api/v1/events"),
        ("GET", "/api/v1/events"),
        ("GET", "/api/v1/nothing-here"),
        ("GET", "/api/v1/changes?limit=oops"),
    ]
    for auth in (None, "Bearer not-a-token", "Basic abc", "Bearer "):
        for method, path in calls:
            headers = {"Authorization": auth} if auth else {}
            r = http.request(
                method, f"{running.url}{path}", data=b"{not json", headers=headers, timeout=TIMEOUT
            )
            assert r.status_code == 401, (auth, method, path, r.text)
            assert r.headers["content-type"].startswith("application/json")
            assert "detail" in r.json()
    # A revoked device is refused too.
    device = _enroll(http, running)
    assert _changes(http, running, device["token"]).changes == []
    hub_admin(running.db_url, "revoke", device["device_id"])
    r = http.get(
        f"{running.url}/api/v1/changes",
        timeout=TIMEOUT,
        headers={"Authorization": f"Bearer {device['token']}"},
    )
    assert r.status_code == 401 and r.json()["detail"]


def test_an_enrollment_code_works_once_and_tokens_are_stored_hashed(
    running: HubProcess, http: requests.Session
) -> None:
    code = issue_code(running.db_url)
    # A counter of another agency is refused without spending the code.
    r = http.post(
        f"{running.url}/api/v1/enroll",
        timeout=TIMEOUT,
        json={"code": code, "counter_name": "Quầy 9", "agency_code": "000.00.99.H26"},
    )
    # ... and the answer does not tell which agency the code belongs to.
    assert r.status_code == 409 and r.json()["detail"] and AGENCY not in r.text
    r = http.post(
        f"{running.url}/api/v1/enroll",
        timeout=TIMEOUT,
        json={"code": code.lower(), "counter_name": "Quầy 1", "agency_code": AGENCY},
    )
    assert r.status_code == 200, r.text
    got = r.json()
    assert got["agency_code"] == AGENCY and got["device_id"] and len(got["token"]) >= 40
    again = http.post(
        f"{running.url}/api/v1/enroll",
        timeout=TIMEOUT,
        json={"code": code, "counter_name": "Quầy 2"},
    )
    assert again.status_code == 403 and again.json()["detail"]
    for bad in (b"{", b"[]", json.dumps({"code": 5}).encode()):
        r = http.post(f"{running.url}/api/v1/enroll", data=bad, timeout=TIMEOUT)
        assert r.status_code == 400 and r.json()["detail"]
    rows = hub_rows(running.db_url, "SELECT token_hash FROM hub_device")
    assert [r[0] for r in rows] == [hashlib.sha256(got["token"].encode()).hexdigest()]
    codes = hub_rows(running.db_url, "SELECT code_hash FROM hub_enroll_code")
    assert all(code.replace("-", "") not in r[0] for r in codes)
    if running.db_url.startswith("sqlite"):
        raw = Path(running.db_url.removeprefix("sqlite:///")).read_bytes()
        assert got["token"].encode() not in raw


def test_events_are_stored_once_and_conflicts_are_rejected(
    running: HubProcess, http: requests.Session
) -> None:
    token = _enroll(http, running)["token"]
    code_a, code_b = f"{AGENCY}-250715-1001", f"{AGENCY}-250715-1002"
    ev_a1 = _event(code_a, 1)
    ev_b1 = _event(code_b, 1)
    ids = [json.loads(e)["event_id"] for e in (ev_a1, ev_b1)]
    first = _push(http, running, token, [ev_a1, ev_b1])
    assert first == {ids[0]: "accepted", ids[1]: "accepted"}
    # An identical replay is a duplicate (a success); the same id with other content is a
    # conflict; a malformed event and another agency's dossier are rejected with a reason;
    # none of them stops the others.
    conflicting = _event(code_a, 1, event_id=ids[0], status=4)
    foreign = _event("000.00.99.H26-250715-1001", 1)
    broken = json.dumps({"event_id": str(uuid.uuid4()), "kind": "dossier.upsert"})
    tampered = json.loads(_event(code_b, 2))
    tampered["payload"] = tampered["payload"].replace("Nguyễn Văn An", "Người khác")
    ev_a2 = _event(code_a, 2, status=4)
    answer = _push(
        http,
        running,
        token,
        [ev_a1, conflicting, foreign, broken, json.dumps(tampered, ensure_ascii=False), ev_a2],
    )
    a2_id = json.loads(ev_a2)["event_id"]
    assert answer[ids[0]].startswith("rejected|conflict")  # the later of the two answers
    assert answer[json.loads(foreign)["event_id"]].startswith("rejected|dossier of another agency")
    assert answer[json.loads(broken)["event_id"]].startswith("rejected|invalid event")
    assert answer[tampered["event_id"]].startswith("rejected|invalid event: payload_hash does not")
    assert answer[a2_id] == "accepted"
    replay = _push(http, running, token, [ev_a1, ev_b1])
    assert replay == {ids[0]: "duplicate", ids[1]: "duplicate"}
    assert hub_stats(running.db_url) == {
        "events": 3,
        "dossiers": 2,
        "duplicates_refused": 3,
        "conflicts": 1,
    }


def test_the_latest_version_wins_and_the_hub_never_redates(
    running: HubProcess, http: requests.Session
) -> None:
    token = _enroll(http, running)["token"]
    code = f"{AGENCY}-250715-1003"
    v3 = _event(code, 3, status=9, received="20250715140500", due="20250801170000")
    v1 = _event(code, 1, status=2, received="20250715140500", due="20250718170000")
    assert set(_push(http, running, token, [v3]).values()) == {"accepted"}
    assert set(_push(http, running, token, [v1]).values()) == {"accepted"}  # late, older
    row = hub_rows(
        running.db_url,
        "SELECT version, status, received_at, appointment_at "
        f"FROM hub_dossier WHERE code = '{code}'",
    )[0]
    assert tuple(row) == (3, 9, "20250715140500", "20250801170000")


def test_back_office_changes_flow_through_the_feed_by_agency(
    running: HubProcess, http: requests.Session, tmp_path: Path
) -> None:
    mine = _enroll(http, running)["token"]
    other = _enroll(http, running, "000.00.77.H26")["token"]
    code = f"{AGENCY}-250715-1004"
    _push(http, running, mine, [_event(code, 1)])
    # The back office moves the dossier: legal moves only, from the hub's latest status.
    hub_admin(running.db_url, "advance", code, "--to", "processing", "--note", "Chuyển xử lý")
    bad = hub_admin(running.db_url, "advance", code, "--to", "returned", check=False)
    assert bad.returncode == 2 and "Không thể chuyển" in bad.stderr
    unknown = hub_admin(
        running.db_url, "advance", f"{AGENCY}-250715-9999", "--to", "4", check=False
    )
    assert unknown.returncode == 2 and "Không tìm thấy hồ sơ" in unknown.stderr
    silent = hub_admin(running.db_url, "advance", code, "--to", "supplement", check=False)
    assert silent.returncode == 2 and "cần ghi rõ lý do" in silent.stderr
    hub_admin(
        running.db_url,
        "calendar",
        "--agency",
        AGENCY,
        "--day",
        "2025-08-30",
        "--off",
        "--note",
        "Nghỉ bù",
    )
    proc = tmp_path / "proc.json"
    proc.write_text(
        json.dumps(
            {
                "code": "9.999001",
                "name": "Thủ tục thử",
                "field_code": "HT",
                "field_name": "Hộ tịch",
                "processing": {"amount": 2, "unit": "day"},
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    hub_admin(running.db_url, "procedure", "--agency", AGENCY, "--json", str(proc))
    proc.write_text("{not json", encoding="utf-8")
    assert (
        hub_admin(
            running.db_url, "procedure", "--agency", AGENCY, "--json", str(proc), check=False
        ).returncode
        == 2
    )

    page = _changes(http, running, mine, limit=2)
    assert [c["kind"] for c in page.changes] == ["dossier.status", "calendar.override"]
    assert page.has_more and page.next_cursor
    assert page.changes[0]["data"]["TrangThaiHoSo"] == 4
    assert page.changes[0]["data"]["TrangThaiTruoc"] == 2
    rest = _changes(http, running, mine, cursor=page.next_cursor, limit=2)
    assert [c["kind"] for c in rest.changes] == ["catalog.procedure"] and not rest.has_more
    assert rest.changes[0]["data"]["procedure"]["code"] == "9.999001"
    empty = _changes(http, running, mine, cursor=rest.next_cursor)
    assert empty.changes == [] and empty.next_cursor == rest.next_cursor
    assert _changes(http, running, other).changes == []  # another agency sees nothing
    # The back office's status is what the next move is checked against.
    hub_admin(running.db_url, "advance", code, "--to", "resolved")
    r = http.get(
        f"{running.url}/api/v1/changes",
        params={"cursor": "abc"},
        timeout=TIMEOUT,
        headers={"Authorization": f"Bearer {mine}"},
    )
    assert r.status_code == 400 and r.json()["detail"]


def test_a_batch_of_many_events_in_one_request(running: HubProcess, http: requests.Session) -> None:
    token = _enroll(http, running)["token"]
    events = [_event(f"{AGENCY}-250716-{1000 + i:04d}") for i in range(1, 501)]
    answer = _push(http, running, token, events)
    assert list(answer.values()).count("accepted") == 500
    stats = hub_stats(running.db_url)
    assert stats["events"] == 500 and stats["dossiers"] == 500
    too_many = push_body([copy.copy(events[0])] * 1001)
    r = http.post(
        f"{running.url}/api/v1/events",
        data=too_many,
        timeout=TIMEOUT,
        headers={"Authorization": f"Bearer {token}"},
    )
    assert r.status_code == 413 and r.json()["detail"]


def test_hub_admin_through_main_py(hub: HubProcess, http: requests.Session) -> None:
    """The back-office commands as a user types them: ``python main.py hub-admin ...``
    (the other tests call the same entry point in-process, on both databases)."""
    running = hub
    code = hub_admin(running.db_url, "code", "--agency", AGENCY, separate=True).stdout.strip()
    r = http.post(
        f"{running.url}/api/v1/enroll", json={"code": code, "counter_name": "Q"}, timeout=TIMEOUT
    )
    token = r.json()["token"]
    dossier = f"{AGENCY}-250715-1005"
    _push(http, running, token, [_event(dossier)])
    moved = hub_admin(running.db_url, "advance", dossier, "--to", "4", separate=True)
    assert "Đang xử lý" in moved.stdout
    refused = hub_admin(
        running.db_url, "advance", dossier, "--to", "10", separate=True, check=False
    )
    assert refused.returncode == 2 and "A dossier cannot move" in refused.stderr
    stats = json.loads(hub_admin(running.db_url, "stats", separate=True).stdout)
    assert stats == {"events": 1, "dossiers": 1, "duplicates_refused": 0, "conflicts": 0}
