"""The intake screen's picker of the competent body (issue 18): keyboard first, from the
catalog the counter cached, the return place once another body is chosen, and the
appointment preview by that body's calendar."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.domain.dossier import VN_TZ
from app.domain.interagency import ReturnPlace
from app.services.agencies import refresh_catalog
from app.sync.protocol import CatalogDay, CatalogEntry
from ui.competent_picker import CompetentPicker, matching
from ui.intake import IntakeForm

B, C = "000.00.32.H26", "000.00.01.H26"
PROC = "1.004222"  # 7 working days


def _catalog(ctx) -> None:  # type: ignore[no-untyped-def]
    refresh_catalog(
        ctx,
        [
            # A working Saturday the home agency does not have (19/7/2025).
            CatalogEntry(
                B,
                "Phường Ngọc Hà",
                "commune",
                "25 Hoàng Hoa Thám",
                "",
                (CatalogDay(date(2025, 7, 19), True, "Làm bù"),),
            ),
            CatalogEntry(C, "Sở Tư pháp", "city", "", "", ()),
        ],
        "0" * 64,
    )


def _form(qtbot, session) -> IntakeForm:  # type: ignore[no-untyped-def]
    _catalog(session.ctx)
    form = IntakeForm(session)
    qtbot.addWidget(form)
    form.show()
    form.activateWindow()
    qtbot.waitUntil(lambda: bool(form.procedures), timeout=5000)
    qtbot.waitUntil(lambda: len(form.competent.choices.others) == 2, timeout=5000)
    return form


def test_matching_ignores_accents_and_puts_an_exact_code_first() -> None:
    from app.services.agencies import CatalogAgency

    bodies = [
        CatalogAgency(B, "Phường Ngọc Hà", "commune", "", ""),
        CatalogAgency(C, "Sở Tư pháp", "city", "", ""),
    ]
    assert [a.code for a in matching(bodies, "ngoc ha")] == [B]
    assert [a.code for a in matching(bodies, "tu PHAP")] == [C]
    assert [a.code for a in matching(bodies, "H26")] == [B, C]
    assert [a.code for a in matching(bodies, C)] == [C]
    assert matching(bodies, "") == [] and matching(bodies, "quận") == []


# The completer's popup raises itself and grabs the keyboard: the offscreen plugin cannot
# (a real window system does), and says so.
POPUP_WARNINGS = (
    r"^This plugin does not support raise\(\)$",
    r"^This plugin does not support grabbing the keyboard$",
    r"^This plugin does not support propagateSizeHints\(\)$",
)


@pytest.mark.qt_log_ignore(*POPUP_WARNINGS)
def test_pick_another_body_by_keyboard_and_its_calendar_gives_the_appointment(
    qtbot, session
) -> None:  # type: ignore[no-untyped-def]
    form = _form(qtbot, session)
    picker = form.competent
    assert picker.chosen() is None and picker.intake_arguments() == {}
    assert not picker.place.isEnabled()  # own dossier: the result is returned here
    form.set_procedure(next(p for p in form.procedures if p.code == PROC))
    qtbot.waitUntil(lambda: form._current_preview() is not None, timeout=5000)
    own_due = form._current_preview().appointment_at
    # Received Tue 15/7/2025 14:05: 16,17,18,21,22,23,24 -> 24/7 at home.
    assert own_due is not None and own_due.astimezone(VN_TZ).date() == date(2025, 7, 24)

    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F8)
    assert QApplication.focusWidget() is picker.search
    qtbot.keyClicks(picker.search, "ngoc ha")  # no accents
    popup = picker.completer.popup()
    qtbot.waitUntil(lambda: popup is not None and popup.isVisible(), timeout=3000)
    assert popup.model().rowCount() == 1
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert picker.chosen_code() == B
    assert picker.search.text() == "Phường Ngọc Hà (000.00.32.H26)"
    assert picker.place.isEnabled() and picker.return_place() is ReturnPlace.RECEIVING
    picker.place.setCurrentIndex(picker.place.findData(ReturnPlace.COMPETENT.value))
    assert picker.intake_arguments() == {
        "competent_agency": B,
        "return_place": ReturnPlace.COMPETENT,
    }
    # The preview follows B's calendar: its working Saturday brings the day forward.
    qtbot.waitUntil(
        lambda: (
            form._current_preview() is not None and form._current_preview().competent_agency == B
        ),
        timeout=5000,
    )
    due = form._current_preview().appointment_at
    assert due is not None and due.astimezone(VN_TZ).date() == date(2025, 7, 23)
    assert "23/07/2025" in form.fees_label.text()

    # Esc goes back to the home agency.
    picker.search.setFocus()
    qtbot.keyClick(picker.search, Qt.Key.Key_Escape)
    assert picker.chosen() is None and picker.search.text() == ""
    assert picker.intake_arguments() == {} and not picker.place.isEnabled()
    qtbot.waitUntil(
        lambda: (
            form._current_preview() is not None and form._current_preview().competent_agency is None
        ),
        timeout=5000,
    )


@pytest.mark.qt_log_ignore(*POPUP_WARNINGS)
def test_an_exact_code_and_enter_chooses_and_an_unknown_name_stops_the_save(qtbot, session) -> None:  # type: ignore[no-untyped-def]
    form = _form(qtbot, session)
    picker = form.competent
    picker.focus_search()
    qtbot.keyClicks(picker.search, C)
    picker.completer.popup().hide()
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)  # chooses; never saves
    assert picker.chosen_code() == C and form.record is None
    assert QApplication.focusWidget() is picker.place

    picker.focus_search()
    qtbot.keyClicks(picker.search, "quan hoan kiem")
    picker.completer.popup().hide()
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert "quan hoan kiem" in picker.problem()
    form.set_procedure(next(p for p in form.procedures if p.code == PROC))
    form.name.setText("Trần Văn Bình")
    form.id_number.setText("001085004321")
    form.save()
    assert form.record is None and not form.saving
    assert "Không có cơ quan nào khớp" in form.banner.label.text()
    assert QApplication.focusWidget() is picker.search

    # Cleared for the next dossier: back to the home agency.
    form.clear()
    assert picker.chosen() is None and picker.search.text() == ""


def test_without_a_catalog_the_picker_says_so(qtbot, session) -> None:  # type: ignore[no-untyped-def]
    picker = CompetentPicker(session)
    qtbot.addWidget(picker)
    qtbot.waitUntil(lambda: bool(picker.choices.home.code), timeout=5000)
    assert picker.choices.others == () and not picker.isEnabled()
    assert "đồng bộ" in picker.search.placeholderText()


def test_an_online_dossier_has_no_other_competent_body(qtbot, session) -> None:  # type: ignore[no-untyped-def]
    form = _form(qtbot, session)
    picker = form.competent
    picker.choose_code(B)
    assert picker.isEnabled() and picker.chosen_code() == B
    form.channel.setCurrentIndex(form.channel.findData("online"))
    assert picker.chosen() is None and not picker.isEnabled()
    assert picker.intake_arguments() == {}
    form.channel.setCurrentIndex(form.channel.findData("post"))
    assert picker.isEnabled()


@pytest.mark.qt_log_ignore(*POPUP_WARNINGS)
def test_a_chosen_body_shows_the_start_of_its_name(qtbot, session) -> None:  # type: ignore[no-untyped-def]
    """A long name with its code is wider than the field: the clerk must see where it
    starts ("Ủy ban…"), not its tail with the first letter scrolled out."""
    refresh_catalog(
        session.ctx,
        [CatalogEntry(B, "Ủy ban nhân dân phường Ba Đình", "commune", "", "", ())],
        "1" * 64,
    )
    form = IntakeForm(session)
    qtbot.addWidget(form)
    form.resize(1366, 768)
    form.show()
    form.activateWindow()
    picker = form.competent
    qtbot.waitUntil(lambda: len(picker.choices.others) == 1, timeout=5000)
    # The walkthrough's window font made the field narrower than its text; the offscreen
    # font is smaller, so the field is narrowed to the same case.
    picker.search.setFixedWidth(200)
    picker.search.setFocus()
    qtbot.keyClicks(picker.search, "ba dinh")
    popup = picker.completer.popup()
    qtbot.waitUntil(lambda: popup is not None and popup.isVisible(), timeout=3000)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert picker.chosen_code() == B
    assert picker.search.text() == f"Ủy ban nhân dân phường Ba Đình ({B})"
    assert picker.search.fontMetrics().horizontalAdvance(picker.search.text()) > (
        picker.search.width()
    )  # the case of the walkthrough: the text does not fit
    qtbot.waitUntil(lambda: picker.search.cursorPosition() == 0, timeout=2000)
    # Chosen by leaving the field with a single match, too.
    picker.choose(None)
    picker.search.setFocus()
    qtbot.keyClicks(picker.search, B)
    popup.hide()
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert picker.chosen_code() == B
    qtbot.waitUntil(lambda: picker.search.cursorPosition() == 0, timeout=2000)
