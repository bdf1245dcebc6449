"""Fees paid, in a dossier's detail: the charged fee lines and how each was paid, and the
keyboard way to record a payment and print its biên lai through the preview window.

Keys: Up/Down choose the line, 1 / 2 / 3 choose cash / transfer (VietQR) / online,
Ctrl+Enter records the payment, Ctrl+P previews the selected line's biên lai, Esc closes."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.fee_receipts import FeeLineState, PaymentMethod
from app.services.payments import (
    FEE_RECEIPT_FORM,
    PaymentResult,
    fee_lines,
    preview_fee_receipt,
    print_fee_receipt,
    record_payment,
)
from ui import format as fmt
from ui.banner import Banner
from ui.filedialog import file_name, save_dialog
from ui.preview import PreviewDialog
from ui.session import UiSession

METHOD_KEYS = {"1": PaymentMethod.CASH, "2": PaymentMethod.TRANSFER, "3": PaymentMethod.ONLINE}


class ReceiptPreview(PreviewDialog):
    """The preview window (ui/preview.py) showing one biên lai: print or save it."""

    def __init__(
        self, session: UiSession, receipt: str, year: int, parent: QWidget | None = None
    ) -> None:
        self.receipt, self.year = receipt, year
        super().__init__(session, receipt, FEE_RECEIPT_FORM, parent)
        self.view.view.setZoomMode(QPdfView.ZoomMode.FitInView)  # the whole receipt at once

    @property
    def is_handover(self) -> bool:  # one document, no other form to offer: as a hand-over list
        return True

    def _load(self) -> None:
        render = partial(
            preview_fee_receipt, self.session.ctx, receipt=self.receipt, year=self.year
        )
        self.session.workers.read_op(render, owner=self).then(
            self._on_rendered, self._on_load_failed
        )

    def _record(self, out: Path | None = None) -> Any:
        return partial(
            print_fee_receipt,
            self.session.ctx,
            receipt=self.receipt,
            year=self.year,
            out=out,
            pdf=self.pdf,
        )

    def _retitle(self) -> None:
        self.setWindowTitle(self.tr("Biên lai số {number}").format(number=self.receipt))

    def ask_save(self) -> None:
        if not self.pdf:
            return
        self.file_dialog = save_dialog(
            self,
            self.tr("Lưu biên lai thành tệp PDF"),
            self.session.ctx.output_dir,
            file_name(self.tr("Biên lai"), self.receipt, suffix=".pdf"),
            self.tr("Tệp PDF (*.pdf)"),
            self.save_to,
        )


class PaymentsDialog(QDialog):
    """The fee lines of one dossier and their payments.

    Signals:
        paid(object): a payment was recorded (the PaymentResult).
        loaded(object): the lines shown (a tuple of FeeLineState).
    """

    paid = Signal(object)
    loaded = Signal(object)

    def __init__(self, session: UiSession, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.code = code
        self.lines: tuple[FeeLineState, ...] = ()
        self.preview: ReceiptPreview | None = None
        self.banner = Banner(self)
        self.table = QTableWidget(0, 5, self)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 40), (2, 100), (3, 200), (4, 380)):
            header.resizeSection(column, width)
        self.method_label = QLabel(self)
        self.methods = QButtonGroup(self)
        self.method_buttons: dict[PaymentMethod, QRadioButton] = {}
        methods = QHBoxLayout()
        methods.addWidget(self.method_label)
        for key, method in METHOD_KEYS.items():
            button = QRadioButton(self)
            self.methods.addButton(button)
            self.method_buttons[method] = button
            methods.addWidget(button)
            QShortcut(QKeySequence(key), self, button.click)
        methods.addStretch(1)
        self.method_buttons[PaymentMethod.CASH].setChecked(True)
        self.pay_button = QPushButton(self)
        self.pay_button.setDefault(True)
        self.pay_button.clicked.connect(self.pay_selected)
        self.print_button = QPushButton(self)
        self.print_button.clicked.connect(self.preview_selected)
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.pay_button)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.table, 1)
        layout.addLayout(methods)
        layout.addLayout(buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.pay_selected)
        QShortcut(QKeySequence.StandardKey.Print, self, self.preview_selected)
        self.table.itemSelectionChanged.connect(self._enable)
        self.retranslate()
        self.resize(900, 360)
        self.reload()

    # --- loading -------------------------------------------------------------------------

    def reload(self) -> None:
        self.session.workers.read_op(
            partial(fee_lines, self.session.ctx, code=self.code), owner=self
        ).then(self.show_lines, self._on_failed)

    def show_lines(self, lines: object) -> None:
        assert isinstance(lines, tuple)
        current = self.selected_line()
        self.lines = lines
        self.table.setRowCount(0)
        for state in self.lines:
            row = self.table.rowCount()
            self.table.insertRow(row)
            for column, text in enumerate(
                (str(state.line), state.fee.name, fmt.money(state.fee.amount), *self._paid(state))
            ):
                item = QTableWidgetItem(text)
                if column in (0, 2):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        if not self.lines:
            self.banner.show_message("info", self.tr("Hồ sơ này không có khoản phí, lệ phí nào."))
        unpaid = [s.line for s in self.lines if s.payment is None and s.fee.amount > 0]
        choose = current if current else (unpaid[0] if unpaid else 1)
        if self.lines:
            self.table.selectRow(min(choose, len(self.lines)) - 1)
        self.table.setFocus()
        self._enable()
        self.loaded.emit(self.lines)

    def _paid(self, state: FeeLineState) -> tuple[str, str]:
        p = state.payment
        if p is None:
            return (self.tr("Chưa thu") if state.fee.amount else self.tr("Miễn thu"), "")
        method = self.session.language.label(p.method)
        receipt = self.tr("Biên lai {symbol} {number}, {when}").format(
            symbol=p.receipt_symbol, number=p.receipt_no, when=fmt.when(p.paid_at)
        )
        if p.lookup_code:
            receipt += " · " + self.tr("mã tra cứu {code}").format(code=p.lookup_code)
        elif p.ereceipt_state == "waiting":
            receipt += " · " + self.tr("biên lai điện tử đang chờ gửi")
        return (method, receipt)

    def _on_failed(self, exc: object) -> None:
        self.pay_button.setEnabled(bool(self.lines))
        self.banner.show_message("error", self.session.explain(exc))

    # --- actions -------------------------------------------------------------------------

    def selected_line(self) -> int:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return rows[0].row() + 1 if rows else 0

    def method(self) -> PaymentMethod:
        for method, button in self.method_buttons.items():
            if button.isChecked():
                return method
        return PaymentMethod.CASH

    def _enable(self) -> None:
        line = self.selected_line()
        state = self.lines[line - 1] if 0 < line <= len(self.lines) else None
        self.pay_button.setEnabled(state is not None and state.payment is None)
        self.print_button.setEnabled(state is not None and state.payment is not None)

    def pay_selected(self) -> None:
        """Record the selected line as paid by the chosen method (the service refuses a
        second payment, a free line, a transfer without the point's bank account)."""
        line = self.selected_line()
        if not line:
            return
        self.pay_button.setEnabled(False)
        self.session.workers.write_op(
            partial(
                record_payment, self.session.ctx, code=self.code, line=line, method=self.method()
            ),
            owner=self,
        ).then(self._on_paid, self._on_failed)

    def _on_paid(self, result: object) -> None:
        assert isinstance(result, PaymentResult)
        p = result.payment
        self.banner.show_message(
            "success",
            self.tr("Đã thu {amount}: biên lai {symbol} {number}. Ctrl+P để in.").format(
                amount=fmt.money(p.amount), symbol=p.receipt_symbol, number=p.receipt_no
            ),
        )
        self.session.events.dossier_changed.emit(self.code)
        self.show_lines(result.lines)
        self.paid.emit(result)

    def preview_selected(self) -> ReceiptPreview | None:
        line = self.selected_line()
        state = self.lines[line - 1] if 0 < line <= len(self.lines) else None
        if state is None or state.payment is None:
            return None
        self.preview = ReceiptPreview(
            self.session, state.payment.receipt_no, state.payment.year, self
        )
        self.preview.show()
        return self.preview

    # --- language ------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Thu phí, lệ phí — {code}").format(code=self.code))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("TT"),
                self.tr("Khoản phí, lệ phí"),
                self.tr("Số tiền"),
                self.tr("Hình thức"),
                self.tr("Biên lai"),
            ]
        )
        self.method_label.setText(self.tr("Hình thức nộp:"))
        labels = {
            PaymentMethod.CASH: self.tr("1 Tiền mặt tại quầy"),
            PaymentMethod.TRANSFER: self.tr("2 Chuyển khoản (VietQR)"),
            PaymentMethod.ONLINE: self.tr("3 Thanh toán trực tuyến"),
        }
        for method, button in self.method_buttons.items():
            button.setText(labels[method])
        self.pay_button.setText(self.tr("Ghi nhận đã thu (Ctrl+Enter)"))
        self.print_button.setText(self.tr("In biên lai… (Ctrl+P)"))
        self.close_button.setText(self.tr("Đóng"))
        if self.lines:
            self.show_lines(self.lines)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


__all__ = ["PaymentsDialog", "ReceiptPreview"]
