"""The 766 scorecard's per-dossier flags (app/store/dossier_flags.py, migration 0016): right
after each writer (files, results from the counter and from the hub's change feed,
supplement requests, ratings, the outbox acknowledged by a real hub process, an erasure);
the migration's backfill gives what the writers gave; its frozen copies say what the
module says. Real WAL SQLite files throughout."""

from __future__ import annotations

import hashlib
import importlib.util
import sqlite3
from datetime import timedelta
from pathlib import Path

import pikepdf
from PIL import Image

from app.domain.dossier import Status
from app.domain.ratings import Level, Occasion
from app.services.demo import DEMO_PASSWORD
from app.services.dossiers import ApplicantInput, advance_dossier, receive_dossier
from app.services.erasure import erase_applicant
from app.services.files import attach_existing, attach_files
from app.services.ratings import new_prompt_id, record_rating
from app.services.results import attach_result
from app.services.supplements import complete_supplement, request_supplement
from app.services.sync import sync_once
from app.services.users import log_in
from app.store import dossier_flags as flags
from app.store.db import DB_FILENAME
from app.store.migrate import upgrade_database
from app.store.outbox import GATEWAY_KINDS, Outbox
from tests.integration.sync_helpers import hub_admin

FEE = "1.004194"  # 2 components
ONE_PART = "1.001570"  # 1 component
MIGRATION = Path(__file__).resolve().parents[2] / "migrations/versions/0016_dossier_side_flags.py"


def _flags(ctx, code: str) -> int:  # type: ignore[no-untyped-def]
    con = sqlite3.connect(ctx.data_dir / DB_FILENAME)
    try:
        (value,) = con.execute("SELECT side_flags FROM dossier WHERE code = ?", (code,)).fetchone()
        return int(value)
    finally:
        con.close()


def _consistent(ctx) -> None:  # type: ignore[no-untyped-def]
    with ctx.db.read_session() as s:
        assert flags.recomputed(s) == {}


def _ack_all(ctx) -> None:  # type: ignore[no-untyped-def]
    outbox = Outbox(ctx.db.session, ctx.db.read_session)
    ids = [e.id for e in outbox.due(ctx.now(), limit=1000)]
    outbox.settle(ctx.now(), acked=ids)


def _jpeg(path: Path) -> Path:
    Image.new("RGB", (400, 560), (240, 240, 240)).save(path, "JPEG")
    return path


def test_the_migration_carries_the_modules_rules() -> None:
    spec = importlib.util.spec_from_file_location("m0016", MIGRATION)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert mod._flags_of("X.id") == flags.flags_of("X.id")
    assert mod.SCORE_COLUMNS == flags.SCORE_COLUMNS
    assert set(flags.GATEWAY_KINDS) == set(GATEWAY_KINDS)


def test_each_writer_keeps_the_flags(desk, clock, tmp_path) -> None:  # type: ignore[no-untyped-def]
    clerk = log_in(desk, username="canbo1", password=DEMO_PASSWORD)
    boss = log_in(desk, username="lanhdao", password=DEMO_PASSWORD)
    scan = _jpeg(tmp_path / "a.jpg")
    person = ApplicantInput("Nguyễn Văn A", "001090012345", address="Số 1 Âu Cơ, Hà Nội")
    code = receive_dossier(clerk, procedure_code=FEE, applicant=person).code
    assert _flags(desk, code) == flags.UNSYNCED  # its events wait for the hub
    _ack_all(desk)
    assert _flags(desk, code) == 0
    (f,) = attach_files(clerk, code=code, component=1, paths=[scan])
    assert _flags(desk, code) & flags.FILED == 0  # one component of two
    assert _flags(desk, code) & flags.UNSYNCED  # the attach is a change to send
    _ack_all(desk)
    attach_existing(clerk, code=code, component=2, sha256=f.sha256, name="cccd.pdf")
    assert _flags(desk, code) & (flags.FILED | flags.REUSED | flags.NATIONAL) == (
        flags.FILED | flags.REUSED
    )
    other = receive_dossier(
        clerk, procedure_code=ONE_PART, applicant=ApplicantInput("Trần Thị B", "001090054321")
    ).code
    attach_existing(
        clerk, code=other, component=1, sha256=f.sha256, name="cccd.pdf", from_national=True
    )
    assert _flags(desk, other) & (flags.FILED | flags.NATIONAL) == flags.FILED | flags.NATIONAL

    request_supplement(clerk, code=code, missing=["Tờ khai CT01"])
    assert _flags(desk, code) & flags.REPEAT == 0
    complete_supplement(clerk, code=code)
    request_supplement(clerk, code=code, missing=["Bản sao sổ hộ khẩu"])
    assert _flags(desk, code) & flags.REPEAT
    complete_supplement(clerk, code=code)

    record_rating(
        clerk, prompt_id=new_prompt_id(), code=other, occasion=Occasion.INTAKE, level=1, reason=""
    )
    assert _flags(desk, other) & flags.UNHAPPY == 0
    record_rating(
        clerk,
        prompt_id=new_prompt_id(),
        code=code,
        occasion=Occasion.INTAKE,
        level=int(Level.UNHAPPY),
        reason="attitude",
    )
    assert _flags(desk, code) & flags.UNHAPPY

    advance_dossier(clerk, code=code, to=Status.PROCESSING)
    advance_dossier(clerk, code=code, to=Status.RESOLVED)
    assert _flags(desk, code) & flags.E_RESULT == 0
    attach_result(clerk, code=code, paths=[scan], name="Giấy xác nhận", result_code="KQ-1")
    assert _flags(desk, code) & flags.E_RESULT
    _consistent(desk)

    # The erasure deletes the person's files and results: the flags follow, for both.
    _ack_all(desk)
    clock.now += timedelta(minutes=5)
    erase_applicant(boss, id_number="001090012345", confirm=True)
    assert _flags(desk, code) & (flags.FILED | flags.REUSED | flags.E_RESULT) == 0
    assert _flags(desk, other) & flags.FILED  # its file is still named by its own row
    _consistent(desk)


