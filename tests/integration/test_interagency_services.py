"""Receiving for another body (issue 18) through the services, two real counter databases
(SQLite files): intake at point A for body B, the incoming dossier at B from A's own
national record, taking it, the moves each side may make, the result sent back and
returned. The hub's part is played here by handing each side's outbox record to the other
as the route change the hub makes (hub/routing.py); test_interagency_flow.py runs the real
hub."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from app.domain.dossier import VN_TZ, Channel, Status
from app.domain.errors import DeskError
from app.domain.interagency import ReturnPlace, RouteState
from app.services.catalog import all_procedures
from app.services.context import DeskContext
from app.services.demo import random_person
from app.services.dossiers import (
    advance_dossier,
    get_dossier,
    preview_intake,
    receive_dossier,
)
from app.services.interagency import list_incoming, send_result_back, take_incoming
from app.services.sync_problems import rejected_events
from app.store.agencies import set_agency_calendar
from app.store.models import AuditLog, Dossier, OutboxEvent, Procedure
from app.sync.protocol import CHANGE_INCOMING, CHANGE_ROUTE, ProtocolError, validate_change
from tests.helpers.interagency import (
    A_CODE,
    B_CODE,
    B_NAME,
    CITY_CODE,
    catalog_for_a,
    last_record,
    open_body_b,
    route_change,
)


@pytest.fixture
def point_a(desk: DeskContext) -> DeskContext:
    catalog_for_a(desk)
    return desk


@pytest.fixture
def body_b(tmp_path, clock):  # type: ignore[no-untyped-def]
    ctx = open_body_b(tmp_path / "b", clock)
    yield ctx
    ctx.db.dispose()


def _proc(ctx: DeskContext) -> str:
    """A procedure of the shared catalog with a processing time of whole working days."""
    return next(
        p.code
        for p in all_procedures(ctx)
        if p.active and p.processing.unit == "day" and p.processing.amount >= 3 and not p.cutoff
    )


def _person(seed: int = 1):  # type: ignore[no-untyped-def]
    return random_person(random.Random(seed))


def _route(
    to: DeskContext, frm: DeskContext, code: str, *, state: RouteState, kind: str = CHANGE_ROUTE
) -> int:
    return route_change(to, frm, code, state=state, kind=kind)


def test_intake_for_another_body_keeps_the_points_code_and_the_bodys_calendar(
    point_a: DeskContext,
) -> None:
    proc = _proc(point_a)
    own = receive_dossier(point_a, procedure_code=proc, applicant=_person(1))
    assert own.appointment_at is not None
    # B's calendar: the own appointment day is a day off at B, so B's appointment is later.
    day = own.appointment_at.astimezone(VN_TZ).date()
    with point_a.db.session() as s:
        set_agency_calendar(s, code=B_CODE, days={day: (False, "Nghỉ bù")}, at=point_a.now())
        s.commit()
    point_a.forget_calendar()
    rec = receive_dossier(
        point_a, procedure_code=proc, applicant=_person(2), competent_agency=B_CODE
    )
    assert rec.code.startswith(A_CODE + "-")
    assert rec.agency.code == A_CODE
    assert rec.competent is not None and rec.competent.code == B_CODE
    assert rec.competent.name == B_NAME
    assert rec.route_state is RouteState.RECEIVED
    assert rec.return_place is ReturnPlace.RECEIVING
    assert rec.appointment_at is not None and rec.appointment_at > own.appointment_at
    preview = preview_intake(
        point_a, procedure_code=proc, channel=Channel.DIRECT, competent_agency=B_CODE
    )
    assert preview.appointment_at == rec.appointment_at  # what the form showed is printed
    assert preview_intake(point_a, procedure_code=proc, channel=Channel.DIRECT).appointment_at == (
        own.appointment_at
    )
    _, wire = last_record(point_a, rec.code)
    assert wire["MaDonVi"] == A_CODE and wire["MaDonViXuLy"] == B_CODE
    assert wire["TrangThaiPhiDiaGioi"] == int(RouteState.RECEIVED)
    city = receive_dossier(
        point_a,
        procedure_code=proc,
        applicant=_person(3),
        competent_agency=CITY_CODE,
        return_place=ReturnPlace.COMPETENT,
        channel=Channel.POST,
        post_receipt_no="RR12345678VN",
    )
    assert city.return_place is ReturnPlace.COMPETENT and city.routed
    # The home code is an own dossier.
    assert not receive_dossier(
        point_a, procedure_code=proc, applicant=_person(4), competent_agency=A_CODE
    ).routed


@pytest.mark.parametrize(
    ("code", "channel", "key"),
    [
        ("000.00.99.H26", Channel.DIRECT, "interagency.unknown_agency"),
        (B_CODE, Channel.ONLINE, "interagency.online"),
    ],
)
def test_intake_for_an_unknown_body_or_online_is_refused_and_saves_nothing(
    point_a: DeskContext, code: str, channel: Channel, key: str
) -> None:
    with point_a.db.read_session() as s:
        before = len(s.scalars(select(Dossier.id)).all())
    with pytest.raises(DeskError) as err:
        receive_dossier(
            point_a,
            procedure_code=_proc(point_a),
            applicant=_person(),
            competent_agency=code,
            channel=channel,
        )
    assert err.value.key == key
    assert "cơ quan" in err.value.message("vi").lower()
    with point_a.db.read_session() as s:
        assert len(s.scalars(select(Dossier.id)).all()) == before
        assert s.scalars(select(OutboxEvent.id)).all() == []


def test_the_arrangement_end_to_end_between_two_databases(
    point_a: DeskContext, body_b: DeskContext, clock
) -> None:  # type: ignore[no-untyped-def]
    rec = receive_dossier(
        point_a, procedure_code=_proc(point_a), applicant=_person(5), competent_agency=B_CODE
    )
    code = rec.code
    # The receiving point processes nothing.
    with pytest.raises(DeskError) as err:
        advance_dossier(point_a, code=code, to=Status.PROCESSING)
    assert err.value.key == "interagency.not_competent"

    # The hub routes it: B gets it incoming, A learns AWAITING.
    assert _route(body_b, point_a, code, state=RouteState.AWAITING, kind=CHANGE_INCOMING) == 1
    assert _route(body_b, point_a, code, state=RouteState.AWAITING, kind=CHANGE_INCOMING) == 0
    _route(point_a, point_a, code, state=RouteState.AWAITING)
    at_b = get_dossier(body_b, code=code)
    assert at_b.agency.code == A_CODE and at_b.competent_agency.code == B_CODE
    assert at_b.route_state is RouteState.AWAITING
    assert at_b.applicant.full_name == rec.applicant.full_name
    assert at_b.procedure_code == rec.procedure_code
    assert [d.name for d in at_b.documents] == [d.name for d in rec.documents]
    assert at_b.appointment_at == rec.appointment_at
    assert [r.code for r in list_incoming(body_b)] == [code]
    assert get_dossier(point_a, code=code).route_state is RouteState.AWAITING

    # B may not process before taking it; then takes it.
    with pytest.raises(DeskError) as err:
        advance_dossier(body_b, code=code, to=Status.PROCESSING)
    assert err.value.key == "interagency.not_taken"
    clock.now += timedelta(hours=1)
    taken = take_incoming(body_b, code, note="Đã nhận đủ bản gốc")
    assert taken.route_state is RouteState.PROCESSING and taken.route_taken_at == clock.now
    with pytest.raises(DeskError) as err:
        take_incoming(body_b, code)
    assert err.value.key == "interagency.already_taken"
    assert list_incoming(body_b) == []
    _route(point_a, body_b, code, state=RouteState.PROCESSING)
    seen = get_dossier(point_a, code=code)
    assert seen.route_state is RouteState.PROCESSING and seen.route_taken_at == clock.now

    # B processes; each move reaches A.
    for to in (Status.PROCESSING, Status.RESOLVED):
        clock.now += timedelta(hours=1)
        advance_dossier(body_b, code=code, to=to, note="Đủ điều kiện")
        _route(point_a, body_b, code, state=RouteState.PROCESSING)
        assert get_dossier(point_a, code=code).status == to
    with pytest.raises(DeskError) as err:  # the citizen collects it at A
        advance_dossier(body_b, code=code, to=Status.RETURNED)
    assert err.value.key == "interagency.return_at_receiving"
    with pytest.raises(DeskError) as err:  # A cannot hand it over before it came back
        advance_dossier(point_a, code=code, to=Status.RETURNED)
    assert err.value.key == "interagency.not_competent"
    back = send_result_back(body_b, code)
    assert back.route_state is RouteState.RESULT_SENT_BACK
    _route(point_a, body_b, code, state=RouteState.RESULT_SENT_BACK)
    assert get_dossier(point_a, code=code).route_state is RouteState.RESULT_SENT_BACK

    # A hands the result to the citizen; B learns it.
    clock.now += timedelta(hours=1)
    done = advance_dossier(point_a, code=code, to=Status.RETURNED, note="Đã trả")
    assert done.route_state is RouteState.RETURNED
    _route(body_b, point_a, code, state=RouteState.RETURNED)
    final_b = get_dossier(body_b, code=code)
    assert final_b.status == Status.RETURNED and final_b.route_state is RouteState.RETURNED
    # A late, replayed report moves nothing back.
    _route(point_a, point_a, code, state=RouteState.AWAITING)
    assert get_dossier(point_a, code=code).route_state is RouteState.RETURNED


def test_return_at_the_competent_body(point_a: DeskContext, body_b: DeskContext) -> None:
    code = receive_dossier(
        point_a,
        procedure_code=_proc(point_a),
        applicant=_person(6),
        competent_agency=B_CODE,
        return_place=ReturnPlace.COMPETENT,
    ).code
    _route(body_b, point_a, code, state=RouteState.AWAITING, kind=CHANGE_INCOMING)
    take_incoming(body_b, code)
    advance_dossier(body_b, code=code, to=Status.RESOLVED, note="Xong")
    with pytest.raises(DeskError) as err:
        send_result_back(body_b, code)
    assert err.value.key == "interagency.not_sendable"
    rec = advance_dossier(body_b, code=code, to=Status.RETURNED, note="Trả tại phường Ba Đình")
    assert rec.route_state is RouteState.RETURNED
    for _ in range(3):  # A gets B's moves one by one (here only the last record)
        _route(point_a, body_b, code, state=RouteState.RETURNED)
    at_a = get_dossier(point_a, code=code)
    assert at_a.route_state is RouteState.RETURNED and at_a.status == Status.RETURNED


def test_an_unknown_procedure_is_kept_with_a_placeholder(
    point_a: DeskContext, body_b: DeskContext
) -> None:
    rec = receive_dossier(
        point_a, procedure_code=_proc(point_a), applicant=_person(7), competent_agency=B_CODE
    )
    with body_b.db.session() as s:  # B's catalog does not know it (renamed away)
        p = s.scalars(select(Procedure).where(Procedure.code == rec.procedure_code)).one()
        p.code = "X-" + p.code[:30]
        s.commit()
    _route(body_b, point_a, rec.code, state=RouteState.AWAITING, kind=CHANGE_INCOMING)
    at_b = get_dossier(body_b, code=rec.code)
    assert at_b.procedure_code == rec.procedure_code
    assert at_b.procedure_name == rec.procedure_name
    with body_b.db.read_session() as s:
        placeholder = s.scalars(select(Procedure).where(Procedure.code == rec.procedure_code)).one()
        assert placeholder.active is False
    take_incoming(body_b, rec.code)  # it can be worked on all the same


def test_a_code_held_for_another_dossier_is_never_overwritten(
    point_a: DeskContext, body_b: DeskContext, clock
) -> None:  # type: ignore[no-untyped-def]
    rec = receive_dossier(
        point_a, procedure_code=_proc(point_a), applicant=_person(8), competent_agency=B_CODE
    )
    _route(body_b, point_a, rec.code, state=RouteState.AWAITING, kind=CHANGE_INCOMING)
    with body_b.db.session() as s:  # the same code received at another time: another dossier
        d = s.scalars(select(Dossier).where(Dossier.code == rec.code)).one()
        d.received_at = d.received_at - timedelta(days=1)
        d.applicant_name = "Người khác"
        s.commit()
    _route(body_b, point_a, rec.code, state=RouteState.PROCESSING)
    at_b = get_dossier(body_b, code=rec.code)
    assert at_b.applicant.full_name == "Người khác"
    assert at_b.route_state is RouteState.AWAITING
    with body_b.db.read_session() as s:
        assert s.scalars(
            select(AuditLog.entity_key).where(AuditLog.action == "interagency.clash")
        ).all() == [rec.code]
    problems = [p for p in rejected_events(body_b) if p.dossier_code == rec.code]
    assert problems and "khác" in problems[0].reason


def test_a_side_that_missed_steps_takes_the_latest_without_a_conflict(
    point_a: DeskContext, body_b: DeskContext
) -> None:
    code = receive_dossier(
        point_a,
        procedure_code=_proc(point_a),
        applicant=_person(9),
        competent_agency=B_CODE,
        return_place=ReturnPlace.COMPETENT,
    ).code
    _route(body_b, point_a, code, state=RouteState.AWAITING, kind=CHANGE_INCOMING)
    take_incoming(body_b, code)
    advance_dossier(body_b, code=code, to=Status.RESOLVED, note="Xong")
    advance_dossier(body_b, code=code, to=Status.RETURNED, note="Trả tại phường Ba Đình")
    _route(point_a, body_b, code, state=RouteState.RETURNED)  # only the latest reached A
    at_a = get_dossier(point_a, code=code)
    assert at_a.status == Status.RETURNED
    assert not any("Xung đột" in h.note for h in at_a.history)


def test_a_refusal_at_the_point_and_processing_at_the_body_converge(
    point_a: DeskContext, body_b: DeskContext
) -> None:
    """Concurrent moves (app.domain.concurrency): the point refuses the same day while the
    body, not knowing it, takes and starts processing; the final status wins on both."""
    code = receive_dossier(
        point_a, procedure_code=_proc(point_a), applicant=_person(10), competent_agency=B_CODE
    ).code
    _route(body_b, point_a, code, state=RouteState.AWAITING, kind=CHANGE_INCOMING)
    take_incoming(body_b, code)
    advance_dossier(body_b, code=code, to=Status.PROCESSING)
    advance_dossier(point_a, code=code, to=Status.REFUSED, note="Không thuộc thẩm quyền")
    _route(body_b, point_a, code, state=RouteState.AWAITING)
    _route(point_a, body_b, code, state=RouteState.PROCESSING)
    at_a, at_b = get_dossier(point_a, code=code), get_dossier(body_b, code=code)
    assert at_a.status == at_b.status == Status.REFUSED
    assert at_a.route_state is at_b.route_state is RouteState.PROCESSING
    assert any("Xung đột" in h.note for h in at_a.history)  # the losing move is kept visible
    assert any("Xung đột" in h.note for h in at_b.history)


@pytest.mark.parametrize(
    "broken",
    [
        {"route": {"state": 9, "receiving": A_CODE, "competent": B_CODE}},
        {"route": {"state": 2, "receiving": "", "competent": B_CODE}},
        {"dossier": {"MaHoSo": "other", "TrangThaiHoSo": 2}},
        {"dossier": None},
    ],
)
def test_a_malformed_route_change_is_refused_by_the_protocol(
    point_a: DeskContext, broken: dict[str, Any]
) -> None:
    code = receive_dossier(
        point_a, procedure_code=_proc(point_a), applicant=_person(11), competent_agency=B_CODE
    ).code
    version, record = last_record(point_a, code)
    data: dict[str, Any] = {
        "MaHoSo": code,
        "version": version,
        "route": {"state": 2, "receiving": A_CODE, "competent": B_CODE, "return_place": 1},
        "dossier": record,
    }
    data.update(broken)
    with pytest.raises(ProtocolError):
        validate_change({"seq": 1, "kind": CHANGE_INCOMING, "at": "20250715140500", "data": data})
