"""One dossier: its header, documents and history, the legal next moves and reprints.

Only the moves the state machine allows (``next_moves``) get a button; the service refuses
any other even if forced. A move that needs a reason asks for it; the apology (Mẫu 04)
asks for a new appointment and keeps the status."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial

from PySide6.QtCore import QCoreApplication, QDateTime, QEvent, Qt, QTime, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.corrections import VOID_STATUS
from app.domain.dossier import OPEN_STATUSES, VN_TZ, DossierRecord, HistoryEntry, Status
from app.domain.moves import note_required
from app.domain.notices import notice_text
from app.domain.roles import Permission
from app.services.dossiers import (
    advance_dossier,
    get_dossier,
    next_moves,
    refusal_possible,
    void_dossier,
)
from ui import format as fmt
from ui.banner import Banner
from ui.interagency import RoutePanel
from ui.printforms import FORM_AFTER_MOVE, applicable_forms, form_label
from ui.results import ResultsPanel
from ui.screenfit import fit_to_screen
from ui.session import UiSession

#: Every move the detail offers, in one fixed order (the usual path first, then the ways
#: out): each keeps its place and its shortcut Ctrl+1..9 whatever the dossier's status, so
#: the clerk's hand learns them; a move not legal now is greyed, never removed.
MOVE_ORDER = (
    Status.RECEIVED,
    Status.PROCESSING,
    Status.SUPPLEMENT,
    Status.FINANCIAL,
    Status.RESOLVED,
    Status.RETURNED,
    Status.WITHDRAWN,
    Status.STOPPED,
    Status.REFUSED,
)
APOLOGY_SHORTCUT = "Ctrl+0"
VOID_SHORTCUT = "Ctrl+Shift+H"  # Hủy
_CONFIRM_KEYS = ("Ctrl+Return", "Ctrl+Enter")


def move_shortcut(to: Status) -> str:
    return f"Ctrl+{MOVE_ORDER.index(to) + 1}"


def confirm_with_ctrl_enter(dialog: QDialog) -> None:
    """Ctrl+Enter confirms a dialog whose text box takes the plain Enter as a new line."""
    for keys in _CONFIRM_KEYS:
        QShortcut(QKeySequence(keys), dialog, dialog.accept)


def move_label(to: Status) -> str:
    """The verb on the button that moves a dossier into ``to``."""
    labels = {
        Status.RECEIVED: QCoreApplication.translate("DetailDialog", "Tiếp nhận"),
        Status.REFUSED: QCoreApplication.translate("DetailDialog", "Từ chối tiếp nhận"),
        Status.PROCESSING: QCoreApplication.translate("DetailDialog", "Chuyển xử lý"),
        Status.SUPPLEMENT: QCoreApplication.translate("DetailDialog", "Yêu cầu bổ sung"),
        Status.FINANCIAL: QCoreApplication.translate("DetailDialog", "Yêu cầu nghĩa vụ tài chính"),
        Status.WITHDRAWN: QCoreApplication.translate("DetailDialog", "Công dân rút hồ sơ"),
        Status.STOPPED: QCoreApplication.translate("DetailDialog", "Dừng xử lý"),
        Status.RESOLVED: QCoreApplication.translate("DetailDialog", "Đã giải quyết xong"),
        Status.RETURNED: QCoreApplication.translate("DetailDialog", "Trả kết quả"),
    }
    return labels.get(to, str(to))


class NoteDialog(QDialog):
    """Asks the note of a move (required for refusals, supplements, stops...)."""

    def __init__(
        self, title: str, prompt: str, required: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.required = required
        self.setWindowTitle(title)
        self.prompt = QLabel(prompt, self)
        self.prompt.setWordWrap(True)
        self.note = QPlainTextEdit(self)
        self.note.setTabChangesFocus(True)
        self.error = QLabel(self)
        self.error.setStyleSheet("color:#a11;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("Xác nhận (Ctrl+Enter)")
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy (Esc)"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        confirm_with_ctrl_enter(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(460, 240)

    def text(self) -> str:
        return self.note.toPlainText().strip()

    def accept(self) -> None:
        if self.required and not self.text():
            self.error.setText(self.tr("Cần ghi rõ lý do."))
            self.note.setFocus()
            return
        super().accept()


class VoidDialog(NoteDialog):
    """Asks why a dossier entered by mistake is voided and, unless the clerk is a supervisor,
    a supervisor's user name and password to approve it."""

    def __init__(self, code: str, needs_approver: bool, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("Hủy hồ sơ nhập nhầm — {code}").format(code=code),
            self.tr(
                "Lý do hủy (ghi vào quá trình xử lý và gửi lên hệ thống của thành phố; "
                "hồ sơ không bị xóa, mã hồ sơ không dùng lại):"
            ),
            True,
            parent,
        )
        self.needs_approver = needs_approver
        self.approver = QLineEdit(self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        approval = QFormLayout()
        approval.addRow(self.tr("Lãnh đạo phê duyệt:"), self.approver)
        approval.addRow(self.tr("Mật khẩu lãnh đạo:"), self.password)
        box = self.layout()
        assert isinstance(box, QVBoxLayout)
        box.insertLayout(2, approval)
        for widget in (self.approver, self.password):
            widget.setVisible(needs_approver)
        self.resize(480, 300)

    def accept(self) -> None:
        if self.needs_approver and not (self.approver.text().strip() and self.password.text()):
            self.error.setText(self.tr("Cần lãnh đạo phê duyệt: nhập tên và mật khẩu."))
            self.approver.setFocus()
            return
        super().accept()


class ApologyDialog(QDialog):
    """Asks the new appointment (date and time) and the reason of the delay."""

    def __init__(self, suggested: datetime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Xin lỗi và hẹn lại ngày trả kết quả"))
        local = suggested.astimezone(VN_TZ)
        self.when = QDateTimeEdit(self)
        self.when.setDisplayFormat("HH:mm dd/MM/yyyy")
        self.when.setCalendarPopup(True)
        self.when.setDateTime(QDateTime(local.date(), QTime(local.hour, local.minute)))  # type: ignore[call-overload]  # PySide6 converts a datetime.date
        self.reason = QPlainTextEdit(self)
        self.reason.setTabChangesFocus(True)
        self.error = QLabel(self)
        self.error.setStyleSheet("color:#a11;")
        form = QFormLayout()
        form.addRow(self.tr("Hẹn trả mới:"), self.when)
        form.addRow(self.tr("Lý do chậm:"), self.reason)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("Hẹn lại và in văn bản xin lỗi (Ctrl+Enter)")
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy (Esc)"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        confirm_with_ctrl_enter(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(480, 260)

    def appointment(self) -> datetime:
        qdt = self.when.dateTime()
        d, t = qdt.date(), qdt.time()
        return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=VN_TZ)

    def note(self) -> str:
        return self.reason.toPlainText().strip()

    def accept(self) -> None:
        if not self.note():
            self.error.setText(self.tr("Cần ghi lý do chậm trả kết quả."))
            return
        super().accept()


class DetailDialog(QDialog):
    """A dossier's detail window.

    Signals:
        loaded(object): the DossierRecord shown (after each load or move).
        moved(object): a move or an extension was saved; the new DossierRecord.
        preview_requested(str, str): show this dossier's form (code, form key).
    """

    loaded = Signal(object)
    moved = Signal(object)
    preview_requested = Signal(str, str)

    def __init__(self, session: UiSession, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.code = code
        self.record: DossierRecord | None = None
        self.move_buttons: dict[Status, QPushButton] = {}
        self.pending_dialog: QDialog | None = None
        self._build()
        self.retranslate()
        self.reload()

    def _build(self) -> None:
        self.banner = Banner(self)
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.header_group = QGroupBox(self)
        self.header_grid = QGridLayout(self.header_group)
        self.header_grid.setHorizontalSpacing(14)
        self.fields: dict[str, tuple[QLabel, QLabel]] = {}
        keys = (
            "procedure",
            "applicant",
            "id_number",
            "phone",
            "address",
            "channel",
            "received",
            "due",
            "extended",
            "receiver",
            "fees",
            "summary",
        )
        for i, key in enumerate(keys):
            name, value = QLabel(self.header_group), QLabel(self.header_group)
            name.setStyleSheet("color:#555;")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            row, col = i // 2, (i % 2) * 2
            self.header_grid.addWidget(name, row, col, Qt.AlignmentFlag.AlignTop)
            self.header_grid.addWidget(value, row, col + 1, Qt.AlignmentFlag.AlignTop)
            self.fields[key] = (name, value)
        self.header_grid.setColumnStretch(1, 1)
        self.header_grid.setColumnStretch(3, 1)

        self.docs_group = QGroupBox(self)
        self.docs = _table(self.docs_group, 3)
        docs_header = self.docs.horizontalHeader()
        docs_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        docs_header.resizeSection(1, 80)
        docs_header.resizeSection(2, 80)
        QVBoxLayout(self.docs_group).addWidget(self.docs)
        self.history_group = QGroupBox(self)
        self.history = _table(self.history_group, 4)
        history_header = self.history.horizontalHeader()
        for column, width in enumerate((118, 205, 108)):
            history_header.resizeSection(column, width)
        history_header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        QVBoxLayout(self.history_group).addWidget(self.history)

        self.moves_group = QGroupBox(self)
        self.moves_layout = QGridLayout(self.moves_group)
        self.no_moves = QLabel(self.moves_group)
        for i, to in enumerate(MOVE_ORDER):
            button = QPushButton(self.moves_group)
            button.clicked.connect(partial(self.ask_move, to))
            self.moves_layout.addWidget(button, i // 5, i % 5)
            self.move_buttons[to] = button
        self.apology_button = QPushButton(self.moves_group)
        self.apology_button.clicked.connect(self.ask_apology)
        self.moves_layout.addWidget(self.apology_button, 1, 4)
        self.moves_layout.addWidget(self.no_moves, 2, 0, 1, 5)
        # The steps never shrink or move: the lists above give up the room instead.
        self.moves_group.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        policy = self.no_moves.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.no_moves.setSizePolicy(policy)
        # A void of a dossier entered by mistake (a supervisor approves) is a correction, not
        # a step: its own button under the steps. Refusal at the counter (Mẫu 03) is the
        # REFUSED step above, offered the day of reception only.
        self.void_button = QPushButton(self.moves_group)
        self.void_button.clicked.connect(self.ask_void)
        self.moves_layout.addWidget(self.void_button, 3, 4)

        self.print_group = QGroupBox(self)
        self.form_box = QComboBox(self.print_group)
        self.form_box.setMinimumContentsLength(28)
        self.reprint_button = QPushButton(self.print_group)
        self.reprint_button.clicked.connect(self.preview_current_form)
        print_layout = QHBoxLayout(self.print_group)
        print_layout.addWidget(self.form_box, 1)
        print_layout.addWidget(self.reprint_button)
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.close)
        for table in (self.docs, self.history):
            table.setTabKeyNavigation(False)  # Tab leaves the table for the step buttons
        self.documents_button = QPushButton(self)  # the documents panel (ui/documents.py)
        self.documents_button.clicked.connect(self.open_documents)
        QShortcut(QKeySequence("F7"), self, self.open_documents)
        self.payments_button = QPushButton(self)  # fees paid and biên lai (ui/payments.py)
        self.payments_button.clicked.connect(self.open_payments)
        QShortcut(QKeySequence("F6"), self, self.open_payments)

        # The results, their signature state and viewer; the hand-over (ui/results.py).
        self.results_panel = ResultsPanel(self.session, self.code, self)
        self.results_panel.handed_over.connect(
            lambda outcome: self._on_moved(Status.RETURNED, outcome.record)
        )
        # Received for another body (issue 18): both agencies, the state, the take action.
        self.route_panel = RoutePanel(self.session, self)
        self.route_panel.taken.connect(self._on_taken)
        self.route_panel.sent_back.connect(self._on_sent_back)
        self.route_panel.failed.connect(self._on_failed)
        lists = QHBoxLayout()
        lists.addWidget(self.docs_group, 2)
        lists.addWidget(self.history_group, 3)
        lists.addWidget(self.results_panel, 3)
        bottom = QHBoxLayout()
        bottom.addWidget(self.print_group, 1)
        bottom.addWidget(self.payments_button, 0, Qt.AlignmentFlag.AlignBottom)
        bottom.addWidget(self.documents_button, 0, Qt.AlignmentFlag.AlignBottom)
        bottom.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.banner)
        layout.addWidget(self.header_group)
        layout.addWidget(self.route_panel)
        layout.addLayout(lists, 1)
        layout.addWidget(self.moves_group)
        layout.addLayout(bottom)
        QShortcut(QKeySequence.StandardKey.Print, self, self.preview_current_form)
        fit_to_screen(self, 1100, 680)

    def open_documents(self) -> None:
        """Scan, import or reuse this dossier's documents (the applicant's earlier ones)."""
        from ui.documents import DocumentsDialog

        number = self.record.applicant.id_number if self.record else ""
        self.documents_dialog = DocumentsDialog(self.session, self.code, number, self)
        self.documents_dialog.show()

    def open_payments(self) -> None:
        """Record how each fee line was paid and print its biên lai."""
        from ui.payments import PaymentsDialog

        self.payments_dialog = PaymentsDialog(self.session, self.code, self)
        self.payments_dialog.paid.connect(lambda _result: self.reload())
        self.payments_dialog.show()

    # --- loading -------------------------------------------------------------------------

    def reload(self) -> None:
        self.session.workers.read_op(
            partial(get_dossier, self.session.ctx, code=self.code), owner=self
        ).then(self.show_record, self._on_failed)

    def show_record(self, record: object) -> None:
        assert isinstance(record, DossierRecord)
        self.record = record
        self._fill()
        self.loaded.emit(record)

    def _on_failed(self, exc: object) -> None:
        self._enable_moves(True)
        self.banner.show_message("error", self.session.explain(exc))

    def _fill(self) -> None:
        r = self.record
        if r is None:
            return
        lang = self.session.language
        status_colour = (
            "#a11"
            if r.status in (Status.REFUSED, Status.STOPPED, Status.WITHDRAWN)
            else "#92400e"
            if r.status in (Status.SUPPLEMENT, Status.FINANCIAL)
            else "#14532d"
        )
        self.title.setText(
            f"<span style='font-size:15pt; font-weight:600'>{_esc(r.code)}</span>"
            f"&nbsp;&nbsp;<span style='color:{status_colour}; font-size:11pt'>"
            f"{_esc(lang.label(r.status))}</span>"
        )
        self.setWindowTitle(self.tr("Hồ sơ {code}").format(code=r.code))
        channel = lang.label(r.channel)
        if r.assisted:
            channel += self.tr(" (có hỗ trợ)")
        if r.post_receipt_no:
            channel += f" · {r.post_receipt_no}"
        applicant = r.applicant.full_name
        if r.applicant.kind.is_organisation:  # issue 16: the tax code is in id_number
            applicant += self.tr(" (tổ chức; đại diện: {name})").format(
                name=r.applicant.representative or "—"
            )
        due = fmt.when(r.appointment_at)
        if r.supplements:  # a second request: the 766 index counts the dossier overdue
            due += self.tr(" · yêu cầu bổ sung {n} lần").format(n=len(r.supplements))
        values = {
            "procedure": f"{r.procedure_code} — {r.procedure_name}",
            "applicant": applicant,
            "id_number": r.applicant.id_number,
            "phone": " · ".join(x for x in (r.applicant.phone, r.applicant.email) if x) or "—",
            "address": r.applicant.address or "—",
            "channel": channel,
            "received": fmt.when(r.received_at),
            "due": due,
            "extended": fmt.when(r.extended_appointment_at),
            "receiver": r.receiver_name or "—",
            "fees": fmt.money(r.fee_total),
            "summary": r.summary or "—",
        }
        for key, (_name, value) in self.fields.items():
            value.setText(values[key])
        self.docs.setRowCount(0)
        for doc in r.documents:
            _append(self.docs, [doc.name, str(doc.originals), str(doc.copies)])
        self.docs.resizeRowsToContents()
        self.history.setRowCount(0)
        for h in r.history:
            _append(self.history, [fmt.when(h.at), _step(lang.label, h), h.actor, h.note])
        for n in r.notices:  # the messages the hub sent the citizen (hub/notify.py)
            _append(self.history, [fmt.when(n.at), "—", "hub", notice_text(n, lang.code)])
        self.history.resizeRowsToContents()
        self.route_panel.show_record(r)
        self._fill_moves()
        self._fill_forms()

    def _fill_moves(self) -> None:
        r = self.record
        assert r is not None
        can_move = self.session.ctx.actor.can(Permission.ADVANCE)
        moves = set(next_moves(r))
        self.no_moves.setVisible(not moves)
        for to, button in self.move_buttons.items():
            button.setEnabled(can_move and to in moves)
            button.setToolTip(
                self.tr("Chuyển sang «{status}»").format(status=self.session.language.label(to))
                if to in moves
                else self.tr("Không thể chuyển từ «{now}» sang «{status}».").format(
                    now=self.session.language.label(r.status),
                    status=self.session.language.label(to),
                )
            )
        refusable = refusal_possible(self.session.ctx, r)
        for to, button in self.move_buttons.items():
            if to == Status.REFUSED and refusable:
                button.setEnabled(can_move)
            if not self.route_panel.allows(to):  # the other body's move (issue 18)
                button.setEnabled(False)
        # The apology keeps the status (a move to itself) and the void travels as status 8:
        # the side's rule of a dossier received for another body decides both (issue 18).
        allows = self.route_panel.allows
        self.apology_button.setEnabled(can_move and r.status in OPEN_STATUSES and allows(r.status))
        self.void_button.setEnabled(
            can_move and r.status in OPEN_STATUSES and allows(VOID_STATUS, void=True)
        )

    def _fill_forms(self) -> None:
        r = self.record
        if r is None:
            return
        current = self.form_box.currentData()
        self.form_box.clear()
        for key in applicable_forms(r):
            self.form_box.addItem(form_label(key), key)
        index = self.form_box.findData(current)
        self.form_box.setCurrentIndex(max(index, 0))
        self.reprint_button.setEnabled(self.session.ctx.actor.can(Permission.PRINT))

    # --- moves ---------------------------------------------------------------------------

    def ask_move(self, to: Status) -> QDialog:
        """Ask the move's note (non-blocking); the move is saved when the clerk confirms.
        Returning the result asks who receives it instead (the hand-over, ui/results.py)."""
        if to == Status.RETURNED and self.record is not None:
            self.pending_dialog = self.results_panel.ask_handover(self.record)
            return self.pending_dialog
        prompts = {
            Status.REFUSED: self.tr("Lý do từ chối tiếp nhận (in trên phiếu từ chối):"),
            Status.SUPPLEMENT: self.tr("Giấy tờ cần bổ sung, hoàn thiện (in trên phiếu):"),
            Status.STOPPED: self.tr("Lý do dừng giải quyết (in trên thông báo):"),
            Status.WITHDRAWN: self.tr("Ghi chú về việc công dân rút hồ sơ:"),
            Status.FINANCIAL: self.tr("Nghĩa vụ tài chính công dân cần thực hiện:"),
        }
        dialog = NoteDialog(
            move_label(to) + " — " + self.code,
            prompts.get(to, self.tr("Ghi chú (không bắt buộc):")),
            note_required(to),
            self,
        )
        dialog.accepted.connect(lambda: self.move(to, dialog.text()))
        dialog.finished.connect(dialog.deleteLater)
        self.pending_dialog = dialog
        dialog.open()
        return dialog

    def move(self, to: Status, note: str = "") -> None:  # type: ignore[override]  # the screen's status move, never QWidget.move(x, y)
        """Save the move ``to`` in the write lane."""
        self._enable_moves(False)
        self.session.workers.write_op(
            partial(advance_dossier, self.session.ctx, code=self.code, to=to, note=note), owner=self
        ).then(partial(self._on_moved, to), self._on_failed)

    def _on_moved(self, to: Status | None, record: object) -> None:
        self.show_record(record)
        self.banner.show_message(
            "success",
            self.tr("Đã lưu: {status}.").format(
                status=self.session.language.label(self.record.status)  # type: ignore[union-attr]  # a move is offered only once a record is shown
            ),
        )
        self.session.events.dossier_changed.emit(self.code)
        self.moved.emit(record)
        form = "apology" if to is None else FORM_AFTER_MOVE.get(to)
        if form is not None:
            self.preview_requested.emit(self.code, form)

    def _on_taken(self, record: object) -> None:
        self.show_record(record)
        self.banner.show_message(
            "success",
            self.tr("Đã tiếp nhận hồ sơ {code} từ nơi tiếp nhận khác.").format(code=self.code),
        )
        self.session.events.dossier_changed.emit(self.code)
        self.moved.emit(record)

    def _on_sent_back(self, record: object) -> None:
        self.show_record(record)
        self.banner.show_message(
            "success",
            self.tr("Đã gửi trả kết quả hồ sơ {code} về nơi tiếp nhận.").format(code=self.code),
        )
        self.session.events.dossier_changed.emit(self.code)
        self.moved.emit(record)

    def offered(self) -> set[Status]:
        """The moves whose buttons can be pressed now."""
        return {to for to, button in self.move_buttons.items() if button.isEnabled()}

    def _enable_moves(self, enabled: bool) -> None:
        if enabled and self.record is not None:
            self._fill_moves()  # only the legal ones come back
            return
        for button in self.move_buttons.values():
            button.setEnabled(False)
        self.apology_button.setEnabled(False)
        self.void_button.setEnabled(False)

    def ask_void(self) -> VoidDialog:
        """Ask the reason (and a supervisor's approval); the void is saved on confirmation."""
        needs = not self.session.ctx.actor.can(Permission.VOID)
        dialog = VoidDialog(self.code, needs, self)
        dialog.accepted.connect(
            lambda: self.void(dialog.text(), dialog.approver.text().strip(), dialog.password.text())
        )
        dialog.finished.connect(dialog.deleteLater)
        self.pending_dialog = dialog
        dialog.open()
        return dialog

    def void(self, reason: str, approver: str = "", password: str = "") -> None:
        """Save the void in the write lane (status 8 with the reason and the approver)."""
        self._enable_moves(False)
        self.session.workers.write_op(
            partial(
                void_dossier,
                self.session.ctx,
                code=self.code,
                reason=reason,
                approver=approver,
                approver_password=password,
            ),
            owner=self,
        ).then(self._on_voided, self._on_failed)

    def _on_voided(self, record: object) -> None:
        self.show_record(record)  # no form: a void prints nothing for the citizen
        self.banner.show_message(
            "success",
            self.tr(
                "Đã hủy hồ sơ {code}; lý do và người phê duyệt ghi trong quá trình xử lý."
            ).format(code=self.code),
        )
        self.session.events.dossier_changed.emit(self.code)
        self.moved.emit(record)

    def ask_apology(self) -> ApologyDialog | None:
        r = self.record
        if r is None:
            return None
        base = max(r.due_at or self.session.ctx.now(), self.session.ctx.now())
        dialog = ApologyDialog(base + timedelta(days=3), self)
        dialog.accepted.connect(lambda: self.extend(dialog.appointment(), dialog.note()))
        dialog.finished.connect(dialog.deleteLater)
        self.pending_dialog = dialog
        dialog.open()
        return dialog

    def extend(self, appointment: datetime, note: str) -> None:
        """Keep the status, set the new appointment, then print the apology (Mẫu 04)."""
        r = self.record
        assert r is not None
        self._enable_moves(False)
        self.session.workers.write_op(
            partial(
                advance_dossier,
                self.session.ctx,
                code=self.code,
                to=r.status,
                note=note,
                new_appointment=appointment,
            ),
            owner=self,
        ).then(partial(self._on_moved, None), self._on_failed)

    def preview_current_form(self) -> None:
        key = self.form_box.currentData()
        if key:
            self.preview_requested.emit(self.code, key)

    # --- language ------------------------------------------------------------------------

    def retranslate(self) -> None:
        names = {
            "procedure": self.tr("Thủ tục:"),
            "applicant": self.tr("Người nộp:"),
            "id_number": self.tr("Số định danh:"),
            "phone": self.tr("Liên hệ:"),
            "address": self.tr("Địa chỉ:"),
            "channel": self.tr("Kênh nộp:"),
            "received": self.tr("Tiếp nhận:"),
            "due": self.tr("Hẹn trả:"),
            "extended": self.tr("Hẹn lại:"),
            "receiver": self.tr("Người tiếp nhận:"),
            "fees": self.tr("Phí, lệ phí:"),
            "summary": self.tr("Nội dung yêu cầu:"),
        }
        for key, (name, _value) in self.fields.items():
            name.setText(names[key])
        self.header_group.setTitle(self.tr("Thông tin hồ sơ"))
        self.docs_group.setTitle(self.tr("Thành phần hồ sơ"))
        self.docs.setHorizontalHeaderLabels(
            [self.tr("Giấy tờ"), self.tr("Bản chính"), self.tr("Bản sao")]
        )
        self.history_group.setTitle(self.tr("Quá trình xử lý"))
        self.history.setHorizontalHeaderLabels(
            [
                self.tr("Thời điểm"),
                self.tr("Chuyển trạng thái"),
                self.tr("Người thực hiện"),
                self.tr("Ghi chú"),
            ]
        )
        self.moves_group.setTitle(self.tr("Bước tiếp theo"))
        self.no_moves.setText(self.tr("Hồ sơ đã kết thúc: không còn bước nào."))
        # setText() resets a button's shortcut (to the text's mnemonic): set it after.
        for to, button in self.move_buttons.items():
            button.setText(f"{move_label(to)} ({move_shortcut(to)})")
            button.setShortcut(QKeySequence(move_shortcut(to)))
        self.apology_button.setText(
            self.tr("Xin lỗi và hẹn lại… ({keys})").format(keys=APOLOGY_SHORTCUT)
        )
        self.apology_button.setShortcut(QKeySequence(APOLOGY_SHORTCUT))
        self.void_button.setText(
            self.tr("Hủy hồ sơ nhập nhầm… ({keys})").format(keys=VOID_SHORTCUT)
        )
        self.void_button.setShortcut(QKeySequence(VOID_SHORTCUT))
        self.print_group.setTitle(self.tr("In lại"))
        self.reprint_button.setText(self.tr("Xem và in (Ctrl+P)"))
        self.close_button.setText(self.tr("Đóng (Esc)"))
        self.documents_button.setText(self.tr("Số hóa giấy tờ (F7)"))
        self.payments_button.setText(self.tr("Thu phí, biên lai (F6)"))
        if self.record is not None:
            self._fill()
        else:
            self.setWindowTitle(self.tr("Hồ sơ {code}").format(code=self.code))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _step(label: Callable[[object], str], h: HistoryEntry) -> str:
    """A history row's step: "from → to", or the status alone for a step that kept it (an
    apology, a post reception, a hand-over, a take by the competent body: its note says
    what happened), never "Được tiếp nhận → Được tiếp nhận"."""
    if h.from_status == h.to_status:
        return label(h.to_status)
    src = label(h.from_status) if h.from_status else "—"
    return f"{src} → {label(h.to_status)}"


def _table(parent: QWidget, columns: int) -> QTableWidget:
    table = QTableWidget(0, columns, parent)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(True)
    table.horizontalHeader().setDefaultSectionSize(110)
    return table


def _append(table: QTableWidget, values: list[str]) -> None:
    row = table.rowCount()
    table.insertRow(row)
    for column, value in enumerate(values):
        item = QTableWidgetItem(value)
        item.setToolTip(value)
        table.setItem(row, column, item)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
