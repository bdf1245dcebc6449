"""The dossier detail window: only legal moves are offered, the service refuses the rest,
notes are asked where the form prints them, the apology keeps the status."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import QDateTime, QTime

from app.domain.dossier import VN_TZ, Status
from app.services.demo import DEMO_PASSWORD
from app.services.dossiers import ApplicantInput, get_dossier, next_moves, receive_dossier
from ui.detail import DetailDialog


@pytest.fixture
def code(session) -> str:  # type: ignore[no-untyped-def]
    record = receive_dossier(
        session.ctx,
        procedure_code="1.001193",
        applicant=ApplicantInput("Phạm Thị Hoa", "001190054321", address="Số 3 Nhật Chiêu, Tây Hồ"),
    )
    return record.code


def _open(qtbot, session, code: str) -> DetailDialog:  # type: ignore[no-untyped-def]
    dialog = DetailDialog(session, code)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        dialog.show()
    return dialog


def test_only_legal_moves_are_offered(qtbot, session, code):
    dialog = _open(qtbot, session, code)
    record = dialog.record
    assert record.status == Status.RECEIVED
    # The steps, and refusal at the counter (Mẫu 03), offered the day of reception only.
    assert dialog.offered() == set(next_moves(record)) | {Status.REFUSED}
    assert Status.RETURNED not in dialog.offered()  # cannot return before resolving
    assert dialog.fields["applicant"][1].text() == "Phạm Thị Hoa"
    assert dialog.docs.rowCount() == len(record.documents)
    assert dialog.history.rowCount() == 1
    assert [dialog.form_box.itemData(i) for i in range(dialog.form_box.count())] == [
        "receipt",
        "receipt_a4",
        "thermal",
        "cover",
    ]


def test_a_legal_move_is_saved_with_its_note(qtbot, session, code):
    dialog = _open(qtbot, session, code)
    note = dialog.move_buttons[Status.PROCESSING]
    note.click()
    asked = dialog.pending_dialog
    assert asked is not None and asked.isVisible() and not asked.required
    asked.note.setPlainText("Chuyển phòng Tư pháp")
    with qtbot.waitSignal(dialog.moved, timeout=5000) as moved:
        asked.accept()
    assert moved.args[0].status == Status.PROCESSING
    stored = get_dossier(session.ctx, code=code)
    assert stored.status == Status.PROCESSING
    assert stored.history[-1].note == "Chuyển phòng Tư pháp"
    assert dialog.offered() == set(next_moves(stored))
    assert "Đang xử lý" in dialog.title.text()


def test_an_illegal_move_is_not_offered_and_refused_if_forced(qtbot, session, code):
    dialog = _open(qtbot, session, code)
    assert Status.RETURNED not in dialog.offered()
    dialog.move(Status.RETURNED, "forced")  # as if a button had been faked
    qtbot.waitUntil(
        lambda: dialog.banner.kind == "error" and dialog.banner.isVisibleTo(dialog), timeout=5000
    )
    assert "Không thể chuyển hồ sơ" in dialog.banner.text
    assert get_dossier(session.ctx, code=code).status == Status.RECEIVED
    assert dialog.offered() == set(next_moves(get_dossier(session.ctx, code=code))) | {
        Status.REFUSED
    }


def test_supplement_needs_a_reason_and_prints_its_form(qtbot, session, code):
    dialog = _open(qtbot, session, code)
    asked = dialog.ask_move(Status.SUPPLEMENT)
    asked.accept()  # empty: refused by the dialog itself
    assert asked.isVisible() and asked.error.text()
    asked.note.setPlainText("Thiếu bản sao giấy chứng sinh")
    with qtbot.waitSignal(dialog.preview_requested, timeout=5000) as wanted:
        asked.accept()
    assert wanted.args == [code, "supplement"]
    stored = get_dossier(session.ctx, code=code)
    assert stored.status == Status.SUPPLEMENT
    assert stored.last_note(Status.SUPPLEMENT) == "Thiếu bản sao giấy chứng sinh"
    assert "supplement" in [dialog.form_box.itemData(i) for i in range(dialog.form_box.count())]


def test_apology_sets_a_new_appointment_and_keeps_the_status(qtbot, session, code):
    dialog = _open(qtbot, session, code)
    asked = dialog.ask_apology()
    new = (session.ctx.now() + timedelta(days=7)).astimezone(VN_TZ)
    asked.when.setDateTime(QDateTime(new.date(), QTime(9, 30)))
    asked.reason.setPlainText("Cần xác minh thêm thông tin hộ tịch")
    with qtbot.waitSignal(dialog.preview_requested, timeout=5000) as wanted:
        asked.accept()
    assert wanted.args == [code, "apology"]
    stored = get_dossier(session.ctx, code=code)
    assert stored.status == Status.RECEIVED
    assert stored.extended_appointment_at == datetime(
        new.year, new.month, new.day, 9, 30, tzinfo=VN_TZ
    )
    assert dialog.fields["extended"][1].text() == f"09:30 {new:%d/%m/%Y}"


def test_resolved_then_returned(qtbot, session, code):
    dialog = _open(qtbot, session, code)
    with qtbot.waitSignal(dialog.moved, timeout=5000):
        dialog.move(Status.RESOLVED)
    assert dialog.offered() == {Status.RETURNED}
    with qtbot.waitSignal(dialog.moved, timeout=5000):
        dialog.move_buttons[Status.RETURNED].click()
        dialog.pending_dialog.accept()
    assert get_dossier(session.ctx, code=code).status == Status.RETURNED
    assert not dialog.offered() and dialog.no_moves.isVisibleTo(dialog)
    assert not dialog.apology_button.isEnabled()


def test_reprint_asks_the_preview_of_the_chosen_form(qtbot, session, code):
    dialog = _open(qtbot, session, code)
    dialog.form_box.setCurrentIndex(dialog.form_box.findData("cover"))
    with qtbot.waitSignal(dialog.preview_requested, timeout=1000) as wanted:
        dialog.reprint_button.click()
    assert wanted.args == [code, "cover"]


def test_refusal_at_the_counter_asks_the_reason_and_prints_mau_03(qtbot, session, code):
    dialog = _open(qtbot, session, code)
    assert dialog.move_buttons[Status.REFUSED].isEnabled()
    dialog.move_buttons[Status.REFUSED].click()
    asked = dialog.pending_dialog
    assert asked is not None and asked.required
    asked.note.setPlainText("Thiếu giấy chứng sinh")
    with qtbot.waitSignal(dialog.preview_requested, timeout=5000) as preview:
        asked.accept()
    assert preview.args == [code, "refusal"]
    stored = get_dossier(session.ctx, code=code)
    assert stored.status == Status.REFUSED and stored.history[-1].note == "Thiếu giấy chứng sinh"
    assert not dialog.move_buttons[Status.REFUSED].isEnabled()
    assert not dialog.void_button.isEnabled()


def test_refusal_is_not_offered_after_the_reception_day(qtbot, session, code, clock):
    clock.now += timedelta(days=1)
    dialog = _open(qtbot, session, code)
    assert not dialog.move_buttons[Status.REFUSED].isEnabled()
    assert dialog.void_button.isEnabled()


def test_void_needs_a_supervisors_password_and_keeps_the_reason(qtbot, session, code):
    dialog = _open(qtbot, session, code)
    asked = dialog.ask_void()
    assert asked.approver.isVisibleTo(asked)
    asked.note.setPlainText("Nhập nhầm người nộp")
    asked.accept()
    assert asked.isVisible() and "lãnh đạo" in asked.error.text()  # approval missing
    asked.approver.setText("lanhdao")
    asked.password.setText("wrong password")
    asked.accept()
    qtbot.waitUntil(lambda: dialog.banner.kind == "error", timeout=10_000)
    assert get_dossier(session.ctx, code=code).status == Status.RECEIVED
    asked = dialog.ask_void()
    asked.note.setPlainText("Nhập nhầm người nộp")
    asked.approver.setText("lanhdao")
    asked.password.setText(DEMO_PASSWORD)
    with qtbot.waitSignal(dialog.moved, timeout=10_000):
        asked.accept()
    stored = get_dossier(session.ctx, code=code)
    assert stored.status == Status.STOPPED
    assert "Nhập nhầm người nộp" in stored.history[-1].note
    assert "lanhdao" in stored.history[-1].note
    assert not dialog.void_button.isEnabled()
    assert "stop" not in [dialog.form_box.itemData(i) for i in range(dialog.form_box.count())]
