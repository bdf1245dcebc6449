"""The status strip at the bottom of the main window: connection state, dossiers waiting to
sync, rejected ones, the last successful sync and a clock-skew warning. Always visible."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui import format as fmt
from ui.screenfit import fit_to_screen
from ui.session import UiSession

SKEW_WARN_SECONDS = 300
#: (background, text) of the state pill.
_PILL = {
    "not_enrolled": ("#e5e7eb", "#374151"),
    "offline": ("#fde2e1", "#8a1c14"),
    "syncing": ("#dbeafe", "#1e3a8a"),
    "busy": ("#dbeafe", "#1e3a8a"),
    "up_to_date": ("#dcfce7", "#14532d"),
    "needs_attention": ("#fef3c7", "#78350f"),
    "unknown": ("#e5e7eb", "#374151"),
}


class SyncStrip(QFrame):
    """Shows a SyncStatus.

    Signals:
        sync_requested(): the clerk pressed "sync now".
        rejected_requested(): the clerk wants the list of rejected dossiers.
    """

    sync_requested = Signal()
    rejected_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncstrip")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("QFrame#syncstrip { background:#f4f5f7; border-top:1px solid #d0d4da; }")
        self.status: Any = None
        self.error_text = ""
        self.counter = QLabel(self)  # this counter's slot, once the hub gave it one
        self.counter.setStyleSheet("color:#374151; font-weight:600;")
        self.state = QLabel(self)
        self.state.setObjectName("state")
        self.waiting = QLabel(self)
        self.rejected = QPushButton(self)
        self.rejected.setFlat(True)
        self.rejected.setCursor(Qt.CursorShape.PointingHandCursor)
        self.rejected.clicked.connect(self.rejected_requested)
        self.last = QLabel(self)
        self.skew = QLabel(self)
        self.skew.setStyleSheet("color:#8a1c14; font-weight:600;")
        self.user = QLabel(self)
        self.user.setStyleSheet("color:#374151;")
        self.sync_button = QPushButton(self)
        self.sync_button.clicked.connect(self.sync_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 3, 8, 3)
        layout.addWidget(self.counter)
        layout.addWidget(self.state)
        layout.addWidget(_separator(self))
        layout.addWidget(self.waiting)
        layout.addWidget(self.rejected)
        layout.addWidget(_separator(self))
        layout.addWidget(self.last)
        layout.addWidget(self.skew)
        layout.addStretch(1)
        layout.addWidget(self.user)
        layout.addWidget(self.sync_button)
        self.retranslate()

    def show_status(self, status: Any) -> None:
        self.status = status
        self.error_text = ""
        self._render()

    def show_error(self, text: str) -> None:
        self.error_text = text
        self._render()

    @property
    def state_key(self) -> str:
        return getattr(self.status, "state", "unknown") if self.status is not None else "unknown"

    def _render(self) -> None:
        s = self.status
        key = "needs_attention" if self.error_text else self.state_key
        names = {
            "not_enrolled": self.tr("Chưa kết nối hệ thống của thành phố"),
            "offline": self.tr("Mất kết nối — đang làm việc ngoại tuyến"),
            "syncing": self.tr("Đang đồng bộ…"),
            "busy": self.tr("Tiến trình khác đang đồng bộ"),
            "up_to_date": self.tr("Đã kết nối, đã đồng bộ"),
            "needs_attention": self.tr("Cần xử lý"),
            "unknown": self.tr("Đang kiểm tra kết nối…"),
        }
        slot = getattr(s, "slot", None)
        if slot is not None:  # the wording of the start-up screen, and its translation
            self.counter.setText(
                QCoreApplication.translate("Startup", "Quầy số {slot}").format(slot=slot)
            )
            self.counter.show()
        else:
            self.counter.clear()
            self.counter.hide()
        bg, fg = _PILL.get(key, _PILL["unknown"])
        self.state.setText(names.get(key, key))
        self.state.setStyleSheet(
            f"QLabel#state {{ background:{bg}; color:{fg}; border-radius:9px; padding:2px 10px;"
            " font-weight:600; }"
        )
        tip = getattr(s, "last_error", "") or self.error_text
        hub = getattr(s, "hub_url", None)
        self.state.setToolTip("\n".join(x for x in (hub or "", tip) if x))
        # Dossiers, not events: one dossier saved then moved twice is one dossier waiting.
        waiting = int(getattr(s, "waiting_dossiers", 0) or 0)
        rejected = int(getattr(s, "rejected", 0) or 0)
        self.waiting.setText(self.tr("Chờ gửi: {n} hồ sơ").format(n=waiting))
        self.rejected.setText(self.tr("Bị từ chối: {n}").format(n=rejected))
        self.rejected.setStyleSheet(
            "QPushButton { color:#b91c1c; font-weight:600; border:none; text-decoration:underline; }"
            if rejected
            else "QPushButton { color:#374151; border:none; }"
        )
        last: datetime | None = getattr(s, "last_success", None)
        self.last.setText(
            self.tr("Đồng bộ lần cuối: {when}").format(
                when=fmt.when(last) if last else self.tr("chưa có")
            )
        )
        skew = getattr(s, "clock_skew_seconds", None)
        if skew is not None and abs(skew) > SKEW_WARN_SECONDS:
            minutes = round(abs(skew) / 60)
            text = (
                self.tr("⚠ Đồng hồ máy này nhanh {minutes} phút so với máy chủ")
                if skew > 0
                else self.tr("⚠ Đồng hồ máy này chậm {minutes} phút so với máy chủ")
            )
            self.skew.setText(text.format(minutes=minutes))
            self.skew.show()
        else:
            self.skew.clear()
            self.skew.hide()

    def set_user(self, text: str) -> None:
        self.user.setText(text)

    def retranslate(self) -> None:
        self.sync_button.setText(self.tr("Đồng bộ ngay (F5)"))
        self.rejected.setToolTip(self.tr("Xem các hồ sơ bị hệ thống thành phố từ chối"))
        self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _separator(parent: QWidget) -> QFrame:
    line = QFrame(parent)
    line.setFrameShape(QFrame.Shape.VLine)
    line.setStyleSheet("color:#c4c8cf;")
    return line


class RejectedDialog(QDialog):
    """The dossiers the city system refused, with its reasons.

    Signals:
        loaded(int): the number of rejected events shown.
        resent(int): the number of events queued again by "Resend".
    """

    loaded = Signal(int)
    resent = Signal(int)

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.events: list[Any] = []
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.table = QTableWidget(0, 4, self)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().resizeSection(0, 220)
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.close)
        self.resend_button = QPushButton(self)
        self.resend_button.clicked.connect(self.resend)
        self.resend_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.resend_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        fit_to_screen(self, 860, 400)
        self.retranslate()
        self.reload()

    def reload(self) -> None:
        self.session.workers.read_op(partial(_rejected, self.session.ctx), owner=self).then(
            self._on_events, self._on_failed
        )

    def resend(self) -> None:
        """Queue the listed events again; the next round sends them."""
        self.resend_button.setEnabled(False)
        self.session.workers.write_op(partial(_resend, self.session.ctx), owner=self).then(
            self._on_resent, self._on_failed
        )

    def _on_resent(self, count: object) -> None:
        self.resent.emit(int(count))  # type: ignore[call-overload]  # the worker result arrives untyped (Signal(object))
        self.reload()

    def _on_events(self, events: object) -> None:
        self.events = list(events)  # type: ignore[call-overload]  # the worker result arrives untyped (Signal(object))
        self._fill()
        self.resend_button.setEnabled(bool(self.events))
        self.loaded.emit(len(self.events))

    def _on_failed(self, exc: object) -> None:
        self.note.setText(self.session.explain(exc))

    def _fill(self) -> None:
        self.table.setRowCount(0)
        for e in self.events:
            row = self.table.rowCount()
            self.table.insertRow(row)
            english = self.session.lang == "en"
            reason = (getattr(e, "reason_en", "") or e.reason) if english else e.reason
            advice = (
                (getattr(e, "advice_en", "") or getattr(e, "advice", ""))
                if english
                else getattr(e, "advice", "")
            )
            for column, value in enumerate((e.dossier_code, reason, fmt.when(e.at), advice)):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Hồ sơ bị hệ thống thành phố từ chối"))
        self.note.setText(
            self.tr(
                "Các hồ sơ dưới đây đã được lưu ở quầy nhưng hệ thống của thành phố chưa nhận. "
                "Hãy kiểm tra lý do, sửa thông tin nếu cần, hoặc báo bộ phận kỹ thuật."
            )
        )
        self.table.setHorizontalHeaderLabels(
            [self.tr("Mã hồ sơ"), self.tr("Lý do"), self.tr("Thời điểm"), self.tr("Xử lý")]
        )
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.close_button.setText(self.tr("Đóng"))
        self.resend_button.setText(self.tr("Gửi lại"))
        self._fill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _rejected(ctx: Any) -> list[Any]:
    from app.services import sync_problems

    return sync_problems.rejected_events(ctx)


def _resend(ctx: Any) -> int:
    from app.services import sync_problems

    return sync_problems.requeue_problems(ctx)
