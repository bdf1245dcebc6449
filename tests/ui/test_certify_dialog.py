"""The certify dialog from the main window's Dossier menu: originals, a certificate file,
the PIN typed each time in a password field; the work runs in the write lane."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit

from app.services.certification import certification_register
from app.services.signatures import check_pdf_signatures
from tests.conftest import FixedClock
from tests.helpers.pki import Authority, make_ca
from ui.certify import P12, CertifyDialog
from ui.mainwindow import MainWindow

PIN = "246813"


@pytest.fixture
def clock() -> FixedClock:
    # the test CA's certificates are valid around the real today (overrides conftest's)
    return FixedClock(datetime.now(UTC).replace(microsecond=0))


@pytest.fixture(scope="module")
def ca() -> Authority:
    return make_ca()


def _fill(dialog: CertifyDialog, ca: Authority, folder: Path, pin: str) -> Path:
    original = folder / "giay-to.png"
    Image.new("L", (800, 1100), 250).save(original)
    p12 = folder / "can-bo.p12"
    p12.write_bytes(ca.signer.pkcs12(PIN))
    dialog.add_originals([original])
    dialog.source.setCurrentIndex(P12)
    dialog.p12.setText(str(p12))
    out = folder / "ban-sao.pdf"
    dialog.out.setText(str(out))
    dialog.pin.setText(pin)
    return out


def test_certify_from_the_menu_with_the_pin_asked_each_time(qtbot, session, ca, tmp_path):
    window = MainWindow(session, start_sync=False)
    qtbot.addWidget(window)
    assert window.certify_action in window.dossier_menu.actions()
    assert window.certify_action.text() == "Chứng thực bản sao điện tử…"
    window.certify_action.trigger()
    dialog = window.certify_dialog
    assert isinstance(dialog, CertifyDialog)
    assert dialog.pin.echoMode() == QLineEdit.EchoMode.Password
    assert dialog.officer.text() == session.ctx.actor.full_name
    out = _fill(dialog, ca, tmp_path, "000000")  # a wrong PIN first
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.click()
    assert dialog.pin.text() == ""  # taken by the job, kept nowhere
    qtbot.waitUntil(lambda: dialog.error.isVisible() and ok.isEnabled(), timeout=15000)
    assert "Không mở được tệp chứng thư" in dialog.error.text
    assert not out.exists() and certification_register(session.ctx) == []
    dialog.pin.setText(PIN)  # typed again
    with qtbot.waitSignal(dialog.certified, timeout=20000) as got:
        ok.click()
    outcome = got.args[0]
    assert outcome.out == out and out.exists()
    assert outcome.copy.number.endswith("00001")
    assert [c.number for c in certification_register(session.ctx)] == [outcome.copy.number]
    assert check_pdf_signatures(out.read_bytes(), None).signer == "Nguyễn Văn Ký"
    qtbot.waitUntil(lambda: "Đã chứng thực" in window.notice.text, timeout=5000)


def test_missing_choices_are_said_before_any_work(qtbot, session, ca, tmp_path):
    dialog = CertifyDialog(session)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.click()
    assert "Chưa chọn bản chính" in dialog.error.text
    _fill(dialog, ca, tmp_path, "")
    ok.click()
    assert "Chưa nhập mã PIN" in dialog.error.text
    dialog.resize(700, 520)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.grab().save(str(tmp_path / "certify-dialog.png"))
    if shot := os.environ.get("MOTCUA_SHOT_DIR"):
        dialog.grab().save(str(Path(shot) / "certify-dialog.png"))
    assert (tmp_path / "certify-dialog.png").stat().st_size > 0
