"""Counter identity on the hub, as a real process on SQLite and on a real PostgreSQL server:
slots unique within an agency and kept across re-enrollment, the earlier token revoked, and
every dossier code owned by the counter that first delivered it."""

from __future__ import annotations

import json
import uuid
from typing import Any

import requests
from sync_helpers import AGENCY, HubProcess, issue_code

from app.sync.protocol import envelope_json, parse_push_answer, payload_hash, push_body
from tests.helpers.hub import hub_rows

TIMEOUT = (3, 10)


def _enroll(
    http: requests.Session, hub: HubProcess, uid: str | None, agency: str = AGENCY
) -> requests.Response:
    body: dict[str, Any] = {"code": issue_code(hub.db_url, agency), "counter_name": "Quầy"}
    if uid is not None:
        body["device_uid"] = uid
    return http.post(f"{hub.url}/api/v1/enroll", json=body, timeout=TIMEOUT)


def _enrolled(http: requests.Session, hub: HubProcess, uid: str | None) -> dict[str, Any]:
    r = _enroll(http, hub, uid)
    assert r.status_code == 200, r.text
    return dict(r.json())


def _event(code: str, version: int, name: str = "Nguyễn Văn An") -> str:
    payload = {
        "version": version,
        "dossier": {
            "MaHoSo": code,
            "MaTTHC": "1.001193",
            "TrangThaiHoSo": 2,
            "NgayTiepNhan": "20250715140500",
            "NgayHenTra": "20250718170000",
            "ChuHoSo": name,
        },
    }
    return envelope_json(
        event_id=str(uuid.uuid4()),
        kind="dossier.upsert",
        dossier_code=code,
        created_at="20250715140500",
        payload_hash=payload_hash(payload),
        payload_json=json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
    )


def _push_raw(
    http: requests.Session, hub: HubProcess, token: str, events: list[str]
) -> requests.Response:
    return http.post(
        f"{hub.url}/api/v1/events",
        data=push_body(events),
        timeout=TIMEOUT,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )


def _push(
    http: requests.Session, hub: HubProcess, token: str, events: list[str]
) -> list[tuple[str, str]]:
    r = _push_raw(http, hub, token, events)
    assert r.status_code == 200, r.text
    results = parse_push_answer(r.json()).results
    return [
        (results[json.loads(e)["event_id"]]["result"], results[json.loads(e)["event_id"]]["reason"])
        for e in events
    ]


def test_each_counter_gets_its_own_slot_and_keeps_it_when_enrolled_again(
    running: HubProcess, http: requests.Session
) -> None:
    a, b = str(uuid.uuid4()), str(uuid.uuid4())
    first_a = _enrolled(http, running, a)
    first_b = _enrolled(http, running, b)
    assert {first_a["slot"], first_b["slot"]} == {0, 1}
    again_a = _enrolled(http, running, a)
    assert again_a["slot"] == first_a["slot"]
    assert again_a["device_id"] != first_a["device_id"]
    # The earlier token of the re-enrolled counter is revoked; the other counter's is not.
    old = _push_raw(http, running, first_a["token"], [_event(f"{AGENCY}-250715-0001", 1)])
    assert old.status_code == 401
    assert _push(http, running, again_a["token"], [_event(f"{AGENCY}-250715-0002", 1)]) == [
        ("accepted", "")
    ]
    assert _push(http, running, first_b["token"], [_event(f"{AGENCY}-250715-1001", 1)]) == [
        ("accepted", "")
    ]
    # Another agency numbers its counters on its own.
    r = _enroll(http, running, str(uuid.uuid4()), "000.00.77.H26")
    assert r.status_code == 200 and r.json()["slot"] == 0


def test_an_agency_has_ten_slots_and_the_eleventh_counter_is_refused(
    running: HubProcess, http: requests.Session
) -> None:
    slots = [_enrolled(http, running, str(uuid.uuid4()))["slot"] for _ in range(10)]
    assert sorted(slots) == list(range(10))
    refused = _enroll(http, running, str(uuid.uuid4()))
    assert refused.status_code == 409
    assert "không còn số quầy trống" in refused.json()["detail"]
    # A bad device uid is refused before the code is spent.
    bad = http.post(
        f"{running.url}/api/v1/enroll",
        timeout=TIMEOUT,
        json={"code": issue_code(running.db_url), "counter_name": "x", "device_uid": "a b"},
    )
    assert bad.status_code == 400


