"""A misbehaving network and lost answers: nothing but an explicit per-event answer counts
as delivered, retries grow the attempts, and resends after a lost answer never duplicate."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests
from sqlalchemy import select
from sync_helpers import (
    AGENCY,
    DropProxy,
    FakeHub,
    HubProcess,
    bulk_receive,
    hub_events,
    hub_stats,
    issue_code,
    local_events,
)

from app.services.context import DeskContext
from app.services.enrolment import enroll
from app.services.sync import sync_once
from app.services.sync_problems import rejected_events, requeue_dead
from app.services.sync_status import sync_status
from app.store.models import OutboxEvent
from app.sync.engine import EngineSettings

ALWAYS_DUE = {"rng": lambda: 0.0}  # full jitter drawn at 0: a failed event is due at once


class ShortTimeouts(requests.Session):
    """The production timeouts are (3.05, 10) s; the tests cannot wait that long."""

    def request(self, *args: Any, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        kwargs["timeout"] = (1.0, 0.4)
        return super().request(*args, **kwargs)


@pytest.fixture
def short_http() -> Iterator[requests.Session]:
    with ShortTimeouts() as s:
        yield s


def _rows(ctx: DeskContext) -> list[tuple[str, int, str]]:
    with ctx.db.read_session() as s:
        return [
            (r.state, r.attempts, r.last_error)
            for r in s.scalars(select(OutboxEvent).order_by(OutboxEvent.id))
        ]


@pytest.mark.parametrize(
    "mode", ["500", "html200", "malformed", "bare200", "timeout", "redirect", "wrong_shape"]
)
def test_a_bad_answer_is_never_success(
    live_desk: DeskContext, short_http: requests.Session, mode: str
) -> None:
    with FakeHub(mode, hang=1.5) as fake:
        enroll(live_desk, hub_url=fake.url, code="FAKE-CODE", http=short_http)
        bulk_receive(live_desk, 3)
        for round_ in (1, 2, 3):
            report = sync_once(live_desk, http=short_http, **ALWAYS_DUE)
            assert report.pushed == 0 and report.duplicates == 0
            assert report.state == "offline" and "bất thường" in report.error
            rows = _rows(live_desk)
            assert {(state, attempts) for state, attempts, _ in rows} == {("pending", round_)}, rows
            assert all(err for _, _, err in rows)
        st = sync_status(live_desk)
        assert st.waiting == 3 and st.rejected == 0 and st.last_success is None
        assert sum(1 for m, p in fake.requests if m == "POST" and "events" in p) == 3


def test_a_missing_per_event_result_leaves_that_event_pending(
    live_desk: DeskContext, short_http: requests.Session
) -> None:
    with FakeHub("missing_result") as fake:
        enroll(live_desk, hub_url=fake.url, code="FAKE-CODE", http=short_http)
        bulk_receive(live_desk, 4)
        sync_once(live_desk, http=short_http, **ALWAYS_DUE)
        rows = _rows(live_desk)
        assert [(s, a) for s, a, _ in rows] == [
            ("pending", 1),
            ("acked", 0),
            ("acked", 0),
            ("acked", 0),
        ]
        assert "no result" in rows[0][2]


def test_a_captive_portal_is_offline_and_costs_no_attempt(
    live_desk: DeskContext, short_http: requests.Session
) -> None:
    with FakeHub("500") as fake:
        enroll(live_desk, hub_url=fake.url, code="FAKE-CODE", http=short_http)
        fake.portal = True  # from now on every answer is the Wi-Fi login page
        bulk_receive(live_desk, 2)
        report = sync_once(live_desk, http=short_http)
        assert report.state == "offline" and report.pushed == 0
        assert {(s, a) for s, a, _ in _rows(live_desk)} == {("pending", 0)}


def test_a_hub_answering_500_to_everything_is_retried_and_nothing_dead_letters(
    live_desk: DeskContext, short_http: requests.Session
) -> None:
    """A hub that fails every request (its database down, say) is the environment's fault:
    the events stay pending however many attempts pass, and are shown as waiting."""
    with FakeHub("500") as fake:
        enroll(live_desk, hub_url=fake.url, code="FAKE-CODE", http=short_http)
        bulk_receive(live_desk, 3)
        for _ in range(12):  # bounded: well past the 8 attempts of a poisoned event
            report = sync_once(live_desk, http=short_http, **ALWAYS_DUE)
            assert report.pushed == 0
        rows = _rows(live_desk)
        assert {s for s, _, _ in rows} == {"pending"}
        assert all(a >= 8 for _, a, _ in rows)
        assert rejected_events(live_desk) == []
        st = sync_status(live_desk)
        assert (st.waiting, st.rejected) == (3, 0)
        assert st.state != "up_to_date" and "500" in st.last_error


def test_one_poisoned_event_does_not_hold_back_the_others(
    live_desk: DeskContext, short_http: requests.Session
) -> None:
    """An event the hub keeps failing on (500 for any batch holding it) is isolated in ever
    smaller batches and dead-lettered alone, while its neighbours are delivered."""
    with FakeHub("poison") as fake:
        enroll(live_desk, hub_url=fake.url, code="FAKE-CODE", http=short_http)
        bulk_receive(live_desk, 6)
        fake.poison = local_events(live_desk)[2][0]
        for _ in range(40):  # bounded
            sync_once(live_desk, http=short_http, **ALWAYS_DUE)
            if {e[0]: e[2] for e in local_events(live_desk)}[fake.poison] == "dead":
                break
    states = {e[0]: e[2] for e in local_events(live_desk)}
    assert states.pop(fake.poison) == "dead"
    assert set(states.values()) == {"acked"}
    shown = rejected_events(live_desk)
    assert [e.dead for e in shown] == [True]
    assert "8 lần" in shown[0].reason
    assert sync_status(live_desk).rejected == 1
    assert requeue_dead(live_desk) == 1
    assert {e[0]: e[2] for e in local_events(live_desk)}[fake.poison] == "pending"


def test_a_corrupted_event_is_rejected_alone(enrolled: tuple[DeskContext, HubProcess]) -> None:
    ctx, hub = enrolled
    bulk_receive(ctx, 6)
    with ctx.db.session() as s:  # damage one stored payload (a disk fault, say)
        row = s.scalars(select(OutboxEvent).order_by(OutboxEvent.id).offset(2).limit(1)).one()
        row.payload = row.payload.replace('"version":1', '"version":7')
        damaged = row.dossier_code
        s.commit()
    report = sync_once(ctx)
    assert (report.pushed, report.rejected) == (5, 1)
    shown = rejected_events(ctx)
    assert [e.dossier_code for e in shown] == [damaged] and "payload_hash" in shown[0].reason
    assert "invalid event:" not in shown[0].reason and "không khớp" in shown[0].reason
    assert "Sửa" in shown[0].advice and "Correct" in shown[0].advice_en
    assert hub_stats(hub.db_url)["events"] == 5


def test_answers_lost_after_the_hub_committed_cause_no_duplicates(
    enrolled: tuple[DeskContext, HubProcess], memory_keyring
) -> None:  # type: ignore[no-untyped-def]
    ctx, hub = enrolled
    codes = bulk_receive(ctx, 30)
    with DropProxy(hub.port, drops=2) as proxy:
        # Talk to the hub through the proxy: same device, same token.
        from app.services.identity import device_uid, token_key
        from app.services.sync_status import K_HUB_URL
        from app.store.repositories import set_value
        from app.sync.tokens import SERVICE

        uid = device_uid(ctx)
        memory_keyring.set_password(
            SERVICE,
            token_key(proxy.url, uid),
            memory_keyring.get_password(SERVICE, token_key(hub.url, uid)),
        )
        with ctx.db.session() as s:
            set_value(s, K_HUB_URL, proxy.url)
            s.commit()
        first = sync_once(ctx, settings=EngineSettings(batch_size=10), **ALWAYS_DUE)
        # Two answers lost in a row end the round; the third batch, already in flight
        # (the push is pipelined), got through.
        assert proxy.dropped == 2
        assert first.pushed == 10 and first.state == "offline"
        assert hub_stats(hub.db_url)["events"] == 30  # the hub did store the lost batches
        assert (
            sorted((s, a) for s, a, _ in _rows(ctx)) == [("acked", 0)] * 10 + [("pending", 1)] * 20
        )
        second = sync_once(ctx, settings=EngineSettings(batch_size=10), **ALWAYS_DUE)
    assert (second.pushed, second.duplicates, second.state) == (0, 20, "up_to_date")
    assert {e[2] for e in local_events(ctx)} == {"acked"}
    stored = hub_events(hub.db_url)
    assert len(stored) == 30 and len({e[0] for e in stored}) == 30
    assert {e[1] for e in stored} == set(codes)
    assert hub_stats(hub.db_url) == {
        "events": 30,
        "dossiers": 30,
        "duplicates_refused": 20,
        "conflicts": 0,
    }
    assert AGENCY in codes[0]


def test_enroll_through_a_misbehaving_network_fails_clearly(
    live_desk: DeskContext, short_http: requests.Session, hub: HubProcess
) -> None:
    from app.domain.errors import DeskError

    with FakeHub("500", portal=True) as fake:
        with pytest.raises(DeskError) as err:
            enroll(live_desk, hub_url=fake.url, code=issue_code(hub.db_url), http=short_http)
        assert err.value.key == "sync.offline"
