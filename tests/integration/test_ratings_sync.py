"""Ratings reach the hub through the outbox, exactly once: the hub as a real process, on
SQLite and on a real PostgreSQL server; a hub that is down keeps them queued; a replay, or
the same rating under a new event id, is never counted twice."""

from __future__ import annotations

import json

import requests
from sqlalchemy import select, update
from sync_helpers import HubProcess, bulk_receive, hub_admin, issue_code

from app.domain.ratings import Occasion
from app.domain.roles import Actor, Role
from app.services.context import DeskContext
from app.services.enrolment import enroll
from app.services.ratings import list_ratings, mark_handled, new_prompt_id, record_rating
from app.services.sync import sync_once
from app.store.models import OutboxEvent
from app.sync.protocol import KIND_RATING, envelope_json, push_body, wire_time
from app.sync.tokens import SERVICE
from tests.helpers.hub import hub_rows

CLERK = Actor("clerk1", "Nguyễn Thị Lan", Role.CLERK, None)


def _hub_ratings(db_url: str) -> list[tuple[str, str, int, str, str, str]]:
    return [
        (r[0], r[1], int(r[2]), r[3], r[4], r[5])
        for r in hub_rows(
            db_url,
            "SELECT rating_uid, dossier_code, level, reason, clerk, clerk_name"
            " FROM hub_rating ORDER BY id",
        )
    ]


def test_ratings_reach_the_hub_once_on_sqlite_and_postgres(
    live_desk: DeskContext, running: HubProcess
) -> None:
    enroll(live_desk, hub_url=running.url, code=issue_code(running.db_url))
    codes = bulk_receive(live_desk, 2)
    clerk = live_desk.with_actor(CLERK)
    happy, unhappy = new_prompt_id(), new_prompt_id()
    record_rating(clerk, prompt_id=happy, code=codes[0], occasion=Occasion.INTAKE, level=1)
    record_rating(
        clerk,
        prompt_id=unhappy,
        code=codes[1],
        occasion=Occasion.INTAKE,
        level=3,
        reason="attitude",
        note="cán bộ trả lời cộc lốc",
    )
    report = sync_once(live_desk)
    assert report.outcome == "ok", report
    assert report.rejected == 0
    assert _hub_ratings(running.db_url) == [
        (happy, codes[0], 1, "", "clerk1", "Nguyễn Thị Lan"),
        (unhappy, codes[1], 3, "attitude", "clerk1", "Nguyễn Thị Lan"),
    ]
    counts = json.loads(hub_admin(running.db_url, "ratings").stdout)
    assert counts == {
        "ratings": 2,
        "ratings_very_satisfied": 1,
        "ratings_satisfied": 0,
        "ratings_unhappy": 1,
        "ratings_unhappy_handled": 0,
    }
    again = sync_once(live_desk)  # nothing due: nothing re-sent
    assert again.pushed == 0
    assert len(_hub_ratings(running.db_url)) == 2

    # The supervisor's handling follows as a later version of the same rating.
    [open_one] = list_ratings(live_desk, unhappy_only=True, open_only=True)
    mark_handled(live_desk, rating_id=open_one.id, note="Đã nhắc nhở cán bộ")
    # A third citizen, rated and handled before any sync: both versions in one batch.
    [late] = bulk_receive(live_desk, 1, seed=11)
    third = new_prompt_id()
    got = record_rating(
        clerk, prompt_id=third, code=late, occasion=Occasion.INTAKE, level=3, reason="contacts"
    )
    mark_handled(live_desk, rating_id=got.id, note="Đã hướng dẫn bổ sung một lần")
    assert sync_once(live_desk).outcome == "ok"
    handled = {
        r[0]: (r[1], r[2])
        for r in hub_rows(
            running.db_url,
            "SELECT rating_uid, handled_by, handled_note FROM hub_rating WHERE handled_at <> ''",
        )
    }
    assert handled == {
        unhappy: ("system", "Đã nhắc nhở cán bộ"),
        third: ("system", "Đã hướng dẫn bổ sung một lần"),
    }
    assert len(_hub_ratings(running.db_url)) == 3
    counts = json.loads(hub_admin(running.db_url, "ratings").stdout)
    assert (counts["ratings"], counts["ratings_unhappy_handled"]) == (3, 2)


