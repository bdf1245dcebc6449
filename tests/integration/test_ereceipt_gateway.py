"""The electronic receipt of a fee: queued in the outbox's own lane at payment, sent at
the next sync to the hub's reference e-receipt gateway (a real process, SQLite and
PostgreSQL), which answers a lookup code the counter keeps and shows. Exactly once: an
answer lost after the hub committed is asked again and gets the same code; the gateway
refuses strangers, other agencies, conflicting replays and oversized bodies; a gateway
answering 500 loses nothing and says so in Vietnamese."""

from __future__ import annotations

import json
from datetime import timedelta

import requests
from sqlalchemy import create_engine, select, text
from sqlalchemy.pool import NullPool
from sync_helpers import DropProxy, FakeHub, hub_stats, issue_code

from app.domain.fee_receipts import KIND_ERECEIPT
from app.services.dossiers import ApplicantInput, receive_dossier
from app.services.enrolment import enroll
from app.services.payments import fee_lines, receipts, record_payment
from app.services.sync import sync_once
from app.store.models import OutboxEvent
from app.sync.protocol import envelope_json, wire_time

TEMPORARY_RESIDENCE = "1.004194"
PERSON = ApplicantInput("Trần Thị Bình", "001190054321", address="Số 2 Âu Cơ, Hà Nội")
GATEWAY = "/api/v1/ereceipts"


def _pay(ctx, method="cash"):  # type: ignore[no-untyped-def]
    code = receive_dossier(ctx, procedure_code=TEMPORARY_RESIDENCE, applicant=PERSON).code
    return record_payment(ctx, code=code, line=1, method=method).payment


def _hub_receipts(db_url: str) -> list[tuple[str, str, str]]:
    engine = create_engine(db_url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text("SELECT event_id, number, lookup_code FROM hub_ereceipt ORDER BY number")
            )
            return [(r[0], r[1], r[2]) for r in rows]
    finally:
        engine.dispose()


def _request(ctx) -> tuple[str, bytes]:  # type: ignore[no-untyped-def]
    """(event_id, body) of the counter's e-receipt request as it is sent."""
    with ctx.db.read_session() as s:
        e = s.scalar(select(OutboxEvent).where(OutboxEvent.kind == KIND_ERECEIPT))
        body = envelope_json(
            event_id=e.event_id,
            kind=e.kind,
            dossier_code=e.dossier_code,
            created_at=wire_time(e.created_at),
            payload_hash=e.payload_hash,
            payload_json=e.payload,
        )
        return e.event_id, body.encode("utf-8")


def _states(ctx) -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
    with ctx.db.read_session() as s:
        return [
            (r.state, r.attempts)
            for r in s.scalars(select(OutboxEvent).where(OutboxEvent.kind == KIND_ERECEIPT))
        ]


def test_the_gateway_issues_a_lookup_code_once(live_desk, running):  # type: ignore[no-untyped-def]
    ctx, hub = live_desk, running
    enroll(ctx, hub_url=hub.url, code=issue_code(hub.db_url))
    paid = _pay(ctx)
    assert paid.ereceipt_state == "waiting" and paid.lookup_code == ""
    report = sync_once(ctx)
    assert report.outcome == "ok", report
    stored = _hub_receipts(hub.db_url)
    assert [(n) for _, n, _ in stored] == [paid.receipt_no]
    lookup = stored[0][2]
    line = fee_lines(ctx, code=paid.dossier_code)[0]
    assert line.payment is not None and line.payment.lookup_code == lookup
    assert line.payment.ereceipt_state == "issued"
    assert [p.lookup_code for p in receipts(ctx)] == [lookup]
    assert _states(ctx) == [("acked", 0)]
    # the e-receipt lane never goes to /events: the hub stored the dossier's two upserts only
    stats = hub_stats(hub.db_url)
    assert stats["events"] == 2 and stats.get("rejected", 0) == 0
    # a replay of the very request is a duplicate with the same code
    token_call = _replay(ctx, hub)
    assert token_call == ("duplicate", lookup)
    assert len(_hub_receipts(hub.db_url)) == 1


