"""Fees paid at the counter: how each charged line was paid, the yearly receipt (biên lai)
series unique across offline counters, the printed biên lai, voids as new events, the
national record, and the refusals a clerk meets (real WAL SQLite files throughout)."""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from app.domain.errors import DeskError
from app.domain.fee_receipts import KIND_ERECEIPT, PaymentMethod
from app.services.context import open_desk
from app.services.demo import DEMO_AGENCY, create_demo, setup_service_point
from app.services.dossiers import ApplicantInput, receive_dossier
from app.services.payments import (
    fee_lines,
    receipt_pdf,
    receipts,
    record_payment,
    void_payment,
)
from app.store.models import Agency, AuditLog, FeePaymentRow, OutboxEvent

TEMPORARY_RESIDENCE = "1.004194"  # 15.000 đ direct, 7.000 đ online: one charged line
NO_FEE = "1.003677"
FREE_AND_PAID = "1.000689"  # line 1: 0 đ, line 2: 15.000 đ
PERSON = ApplicantInput("Nguyễn Văn An", "001090012345", address="Số 1 Âu Cơ, Hà Nội")


def _receive(ctx, procedure=TEMPORARY_RESIDENCE):  # type: ignore[no-untyped-def]
    return receive_dossier(ctx, procedure_code=procedure, applicant=PERSON).code


def _upserts(ctx, code):  # type: ignore[no-untyped-def]
    with ctx.db.read_session() as s:
        rows = s.scalars(
            select(OutboxEvent.payload)
            .where(OutboxEvent.dossier_code == code, OutboxEvent.kind == "dossier.upsert")
            .order_by(OutboxEvent.id)
        )
        return [json.loads(r) for r in rows]


def test_a_cash_payment_gets_a_receipt_the_wire_and_an_ereceipt_request(desk):
    code = _receive(desk)
    result = record_payment(desk, code=code, line=1, method="cash", amount=15000)
    p = result.payment
    # slot 1 of the demo point: the block 10000001.. of the yearly series
    assert (p.receipt_no, p.receipt_symbol, p.year) == ("10000001", "BL25", 2025)
    assert (p.amount, p.method, p.payer_name) == (15000, PaymentMethod.CASH, "Nguyễn Văn An")
    assert result.lines[0].payment is not None
    last = _upserts(desk, code)[-1]
    assert last["version"] == 2
    line = last["dossier"]["DanhSachLePhi"][0]
    assert line["SoBienLai"] == "10000001" and line["KyHieuBienLai"] == "BL25"
    assert line["HinhThucThu"] == "cash" and line["DaThanhToan"] == 1
    assert line["NgayThanhToan"] == "20250715140500"
    assert last["dossier"]["DuocThanhToanTrucTuyen"] == 0
    with desk.db.read_session() as s:
        ereq = list(s.scalars(select(OutboxEvent).where(OutboxEvent.kind == KIND_ERECEIPT)))
        assert len(ereq) == 1
        body = json.loads(ereq[0].payload)["receipt"]
        assert body["SoBienLai"] == "10000001" and body["SoTien"] == 15000
        assert body["MaHoSo"] == code
        assert s.scalar(select(func.count()).where(AuditLog.action == "fee.paid")) == 1


def test_an_online_payment_sets_the_national_flag(desk):
    code = _receive(desk)
    record_payment(desk, code=code, line=1, method=PaymentMethod.ONLINE)
    assert _upserts(desk, code)[-1]["dossier"]["DuocThanhToanTrucTuyen"] == 1


def test_a_line_is_never_paid_twice_and_a_void_is_a_new_event(desk):
    code = _receive(desk)
    first = record_payment(desk, code=code, line=1, method="cash").payment
    with pytest.raises(DeskError) as err:
        record_payment(desk, code=code, line=1, method="transfer")
    assert err.value.key == "fee.already_paid"
    assert "10000001" in err.value.message("vi") and "không thu hai lần" in err.value.message()
    voided = void_payment(desk, receipt=first.receipt_no, reason="thu nhầm hình thức")
    assert voided.voided and voided.receipt_no == first.receipt_no
    with pytest.raises(DeskError) as err:
        void_payment(desk, receipt=first.receipt_no, reason="lần nữa nhé")
    assert err.value.key == "fee.already_void"
    again = record_payment(desk, code=code, line=1, method="transfer").payment
    assert again.receipt_no == "10000002"
    with desk.db.read_session() as s:
        rows = list(s.scalars(select(FeePaymentRow).order_by(FeePaymentRow.id)))
    # the first payment row is as it was: the void did not edit it
    assert [(r.receipt_no, r.method, r.round) for r in rows] == [
        ("10000001", "cash", 1),
        ("10000002", "transfer", 2),
    ]
    series = receipts(desk, year=2025)
    assert [(p.receipt_no, p.voided) for p in series] == [("10000001", True), ("10000002", False)]


