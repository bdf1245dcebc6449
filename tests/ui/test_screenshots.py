"""Screenshots of the main screens, offscreen, for README.md and for review by eye:
docs/screenshots/*.png. The data and the clock are fixed, so the images are stable."""

from __future__ import annotations

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

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _save(widget: QWidget, name: str) -> Path:
    QApplication.processEvents()
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    assert widget.grab().save(str(path))
    return path


@pytest.fixture
def demo_session(desk, session):  # type: ignore[no-untyped-def]
    create_demo(desk, dossiers=60)  # as the system (the demo also seeds the catalog)
    return session


def test_screenshots(qtbot, demo_session):
    QApplication.setCursorFlashTime(0)  # a steady text cursor: the same image every run
    session = demo_session
    ctx = session.ctx
    agency, _counter, slot = ctx.service_point()

    login = LoginDialog(ctx, session.workers, session.language, agency, f"Quầy số {slot}",
                        "canbo1")
    qtbot.addWidget(login)
    login.show()
    login.password.setText("matkhau1")
    assert _save(login, "login").exists()

    window = MainWindow(session, start_sync=False)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitUntil(lambda: window.strip.status is not None and window.agency_name != "",
                    timeout=10_000)
    form = window.intake
    qtbot.waitUntil(lambda: bool(form.procedures), timeout=5000)
    form.scanner.setText(CCCD_QR)
    form.scan_entered()
    form.proc_search.setText("dang ky khai sinh")
    form.pick_procedure()
    form.phone.setText("0912 345 678")
    qtbot.waitUntil(lambda: not session.workers.pending, timeout=5000)
    qtbot.wait(400)  # the search box's clear button fades in
    _save(window, "intake")

    window.tabs.setCurrentWidget(window.queue)
    qtbot.waitUntil(lambda: window.queue.model.rowCount() > 20, timeout=10_000)
    _save(window, "queue")

    session.language.set("en")
    qtbot.waitUntil(lambda: window.tabs.tabText(1) == "Dossiers (F3)", timeout=2000)
    _save(window, "queue-en")
    session.language.set("vi")
    qtbot.waitUntil(lambda: window.tabs.tabText(1) == "Danh sách hồ sơ (F3)", timeout=2000)

    code = next(r.code for r in list_dossiers(ctx, status=Status.PROCESSING, limit=50))
    advance_dossier(ctx, code=code, to=Status.SUPPLEMENT, note="Thiếu bản sao giấy chứng sinh")
    detail = DetailDialog(session, code)
    qtbot.addWidget(detail)
    with qtbot.waitSignal(detail.loaded, timeout=5000):
        detail.show()
    _save(detail, "detail")

    preview = PreviewDialog(session, code, "receipt")
    qtbot.addWidget(preview)
    with qtbot.waitSignal(preview.loaded, timeout=15_000):
        preview.show()
    qtbot.waitUntil(lambda: preview.form_box.count() > 1, timeout=5000)
    qtbot.wait(600)  # QPdfView renders its pages in the background
    _save(preview, "preview")