def _replay(ctx, hub):  # type: ignore[no-untyped-def]
    import keyring

    from app.services.identity import device_uid, token_key
    from app.sync.tokens import SERVICE

    token = keyring.get_password(SERVICE, token_key(hub.url, device_uid(ctx)))
    _eid, body = _request(ctx)
    got = requests.post(
        hub.url + GATEWAY,
        data=body,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        timeout=10,
    )
    assert got.status_code == 200, got.text
    return got.json()["result"], got.json()["lookup_code"]


def test_a_lost_answer_is_asked_again_and_gets_the_same_code(enrolled, memory_keyring):  # type: ignore[no-untyped-def]
    ctx, hub = enrolled
    paid = _pay(ctx, "transfer")
    from app.services.identity import device_uid, token_key
    from app.services.sync_status import K_HUB_URL
    from app.store.repositories import set_value
    from app.sync.tokens import SERVICE

    with DropProxy(hub.port, drops=1, match=b"POST " + GATEWAY.encode()) as proxy:
        uid = device_uid(ctx)
        memory_keyring.set_password(
            SERVICE,
            token_key(proxy.url, uid),
            memory_keyring.get_password(SERVICE, token_key(hub.url, uid)),
        )
        with ctx.db.session() as s:
            set_value(s, K_HUB_URL, proxy.url)
            s.commit()
        first = sync_once(ctx)
        assert proxy.dropped == 1
        assert first.outcome == "error"
        assert "biên lai điện tử" in first.error and "gửi lại" in first.error
        committed = _hub_receipts(hub.db_url)
        assert len(committed) == 1  # the hub did issue it: only the answer was lost
        line = fee_lines(ctx, code=paid.dossier_code)[0].payment
        assert line is not None and line.ereceipt_state == "waiting" and not line.lookup_code
        assert _states(ctx) == [("pending", 1)]
        ctx.clock.now += timedelta(minutes=10)  # past the back-off
        second = sync_once(ctx)
    assert second.outcome == "ok", second
    again = fee_lines(ctx, code=paid.dossier_code)[0].payment
    assert again is not None and again.lookup_code == committed[0][2]
    assert _hub_receipts(hub.db_url) == committed  # never two receipts for one payment
    assert _states(ctx) == [("acked", 1)]


def test_the_gateway_refuses_strangers_other_agencies_conflicts_and_big_bodies(enrolled):  # type: ignore[no-untyped-def]
    ctx, hub = enrolled
    _pay(ctx)
    eid, body = _request(ctx)
    url = hub.url + GATEWAY
    json_type = {"Content-Type": "application/json"}
    assert requests.post(url, data=body, headers=json_type, timeout=10).status_code == 401
    bad = {**json_type, "Authorization": "Bearer nope"}
    assert requests.post(url, data=body, headers=bad, timeout=10).status_code == 401
    # a device of another agency
    other = requests.post(
        hub.url + "/api/v1/enroll",
        json={"code": issue_code(hub.db_url, "000.00.32.H26"), "counter_name": "Khác"},
        timeout=10,
    ).json()["token"]
    theirs = {**json_type, "Authorization": f"Bearer {other}"}
    got = requests.post(url, data=body, headers=theirs, timeout=10)
    assert got.status_code == 403 and "own agency" in got.json()["detail"]
    # the same request id with other content
    obj = json.loads(body)
    payload = json.loads(obj["payload"])
    payload["receipt"]["SoTien"] = 1
    from app.sync.protocol import canonical_json, text_hash

    obj["payload"] = canonical_json(payload)
    obj["payload_hash"] = text_hash(obj["payload"])
    import keyring

    from app.services.identity import device_uid, token_key
    from app.sync.tokens import SERVICE

    mine = keyring.get_password(SERVICE, token_key(hub.url, device_uid(ctx)))
    auth = {**json_type, "Authorization": f"Bearer {mine}"}
    assert requests.post(url, data=body, headers=auth, timeout=10).status_code == 200
    got = requests.post(url, data=json.dumps(obj).encode(), headers=auth, timeout=10)
    assert got.status_code == 409
    # a body past the gateway's bound is cut off before it is parsed
    huge = b'{"event_id": "' + b"x" * 20000 + b'"}'
    assert requests.post(url, data=huge, headers=auth, timeout=10).status_code == 413
    assert len(_hub_receipts(hub.db_url)) == 1 and _hub_receipts(hub.db_url)[0][0] == eid


