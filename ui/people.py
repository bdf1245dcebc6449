"""People at the counter: the supervisor's accounts screen, and everyone's own password.

Every change runs in the write lane through app.services.users, which checks the
permission and audits it; the screen only shows supervisors what they may do."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.roles import Role
from app.services.users import (
    UserInfo,
    change_password,
    create_user,
    list_users,
    reset_password,
    set_user_active,
    set_user_role,
)
from ui.banner import Banner
from ui.i18n import Language
from ui.session import UiSession
from ui.tables import cell, make_table


def fill_roles(box: QComboBox, lang: Language, current: Role | None = None) -> None:
    """The assignable roles, named as app.domain.roles names them, in ``lang``."""
    box.clear()
    for role in Role.assignable():
        box.addItem(lang.label(role), role)
    if current is not None:
        box.setCurrentIndex(max(box.findData(current), 0))


def password_field(parent: QWidget) -> QLineEdit:
    field = QLineEdit(parent)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class FormDialog(QDialog):
    """A small form with OK / Cancel and an error line; closes only when the work
    succeeded (the owner calls ``done_ok`` or ``show_error``).

    Signals:
        submitted(): OK was pressed with the fields filled.
    """

    submitted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = QFormLayout()
        self.error = Banner(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._ok)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def set_labels(self, ok: str, cancel: str) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel)

    def _ok(self) -> None:
        self.buttons.setEnabled(False)
        self.submitted.emit()

    def show_error(self, text: str) -> None:
        self.buttons.setEnabled(True)
        self.error.show_message("error", text)

    def done_ok(self, *_args: object) -> None:
        self.buttons.setEnabled(True)
        self.accept()


class ChangePasswordDialog(FormDialog):
    """Anyone's own password: the current one, the new one twice.

    Signals:
        changed(): the password was changed.
    """

    changed = Signal()

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.old = password_field(self)
        self.new = password_field(self)
        self.again = password_field(self)
        self.labels = [QLabel(self) for _ in range(3)]
        for label, field in zip(self.labels, (self.old, self.new, self.again), strict=True):
            self.form.addRow(label, field)
        self.submitted.connect(self.submit)
        self.retranslate()

    def submit(self) -> None:
        if self.new.text() != self.again.text():
            self.show_error(self.tr("Hai lần nhập mật khẩu mới không giống nhau."))
            return
        fn = partial(
            change_password,
            self.session.ctx,
            old_password=self.old.text(),
            new_password=self.new.text(),
        )
        self.session.workers.write_op(fn, owner=self).then(
            self._on_changed, lambda exc: self.show_error(self.session.explain(exc))
        )

    def _on_changed(self, _result: object) -> None:
        self.changed.emit()
        self.done_ok()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Đổi mật khẩu của tôi"))
        for label, text in zip(
            self.labels,
            (
                self.tr("Mật khẩu hiện tại:"),
                self.tr("Mật khẩu mới:"),
                self.tr("Nhập lại mật khẩu mới:"),
            ),
            strict=True,
        ):
            label.setText(text)
        self.set_labels(self.tr("Đổi mật khẩu"), self.tr("Hủy"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class UserDialog(FormDialog):
    """A new account: user name, full name, role, first password."""

    def __init__(self, lang: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.username = QLineEdit(self)
        self.full_name = QLineEdit(self)
        self.role = QComboBox(self)
        self.password = password_field(self)
        self.labels = [QLabel(self) for _ in range(4)]
        for label, field in zip(
            self.labels, (self.username, self.full_name, self.role, self.password), strict=True
        ):
            self.form.addRow(label, field)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Thêm người dùng"))
        for label, text in zip(
            self.labels,
            (
                self.tr("Tên đăng nhập:"),
                self.tr("Họ và tên:"),
                self.tr("Vai trò:"),
                self.tr("Mật khẩu ban đầu:"),
            ),
            strict=True,
        ):
            label.setText(text)
        self.username.setPlaceholderText(self.tr("chữ thường không dấu, ví dụ canbo2"))
        self.password.setPlaceholderText(self.tr("ít nhất 8 ký tự"))
        fill_roles(self.role, self.lang, self.role.currentData())
        self.set_labels(self.tr("Thêm"), self.tr("Hủy"))


class UsersScreen(QWidget):
    """The accounts of the counter (supervisors): add, disable / enable, reset a password,
    change a role.

    Signals:
        changed(object): the UserInfo after a change.
        listed(int): the list was (re)loaded with this many accounts.
    """

    changed = Signal(object)
    listed = Signal(int)

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.users: list[UserInfo] = []
        self.dialog: FormDialog | None = None
        self.banner = Banner(self)
        self.table = make_table(self, 4, 1)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.add_button = QPushButton(self)
        self.add_button.clicked.connect(self.ask_create)
        self.active_button = QPushButton(self)
        self.active_button.clicked.connect(self.toggle_active)
        self.reset_button = QPushButton(self)
        self.reset_button.clicked.connect(self.ask_reset)
        self.role_box = QComboBox(self)
        self.role_button = QPushButton(self)
        self.role_button.clicked.connect(
            lambda: self.change_role(
                self.current_username() or "", Role(self.role_box.currentData())
            )
        )
        row = QHBoxLayout()
        for widget in (self.add_button, self.active_button, self.reset_button):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.role_box)
        row.addWidget(self.role_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.retranslate()
        self.reload()

    # --- loading -------------------------------------------------------------------------

    def reload(self) -> None:
        self.session.workers.read_op(partial(list_users, self.session.ctx), owner=self).then(
            self._on_listed, self._on_failed
        )

    def _on_listed(self, users: object) -> None:
        keep = self.current_username()
        self.users = list(users)  # type: ignore[call-overload]  # the worker result arrives untyped (Signal(object))
        self._fill(keep)
        self.listed.emit(len(self.users))

    def _fill(self, keep: str | None = None) -> None:
        self.table.setRowCount(len(self.users))
        for i, u in enumerate(self.users):
            self.table.setItem(i, 0, cell(u.username, u.username))
            self.table.setItem(i, 1, cell(u.full_name))
            self.table.setItem(i, 2, cell(self.session.language.label(u.role)))
            state = (
                self.tr("Đã khóa")
                if not u.active
                else self.tr("Tạm khóa do nhập sai mật khẩu")
                if u.locked
                else self.tr("Đang hoạt động")
            )
            self.table.setItem(i, 3, cell(state))
            if u.username == keep:
                self.table.selectRow(i)
        self._update_buttons()

    def current_user(self) -> UserInfo | None:
        name = self.current_username()
        return next((u for u in self.users if u.username == name), None)

    def current_username(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def select(self, username: str) -> None:
        for i, u in enumerate(self.users):
            if u.username == username:
                self.table.selectRow(i)

    def _update_buttons(self) -> None:
        user = self.current_user()
        for widget in (self.active_button, self.reset_button, self.role_box, self.role_button):
            widget.setEnabled(user is not None)
        self.active_button.setText(
            self.tr("Mở khóa tài khoản") if user and not user.active else self.tr("Khóa tài khoản")
        )
        if user is not None:
            self.role_box.setCurrentIndex(max(self.role_box.findData(user.role), 0))

    # --- changes -------------------------------------------------------------------------

    def _run(self, fn: Callable[[], object], dialog: FormDialog | None = None) -> None:
        def ok(info: object) -> None:
            self.banner.show_message(
                "success",
                self.tr("Đã lưu thay đổi của {user}.").format(user=getattr(info, "username", "")),
            )
            if dialog is not None:
                dialog.done_ok()
            self.reload()
            self.session.events.users_changed.emit()
            self.changed.emit(info)

        def failed(exc: object) -> None:
            text = self.session.explain(exc)
            if dialog is not None:
                dialog.show_error(text)
            else:
                self.banner.show_message("error", text)

        self.session.workers.write_op(fn, owner=self).then(ok, failed)

    def create(  # type: ignore[override]  # the screen's user creation, never QWidget.create
        self,
        username: str,
        full_name: str,
        role: Role,
        password: str,
        dialog: FormDialog | None = None,
    ) -> None:
        self._run(
            partial(
                create_user,
                self.session.ctx,
                username=username,
                full_name=full_name,
                role=role,
                password=password,
            ),
            dialog,
        )

    def set_active(self, username: str, active: bool) -> None:
        self._run(partial(set_user_active, self.session.ctx, username=username, active=active))

    def reset(self, username: str, password: str, dialog: FormDialog | None = None) -> None:
        self._run(
            partial(reset_password, self.session.ctx, username=username, new_password=password),
            dialog,
        )

    def change_role(self, username: str, role: Role) -> None:
        if username:
            self._run(partial(set_user_role, self.session.ctx, username=username, role=role))

    def toggle_active(self) -> None:
        user = self.current_user()
        if user is not None:
            self.set_active(user.username, not user.active)

    def ask_create(self) -> UserDialog:
        dialog = UserDialog(self.session.language, self)
        dialog.submitted.connect(
            lambda: self.create(
                dialog.username.text(),
                dialog.full_name.text(),
                Role(dialog.role.currentData()),
                dialog.password.text(),
                dialog,
            )
        )
        self._open(dialog)
        return dialog

    def ask_reset(self) -> FormDialog | None:
        user = self.current_user()
        if user is None:
            return None
        dialog = FormDialog(self)
        dialog.setWindowTitle(self.tr("Đặt lại mật khẩu cho {user}").format(user=user.username))
        field = password_field(dialog)
        dialog.form.addRow(QLabel(self.tr("Mật khẩu mới:"), dialog), field)
        dialog.set_labels(self.tr("Đặt lại"), self.tr("Hủy"))
        dialog.submitted.connect(lambda: self.reset(user.username, field.text(), dialog))
        self._open(dialog)
        return dialog

    def _open(self, dialog: FormDialog) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _on_failed(self, exc: object) -> None:
        self.banner.show_message("error", self.session.explain(exc))

    # --- language ------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Tên đăng nhập"),
                self.tr("Họ và tên"),
                self.tr("Vai trò"),
                self.tr("Tình trạng"),
            ]
        )
        self.add_button.setText(self.tr("Thêm người dùng…"))
        self.reset_button.setText(self.tr("Đặt lại mật khẩu…"))
        self.role_button.setText(self.tr("Đổi vai trò"))
        fill_roles(self.role_box, self.session.language, self.role_box.currentData())
        self._fill(self.current_username())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
