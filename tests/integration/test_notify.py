"""Messages to the citizen: the hub as a real process queues one message per event and
chosen channel, sends it through the loopback gateway (tests/helpers/gateway.py, a process
of its own that records what it got), retries, and records delivery; never twice for one
event, never to a citizen who said no, nothing lost while the gateway is down."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sync_helpers import hub_admin

from tests.helpers import citizen as c
from tests.helpers.hub import ROOT, HubProcess, child_env, free_port

GATEWAY = str(ROOT / "tests" / "helpers" / "gateway.py")


class Gateway:
    def __init__(self, tmp_path: Path, *args: str, port: int | None = None) -> None:
        self.port = port or free_port()
        self.log = tmp_path / f"gateway-{self.port}.jsonl"
        self.args = args
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/send"

    def start(self) -> Gateway:
        self.proc = subprocess.Popen(
            [sys.executable, GATEWAY, "--port", str(self.port), "--log", str(self.log), *self.args]
        )
        import urllib.request

        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=0.5)  # noqa: S310
                return self
            except OSError:
                time.sleep(0.05)
        raise TimeoutError("gateway not ready")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)

    def lines(self) -> list[dict[str, Any]]:
        if not self.log.exists():
            return []
        return [json.loads(x) for x in self.log.read_text(encoding="utf-8").splitlines()]

    def sent(self) -> list[dict[str, Any]]:
        return [x for x in self.lines() if x["answer"] in ("sent", "hung")]


@pytest.fixture
def gateways(tmp_path: Path) -> Iterator[Callable[..., Gateway]]:
    started: list[Gateway] = []

    def start(*args: str, port: int | None = None) -> Gateway:
        g = Gateway(tmp_path, *args, port=port).start()
        started.append(g)
        return g

    yield start
    for g in started:
        g.stop()


@pytest.fixture
def notifying_hub(tmp_path: Path) -> Iterator[Callable[..., HubProcess]]:
    hubs: list[HubProcess] = []

    def start(gateway_url: str, db_url: str | None = None) -> HubProcess:
        env = child_env()
        env.update(
            MOTCUA_NOTIFY_GATEWAY=gateway_url,
            MOTCUA_NOTIFY_RETRY_BASE="0.2",
            MOTCUA_NOTIFY_TIMEOUT="1",
            MOTCUA_HUB_PUBLIC_URL="https://dichvucong.example.vn",
        )
        hub = HubProcess(
            db_url or f"sqlite:///{tmp_path / f'hub{len(hubs)}.db'}", tmp_path, env=env
        )
        hubs.append(hub)
        return hub.start()

    yield start
    for hub in hubs:
        hub.stop()


def _wait(cond: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


def _notices(hub: HubProcess, *args: str) -> list[dict[str, Any]]:
    return list(json.loads(hub_admin(hub.db_url, "notifications", "--json", *args).stdout))


def _consenting(code: str, number: str, **fields: Any) -> dict[str, Any]:
    wanted: dict[str, Any] = {
        "KenhThongBao": "sms,zalo,email",
        "Email": "an.nguyen@example.vn",
        "DonViXuLy": "UBND phường Hàng Bạc",
    }
    return c.dossier(code, number, **{**wanted, **fields})


def test_each_event_sends_one_message_per_chosen_channel_and_none_without_consent(
    gateways: Callable[..., Gateway], notifying_hub: Callable[..., HubProcess]
) -> None:
    gw = gateways()
    hub = notifying_hub(gw.url)
    token = c.enroll(hub)
    code, number = c.code_of(1), c.id_of(1)
    silent = c.code_of(2)
    first = c.event(_consenting(code, number))
    c.push(hub, token, [first, c.event(c.dossier(silent, c.id_of(2)))])
    _wait(lambda: len(gw.sent()) == 3)
    c.push(hub, token, [first])  # a replay: the hub answers "duplicate", queues nothing
    hub_admin(hub.db_url, "advance", code, "--to", "supplement", "--note", "Thiếu giấy khai sinh")
    _wait(lambda: len(gw.sent()) == 6)
    # The counter extends the appointment (the apology letter): "late, with a new date".
    later = _consenting(code, number, TrangThaiHoSo=5, NgayHenTra="20261210170000")
    c.push(hub, token, [c.event(later, version=2)])
    _wait(lambda: len(gw.sent()) == 9)
    hub_admin(hub.db_url, "advance", code, "--to", "processing", "--note", "Đã bổ sung")
    hub_admin(hub.db_url, "advance", code, "--to", "resolved", "--note", "Đã có kết quả")
    hub_admin(hub.db_url, "advance", code, "--to", "returned", "--note", "Đã trả")
    _wait(lambda: len(gw.sent()) == 15)
    time.sleep(1.0)  # anything sent twice would show by now
    sent = gw.sent()
    keys = [x["key"] for x in sent]
    assert len(keys) == len(set(keys)) == 15
    assert {x["key"].split("|")[1] for x in sent} == {
        "received",
        "supplement",
        "late",
        "result_ready",
        "returned",
    }
    assert all(silent not in k for k in keys)  # the citizen who said no
    by_key = {x["key"]: x for x in sent}
    sms = by_key[f"{code}|supplement|sms"]
    assert sms["to"] == "0912345678" and sms["text"].isascii()
    assert "Thieu giay khai sinh" in sms["text"]
    assert f"https://dichvucong.example.vn/tra-cuu?ma={code}" in sms["text"]
    zalo = by_key[f"{code}|late|zalo|20261210170000"]["text"]
    assert "thành thật xin lỗi" in zalo and "10/12/2026" in zalo
    mail = by_key[f"{code}|result_ready|email"]
    assert mail["to"] == "an.nguyen@example.vn" and "đã có kết quả" in mail["subject"]
    rows = _notices(hub, "--dossier", code)
    assert len(rows) == 15 and {r["status"] for r in rows} == {"sent"}
    assert rows[0]["to"] == "091****678"
    text = hub_admin(hub.db_url, "notifications", "--dossier", code).stdout
    assert "received sms 091****678 sent" in text
    assert _notices(hub, "--dossier", silent) == []
    unknown = hub_admin(hub.db_url, "notifications", "--dossier", c.code_of(99), check=False)
    assert unknown.returncode == 2 and "Không tìm thấy hồ sơ" in unknown.stderr


@pytest.mark.parametrize("db", ["sqlite", "postgres"])
def test_a_gateway_answering_500_then_200_delivers_each_message_once(
    gateways: Callable[..., Gateway],
    notifying_hub: Callable[..., HubProcess],
    request: pytest.FixtureRequest,
    db: str,
) -> None:
    gw = gateways("--fail", "2")
    hub = notifying_hub(
        gw.url, request.getfixturevalue("postgres_url") if db == "postgres" else None
    )
    token = c.enroll(hub)
    code = c.code_of(3)
    c.push(hub, token, [c.event(_consenting(code, c.id_of(3), KenhThongBao="sms"))])
    _wait(lambda: len(gw.sent()) == 1)
    time.sleep(1.0)
    answers = [x["answer"] for x in gw.lines()]
    assert answers == ["500", "500", "sent"]
    [row] = _notices(hub, "--dossier", code)
    assert row["status"] == "sent" and row["attempts"] == 3


def test_a_gateway_that_times_out_after_accepting_is_not_sent_twice(
    gateways: Callable[..., Gateway], notifying_hub: Callable[..., HubProcess]
) -> None:
    gw = gateways("--hang", "1", "--hang-seconds", "3")
    hub = notifying_hub(gw.url)
    token = c.enroll(hub)
    code = c.code_of(4)
    c.push(hub, token, [c.event(_consenting(code, c.id_of(4), KenhThongBao="sms"))])
    _wait(lambda: any(x["answer"] == "duplicate" for x in gw.lines()))
    _wait(lambda: _notices(hub, "--dossier", code)[0]["status"] == "sent")
    # The hub asked again (it could not know the first request went through); the
    # idempotency key let the gateway send the message once.
    assert [x["answer"] for x in gw.lines()][:2] == ["hung", "duplicate"]
    assert len(gw.sent()) == 1


def test_while_the_gateway_is_down_nothing_is_lost_and_the_page_stays_up(
    gateways: Callable[..., Gateway], notifying_hub: Callable[..., HubProcess], tmp_path: Path
) -> None:
    port = free_port()
    hub = notifying_hub(f"http://127.0.0.1:{port}/send")  # nobody listens there yet
    token = c.enroll(hub)
    pairs = [(c.code_of(i), c.id_of(i)) for i in range(10, 15)]
    c.push(hub, token, [c.event(_consenting(code, n, KenhThongBao="sms")) for code, n in pairs])
    _wait(lambda: all(r["attempts"] >= 2 for r in _notices(hub)))
    rows = _notices(hub)
    assert len(rows) == 5 and {r["status"] for r in rows} <= {"queued", "sending"}
    assert "ConnectionError" in rows[0]["last_error"]
    status, body, _ = c.post_lookup(hub.url, *pairs[0])
    assert status == 200 and pairs[0][0] in body
    gw = gateways(port=port)
    _wait(lambda: len(gw.sent()) == 5, timeout=30)
    time.sleep(1.0)
    assert sorted(x["key"] for x in gw.sent()) == sorted(
        f"{code}|received|sms" for code, _ in pairs
    )
    assert {r["status"] for r in _notices(hub)} == {"sent"}


def test_the_counter_shows_in_the_history_which_messages_went_out(
    live_desk: Any, gateways: Callable[..., Gateway], notifying_hub: Callable[..., HubProcess]
) -> None:
    import dataclasses
    import random

    from app.domain.notices import notice_text
    from app.services.catalog import all_procedures
    from app.services.demo import random_person
    from app.services.dossiers import get_dossier, receive_dossier
    from app.services.enrolment import enroll
    from app.services.sync import sync_once

    gw = gateways()
    hub = notifying_hub(gw.url)
    enroll(live_desk, hub_url=hub.url, code=hub.enrolment_code(c.AGENCY))
    proc = next(p for p in all_procedures(live_desk) if p.active)
    person = dataclasses.replace(random_person(random.Random(3)), phone="0987654321")
    wants = receive_dossier(live_desk, procedure_code=proc.code, applicant=person, notify=["sms"])
    no = receive_dossier(live_desk, procedure_code=proc.code, applicant=person)
    assert sync_once(live_desk).pushed == 2
    _wait(lambda: len(gw.sent()) == 1)
    [sent] = gw.sent()
    assert sent["key"] == f"{wants.code}|received|sms" and sent["to"] == "0987654321"
    _wait(lambda: _notices(hub, "--dossier", wants.code)[0]["status"] == "sent")
    sync_once(live_desk)  # the pull brings the delivery back
    sync_once(live_desk)  # a second pull adds nothing
    [line] = get_dossier(live_desk, code=wants.code).notices
    assert (line.event, line.channel, line.to) == ("received", "sms", "098****321")
    assert notice_text(line) == "Đã gửi tin nhắn SMS tới 098****321: đã tiếp nhận"
    assert get_dossier(live_desk, code=no.code).notices == ()
