"""The intake form's applicant-kind switch (F6) and the queue's second-supplement filter
(issue 16): an organisation is received by its tax code with a representative, a card
scanned meanwhile names the representative, and the citizen path is unchanged."""

from __future__ import annotations

from conftest import CCCD_QR
from PySide6.QtCore import Qt

from app.domain.organisation import ApplicantKind
from app.services.dossiers import ApplicantInput, get_dossier, receive_dossier
from app.services.supplements import complete_supplement, request_supplement
from ui.intake import IntakeForm
from ui.queue import QueueScreen


def test_f6_switches_to_an_organisation_and_back(qtbot, session):
    form = IntakeForm(session)
    qtbot.addWidget(form)
    form.resize(1366, 700)
    form.show()
    qtbot.waitUntil(lambda: bool(form.procedures), timeout=5000)
    switch = form.kind_switch
    assert switch.kind() == ApplicantKind.CITIZEN and not switch.representative.isVisible()
    assert form.birth.isVisible() and form.person_labels[1].text() == "Số định &danh:"
    form.name.setFocus()
    qtbot.keyClick(form.name, Qt.Key.Key_F6)
    assert switch.kind() == ApplicantKind.BUSINESS
    assert switch.representative.isVisible() and not form.birth.isVisible()
    assert not form.sex.isVisible() and not form.old_id.isVisible()
    assert form.person_labels[0].text() == "Tên tổ chức:"
    assert form.person_labels[1].text() == "Mã số thuế:"

    form.name.setText("Công ty TNHH Xây dựng Tây Hồ")
    form.id_number.setText("0100109106-001")
    form.scanner.setText(CCCD_QR)  # the representative's card
    assert form.scan_entered()
    assert switch.representative.text() == "Nguyễn Văn Ánh"
    assert form.name.text() == "Công ty TNHH Xây dựng Tây Hồ"  # not overwritten
    form.set_procedure(form.matching_procedures("1.001193")[0])
    with qtbot.waitSignal(form.saved, timeout=10_000) as saved:
        form.save()
    stored = get_dossier(session.ctx, code=saved.args[0].code).applicant
    assert stored.kind == ApplicantKind.BUSINESS and stored.id_number == "0100109106-001"
    assert stored.representative == "Nguyễn Văn Ánh"

    form.clear()  # F2: a new dossier starts as a citizen's
    assert switch.kind() == ApplicantKind.CITIZEN and form.birth.isVisible()
    assert form.person_labels[0].text() == "Họ &và tên:"
    form.scanner.setText(CCCD_QR)
    assert form.scan_entered() and form.name.text() == "Nguyễn Văn Ánh"


def test_a_wrong_tax_code_is_explained_and_nothing_saved(qtbot, session):
    form = IntakeForm(session)
    qtbot.addWidget(form)
    qtbot.waitUntil(lambda: bool(form.procedures), timeout=5000)
    form.kind_switch.combo.setCurrentIndex(form.kind_switch.combo.findData(3))
    form.name.setText("Trường Mầm non Tây Hồ")
    form.id_number.setText("0100109107")
    form.set_procedure(form.matching_procedures("1.001193")[0])
    form.save()
    qtbot.waitUntil(lambda: "Mã số thuế không đúng" in form.banner.text, timeout=10_000)
    assert form.record is None


def test_the_queue_lists_second_supplements(qtbot, session):
    ctx = session.ctx
    person = ApplicantInput("Trần Thị Bích", "001190054321")
    once = receive_dossier(ctx, procedure_code="1.004194", applicant=person)
    twice = receive_dossier(ctx, procedure_code="1.004194", applicant=person)
    request_supplement(ctx, code=once.code, missing=["Tờ khai"])
    request_supplement(ctx, code=twice.code, missing=["Tờ khai"])
    complete_supplement(ctx, code=twice.code)
    request_supplement(ctx, code=twice.code, missing=["Ảnh"])
    screen = QueueScreen(session)
    qtbot.addWidget(screen)
    screen.show()
    with qtbot.waitSignal(screen.model.page_loaded, timeout=10_000):
        screen.refresh()
    assert {r.row.code for r in screen.model.rows} == {once.code, twice.code}
    with qtbot.waitSignal(screen.model.page_loaded, timeout=10_000):
        screen.repeat_box.setChecked(True)
    assert [r.row.code for r in screen.model.rows] == [twice.code]
    assert screen.repeat_box.text() == "Bổ sung lần 2 trở lên"


def test_the_detail_names_the_organisation_and_counts_the_requests(qtbot, session):
    from ui.detail import DetailDialog

    ctx = session.ctx
    company = ApplicantInput(
        "Công ty TNHH Tây Hồ",
        "0100109106",
        kind=ApplicantKind.BUSINESS,
        representative="Lê Văn Cường",
    )
    rec = receive_dossier(ctx, procedure_code="1.004194", applicant=company)
    request_supplement(ctx, code=rec.code, missing=["Giấy ủy quyền"])
    complete_supplement(ctx, code=rec.code)
    request_supplement(ctx, code=rec.code, missing=["Ảnh"])
    dialog = DetailDialog(session, rec.code)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.record is not None, timeout=10_000)
    applicant = dialog.fields["applicant"][1].text()
    assert "Công ty TNHH Tây Hồ" in applicant and "đại diện: Lê Văn Cường" in applicant
    assert "yêu cầu bổ sung 2 lần" in dialog.fields["due"][1].text()
