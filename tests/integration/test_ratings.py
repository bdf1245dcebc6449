"""Satisfaction ratings at the counter on a real SQLite file: recorded with the dossier and
the clerk, one per prompt, with its audit row and outbox event; the handover prompt's
window; the supervisor's handling; the report's counts."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sync_helpers import bulk_receive

from app.domain.dossier import Status
from app.domain.errors import DeskError
from app.domain.ratings import HANDOVER_PROMPT_WINDOW, Level, Occasion
from app.domain.roles import Actor, Role
from app.services.context import DeskContext
from app.services.dossiers import advance_dossier
from app.services.ratings import (
    handover_prompt_due,
    list_ratings,
    mark_handled,
    new_prompt_id,
    rating_summary,
    record_rating,
)
from app.store.models import AuditLog, OutboxEvent, Rating
from app.sync.protocol import KIND_RATING, validate_envelope, wire_time

CLERK = Actor("clerk1", "Nguyễn Thị Lan", Role.CLERK, None)


def _hand_over(ctx: DeskContext, code: str) -> None:
    for to, note in (
        (Status.PROCESSING, ""),
        (Status.RESOLVED, ""),
        (Status.RETURNED, ""),
    ):
        advance_dossier(ctx, code=code, to=to, note=note)


def test_a_rating_is_stored_with_dossier_clerk_audit_and_outbox(desk: DeskContext) -> None:
    [code] = bulk_receive(desk, 1)
    clerk = desk.with_actor(CLERK)
    prompt = new_prompt_id()
    got = record_rating(
        clerk, prompt_id=prompt, code=code, occasion=Occasion.INTAKE, level=Level.SATISFIED
    )
    assert (got.dossier_code, got.level, got.clerk, got.clerk_name) == (
        code,
        Level.SATISFIED,
        "clerk1",
        "Nguyễn Thị Lan",
    )
    assert got.counter_name  # the counter that served
    with desk.db.read_session() as s:
        [row] = s.scalars(select(Rating))
        assert (row.prompt_id, row.occasion, row.level) == (prompt, "intake", 2)
        audit = s.scalars(select(AuditLog).where(AuditLog.action == "rating.recorded")).all()
        assert [a.entity_key for a in audit] == [code]
        [event] = s.scalars(select(OutboxEvent).where(OutboxEvent.kind == KIND_RATING))
    payload = json.loads(event.payload)
    assert payload["rating"]["MaDanhGia"] == prompt
    assert payload["rating"]["MucDo"] == 2
    assert "ChuHoSo" not in payload["rating"]  # no citizen data beside the code
    # What the hub will check: the stored event passes the wire contract as it is.
    checked = validate_envelope(
        {
            "event_id": event.event_id,
            "kind": event.kind,
            "dossier_code": event.dossier_code,
            "created_at": wire_time(event.created_at),
            "payload_hash": event.payload_hash,
            "payload": event.payload,
        }
    )
    assert checked.payload["version"] == 1


def test_bad_input_is_refused_and_nothing_is_stored(desk: DeskContext) -> None:
    [code] = bulk_receive(desk, 1)
    prompt = new_prompt_id()
    with pytest.raises(DeskError) as err:
        record_rating(
            desk,
            prompt_id=prompt,
            code="000.00.31.H26-250715-9999",
            occasion=Occasion.INTAKE,
            level=1,
        )
    assert err.value.key == "dossier.unknown"
    with pytest.raises(DeskError) as err:
        record_rating(desk, prompt_id=prompt, code=code, occasion=Occasion.INTAKE, level=4)
    assert err.value.key == "rating.level"
    with pytest.raises(DeskError) as err:
        record_rating(desk, prompt_id="not-a-uuid", code=code, occasion=Occasion.INTAKE, level=1)
    assert err.value.key == "rating.prompt_id"
    with pytest.raises(DeskError) as err:  # a reason belongs to a "not satisfied" only
        record_rating(
            desk,
            prompt_id=prompt,
            code=code,
            occasion=Occasion.INTAKE,
            level=1,
            reason="attitude",
        )
    assert err.value.key == "rating.reason_not_unhappy"
    with pytest.raises(DeskError) as err:
        record_rating(
            desk, prompt_id=prompt, code=code, occasion=Occasion.INTAKE, level=3, reason="other"
        )
    assert err.value.key == "rating.other_note"
    with desk.db.read_session() as s:
        assert s.scalars(select(Rating)).all() == []
        assert s.scalars(select(OutboxEvent).where(OutboxEvent.kind == KIND_RATING)).all() == []


def test_one_rating_per_prompt_and_per_dossier_occasion(desk: DeskContext) -> None:
    [code] = bulk_receive(desk, 1)
    prompt = new_prompt_id()
    record_rating(desk, prompt_id=prompt, code=code, occasion=Occasion.INTAKE, level=1)
    with pytest.raises(DeskError) as err:  # the same prompt answered twice (a double press)
        record_rating(
            desk, prompt_id=prompt, code=code, occasion=Occasion.INTAKE, level=3, reason="attitude"
        )
    assert err.value.key == "rating.duplicate"
    with pytest.raises(DeskError):  # a second prompt for the same dossier and occasion
        record_rating(desk, prompt_id=new_prompt_id(), code=code, occasion=Occasion.INTAKE, level=2)
    # The hand-over is another occasion: asked again then.
    record_rating(desk, prompt_id=new_prompt_id(), code=code, occasion=Occasion.HANDOVER, level=2)
    with desk.db.read_session() as s:
        assert len(s.scalars(select(Rating)).all()) == 2
        assert len(s.scalars(select(OutboxEvent).where(OutboxEvent.kind == KIND_RATING)).all()) == 2


def test_the_handover_prompt_is_due_only_just_after_status_10(desk: DeskContext, clock) -> None:  # type: ignore[no-untyped-def]
    [code, other] = bulk_receive(desk, 2)
    assert not handover_prompt_due(desk, code=code)  # received, not handed over
    _hand_over(desk, code)
    assert handover_prompt_due(desk, code=code)
    record_rating(desk, prompt_id=new_prompt_id(), code=code, occasion=Occasion.HANDOVER, level=1)
    assert not handover_prompt_due(desk, code=code)  # rated: never asked again
    _hand_over(desk, other)
    clock.now += HANDOVER_PROMPT_WINDOW + timedelta(seconds=1)
    assert not handover_prompt_due(desk, code=other)  # the citizen is long gone


def test_unhappy_reaches_the_supervisor_who_marks_it_handled(desk: DeskContext, clock) -> None:  # type: ignore[no-untyped-def]
    codes = bulk_receive(desk, 4)
    for code, level in zip(codes, (1, 1, 2, 3), strict=True):
        record_rating(
            desk,
            prompt_id=new_prompt_id(),
            code=code,
            occasion=Occasion.INTAKE,
            level=level,
            reason="contacts" if level == 3 else "",
            note="phải đi lại ba lần" if level == 3 else "",
        )
    day = clock.now.astimezone(desk.local_day_bounds(date(2025, 7, 15))[0].tzinfo).date()
    summary = rating_summary(desk, date_from=day, date_to=day).counts
    assert (summary.very_satisfied, summary.satisfied, summary.unhappy, summary.total) == (
        2,
        1,
        1,
        4,
    )
    assert summary.satisfied_share == pytest.approx(0.75)
    assert summary.unhappy_open == 1
    [unhappy] = list_ratings(desk, unhappy_only=True, open_only=True)
    assert (unhappy.dossier_code, unhappy.reason, unhappy.note) == (
        codes[3],
        "contacts",
        "phải đi lại ba lần",
    )
    with pytest.raises(DeskError) as err:
        mark_handled(desk, rating_id=unhappy.id, note="  ")
    assert err.value.key == "rating.handled_note"
    done = mark_handled(desk, rating_id=unhappy.id, note="Đã gọi điện xin lỗi")
    assert done.handled_note == "Đã gọi điện xin lỗi" and done.handled_at is not None
    assert list_ratings(desk, unhappy_only=True, open_only=True) == []
    with pytest.raises(DeskError) as err:
        mark_handled(desk, rating_id=unhappy.id, note="lần nữa")
    assert err.value.key == "rating.already_handled"
    with pytest.raises(DeskError) as err:
        mark_handled(desk, rating_id=999, note="x")
    assert err.value.key == "rating.unknown"
    assert rating_summary(desk, date_from=day, date_to=day).counts.unhappy_open == 0
    # Another day: nothing.
    assert rating_summary(desk, date_from=day + timedelta(days=1)).counts.total == 0


def test_a_clerk_may_rate_but_not_read_the_supervisor_list(desk: DeskContext) -> None:
    [code] = bulk_receive(desk, 1)
    clerk = desk.with_actor(CLERK)
    record_rating(clerk, prompt_id=new_prompt_id(), code=code, occasion=Occasion.INTAKE, level=1)
    with pytest.raises(DeskError) as err:
        list_ratings(clerk)
    assert err.value.key == "auth.forbidden"


def test_a_populated_0007_database_upgrades_and_takes_ratings(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil
    from pathlib import Path

    from app.services.context import open_desk
    from app.services.dossiers import list_dossiers

    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "schema_0007.sqlite3"
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(fixture, data / "motcua.sqlite3")
    ctx = open_desk(data)
    try:
        old = list_dossiers(ctx, limit=1)[0].code  # a dossier received before 0013
        got = record_rating(
            ctx,
            prompt_id=new_prompt_id(),
            code=old,
            occasion=Occasion.HANDOVER,
            level=3,
            reason="total_time",
        )
        assert got.dossier_code == old
        assert [r.dossier_code for r in list_ratings(ctx, unhappy_only=True)] == [old]
    finally:
        ctx.db.dispose()


def test_a_result_sent_by_post_asks_nobody(desk: DeskContext) -> None:
    import random

    from app.services.demo import random_person
    from app.services.dossiers import receive_dossier

    code = receive_dossier(
        desk,
        procedure_code="1.001193",
        applicant=random_person(random.Random(3)),
        result_delivery="post",
    ).code
    _hand_over(desk, code)
    assert not handover_prompt_due(desk, code=code)
