"""The results of a dossier in its detail window: what the back office sent or the clerk
attached, each result's signature state, a viewer, and the hand-over of the result
(status 10) in a small dialog: recipient, name and ID number when authorised, the
originals given back; Enter confirms. Work runs in the session's lanes (ui/workers.py)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.dossier import DossierRecord, Status
from app.domain.errors import DeskError
from app.domain.results import (
    RecipientKind,
    ResultDoc,
    check_recipient,
    parse_originals,
    result_allowed,
)
from app.domain.roles import Permission
from app.domain.signatures import SignatureCheck
from app.services.results import (
    DossierResults,
    HandoverOutcome,
    attach_result,
    dossier_results,
    hand_over_result,
    result_bytes,
    result_receipt,
)
from ui import format as fmt
from ui.banner import Banner
from ui.preview import PdfPane
from ui.screenfit import fit_to_screen
from ui.session import UiSession

VIEW_SHORTCUT = "F4"


class ResultsPanel(QGroupBox):
    """The dossier's results: a table, the hand-over line, "Xem" (F4) for the selected one.

    Signals:
        loaded(object): the DossierResults shown.
        handed_over(object): the HandoverOutcome of a hand-over saved here.
    """

    loaded = Signal(object)
    handed_over = Signal(object)

    def __init__(self, session: UiSession, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.code = code
        self.view: DossierResults | None = None
        self.dialog: HandoverDialog | None = None
        self.viewer: QDialog | None = None
        self.table = QTableWidget(0, 3, self)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().resizeSection(1, 64)
        self.table.horizontalHeader().resizeSection(2, 130)
        self.table.doubleClicked.connect(lambda _index: self.open_viewer())
        self.state = QLabel(self)
        self.state.setWordWrap(True)
        self.view_button = QPushButton(self)
        self.view_button.clicked.connect(self.open_viewer)
        QShortcut(QKeySequence(VIEW_SHORTCUT), self, self.open_viewer)
        # The back office's paper result: a PDF (kept as it is) or scanned images (PDF/A).
        self.attach_button = QPushButton(self)
        self.attach_button.clicked.connect(self.ask_attach)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.attach_button)
        buttons.addWidget(self.view_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.state)
        layout.addLayout(buttons)
        self.retranslate()
        self.reload()

    # --- loading -------------------------------------------------------------------------

    def reload(self) -> None:
        self.session.workers.read_op(
            partial(dossier_results, self.session.ctx, code=self.code, check_signatures=True),
            owner=self,
        ).then(self.show_results, self._on_failed)

    def show_results(self, view: DossierResults) -> None:
        self.view = view
        self.table.setRowCount(0)
        for i, r in enumerate(view.results):
            row = self.table.rowCount()
            self.table.insertRow(row)
            check = view.signature(i)
            texts = (_describe(r), self._file_state(r), self._signature_state(check))
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setToolTip(check.message(self.session.lang) if check and column == 2 else text)
                if column == 2 and check is not None and not check.ok:
                    item.setForeground(Qt.GlobalColor.darkRed)  # a warning, never a silent pass
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        if view.results:
            self.table.selectRow(0)
        self.view_button.setEnabled(any(r.file_kept for r in view.results))
        self.attach_button.setEnabled(
            result_allowed(view.status) and self.session.ctx.actor.can(Permission.RECEIVE)
        )
        self.state.setText(self._state_text(view))
        self.loaded.emit(view)

    def _file_state(self, r: ResultDoc) -> str:
        if r.fetch_error:
            return self.tr("Tệp lỗi, sẽ tải lại")
        if not r.file_kept:
            return self.tr("Đang chờ tệp")
        return self.tr("{pages} trang").format(pages=r.pages)

    def _signature_state(self, check: SignatureCheck | None) -> str:
        if check is None:
            return "—"
        labels = {
            "valid": self.tr("Hợp lệ"),
            "unsigned": self.tr("⚠ Chưa ký số"),
            "broken": self.tr("⚠ Bị thay đổi sau khi ký"),
            "untrusted": self.tr("⚠ Không được tin cậy"),
            "expired": self.tr("⚠ Chứng thư hết hạn"),
            "revoked": self.tr("⚠ Chứng thư bị thu hồi"),
        }
        label = labels.get(check.state, check.state)
        return f"{label}: {check.signer}" if check.ok and check.signer else label

    def _state_text(self, view: DossierResults) -> str:
        h = view.handover
        if h is not None:
            who = h.name + (f" ({h.id_number})" if h.id_number else "")
            return self.tr("Đã trả kết quả lúc {at} cho {who}.").format(at=fmt.when(h.at), who=who)
        if not view.results:
            return self.tr("Chưa có kết quả điện tử.")
        errors = [r.fetch_error for r in view.results if r.fetch_error]
        return errors[0] if errors else "\n".join(view.warnings_in(self.session.lang))

    def _on_failed(self, exc: object) -> None:
        self.state.setText(self.session.explain(exc))

    # --- viewing -------------------------------------------------------------------------

    def selected(self) -> ResultDoc | None:
        if self.view is None or not self.view.results:
            return None
        row = max(self.table.currentRow(), 0)
        return self.view.results[min(row, len(self.view.results) - 1)]

    def open_viewer(self) -> QDialog | None:
        doc = self.selected()
        if doc is None or not doc.file_kept:
            return None
        number = doc.position + 1
        self.viewer = PdfViewer(
            self.session,
            self.tr("Kết quả — {name}").format(name=doc.name),
            partial(result_bytes, self.session.ctx, code=self.code, number=number),
            self,
        )
        self.viewer.show()
        return self.viewer

    # --- a result attached here ----------------------------------------------------------

    def ask_attach(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Chọn tệp kết quả"),
            "",
            self.tr("Kết quả (*.pdf *.jpg *.jpeg *.png *.tif *.tiff)"),
        )
        if names:
            self.attach_paths([Path(n) for n in names])

    def attach_paths(self, paths: list[Path]) -> None:
        ctx, code = self.session.ctx, self.code
        self.session.workers.write_op(
            lambda: attach_result(ctx, code=code, paths=paths), owner=self
        ).then(self._on_attached, self._on_failed)

    def _on_attached(self, _doc: ResultDoc) -> None:
        self.session.events.dossier_changed.emit(self.code)
        self.reload()

    # --- the hand-over -------------------------------------------------------------------

    def ask_handover(self, record: DossierRecord) -> HandoverDialog:
        """Open the hand-over dialog (non-blocking); saved when the clerk confirms."""
        dialog = HandoverDialog(self.session, record, self.view, self)
        dialog.confirmed.connect(self.hand_over)
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog

    def hand_over(self, kind: str, name: str, id_number: str, originals: str) -> None:
        self.session.workers.write_op(
            partial(
                hand_over_result,
                self.session.ctx,
                code=self.code,
                to=kind,
                name=name,
                id_number=id_number,
                originals=originals,
            ),
            owner=self,
        ).then(self._on_handed_over, self._on_handover_failed)

    def _on_handed_over(self, outcome: HandoverOutcome) -> None:
        self.session.events.dossier_changed.emit(self.code)
        self.handed_over.emit(outcome)
        self.reload()
        self.viewer = PdfViewer(
            self.session,
            self.tr("Biên nhận trả kết quả — {code}").format(code=self.code),
            partial(result_receipt, self.session.ctx, code=self.code),
            self,
        )
        self.viewer.show()

    def _on_handover_failed(self, exc: object) -> None:
        self.state.setText(self.session.explain(exc))

    # --- language ------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setTitle(self.tr("Kết quả giải quyết"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Kết quả"), self.tr("Tệp"), self.tr("Chữ ký số")]
        )
        self.view_button.setText(self.tr("Xem kết quả ({keys})").format(keys=VIEW_SHORTCUT))
        self.attach_button.setText(self.tr("Đính kèm kết quả…"))
        if self.view is not None:
            self.show_results(self.view)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _describe(r: ResultDoc) -> str:
    parts = [r.name, r.code]
    if r.so_ky_hieu:
        parts.append(r.so_ky_hieu)
    if r.signer:
        parts.append(r.signer + (f", {fmt.day(r.signed_on)}" if r.signed_on else ""))
    return " · ".join(parts)


class HandoverDialog(QDialog):
    """Who receives the result, the originals given back; Enter confirms.

    Signals:
        confirmed(str, str, str, str): recipient kind, name, ID number, originals.
    """

    confirmed = Signal(str, str, str, str)

    def __init__(
        self,
        session: UiSession,
        record: DossierRecord,
        results: DossierResults | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.record = record
        self.kind = QComboBox(self)
        for kind in RecipientKind:
            self.kind.addItem("", kind.value)
        self.name = QLineEdit(self)
        self.id_number = QLineEdit(self)
        self.originals = QLineEdit(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.warnings = QLabel(self)
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color:#92400e; font-weight:600;")
        self.error = QLabel(self)
        self.error.setStyleSheet("color:#a11;")
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.form = QFormLayout()
        self.labels = [QLabel(self) for _ in range(4)]
        for label, field in zip(
            self.labels, (self.kind, self.name, self.id_number, self.originals), strict=True
        ):
            label.setBuddy(field)
            self.form.addRow(label, field)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.warnings)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.kind.currentIndexChanged.connect(self._on_kind)
        for field in (self.name, self.id_number, self.originals):
            field.textEdited.connect(lambda _text: self.error.clear())
        self.setMinimumWidth(460)
        self.results = results
        self.retranslate()
        self._on_kind()
        self.kind.setFocus()

    def chosen(self) -> RecipientKind:
        return RecipientKind(self.kind.currentData())

    def _on_kind(self) -> None:
        kind = self.chosen()
        authorised = kind == RecipientKind.AUTHORISED
        self.name.setEnabled(kind != RecipientKind.APPLICANT)
        self.id_number.setEnabled(authorised)
        if kind == RecipientKind.APPLICANT:
            self.name.setText(self.record.applicant.full_name)
            self.id_number.setText(self.record.applicant.id_number)
        elif self.name.text() == self.record.applicant.full_name:
            self.name.clear()
            self.id_number.clear()
        self.error.clear()

    def accept(self) -> None:
        """Checked here with the domain's own rules, so a mistake keeps the dialog open."""
        kind = self.chosen()
        try:
            if self.record.status != Status.RESOLVED:
                from app.domain.results import check_handover_status

                check_handover_status(self.record.code, self.record.status)
            check_recipient(
                kind,
                name=self.name.text(),
                id_number=self.id_number.text(),
                applicant_name=self.record.applicant.full_name,
                applicant_id=self.record.applicant.id_number,
            )
            parse_originals(self.originals.text())
        except DeskError as err:
            self.error.setText(self.session.explain(err))
            return
        self.confirmed.emit(
            kind.value, self.name.text(), self.id_number.text(), self.originals.text()
        )
        super().accept()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Trả kết quả — {code}").format(code=self.record.code))
        labels = {
            RecipientKind.APPLICANT: self.tr("Người nộp hồ sơ"),
            RecipientKind.AUTHORISED: self.tr("Người được ủy quyền"),
            RecipientKind.POST: self.tr("Bưu chính công ích"),
        }
        for i, kind in enumerate(RecipientKind):
            self.kind.setItemText(i, labels[kind])
        for label, text in zip(
            self.labels,
            (
                self.tr("&Người nhận:"),
                self.tr("&Họ tên:"),
                self.tr("Số &định danh/CCCD:"),
                self.tr("&Bản gốc trả lại:"),
            ),
            strict=True,
        ):
            label.setText(text)
        self.originals.setPlaceholderText(self.tr("cách nhau bởi dấu ; (không bắt buộc)"))
        count = len(self.results.results) if self.results is not None else 0
        warnings = self.results.warnings_in(self.session.lang) if self.results else ()
        self.warnings.setVisible(bool(warnings))
        self.warnings.setText("\n".join(f"⚠ {w}" for w in warnings))
        self.summary.setText(
            self.tr("{count} kết quả của hồ sơ {code}. Enter: xác nhận đã trả.").format(
                count=count, code=self.record.code
            )
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class PdfViewer(QDialog):
    """A PDF read off the UI thread (a result file, the hand-over receipt) in a PdfPane.

    Signals:
        loaded(int): the PDF is shown; its page count.
    """

    loaded = Signal(int)

    def __init__(
        self,
        session: UiSession,
        title: str,
        read: Callable[[], bytes],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(title)
        self.pane = PdfPane(self)
        self.banner = Banner(self)
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.close)
        bar = QHBoxLayout()
        bar.addWidget(self.banner, 1)
        bar.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.pane, 1)
        fit_to_screen(self, 820, 900)
        self.retranslate()
        session.workers.read_op(read, owner=self).then(self._on_read, self._on_failed)

    def _on_read(self, data: bytes) -> None:
        if not self.pane.show_pdf(data):
            self.banner.show_message("error", self.tr("Không mở được tệp này."))
            return
        self.loaded.emit(self.pane.pdf.pageCount())

    def _on_failed(self, exc: object) -> None:
        self.banner.show_message("error", self.session.explain(exc))

    def retranslate(self) -> None:
        self.close_button.setText(self.tr("Đóng"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
