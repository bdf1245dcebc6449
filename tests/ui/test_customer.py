"""The customer's window and the satisfaction prompt, offscreen on a real counter database:
the window never takes the clerk's focus and shows no citizen data; the prompt after intake
and after a result is handed over (status 10); touch, keys and a USB keypad; the reasons of a
"not satisfied" on either side; the criteria step; time-outs and a window closed mid-prompt
record nothing; the supervisor's list; screenshots at 1366x768 and 1920x1080."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import CCCD_QR, make_session
from PySide6.QtCore import QEvent, QPoint, QRect, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from app.domain.dossier import Status
from app.domain.ratings import Level, Occasion
from app.services.demo import DEMO_PASSWORD
from app.services.dossiers import advance_dossier
from app.services.ratings import list_ratings, new_prompt_id, record_rating
from app.services.users import log_in
from ui.customer import CustomerWindow, choose_screen
from ui.mainwindow import MainWindow

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


class FakeScreen:
    def __init__(self, name: str, x: int) -> None:
        self._name, self._x = name, x

    def name(self) -> str:
        return self._name

    def geometry(self) -> QRect:
        return QRect(self._x, 0, 1920, 1080)


def test_the_screen_is_chosen_among_those_qt_sees() -> None:
    left, right = FakeScreen("HDMI-1", 0), FakeScreen("DP-2", 1920)
    # Two screens: the one the clerk is not on, full screen.
    assert choose_screen([left, right], clerk_screen=left) == (right, True)
    assert choose_screen([left, right], clerk_screen=right) == (left, True)
    # The setting wins when that screen is there; a screen since unplugged is passed over.
    assert choose_screen([left, right], clerk_screen=right, wanted="DP-2") == (right, False)
    assert choose_screen([left, right], clerk_screen=left, wanted="VGA-9") == (right, True)
    # One screen: an ordinary window on it, never full screen over the clerk's work.
    assert choose_screen([left], clerk_screen=left) == (left, False)
    assert choose_screen([], clerk_screen=None) == (None, False)


def _texts(window: CustomerWindow) -> str:
    return " ".join(
        w.text() for w in window.findChildren(QLabel) + window.findChildren(QPushButton)
    )


def _main(qtbot, session) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(session, start_sync=False)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    qtbot.waitUntil(lambda: bool(window.intake.procedures), timeout=5000)
    return window


def _open_customer(qtbot, window: MainWindow) -> CustomerWindow:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_M, CTRL_SHIFT)
    customer = window.customer.window
    assert customer is not None
    qtbot.waitUntil(customer.isVisible, timeout=2000)
    qtbot.waitUntil(lambda: bool(customer.clerk_name), timeout=5000)
    return customer


def _save_intake(qtbot, window: MainWindow):  # type: ignore[no-untyped-def]
    form = window.intake
    form.scanner.setText(CCCD_QR)
    assert form.scan_entered()
    form.set_procedure(form.matching_procedures("1.001193")[0])
    with qtbot.waitSignal(form.saved, timeout=10_000) as saved:
        form.save()
    return saved.args[0]


def test_the_customer_window_opens_without_taking_the_clerks_focus(qtbot, session) -> None:
    window = _main(qtbot, session)
    focus = QApplication.focusWidget()
    assert focus is window.intake.scanner
    customer = _open_customer(qtbot, window)
    assert customer.windowFlags() & Qt.WindowType.WindowDoesNotAcceptFocus
    assert customer.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    assert customer.isWindow() and customer is not window
    qtbot.wait(100)
    assert QApplication.focusWidget() is focus  # the clerk keeps typing where they were
    assert window.isActiveWindow() and not customer.isActiveWindow()
    assert window.customer.toggle_action.isChecked()
    # The counter and the clerk, nothing else.
    assert customer.counter_name == "Quầy số 1"
    assert customer.clerk_name == "Nguyễn Thị Hằng"
    assert "Cán bộ tiếp nhận: Nguyễn Thị Hằng" in _texts(customer)
    # One screen here: a window the clerk can move, not full screen.
    assert not customer.isFullScreen()
    customer.move(QPoint(40, 30))
    assert customer.pos() == QPoint(40, 30)
    qtbot.keyClick(window, Qt.Key.Key_M, CTRL_SHIFT)  # the same shortcut closes it
    qtbot.waitUntil(lambda: not customer.isVisible(), timeout=2000)
    assert not window.customer.toggle_action.isChecked()


def test_after_intake_the_citizen_rates_by_touch(qtbot, session) -> None:
    window = _main(qtbot, session)
    customer = _open_customer(qtbot, window)
    display = window.customer
    with qtbot.waitSignal(display.prompt_started, timeout=10_000) as started:
        record = _save_intake(qtbot, window)
    assert started.args == [record.code, "intake"]
    assert customer.page == "question"
    shown = _texts(customer)
    for private in (record.code, "Nguyễn Văn Ánh", "001090012345", "Âu Cơ"):
        assert private not in shown  # never the citizen's data
    assert "Rất hài lòng" in shown and "Không hài lòng" in shown
    with qtbot.waitSignal(display.rated, timeout=10_000) as rated:
        qtbot.mouseClick(customer.level_buttons[Level.VERY_SATISFIED], Qt.MouseButton.LeftButton)
    got = rated.args[0]
    assert (got.dossier_code, got.occasion, got.level, got.clerk) == (
        record.code,
        Occasion.INTAKE,
        Level.VERY_SATISFIED,
        "canbo1",
    )
    assert customer.page == "thanks"
    # A second press on the same prompt records nothing more.
    qtbot.mouseClick(customer.level_buttons[Level.UNHAPPY], Qt.MouseButton.LeftButton)
    session.workers.wait_idle()
    boss = log_in(session.ctx, username="lanhdao", password=DEMO_PASSWORD)
    assert [(r.dossier_code, r.level) for r in list_ratings(boss)] == [
        (record.code, Level.VERY_SATISFIED)
    ]


def _keypad(widget, key: Qt.Key) -> None:  # type: ignore[no-untyped-def]
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(
            widget, QKeyEvent(kind, key, Qt.KeyboardModifier.KeypadModifier, chr(key))
        )


def test_a_usb_keypad_rates_unless_the_clerk_is_typing(qtbot, session) -> None:
    window = _main(qtbot, session)
    _open_customer(qtbot, window)
    display = window.customer
    with qtbot.waitSignal(display.prompt_started, timeout=10_000):
        record = _save_intake(qtbot, window)
    qtbot.waitUntil(lambda: bool(window.previews), timeout=5000)
    for preview in list(window.previews):  # the receipt's preview: printed, closed
        preview.close()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    # The clerk's cursor is in a text field (the list's search box): the digit is theirs.
    window.focus_search()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.queue.search, timeout=2000)
    _keypad(window.queue.search, Qt.Key.Key_2)
    assert window.queue.search.text() == "2"
    assert display.prompt is not None and display.prompt.level is None
    # Out of the field (the form's save button, where intake leaves it): the keypad rates.
    window.tabs.setCurrentWidget(window.intake)
    window.intake.save_button.setFocus()
    with qtbot.waitSignal(display.rated, timeout=10_000) as rated:
        _keypad(window.intake.save_button, Qt.Key.Key_2)
    assert (rated.args[0].dossier_code, rated.args[0].level) == (record.code, Level.SATISFIED)
    # With no prompt open the keypad is the clerk's again (nothing consumed).
    assert display.prompt is None


def test_keys_on_the_customer_window_rate(qtbot, session) -> None:
    window = _main(qtbot, session)
    customer = _open_customer(qtbot, window)
    display = window.customer
    with qtbot.waitSignal(display.prompt_started, timeout=10_000):
        _save_intake(qtbot, window)
    display.criteria_action.setChecked(False)
    with qtbot.waitSignal(display.rated, timeout=10_000) as rated:
        qtbot.keyClick(customer, Qt.Key.Key_1)
    assert rated.args[0].level == Level.VERY_SATISFIED


def test_unhappy_asks_the_reason_on_either_side(qtbot, session) -> None:
    window = _main(qtbot, session)
    customer = _open_customer(qtbot, window)
    display = window.customer
    with qtbot.waitSignal(display.prompt_started, timeout=10_000):
        first = _save_intake(qtbot, window)
    qtbot.mouseClick(customer.level_buttons[Level.UNHAPPY], Qt.MouseButton.LeftButton)
    assert customer.page == "reasons"
    dialog = display.reason_dialog
    assert dialog is not None and dialog.isVisible()
    assert QApplication.focusWidget() is not dialog.note  # shown, not forced on the clerk
    # The citizen presses "another reason": the clerk writes down what they say.
    qtbot.mouseClick(customer.reason_buttons["other"], Qt.MouseButton.LeftButton)
    assert display.prompt is not None and display.prompt.step == "reasons"
    assert dialog.reason.currentData() == "other"
    dialog.note.setText("Phải chờ quá lâu ở sảnh")
    with qtbot.waitSignal(display.rated, timeout=10_000) as rated:
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    got = rated.args[0]
    assert (got.dossier_code, got.level, got.reason, got.note) == (
        first.code,
        Level.UNHAPPY,
        "other",
        "Phải chờ quá lâu ở sảnh",
    )
    assert display.reason_dialog is None
    # Next citizen: the reason by touch alone.
    window.intake.clear()
    with qtbot.waitSignal(display.prompt_started, timeout=10_000):
        second = _save_intake(qtbot, window)
    qtbot.mouseClick(customer.level_buttons[Level.UNHAPPY], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(display.rated, timeout=10_000) as rated:
        qtbot.mouseClick(customer.reason_buttons["attitude"], Qt.MouseButton.LeftButton)
    assert (rated.args[0].dossier_code, rated.args[0].reason) == (second.code, "attitude")
    # Both wait in the supervisor's list.
    boss = log_in(session.ctx, username="lanhdao", password=DEMO_PASSWORD)
    assert {r.dossier_code for r in list_ratings(boss, unhappy_only=True, open_only=True)} == {
        first.code,
        second.code,
    }


def test_the_criteria_of_the_survey_as_a_second_step(qtbot, session) -> None:
    window = _main(qtbot, session)
    customer = _open_customer(qtbot, window)
    display = window.customer
    display.criteria_action.setChecked(True)
    with qtbot.waitSignal(display.prompt_started, timeout=10_000):
        _save_intake(qtbot, window)
    qtbot.mouseClick(customer.level_buttons[Level.SATISFIED], Qt.MouseButton.LeftButton)
    assert customer.page == "criteria"
    qtbot.mouseClick(
        customer.criteria_buttons[("attitude", Level.VERY_SATISFIED)], Qt.MouseButton.LeftButton
    )
    qtbot.mouseClick(
        customer.criteria_buttons[("total_time", Level.UNHAPPY)], Qt.MouseButton.LeftButton
    )
    with qtbot.waitSignal(display.rated, timeout=10_000) as rated:
        qtbot.mouseClick(customer.send_criteria, Qt.MouseButton.LeftButton)
    assert rated.args[0].level == Level.SATISFIED
    assert dict(rated.args[0].criteria) == {
        "attitude": Level.VERY_SATISFIED,
        "total_time": Level.UNHAPPY,
    }
    assert str(session.settings.value("customer/criteria")) == "true"  # remembered


def test_after_a_result_is_handed_over_the_citizen_is_asked(qtbot, session, desk) -> None:
    window = _main(qtbot, session)
    customer = _open_customer(qtbot, window)
    display = window.customer
    with qtbot.waitSignal(display.prompt_started, timeout=10_000):
        record = _save_intake(qtbot, window)
    qtbot.mouseClick(customer.level_buttons[Level.SATISFIED], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: display.prompt is None, timeout=10_000)
    for to in (Status.PROCESSING, Status.RESOLVED):
        advance_dossier(desk, code=record.code, to=to)
        session.events.dossier_changed.emit(record.code)  # as every screen that moves one
    session.workers.wait_idle()
    QApplication.processEvents()
    assert display.prompt is None  # not handed over yet: nobody asked
    # The clerk hands the result over in the dossier's detail (Ctrl+6, confirm): the
    # detail announces the change, the prompt follows.
    detail = window.open_detail(record.code)
    qtbot.waitUntil(lambda: Status.RETURNED in detail.offered(), timeout=5000)
    with qtbot.waitSignal(display.prompt_started, timeout=10_000) as started:
        detail.move_buttons[Status.RETURNED].click()
        detail.pending_dialog.accept()
    assert started.args == [record.code, "handover"]
    assert customer.page == "question"
    with qtbot.waitSignal(display.rated, timeout=10_000) as rated:
        qtbot.mouseClick(customer.level_buttons[Level.VERY_SATISFIED], Qt.MouseButton.LeftButton)
    assert rated.args[0].occasion == Occasion.HANDOVER
    # A later change of the same dossier asks nothing again.
    session.events.dossier_changed.emit(record.code)
    session.workers.wait_idle()
    QApplication.processEvents()
    assert display.prompt is None


def test_no_answer_times_out_and_a_closed_window_records_nothing(qtbot, session) -> None:
    window = _main(qtbot, session)
    customer = _open_customer(qtbot, window)
    display = window.customer
    display.timeout_ms = 150
    with qtbot.waitSignal(display.prompt_started, timeout=10_000):
        _save_intake(qtbot, window)
    with qtbot.waitSignal(display.prompt_ended, timeout=5000) as ended:
        pass
    assert ended.args == ["timeout"]
    assert customer.page == "welcome" and display.prompt is None
    # Closed in the middle of a prompt: nothing recorded, a late press does nothing.
    display.timeout_ms = 60_000
    window.intake.clear()
    with qtbot.waitSignal(display.prompt_started, timeout=10_000):
        _save_intake(qtbot, window)
    with qtbot.waitSignal(display.prompt_ended, timeout=5000) as ended:
        display.close_window()
    assert ended.args == ["closed"]
    display.choose_level(1)
    session.workers.wait_idle()
    QApplication.processEvents()
    boss = log_in(session.ctx, username="lanhdao", password=DEMO_PASSWORD)
    assert list_ratings(boss) == []
    # With the window closed, a save asks nobody.
    window.intake.clear()
    _save_intake(qtbot, window)
    assert display.prompt is None


def test_the_supervisor_marks_an_unhappy_answer_handled(
    qtbot, desk, workers, language, tmp_path
) -> None:
    import random

    from app.services.demo import random_person
    from app.services.dossiers import receive_dossier

    rng = random.Random(5)
    codes = [
        receive_dossier(desk, procedure_code="1.001193", applicant=random_person(rng)).code
        for _ in range(2)
    ]
    for code, level in zip(codes, (3, 1), strict=True):
        record_rating(
            desk,
            prompt_id=new_prompt_id(),
            code=code,
            occasion=Occasion.INTAKE,
            level=level,
            reason="contacts" if level == 3 else "",
        )
    boss = log_in(desk, username="lanhdao", password=DEMO_PASSWORD)
    window = MainWindow(make_session(boss, workers, language, tmp_path), start_sync=False)
    qtbot.addWidget(window)
    window.show()
    screen = window.admin.ratings
    window.tabs.setCurrentWidget(window.admin)
    window.admin.setCurrentWidget(screen)
    assert window.admin.tabText(3) == "Ý kiến không hài lòng"
    qtbot.waitUntil(lambda: len(screen.rows) == 1, timeout=5000)
    assert screen.table.item(0, 1).text() == codes[0]
    assert screen.table.item(0, 3).text() == "Số lần phải liên hệ để hoàn thiện hồ sơ"
    qtbot.waitUntil(lambda: "tỷ lệ hài lòng 50.0%" in screen.summary.text(), timeout=5000)
    screen.table.selectRow(0)
    dialog = screen.handle_current()
    assert dialog is not None
    dialog.note.setText("Đã gọi điện hướng dẫn lại")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.rows == [], timeout=5000)
    [done] = list_ratings(boss, unhappy_only=True)
    assert done.handled_note == "Đã gọi điện hướng dẫn lại" and done.handled_by == "lanhdao"
    screen.show_handled.setChecked(True)
    qtbot.waitUntil(lambda: len(screen.rows) == 1, timeout=5000)
    assert "Đã gọi điện hướng dẫn lại" in screen.table.item(0, 5).text()


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080), (1024, 600)])
def test_screenshots_of_the_customer_window(qtbot, session, tmp_path, size) -> None:
    window = _main(qtbot, session)
    customer = _open_customer(qtbot, window)
    shots = COMMITTED if os.environ.get("MOTCUA_UPDATE_SCREENSHOTS") == "1" else tmp_path
    shots.mkdir(parents=True, exist_ok=True)
    customer.resize(*size)
    customer.show_question()
    QApplication.processEvents()
    image = customer.grab()
    assert (image.width(), image.height()) == size
    assert image.save(str(shots / f"customer-{size[0]}x{size[1]}.png"))
    # Every button's text fits its button (touch targets at least 100 px high).
    for button in customer.level_buttons.values():
        assert button.height() >= 60
        assert button.fontMetrics().horizontalAdvance(button.text().split("\n")[1]) < button.width()
        assert customer.rect().contains(button.geometry().translated(button.parentWidget().pos()))
    customer.show_reasons()
    QApplication.processEvents()
    for button in customer.reason_buttons.values():  # every reason on screen, none clipped
        lines = button.text().split("\n")
        widest = max(button.fontMetrics().horizontalAdvance(t) for t in lines)
        assert widest < button.width()
        corner = button.mapTo(customer, button.rect().bottomRight())
        assert customer.rect().contains(corner)
    customer.show_criteria()
    QApplication.processEvents()
    assert customer.grab().save(str(shots / f"customer-criteria-{size[0]}x{size[1]}.png"))
    send = customer.send_criteria
    assert customer.rect().contains(send.mapTo(customer, send.rect().bottomRight()))
    for button in customer.criteria_buttons.values():
        assert button.fontMetrics().horizontalAdvance(button.text()) < button.width()
    assert customer.grab().save(str(shots / f"customer-reasons-{size[0]}x{size[1]}.png"))


def test_the_prompt_speaks_english_when_the_clerk_switches(qtbot, session) -> None:
    window = _main(qtbot, session)
    customer = _open_customer(qtbot, window)
    assert customer.level_buttons[Level.UNHAPPY].text() == "3\nKhông hài lòng"
    session.language.set("en")
    qtbot.waitUntil(
        lambda: customer.level_buttons[Level.UNHAPPY].text() == "3\nNot satisfied", timeout=2000
    )
    assert customer.reason_buttons["attitude"].text() == "Attitude of the staff"
    assert customer.clerk.text() == "Your clerk: Nguyễn Thị Hằng"
    assert window.customer.menu.title() == "Ci&tizen screen"


def test_the_reports_screen_counts_the_ratings(qtbot, desk, workers, language, tmp_path) -> None:
    import random

    from app.services.demo import random_person
    from app.services.dossiers import receive_dossier
    from ui.reports import ReportsScreen

    rng = random.Random(9)
    for level in (1, 1, 2, 3):
        code = receive_dossier(desk, procedure_code="1.001193", applicant=random_person(rng)).code
        record_rating(
            desk, prompt_id=new_prompt_id(), code=code, occasion=Occasion.INTAKE, level=level
        )
    boss = log_in(desk, username="lanhdao", password=DEMO_PASSWORD)
    screen = ReportsScreen(make_session(boss, workers, language, tmp_path))
    qtbot.addWidget(screen)
    with qtbot.waitSignal(screen.built, timeout=20_000):
        screen.build_button.click()
    qtbot.waitUntil(lambda: screen.figure("ratings") != "—", timeout=5000)
    assert screen.figure("ratings") == "4 (rất hài lòng 2, hài lòng 1, không hài lòng 1)"
    assert screen.figure("satisfied_rate") == "75,0 %"
    assert screen.figure_names["satisfied_rate"].text() == "Tỷ lệ hài lòng:"


def test_a_dossier_received_by_post_asks_nobody(qtbot, session, desk) -> None:
    import random

    from app.domain.dossier import Channel
    from app.services.demo import random_person
    from app.services.dossiers import receive_dossier

    window = _main(qtbot, session)
    _open_customer(qtbot, window)
    by_post = receive_dossier(
        desk,
        procedure_code="1.001193",
        applicant=random_person(random.Random(4)),
        channel=Channel.POST,
        post_receipt_no="RR123456789VN",
    )
    window.intake.saved.emit(by_post)  # as the form announces a post dossier it saved
    assert window.customer.prompt is None and window.customer.window.page == "welcome"


def test_on_a_second_screen_it_opens_full_screen_and_the_choice_is_kept(
    qtbot, session, monkeypatch
) -> None:
    from PySide6.QtGui import QGuiApplication

    import ui.rating_flow as flow

    window = _main(qtbot, session)
    display = window.customer
    # The menu lists the screens Qt sees; picking one is remembered in ui.ini.
    display.list_screens()
    names = [a.text() for a in display.menu.screens_menu.actions()]
    only = QGuiApplication.primaryScreen()
    assert names == [f"{only.name()} ({only.geometry().width()}×{only.geometry().height()})"]
    display.menu.screens_menu.actions()[0].trigger()
    assert session.settings.value("customer/screen") == only.name()
    # Qt here sees one screen; as if the chosen one were another than the clerk's:
    seen: list[str] = []

    def two_screens(screens, *, clerk_screen, wanted):  # type: ignore[no-untyped-def]
        seen.append(wanted)
        return only, True

    monkeypatch.setattr(flow, "choose_screen", two_screens)
    customer = display.open_window()
    qtbot.waitUntil(customer.isFullScreen, timeout=2000)
    assert seen == [only.name()]
    assert customer.screen() is only
    assert customer.geometry() == only.geometry()
    assert QApplication.focusWidget() is window.intake.scanner
