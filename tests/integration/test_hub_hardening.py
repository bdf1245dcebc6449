"""Hostile and broken requests against the reference hub (issue 11), mostly against the hub
as a real process on 127.0.0.1: bodies bounded while they stream, deep nesting and odd
digits answered 400, one bad event rejected alone, size caps per event and per field, the
enrollment throttle and lock-out, and ``hub-admin --json``."""

from __future__ import annotations

import hashlib
import json
import select
import socket
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests
from sync_helpers import AGENCY, HubProcess, hub_admin, issue_code

from app.sync.protocol import (
    MAX_EVENT_PAYLOAD_BYTES,
    TEXT_CAPS,
    canonical_json,
    envelope_json,
    push_body,
    text_hash,
)
from hub.limits import ENROLL_BURST, ENROLL_MAX_FAILURES, MAX_OPEN_BODY, MAX_PUSH_BODY, EnrollGuard
from tests.helpers.hub import hub_rows

TIMEOUT = (3, 20)
MiB = 1024 * 1024


def _enroll(http: requests.Session, hub: HubProcess) -> str:
    r = http.post(
        f"{hub.url}/api/v1/enroll",
        timeout=TIMEOUT,
        json={"code": issue_code(hub.db_url), "counter_name": "Quầy 1"},
    )
    assert r.status_code == 200, r.text
    return str(r.json()["token"])


def _dossier(code: str, **fields: Any) -> dict[str, Any]:
    return {
        "MaHoSo": code,
        "MaTTHC": "1.001193",
        "TrangThaiHoSo": 2,
        "NgayTiepNhan": "20250715140500",
        "NgayHenTra": "20250718170000",
        "ChuHoSo": "Nguyễn Văn An",
        **fields,
    }


def _envelope(
    code: str, *, payload_text: str | None = None, version: int = 1, **fields: Any
) -> str:
    text_ = (
        payload_text
        if payload_text is not None
        else canonical_json({"version": version, "dossier": _dossier(code, **fields)})
    )
    return envelope_json(
        event_id=str(uuid.uuid4()),
        kind="dossier.upsert",
        dossier_code=code,
        created_at="20250715140500",
        payload_hash=text_hash(text_),
        payload_json=text_,
    )


def _surrogate_envelope(code: str) -> str:
    """An envelope whose payload text holds a lone surrogate (sent as a \\ud800 escape)."""
    text_ = canonical_json({"version": 1, "dossier": _dossier(code)}).replace("Văn", "V\ud800n")
    digest = hashlib.sha256(text_.encode("utf-8", "surrogatepass")).hexdigest()
    return json.dumps(
        {
            "event_id": str(uuid.uuid4()),
            "kind": "dossier.upsert",
            "dossier_code": code,
            "created_at": "20250715140500",
            "payload_hash": digest,
            "payload": text_,
        }
    )


def _id(envelope: str) -> str:
    return str(json.loads(envelope)["event_id"])


