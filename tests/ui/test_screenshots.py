"""Screenshots of the main screens, offscreen, for README.md and for review by eye. The data
and the clock are fixed, so the images are stable.

A test run writes them below its tmp_path and leaves the work tree clean; with
MOTCUA_UPDATE_SCREENSHOTS=1 it refreshes the committed docs/screenshots/*.png instead."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import CCCD_QR
from PySide6.QtWidgets import QApplication, QWidget

from app.domain.dossier import Status
from app.services.demo import create_demo
from app.services.dossiers import advance_dossier, list_dossiers
from ui.detail import DetailDialog
from ui.login import LoginDialog
from ui.mainwindow import MainWindow
from ui.preview import PreviewDialog

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
UPDATE = "MOTCUA_UPDATE_SCREENSHOTS"


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    """Where the images go: the committed folder only when asked to refresh it."""
    return COMMITTED if os.environ.get(UPDATE) == "1" else tmp_path / "screenshots"


def _save(shots: Path, widget: QWidget, name: str) -> Path:
    QApplication.processEvents()
    shots.mkdir(parents=True, exist_ok=True)
    path = shots / f"{name}.png"
    assert widget.grab().save(str(path))
    return path


@pytest.fixture
def demo_session(desk, session):  # type: ignore[no-untyped-def]
    create_demo(desk, dossiers=60)  # as the system (the demo also seeds the catalog)
    return session


def test_screenshots(qtbot, demo_session, shots):
    QApplication.setCursorFlashTime(0)  # a steady text cursor: the same image every run
    session = demo_session
    ctx = session.ctx
    agency, _counter, slot = ctx.service_point()

    login = LoginDialog(ctx, session.workers, session.language, agency, f"Quầy số {slot}", "canbo1")
    qtbot.addWidget(login)
    login.show()
    login.password.setText("matkhau1")
    assert _save(shots, login, "login").exists()

    window = MainWindow(session, start_sync=False)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitUntil(
        lambda: window.strip.status is not None and window.agency_name != "", timeout=10_000
    )
    form = window.intake
    qtbot.waitUntil(lambda: bool(form.procedures), timeout=5000)
    form.scanner.setText(CCCD_QR)
    form.scan_entered()
    form.proc_search.setText("dang ky khai sinh")
    form.pick_procedure()
    form.phone.setText("0912 345 678")
    qtbot.waitUntil(lambda: not session.workers.pending, timeout=5000)
    qtbot.wait(400)  # the search box's clear button fades in
    _save(shots, window, "intake")

    window.tabs.setCurrentWidget(window.queue)
    qtbot.waitUntil(lambda: window.queue.model.rowCount() > 20, timeout=10_000)
    _save(shots, window, "queue")

    session.language.set("en")
    qtbot.waitUntil(lambda: window.tabs.tabText(1) == "Dossiers (F3)", timeout=2000)
    _save(shots, window, "queue-en")
    session.language.set("vi")
    qtbot.waitUntil(lambda: window.tabs.tabText(1) == "Danh sách hồ sơ (F3)", timeout=2000)

    code = next(r.code for r in list_dossiers(ctx, status=Status.PROCESSING, limit=50))
    advance_dossier(ctx, code=code, to=Status.SUPPLEMENT, note="Thiếu bản sao giấy chứng sinh")
    detail = DetailDialog(session, code)
    qtbot.addWidget(detail)
    with qtbot.waitSignal(detail.loaded, timeout=5000):
        detail.show()
    _save(shots, detail, "detail")

    preview = PreviewDialog(session, code, "receipt")
    qtbot.addWidget(preview)
    with qtbot.waitSignal(preview.loaded, timeout=15_000):
        preview.show()
    qtbot.waitUntil(lambda: preview.form_box.count() > 1, timeout=5000)
    qtbot.wait(600)  # QPdfView renders its pages in the background
    _save(shots, preview, "preview")


def _window_as(qtbot, session, username):  # type: ignore[no-untyped-def]
    from conftest import make_session

    from app.services.demo import DEMO_PASSWORD
    from app.services.users import log_in

    person = log_in(session.ctx, username=username, password=DEMO_PASSWORD)
    folder = Path(session.settings.fileName()).parent / username
    folder.mkdir(exist_ok=True)
    window = MainWindow(
        make_session(person, session.workers, session.language, folder), start_sync=False
    )
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitUntil(
        lambda: window.strip.status is not None and window.agency_name != "", timeout=10_000
    )
    return window


def test_screenshots_of_the_role_screens(qtbot, demo_session, shots):
    from datetime import date

    from app.domain.dossier import Channel
    from app.domain.handover import handover_payload
    from app.services.catalog import find_procedures
    from app.services.dossiers import ApplicantInput, receive_dossier
    from app.services.post import create_handover

    QApplication.setCursorFlashTime(0)
    session = demo_session
    ctx = session.ctx

    # The post-office agent: three post dossiers waiting, one list made before.
    agent = _window_as(qtbot, session, "buudien1")
    procs = find_procedures(agent.session.ctx, text="")
    people = (
        ("Trần Văn Bình", "001085004321"),
        ("Lê Thị Mai", "001092007788"),
        ("Hoàng Minh Đức", "001078001122"),
        ("Vũ Thị Lan", "001099005566"),
    )
    codes = [
        receive_dossier(
            agent.session.ctx,
            procedure_code=procs[i].code,
            applicant=ApplicantInput(name, number),
            channel=Channel.POST,
            post_receipt_no=f"RR12345678{i}VN",
        ).code
        for i, (name, number) in enumerate(people)
    ]
    batch = create_handover(agent.session.ctx, codes=codes[:1])
    screen = agent.handover
    agent.tabs.setCurrentWidget(screen)
    screen.refresh()
    qtbot.waitUntil(lambda: len(screen.pending) == 3 and len(screen.batches) == 1, timeout=10_000)
    _save(shots, agent, "post-handover")
    preview = screen.open_preview(batch.batch_id)
    qtbot.waitUntil(lambda: bool(preview.pdf), timeout=15_000)
    qtbot.wait(600)
    _save(shots, preview, "post-handover-preview")
    preview.close()
    agent.close()

    # The commune clerk scans the list.
    clerk = _window_as(qtbot, session, "canbo1")
    reception = clerk.batch_reception
    clerk.tabs.setCurrentWidget(reception)
    reception.scanner.setText(handover_payload(batch))
    with qtbot.waitSignal(reception.received, timeout=10_000):
        reception.submit()
    reception.scanner.setText(handover_payload(batch))
    with qtbot.waitSignal(reception.refused, timeout=10_000):
        reception.submit()
    reception.scanner.clear()
    qtbot.wait(300)
    _save(shots, clerk, "post-reception")
    clerk.close()

    # The volunteer, after two citizens helped.
    helper = _window_as(qtbot, session, "tnv1")
    vol = helper.volunteer
    qtbot.waitUntil(lambda: bool(vol.picker.procedures), timeout=10_000)
    for online, reason in (("G22.99-250715-000123", ""), ("", "Thiếu bản quét giấy chứng sinh")):
        vol.picker.search.setText("khai sinh")
        vol.picker.pick()
        (vol.submitted if online else vol.failed).setChecked(True)
        vol.online_code.setText(online)
        vol.reason.setText(reason)
        with qtbot.waitSignal(vol.listed, timeout=10_000):
            vol.save()
    vol.picker.search.setText("chung thuc")
    qtbot.wait(300)
    _save(shots, helper, "volunteer")
    helper.close()

    # The supervisor: users, catalog, calendar, reports.
    boss = _window_as(qtbot, session, "lanhdao")
    admin = boss.admin
    boss.tabs.setCurrentWidget(admin)
    qtbot.waitUntil(lambda: len(admin.users.users) >= 4, timeout=10_000)
    admin.users.select("tnv1")
    _save(shots, boss, "admin-users")
    admin.setCurrentWidget(admin.catalog)
    qtbot.waitUntil(lambda: len(admin.catalog.procedures) > 10, timeout=10_000)
    admin.catalog.search.setText("khai sinh")
    admin.catalog.choose(
        next(
            p.code
            for p in find_procedures(ctx, text="dang ky khai sinh")
            if p.name == "Đăng ký khai sinh"
        )
    )
    _save(shots, boss, "admin-catalog")
    from app.services.calendar_admin import set_calendar_day

    set_calendar_day(
        boss.session.ctx,
        day=date(2025, 9, 6),
        working=True,
        note="Làm bù cho ngày nghỉ 01/9 theo Quyết định số 12/QĐ-UBND",
    )
    admin.setCurrentWidget(admin.calendar)
    admin.calendar.reload()
    # The year's public holidays and the make-up Saturday just set.
    qtbot.waitUntil(
        lambda: any(d.day == date(2025, 9, 6) and d.overridden for d in admin.calendar.days),
        timeout=10_000,
    )
    _save(shots, boss, "admin-calendar")
    reports = boss.reports
    with qtbot.waitSignal(reports.built, timeout=20_000):
        boss.tabs.setCurrentWidget(reports)
    reports.set_range(date(2025, 5, 1), date(2025, 7, 15))
    with qtbot.waitSignal(reports.built, timeout=20_000):
        reports.build()
    qtbot.wait(300)
    _save(shots, boss, "reports")
    boss.close()
