"""The intake form's "wants messages" box: the citizen's consent goes with the dossier."""

from __future__ import annotations

from conftest import CCCD_QR

from app.services.dossiers import get_dossier
from ui.intake import IntakeForm


def _form(qtbot, session) -> IntakeForm:  # type: ignore[no-untyped-def]
    form = IntakeForm(session)
    qtbot.addWidget(form)
    qtbot.waitUntil(lambda: bool(form.procedures), timeout=5000)
    form.scanner.setText(CCCD_QR)
    assert form.scan_entered()
    form.set_procedure(form.matching_procedures("1.001193")[0])
    return form


def test_the_box_records_sms_and_email_when_ticked(qtbot, session):  # type: ignore[no-untyped-def]
    form = _form(qtbot, session)
    assert not form.wants_messages.isChecked()  # nobody is signed up unasked
    form.phone.setText("0912345678")
    form.email.setText("hang@example.vn")
    form.wants_messages.setChecked(True)
    with qtbot.waitSignal(form.saved, timeout=10_000) as done:
        form.save()
    assert get_dossier(session.ctx, code=done.args[0].code).notify_channels == "sms,email"
    assert not form.wants_messages.isEnabled()  # locked with the saved form
    form.clear()
    assert not form.wants_messages.isChecked() and form.wants_messages.isEnabled()


def test_ticked_without_a_phone_is_explained_and_nothing_saved(qtbot, session):  # type: ignore[no-untyped-def]
    form = _form(qtbot, session)
    form.phone.setText("")
    form.wants_messages.setChecked(True)
    form.save()
    qtbot.waitUntil(lambda: not form.saving, timeout=10_000)
    assert form.record is None
    assert "số điện thoại" in form.banner.text