def test_bad_input_is_refused_with_a_vietnamese_message_and_nothing_recorded(desk):
    code = _receive(desk)
    cases = [
        (dict(code=code, line=3, method="cash"), "fee.line_unknown", "không có khoản phí số 3"),
        (dict(code=code, line=1, method="cash", amount=7000), "fee.amount_mismatch", "7.000"),
        (dict(code=code, line=1, method="card"), "fee.method_unknown", "card"),
        (dict(code=_receive(desk, NO_FEE), line=1, method="cash"), "fee.no_fees", "không có"),
        (dict(code=_receive(desk, FREE_AND_PAID), line=1, method="cash"), "fee.free_line", "0"),
    ]
    for kwargs, key, text in cases:
        with pytest.raises(DeskError) as err:
            record_payment(desk, **kwargs)
        assert err.value.key == key, kwargs
        assert text in err.value.message("vi")
    with desk.db.session() as s:
        s.execute(update(Agency).values(bank_account=""))
        s.commit()
    desk.forget_setup()
    with pytest.raises(DeskError) as err:
        record_payment(desk, code=code, line=1, method="transfer")
    assert err.value.key == "fee.transfer_no_account"
    with desk.db.read_session() as s:
        assert s.scalar(select(func.count(FeePaymentRow.id))) == 0
        assert s.scalar(select(func.count()).where(OutboxEvent.kind == KIND_ERECEIPT)) == 0
    # the line stays payable: nothing was half-recorded
    assert record_payment(desk, code=code, line=1, method="cash").payment.receipt_no == "10000001"


def test_two_offline_counters_never_issue_the_same_receipt_number(tmp_path, clock):
    numbers = []
    for slot in (1, 2):
        ctx = open_desk(tmp_path / f"c{slot}", clock=clock)
        create_demo(ctx, dossiers=0)
        if slot != 1:
            setup_service_point(ctx, agency=DEMO_AGENCY, slot=slot, counter_name="Quầy 2")
        for _ in range(3):
            code = _receive(ctx)
            numbers.append(record_payment(ctx, code=code, line=1, method="cash").payment.receipt_no)
        ctx.db.dispose()
    assert numbers == ["10000001", "10000002", "10000003", "20000001", "20000002", "20000003"]


