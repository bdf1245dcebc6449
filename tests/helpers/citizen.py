"""Helpers of the status page and notification tests (and bench/bench_status_page.py):
dossiers pushed to a real hub through its own API, and readers of the page over plain
HTTP from many loopback addresses (127.0.0.0/8 is all loopback on Linux, so 200 readers
are 200 clients to the hub's per-client limit, as 200 phones would be)."""

from __future__ import annotations

import http.client
import json
import statistics
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import requests

from app.sync.protocol import envelope_json, payload_hash, push_body
from tests.helpers.hub import HubProcess

AGENCY = "000.00.31.H26"
TIMEOUT = (3, 30)


def enroll(hub: HubProcess, agency: str = AGENCY) -> str:
    """A device token for ``agency`` (a real enrollment through the API)."""
    code = hub.enrolment_code(agency)
    r = requests.post(
        f"{hub.url}/api/v1/enroll", json={"code": code, "counter_name": "Quầy 1"}, timeout=TIMEOUT
    )
    assert r.status_code == 200, r.text
    return str(r.json()["token"])


def dossier(code: str, id_number: str, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "MaHoSo": code,
        "MaTTHC": "1.001193",
        "TenTTHC": "Đăng ký khai sinh",
        "TrangThaiHoSo": 2,
        "NgayTiepNhan": "20261201090500",
        "NgayHenTra": "20261204170000",
        "ChuHoSo": "Nguyễn Văn An",
        "SoGiayToChuHoSo": id_number,
        "DiaChiChuHoSo": "Số 5 phố Hàng Bạc, Hoàn Kiếm",
        "SoDienThoai": "0912345678",
        "DinhDanhCHS": [{"LoaiDinhDanh": 1, "SoDinhDanh": id_number}],
        "DanhSachLePhi": [],
        "QuaTrinhXuLy": [],
    }
    base.update(fields)
    return base


def event(record: dict[str, Any], version: int = 1) -> str:
    payload = {"version": version, "dossier": record}
    return envelope_json(
        event_id=str(uuid.uuid4()),
        kind="dossier.upsert",
        dossier_code=record["MaHoSo"],
        created_at="20261201090500",
        payload_hash=payload_hash(payload),
        payload_json=json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
    )


def push(hub: HubProcess, token: str, events: list[str]) -> dict[str, str]:
    r = requests.post(
        f"{hub.url}/api/v1/events",
        data=push_body(events),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        timeout=TIMEOUT,
    )
    assert r.status_code == 200, r.text
    return {x["event_id"]: x["result"] for x in r.json()["results"]}


def code_of(n: int, slot: int = 1) -> str:
    """The n-th code (n from 0 to 27,999): 1,000 a day in December 2026, in ``slot``."""
    return f"{AGENCY}-2612{1 + n // 1000:02d}-{slot}{n % 1000:03d}"


def id_of(n: int) -> str:
    return f"001{n:09d}"


def seed(hub: HubProcess, count: int, token: str | None = None) -> list[tuple[str, str]]:
    """``count`` dossiers on the hub; their (code, ID number)."""
    token = token or enroll(hub)
    pairs = [(code_of(i), id_of(i)) for i in range(1, count + 1)]
    for start in range(0, len(pairs), 500):
        chunk = pairs[start : start + 500]
        results = push(hub, token, [event(dossier(c, n)) for c, n in chunk])
        refused = [r for r in results.values() if r != "accepted"]
        assert not refused, f"{len(refused)} refused: {refused[:3]}"
    return pairs


def post_lookup(
    base: str, code: str, id_number: str, *, source: str = "127.0.0.1", lang: str = "vi"
) -> tuple[int, str, dict[str, str]]:
    """POST /tra-cuu from loopback address ``source``: (status, body text, headers)."""
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10, source_address=(source, 0))
    try:
        body = urlencode({"ma": code, "so": id_number, "lang": lang})
        conn.request(
            "POST",
            "/tra-cuu",
            body=body,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        resp = conn.getresponse()
        return resp.status, resp.read().decode("utf-8"), dict(resp.getheaders())
    finally:
        conn.close()


@dataclass(frozen=True)
class LoadFigures:
    readers: int
    requests: int
    errors: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    seconds: float

    def line(self, name: str) -> str:
        return (
            f"{name}_readers={self.readers} {name}_requests={self.requests} "
            f"{name}_errors={self.errors} {name}_p50={self.p50_ms:.1f} ms "
            f"{name}_p95={self.p95_ms:.1f} ms {name}_max={self.max_ms:.1f} ms "
            f"{name}_rate={self.requests / self.seconds:.0f} req/s"
        )


def load(
    base: str,
    pairs: list[tuple[str, str]],
    *,
    readers: int = 200,
    rounds: int = 5,
    think: float = 1.0,
    burst: bool = False,
    first_octet: int = 0,
) -> LoadFigures:
    """``readers`` concurrent readers, each on its own connection from its own loopback
    address, all active at once: each opens the page (GET, what the QR opens), takes
    ``think`` seconds to type the ID number, submits it (POST), reads for ``think``
    seconds, ``rounds`` times. They start spread over the first ``think`` seconds, as
    people do; ``burst`` starts them all at the same instant and drops the pauses (the
    worst case, reported apart). Every request is timed; an answer that is not the
    dossier's page counts as an error. Reader i's address is 127.first_octet.x.y."""
    host, port = base.removeprefix("http://").split(":")
    times: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    start_line = threading.Barrier(readers)

    def pause(seconds: float) -> None:
        if not burst:
            time.sleep(seconds)

    def reader(i: int) -> None:
        code, id_number = pairs[i % len(pairs)]
        source = f"127.{first_octet}.{1 + i // 250}.{1 + i % 250}"
        conn = http.client.HTTPConnection(host, int(port), timeout=10, source_address=(source, 0))
        mine: list[float] = []
        jitter = 0.75 + 0.5 * ((i * 37) % 100) / 100  # 0.75 to 1.25 of ``think``
        try:
            start_line.wait(30)
            pause(think * i / readers)
            for _ in range(rounds):
                t0 = time.perf_counter()
                conn.request("GET", f"/tra-cuu?ma={code}")
                resp = conn.getresponse()
                resp.read()
                mine.append(time.perf_counter() - t0)
                if resp.status != 200:
                    raise AssertionError(f"GET {resp.status}")
                pause(think * jitter)
                t0 = time.perf_counter()
                conn.request(
                    "POST",
                    "/tra-cuu",
                    body=urlencode({"ma": code, "so": id_number}),
                    headers={"Content-Type": "application/x-www-form-urlencoded"},
                )
                resp = conn.getresponse()
                text = resp.read().decode("utf-8")
                mine.append(time.perf_counter() - t0)
                if resp.status != 200 or code not in text:
                    raise AssertionError(f"POST {resp.status}")
                pause(think * jitter)
        except Exception as exc:  # noqa: BLE001  (every failure of a reader is counted)
            with lock:
                errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            conn.close()
            with lock:
                times.extend(mine)

    threads = [threading.Thread(target=reader, args=(i,), daemon=True) for i in range(readers)]
    t_start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    seconds = time.perf_counter() - t_start
    ms = sorted(x * 1000 for x in times)
    if not ms:
        ms = [0.0]
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    return LoadFigures(
        readers=readers,
        requests=len(times),
        errors=len(errors),
        p50_ms=statistics.median(ms),
        p95_ms=p95,
        max_ms=ms[-1],
        seconds=seconds,
    )
