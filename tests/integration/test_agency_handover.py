"""The paper hand-over between bodies (issue 18) on two real counter databases: point A
(phường Tây Hồ) receives dossiers for body B (phường Ba Đình), makes a hand-over list of
kind "agency" (PDF read back with pypdf, QR decoded with pdftoppm + zbarimg), each dossier's
national record then carries NgayGuiPhiDiaGioi in a queued outbox event; at B one scan of the
list takes every dossier (AWAITING -> PROCESSING); a second scan, a list for another body and
a damaged payload are refused and record nothing; a dossier the hub has not delivered yet is
named, and scanning the same list again once it is here takes it."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.domain.dossier import VN_TZ, Channel
from app.domain.errors import DeskError
from app.domain.handover import (
    MAX_BATCH_SIZE,
    encode_agency_payload,
    handover_payload,
    parse_agency_payload,
)
from app.domain.interagency import WIRE_SENT_AT, RouteState
from app.domain.roles import Role
from app.services import agency_handover as ah
from app.services import post
from app.services.catalog import seed_catalog
from app.services.context import open_desk
from app.services.demo import DEMO_AGENCY, DEMO_PASSWORD, setup_service_point
from app.services.dossiers import ApplicantInput, get_dossier, receive_dossier
from app.services.users import create_user, log_in
from app.sync.mapping import dossier_to_national
from tests.helpers.interagency_desks import (
    B_NAME,
    C_NAME,
    A,
    B,
    C,
    add_catalog_body,
    deliver_incoming,
    open_body_b,
    receive_for,
)

ROOT = Path(__file__).resolve().parents[2]
COURIER = "Đỗ Văn Chuyển"


def vn(*args: int) -> datetime:
    return datetime(*args, tzinfo=VN_TZ)


def _digest(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        h = hashlib.sha256()
        for (table,) in con.execute(
            "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"
        ):
            for row in con.execute(f'SELECT * FROM "{table}" ORDER BY rowid'):
                h.update(repr((table, row)).encode())
        return h.hexdigest()
    finally:
        con.close()


@pytest.fixture
def clerk_a(desk):
    add_catalog_body(desk, B, B_NAME)
    add_catalog_body(desk, C, C_NAME)
    return log_in(desk, username="canbo1", password=DEMO_PASSWORD)


@pytest.fixture
def desk_b(tmp_path, clock):
    ctx = open_body_b(tmp_path / "b", clock)
    yield ctx
    ctx.db.dispose()


@pytest.fixture
def clerk_b(desk_b):
    return log_in(desk_b, username="canbo9", password=DEMO_PASSWORD)


def _decode_qr_codes(pdf: Path, tmp: Path) -> list[str]:
    subprocess.run(
        ["pdftoppm", "-r", "200", "-png", str(pdf), str(tmp / "page")], check=True, timeout=60
    )
    [png] = sorted(tmp.glob("page*.png"))
    done = subprocess.run(
        ["zbarimg", "--raw", "-q", str(png)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return [line for line in done.stdout.splitlines() if line]


def _outbox_records(desk, code: str) -> list[dict]:
    con = sqlite3.connect(desk.db.path)
    try:
        rows = con.execute(
            "SELECT payload FROM outbox WHERE dossier_code = ? ORDER BY id", (code,)
        ).fetchall()
    finally:
        con.close()
    return [json.loads(p)["dossier"] for (p,) in rows]


def test_list_at_a_then_one_scan_at_b_takes_the_whole_batch(
    desk, clock, clerk_a, desk_b, clerk_b, tmp_path
):
    clock.now = vn(2025, 7, 15, 8, 30)
    codes = [receive_for(clerk_a, B, i) for i in range(3)]
    other = receive_for(clerk_a, C, 3)  # for another body: not on B's list
    own = receive_dossier(
        clerk_a,
        procedure_code="1.004222",
        applicant=ApplicantInput("Ngô Thị Riêng", "001096009999"),
    ).code
    assert [r.code for r in ah.pending_for_agency(clerk_a, to_agency=B)] == codes
    assert [(b.code, b.count) for b in ah.bodies_waiting(clerk_a)] == [(B, 3), (C, 1)]

    clock.now = vn(2025, 7, 15, 10, 15)
    batch = ah.create_agency_handover(clerk_a, to_agency=B, courier=f"  {COURIER} ")
    assert batch.batch_id == f"{A}-BG-250715-1001" and batch.kind == "agency"
    assert batch.codes == tuple(codes) and batch.courier_name == COURIER
    assert batch.to_agency_code == B and batch.to_agency_name == B_NAME
    assert ah.pending_for_agency(clerk_a, to_agency=B) == []
    assert [(b.code, b.count) for b in ah.bodies_waiting(clerk_a)] == [(C, 1)]
    assert [r.code for r in ah.pending_for_agency(clerk_a, to_agency=C)] == [other]
    assert post.list_handovers(clerk_a) == []  # the post's own list does not show it
    with pytest.raises(DeskError) as nothing:
        ah.create_agency_handover(clerk_a, to_agency=B, courier=COURIER)
    assert nothing.value.key == "agency_handover.nothing"
    with pytest.raises(DeskError) as wrong:
        ah.create_agency_handover(clerk_a, to_agency=C, courier=COURIER, codes=[own])
    assert wrong.value.key == "agency_handover.not_for_body"

    # NgayGuiPhiDiaGioi: in the record and in a queued event of each dossier on the list.
    sent_wire = "20250715101500"
    for code in codes:
        rec = get_dossier(clerk_a, code=code)
        assert rec.route_sent_at == clock.now
        assert dossier_to_national(rec)[WIRE_SENT_AT] == sent_wire
        events = _outbox_records(desk, code)
        assert len(events) == 2 and events[-1][WIRE_SENT_AT] == sent_wire
        assert events[0].get(WIRE_SENT_AT, "") == ""  # before the papers left
        assert any(h.note.startswith(ah.SENT_NOTE) and COURIER in h.note for h in rec.history)
    assert WIRE_SENT_AT not in dossier_to_national(get_dossier(clerk_a, code=own))

    # The printed list: one page, the facts, three signatures, one QR for the batch.
    pdf = post.print_handover(clerk_a, batch_id=batch.batch_id, out=tmp_path / "list.pdf")
    reader = PdfReader(str(pdf))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for needle in (
        "DANH SÁCH BÀN GIAO HỒ SƠ",
        "không phụ thuộc địa giới hành chính",
        batch.batch_id,
        f"{B_NAME} ({B})",
        COURIER,
        "Nguyễn Thị Hằng",
        "BÊN GIAO",
        "NGƯỜI CHUYỂN",
        "BÊN NHẬN",
        "Tiếp nhận lúc",
        *codes,
    ):
        assert needle in text, needle
    assert "Số hồ sơ:" in text and "3" in text and "bưu chính" not in text
    payload = handover_payload(batch)
    decoded = _decode_qr_codes(pdf, tmp_path)
    assert payload in decoded and set(codes) <= set(decoded)
    assert parse_agency_payload(payload).sent_at == clock.now

    # At B: the hub delivered the three dossiers; one scan takes them all.
    for code in codes:
        deliver_incoming(desk_b, desk, code)
    clock.now = vn(2025, 7, 15, 14, 40)
    got = ah.receive_agency_handover(clerk_b, payload=payload + "\r\n")
    assert got.taken == tuple(codes) and got.missing == () and got.complete
    for code in codes:
        rec = get_dossier(clerk_b, code=code)
        assert rec.route_state is RouteState.PROCESSING and rec.route_taken_at == clock.now
        assert rec.agency.code == A and rec.competent_agency.code == B
        assert rec.route_sent_at == vn(2025, 7, 15, 10, 15)  # known at B from the scan
        assert any(h.note.startswith(ah.TAKEN_NOTE) for h in rec.history)
        # B's event of the take tells the hub when the papers left and when B took them.
        last = _outbox_records(desk_b, code)[-1]
        assert last[WIRE_SENT_AT] == sent_wire and last["NgayNhanPhiDiaGioi"] == "20250715144000"
    [at_b] = ah.list_agency_handovers(clerk_b)
    assert at_b.received_by == "canbo9" and at_b.codes == tuple(codes)

    # The second scan is refused and changes nothing.
    before = _digest(desk_b.db.path)
    with pytest.raises(DeskError) as twice:
        ah.receive_agency_handover(clerk_b, payload=payload)
    assert twice.value.key == "handover.already_received"
    assert "đã được tiếp nhận" in twice.value.message("vi")
    assert _digest(desk_b.db.path) == before


def test_a_list_for_another_body_or_a_damaged_one_is_refused(desk, clock, clerk_a, desk_b, clerk_b):
    codes = [receive_for(clerk_a, C, i) for i in range(2)]
    batch = ah.create_agency_handover(clerk_a, to_agency=C, courier=COURIER)
    for code in codes:
        deliver_incoming(desk_b, desk, code)
    before = _digest(desk_b.db.path)
    with pytest.raises(DeskError) as other:
        ah.receive_agency_handover(clerk_b, payload=handover_payload(batch))
    assert other.value.key == "agency_handover.other_body"
    assert C in other.value.message("vi") and B in other.value.message("vi")
    tampered = handover_payload(batch).replace(C, B, 1)
    with pytest.raises(DeskError) as damaged:
        ah.receive_agency_handover(clerk_b, payload=tampered)
    assert damaged.value.key == "handover.checksum"
    # A forged but well-formed list naming dossiers B does not hold from A.
    forged = encode_agency_payload(f"{A}-BG-250715-1009", B, B, clock.now, codes)
    with pytest.raises(DeskError):
        ah.receive_agency_handover(clerk_b, payload=forged)
    # A post scan of an agency list says what it is.
    with pytest.raises(DeskError):
        post.receive_handover(clerk_b, payload=handover_payload(batch))
    assert _digest(desk_b.db.path) == before
    # A's own clerk cannot "receive" the list it sent.
    with pytest.raises(DeskError) as own:
        ah.receive_agency_handover(clerk_a, payload=handover_payload(batch))
    assert own.value.key == "agency_handover.other_body"


def test_a_dossier_not_yet_at_b_is_named_and_taken_by_scanning_again(
    desk, clock, clerk_a, desk_b, clerk_b
):
    codes = [receive_for(clerk_a, B, i) for i in range(3)]
    clock.now = vn(2025, 7, 16, 9, 0)
    batch = ah.create_agency_handover(clerk_a, to_agency=B, courier=COURIER)
    payload = handover_payload(batch)
    deliver_incoming(desk_b, desk, codes[0])
    deliver_incoming(desk_b, desk, codes[2])  # codes[1]: the hub has not delivered it yet

    clock.now = vn(2025, 7, 16, 11, 0)
    first = ah.receive_agency_handover(clerk_b, payload=payload)
    assert first.taken == (codes[0], codes[2]) and first.missing == (codes[1],)
    assert not first.complete
    [waiting] = ah.list_agency_handovers(clerk_b, received=False)
    assert waiting.codes == (codes[0], codes[2])  # the scan is kept: what is here is linked
    for code in (codes[0], codes[2]):
        assert get_dossier(clerk_b, code=code).route_state is RouteState.PROCESSING

    # Scanning again before it arrives takes nothing more and records nothing new but audit.
    again = ah.receive_agency_handover(clerk_b, payload=payload)
    assert again.taken == () and again.missing == (codes[1],)
    assert again.taken_before == (codes[0], codes[2])

    deliver_incoming(desk_b, desk, codes[1])
    clock.now = vn(2025, 7, 16, 15, 30)
    last = ah.receive_agency_handover(clerk_b, payload=payload)
    assert last.taken == (codes[1],) and last.complete
    rec = get_dossier(clerk_b, code=codes[1])
    assert rec.route_state is RouteState.PROCESSING and rec.route_taken_at == clock.now
    [done] = ah.list_agency_handovers(clerk_b, received=True)
    assert done.codes == tuple(codes) and done.received_at == clock.now
    with pytest.raises(DeskError) as twice:
        ah.receive_agency_handover(clerk_b, payload=payload)
    assert twice.value.key == "handover.already_received"


def test_a_dossier_taken_by_hand_before_the_scan_is_linked_not_taken_twice(
    desk, clock, clerk_a, desk_b, clerk_b
):
    from app.services.interagency import take_incoming

    codes = [receive_for(clerk_a, B, i) for i in range(2)]
    batch = ah.create_agency_handover(clerk_a, to_agency=B, courier=COURIER)
    for code in codes:
        deliver_incoming(desk_b, desk, code)
    clock.now = vn(2025, 7, 15, 16, 0)
    take_incoming(clerk_b, codes[0], note="Nhận trực tiếp")
    with pytest.raises(DeskError) as again:
        take_incoming(clerk_b, codes[0])
    assert again.value.key  # refused (the routing branch names its own key)
    clock.now = vn(2025, 7, 15, 17, 0)
    got = ah.receive_agency_handover(clerk_b, payload=handover_payload(batch))
    assert got.taken == (codes[1],) and got.taken_before == (codes[0],) and got.complete
    assert get_dossier(clerk_b, code=codes[0]).route_taken_at == vn(2025, 7, 15, 16, 0)


def test_batch_ids_share_the_points_numbering_and_slots(desk, clock, clerk_a, tmp_path):
    agent = log_in(desk, username="buudien1", password=DEMO_PASSWORD)
    clock.now = vn(2025, 7, 15, 9, 0)
    p = receive_dossier(
        agent,
        procedure_code="1.004222",
        applicant=ApplicantInput("Trần Bưu", "001096001111"),
        channel=Channel.POST,
        post_receipt_no="RR000000001VN",
    )
    assert post.create_handover(agent, codes=[p.code]).batch_id.endswith("-1001")
    receive_for(clerk_a, B, 0)
    assert ah.create_agency_handover(clerk_a, to_agency=B, courier=COURIER).batch_id.endswith(
        "-BG-250715-1002"
    )
    # A second counter of A (slot 2), offline: its lists are numbered in its own slot.
    other = open_desk(tmp_path / "a2", clock=clock)
    try:
        setup_service_point(other, agency=DEMO_AGENCY, slot=2, counter_name="Quầy số 2")
        seed_catalog(other)
        add_catalog_body(other, B, B_NAME)
        create_user(
            other,
            username="canbo7",
            full_name="Lý Văn Hai",
            role=Role.CLERK,
            password=DEMO_PASSWORD,
        )
        clerk2 = log_in(other, username="canbo7", password=DEMO_PASSWORD)
        receive_for(clerk2, B, 5)
        made = ah.create_agency_handover(clerk2, to_agency=B, courier=COURIER)
        assert made.batch_id == f"{A}-BG-250715-2001"
    finally:
        other.db.dispose()


def test_a_list_holds_one_page_and_the_rest_waits(desk, clock, clerk_a):
    codes = [receive_for(clerk_a, B, i) for i in range(MAX_BATCH_SIZE + 2)]
    first = ah.create_agency_handover(clerk_a, to_agency=B, courier=COURIER)
    assert first.codes == tuple(codes[:MAX_BATCH_SIZE])
    second = ah.create_agency_handover(clerk_a, to_agency=B, courier=COURIER)
    assert second.codes == tuple(codes[MAX_BATCH_SIZE:])
    with pytest.raises(DeskError) as no_courier:
        ah.create_agency_handover(clerk_a, to_agency=B, courier="  ")
    assert no_courier.value.key == "agency_handover.no_courier"
    with pytest.raises(DeskError) as unknown:
        ah.create_agency_handover(clerk_a, to_agency="000.00.99.H26", courier=COURIER)
    assert unknown.value.key == "agency_handover.unknown_body"
    with pytest.raises(DeskError) as home:
        ah.create_agency_handover(clerk_a, to_agency=A, courier=COURIER)
    assert home.value.key == "agency_handover.unknown_body"


def _run(data: Path, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "MOTCUA_PASSWORD": DEMO_PASSWORD}
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args, "--data-dir", str(data)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    if ok:
        assert done.returncode == 0, done.stderr
    return done


def test_cli_create_for_a_body_then_receive_there(desk, clock, clerk_a, desk_b, tmp_path):
    codes = [receive_for(clerk_a, B, i) for i in range(2)]
    data_a, data_b = desk.data_dir, desk_b.data_dir
    bad = _run(data_a, "handover", "create", "--to", B, "--user", "canbo1", ok=False)
    assert bad.returncode == 2 and "người chuyển" in bad.stderr
    made = json.loads(
        _run(
            data_a,
            "handover",
            "create",
            "--to",
            B,
            "--courier",
            COURIER,
            "--out",
            str(tmp_path / "l.pdf"),
            "--user",
            "canbo1",
            "--json",
        ).stdout
    )
    assert made["codes"] == codes and made["count"] == 2 and made["courier"] == COURIER
    assert made["kind"] == "agency" and Path(made["file"]).exists()
    listed = json.loads(_run(data_a, "handover", "list", "--agency", "--json").stdout)
    assert [b["batch_id"] for b in listed] == [made["batch_id"]]
    deliver_incoming(desk_b, desk, codes[0])
    got = json.loads(
        _run(
            data_b,
            "handover",
            "receive",
            "--payload",
            made["payload"],
            "--user",
            "canbo9",
            "--json",
        ).stdout
    )
    assert got["taken"] == [codes[0]] and got["missing"] == [codes[1]] and not got["complete"]
    text = _run(data_b, "handover", "receive", "--payload", made["payload"]).stdout
    assert "CHƯA CÓ" in text and codes[1] in text
    deliver_incoming(desk_b, desk, codes[1])
    _run(data_b, "handover", "receive", "--payload", made["payload"])
    twice = _run(data_b, "handover", "receive", "--payload", made["payload"], ok=False)
    assert twice.returncode == 2 and "đã được tiếp nhận" in twice.stderr
    wrong = _run(data_a, "handover", "receive", "--payload", made["payload"], ok=False)
    assert wrong.returncode == 2 and B in wrong.stderr


def test_the_hub_learns_when_the_papers_were_sent(enrolled, clock):
    """A real hub process: the list's outbox events are acknowledged and the hub's latest
    record of each dossier carries NgayGuiPhiDiaGioi."""
    from app.services.sync import sync_once
    from tests.helpers.hub import hub_rows

    ctx, hub = enrolled
    add_catalog_body(ctx, B, B_NAME)
    clerk = log_in(ctx, username="canbo1", password=DEMO_PASSWORD)
    codes = [receive_for(clerk, B, i) for i in range(2)]
    assert sync_once(ctx).state == "up_to_date"
    batch = ah.create_agency_handover(clerk, to_agency=B, courier=COURIER)
    assert sync_once(ctx).state == "up_to_date"
    sent = batch.created_at.astimezone(VN_TZ).strftime("%Y%m%d%H%M%S")
    for code in codes:
        [(snapshot, version)] = hub_rows(
            hub.db_url, "SELECT snapshot, version FROM hub_dossier WHERE code = :c", c=code
        )
        record = json.loads(snapshot)["dossier"]
        assert version == 2 and record[WIRE_SENT_AT] == sent
        assert record["MaDonViXuLy"] == B and record["DonViXuLy"] == B_NAME


def test_a_scan_cut_short_is_finished_by_scanning_again(
    desk, clock, clerk_a, desk_b, clerk_b, monkeypatch
):
    """The links are written before the takes: a failure after the first take (a crash, a
    full disk) leaves the batch not received, and the next scan takes only the rest."""
    from app.services import interagency

    codes = [receive_for(clerk_a, B, i) for i in range(3)]
    batch = ah.create_agency_handover(clerk_a, to_agency=B, courier=COURIER)
    for code in codes:
        deliver_incoming(desk_b, desk, code)
    real = interagency.take_incoming
    calls: list[str] = []

    def failing(ctx, code, **kw):  # type: ignore[no-untyped-def]
        calls.append(code)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(ctx, code, **kw)

    monkeypatch.setattr(interagency, "take_incoming", failing)
    with pytest.raises(OSError):
        ah.receive_agency_handover(clerk_b, payload=handover_payload(batch))
    monkeypatch.setattr(interagency, "take_incoming", real)
    states = [get_dossier(clerk_b, code=c).route_state for c in codes]
    assert states == [RouteState.PROCESSING, RouteState.AWAITING, RouteState.AWAITING]
    assert ah.list_agency_handovers(clerk_b, received=True) == []
    got = ah.receive_agency_handover(clerk_b, payload=handover_payload(batch))
    assert got.taken == (codes[1], codes[2]) and got.taken_before == (codes[0],)
    assert got.complete and got.from_agency_name == DEMO_AGENCY["name"]
    [done] = ah.list_agency_handovers(clerk_b, received=True)
    assert done.codes == tuple(codes)


def test_a_dossier_taken_meanwhile_counts_as_taken_before(
    desk, clock, clerk_a, desk_b, clerk_b, monkeypatch
):
    from app.services import interagency

    codes = [receive_for(clerk_a, B, i) for i in range(2)]
    batch = ah.create_agency_handover(clerk_a, to_agency=B, courier=COURIER)
    for code in codes:
        deliver_incoming(desk_b, desk, code)
    real = interagency.take_incoming

    def raced(ctx, code, **kw):  # type: ignore[no-untyped-def]
        if code == codes[0]:  # another clerk takes it between the read and the take
            real(ctx, code, note="Nhận trực tiếp")
        return real(ctx, code, **kw)

    monkeypatch.setattr(interagency, "take_incoming", raced)
    got = ah.receive_agency_handover(clerk_b, payload=handover_payload(batch))
    assert got.taken == (codes[1],) and got.taken_before == (codes[0],) and got.complete


def test_a_post_dossier_for_another_body_travels_post_to_point_then_point_to_body(
    desk, clock, clerk_a
):
    agent = log_in(desk, username="buudien1", password=DEMO_PASSWORD)
    code = receive_dossier(
        agent,
        procedure_code="1.004222",
        applicant=ApplicantInput("Trần Bưu Gửi", "001096002222"),
        channel=Channel.POST,
        post_receipt_no="RR000000002VN",
        competent_agency=B,
    ).code
    assert ah.pending_for_agency(clerk_a, to_agency=B) == []  # still at the post office
    with pytest.raises(DeskError) as early:
        ah.create_agency_handover(clerk_a, to_agency=B, courier=COURIER, codes=[code])
    assert early.value.key == "agency_handover.post_not_here"
    post_batch = post.create_handover(agent, codes=[code])
    post.receive_handover(clerk_a, payload=handover_payload(post_batch))
    assert [r.code for r in ah.pending_for_agency(clerk_a, to_agency=B)] == [code]
    batch = ah.create_agency_handover(clerk_a, to_agency=B, courier=COURIER)
    assert batch.codes == (code,) and batch.lines[0].post_accepted_at == clock.now
    assert [b.batch_id for b in post.list_handovers(clerk_a)] == [post_batch.batch_id]


def test_a_post_dossier_for_another_body_is_due_by_that_bodys_calendar(desk, clock, clerk_a):
    """When the point receives a post dossier for body B from the post, its clock starts
    then, by B's calendar (here B takes the next two working days off), not the point's."""
    from datetime import timedelta

    from app.services.dossiers import compute_deadline
    from app.store.agencies import set_agency_calendar

    start = clock.now.astimezone(VN_TZ).date()
    off = {start + timedelta(days=i): (False, "Nghỉ bù") for i in range(1, 3)}
    with desk.db.session() as s:
        set_agency_calendar(s, code=B, days=off, at=clock.now)
        s.commit()
    desk.forget_calendar()
    agent = log_in(desk, username="buudien1", password=DEMO_PASSWORD)
    code = receive_dossier(
        agent,
        procedure_code="1.004222",
        applicant=ApplicantInput("Trần Bưu Gửi", "001096003333"),
        channel=Channel.POST,
        post_receipt_no="RR000000003VN",
        competent_agency=B,
    ).code
    batch = post.create_handover(agent, codes=[code])
    post.receive_handover(clerk_a, payload=handover_payload(batch))
    due = get_dossier(clerk_a, code=code).appointment_at
    by_b = compute_deadline(
        clerk_a, procedure_code="1.004222", received_at=clock.now, competent_agency=B
    )
    by_here = compute_deadline(clerk_a, procedure_code="1.004222", received_at=clock.now)
    assert by_b is not None and by_here is not None and by_b > by_here
    assert due == by_b
