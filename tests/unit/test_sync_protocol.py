"""The wire contract: shapes both sides check, hashing, wire times."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.dossier import VN_TZ
from app.store import outbox
from app.sync import mapping
from app.sync.protocol import (
    ProtocolError,
    canonical_json,
    check_cursor,
    envelope_json,
    parse_changes_page,
    parse_enrollment,
    parse_health,
    parse_push_answer,
    parse_wire_time,
    payload_hash,
    push_body,
    text_hash,
    validate_change,
    validate_envelope,
    validate_procedure_entry,
    wire_time,
)

CODE = "000.00.31.H26-250715-1001"
NOW = "20250715140500"

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.text(max_size=20)
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


def _payload(**dossier: Any) -> dict[str, Any]:
    base = {"MaHoSo": CODE, "TrangThaiHoSo": 2, "NgayTiepNhan": NOW, "NgayHenTra": ""}
    return {"version": 1, "dossier": {**base, **dossier}}


def _envelope(payload: Any = None, **over: Any) -> dict[str, Any]:
    """A pushed event; ``payload`` an object (sent as canonical text) or the text itself."""
    p = _payload() if payload is None else payload
    text = p if isinstance(p, str) else canonical_json(p)
    env = {
        "event_id": str(uuid.uuid4()),
        "kind": "dossier.upsert",
        "dossier_code": CODE,
        "created_at": NOW,
        "payload_hash": text_hash(text),
        "payload": text,
    }
    env.update(over)
    return env


@given(
    st.datetimes(
        min_value=datetime(2000, 1, 1),
        max_value=datetime(2099, 12, 31),
        timezones=st.sampled_from([UTC, VN_TZ, timezone(timedelta(hours=-5))]),
    )
)
def test_wire_time_round_trips_to_the_second(moment: datetime) -> None:
    text = wire_time(moment)
    assert len(text) == 14 and text.isdigit()
    back = parse_wire_time(text)
    assert back is not None and abs((back - moment).total_seconds()) < 1
    assert mapping.wire_time(moment) == text  # the mapping keeps its name for the old callers


def test_wire_time_edges() -> None:
    assert wire_time(None) == "" and parse_wire_time("") is None
    assert wire_time(datetime(2025, 7, 15, 7, 5, tzinfo=UTC)) == "20250715140500"
    for bad in ("2025-07-15", "2025071514050", "20251315140500", "abcdefghijklmn"):
        with pytest.raises(ValueError):
            parse_wire_time(bad)


@given(st.dictionaries(st.text(max_size=10), json_values, max_size=6))
def test_both_sides_hash_the_same_canonical_json(payload: dict[str, Any]) -> None:
    # The counter hashes with app.store.outbox, the hub with app.sync.protocol.
    assert canonical_json(payload) == outbox.canonical_json(payload)
    assert payload_hash(payload) == outbox.payload_hash(payload)
    # A JSON round trip (what the hub receives) keeps the hash.
    assert payload_hash(json.loads(canonical_json(payload))) == payload_hash(payload)


def test_an_envelope_built_from_stored_text_is_valid_json_and_passes() -> None:
    p = _payload(ChuHoSo="Nguyễn Thị Ánh")
    text = envelope_json(
        event_id=str(uuid.uuid4()),
        kind="dossier.upsert",
        dossier_code=CODE,
        created_at=NOW,
        payload_hash=payload_hash(p),
        payload_json=canonical_json(p),
    )
    body = json.loads(push_body([text, text]).decode("utf-8"))
    assert len(body["events"]) == 2
    checked = validate_envelope(body["events"][0])
    assert checked.envelope["payload"] == canonical_json(p)  # the stored text, verbatim
    assert checked.payload["dossier"]["ChuHoSo"] == "Nguyễn Thị Ánh"


@pytest.mark.parametrize(
    "payload, change, reason",
    [
        (None, {"event_id": "not-a-uuid"}, "UUID"),
        (None, {"kind": "dossier.delete"}, "kind"),
        (None, {"dossier_code": "ABC"}, "dossier_code"),
        (None, {"created_at": "yesterday"}, "created_at"),
        (None, {"payload_hash": "XYZ"}, "payload_hash is not"),
        (None, {"payload_hash": "0" * 64}, "does not match"),
        ({"version": 1}, {"payload_hash": "0" * 64}, "does not match"),
        ("{not json", {}, "not valid JSON"),
        ("[1, 2]", {}, "not an object"),
        ({"version": True, "dossier": {}}, {}, "version"),
        ({"version": 0, "dossier": {}}, {}, "version"),
        ({"version": 1, "dossier": "x"}, {}, "dossier"),
        (_payload(MaHoSo="000.00.31.H26-250715-1002"), {}, "MaHoSo"),
        (_payload(TrangThaiHoSo=11), {}, "TrangThaiHoSo"),
        (_payload(NgayTiepNhan=""), {}, "NgayTiepNhan"),
        (_payload(NgayHenTra="15/07/2025"), {}, "NgayHenTra"),
    ],
)
def test_an_invalid_event_is_refused_with_a_reason(
    payload: Any, change: dict[str, Any], reason: str
) -> None:
    with pytest.raises(ProtocolError, match=reason):
        validate_envelope(_envelope(payload, **change))


def test_a_payload_object_instead_of_its_text_is_refused() -> None:
    env = _envelope()
    env["payload"] = json.loads(env["payload"])
    with pytest.raises(ProtocolError, match="payload is not JSON text"):
        validate_envelope(env)


def test_the_hash_covers_the_exact_bytes_sent() -> None:
    p = _payload(ChuHoSo="Lê Văn Ước")
    checked = validate_envelope(_envelope(p))
    assert checked.payload == p
    assert checked.envelope["payload_hash"] == payload_hash(p) == outbox.payload_hash(p)
    # Same content, other bytes (key order, spaces): another hash, so the hub would answer
    # a conflict, never a silent duplicate; the counter always sends what it stored.
    other = json.dumps(p, ensure_ascii=False)
    assert text_hash(other) != payload_hash(p)


@pytest.mark.parametrize(
    "answer",
    [
        "<html>Đăng nhập Wi-Fi</html>",
        None,
        [],
        {},
        {"results": {}},
        {"results": [], "server_time": "soon"},
        {"results": [{"event_id": "a", "result": "ok"}], "server_time": NOW},
        {"results": [{"result": "accepted"}], "server_time": NOW},
        {"results": ["accepted"], "server_time": NOW},
        {"results": [{"event_id": "a", "result": "accepted", "reason": 5}], "server_time": NOW},
    ],
)
def test_a_push_answer_of_the_wrong_shape_is_not_success(answer: Any) -> None:
    with pytest.raises(ProtocolError):
        parse_push_answer(answer)


def test_a_push_answer_by_event_id() -> None:
    got = parse_push_answer(
        {
            "results": [
                {"event_id": "a", "result": "accepted", "reason": ""},
                {"event_id": "b", "result": "rejected", "reason": "conflict: x"},
                {"event_id": "c", "result": "duplicate"},
            ],
            "server_time": NOW,
        }
    )
    assert {k: v["result"] for k, v in got.results.items()} == {
        "a": "accepted",
        "b": "rejected",
        "c": "duplicate",
    }
    assert got.results["b"]["reason"] == "conflict: x"
    assert got.server_time == datetime(2025, 7, 15, 14, 5, tzinfo=VN_TZ)


def _change(kind: str, data: dict[str, Any], seq: int = 1) -> dict[str, Any]:
    return {"seq": seq, "kind": kind, "at": NOW, "data": data}


def test_the_change_feed_shapes() -> None:
    page = parse_changes_page(
        {
            "changes": [
                _change(
                    "dossier.status",
                    {"MaHoSo": CODE, "TrangThaiHoSo": 4, "GhiChu": "", "ThoiDiemXuLy": NOW},
                    1,
                ),
                _change("calendar.override", {"day": "2025-08-30", "working": True}, 2),
                _change("catalog.procedure", {"procedure": {"code": "1.1", "name": "X"}}, 3),
                _change("something.new", {}, 4),  # a newer hub's kind: passed on, skipped later
            ],
            "next_cursor": "4",
            "has_more": False,
            "server_time": NOW,
        }
    )
    assert [c["seq"] for c in page.changes] == [1, 2, 3, 4] and page.next_cursor == "4"
    for bad in (
        _change("dossier.status", {"MaHoSo": CODE, "TrangThaiHoSo": 0}),
        _change("dossier.status", {"MaHoSo": CODE, "TrangThaiHoSo": 4, "ThoiDiemXuLy": "x"}),
        _change("calendar.override", {"day": "30/08/2025", "working": True}),
        _change("calendar.override", {"day": "2025-08-30", "working": "yes"}),
        _change("catalog.procedure", {"procedure": {"code": "1.1"}}),
        {"seq": 0, "kind": "calendar.override", "at": NOW, "data": {}},
        {"seq": 1, "kind": "x", "at": NOW, "data": []},
    ):
        with pytest.raises(ProtocolError):
            validate_change(bad)
    for bad_page in (
        {"changes": [], "next_cursor": 5, "has_more": False, "server_time": NOW},
        {"changes": [], "next_cursor": "a", "has_more": False, "server_time": NOW},
        {"changes": [], "next_cursor": "", "has_more": "no", "server_time": NOW},
        {"changes": None, "next_cursor": "", "has_more": False, "server_time": NOW},
    ):
        with pytest.raises(ProtocolError):
            parse_changes_page(bad_page)


def test_procedure_entries_are_checked_before_they_reach_the_catalog() -> None:
    good = {
        "code": "1.001193",
        "name": "Đăng ký khai sinh",
        "processing": {"amount": 0.5, "unit": "day"},
        "cutoff": "15:00",
        "documents": [{"name": "Tờ khai", "originals": 1}],
        "fees": [{"name": "Lệ phí", "amount": 0}],
    }
    assert validate_procedure_entry(good) is good
    for patch in (
        {"processing": {"unit": "week"}},
        {"processing": {"amount": -1}},
        {"cutoff": "25:00"},
        {"documents": [{"originals": 1}]},
        {"fees": [{"name": "x", "amount": "5"}]},
        {"name": " "},
        {"code": "x" * 41},
    ):
        with pytest.raises(ProtocolError):
            validate_procedure_entry({**good, **patch})


def test_health_enrollment_and_cursor_shapes() -> None:
    assert parse_health({"status": "ok", "server_time": NOW}).year == 2025
    for bad in ({"status": "ok"}, {"status": "down", "server_time": NOW}, "ok"):
        with pytest.raises(ProtocolError):
            parse_health(bad)
    got = parse_enrollment({"token": "t" * 43, "device_id": "d", "agency_code": "A"})
    assert got.device_id == "d"
    with pytest.raises(ProtocolError):
        parse_enrollment({"token": "short", "device_id": "d", "agency_code": "A"})
    assert check_cursor("") == 0 and check_cursor("42") == 42
    for bad in ("-1", "1.5", "abc", "9" * 21):
        with pytest.raises(ProtocolError):
            check_cursor(bad)
