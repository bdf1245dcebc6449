"""The supervisor's administration: a catalog edit changes the next appointment given at
intake, a new procedure and a deactivated one, and a day off moves the deadline."""

from __future__ import annotations

from datetime import date

from conftest import CCCD_QR, make_session
from PySide6.QtCore import QDate

from app.services.catalog import find_procedures
from app.services.demo import DEMO_PASSWORD
from app.services.dossiers import compute_deadline
from app.services.users import log_in
from ui import format as fmt
from ui.mainwindow import MainWindow


def _window(qtbot, desk, workers, language, tmp_path):  # type: ignore[no-untyped-def]
    boss = log_in(desk, username="lanhdao", password=DEMO_PASSWORD)
    window = MainWindow(make_session(boss, workers, language, tmp_path), start_sync=False)
    qtbot.addWidget(window)
    window.show()
    return window


def test_a_processing_time_edit_gives_the_new_appointment_at_intake(
    qtbot, desk, workers, language, tmp_path
):
    window = _window(qtbot, desk, workers, language, tmp_path)
    ctx = window.session.ctx
    proc = next(
        p for p in find_procedures(ctx, text="dang ky khai sinh") if p.name == "Đăng ký khai sinh"
    )
    before = compute_deadline(ctx, procedure_code=proc.code, received_at=ctx.now())
    catalog = window.admin.catalog
    window.tabs.setCurrentWidget(window.admin)
    window.admin.setCurrentWidget(catalog)
    qtbot.waitUntil(lambda: len(catalog.procedures) > 10, timeout=10_000)
    catalog.search.setText(proc.code)
    catalog.choose(proc.code)
    assert catalog.current is not None and catalog.current.code == proc.code
    assert catalog.docs.rowCount() == len(proc.documents)
    catalog.unit.setCurrentIndex(0)
    catalog.amount.setValue(12)
    with qtbot.waitSignal(catalog.saved, timeout=10_000) as saved:
        catalog.save_button.click()
    assert saved.args[0].processing.amount == 12
    assert saved.args[0].documents == proc.documents  # untouched lines kept as they were
    after = compute_deadline(ctx, procedure_code=proc.code, received_at=ctx.now())
    assert after is not None and before is not None and after > before

    # The intake form reloads the catalog and gives the new appointment.
    form = window.intake
    qtbot.waitUntil(
        lambda: any(p.code == proc.code and p.processing.amount == 12 for p in form.procedures),
        timeout=10_000,
    )
    window.tabs.setCurrentWidget(form)
    form.scanner.setText(CCCD_QR)
    assert form.scan_entered()
    form.proc_search.setText(proc.code)
    form.pick_procedure()
    assert "12 ngày làm việc" in form.proc_chosen.text()
    with qtbot.waitSignal(form.saved, timeout=10_000) as received:
        form.save()
    assert received.args[0].appointment_at == after
    assert fmt.when(after) in form.banner.text
    window.close()


def test_add_and_deactivate_a_procedure(qtbot, desk, workers, language, tmp_path):
    window = _window(qtbot, desk, workers, language, tmp_path)
    catalog = window.admin.catalog
    qtbot.waitUntil(lambda: len(catalog.procedures) > 10, timeout=10_000)
    count = len(catalog.procedures)
    catalog.start_new()
    assert not catalog.code.isReadOnly()
    catalog.code.setText("TEST.01")
    catalog.name.setText("Thủ tục thử nghiệm")
    catalog.field_name.setText("Thử nghiệm")
    catalog.level.setValue(3)
    catalog.amount.setValue(3)
    catalog.has_cutoff.setChecked(True)
    catalog.doc_add.click()
    catalog.docs.item(0, 0).setText("Tờ khai")
    catalog.fee_add.click()
    catalog.fees.item(0, 0).setText("Lệ phí")
    catalog.fees.item(0, 1).setText("10.000")
    with qtbot.waitSignal(catalog.saved, timeout=10_000) as saved:
        catalog.save_button.click()
    added = saved.args[0]
    assert added.code == "TEST.01" and added.fees[0].amount == 10_000
    assert added.cutoff is not None and added.documents[0].name == "Tờ khai"
    qtbot.waitUntil(lambda: len(catalog.procedures) == count + 1, timeout=10_000)
    assert [p.code for p in find_procedures(window.session.ctx, text="TEST.01")] == ["TEST.01"]

    # Adding it again is refused with the service's message.
    catalog.start_new()
    catalog.code.setText("TEST.01")
    catalog.name.setText("Lần nữa")
    catalog.save_button.click()
    qtbot.waitUntil(lambda: catalog.banner.kind == "error", timeout=10_000)
    assert "TEST.01" in catalog.banner.text

    catalog.choose("TEST.01")
    assert catalog.active_button.text() == "Ngừng áp dụng"
    with qtbot.waitSignal(catalog.saved, timeout=10_000) as saved:
        catalog.active_button.click()
    assert not saved.args[0].active
    assert find_procedures(window.session.ctx, text="TEST.01") == []
    qtbot.waitUntil(
        lambda: not any(p.code == "TEST.01" for p in window.intake.procedures), timeout=10_000
    )
    window.close()


