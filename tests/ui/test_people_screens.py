"""Role-aware main window (each demo person logs in and sees exactly their tabs), the
supervisor's accounts screen, and anyone's own password."""

from __future__ import annotations

import pytest
from conftest import make_session
from PySide6.QtWidgets import QLineEdit

from app.domain.errors import DeskError
from app.domain.roles import Role
from app.services.demo import DEMO_PASSWORD
from app.services.users import log_in
from ui.app import Options, Startup
from ui.mainwindow import MainWindow
from ui.people import UserDialog

INTAKE, QUEUE = "Tiếp nhận hồ sơ (F2)", "Danh sách hồ sơ (F3)"
VOLUNTEER, RECEIVE_POST = "Hỗ trợ nộp trực tuyến", "Nhận danh sách bàn giao"
HANDOVER, ADMIN, REPORTS = "Bàn giao bưu chính", "Quản trị", "Báo cáo"
SCORECARD = "Chỉ số 766"  # the supervisor's own 766 estimate (issue 16)
AGENCY = "Bàn giao giữa cơ quan"  # papers for the other bodies (issue 18)


@pytest.mark.parametrize(
    ("username", "tabs"),
    [
        ("canbo1", [INTAKE, QUEUE, RECEIVE_POST, AGENCY]),
        ("tnv1", [VOLUNTEER, QUEUE]),
        ("buudien1", [INTAKE, QUEUE, HANDOVER]),
        (
            "lanhdao",
            [INTAKE, VOLUNTEER, QUEUE, RECEIVE_POST, HANDOVER, AGENCY, ADMIN, REPORTS, SCORECARD],
        ),
    ],
)
def test_each_role_logs_in_and_sees_exactly_its_tabs(qtbot, desk, username, tabs):
    folder = desk.data_dir
    startup = Startup(
        Options(folder, "vi", False),
        login=(username, DEMO_PASSWORD),
        install_hooks=False,
        start_sync=False,
    )
    try:
        with qtbot.waitSignal(startup.window_shown, timeout=20_000) as shown:
            startup.start()
        window = shown.args[0]
        assert window.session.ctx.actor.username == username
        assert window.tab_titles() == tabs
        assert window.intake.isVisible() == (INTAKE in tabs)
        # Everyone may change their own password.
        assert window.password_action in window.file_menu.actions()
        if username == "buudien1":  # the post agent receives through the post only
            channels = [
                window.intake.channel.itemData(i) for i in range(window.intake.channel.count())
            ]
            assert channels == ["post"]
            assert window.intake.post_no.isEnabled()
        with qtbot.waitSignal(startup.finished, timeout=10_000):
            window.close()
    finally:
        startup.language.set("vi")
        if startup.exit_code is None:
            startup.finish(0)


def _supervisor_window(qtbot, desk, workers, language, tmp_path):  # type: ignore[no-untyped-def]
    boss = log_in(desk, username="lanhdao", password=DEMO_PASSWORD)
    window = MainWindow(make_session(boss, workers, language, tmp_path), start_sync=False)
    qtbot.addWidget(window)
    window.show()
    return window


def test_supervisor_creates_a_user_who_logs_in_then_disables_them(
    qtbot, desk, workers, language, tmp_path
):
    window = _supervisor_window(qtbot, desk, workers, language, tmp_path)
    window.tabs.setCurrentWidget(window.admin)
    users = window.admin.users
    qtbot.waitUntil(lambda: len(users.users) >= 4, timeout=10_000)

    dialog = users.ask_create()
    assert isinstance(dialog, UserDialog)
    dialog.username.setText("canbo9")
    dialog.full_name.setText("Vũ Minh Châu")
    dialog.role.setCurrentIndex(dialog.role.findData(Role.CLERK))
    dialog.password.setText("mat-khau-moi")
    with qtbot.waitSignal(users.changed, timeout=10_000):
        dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: any(u.username == "canbo9" for u in users.users), timeout=10_000)
    person = log_in(desk, username="canbo9", password="mat-khau-moi")
    assert person.actor.role is Role.CLERK and person.actor.full_name == "Vũ Minh Châu"

    # A taken name is refused inside the dialog, which stays open.
    again = users.ask_create()
    again.username.setText("canbo9")
    again.full_name.setText("Ai đó")
    again.password.setText("12345678")
    again.buttons.accepted.emit()
    qtbot.waitUntil(lambda: again.error.isVisibleTo(again), timeout=10_000)
    assert "canbo9" in again.error.text and again.isVisible()
    again.reject()

    users.select("canbo9")
    assert users.current_username() == "canbo9"
    with qtbot.waitSignal(users.changed, timeout=10_000):
        users.active_button.click()
    qtbot.waitUntil(lambda: not users.current_user().active, timeout=10_000)
    with pytest.raises(DeskError) as refused:
        log_in(desk, username="canbo9", password="mat-khau-moi")
    assert refused.value.key == "auth.disabled"
    assert users.active_button.text() == "Mở khóa tài khoản"

    # Enable, change the role, reset the password: the next log-in shows all three.
    with qtbot.waitSignal(users.changed, timeout=10_000):
        users.active_button.click()
    qtbot.waitUntil(lambda: users.current_user().active, timeout=10_000)
    users.role_box.setCurrentIndex(users.role_box.findData(Role.VOLUNTEER))
    with qtbot.waitSignal(users.changed, timeout=10_000):
        users.role_button.click()
    reset = users.ask_reset()
    assert reset is not None
    field = reset.findChildren(QLineEdit)[0]
    field.setText("mat-khau-thu-ba")
    with qtbot.waitSignal(users.changed, timeout=10_000):
        reset.buttons.accepted.emit()
    assert log_in(desk, username="canbo9", password="mat-khau-thu-ba").actor.role is Role.VOLUNTEER
    window.close()


def test_anyone_changes_their_own_password(qtbot, session):
    window = MainWindow(session, start_sync=False)
    qtbot.addWidget(window)
    window.show()
    dialog = window.change_password()
    dialog.old.setText(DEMO_PASSWORD)
    dialog.new.setText("mat-khau-moi-1")
    dialog.again.setText("mat-khau-khac")
    dialog.buttons.accepted.emit()
    assert "không giống nhau" in dialog.error.text
    dialog.again.setText("mat-khau-moi-1")
    with qtbot.waitSignal(dialog.changed, timeout=10_000):
        dialog.buttons.accepted.emit()
    assert "Đã đổi mật khẩu" in window.notice.text
    assert (
        log_in(session.ctx, username="canbo1", password="mat-khau-moi-1").actor.username == "canbo1"
    )
    window.close()