def _pdf(path: Path) -> Path:
    doc = pikepdf.new()
    doc.add_blank_page()
    doc.save(path)
    return path


def test_a_real_push_acks_and_a_hub_result_arrives_through_the_change_feed(
    tmp_path, monkeypatch, hub_factory, live_desk
) -> None:  # type: ignore[no-untyped-def]
    from app.services.enrolment import enroll
    from tests.integration.sync_helpers import issue_code

    hub_files = tmp_path / "hub-files-store"
    monkeypatch.setenv("MOTCUA_HUB_FILES", str(hub_files))  # the hub process and hub-admin
    hub = hub_factory()
    ctx = live_desk
    enroll(ctx, hub_url=hub.url, code=issue_code(hub.db_url))
    person = ApplicantInput("Phạm Quốc Việt", "001080007777")
    code = receive_dossier(ctx, procedure_code="1.004222", applicant=person).code
    advance_dossier(ctx, code=code, to=Status.PROCESSING)
    assert _flags(ctx, code) == flags.UNSYNCED
    assert sync_once(ctx).outcome == "ok"
    assert _flags(ctx, code) == 0  # acknowledged by the hub

    pdf = _pdf(tmp_path / "ket-qua.pdf")
    data = pdf.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    hub_admin(hub.db_url, "result", code, "--file", str(pdf), "--name", "Giấy chứng nhận",
              "--code", "KQ-1", "--json")  # fmt: skip
    stored = hub_files / sha[:2] / sha
    stored.write_bytes(data.replace(b"obj", b"xbj"))  # damaged on the hub's disk
    assert sync_once(ctx).outcome == "error"
    assert _flags(ctx, code) & flags.E_RESULT == 0  # recorded, its file not kept
    stored.write_bytes(data)
    assert sync_once(ctx).outcome == "ok"
    assert _flags(ctx, code) & flags.E_RESULT  # the stored file arrived
    _consistent(ctx)


def test_the_backfill_gives_what_the_writers_gave(desk, tmp_path) -> None:  # type: ignore[no-untyped-def]
    clerk = log_in(desk, username="canbo1", password=DEMO_PASSWORD)
    scan = _jpeg(tmp_path / "a.jpg")
    codes = []
    for n in range(4):
        person = ApplicantInput(f"Nguyễn Văn {chr(65 + n)}", f"00109001234{n}")
        codes.append(receive_dossier(clerk, procedure_code=ONE_PART, applicant=person).code)
    _ack_all(desk)
    (f,) = attach_files(clerk, code=codes[0], component=1, paths=[scan])
    attach_existing(clerk, code=codes[1], component=1, sha256=f.sha256, name="x.pdf")
    for _ in range(2):
        request_supplement(clerk, code=codes[2], missing=["Tờ khai"])
        complete_supplement(clerk, code=codes[2])
    record_rating(
        clerk, prompt_id=new_prompt_id(), code=codes[3], occasion=Occasion.INTAKE,
        level=int(Level.UNHAPPY), reason="attitude",
    )  # fmt: skip
    advance_dossier(clerk, code=codes[0], to=Status.PROCESSING)
    advance_dossier(clerk, code=codes[0], to=Status.RESOLVED)
    attach_result(clerk, code=codes[0], paths=[scan], name="Giấy xác nhận", result_code="KQ-1")
    written = {c: _flags(desk, c) for c in codes}
    assert all(written.values()) and len(set(written.values())) == 4
    # Back to 0015 (no flags, no triggers), then the upgrade's backfill.
    from alembic import command

    from app.store.migrate import alembic_config

    cfg = alembic_config()
    with desk.db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0015")
    desk.db.dispose()
    con = sqlite3.connect(desk.data_dir / DB_FILENAME)
    assert "side_flags" not in {r[1] for r in con.execute("PRAGMA table_info(dossier)")}
    con.close()
    upgrade_database(desk.db, backup_dir=tmp_path / "b")
    assert {c: _flags(desk, c) for c in codes} == written
    _consistent(desk)


def test_a_fee_paid_online_then_voided_leaves_the_scorecard(desk) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from app.domain.index766 import Period
    from app.services.index766 import build_scorecards
    from app.services.payments import record_payment, void_payment

    clerk = log_in(desk, username="canbo1", password=DEMO_PASSWORD)
    boss = log_in(desk, username="lanhdao", password=DEMO_PASSWORD)
    person = ApplicantInput("Nguyễn Văn A", "001090012345")
    code = receive_dossier(clerk, procedure_code=FEE, applicant=person).code

    def paid() -> tuple[int, int]:
        (card,) = build_scorecards(
            boss, date_from=date(2025, 7, 1), date_to=date(2025, 7, 31), period=Period.YEAR
        )
        return card.counts.with_fee, card.counts.paid_online

    assert paid() == (1, 0)
    payment = record_payment(clerk, code=code, line=1, method="online").payment
    assert paid() == (1, 1)
    void_payment(desk, receipt=payment.receipt_no, reason="thu nhầm hình thức")
    assert paid() == (1, 0)
