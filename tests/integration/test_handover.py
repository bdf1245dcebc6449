"""The post hand-over round trip on a real counter database: the agent accepts post dossiers,
makes a batch and prints its one-page list (text checked with pypdf, QR codes decoded with
pdftoppm + zbarimg); the commune clerk scans the batch QR: each dossier is received once,
at the scan time, with a new appointment, the post acceptance time kept; a second scan, a
batch of another agency and a tampered payload are refused and record nothing."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.domain.calendar import WorkingDayCalendar
from app.domain.dossier import VN_TZ, Channel, Status
from app.domain.errors import DeskError
from app.domain.handover import MAX_BATCH_SIZE, checksum, encode_payload, parse_payload
from app.domain.procedure import parse_cutoff
from app.services import post
from app.services.demo import DEMO_PASSWORD
from app.services.dossiers import ApplicantInput, get_dossier, receive_dossier
from app.services.users import audit_trail, log_in

ROOT = Path(__file__).resolve().parents[2]
AGENCY = "000.00.31.H26"
PROCEDURES = ("1.004222", "2.000815", "1.001193")


def vn(*args: int) -> datetime:
    return datetime(*args, tzinfo=VN_TZ)


def _person(i: int) -> ApplicantInput:
    return ApplicantInput(
        f"Trần Thị Bưu {chr(65 + i)}", f"00109500{i:04d}", address="Số 5 Âu Cơ, Tây Hồ"
    )


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


def _count(path: Path, sql: str, *params: object) -> int:
    con = sqlite3.connect(path)
    try:
        return int(con.execute(sql, params).fetchone()[0])
    finally:
        con.close()


@pytest.fixture
def agent(desk):
    return log_in(desk, username="buudien1", password=DEMO_PASSWORD)


@pytest.fixture
def clerk(desk):
    return log_in(desk, username="canbo1", password=DEMO_PASSWORD)


def _accept(agent, clock, moments: list[datetime]) -> list[str]:
    codes = []
    for i, moment in enumerate(moments):
        clock.now = moment
        rec = receive_dossier(
            agent,
            procedure_code=PROCEDURES[i % len(PROCEDURES)],
            applicant=_person(i),
            channel=Channel.POST,
            post_receipt_no=f"RR{i:09d}VN",
        )
        assert rec.received_at == moment and rec.channel == Channel.POST
        codes.append(rec.code)
    return codes


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


def test_round_trip_from_post_office_to_commune(desk, clock, agent, clerk, tmp_path):
    accepted = [vn(2025, 7, 15, 9, 0), vn(2025, 7, 15, 10, 30), vn(2025, 7, 15, 16, 40)]
    codes = _accept(agent, clock, accepted)
    assert [r.code for r in post.pending_post_dossiers(agent)] == codes

    clock.now = vn(2025, 7, 15, 17, 10)
    batch = post.create_handover(agent, codes=codes)
    assert batch.batch_id == f"{AGENCY}-BG-250715-1001"
    assert batch.codes == tuple(codes) and batch.agent == "buudien1"
    assert batch.agent_name == "Phạm Quốc Việt" and batch.created_at == clock.now
    assert [line.post_accepted_at for line in batch.lines] == accepted
    assert not batch.received and post.pending_post_dossiers(agent) == []
    payload = post.handover_payload(batch)
    assert parse_payload(payload).codes == tuple(codes)
    assert payload.startswith("MCBG1|") and len(payload) < 300

    pdf = post.print_handover(agent, batch_id=batch.batch_id, out=tmp_path / "list.pdf")
    reader = PdfReader(pdf)
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for code in codes:
        assert code in text
    assert batch.batch_id in text and "DANH SÁCH BÀN GIAO HỒ SƠ" in text
    assert "RR000000001VN" in text and "Phạm Quốc Việt" in text
    decoded = _decode_qr_codes(pdf, tmp_path)
    assert payload in decoded
    assert sorted(d for d in decoded if d != payload) == sorted(codes)
    assert [e.action for e in audit_trail(desk, entity_key=batch.batch_id)] == [
        "handover.print",
        "handover.create",
    ]

    # Two days later the batch reaches the commune; the clerk scans it (with the line end a
    # keyboard-mode scanner types).
    path = desk.db.path
    events_before = _count(path, "SELECT count(*) FROM outbox")
    scan = vn(2025, 7, 17, 9, 30)
    clock.now = scan
    receipt = post.receive_handover(clerk, payload=payload + "\r\n")
    assert receipt.batch_id == batch.batch_id and receipt.codes == tuple(codes)
    assert receipt.received_at == scan and receipt.received_by == "canbo1"
    calendar = WorkingDayCalendar()
    for code, got, when in zip(codes, receipt.dossiers, accepted, strict=True):
        record = get_dossier(clerk, code=code)
        proc_cutoff = parse_cutoff({"1.001193": "15:00"}.get(record.procedure_code))
        expected_due = calendar.appointment(scan, record.processing, proc_cutoff)
        assert record.received_at == scan
        assert record.appointment_at == expected_due == got.appointment_at
        assert got.post_accepted_at == when and got.received_at == scan
        assert record.status == Status.RECEIVED
        assert record.receiver_name == "Nguyễn Thị Hằng"
        last = record.history[-1]
        assert (last.at, last.actor, last.to_status) == (scan, "canbo1", Status.RECEIVED)
        assert batch.batch_id in last.note
        assert when.strftime("%H:%M %d/%m/%Y") in last.note
        assert record.history[0].at == when  # the post office's acceptance, kept
    assert _count(path, "SELECT count(*) FROM outbox") == events_before + len(codes)
    con = sqlite3.connect(path)
    try:
        payloads = [
            json.loads(p)
            for (p,) in con.execute(
                "SELECT payload FROM outbox ORDER BY id DESC LIMIT ?", (len(codes),)
            )
        ]
    finally:
        con.close()
    assert {p["dossier"]["NgayTiepNhan"] for p in payloads} == {"20250717093000"}
    assert len(audit_trail(desk, action="dossier.handover_receive")) == len(codes)
    [received] = post.list_handovers(clerk, received=True)
    assert received.received_at == scan and received.received_by == "canbo1"
    assert [line.post_accepted_at for line in received.lines] == accepted

    # Scanned twice: refused, nothing recorded twice.
    before = _digest(path)
    clock.now = scan + timedelta(minutes=5)
    with pytest.raises(DeskError) as info:
        post.receive_handover(clerk, payload=payload)
    assert info.value.key == "handover.already_received"
    assert "09:30 17/07/2025" in info.value.message("vi") and "canbo1" in info.value.message("en")
    assert _digest(path) == before
    assert get_dossier(clerk, code=codes[0]).received_at == scan


def test_batch_of_another_agency_is_refused(desk, clock, agent, clerk):
    codes = _accept(agent, clock, [vn(2025, 7, 15, 9, 0)])
    other = "000.00.32.H26"
    payload = encode_payload(
        f"{other}-BG-250715-1001", other, [c.replace(AGENCY, other) for c in codes]
    )
    before = _digest(desk.db.path)
    with pytest.raises(DeskError) as info:
        post.receive_handover(clerk, payload=payload)
    assert info.value.key == "handover.other_agency"
    assert other in info.value.message("vi") and AGENCY in info.value.message("en")
    assert "chưa ghi nhận gì" in info.value.message("vi")
    assert _digest(desk.db.path) == before


def test_tampered_or_foreign_payloads_are_refused(desk, clock, agent, clerk):
    codes = _accept(agent, clock, [vn(2025, 7, 15, 9, 0), vn(2025, 7, 15, 9, 5)])
    batch = post.create_handover(agent, codes=codes)
    payload = post.handover_payload(batch)
    tampered = payload.replace(codes[1][-4:], "1999", 1)
    body = payload.rsplit("|", 1)[0]
    before = _digest(desk.db.path)
    cases = {
        tampered: "handover.checksum",
        "001095012345|013456789|Nguyễn Thị Hằng|15071995|Nữ|Hà Nội|20042021": "handover.payload_invalid",
        "MCBG2|x|y|z|00000000": "handover.version",
        body + "|" + checksum(body + "x"): "handover.checksum",
        "": "handover.payload_invalid",
    }
    for text, key in cases.items():
        with pytest.raises(DeskError) as info:
            post.receive_handover(clerk, payload=text)
        assert info.value.key == key, text
        assert info.value.message("vi") != info.value.message("en")
    assert _digest(desk.db.path) == before


def test_making_a_batch_refuses_what_cannot_be_handed_over(desk, clock, agent):
    codes = _accept(agent, clock, [vn(2025, 7, 15, 8, 0 + i) for i in range(MAX_BATCH_SIZE + 1)])
    direct = receive_dossier(desk, procedure_code="1.004222", applicant=_person(20)).code
    post.create_handover(agent, codes=codes[:2])
    cases = [
        ([], "handover.empty"),
        ([codes[2], codes[2].lower()], "handover.duplicate_code"),
        (codes, "handover.too_many"),  # checked before anything is read
        ([codes[2], direct], "handover.not_post"),
        ([codes[2], codes[0]], "handover.already_batched"),
        ([f"{AGENCY}-250715-0999"], "dossier.unknown"),
    ]
    before = _digest(desk.db.path)
    for wanted, key in cases:
        with pytest.raises(DeskError) as info:
            post.create_handover(agent, codes=wanted)
        assert info.value.key == key, wanted
    assert _digest(desk.db.path) == before
    second = post.create_handover(agent, codes=codes[2:4])
    assert second.batch_id == f"{AGENCY}-BG-250715-1002"


def test_a_batch_made_on_another_counter_is_received_from_its_scan(desk, clock, agent, clerk):
    """The dossiers reached this counter by sync; the batch itself was made elsewhere."""
    codes = _accept(agent, clock, [vn(2025, 7, 15, 9, 0), vn(2025, 7, 15, 9, 20)])
    payload = encode_payload(f"{AGENCY}-BG-250715-2001", AGENCY, codes)  # counter slot 2
    clock.now = vn(2025, 7, 16, 8, 15)
    receipt = post.receive_handover(clerk, payload=payload)
    assert receipt.codes == tuple(codes)
    batch = post.get_handover(clerk, batch_id=f"{AGENCY}-BG-250715-2001")
    assert batch.received_at == clock.now and batch.agent == "" and batch.created_at is None
    assert [line.post_accepted_at for line in batch.lines] == [
        vn(2025, 7, 15, 9, 0),
        vn(2025, 7, 15, 9, 20),
    ]
    with pytest.raises(DeskError) as info:
        post.receive_handover(clerk, payload=payload)
    assert info.value.key == "handover.already_received"
    missing = encode_payload(f"{AGENCY}-BG-250716-2001", AGENCY, [f"{AGENCY}-250716-2001"])
    with pytest.raises(DeskError) as info:
        post.receive_handover(clerk, payload=missing)
    assert info.value.key == "handover.missing_dossiers"
    again = encode_payload(f"{AGENCY}-BG-250716-2002", AGENCY, codes[:1])
    with pytest.raises(DeskError) as info:  # a dossier already received in another batch
        post.receive_handover(clerk, payload=again)
    assert info.value.key == "handover.already_batched"


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


def test_cli_handover_create_then_receive(tmp_path):
    data = tmp_path / "data"
    _run(data, "demo", "--dossiers", "0")
    codes = [
        json.loads(
            _run(
                data,
                "intake",
                "--procedure",
                "1.004222",
                "--name",
                f"Lê Văn {n}",
                "--id-number",
                f"0010900000{i:02d}",
                "--channel",
                "post",
                "--post-receipt",
                f"RR1234567{i:02d}VN",
                "--user",
                "buudien1",
                "--json",
            ).stdout
        )["code"]
        for i, n in enumerate(("An", "Bình"))
    ]
    made = json.loads(
        _run(
            data,
            "handover",
            "create",
            *codes,
            "--out",
            str(tmp_path / "h.pdf"),
            "--user",
            "buudien1",
            "--json",
        ).stdout
    )
    assert made["codes"] == codes and Path(made["file"]).exists()
    refused = _run(
        data, "handover", "receive", "--payload", made["payload"], "--user", "buudien1", ok=False
    )
    assert refused.returncode == 2 and "hand-over batch" in refused.stderr
    got = json.loads(
        _run(
            data, "handover", "receive", "--payload", made["payload"], "--user", "canbo1", "--json"
        ).stdout
    )
    assert [d["code"] for d in got["dossiers"]] == codes and got["received_by"] == "canbo1"
    twice = _run(data, "handover", "receive", "--payload", made["payload"], ok=False)
    assert twice.returncode == 2
    assert "đã được tiếp nhận" in twice.stderr and "already received" in twice.stderr
    shutil.rmtree(data)


def test_a_post_dossier_acknowledged_by_the_hub_shows_as_synced_in_the_agents_list(enrolled):
    from app.services.sync import sync_once

    ctx, _hub = enrolled
    agent = log_in(ctx, username="buudien1", password=DEMO_PASSWORD)
    rec = receive_dossier(
        agent,
        procedure_code=PROCEDURES[0],
        applicant=_person(1),
        channel=Channel.POST,
        post_receipt_no="RR000000001VN",
    )
    [row] = post.pending_post_dossiers(agent)
    assert row.code == rec.code and row.synced is False  # not yet at the hub
    assert sync_once(ctx).state == "up_to_date"
    [row] = post.pending_post_dossiers(agent)
    assert row.synced is True