def test_another_counters_dossier_cannot_be_written(
    running: HubProcess, http: requests.Session
) -> None:
    a = _enrolled(http, running, str(uuid.uuid4()))
    b = _enrolled(http, running, str(uuid.uuid4()))
    code = f"{AGENCY}-250715-0001"
    assert _push(http, running, a["token"], [_event(code, 1)]) == [("accepted", "")]
    # B pushes version 99 of A's dossier (issue 10, item 3), and a dossier of its own.
    [(result, reason), mine] = _push(
        http,
        running,
        b["token"],
        [_event(code, 99, "Người khác"), _event(f"{AGENCY}-250715-1001", 1)],
    )
    assert result == "rejected"
    assert reason.startswith("not_owner:") and "quầy khác" in reason
    assert mine == ("accepted", "")
    row = hub_rows(
        running.db_url, f"SELECT version, snapshot FROM hub_dossier WHERE code = '{code}'"
    )
    assert row[0][0] == 1 and "Nguyễn Văn An" in row[0][1] and "Người khác" not in row[0][1]
    # B's refused event is not stored; A still writes its own dossier.
    assert (
        hub_rows(running.db_url, f"SELECT count(*) FROM hub_event WHERE dossier_code = '{code}'")[
            0
        ][0]
        == 1
    )
    assert _push(http, running, a["token"], [_event(code, 2)]) == [("accepted", "")]


def test_a_dossier_stored_before_ownership_was_kept_belongs_to_its_first_sender(
    running: HubProcess, http: requests.Session
) -> None:
    uid_a = str(uuid.uuid4())
    a = _enrolled(http, running, uid_a)
    b = _enrolled(http, running, None)  # an older counter: no device uid
    code = f"{AGENCY}-250715-0005"
    assert _push(http, running, a["token"], [_event(code, 1)]) == [("accepted", "")]
    hub_rows(running.db_url, "DELETE FROM hub_code_owner")  # a hub database of before
    [(result, _reason)] = _push(http, running, b["token"], [_event(code, 7)])
    assert result == "rejected"
    # A, enrolled again with the same device uid, still owns it.
    again = _enrolled(http, running, uid_a)
    assert _push(http, running, again["token"], [_event(code, 3)]) == [("accepted", "")]
    assert (
        hub_rows(running.db_url, f"SELECT version FROM hub_dossier WHERE code = '{code}'")[0][0]
        == 3
    )


def test_a_counter_enrolled_without_a_uid_is_that_counter_when_it_sends_its_device_id(
    running: HubProcess, http: requests.Session
) -> None:
    old = _enrolled(http, running, None)  # an older counter: no device uid
    code = f"{AGENCY}-250715-0009"
    assert _push(http, running, old["token"], [_event(code, 1)]) == [("accepted", "")]
    # Upgraded, it sends its hub device id as its uid (app.services.identity.device_uid).
    new = _enrolled(http, running, old["device_id"])
    assert _push_raw(http, running, old["token"], [_event(code, 2)]).status_code == 401
    assert _push(http, running, new["token"], [_event(code, 2)]) == [("accepted", "")]


def test_counters_enrolling_at_once_never_share_a_slot_nor_a_code(running: HubProcess) -> None:
    from concurrent.futures import ThreadPoolExecutor

    codes = [issue_code(running.db_url) for _ in range(8)]

    def enroll_one(code: str) -> dict[str, Any]:
        with requests.Session() as http:
            r = http.post(
                f"{running.url}/api/v1/enroll",
                timeout=TIMEOUT,
                json={"code": code, "counter_name": "Quầy", "device_uid": str(uuid.uuid4())},
            )
            assert r.status_code == 200, r.text
            return dict(r.json())

    with ThreadPoolExecutor(8) as pool:
        devices = list(pool.map(enroll_one, codes))
    assert sorted(d["slot"] for d in devices) == list(range(8))
    # Every one of them delivers the same new code at once: exactly one owns it.
    code = f"{AGENCY}-250716-0001"

    def push_one(device: dict[str, Any]) -> str:
        with requests.Session() as http:
            [(result, _)] = _push(
                http, running, device["token"], [_event(code, 1, device["device_id"])]
            )
            return result

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(push_one, devices))
    assert sorted(results) == ["accepted"] + ["rejected"] * 7
    [(owner_device,)] = hub_rows(
        running.db_url, f"SELECT device_id FROM hub_code_owner WHERE code = '{code}'"
    )
    winner = devices[results.index("accepted")]
    assert owner_device == winner["device_id"]
    [(snapshot,)] = hub_rows(
        running.db_url, f"SELECT snapshot FROM hub_dossier WHERE code = '{code}'"
    )
    assert winner["device_id"] in snapshot