def _push(
    http: requests.Session, hub: HubProcess, token: str, events: list[str]
) -> dict[str, tuple[str, str]]:
    r = http.post(
        f"{hub.url}/api/v1/events",
        data=push_body(events),
        timeout=TIMEOUT,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    assert r.status_code == 200, r.text
    return {x["event_id"]: (x["result"], x["reason"]) for x in r.json()["results"]}


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def _read_answer(sock: socket.socket, deadline: float) -> bytes:
    """What the hub answered on ``sock``, up to the end of the body or of the stream."""
    data = b""
    while time.monotonic() < deadline:
        readable, _, _ = select.select([sock], [], [], 0.5)
        if not readable:
            continue
        try:
            got = sock.recv(65536)
        except (ConnectionResetError, BlockingIOError):
            break
        if not got:
            break
        data += got
        head, sep, body = data.partition(b"\r\n\r\n")
        if sep:
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length" and len(body) >= int(value):
                    return data
    return data


def _stream_chunked(
    port: int,
    path: str,
    total: int,
    *,
    headers: dict[str, str] | None = None,
    piece: int = 256 * 1024,
    timeout: float = 60.0,
) -> tuple[int, int, Any]:
    """POST a chunked body (no Content-Length) of up to ``total`` bytes, piece by piece, and
    stop sending as soon as the hub answers: (status, bytes of body sent, JSON answer)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    try:
        head = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
        sock.sendall(
            (
                f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked"
                f"\r\nContent-Type: application/json\r\n{head}\r\n"
            ).encode()
        )
        sock.setblocking(False)
        chunk = f"{piece:x}\r\n".encode() + b"[" * piece + b"\r\n"
        sent, pending = 0, memoryview(b"")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            readable, writable, _ = select.select([sock], [sock] if sent < total else [], [], 0.5)
            if readable:
                break  # the hub answered: stop sending
            if writable:
                if not pending:
                    pending = memoryview(chunk)
                try:
                    n = sock.send(pending)
                except (BrokenPipeError, ConnectionResetError):
                    break
                pending = pending[n:]
                if not pending:
                    sent += piece
        answer = _read_answer(sock, deadline)
    finally:
        sock.close()
    status_line, _, rest = answer.partition(b"\r\n")
    assert status_line.startswith(b"HTTP/1.1 "), answer[:200]
    body = rest.partition(b"\r\n\r\n")[2]
    return int(status_line.split()[1]), sent, json.loads(body) if body else None


# --- bodies bounded while they stream ------------------------------------------------------


def test_oversize_bodies_are_cut_off_while_they_stream(
    hub: HubProcess, http: requests.Session
) -> None:
    assert hub.proc is not None
    token = _enroll(http, hub)
    before = _rss_kib(hub.proc.pid)
    # Unauthenticated, chunked (no Content-Length): 413 after the small bound, long before
    # the 96 MiB the client was ready to send; the hub never held the body.
    status, sent, answer = _stream_chunked(hub.port, "/api/v1/enroll", 96 * MiB)
    assert status == 413 and answer["detail"], answer
    assert sent < 16 * MiB, sent
    # Authenticated push, chunked: the large bound holds as well.
    status, sent, answer = _stream_chunked(
        hub.port, "/api/v1/events", 96 * MiB, headers={"Authorization": f"Bearer {token}"}
    )
    assert status == 413 and answer["detail"], answer
    assert MAX_PUSH_BODY <= sent < 48 * MiB, sent
    grown = _rss_kib(hub.proc.pid) - before
    print(f"hub VmRSS {before} KiB -> {before + grown} KiB")
    assert grown < 40 * 1024, f"the hub grew by {grown} KiB"
    # A declared Content-Length past the bound is refused before any of the body is sent.
    with socket.create_connection(("127.0.0.1", hub.port), timeout=10) as sock:
        sock.sendall(
            b"POST /api/v1/enroll HTTP/1.1\r\nHost: x\r\nContent-Type: "
            b"application/json\r\nContent-Length: 52428800\r\n\r\n"
        )
        raw = _read_answer(sock, time.monotonic() + 10)
    assert raw.startswith(b"HTTP/1.1 413"), raw[:200]
    # A small enroll body and an ordinary batch still pass, on the same hub.
    r = http.post(f"{hub.url}/api/v1/enroll", data=b"x" * (MAX_OPEN_BODY + 1), timeout=TIMEOUT)
    assert r.status_code == 413
    events = [_envelope(f"{AGENCY}-250716-{1000 + i:04d}") for i in range(1, 301)]
    assert {v for v, _ in _push(http, hub, token, events).values()} == {"accepted"}
    assert hub.proc.poll() is None


# --- deep nesting, odd digits, one bad event alone ----------------------------------------


def test_hostile_json_is_400_and_a_bad_event_is_rejected_alone(
    hub_factory: Callable[..., HubProcess], hub_db_url: str, http: requests.Session
) -> None:
    hub = hub_factory(hub_db_url)
    token = _enroll(http, hub)
    auth = {"Authorization": f"Bearer {token}"}
    # (The open /enroll takes at most 16 KiB: 10,000 levels there, 100,000 on the push.)
    for path, headers, depth in (("/api/v1/enroll", {}, 10_000), ("/api/v1/events", auth, 100_000)):
        r = http.post(f"{hub.url}{path}", data=b"[" * depth, headers=headers, timeout=TIMEOUT)
        assert r.status_code == 400 and "nested" in r.json()["detail"], (path, r.text)
    for query in ({"limit": "²"}, {"limit": "١٠"}, {"cursor": "²"}, {"cursor": "１"}):
        r = http.get(f"{hub.url}/api/v1/changes", params=query, headers=auth, timeout=TIMEOUT)
        assert r.status_code == 400 and r.json()["detail"], (query, r.text)
    for slot in ("²", "١", "５"):  # a digit to str.isdigit, not to int(): was a 500
        r = http.get(
            f"{hub.url}/api/v1/codes/highest", params={"slot": slot}, headers=auth, timeout=TIMEOUT
        )
        assert r.status_code == 400 and r.json()["detail"], (slot, r.text)
    # A code spelt in full-width or Arabic-Indic digits is not a dossier code.
    for odd in (f"{AGENCY}-２５０７１５-１００１", f"{AGENCY}-٢٥٠٧١٥-١٠٠١"):
        r = http.post(
            f"{hub.url}/api/v1/events",
            headers=auth,
            timeout=TIMEOUT,
            json={
                "events": [{**json.loads(_envelope(f"{AGENCY}-250715-1001")), "dossier_code": odd}]
            },
        )
        [answer] = r.json()["results"]
        assert answer["result"] == "rejected" and "dossier_code" in answer["reason"], answer

    code = f"{AGENCY}-250715-{{:04d}}".format
    good_1, good_2 = _envelope(code(1001)), _envelope(code(1002))
    bad = {
        "nested payload": _envelope(code(1003), payload_text="[" * 100_000),
        "nested field": _envelope(code(1004), ChuHoSo={"a": [[["x"]]]}),
        "NUL": _envelope(
            code(1005),
            payload_text=canonical_json({"version": 1, "dossier": _dossier(code(1005))}).replace(
                "Văn", "V\x00n"
            ),
        ),
        "surrogate": _surrogate_envelope(code(1006)),
        "huge version": _envelope(code(1007), version=2**40),
        "bool status": _envelope(code(1008), TrangThaiHoSo=True),
    }
    answer = _push(http, hub, token, [good_1, *bad.values(), good_2])
    assert answer[_id(good_1)] == ("accepted", "") and answer[_id(good_2)] == ("accepted", "")
    for what, envelope in bad.items():
        result, reason = answer[_id(envelope)]
        assert result == "rejected" and reason.startswith("invalid event"), (what, reason)
    assert "nested too deeply" in answer[_id(bad["nested payload"])][1]
    stored = hub_rows(hub.db_url, "SELECT dossier_code FROM hub_event ORDER BY dossier_code")
    assert [r[0] for r in stored] == [code(1001), code(1002)]
    assert hub.proc is not None and hub.proc.poll() is None


def test_each_event_and_each_field_is_capped(hub: HubProcess, http: requests.Session) -> None:
    token = _enroll(http, hub)
    code = f"{AGENCY}-250717-{{:04d}}".format
    name_cap, address_cap = TEXT_CAPS["ChuHoSo"], TEXT_CAPS["DiaChiChuHoSo"]
    fits = _envelope(
        code(1001),
        ChuHoSo="Nguyễn " * (name_cap // 7),
        DiaChiChuHoSo="x" * address_cap,
        QuaTrinhXuLy=[{"TrangThai": 2, "NoiDungXuLy": "Tiếp nhận"}] * 20,
    )
    long_name = _envelope(code(1002), ChuHoSo="N" * (name_cap + 1))
    long_note = _envelope(code(1003), GhiChu="ghi chú " * 1000)
    many_docs = _envelope(code(1004), TaiLieuNop=[{"TenTepDinhKem": "a"}] * 501)
    big = _envelope(
        code(1005), QuaTrinhXuLy=[{"NoiDungXuLy": "y" * 1999}] * (MAX_EVENT_PAYLOAD_BYTES // 1900)
    )
    answer = _push(http, hub, token, [fits, long_name, long_note, many_docs, big])
    assert answer[_id(fits)] == ("accepted", "")
    assert "ChuHoSo longer than 200" in answer[_id(long_name)][1]
    assert "GhiChu longer than 2000" in answer[_id(long_note)][1]
    assert "TaiLieuNop has more than 500" in answer[_id(many_docs)][1]
    assert f"larger than {MAX_EVENT_PAYLOAD_BYTES}" in answer[_id(big)][1]
    assert all(answer[_id(e)][0] == "rejected" for e in (long_name, long_note, many_docs, big))
    # The 40 MB name of the report never reaches the store: the body is over the bound.
    huge = _envelope(code(1006), ChuHoSo="N" * (40 * MiB))
    r = http.post(
        f"{hub.url}/api/v1/events",
        data=push_body([huge]),
        timeout=TIMEOUT,
        headers={"Authorization": f"Bearer {token}"},
    )
    assert r.status_code == 413 and r.json()["detail"]
    longest = hub_rows(hub.db_url, "SELECT max(length(payload)) FROM hub_event")[0][0]
    assert longest < MAX_EVENT_PAYLOAD_BYTES


# --- enrollment throttle and lock-out ------------------------------------------------------


def test_wrong_enrollment_codes_lock_the_client_out(
    hub: HubProcess, http: requests.Session
) -> None:
    # A few real enrollments from one address pass (the burst is ENROLL_BURST) ...
    for _ in range(3):
        _enroll(http, hub)
    assert ENROLL_BURST - 3 >= ENROLL_MAX_FAILURES
    good = issue_code(hub.db_url)
    statuses: list[int] = []
    retry_after: list[int] = []
    started = time.monotonic()
    for i in range(60):
        r = http.post(
            f"{hub.url}/api/v1/enroll",
            timeout=TIMEOUT,
            json={"code": f"WRONG-{i:05d}", "counter_name": "Quầy 1"},
        )
        statuses.append(r.status_code)
        assert r.json()["detail"]
        if r.status_code == 429:
            retry_after.append(int(r.headers["Retry-After"]))
    assert time.monotonic() - started < 30
    # ... but of 60 guesses, only the first few reached the code check; the rest were turned away.
    assert statuses[:ENROLL_MAX_FAILURES] == [403] * ENROLL_MAX_FAILURES
    assert statuses[ENROLL_MAX_FAILURES:] == [429] * (60 - ENROLL_MAX_FAILURES)
    assert min(retry_after) >= 1 and max(retry_after) <= 3600
    # Locked out, even the right code is refused from this address, and is not spent.
    r = http.post(
        f"{hub.url}/api/v1/enroll", json={"code": good, "counter_name": "Quầy 1"}, timeout=TIMEOUT
    )
    assert r.status_code == 429 and int(r.headers["Retry-After"]) >= 1
    assert hub_rows(hub.db_url, "SELECT count(*) FROM hub_device")[0][0] == 3
    assert (
        hub_rows(hub.db_url, "SELECT count(*) FROM hub_enroll_code WHERE used_at IS NULL")[0][0]
        == 1
    )


def test_the_enroll_guard_throttles_locks_out_and_stays_bounded() -> None:
    now = [1000.0]
    guard = EnrollGuard(
        burst=3,
        refill_seconds=10,
        max_failures=2,
        lockout_seconds=60,
        lockout_max_seconds=200,
        max_clients=50,
        clock=lambda: now[0],
    )
    # The rate: a burst, then one attempt per refill period.
    assert [guard.admit("a") for _ in range(3)] == [None] * 3
    assert guard.admit("a") == 10
    now[0] += 10
    assert guard.admit("a") is None and guard.admit("a") is not None
    # The lock-out: two wrong codes, 60 s; again, 120 s; capped at 200 s.
    for expected in (60, 120, 200, 200):
        now[0] += 1000
        assert guard.admit("b") is None
        guard.failed("b")
        guard.failed("b")
        assert guard.admit("b") == expected
        now[0] += expected - 1
        assert guard.admit("b") == 1
    # A success clears the record; other clients are never affected.
    now[0] += 1000
    guard.succeeded("b")
    guard.failed("b")
    assert guard.admit("b") is None and guard.admit("c") is None
    # A right code is no guess: an office enrolling many counters from one address goes on.
    for _ in range(3 * 4):
        assert guard.admit("office") is None
        guard.succeeded("office")
    # Bounded: the least recently seen addresses are forgotten first.
    for i in range(10_000):
        guard.admit(f"10.0.{i // 256}.{i % 256}")
    assert len(guard) == 50


# --- hub-admin --json ----------------------------------------------------------------------


def test_every_hub_admin_command_takes_json(
    hub: HubProcess, http: requests.Session, tmp_path: Path
) -> None:
    url = hub.db_url

    def run(*args: str) -> dict[str, Any]:
        done = hub_admin(url, *args, "--json")
        lines = done.stdout.strip().splitlines()
        assert len(lines) == 1, done.stdout
        obj = json.loads(lines[0])
        assert isinstance(obj, dict)
        return obj

    made = json.loads(hub_admin(url, "code", "--agency", AGENCY, "--json", separate=True).stdout)
    assert made["agency_code"] == AGENCY and len(made["code"]) == 11
    r = http.post(
        f"{hub.url}/api/v1/enroll",
        json={"code": made["code"], "counter_name": "Q"},
        timeout=TIMEOUT,
    )
    device = r.json()
    dossier = f"{AGENCY}-250718-1001"
    _push(http, hub, device["token"], [_envelope(dossier)])
    moved = run("advance", dossier, "--to", "processing")
    assert (moved["code"], moved["from"], moved["to"]) == (dossier, 2, 4)
    assert run("stats") == {"events": 1, "dossiers": 1, "duplicates_refused": 0, "conflicts": 0}
    day = run("calendar", "--agency", AGENCY, "--day", "2025-08-30", "--off")
    assert day == {"agency_code": AGENCY, "day": "2025-08-30", "working": False, "note": ""}
    proc = tmp_path / "proc.json"
    proc.write_text(json.dumps({"code": "9.999001", "name": "Thủ tục thử"}), encoding="utf-8")
    assert run("procedure", "--agency", AGENCY, "--file", str(proc))["procedures"] == 1
    assert run("procedure", "--agency", AGENCY, str(proc))["procedures"] == 1
    # The older spelling "--json FILE" still reads FILE (and now prints JSON).
    older = hub_admin(url, "procedure", "--agency", AGENCY, "--json", str(proc))
    assert json.loads(older.stdout)["procedures"] == 1
    assert run("revoke", device["device_id"]) == {"device_id": device["device_id"], "revoked": True}
    # Errors still go to stderr with exit status 2, also with --json.
    bad = hub_admin(url, "revoke", "no-such-device", "--json", check=False)
    assert bad.returncode == 2 and bad.stdout == "" and "no-such-device" in bad.stderr
    nested = tmp_path / "nested.json"
    nested.write_text("[" * 100_000, encoding="utf-8")
    deep = hub_admin(
        url, "procedure", "--agency", AGENCY, "--file", str(nested), "--json", check=False
    )
    assert deep.returncode == 2 and deep.stderr


def test_a_back_office_calendar_day_outside_the_code_years_is_refused(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    for day in ("9999-12-31", "0001-01-01", "2100-01-01"):
        done = hub_admin(db_url, "calendar", "--agency", AGENCY, "--day", day, "--off", check=False)
        assert done.returncode == 2 and "2000-2099" in done.stderr, (day, done.stderr)
    hub_admin(db_url, "calendar", "--agency", AGENCY, "--day", "2099-12-31", "--off")
    # Only the last one goes out in the change feed.
    assert hub_rows(db_url, "SELECT count(*) FROM hub_change") == [(1,)]
