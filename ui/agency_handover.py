"""The paper hand-over between bodies (issue 18), beside the post's (ui.post).

At the receiving point, ``AgencyHandoverScreen``: pick the body (only bodies that dossiers
received here wait for), type the courier's name, and make the list of the ticked dossiers
(one page at most); its PDF opens in the desk's preview window. At the competent body the
list is scanned on the post's reception screen (ui.post.BatchReceptionScreen), which
shows what the scan did in an ``AgencyReceiptPanel``: the dossiers taken, those taken
before, and those not here yet (scan the same list again once they arrive).

Keyboard: Alt+N the body, Alt+C the courier, Space ticks, Ctrl+Enter makes the list."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.dossier import DossierRow
from app.domain.handover import MAX_BATCH_SIZE, AgencyHandoverReceipt, HandoverBatch
from app.services.agency_handover import (
    BodyWaiting,
    bodies_waiting,
    create_agency_handover,
    list_agency_handovers,
    pending_for_agency,
)
from ui import format as fmt
from ui.banner import Banner
from ui.session import UiSession
from ui.tables import cell, make_table

if TYPE_CHECKING:
    from ui.preview import PreviewDialog


class AgencyHandoverScreen(QWidget):
    """The receiving point's lists of papers for the competent bodies.

    Signals:
        created(object): a new HandoverBatch (kind "agency") was made.
        preview_opened(object): the PreviewDialog of a list was opened.
    """

    created = Signal(object)
    preview_opened = Signal(object)

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.bodies: list[BodyWaiting] = []
        self.pending: list[DossierRow] = []
        self.batches: list[HandoverBatch] = []
        self.previews: list[PreviewDialog] = []
        self.banner = Banner(self)

        self.make_group = QGroupBox(self)
        self.body_label = QLabel(self.make_group)
        self.body = QComboBox(self.make_group)
        self.body.setObjectName("agency_body")
        self.body.setMinimumContentsLength(36)
        self.body.currentIndexChanged.connect(self._load_pending)
        self.body_label.setBuddy(self.body)
        self.courier_label = QLabel(self.make_group)
        self.courier = QLineEdit(self.make_group)
        self.courier.setObjectName("agency_courier")
        self.courier.setMaxLength(200)
        self.courier.textChanged.connect(self._update_buttons)
        self.courier.returnPressed.connect(self.create_batch)
        self.courier_label.setBuddy(self.courier)
        top = QHBoxLayout()
        top.addWidget(self.body_label)
        top.addWidget(self.body, 3)
        top.addSpacing(12)
        top.addWidget(self.courier_label)
        top.addWidget(self.courier, 2)
        self.pending_table = make_table(self.make_group, 4, 2)
        self.pending_table.itemChanged.connect(self._update_buttons)
        self.pending_count = QLabel(self.make_group)
        self.create_button = QPushButton(self.make_group)
        self.create_button.clicked.connect(self.create_batch)
        row = QHBoxLayout()
        row.addWidget(self.pending_count, 1)
        row.addWidget(self.create_button)
        box = QVBoxLayout(self.make_group)
        box.addLayout(top)
        box.addWidget(self.pending_table, 1)
        box.addLayout(row)

        self.batch_group = QGroupBox(self)
        self.batch_table = make_table(self.batch_group, 6, 1)
        self.batch_table.itemSelectionChanged.connect(self._update_buttons)
        self.batch_table.doubleClicked.connect(lambda _i: self.preview_current())
        self.refresh_button = QPushButton(self.batch_group)
        self.refresh_button.clicked.connect(self.refresh)
        self.preview_button = QPushButton(self.batch_group)
        self.preview_button.clicked.connect(self.preview_current)
        row2 = QHBoxLayout()
        row2.addStretch(1)
        row2.addWidget(self.refresh_button)
        row2.addWidget(self.preview_button)
        box2 = QVBoxLayout(self.batch_group)
        box2.addWidget(self.batch_table, 1)
        box2.addLayout(row2)

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.make_group, 3)
        layout.addWidget(self.batch_group, 2)
        self.retranslate()
        self._update_buttons()
        self.refresh()
        # Dossiers saved for another body, moved, or brought by a sync round: reload when
        # shown (now or when the tab is opened next), never only at login.
        self._stale = False
        for signal in (
            session.events.dossier_changed,
            session.events.dossiers_changed,
            session.events.dossiers_pulled,
        ):
            signal.connect(self._on_dossiers_changed)

    def _on_dossiers_changed(self, *_args: object) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802  (Qt's name)
        super().showEvent(event)
        if self._stale:
            self.refresh()

    # --- loading -------------------------------------------------------------------------

    def refresh(self) -> None:
        self._stale = False
        ctx = self.session.ctx
        self.session.workers.read_op(partial(bodies_waiting, ctx), owner=self).then(
            self._on_bodies, self._on_failed
        )
        self.session.workers.read_op(
            partial(list_agency_handovers, ctx, limit=30), owner=self
        ).then(self._on_batches, self._on_failed)

    def focus_start(self) -> None:
        self.body.setFocus(Qt.FocusReason.OtherFocusReason)

    def current_body(self) -> str | None:
        code = self.body.currentData()
        return str(code) if code else None

    def _on_bodies(self, bodies: object) -> None:
        keep = self.current_body()
        self.bodies = list(bodies)  # type: ignore[call-overload]  # the worker result arrives untyped (Signal(object))
        self.body.blockSignals(True)
        self.body.clear()
        for b in self.bodies:
            self.body.addItem(
                self.tr("{name} ({code}) — {n} hồ sơ").format(name=b.name, code=b.code, n=b.count),
                b.code,
            )
        index = self.body.findData(keep) if keep else -1
        self.body.setCurrentIndex(index if index >= 0 else 0 if self.bodies else -1)
        self.body.blockSignals(False)
        self._load_pending()

    def _load_pending(self, *_args: object) -> None:
        code = self.current_body()
        if code is None:
            self.pending = []
            self._fill_pending()
            return
        self.session.workers.read_op(
            partial(pending_for_agency, self.session.ctx, to_agency=code), owner=self
        ).then(self._on_pending, self._on_failed)

    def _on_pending(self, rows: object) -> None:
        self.pending = list(rows)  # type: ignore[call-overload]  # the worker result arrives untyped (Signal(object))
        self._fill_pending()

    def _fill_pending(self) -> None:
        table = self.pending_table
        unticked = set(self.pending_codes()) - set(self.checked_codes())  # kept on a reload
        table.blockSignals(True)
        table.setRowCount(len(self.pending))
        for i, r in enumerate(self.pending):
            first = cell(r.code, r.code)
            first.setFlags(first.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            # One page: the oldest ones are ticked, the rest wait for the next list.
            ticked = i < MAX_BATCH_SIZE and r.code not in unticked
            first.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            table.setItem(i, 0, first)
            table.setItem(i, 1, cell(r.applicant_name))
            table.setItem(i, 2, cell(r.procedure_name))
            table.setItem(i, 3, cell(fmt.when(r.received_at)))
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
            table.setItem(i, 1, cell(b.to_agency_name or b.to_agency_code))
            table.setItem(i, 2, cell(fmt.when(b.created_at)))
            table.setItem(i, 3, cell(str(len(b.lines))))
            table.setItem(i, 4, cell(b.courier_name))
            state = (
                self.tr("Đã tiếp nhận lúc {at}").format(at=fmt.when(b.received_at))
                if b.received_at
                else self.tr("Đang chuyển / chờ tiếp nhận")
            )
            table.setItem(i, 5, cell(state))
        if self.batches and not table.selectedItems():
            table.selectRow(0)
        self._update_buttons()

    def _on_failed(self, exc: object) -> None:
        self._update_buttons()
        self.banner.show_message("error", self.session.explain(exc))

    # --- commands ------------------------------------------------------------------------

    def pending_codes(self) -> list[str]:
        """The codes the pending table shows now, ticked or not."""
        items = (self.pending_table.item(i, 0) for i in range(self.pending_table.rowCount()))
        return [str(item.data(Qt.ItemDataRole.UserRole)) for item in items if item is not None]

    def checked_codes(self) -> list[str]:
        codes = []
        for i in range(self.pending_table.rowCount()):
            item = self.pending_table.item(i, 0)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                codes.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return codes

    def _update_buttons(self, *_args: object) -> None:
        n = len(self.checked_codes())
        self.create_button.setEnabled(
            n > 0 and bool(self.courier.text().strip()) and self.current_body() is not None
        )
        self.pending_count.setText(
            self.tr(
                "{n} hồ sơ chờ chuyển hồ sơ giấy, đã chọn {k} (tối đa {max} một danh sách)"
            ).format(n=len(self.pending), k=n, max=MAX_BATCH_SIZE)
        )
        self.preview_button.setEnabled(self.current_batch() is not None)

    def create_batch(self) -> None:
        code, codes = self.current_body(), self.checked_codes()
        if code is None or not codes or not self.create_button.isEnabled():
            if not self.courier.text().strip():
                self.courier.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.create_button.setEnabled(False)
        self.banner.show_message("info", self.tr("Đang lập danh sách bàn giao…"))
        self.session.workers.write_op(
            partial(
                create_agency_handover,
                self.session.ctx,
                to_agency=code,
                courier=self.courier.text(),
                codes=codes,
            ),
            owner=self,
        ).then(self._on_created, self._on_failed)

    def _on_created(self, batch: object) -> None:
        assert isinstance(batch, HandoverBatch)
        self.banner.show_message(
            "success",
            self.tr(
                "Đã lập danh sách {batch} gửi {body}: {n} hồ sơ, người chuyển {courier}."
            ).format(
                batch=batch.batch_id,
                body=batch.to_agency_name or batch.to_agency_code,
                n=len(batch.lines),
                courier=batch.courier_name,
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
        self.make_group.setTitle(self.tr("Hồ sơ tiếp nhận hộ cơ quan khác chờ chuyển hồ sơ giấy"))
        self.body_label.setText(self.tr("Cơ quan &nhận:"))
        self.courier_label.setText(self.tr("Người &chuyển:"))
        self.courier.setPlaceholderText(self.tr("Họ tên người mang hồ sơ giấy"))
        self.pending_table.setHorizontalHeaderLabels(
            [
                self.tr("Mã hồ sơ"),
                self.tr("Người nộp"),
                self.tr("Thủ tục"),
                self.tr("Tiếp nhận lúc"),
            ]
        )
        self.create_button.setText(self.tr("Lập danh sách bàn giao (Ctrl+Enter)"))
        self.create_button.setShortcut(QKeySequence("Ctrl+Return"))
        self.batch_group.setTitle(self.tr("Danh sách bàn giao giữa các cơ quan"))
        self.batch_table.setHorizontalHeaderLabels(
            [
                self.tr("Số danh sách"),
                self.tr("Cơ quan nhận"),
                self.tr("Gửi lúc"),
                self.tr("Số hồ sơ"),
                self.tr("Người chuyển"),
                self.tr("Tình trạng"),
            ]
        )
        self.refresh_button.setText(self.tr("Làm mới"))
        self.preview_button.setText(self.tr("Xem trước, in, lưu PDF…"))
        if self.bodies:
            self._on_bodies(self.bodies)
        self._fill_batches()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class AgencyReceiptPanel(QGroupBox):
    """What one scan of a list between bodies did, on the reception screen: each dossier
    of the list taken now, taken before, or not at this counter yet."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.receipt: AgencyHandoverReceipt | None = None
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-weight:bold;")
        self.table = make_table(self, 2, 1)
        # The sentence is the screen's banner (show_receipt returns it): said once, not
        # again as this panel's heading.
        self.summary.hide()
        box = QVBoxLayout(self)
        box.addWidget(self.table, 1)
        self.retranslate()

    def show_receipt(self, receipt: AgencyHandoverReceipt) -> str:
        """Show ``receipt``; returns the summary sentence (for the banner)."""
        self.receipt = receipt
        self._fill()
        self.show()
        return self.summary.text()

    def _fill(self) -> None:
        r = self.receipt
        if r is None:
            self.summary.clear()
            self.table.setRowCount(0)
            return
        text = self.tr(
            "Danh sách {batch} của {sender} (gửi lúc {sent}): đã tiếp nhận {n} hồ sơ lúc {at}."
        ).format(
            batch=r.batch_id,
            sender=f"{r.from_agency_name} ({r.from_agency})"
            if r.from_agency_name
            else r.from_agency,
            sent=fmt.when(r.sent_at),
            n=len(r.taken),
            at=fmt.when(r.scanned_at),
        )
        if r.missing:
            text += " " + self.tr(
                "Còn {m} hồ sơ chưa về quầy này: hãy đồng bộ rồi quét lại danh sách này."
            ).format(m=len(r.missing))
        self.summary.setText(text)
        rows = (
            [(c, self.tr("Vừa tiếp nhận")) for c in r.taken]
            + [(c, self.tr("Đã tiếp nhận trước đó")) for c in r.taken_before]
            + [(c, self.tr("Chưa có tại quầy này")) for c in r.missing]
        )
        self.table.setRowCount(len(rows))
        for i, (code, state) in enumerate(rows):
            self.table.setItem(i, 0, cell(code, code))
            self.table.setItem(i, 1, cell(state))

    def retranslate(self) -> None:
        self.setTitle(self.tr("Hồ sơ giấy nhận từ cơ quan khác"))
        self.table.setHorizontalHeaderLabels([self.tr("Mã hồ sơ"), self.tr("Tình trạng")])
        self._fill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
