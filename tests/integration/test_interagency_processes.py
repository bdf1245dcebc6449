"""Issue 18 with every part a real process: the hub, counter A (the demo point) and counter
B (another ward) each run as their own OS process: the counters through the CLI
(``python main.py ... --data-dir``), their device tokens in a file keyring the processes
share with the test. A dossier received at A for B is routed, pulled at B, taken,
processed with a result, sent back and handed to the citizen at A, with the hub killed
(SIGKILL) and restarted on its database mid-way. Only B's first set-up (its service point
and the city's procedure catalog) is done in this process: no command creates a second
agency's counter."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pikepdf
from sync_helpers import HubProcess, hub_admin, issue_code, run_client

from app.domain.interagency import RouteState
from tests.helpers.interagency import A_CODE, A_NAME, B_CODE, B_NAME, open_body_b

PROC = "1.004222"


def _run(data: Path, ring: Path, *args: str) -> Any:
    done = run_client(data, ring, *args, "--json", timeout=120)
    assert done.returncode == 0, f"{args}: {done.stderr[-2000:]}"
    return json.loads(done.stdout) if done.stdout.strip() else None


def _sync(data: Path, ring: Path) -> None:
    out = _run(data, ring, "sync", "--once")
    assert out["outcome"] == "ok", out


def _route(data: Path, ring: Path, code: str) -> tuple[int, int]:
    shown = _run(data, ring, "show", code)
    return int(shown["status"]), int(shown["route_state"])


def test_two_counters_and_the_hub_as_processes(hub: HubProcess, tmp_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    ring = tmp_path / "keyring.json"
    a, b = tmp_path / "a", tmp_path / "b"
    done = run_client(a, ring, "demo", "--dossiers", "0")
    assert done.returncode == 0, done.stderr
    open_body_b(b, clock, demo=False).db.dispose()
    for code, name in ((A_CODE, A_NAME), (B_CODE, B_NAME)):
        hub_admin(hub.db_url, "agency", "add", code, "--name", name, "--kind", "commune")
    _run(a, ring, "enroll", "--hub", hub.url, "--code", issue_code(hub.db_url, A_CODE))
    _run(b, ring, "enroll", "--hub", hub.url, "--code", issue_code(hub.db_url, B_CODE))
    _sync(a, ring)  # brings A the city's catalog, B in it
    assert B_CODE in {x["code"] for x in _run(a, ring, "agencies")["agencies"]}

    got = _run(
        a, ring, "intake", "--procedure", PROC, "--name", "Lê Thị Hoa",
        "--id-number", "001190004321", "--for", B_CODE,
    )  # fmt: skip
    code = got["code"]
    assert code.startswith(f"{A_CODE}-") and got["competent_agency"] == B_CODE
    _sync(a, ring)
    assert _route(a, ring, code) == (2, int(RouteState.AWAITING))
    _sync(b, ring)
    incoming = _run(b, ring, "incoming")
    assert code in {row["code"] for row in incoming}
    _run(b, ring, "take", code, "--note", "Đã nhận hồ sơ giấy")
    hub.kill()  # SIGKILL while B's take waits in its outbox
    offline = run_client(b, ring, "sync", "--once", "--json")
    assert offline.returncode != 0 and json.loads(offline.stdout)["outcome"] == "offline"
    _run(b, ring, "advance", code, "--to", "4")
    hub.start()
    _sync(b, ring)
    _sync(a, ring)
    assert _route(a, ring, code) == (4, int(RouteState.PROCESSING))

    result = tmp_path / "kq.pdf"
    doc = pikepdf.new()
    doc.add_blank_page()
    doc.save(result)
    _run(b, ring, "result", code, "--attach", str(result))
    _run(b, ring, "advance", code, "--to", "9", "--note", "Đã giải quyết")
    _run(b, ring, "send-back", code)
    _sync(b, ring)
    _sync(a, ring)
    assert _route(a, ring, code) == (9, int(RouteState.RESULT_SENT_BACK))
    _run(a, ring, "handover-result", code, "--to", "applicant")
    _sync(a, ring)
    _sync(b, ring)
    assert _route(b, ring, code) == (10, int(RouteState.RETURNED))
    assert _route(a, ring, code) == (10, int(RouteState.RETURNED))
    stats = json.loads(hub_admin(hub.db_url, "stats", "--by-body", "--json").stdout)
    assert stats["city_total"] == 1