def test_two_writers_paying_one_line_at_once_make_one_receipt(desk, tmp_path):
    code = _receive(desk)
    other = open_desk(desk.data_dir, clock=desk.clock)
    outcomes: list[object] = []
    barrier = threading.Barrier(2)

    def pay(ctx):  # type: ignore[no-untyped-def]
        barrier.wait()
        try:
            outcomes.append(record_payment(ctx, code=code, line=1, method="cash").payment)
        except DeskError as exc:
            outcomes.append(exc.key)

    threads = [threading.Thread(target=pay, args=(c,)) for c in (desk, other)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    other.db.dispose()
    assert sorted(o if isinstance(o, str) else "paid" for o in outcomes) == [
        "fee.already_paid",
        "paid",
    ]
    with desk.db.read_session() as s:
        assert s.scalar(select(func.count(FeePaymentRow.id))) == 1


def test_the_printed_bien_lai_reads_back(desk, tmp_path):
    code = _receive(desk)
    p = record_payment(desk, code=code, line=1, method="transfer").payment
    pdf = tmp_path / "bl.pdf"
    pdf.write_bytes(receipt_pdf(desk, p))
    pdftotext = shutil.which("pdftotext")
    assert pdftotext
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for expected in (
        "BIÊN LAI THU PHÍ, LỆ PHÍ",
        "BL25",
        "10000001",
        "Nguyễn Văn An",
        "15.000 đồng",
        "Mười lăm nghìn đồng",
        "Chuyển khoản (mã VietQR)",
        "Lệ phí đăng ký tạm trú",
        code,
        "NGƯỜI THU TIỀN",
        "ngày 15 tháng 7 năm 2025",
    ):
        assert expected in text, expected
    voided = void_payment(desk, receipt=p.receipt_no, reason="khách đổi ý nộp sau")
    text = subprocess.run(
        [pdftotext, "-", "-"],
        input=receipt_pdf(desk, voided),
        capture_output=True,
        check=True,
    ).stdout.decode()
    assert "ĐÃ HỦY" in text


def test_fee_lines_show_what_is_paid(desk):
    code = _receive(desk, FREE_AND_PAID)
    record_payment(desk, code=code, line=2, method="cash")
    lines = fee_lines(desk, code=code)
    assert [(ln.line, ln.fee.amount, ln.payment is not None) for ln in lines] == [
        (1, 0, False),
        (2, 15000, True),
    ]
    assert Path  # noqa: B018


def test_the_report_sums_what_was_collected_by_method(desk):
    from datetime import date

    from app.services.reports import build_report

    codes = [_receive(desk) for _ in range(4)]
    record_payment(desk, code=codes[0], line=1, method="cash")
    record_payment(desk, code=codes[1], line=1, method="cash")
    record_payment(desk, code=codes[2], line=1, method="online")
    wrong = record_payment(desk, code=codes[3], line=1, method="transfer").payment
    void_payment(desk, receipt=wrong.receipt_no, reason="chuyển khoản chưa tới")
    rep = build_report(desk, date_from=date(2025, 7, 15), date_to=date(2025, 7, 15))
    assert rep.collected == (("cash", 2, 30000), ("online", 1, 15000))
    assert rep.paid_online == 1
    empty = build_report(desk, date_from=date(2025, 7, 16), date_to=date(2025, 7, 16))
    assert empty.collected == ()


def test_a_dossier_of_an_upgraded_database_is_paid(tmp_path):
    """A database kept at schema 0007 (before fees paid) upgrades and its old dossiers'
    fee lines can be paid: the receipt series starts at the counter's block."""
    import shutil as sh

    from app.store.models import Dossier, DossierFee

    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "schema_0007.sqlite3"
    data = tmp_path / "data"
    data.mkdir()
    sh.copy(fixture, data / "motcua.sqlite3")
    ctx = open_desk(data)
    try:
        with ctx.db.read_session() as s:
            code = s.scalar(
                select(Dossier.code)
                .join(DossierFee, DossierFee.dossier_id == Dossier.id)
                .where(DossierFee.amount > 0)
                .order_by(Dossier.id)
            )
        assert code
        lines = fee_lines(ctx, code=code)
        payable = next(ln.line for ln in lines if ln.fee.amount > 0)
        p = record_payment(ctx, code=code, line=payable, method="cash").payment
        assert p.receipt_no.endswith("0000001") and not p.voided
        assert fee_lines(ctx, code=code)[payable - 1].payment == p
    finally:
        ctx.db.dispose()


def test_the_numbering_hold_stops_receipts_too_and_its_release_skips_them(desk):
    """After a restore the numbering is on hold: no receipt number is issued (it could
    repeat one printed after the backup); the supervisor's release skips ahead."""
    from app.domain.codes import NUMBERING_HOLD_KEY
    from app.services.numbering import release_numbering
    from app.store.repositories import set_value

    code = _receive(desk)
    first = record_payment(desk, code=code, line=1, method="cash").payment
    void_payment(desk, receipt=first.receipt_no, reason="kiểm tra khôi phục")
    with desk.db.session() as s:
        set_value(s, NUMBERING_HOLD_KEY, json.dumps({"reason": "khôi phục bản sao"}))
        s.commit()
    with pytest.raises(DeskError) as err:
        record_payment(desk, code=code, line=1, method="cash")
    assert err.value.key == "code.numbering_hold"
    release_numbering(desk, skip=50)
    again = record_payment(desk, code=code, line=1, method="cash").payment
    assert again.receipt_no == "10000052"  # 1 used, 50 skipped