def test_hub_down_ratings_wait_then_arrive_once(
    live_desk: DeskContext, hub: HubProcess, memory_keyring
) -> None:  # type: ignore[no-untyped-def]
    enroll(live_desk, hub_url=hub.url, code=issue_code(hub.db_url))
    [code] = bulk_receive(live_desk, 1)
    assert sync_once(live_desk).outcome == "ok"
    hub.stop()
    prompt = new_prompt_id()
    record_rating(live_desk, prompt_id=prompt, code=code, occasion=Occasion.HANDOVER, level=2)
    down = sync_once(live_desk)
    assert down.outcome == "offline"
    with live_desk.db.read_session() as s:
        [state] = s.scalars(select(OutboxEvent.state).where(OutboxEvent.kind == KIND_RATING))
    assert state == "pending"  # kept, to be sent later
    hub.start()
    assert sync_once(live_desk).outcome == "ok"
    assert [r[0] for r in _hub_ratings(hub.db_url)] == [prompt]
    with live_desk.db.read_session() as s:
        event = s.scalars(select(OutboxEvent).where(OutboxEvent.kind == KIND_RATING)).one()
    assert event.state == "acked"

    # A replay of the very same event (a lost answer): a duplicate, not a second rating.
    [token] = [
        v
        for (svc, user), v in memory_keyring.store.items()
        if svc == SERVICE and user.startswith(f"{hub.url} device=")
    ]
    envelope = envelope_json(
        event_id=event.event_id,
        kind=event.kind,
        dossier_code=event.dossier_code,
        created_at=wire_time(event.created_at),
        payload_hash=event.payload_hash,
        payload_json=event.payload,
    )
    with requests.Session() as http:
        r = http.post(
            f"{hub.url}/api/v1/events",
            data=push_body([envelope]),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
            timeout=(3, 10),
        )
    assert r.json()["results"][0]["result"] == "duplicate"
    # The same rating under a fresh event id (a requeued event): stored as an event, but
    # the rating is still counted once.
    with live_desk.db.session() as s:
        s.execute(
            update(OutboxEvent)
            .where(OutboxEvent.id == event.id)
            .values(state="pending", event_id="6f0c8f43-7a1e-4d0e-9a57-3c1f7f7b2a11")
        )
        s.commit()
    assert sync_once(live_desk).outcome == "ok"
    assert [r[0] for r in _hub_ratings(hub.db_url)] == [prompt]


def test_the_hub_refuses_a_rating_of_the_wrong_shape(
    live_desk: DeskContext, hub: HubProcess
) -> None:
    enroll(live_desk, hub_url=hub.url, code=issue_code(hub.db_url))
    [code] = bulk_receive(live_desk, 1)
    record_rating(
        live_desk, prompt_id=new_prompt_id(), code=code, occasion=Occasion.INTAKE, level=1
    )
    with live_desk.db.session() as s:
        event = s.scalars(select(OutboxEvent).where(OutboxEvent.kind == KIND_RATING)).one()
        payload = json.loads(event.payload)
        payload["rating"]["MucDo"] = 7  # forged: not an answer of the survey
        from app.store.outbox import canonical_json, payload_hash

        event.payload, event.payload_hash = canonical_json(payload), payload_hash(payload)
        s.commit()
    report = sync_once(live_desk)
    assert report.rejected == 1
    assert _hub_ratings(hub.db_url) == []
    with live_desk.db.read_session() as s:
        bad = s.scalars(select(OutboxEvent).where(OutboxEvent.kind == KIND_RATING)).one()
    assert bad.state == "rejected" and "MucDo" in bad.last_error