def test_a_gateway_answering_500_loses_nothing(live_desk):  # type: ignore[no-untyped-def]
    ctx = live_desk
    with FakeHub("500") as fake:
        enroll(ctx, hub_url=fake.url, code="ABCD-1234")
        paid = _pay(ctx)
        report = sync_once(ctx)
        assert ("POST", GATEWAY) in fake.requests
    assert report.outcome == "error"
    line = fee_lines(ctx, code=paid.dossier_code)[0].payment
    assert line is not None and line.ereceipt_state == "waiting"
    assert _states(ctx) == [("pending", 1)]  # kept, to be sent again
    with ctx.db.read_session() as s:
        from app.store.models import ElectronicReceipt

        assert "HTTP 500" in s.scalar(select(ElectronicReceipt.last_error))


def test_a_refused_request_resent_under_a_new_id_keeps_its_code(enrolled):  # type: ignore[no-untyped-def]
    """sync-problems --resend gives a refused event a new id: the answer still lands on
    its payment, and the gateway, knowing the receipt number, issues nothing twice."""
    from app.services.sync_problems import requeue_problems
    from app.store.models import ElectronicReceipt

    ctx, hub = enrolled
    paid = _pay(ctx)
    with ctx.db.session() as s:  # the gateway refused it once (say, a setting was wrong)
        e = s.scalar(select(OutboxEvent).where(OutboxEvent.kind == KIND_ERECEIPT))
        e.state, e.last_error = "rejected", "HTTP 403: this device may ask ..."
        row = s.scalar(select(ElectronicReceipt))
        row.state = "refused"
        s.commit()
    assert requeue_problems(ctx) >= 1
    report = sync_once(ctx)
    assert report.outcome == "ok", report
    line = fee_lines(ctx, code=paid.dossier_code)[0].payment
    assert line is not None and line.ereceipt_state == "issued"
    assert line.lookup_code == _hub_receipts(hub.db_url)[0][2]
    assert len(_hub_receipts(hub.db_url)) == 1


def _hub_voids(db_url: str) -> list[tuple[str, str]]:
    engine = create_engine(db_url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT number, reason FROM hub_ereceipt_void"))
            return [(r[0], r[1]) for r in rows]
    finally:
        engine.dispose()


def test_a_void_cancels_the_electronic_receipt_once(enrolled):  # type: ignore[no-untyped-def]
    from app.services.payments import void_payment

    ctx, hub = enrolled
    first = _pay(ctx)
    assert sync_once(ctx).outcome == "ok"
    void_payment(ctx, receipt=first.receipt_no, reason="thu nhầm hồ sơ khác")
    assert sync_once(ctx).outcome == "ok"
    assert _hub_voids(hub.db_url) == [(first.receipt_no, "thu nhầm hồ sơ khác")]
    # voided before it was ever sent: the request and its void both arrive, in order
    second = _pay(ctx)
    void_payment(ctx, receipt=second.receipt_no, reason="khách đổi ý, hoàn tiền")
    assert sync_once(ctx).outcome == "ok"
    assert sorted(n for n, _ in _hub_voids(hub.db_url)) == [first.receipt_no, second.receipt_no]
    assert sorted(n for _, n, _ in _hub_receipts(hub.db_url)) == [
        first.receipt_no,
        second.receipt_no,
    ]
    assert {st for st, _ in _states(ctx)} == {"acked"}


def test_with_the_hub_down_the_request_waits_and_goes_when_it_is_back(enrolled):  # type: ignore[no-untyped-def]
    ctx, hub = enrolled
    hub.kill()  # SIGKILL: the city system is down
    paid = _pay(ctx, "online")
    down = sync_once(ctx)
    assert down.outcome == "offline"
    assert _states(ctx) == [("pending", 0)]  # never left: costs the request nothing
    waiting = fee_lines(ctx, code=paid.dossier_code)[0].payment
    assert waiting is not None and waiting.ereceipt_state == "waiting"
    hub.start()
    back = sync_once(ctx)
    assert back.outcome == "ok", back
    issued = fee_lines(ctx, code=paid.dossier_code)[0].payment
    assert issued is not None and issued.lookup_code == _hub_receipts(hub.db_url)[0][2]
