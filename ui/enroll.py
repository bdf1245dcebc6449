"""Connect this counter to the city system with a one-time enrolment code."""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ui.banner import Banner
from ui.session import UiSession


def _enroll(ctx: Any, hub_url: str, code: str) -> str:
    from app.services import enrolment

    return enrolment.enroll(ctx, hub_url=hub_url, code=code)


class EnrollDialog(QDialog):
    """Asks the hub address and the one-time code, then enrols in the network lane.

    Signals:
        enrolled(str): the counter is enrolled; the argument is what the service returned.
    """

    enrolled = Signal(str)

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.url = QLineEdit(self)
        self.url.setText(str(session.settings.value("hub_url", "https://")))
        self.code = QLineEdit(self)
        self.banner = Banner(self)
        self.form = QFormLayout()
        self.url_label, self.code_label = QLabel(self), QLabel(self)
        self.form.addRow(self.url_label, self.url)
        self.form.addRow(self.code_label, self.code)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.banner)
        layout.addWidget(self.buttons)
        self.resize(520, 220)
        self.retranslate()

    def submit(self) -> None:
        url, code = self.url.text().strip(), self.code.text().strip()
        if not url or not code:
            self.banner.show_message("warning", self.tr("Cần nhập địa chỉ máy chủ và mã đăng ký."))
            return
        self.buttons.setEnabled(False)
        self.banner.show_message("info", self.tr("Đang kết nối…"))
        self.session.settings.setValue("hub_url", url)
        self.session.workers.network_op(
            partial(_enroll, self.session.ctx, url, code), owner=self
        ).then(self._on_enrolled, self._on_failed)

    def _on_enrolled(self, result: object) -> None:
        self.buttons.setEnabled(True)
        self.enrolled.emit(str(result))
        self.accept()

    def _on_failed(self, exc: object) -> None:
        self.buttons.setEnabled(True)
        self.banner.show_message("error", self.session.explain(exc))

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Kết nối hệ thống của thành phố"))
        self.intro.setText(
            self.tr(
                "Nhập địa chỉ máy chủ và mã đăng ký dùng một lần do quản trị viên cấp. "
                "Quầy vẫn làm việc bình thường khi chưa kết nối."
            )
        )
        self.url_label.setText(self.tr("Địa chỉ máy chủ:"))
        self.code_label.setText(self.tr("Mã đăng ký:"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Kết nối"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
