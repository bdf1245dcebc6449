"""Per-person log-in. A wrong password, a locked or a disabled account shows the core's
message in the current language; the password is checked in the write lane (it is audited)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import DeskError
from ui.i18n import Language
from ui.workers import Workers

if TYPE_CHECKING:  # the core loads in the write lane while this dialog is already shown
    from app.domain.dossier import AgencyInfo
    from app.services.context import DeskContext


class LoginDialog(QDialog):
    """Asks who is at the counter.

    Signals:
        logged_in(object): the DeskContext acting as that person.
    """

    logged_in = Signal(object)

    def __init__(
        self,
        ctx: DeskContext | None,
        workers: Workers,
        language: Language,
        agency: AgencyInfo | None = None,
        counter: str = "",
        username: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.workers = workers
        self.language = language
        self.agency = agency
        self.counter = counter
        self.busy = False
        self.waiting = False  # log-in pressed before the database was open

        self.heading = QLabel(self)
        font = QFont(self.heading.font())
        font.setPointSize(font.pointSize() + 5)
        font.setBold(True)
        self.heading.setFont(font)
        self.place = QLabel(self)
        self.place.setWordWrap(True)
        self.place.setStyleSheet("color:#374151;")
        self.username = QLineEdit(self)
        self.username.setText(username)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color:#b91c1c;")
        self.error.hide()
        self.user_label, self.password_label = QLabel(self), QLabel(self)
        self.user_label.setBuddy(self.username)
        self.password_label.setBuddy(self.password)
        self.language_box = QComboBox(self)
        self.language_box.addItem("Tiếng Việt", "vi")
        self.language_box.addItem("English", "en")
        self.language_box.setCurrentIndex(self.language_box.findData(language.code))
        self.language_box.currentIndexChanged.connect(
            lambda _i: self.language.set(self.language_box.currentData())
        )
        self.login_button = QPushButton(self)
        self.login_button.setDefault(True)
        self.login_button.clicked.connect(self.submit)
        self.quit_button = QPushButton(self)
        self.quit_button.setAutoDefault(False)
        self.quit_button.clicked.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.user_label, self.username)
        form.addRow(self.password_label, self.password)
        buttons = QHBoxLayout()
        buttons.addWidget(self.language_box)
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.login_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 18)
        layout.setSpacing(10)
        layout.addWidget(self.heading)
        layout.addWidget(self.place)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.setMinimumWidth(460)
        self.retranslate()
        (self.password if username else self.username).setFocus(Qt.FocusReason.OtherFocusReason)

    def set_place(self, ctx: DeskContext, agency: AgencyInfo, counter: str) -> None:
        """The database is open: show where we are, and log in if it was asked already."""
        self.ctx, self.agency, self.counter = ctx, agency, counter
        self.retranslate()
        if self.waiting:
            self.waiting = False
            self.submit()

    def submit(self) -> None:
        if self.busy:
            return
        name = self.username.text().strip()
        if not name:
            self.show_error(self.tr("Hãy nhập tên đăng nhập."))
            self.username.setFocus()
            return
        if self.ctx is None:
            self.waiting = True
            self.login_button.setEnabled(False)
            return
        self.busy = True
        self.login_button.setEnabled(False)
        self.error.hide()
        from app.services.users import log_in

        fn = partial(log_in, self.ctx, username=name, password=self.password.text())
        self.workers.write_op(fn, owner=self).then(self._on_ok, self._on_failed)

    def _on_ok(self, user_ctx: object) -> None:
        self.busy = False
        self.login_button.setEnabled(True)
        self.logged_in.emit(user_ctx)
        self.accept()

    def _on_failed(self, exc: object) -> None:
        self.busy = False
        self.login_button.setEnabled(True)
        if isinstance(exc, DeskError):
            self.show_error(self.language.message(exc))
        else:
            self.show_error(self.tr("Không đăng nhập được: {error}").format(error=exc))
        self.password.clear()
        self.password.setFocus()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Đăng nhập — MotCua Desk"))
        self.heading.setText(self.tr("Đăng nhập quầy tiếp nhận"))
        if self.agency is not None:
            self.place.setText(f"{self.agency.name}\n{self.counter}".strip())
        else:
            self.place.setText(self.tr("Đang mở dữ liệu…"))
        self.user_label.setText(self.tr("&Tên đăng nhập:"))
        self.password_label.setText(self.tr("&Mật khẩu:"))
        self.login_button.setText(self.tr("Đăng nhập"))
        self.quit_button.setText(self.tr("Thoát"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
