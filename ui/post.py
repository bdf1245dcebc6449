"""The public-post screens: the post-office agent's hand-over lists, and the commune clerk's
reception of a whole list by scanning its QR code.

The agent receives each post dossier at the intake form (post channel, post receipt
number), ticks the waiting ones here and makes a hand-over list; its one-page PDF is
previewed, printed or saved in the desk's one preview window (ui.preview). At the commune
the clerk scans the list's QR code: every dossier on it is received at once and gets its
appointment."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.dossier import DossierRow
from app.domain.handover import (
    AgencyHandoverReceipt,
    HandoverBatch,
    HandoverReceipt,
    is_agency_payload,
)
from app.services.agency_handover import receive_agency_handover
from app.services.post import (
    create_handover,
    list_handovers,
    pending_post_dossiers,
    receive_handover,
)
from ui import format as fmt
from ui.banner import Banner
from ui.session import UiSession
from ui.tables import cell, make_table

if TYPE_CHECKING:
    from ui.preview import PreviewDialog


class HandoverScreen(QWidget):
    """The post-office agent's hand-over: post dossiers waiting for a list (ticked ones go
    into the next list) and the lists made, newest first.

    Signals:
        created(object): a new HandoverBatch was made.
        preview_opened(object): the PreviewDialog of a list was opened.
    """

    created = Signal(object)
    preview_opened = Signal(object)

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.pending: list[DossierRow] = []
        self.batches: list[HandoverBatch] = []
        self.previews: list[PreviewDialog] = []
        self.banner = Banner(self)
        self.pending_group = QGroupBox(self)
        self.pending_table = make_table(self.pending_group, 5, 3)
        self.pending_table.itemChanged.connect(self._update_buttons)
        self.select_all = QPushButton(self.pending_group)
        self.select_all.clicked.connect(lambda: self._check_all(True))
        self.select_none = QPushButton(self.pending_group)
        self.select_none.clicked.connect(lambda: self._check_all(False))
        self.create_button = QPushButton(self.pending_group)
        self.create_button.clicked.connect(self.create_batch)
        self.pending_count = QLabel(self.pending_group)
        row = QHBoxLayout()
        row.addWidget(self.pending_count, 1)
        row.addWidget(self.select_all)
        row.addWidget(self.select_none)
        row.addWidget(self.create_button)
        box = QVBoxLayout(self.pending_group)
        box.addWidget(self.pending_table, 1)
        box.addLayout(row)

        self.batch_group = QGroupBox(self)
        self.batch_table = make_table(self.batch_group, 4, 0)
        self.batch_table.itemSelectionChanged.connect(self._update_buttons)
        self.batch_table.doubleClicked.connect(lambda _i: self.preview_current())
        self.preview_button = QPushButton(self.batch_group)
        self.preview_button.clicked.connect(self.preview_current)
        self.refresh_button = QPushButton(self.batch_group)
        self.refresh_button.clicked.connect(self.refresh)
        row2 = QHBoxLayout()
        row2.addStretch(1)
        row2.addWidget(self.refresh_button)
        row2.addWidget(self.preview_button)
        box2 = QVBoxLayout(self.batch_group)
        box2.addWidget(self.batch_table, 1)
        box2.addLayout(row2)

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.pending_group, 3)
        layout.addWidget(self.batch_group, 2)
        self.retranslate()
        self._update_buttons()
        self.refresh()

    # --- loading -------------------------------------------------------------------------

    def refresh(self) -> None:
        ctx = self.session.ctx
        self.session.workers.read_op(partial(pending_post_dossiers, ctx), owner=self).then(
            self._on_pending, self._on_failed
        )
        self.session.workers.read_op(partial(list_handovers, ctx, limit=30), owner=self).then(
            self._on_batches, self._on_failed
        )

    def _on_pending(self, rows: object) -> None:
        self.pending = list(rows)  # type: ignore[call-overload]  # the worker result arrives untyped (Signal(object))
        self._fill_pending()

    def _fill_pending(self) -> None:
        table = self.pending_table
        table.blockSignals(True)
        table.setRowCount(len(self.pending))
        for i, r in enumerate(self.pending):
            first = cell(r.code, r.code)
            first.setFlags(first.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            first.setCheckState(Qt.CheckState.Checked)
            table.setItem(i, 0, first)
            table.setItem(i, 1, cell(r.applicant_name))
            table.setItem(i, 2, cell(fmt.when(r.received_at)))
            table.setItem(i, 3, cell(r.procedure_name))
            table.setItem(i, 4, cell(self.session.language.label(r.status)))
        table.blockSignals(False)
        self._update_buttons()

    def _on_batches(self, batches: object) -> None:
        self.batches = list(batches)  # type: ignore[call-overload]  # the worker result arrives untyped (Signal(object))
        self._fill_batches()

    def _fill_batches(self) -> None:
        table = self.batch_table
        table.setRowCount(len(self.batches))
        for i, b in enumerate(self.batches):
            table.setItem(i, 0, cell(b.batch_id, b.batch_id))
            table.setItem(i, 1, cell(fmt.when(b.created_at)))
            table.setItem(i, 2, cell(str(len(b.lines))))
            received = (
                self.tr("Đã tiếp nhận lúc {at}").format(at=fmt.when(b.received_at))
                if b.received_at
                else self.tr("Chờ xã tiếp nhận")
            )
            table.setItem(i, 3, cell(received))
        if self.batches and not table.selectedItems():
            table.selectRow(0)
        self._update_buttons()

    def _on_failed(self, exc: object) -> None:
        self.create_button.setEnabled(bool(self.checked_codes()))
        self.banner.show_message("error", self.session.explain(exc))

    # --- commands ------------------------------------------------------------------------

    def checked_codes(self) -> list[str]:
        codes = []
        for i in range(self.pending_table.rowCount()):
            item = self.pending_table.item(i, 0)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                codes.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return codes

    def _check_all(self, on: bool) -> None:
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        for i in range(self.pending_table.rowCount()):
            item = self.pending_table.item(i, 0)
            if item is not None:
                item.setCheckState(state)

    def _update_buttons(self, *_args: object) -> None:
        n = len(self.checked_codes())
        self.create_button.setEnabled(n > 0)
        self.pending_count.setText(
            self.tr("{n} hồ sơ chờ bàn giao, đã chọn {k}").format(n=len(self.pending), k=n)
        )
        self.preview_button.setEnabled(self.current_batch() is not None)

    def create_batch(self) -> None:
        codes = self.checked_codes()
        if not codes:
            return
        self.create_button.setEnabled(False)
        self.banner.show_message("info", self.tr("Đang lập danh sách bàn giao…"))
        self.session.workers.write_op(
            partial(create_handover, self.session.ctx, codes=codes), owner=self
        ).then(self._on_created, self._on_failed)

    def _on_created(self, batch: object) -> None:
        assert isinstance(batch, HandoverBatch)
        self.banner.show_message(
            "success",
            self.tr("Đã lập danh sách bàn giao {batch} gồm {n} hồ sơ.").format(
                batch=batch.batch_id, n=len(batch.lines)
            ),
        )
        self.refresh()
        self.created.emit(batch)
        self.open_preview(batch.batch_id)

    def current_batch(self) -> str | None:
        rows = self.batch_table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.batch_table.item(rows[0].row(), 0)
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def preview_current(self) -> None:
        batch_id = self.current_batch()
        if batch_id:
            self.open_preview(batch_id)

    def open_preview(self, batch_id: str) -> PreviewDialog:
        from ui.preview import PreviewDialog  # QtPdf and the PDF renderer load on first use

        dialog = PreviewDialog.of_handover(self.session, batch_id, self)
        dialog.finished.connect(partial(self._forget_preview, dialog))
        self.previews.append(dialog)
        dialog.show()
        self.preview_opened.emit(dialog)
        return dialog

    def _forget_preview(self, dialog: PreviewDialog, _result: int = 0) -> None:
        if dialog in self.previews:
            self.previews.remove(dialog)
            dialog.deleteLater()

    # --- language ------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.pending_group.setTitle(self.tr("Hồ sơ bưu chính chờ bàn giao"))
        self.pending_table.setHorizontalHeaderLabels(
            [
                self.tr("Mã hồ sơ"),
                self.tr("Người nộp"),
                self.tr("Bưu điện nhận lúc"),
                self.tr("Thủ tục"),
                self.tr("Trạng thái"),
            ]
        )
        # The keys are on the buttons; set after setText (which resets a button's shortcut).
        self.select_all.setText(self.tr("Chọn tất cả"))
        self.select_none.setText(self.tr("Bỏ chọn"))
        self.create_button.setText(self.tr("Lập danh sách bàn giao (Ctrl+Enter)"))
        self.create_button.setShortcut(QKeySequence("Ctrl+Return"))
        self.batch_group.setTitle(self.tr("Danh sách bàn giao đã lập"))
        self.batch_table.setHorizontalHeaderLabels(
            [
                self.tr("Số danh sách"),
                self.tr("Lập lúc"),
                self.tr("Số hồ sơ"),
                self.tr("Tình trạng"),
            ]
        )
        self.preview_button.setText(self.tr("Xem trước, in, lưu PDF…"))
        self.refresh_button.setText(self.tr("Làm mới"))
        self._fill_pending()
        self._fill_batches()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class BatchReceptionScreen(QWidget):
    """The clerk's reception of a post hand-over list: scan its QR code, Enter.

    Signals:
        received(object): the HandoverReceipt of a list just received.
        refused(str): why a scan was refused (in the current language).
    """

    received = Signal(object)
    refused = Signal(str)

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.receipt: HandoverReceipt | None = None
        self.busy = False
        self.scan_group = QGroupBox(self)
        self.scanner = QLineEdit(self.scan_group)
        self.scanner.setObjectName("batch_scanner")
        self.scanner.setClearButtonEnabled(True)
        self.scanner.returnPressed.connect(self.submit)
        self.scan_button = QPushButton(self.scan_group)
        self.scan_button.clicked.connect(self.submit)
        self.hint = QLabel(self.scan_group)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color:#555;")
        row = QHBoxLayout()
        row.addWidget(self.scanner, 1)
        row.addWidget(self.scan_button)
        box = QVBoxLayout(self.scan_group)
        box.addLayout(row)
        box.addWidget(self.hint)
        self.banner = Banner(self)
        self.result_group = QGroupBox(self)
        self.table = make_table(self.result_group, 4, 0)
        self.summary = QLabel(self.result_group)
        self.summary.setStyleSheet("font-weight:bold;")
        box2 = QVBoxLayout(self.result_group)
        box2.addWidget(self.summary)
        box2.addWidget(self.table)
        # A list between bodies (issue 18) is scanned here too: what it did shows apart.
        from ui.agency_handover import AgencyReceiptPanel

        self.agency_panel = AgencyReceiptPanel(self)
        self.agency_panel.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.scan_group)
        layout.addWidget(self.banner)
        layout.addWidget(self.result_group, 1)
        layout.addWidget(self.agency_panel, 1)
        self.retranslate()

    def focus_start(self) -> None:
        self.scanner.setFocus(Qt.FocusReason.OtherFocusReason)
        self.scanner.selectAll()

    def submit(self) -> None:
        payload = self.scanner.text().strip()
        if not payload or self.busy:
            return
        self.busy = True
        self.scan_button.setEnabled(False)
        self.banner.show_message("info", self.tr("Đang tiếp nhận danh sách bàn giao…"))
        receive = receive_agency_handover if is_agency_payload(payload) else receive_handover
        self.session.workers.write_op(
            partial(receive, self.session.ctx, payload=payload), owner=self
        ).then(self._on_received, self._on_refused)

    def _on_received(self, receipt: object) -> None:
        self.busy = False
        self.scan_button.setEnabled(True)
        if isinstance(receipt, AgencyHandoverReceipt):
            self.scanner.clear()
            self.result_group.hide()
            text = self.agency_panel.show_receipt(receipt)
            self.banner.show_message("warning" if receipt.missing else "success", text)
            self.session.events.dossiers_changed.emit()
            self.received.emit(receipt)
            return
        assert isinstance(receipt, HandoverReceipt)
        self.agency_panel.hide()
        self.result_group.show()
        self.receipt = receipt
        self.scanner.clear()
        self.banner.clear()
        self._show_receipt()
        self.session.events.dossiers_changed.emit()
        self.received.emit(receipt)

    def _show_receipt(self) -> None:
        receipt = self.receipt
        if receipt is None:
            self.table.setRowCount(0)
            self.summary.setText(self.tr("Chưa tiếp nhận danh sách nào trong phiên làm việc này."))
            return
        text = self.tr(
            "Đã tiếp nhận danh sách {batch}: {n} hồ sơ, thời hạn giải quyết tính từ {at}."
        ).format(batch=receipt.batch_id, n=len(receipt.dossiers), at=fmt.when(receipt.received_at))
        self.summary.setText(text)
        if self.banner.kind != "error" or not self.banner.isVisible():
            self.banner.show_message("success", text)
        self.table.setRowCount(len(receipt.dossiers))
        for i, d in enumerate(receipt.dossiers):
            self.table.setItem(i, 0, cell(d.code, d.code))
            self.table.setItem(i, 1, cell(fmt.when(d.post_accepted_at)))
            self.table.setItem(i, 2, cell(fmt.when(d.received_at)))
            self.table.setItem(i, 3, cell(fmt.when(d.appointment_at)))

    def _on_refused(self, exc: object) -> None:
        self.busy = False
        self.scan_button.setEnabled(True)
        text = self.session.explain(exc)
        self.banner.show_message("error", text)
        self.scanner.selectAll()
        self.refused.emit(text)

    def retranslate(self) -> None:
        self.scan_group.setTitle(self.tr("Quét mã QR của danh sách bàn giao"))
        self.scanner.setPlaceholderText(
            self.tr(
                "Quét hoặc dán mã QR của danh sách bàn giao (MCBG… bưu chính, MCBA… giữa cơ quan) "
                "rồi nhấn Enter"
            )
        )
        self.scan_button.setText(self.tr("Tiếp nhận"))
        self.hint.setText(
            self.tr(
                "Mọi hồ sơ trong danh sách được tiếp nhận cùng lúc; thời hạn giải quyết tính từ lúc "
                "quét. Danh sách đã tiếp nhận hoặc của cơ quan khác sẽ bị từ chối."
            )
        )
        self.result_group.setTitle(self.tr("Hồ sơ vừa tiếp nhận"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Mã hồ sơ"),
                self.tr("Bưu điện nhận lúc"),
                self.tr("Xã tiếp nhận lúc"),
                self.tr("Hẹn trả kết quả"),
            ]
        )
        self._show_receipt()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
