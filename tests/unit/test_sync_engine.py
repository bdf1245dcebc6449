"""The sync engine, the HTTP client's checks and the token store, with in-memory fakes:
no disk, no network."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import keyring
import keyring.backends.fail
import keyring.backends.null
import pytest
import requests
import requests.adapters
import urllib3.exceptions
from hypothesis import given
from hypothesis import strategies as st

from app.domain.errors import DeskError
from app.services.sync_status import _state
from app.store.outbox import Failure, QueuedEvent
from app.sync.client import (
    HubAuthError,
    HubClient,
    HubFailure,
    HubRefused,
    HubUnreachable,
    normalize_hub_url,
)
from app.sync.engine import AUTH, ERROR, OFFLINE, OK, Backoff, EngineSettings, SyncEngine
from app.sync.protocol import ChangesPage, PushAnswer, wire_time
from app.sync.tokens import SERVICE, KeyringTokenStore

T0 = datetime(2025, 7, 15, 7, 5, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


class FakeOutbox:
    """The outbox contract in memory: state, attempts, retry time per event."""

    def __init__(self, n: int, attempts: int = 0) -> None:
        self.rows: dict[int, dict[str, Any]] = {
            i: {
                "event": QueuedEvent(
                    i,
                    f"00000000-0000-4000-8000-{i:012d}",
                    "dossier.upsert",
                    f"000.00.31.H26-250715-{1000 + i}",
                    "{}",
                    "0" * 64,
                    T0,
                    attempts,
                ),
                "state": "pending",
                "next": None,
                "reason": "",
            }
            for i in range(1, n + 1)
        }

    def due(self, now: datetime, *, after_id: int = 0, limit: int = 200) -> list[QueuedEvent]:
        out = [
            replace(r["event"], attempts=r["event"].attempts)
            for i, r in sorted(self.rows.items())
            if i > after_id
            and r["state"] in ("pending", "sending")
            and (r["next"] is None or r["next"] <= now)
        ]
        return out[:limit]

    def count_due(self, now: datetime) -> int:
        return len(self.due(now, limit=10**9))

    def mark_sending(self, ids: Sequence[int]) -> None:
        for i in ids:
            self.rows[i]["state"] = "sending"

    def release(self, ids: Sequence[int]) -> None:
        for i in ids:
            if self.rows[i]["state"] == "sending":
                self.rows[i]["state"] = "pending"

    def settle(
        self,
        now: datetime,
        *,
        acked: Sequence[int] = (),
        rejected: Mapping[int, str] | None = None,
        failures: Sequence[Failure] = (),
    ) -> None:
        for i in acked:
            self.rows[i]["state"] = "acked"
        for i, reason in (rejected or {}).items():
            self.rows[i].update(state="rejected", reason=reason)
        for f in failures:
            row = self.rows[f.id]
            row.update(
                state="dead" if f.dead else "pending", next=f.next_attempt_at, reason=f.reason
            )
            row["event"] = replace(row["event"], attempts=f.attempts)

    def states(self) -> list[str]:
        return [r["state"] for _, r in sorted(self.rows.items())]

    def attempts(self) -> list[int]:
        return [r["event"].attempts for _, r in sorted(self.rows.items())]


class FakeApplier:
    def __init__(self) -> None:
        self.cur = ""
        self.pages: list[tuple[list[Any], str]] = []

    def cursor(self) -> str:
        return self.cur

    def apply_page(self, changes: Sequence[Any], next_cursor: str) -> int:
        self.pages.append((list(changes), next_cursor))
        self.cur = next_cursor
        return len(changes)


class FakeClient:
    """Answers by a script: ``push_plan`` is a list of callables (body -> PushAnswer or raise)."""

    def __init__(
        self,
        clock: Clock,
        push_plan: list[Callable[[list[str]], Any]] | None = None,
        pages: list[ChangesPage] | None = None,
        health: Any = None,
    ) -> None:
        self.clock = clock
        self.push_plan = list(push_plan or [])
        self.pages = list(pages or [])
        self.health_answer = health
        self.pushed: list[list[str]] = []

    def health(self) -> datetime:
        if isinstance(self.health_answer, Exception):
            raise self.health_answer
        return self.clock.now.replace(microsecond=0)

    def push(self, body: bytes) -> PushAnswer:
        ids = [e["event_id"] for e in json.loads(body)["events"]]
        self.pushed.append(ids)
        step = self.push_plan.pop(0) if self.push_plan else accept_all
        return step(ids)  # type: ignore[no-any-return]

    def changes(self, *, cursor: str, limit: int) -> ChangesPage:
        if self.pages:
            return self.pages.pop(0)
        return ChangesPage([], cursor, False, self.clock.now)


def answer(**by_result: Any) -> Callable[[list[str]], PushAnswer]:
    def step(ids: list[str]) -> PushAnswer:
        results = {}
        for i, eid in enumerate(ids):
            kind = by_result.get(str(i), "accepted")
            if kind != "missing":
                results[eid] = {
                    "event_id": eid,
                    "result": kind,
                    "reason": "conflict: x" if kind == "rejected" else "",
                }
        return PushAnswer(results, T0)

    return step


accept_all = answer()


def raise_(exc: Exception) -> Callable[[list[str]], PushAnswer]:
    def step(ids: list[str]) -> PushAnswer:
        raise exc

    return step


def engine(
    client: FakeClient,
    outbox: FakeOutbox,
    clock: Clock,
    applier: FakeApplier | None = None,
    **settings: Any,
) -> SyncEngine:
    return SyncEngine(
        client=client,
        outbox=outbox,
        applier=applier or FakeApplier(),  # type: ignore[arg-type]
        clock=clock,
        settings=EngineSettings(**settings),
        rng=lambda: 0.5,
    )


# --- back-off ------------------------------------------------------------------------------


@given(st.integers(0, 200), st.floats(0, 1, exclude_max=True))
def test_full_jitter_stays_under_the_capped_ceiling(failures: int, draw: float) -> None:
    b = Backoff(base=2.0, cap=300.0, rng=lambda: draw)
    assert 0 <= b.delay(failures) <= b.ceiling(failures) <= 300.0


def test_the_ceiling_doubles_then_caps() -> None:
    b = Backoff(base=2.0, cap=300.0, rng=lambda: 1.0)
    assert [b.ceiling(n) for n in range(0, 11)] == [0, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300]


# --- push ---------------------------------------------------------------------------------


def test_an_answer_arriving_after_the_round_stopped_is_still_recorded() -> None:
    clock = Clock()
    box = FakeOutbox(20)
    client = FakeClient(clock, [raise_(HubAuthError("HTTP 401")), accept_all])
    result = engine(client, box, clock, batch_size=10).run()
    assert result.outcome == AUTH and len(client.pushed) == 2
    assert box.states() == ["pending"] * 10 + ["acked"] * 10  # the in-flight one got through


def test_everything_accepted_is_acked_with_progress() -> None:
    clock = Clock()
    box = FakeOutbox(450)
    client = FakeClient(clock)
    seen: list[tuple[int, int]] = []
    result = engine(client, box, clock).run(lambda d, t: seen.append((d, t)))
    assert result.outcome == OK and result.pushed == 450 and set(box.states()) == {"acked"}
    assert [len(b) for b in client.pushed] == [200, 200, 50]
    assert seen == [(0, 450), (200, 450), (400, 450), (450, 450)]
    assert result.skew_seconds == 0


def test_duplicates_are_success_and_rejections_are_kept_with_their_reason() -> None:
    clock = Clock()
    box = FakeOutbox(4)
    result = engine(
        FakeClient(clock, [answer(**{"1": "duplicate", "2": "rejected"})]), box, clock
    ).run()
    assert (result.pushed, result.duplicates, result.rejected, result.outcome) == (2, 1, 1, OK)
    assert box.states() == ["acked", "acked", "rejected", "acked"]
    assert box.rows[3]["reason"] == "conflict: x"


def test_a_missing_result_leaves_that_event_for_a_retry() -> None:
    clock = Clock()
    box = FakeOutbox(3)
    result = engine(FakeClient(clock, [answer(**{"0": "missing"})]), box, clock).run()
    assert box.states() == ["pending", "acked", "acked"] and box.attempts() == [1, 0, 0]
    assert result.outcome == ERROR and result.failed == 1


def test_401_stops_the_batch_and_costs_nothing() -> None:
    clock = Clock()
    box = FakeOutbox(500)
    client = FakeClient(clock, [raise_(HubAuthError("HTTP 401"))] * 3)
    result = engine(client, box, clock).run()
    # The push is pipelined: the next batch may already be in flight, then no further one.
    assert result.outcome == AUTH and len(client.pushed) <= 2
    assert set(box.states()) == {"pending"} and set(box.attempts()) == {0}


def test_unreachable_releases_the_batch_without_counting() -> None:
    clock = Clock()
    box = FakeOutbox(5)
    result = engine(FakeClient(clock, [raise_(HubUnreachable("refused"))]), box, clock).run()
    assert result.outcome == OFFLINE and set(box.states()) == {"pending"}
    assert set(box.attempts()) == {0}


def test_no_health_answer_means_offline_and_nothing_is_sent() -> None:
    clock = Clock()
    box = FakeOutbox(5)
    client = FakeClient(clock, health=HubFailure("HTTP 200, not JSON (Content-Type text/html)"))
    result = engine(client, box, clock).run()
    assert result.outcome == OFFLINE and client.pushed == [] and set(box.attempts()) == {0}


def fail_unless_empty(ids: list[str]) -> PushAnswer:
    """A hub that answers an empty batch properly but fails on this event (a poisoned one)."""
    if ids:
        raise HubFailure("HTTP 500")
    return answer()(ids)


def test_a_hub_failing_everything_is_retried_forever_with_capped_back_off() -> None:
    clock = Clock()
    box = FakeOutbox(1)
    eng = engine(FakeClient(clock, [raise_(HubFailure("HTTP 500"))] * 60), box, clock)
    delays = []
    for n in range(1, 13):
        eng.run()
        row = box.rows[1]
        # Even past eight attempts: the hub fails the empty probe too, so it is the hub's
        # fault, and the event stays pending (DESIGN.md 5: retried forever).
        assert row["state"] == "pending" and row["event"].attempts == n
        delays.append((row["next"] - clock.now).total_seconds())
        assert eng.run().pushed == 0  # not due yet: nothing sent
        clock.now = row["next"]
    assert delays == [0.5 * min(300, 2 * 2 ** (n - 1)) for n in range(1, 13)]  # rng = 0.5


def test_an_event_the_hub_keeps_failing_on_is_dead_lettered_after_eight() -> None:
    clock = Clock()
    box = FakeOutbox(1)
    eng = engine(FakeClient(clock, [fail_unless_empty] * 20), box, clock)
    for n in range(1, 9):
        result = eng.run()
        row = box.rows[1]
        if n < 8:
            assert row["state"] == "pending" and row["event"].attempts == n
            clock.now = row["next"]
        else:
            assert row["state"] == "dead" and result.dead == 1 and "HTTP 500" in row["reason"]


def test_events_that_failed_before_go_in_smaller_batches() -> None:
    clock = Clock()
    box = FakeOutbox(0)
    eng = engine(FakeClient(clock), box, clock)
    events = [
        replace(QueuedEvent(i, "", "", "", "", "", T0, 0), attempts=a)
        for i, a in enumerate([0] * 5 + [1] * 3 + [2] + [4, 4] + [0] * 3)
    ]
    chunks = eng._chunks(events)
    assert [e.id for c in chunks for e in c] == list(range(len(events)))  # order kept
    for c in chunks:  # no batch is larger than its most-failed member allows
        assert len(c) <= min(eng._chunk_limit(e.attempts) for e in c)
    assert [[e.attempts for e in c] for c in chunks] == [[0] * 5 + [1] * 3 + [2], [4], [4], [0] * 3]
    assert [eng._chunk_limit(a) for a in range(5)] == [200, 50, 12, 3, 1]


def test_two_failed_requests_in_a_row_end_the_round() -> None:
    clock = Clock()
    box = FakeOutbox(50)
    client = FakeClient(clock, [raise_(HubFailure("HTTP 502"))] * 5)
    result = engine(client, box, clock, batch_size=10).run()
    # Pipelined: the third request was in flight when the second failure ended the round.
    assert result.outcome == ERROR and len(client.pushed) == 3
    assert box.attempts() == [1] * 30 + [0] * 20


def test_a_failed_request_does_not_stop_the_next_one() -> None:
    clock = Clock()
    box = FakeOutbox(30)
    client = FakeClient(clock, [raise_(HubFailure("HTTP 500")), accept_all, accept_all])
    result = engine(client, box, clock, batch_size=10).run()
    assert result.pushed == 20 and box.states() == ["pending"] * 10 + ["acked"] * 20


# --- pull ---------------------------------------------------------------------------------


def test_pages_are_applied_with_their_cursor_until_done() -> None:
    clock = Clock()
    skewed = clock.now - timedelta(seconds=400)
    pages = [
        ChangesPage([{"seq": 1, "kind": "x", "at": "", "data": {}}], "1", True, clock.now),
        ChangesPage([{"seq": 2, "kind": "x", "at": "", "data": {}}], "2", False, skewed),
    ]
    applier = FakeApplier()
    result = engine(FakeClient(clock, pages=pages), FakeOutbox(0), clock, applier).run()
    assert result.outcome == OK and result.pulled == 2
    assert [c for _, c in applier.pages] == ["1", "2"] and applier.cur == "2"
    assert result.skew_seconds == 400 and result.clock_skewed


def test_a_cursor_that_goes_back_is_an_error_not_a_loop() -> None:
    clock = Clock()
    applier = FakeApplier()
    applier.cur = "5"
    pages = [ChangesPage([], "5", True, clock.now)]
    result = engine(FakeClient(clock, pages=pages), FakeOutbox(0), clock, applier).run()
    assert result.outcome == ERROR and applier.pages == []


# --- the HTTP client's checks -------------------------------------------------------------


class Canned(requests.adapters.BaseAdapter):
    """A transport that answers from a list and records what was asked."""

    def __init__(self, answers: list[Any]) -> None:
        super().__init__()
        self.answers = answers
        self.calls: list[dict[str, Any]] = []

    def send(self, request: requests.PreparedRequest, **kw: Any) -> requests.Response:  # type: ignore[override]
        self.calls.append({"headers": dict(request.headers), **kw})
        item = self.answers.pop(0)
        if isinstance(item, Exception):
            raise item
        status, ctype, body = item
        resp = requests.Response()
        resp.status_code = status
        if ctype:
            resp.headers["Content-Type"] = ctype
        resp._content = body if isinstance(body, bytes) else body.encode()
        resp.url = request.url or ""
        resp.request = request
        return resp

    def close(self) -> None:
        pass


def _client(answers: list[Any]) -> tuple[HubClient, Canned]:
    session = requests.Session()
    adapter = Canned(answers)
    session.mount("https://", adapter)
    return HubClient("https://hub.example.vn/", session, token="secret-token"), adapter


HEALTH = json.dumps({"status": "ok", "server_time": wire_time(T0)})


@pytest.mark.parametrize(
    "answer_, error",
    [
        ((200, "text/html; charset=utf-8", "<html>Wi-Fi</html>"), HubFailure),
        ((200, "application/json", '{"status": "o'), HubFailure),
        ((200, "application/json", ""), HubFailure),
        ((200, None, HEALTH), HubFailure),
        ((200, "application/json", '{"status": "ok"}'), HubFailure),
        ((302, "text/html", ""), HubFailure),
        ((500, "text/plain", "boom"), HubFailure),
        ((503, "application/json", '{"detail": "down"}'), HubFailure),
        ((429, "application/json", "{}"), HubFailure),
        ((401, "application/json", '{"detail": "no"}'), HubAuthError),
        ((403, "application/json", '{"detail": "invalid code"}'), HubRefused),
        (
            requests.exceptions.ConnectionError(
                urllib3.exceptions.MaxRetryError(
                    None, "/", urllib3.exceptions.NewConnectionError(None, "refused")
                )
            ),
            HubUnreachable,
        ),  # type: ignore[arg-type]
        (requests.exceptions.ConnectTimeout("slow"), HubUnreachable),
        (requests.exceptions.SSLError("bad certificate"), HubUnreachable),
        (
            requests.exceptions.ConnectionError(
                urllib3.exceptions.ProtocolError("Connection aborted.", ConnectionResetError())
            ),
            HubFailure,
        ),
        (requests.exceptions.ReadTimeout("slow"), HubFailure),
    ],
)
def test_only_a_proper_json_answer_is_success(answer_: Any, error: type[Exception]) -> None:
    client, _ = _client([answer_])
    with pytest.raises(error):
        client.health()
    client.session.close()


def test_every_call_has_a_timeout_verification_and_the_token() -> None:
    client, adapter = _client(
        [
            (200, "application/json", HEALTH),
            (200, "application/json", '{"results": [], "server_time": "20250715140500"}'),
        ]
    )
    assert client.health() == T0
    client.push(b'{"events": []}')
    for call in adapter.calls:
        # requests may swap True for REQUESTS_CA_BUNDLE's path: still verifying.
        assert call["timeout"] == (3.05, 10.0) and call["verify"] not in (False, None, "")
    assert "Authorization" not in adapter.calls[0]["headers"]  # health is open
    assert adapter.calls[1]["headers"]["Authorization"] == "Bearer secret-token"
    assert "secret-token" not in repr(client)
    client.session.close()


def test_a_ca_bundle_narrows_trust_but_never_turns_it_off(tmp_path: Any) -> None:
    bundle = tmp_path / "ca.pem"
    bundle.write_text("-----BEGIN CERTIFICATE-----\n")
    with requests.Session() as s:
        assert HubClient("https://h.vn", s, ca_bundle=str(bundle))._verify == str(bundle)
        assert HubClient("https://h.vn", s)._verify is True
        with pytest.raises(DeskError) as err:
            HubClient("https://h.vn", s, ca_bundle=str(tmp_path / "missing.pem"))
        assert err.value.key == "sync.ca_bundle"


@pytest.mark.parametrize(
    "url, ok",
    [
        ("https://motcua.hanoi.gov.vn/", "https://motcua.hanoi.gov.vn"),
        ("http://127.0.0.1:8765", "http://127.0.0.1:8765"),
        ("http://localhost:1", "http://localhost:1"),
        ("http://[::1]:8765", "http://[::1]:8765"),
        ("http://motcua.hanoi.gov.vn", "sync.insecure_url"),
        ("http://10.0.0.5:8765", "sync.insecure_url"),
        ("motcua.hanoi.gov.vn", "sync.url_invalid"),
        ("https://a:b@h.vn", "sync.url_invalid"),
        ("https://h.vn/?x=1", "sync.url_invalid"),
        ("https://h.vn:99999", "sync.url_invalid"),
        ("", "sync.url_invalid"),
    ],
)
def test_hub_addresses(url: str, ok: str) -> None:
    if ok.startswith("sync."):
        with pytest.raises(DeskError) as err:
            normalize_hub_url(url)
        assert err.value.key == ok
    else:
        assert normalize_hub_url(url) == ok


# --- the token store -----------------------------------------------------------------------


def test_tokens_live_in_the_keyring(memory_keyring: Any) -> None:
    store = KeyringTokenStore()
    store.put("https://h.vn", "tok")
    assert memory_keyring.store[(SERVICE, "https://h.vn")] == "tok"
    assert store.get("https://h.vn") == "tok"
    store.forget("https://h.vn")
    store.forget("https://h.vn")  # twice is fine
    assert store.get("https://h.vn") is None


@pytest.mark.parametrize("backend", [keyring.backends.fail.Keyring, keyring.backends.null.Keyring])
def test_no_usable_keyring_is_refused_clearly(backend: type) -> None:
    keyring.set_keyring(backend())
    store = KeyringTokenStore()
    with pytest.raises(DeskError) as err:
        store.check_usable()
    assert err.value.key == "sync.no_keyring"
    with pytest.raises(DeskError):
        store.put("https://h.vn", "tok")
    assert "kho mật khẩu" in err.value.message("vi") and "keyring" in err.value.message("en")


# --- the status strip's state ----------------------------------------------------------------


@pytest.mark.parametrize(
    "kv, rejected, running, state",
    [
        ({}, 0, False, "not_enrolled"),
        ({"sync.hub_url": "u"}, 0, False, "not_enrolled"),
        ({"sync.hub_url": "u", "sync.device_id": "d"}, 0, False, "offline"),
        (
            {"sync.hub_url": "u", "sync.device_id": "d", "sync.last_outcome": "ok"},
            0,
            True,
            "syncing",
        ),
        (
            {"sync.hub_url": "u", "sync.device_id": "d", "sync.last_outcome": "ok"},
            0,
            False,
            "up_to_date",
        ),
        (
            {"sync.hub_url": "u", "sync.device_id": "d", "sync.last_outcome": "ok"},
            2,
            False,
            "needs_attention",
        ),
        (
            {
                "sync.hub_url": "u",
                "sync.device_id": "d",
                "sync.last_outcome": "ok",
                "sync.clock_skew": "-301.0",
            },
            0,
            False,
            "needs_attention",
        ),
        (
            {"sync.hub_url": "u", "sync.device_id": "d", "sync.last_outcome": "offline"},
            2,
            False,
            "offline",
        ),
        (
            {"sync.hub_url": "u", "sync.device_id": "d", "sync.last_outcome": "error"},
            0,
            False,
            "offline",
        ),
        (
            {
                "sync.hub_url": "u",
                "sync.device_id": "d",
                "sync.last_outcome": "auth",
                "sync.needs_reenrollment": "1",
            },
            0,
            False,
            "needs_attention",
        ),
        (
            {"sync.hub_url": "u", "sync.device_id": "d", "sync.last_outcome": "auth"},
            0,
            False,
            "needs_attention",
        ),
    ],
)
def test_the_status_strip_state(
    kv: dict[str, str], rejected: int, running: bool, state: str
) -> None:
    got, message = _state(kv, rejected=rejected, running=running)
    assert got == state
    if state == "needs_attention":
        assert message