def test_a_day_off_moves_the_deadline(qtbot, desk, workers, language, tmp_path):
    window = _window(qtbot, desk, workers, language, tmp_path)
    ctx = window.session.ctx
    proc = find_procedures(ctx, text="dang ky tam tru")[0]  # 3 working days
    before = compute_deadline(ctx, procedure_code=proc.code, received_at=ctx.now())
    calendar = window.admin.calendar
    window.tabs.setCurrentWidget(window.admin)
    window.admin.setCurrentWidget(calendar)
    assert calendar.year.value() == 2025
    day = date(2025, 7, 16)  # the next working day after the test clock's Tuesday
    calendar.day.setDate(QDate(day.year, day.month, day.day))
    calendar.off.setChecked(True)
    calendar.note.setText("")
    calendar.set_button.click()  # the first press asks to confirm
    assert "lần nữa" in calendar.banner.text and "thứ Tư 16/07/2025" in calendar.banner.text
    calendar.set_button.click()
    qtbot.waitUntil(lambda: calendar.banner.kind == "error", timeout=10_000)
    assert "căn cứ" in calendar.banner.text
    calendar.note.setText("Quyết định số 12/QĐ-UBND")
    calendar.set_button.click()  # the choice changed: asks again
    with qtbot.waitSignal(calendar.listed, timeout=10_000):
        with qtbot.waitSignal(calendar.changed, timeout=10_000):
            calendar.set_button.click()
    rows = {calendar.table.item(i, 0).text(): i for i in range(calendar.table.rowCount())}
    row = rows["16/07/2025"]
    assert calendar.table.item(row, 1).text() == "Nghỉ"
    assert calendar.table.item(row, 3).text() == "Quyết định số 12/QĐ-UBND"
    assert calendar.table.item(row, 4).text() == "Tại quầy"
    moved = compute_deadline(ctx, procedure_code=proc.code, received_at=ctx.now())
    assert moved is not None and before is not None and moved > before

    calendar.table.selectRow(row)
    assert calendar.clear_button.isEnabled()
    with qtbot.waitSignal(calendar.listed, timeout=10_000):
        calendar.clear_button.click()
    assert "16/07/2025" not in {
        calendar.table.item(i, 0).text() for i in range(calendar.table.rowCount())
    }
    assert compute_deadline(ctx, procedure_code=proc.code, received_at=ctx.now()) == before
    window.close()


def test_the_calendar_shows_the_holidays_and_never_saves_a_date_that_did_not_take(
    qtbot, desk, workers, language, tmp_path
):
    window = _window(qtbot, desk, workers, language, tmp_path)
    calendar = window.admin.calendar
    window.tabs.setCurrentWidget(window.admin)
    window.admin.setCurrentWidget(calendar)
    qtbot.waitUntil(lambda: calendar.table.rowCount() > 0, timeout=10_000)
    rows = {calendar.table.item(i, 0).text(): i for i in range(calendar.table.rowCount())}
    national_day = rows["02/09/2025"]  # Quốc khánh, from the public calendar
    assert calendar.table.item(national_day, 1).text() == "Nghỉ"
    assert calendar.table.item(national_day, 2).text()
    assert calendar.table.item(national_day, 4).text() == "Lịch chung"
    calendar.table.selectRow(national_day)
    assert not calendar.clear_button.isEnabled()  # nothing to clear: no override

    # A typed date that did not take: the box fell back to its last good value. One press
    # (or Enter in the note) saves nothing; it says which day would be saved.
    calendar.day.setFocus()
    calendar.day.lineEdit().selectAll()
    qtbot.keyClicks(calendar.day, "3/7/20")
    calendar.note.setText("Quyết định số 12/QĐ-UBND")
    before = calendar.table.rowCount()
    with qtbot.assertNotEmitted(calendar.changed, wait=300):
        calendar.set_button.click()
    assert calendar.banner.kind == "warning"
    assert f"{calendar.day.date().toString('dd/MM/yyyy')}" in calendar.banner.text
    assert "lần nữa" in calendar.banner.text
    assert calendar.table.rowCount() == before
    window.close()
