"""The screen lock: the clerk steps away, the counter's data is hidden, the same person's
password brings the work back exactly as it was (an unsaved intake form included)."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.session import UiSession


class LockScreen(QFrame):
    """An opaque cover over the whole main window with a password box.

    Signals:
        unlocked(): the person's password was right.
        switch_requested(): someone else wants the counter (log this person out).
    """

    unlocked = Signal()
    switch_requested = Signal()

    def __init__(self, session: UiSession, parent: QWidget) -> None:
        super().__init__(parent)
        self.session = session
        self.busy = False
        self.setObjectName("lock")
        self.setAutoFillBackground(True)
        self.setStyleSheet("QFrame#lock { background:#1f2937; } QLabel { color:#f9fafb; }")
        self.heading = QLabel(self)
        font = QFont(self.heading.font())
        font.setPointSize(font.pointSize() + 6)
        font.setBold(True)
        self.heading.setFont(font)
        self.who = QLabel(self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMinimumWidth(280)
        self.password.returnPressed.connect(self.submit)
        self.error = QLabel(self)
        self.error.setStyleSheet("color:#fca5a5;")
        self.unlock_button = QPushButton(self)
        self.unlock_button.clicked.connect(self.submit)
        self.switch_button = QPushButton(self)
        self.switch_button.clicked.connect(self.switch_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.switch_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        box = QVBoxLayout()
        box.addStretch(1)  # the lines keep together in the middle of the window
        box.addWidget(self.heading)
        box.addWidget(self.who)
        box.addSpacing(8)
        box.addWidget(self.password)
        box.addWidget(self.error)
        box.addLayout(buttons)
        box.addStretch(1)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(box)
        outer.addStretch(1)
        self.retranslate()
        self.hide()

    def lock(self) -> None:
        self.password.clear()
        self.error.clear()
        self.setGeometry(self.parentWidget().rect())  # type: ignore[union-attr]  # always built on the main window
        self.show()
        self.raise_()
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)

    def submit(self) -> None:
        """Check the password in the write lane (audited; failures count as at log-in)."""
        if self.busy:
            return
        from app.services.users import log_in

        self.busy = True
        self.unlock_button.setEnabled(False)
        actor = self.session.ctx.actor
        fn = partial(
            log_in, self.session.ctx, username=actor.username, password=self.password.text()
        )
        self.session.workers.write_op(fn, owner=self).then(self._on_ok, self._on_failed)

    def _on_ok(self, _ctx: object) -> None:
        self.busy = False
        self.unlock_button.setEnabled(True)
        self.hide()
        self.unlocked.emit()

    def _on_failed(self, exc: object) -> None:
        self.busy = False
        self.unlock_button.setEnabled(True)
        self.error.setText(self.session.explain(exc))
        self.password.clear()
        self.password.setFocus()

    def retranslate(self) -> None:
        actor = self.session.ctx.actor
        self.heading.setText(self.tr("Màn hình đã khóa"))
        self.who.setText(
            self.tr("{name} ({user}) đang dùng quầy. Nhập mật khẩu để mở khóa.").format(
                name=actor.full_name, user=actor.username
            )
        )
        self.password.setPlaceholderText(self.tr("Mật khẩu"))
        self.unlock_button.setText(self.tr("Mở khóa (Enter)"))
        self.switch_button.setText(self.tr("Đăng nhập người khác…"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
