"""The intake form: receive one dossier with the keyboard alone.

Flow: scan (or paste) the ID card's QR and press Enter -> the applicant is filled and the
cursor goes to the procedure search; type part of the procedure's name or code, Enter picks
it and its checklist appears; Enter (or Ctrl+Enter anywhere) saves, and the main window opens
the receipt's print preview (or prints it directly).

The form keeps one ``intake_key`` until it is cleared, so saving it twice (a double Enter, a
retry after an error) never makes a second dossier."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QEvent, QKeyCombination, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.dossier import VN_TZ, Channel, DocumentLine, DossierRecord, DossierRow
from app.domain.entry import ADDRESS_MAX, NAME_MAX, is_id_number, parse_dmy
from app.domain.errors import DeskError
from app.domain.handover import receipt_allowed
from app.domain.idcard import CitizenCard, looks_like_cccd_qr, lost_diacritics, parse_cccd_qr
from app.domain.payment import charged_fees
from app.domain.procedure import ProcedureInfo, rank_procedures
from app.domain.roles import Permission
from app.services.catalog import find_procedures
from app.services.dossiers import (
    ApplicantInput,
    IntakePreview,
    find_applicant,
    new_intake_key,
    open_duplicates,
    preview_intake,
    receive_dossier,
)
from ui import format as fmt
from ui.applicant_kind import ApplicantKindSwitch
from ui.banner import Banner
from ui.session import UiSession

#: The three ways a dossier reaches the counter: (channel, assisted).
CHANNEL_CHOICES = (
    ("direct", Channel.DIRECT, False),
    ("post", Channel.POST, False),
    ("online", Channel.ONLINE, True),
)
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
PASTE_SETTLE_MS = 350


class IntakeForm(QWidget):
    """Receives one dossier.

    Signals:
        saved(object): the DossierRecord, after it is durably saved (also when a repeated
            save returned the dossier saved the first time).
        reprint_requested(str): once saved, Enter asks the receipt of this dossier code
            again (the main window shows the open preview rather than a second one).
        scanned(object): an ID card was read (its CitizenCard).
        catalog_loaded(int): the number of procedures the search knows.
    """

    saved = Signal(object)
    scanned = Signal(object)
    catalog_loaded = Signal(int)
    reprint_requested = Signal(str)

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.intake_key = new_intake_key()
        self.procedures: tuple[ProcedureInfo, ...] = ()
        self.procedure: ProcedureInfo | None = None
        self.record: DossierRecord | None = None
        self.saving = False
        self.duplicates: list[DossierRow] = []
        self._pick_when_loaded = False
        self._clear_armed = False
        self.preview: IntakePreview | None = None
        self._save_when_previewed = False
        self._day_off_confirmed = False
        self._build()
        self.retranslate()
        self.clear()
        self._load_catalog()
        # The search keeps the catalog in memory: a supervisor's edit reloads it.
        session.events.catalog_changed.connect(self._load_catalog)

    # --- building ------------------------------------------------------------------------

    def _build(self) -> None:
        self.banner = Banner(self)
        self.dup_banner = Banner(self)
        # The duplicate warning shares the message row: when absent it takes no width.
        dup_policy = self.dup_banner.sizePolicy()
        dup_policy.setRetainSizeWhenHidden(False)
        self.dup_banner.setSizePolicy(dup_policy)

        self.scan_group = QGroupBox(self)
        self.scanner = QLineEdit(self.scan_group)
        self.scanner.setObjectName("scanner")
        self.scanner.setClearButtonEnabled(True)
        self.scanner.textChanged.connect(self._on_scanner_text)
        self.scanner.installEventFilter(self)
        self.scan_hint = QLabel(self.scan_group)
        self.scan_hint.setWordWrap(True)
        self.scan_hint.setStyleSheet("color:#555;")
        scan_layout = QVBoxLayout(self.scan_group)
        self.scan_row = QHBoxLayout()  # the scanner, and the applicant-kind switch beside it
        self.scan_row.addWidget(self.scanner, 1)
        scan_layout.addLayout(self.scan_row)
        scan_layout.addWidget(self.scan_hint)
        self._paste_timer = QTimer(self)
        self._paste_timer.setSingleShot(True)
        self._paste_timer.setInterval(PASTE_SETTLE_MS)
        self._paste_timer.timeout.connect(self._scan_if_complete)

        self.person_group = QGroupBox(self)
        self.name = QLineEdit(self)
        self.name.setMaxLength(NAME_MAX)  # what the printed forms hold (app.domain.entry)
        self.id_number = QLineEdit(self)
        self.id_number.setMaxLength(12)
        self.id_number.textEdited.connect(self._on_id_edited)
        self.old_id = QLineEdit(self)
        self.old_id.setMaxLength(12)  # 9 digits, or a 12-digit CMND
        self.birth = QLineEdit(self)
        self.sex = QComboBox(self)
        self.address = QLineEdit(self)
        self.address.setMaxLength(ADDRESS_MAX)
        self.phone = QLineEdit(self)
        self.email = QLineEdit(self)
        self.summary = QLineEdit(self)
        person = QFormLayout(self.person_group)
        person.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # Messages by SMS to the phone (and by email when one is given): only if asked.
        # Beside the phone, not a row of its own: the form keeps its height at 1366x768
        # (tests/ui/test_layout_fit.py).
        self.wants_messages = QCheckBox(self.person_group)
        self.person_labels: list[QLabel] = []
        for widget in (
            self.name,
            self.id_number,
            self.old_id,
            self.birth,
            self.sex,
            self.address,
            self.phone,
            self.email,
            self.summary,
        ):
            label = QLabel(self.person_group)
            label.setBuddy(widget)
            self.person_labels.append(label)
            if widget is self.phone:
                phone_row = QHBoxLayout()
                phone_row.addWidget(self.phone, 1)
                phone_row.addWidget(self.wants_messages)
                person.addRow(label, phone_row)
            else:
                person.addRow(label, widget)
        self.kind_switch = ApplicantKindSwitch(self, person, self.scan_row)  # organisations

        self.proc_group = QGroupBox(self)
        self.proc_search = QLineEdit(self.proc_group)
        self.proc_search.setClearButtonEnabled(True)
        self.proc_search.textChanged.connect(self._filter_procedures)
        self.proc_search.installEventFilter(self)
        self.proc_list = QListWidget(self.proc_group)
        self.proc_list.setMinimumHeight(96)
        self.proc_list.setMaximumHeight(124)
        self.proc_list.setUniformItemSizes(True)
        self.proc_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.proc_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.proc_list.installEventFilter(self)
        self.proc_list.itemDoubleClicked.connect(lambda _item: self.pick_procedure())
        self.proc_chosen = QLabel(self.proc_group)
        self.proc_chosen.setWordWrap(True)
        self.proc_chosen.setTextFormat(Qt.TextFormat.RichText)
        proc_layout = QVBoxLayout(self.proc_group)
        proc_layout.addWidget(self.proc_search)
        proc_layout.addWidget(self.proc_list)
        proc_layout.addWidget(self.proc_chosen)
        from ui.competent_picker import CompetentPicker  # another competent body (issue 18)

        self.competent = CompetentPicker(self.session, self.proc_group)
        self.competent.install_shortcut(self)
        self.competent.changed.connect(self._request_preview)
        self.competent.changed.connect(self._show_fees)
        proc_layout.addWidget(self.competent)

        self.docs_group = QGroupBox(self)
        self.docs = QTableWidget(0, 4, self.docs_group)
        self.docs.verticalHeader().hide()
        self.docs.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.docs.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.docs.setWordWrap(True)
        header = self.docs.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, 84)
        docs_layout = QVBoxLayout(self.docs_group)
        docs_layout.addWidget(self.docs)

        self.channel_group = QGroupBox(self)
        self.channel = QComboBox(self.channel_group)
        self.channel.currentIndexChanged.connect(self._on_channel)
        self.post_no = QLineEdit(self.channel_group)
        self.post_label = QLabel(self.channel_group)
        self.post_label.setBuddy(self.post_no)
        self.result_by_post = QCheckBox(self.channel_group)
        self.fees_label = QLabel(self.channel_group)
        self.fees_label.setWordWrap(True)
        self.fees_label.setTextFormat(Qt.TextFormat.RichText)
        self.channel_label = QLabel(self.channel_group)
        self.channel_label.setBuddy(self.channel)
        channel_layout = QGridLayout(self.channel_group)
        channel_layout.addWidget(self.channel_label, 0, 0)
        channel_layout.addWidget(self.channel, 0, 1)
        channel_layout.addWidget(self.post_label, 1, 0)
        channel_layout.addWidget(self.post_no, 1, 1)
        channel_layout.addWidget(self.result_by_post, 2, 0, 1, 2)
        channel_layout.addWidget(self.fees_label, 3, 0, 1, 2)
        channel_layout.setColumnStretch(1, 1)

        self.new_button = QPushButton(self)
        self.new_button.clicked.connect(self.request_clear)
        self.save_button = QPushButton(self)
        self.save_button.setDefault(True)
        bold = QFont(self.save_button.font())
        bold.setBold(True)
        self.save_button.setFont(bold)
        self.save_button.setMinimumHeight(34)
        self.save_button.clicked.connect(self.save_or_reprint)

        left = QVBoxLayout()
        left.addWidget(self.scan_group)
        left.addWidget(self.person_group)
        left.addWidget(self.channel_group)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.proc_group)
        right.addWidget(self.docs_group, 1)
        columns = QHBoxLayout()
        columns.addLayout(left, 4)
        columns.addLayout(right, 5)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        messages = QHBoxLayout()
        messages.addWidget(self.banner, 1)
        messages.addWidget(self.dup_banner, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)  # every pixel counts at 1366x768
        layout.setSpacing(4)
        from ui.documents import ReuseOffer  # digitised documents of the person (issue 14)

        self.reuse_banner = Banner(self)  # beside the others: a message never moves the form
        messages.addWidget(self.reuse_banner, 1)
        self.reuse_offer = ReuseOffer(self, self.session, self.reuse_banner)
        QShortcut(QKeySequence("F7"), self, self.open_documents)
        layout.addLayout(messages)
        layout.addLayout(columns, 1)
        layout.addLayout(buttons)

        for sequence in (
            QKeyCombination(Qt.KeyboardModifier.ControlModifier, Qt.Key.Key_Return),
            QKeyCombination(Qt.KeyboardModifier.ControlModifier, Qt.Key.Key_Enter),
        ):
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.save_or_reprint)

    # --- the catalog ---------------------------------------------------------------------

    def _load_catalog(self) -> None:
        fn = partial(find_procedures, self.session.ctx, text="", limit=100_000)
        self.session.workers.read_op(fn, owner=self).then(self._on_catalog, self._on_catalog_failed)

    def _on_catalog(self, procedures: object) -> None:
        self.procedures = tuple(procedures)  # type: ignore[arg-type]  # the worker result arrives untyped (Signal(object))
        self._filter_procedures()
        self.catalog_loaded.emit(len(self.procedures))
        if self._pick_when_loaded:
            self._pick_when_loaded = False
            self.pick_procedure()

    def _on_catalog_failed(self, exc: object) -> None:
        self.banner.show_message("error", self.session.explain(exc))

    def matching_procedures(self, text: str) -> list[ProcedureInfo]:
        """The procedures whose code or name holds every word typed, accents ignored, best
        first by the one picker ranking of the domain (exact code or name first)."""
        return rank_procedures(self.procedures, text)

    def _filter_procedures(self) -> None:
        self.proc_list.clear()
        for proc in self.matching_procedures(self.proc_search.text())[:200]:
            item = QListWidgetItem(f"{proc.code} — {proc.name}", self.proc_list)
            item.setData(Qt.ItemDataRole.UserRole, proc.code)
            item.setToolTip(proc.name)
        # An empty search highlights nothing: Enter right after a scan must not pick the
        # first procedure of the whole catalog (the clerk may still choose with ↑↓).
        if self.proc_list.count() and self.proc_search.text().strip():
            self.proc_list.setCurrentRow(0)

    def pick_procedure(self) -> None:
        """Choose the highlighted procedure (the first match when none is)."""
        if not self.procedures:
            self._pick_when_loaded = True
            return
        typed = self.proc_search.text().strip()
        item = self.proc_list.currentItem()
        if item is None and typed:
            item = self.proc_list.item(0)
        if item is None:
            if typed:
                message = self.tr("Không có thủ tục nào khớp với «{text}».").format(text=typed)
            else:
                message = self.tr(
                    "Hãy gõ một phần tên hoặc mã thủ tục (hoặc chọn bằng ↑↓) rồi nhấn Enter."
                )
            self.banner.show_message("warning", message)
            self.proc_search.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        code = item.data(Qt.ItemDataRole.UserRole)
        self.set_procedure(next(p for p in self.procedures if p.code == code))
        self.docs.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.docs.rowCount():
            self.docs.setCurrentCell(0, 0)

    def set_procedure(self, proc: ProcedureInfo) -> None:
        self.procedure = proc
        self._show_procedure()
        self.docs.setRowCount(0)
        for doc in proc.documents:
            self._add_document_row(doc.name, doc.originals, doc.copies, doc.required)
        self._show_fees()
        self._request_preview()
        self._check_duplicates()

    def _show_procedure(self) -> None:
        proc = self.procedure
        if proc is None:
            self.proc_chosen.setText(self.tr("Chưa chọn thủ tục."))
            return
        if proc.processing.unit == "none":
            time_text = self.tr("không có ngày hẹn trả cụ thể")
        elif proc.processing.unit == "hour":
            time_text = self.tr("{n} giờ làm việc").format(n=_number(proc.processing.amount))
        elif proc.processing.amount == 0:
            time_text = self.tr("trong ngày làm việc")
        else:
            time_text = self.tr("{n} ngày làm việc").format(n=_number(proc.processing.amount))
        cutoff = ""
        if proc.cutoff is not None:
            cutoff = self.tr("; nhận sau {time} tính từ ngày làm việc kế tiếp").format(
                time=proc.cutoff.strftime("%H:%M")
            )
        self.proc_chosen.setText(
            f"<b>{_esc(proc.code)} — {_esc(proc.name)}</b><br>"
            + _esc(
                self.tr("Lĩnh vực: {field}. Thời hạn giải quyết: {time}{cutoff}.").format(
                    field=proc.field_name or "—", time=time_text, cutoff=cutoff
                )
            )
        )

    def _add_document_row(self, name: str, originals: int, copies: int, checked: bool) -> None:
        row = self.docs.rowCount()
        self.docs.insertRow(row)
        item = QTableWidgetItem(name)
        item.setFlags(
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
        )
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        item.setToolTip(name)
        self.docs.setItem(row, 0, item)
        for column, value in ((1, originals), (2, copies)):
            spin = QSpinBox(self.docs)
            spin.setRange(0, 99)
            spin.setValue(value)
            spin.setAlignment(Qt.AlignmentFlag.AlignCenter)
            spin.valueChanged.connect(partial(self._update_count, row))
            self.docs.setCellWidget(row, column, spin)
        count = QTableWidgetItem()
        count.setFlags(Qt.ItemFlag.ItemIsEnabled)
        count.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        self.docs.setItem(row, 3, count)
        self._update_count(row)
        self.docs.resizeRowToContents(row)

    def _spin(self, row: int, column: int) -> QSpinBox:
        widget = self.docs.cellWidget(row, column)
        assert isinstance(widget, QSpinBox)
        return widget

    def _update_count(self, row: int, _value: int = 0) -> None:
        total = self._spin(row, 1).value() + self._spin(row, 2).value()
        item = self.docs.item(row, 3)
        if item is not None:
            item.setText(str(total))

    def documents(self) -> list[DocumentLine]:
        """The checked lines of the checklist, as received."""
        lines = []
        assert self.procedure is not None
        codes = {d.name: d.code for d in self.procedure.documents}
        for row in range(self.docs.rowCount()):
            item = self.docs.item(row, 0)
            if item is None or item.checkState() != Qt.CheckState.Checked:
                continue
            lines.append(
                DocumentLine(
                    item.text(),
                    self._spin(row, 1).value(),
                    self._spin(row, 2).value(),
                    codes.get(item.text(), ""),
                )
            )
        return lines

    def _show_fees(self) -> None:
        proc = self.procedure
        if proc is None:
            self.fees_label.setText(self.tr("Lệ phí: —"))
            return
        # The fee of the chosen channel only: the rule of the receipt and the VietQR.
        charged = charged_fees(proc.fees, self.channel_choice()[0])
        lines = [f"{_esc(f.name)}: {fmt.money(f.amount)}" for f in charged]
        if not lines:
            lines = [_esc(self.tr("Không thu phí, lệ phí"))]
        total = self.tr("Tổng cộng: {amount}").format(
            amount=fmt.money(sum(f.amount for f in charged))
        )
        preview = self._current_preview()
        if preview is None:
            due = self.tr("Hẹn trả dự kiến: đang tính…")
        elif preview.appointment_at is None:
            due = self.tr("Hẹn trả dự kiến: không có ngày hẹn trả cụ thể")
        else:
            due = self.tr("Hẹn trả dự kiến: {due}").format(due=fmt.when(preview.appointment_at))
        self.fees_label.setText(
            "<b>"
            + _esc(self.tr("Phí, lệ phí"))
            + "</b><br>"
            + "<br>".join(lines)
            + f"<br><b>{_esc(total)}</b><br><b>{_esc(due)}</b>"
        )

    # --- the preview: fee and appointment before saving, and the day-off check -----------

    def _current_preview(self) -> IntakePreview | None:
        p = self.preview
        if (
            p is None
            or self.procedure is None
            or p.procedure_code != self.procedure.code
            or p.channel != self.channel_choice()[0]
            or p.competent_agency != self.competent.chosen_code()
        ):
            return None
        return p

    def _request_preview(self) -> None:
        if self.procedure is None:
            return
        code, channel = self.procedure.code, self.channel_choice()[0]
        fn = partial(
            preview_intake,
            self.session.ctx,
            procedure_code=code,
            channel=channel,
            competent_agency=self.competent.chosen_code(),
        )
        self.session.workers.read_op(fn, owner=self).then(self._on_preview, self._on_preview_failed)

    def _on_preview(self, preview: object) -> None:
        assert isinstance(preview, IntakePreview)
        self.preview = preview
        self._show_fees()
        if self._save_when_previewed and self._current_preview() is not None:
            self._save_when_previewed = False
            self.saving = False
            self.save_button.setEnabled(True)
            self.save()

    def _on_preview_failed(self, exc: object) -> None:
        if self._save_when_previewed:
            self._save_when_previewed = False
            self.saving = False
            self.save_button.setEnabled(True)
        self.banner.show_message("error", self.session.explain(exc))

    # --- the ID card ---------------------------------------------------------------------

    def _on_scanner_text(self, text: str) -> None:
        # A paste has no Enter: read it once the text has settled into a whole payload.
        if looks_like_cccd_qr(text):
            self._paste_timer.start()
        else:
            self._paste_timer.stop()

    def _scan_if_complete(self) -> None:
        if looks_like_cccd_qr(self.scanner.text()):
            self.scan_entered()

    def scan_entered(self) -> bool:
        """Read the scanner field; fill the applicant or say what is wrong (keeping it)."""
        self._paste_timer.stop()
        text = self.scanner.text()
        if not text.strip():
            self.name.setFocus()
            return False
        try:
            card = parse_cccd_qr(text, today=self.session.ctx.now().astimezone(VN_TZ).date())
            lost = lost_diacritics(card)
            if lost is not None:  # a wedge scanner in the wrong mode: say how to set it
                raise DeskError("cccd.lost_diacritics", sample=lost)
        except DeskError as err:
            self.banner.show_message("error", self.session.language.message(err))
            self.scanner.setFocus()
            self.scanner.selectAll()  # the next scan replaces it; nothing typed is lost
            return False
        self.apply_card(card)
        return True

    def apply_card(self, card: CitizenCard) -> None:
        if self.kind_switch.take_card(card):  # an organisation's representative
            self.scanner.clear()
            return
        self.name.setText(card.full_name)
        self.id_number.setText(card.id_number)
        self.old_id.setText(card.old_id_number)
        self.birth.setText(fmt.day(card.birth_date))
        self.sex.setCurrentIndex(max(self.sex.findData(card.sex), 0))
        self.address.setText(card.address)
        self.scanner.clear()
        self.banner.show_message(
            "success", self.tr("Đã đọc thẻ căn cước của {name}.").format(name=card.full_name)
        )
        self.scanned.emit(card)
        self.reuse_offer.card_scanned(card.id_number)  # documents digitised before (F7)
        self._lookup_applicant(card.id_number)
        self._check_duplicates()
        self.proc_search.setFocus(Qt.FocusReason.OtherFocusReason)
        self.proc_search.selectAll()

    def _on_id_edited(self, text: str) -> None:
        number = text.strip()
        if self.kind_switch.looks_complete(number):
            self._lookup_applicant(number)
        elif is_id_number(number):
            self._lookup_applicant(number)
            self._check_duplicates()
        else:
            self.duplicates = []
            self.dup_banner.clear()

    def _lookup_applicant(self, number: str) -> None:
        fn = partial(find_applicant, self.session.ctx, id_number=number)
        self.session.workers.read_op(fn, owner=self).then(partial(self._on_applicant, number))

    def _on_applicant(self, number: str, known: object) -> None:
        if not isinstance(known, ApplicantInput) or self.id_number.text().strip() != number:
            return
        # Prefill only what is still empty: what the clerk typed or scanned wins.
        for widget, value in (
            (self.name, known.full_name),
            (self.address, known.address),
            (self.phone, known.phone),
            (self.email, known.email),
            (self.old_id, known.old_id_number),
        ):
            if value and not widget.text().strip():
                widget.setText(value)
        if known.birth_date and not self.birth.text().strip():
            self.birth.setText(fmt.day(known.birth_date))
        if known.sex and self.sex.currentIndex() <= 0:
            self.sex.setCurrentIndex(max(self.sex.findData(known.sex), 0))
        self.kind_switch.prefill(known)

    def _check_duplicates(self) -> None:
        number = self.id_number.text().strip()
        if self.procedure is None or not is_id_number(number):
            return
        fn = partial(
            open_duplicates, self.session.ctx, id_number=number, procedure_code=self.procedure.code
        )
        self.session.workers.read_op(fn, owner=self).then(
            partial(self._on_duplicates, number, self.procedure.code)
        )

    def _on_duplicates(self, number: str, code: str, rows: object) -> None:
        if (
            self.id_number.text().strip() != number
            or self.procedure is None
            or self.procedure.code != code
            or self.record is not None
        ):
            return
        self.duplicates = list(rows)  # type: ignore[call-overload]  # the worker result arrives untyped (Signal(object))
        self._show_duplicates()

    def _show_duplicates(self) -> None:
        if not self.duplicates:
            self.dup_banner.clear()
            return
        codes = ", ".join(
            f"{r.code} ({self.session.language.label(r.status)})" for r in self.duplicates[:3]
        )
        self.dup_banner.show_message(
            "warning",
            self.tr(
                "Lưu ý: người này đang có hồ sơ chưa giải quyết xong cho cùng thủ tục: {codes}. "
                "Vẫn có thể tiếp nhận nếu đây là yêu cầu mới."
            ).format(codes=codes),
        )

    # --- channel -------------------------------------------------------------------------

    def _fill_channels(self) -> None:
        actor = self.session.ctx.actor
        labels = {
            "direct": self.tr("Trực tiếp tại quầy"),
            "post": self.tr("Qua dịch vụ bưu chính công ích"),
            "online": self.tr("Trực tuyến, có hỗ trợ tại quầy"),
        }
        allowed = {
            "direct": actor.can(Permission.RECEIVE),
            "post": actor.can(Permission.RECEIVE_POST),
            "online": actor.can(Permission.RECEIVE),
        }
        current = self.channel.currentData()
        self.channel.blockSignals(True)
        self.channel.clear()
        for key, _channel, _assisted in CHANNEL_CHOICES:
            if allowed[key]:
                self.channel.addItem(labels[key], key)
        if current is not None and self.channel.findData(current) >= 0:
            self.channel.setCurrentIndex(self.channel.findData(current))
        self.channel.blockSignals(False)
        self._on_channel()

    def _on_channel(self, _index: int = 0) -> None:
        is_post = self.channel.currentData() == "post"
        self.post_no.setEnabled(is_post)
        self.post_label.setEnabled(is_post)
        if not is_post:
            self.post_no.clear()
        # An online dossier is filed with the competent body itself (issue 18).
        self.competent.allow(self.channel.currentData() != "online")
        self._show_fees()
        self._request_preview()

    def channel_choice(self) -> tuple[Channel, bool]:
        key = self.channel.currentData()
        for k, channel, assisted in CHANNEL_CHOICES:
            if k == key:
                return channel, assisted
        return Channel.DIRECT, False

    # --- saving --------------------------------------------------------------------------

    def save(self) -> None:
        """Save the dossier in the write lane; Save is disabled until it answers."""
        if self.saving:
            return
        if self.procedure is None:
            self.banner.show_message(
                "warning",
                self.tr("Chưa chọn thủ tục: gõ một phần tên hoặc mã thủ tục rồi nhấn Enter."),
            )
            self.proc_search.setFocus()
            return
        try:
            birth = parse_dmy(
                self.birth.text(),
                what="Ngày sinh",
                today=self.session.ctx.now().astimezone(VN_TZ).date(),
            )
        except DeskError as err:  # mis-shaped, impossible (31/02) or in the future: each said
            self.banner.show_message("warning", self.session.language.message(err))
            self.birth.setFocus()
            return
        if self.competent.problem():
            self.banner.show_message("warning", self.competent.problem())
            self.competent.focus_search()
            return
        channel, assisted = self.channel_choice()
        if channel == Channel.POST and not self.post_no.text().strip():
            self.banner.show_message(
                "warning", self.tr("Hồ sơ qua bưu chính: hãy nhập số hiệu bưu gửi.")
            )
            self.post_no.setFocus()
            return
        preview = self._current_preview()
        if preview is None:  # the day-off check needs it: save once it arrives
            self._save_when_previewed = True
            self.saving = True
            self.save_button.setEnabled(False)
            self._request_preview()
            return
        if preview.day_off and not self._day_off_confirmed:
            self._day_off_confirmed = True
            holiday = f" ({preview.day_off_name})" if preview.day_off_name else ""
            self.banner.show_message(
                "warning",
                self.tr(
                    "Hôm nay{holiday} là ngày nghỉ theo lịch làm việc của đơn vị. Ngày hẹn trả được "
                    "tính từ ngày làm việc kế tiếp: {due}. Nhấn Enter (Lưu) lần nữa để vẫn tiếp "
                    "nhận."
                ).format(holiday=holiday, due=fmt.when(preview.appointment_at)),
            )
            return
        applicant = ApplicantInput(
            full_name=self.name.text(),
            id_number=self.id_number.text(),
            old_id_number=self.old_id.text().strip(),
            birth_date=birth,
            sex=self.sex.currentData() or "",
            address=self.address.text(),
            phone=self.phone.text().strip(),
            email=self.email.text().strip(),
            kind=self.kind_switch.kind(),
            representative=self.kind_switch.representative_name(),
        )
        fn = partial(
            receive_dossier,
            self.session.ctx,
            procedure_code=self.procedure.code,
            applicant=applicant,
            channel=channel,
            documents=self.documents(),
            assisted=assisted,
            post_receipt_no=self.post_no.text().strip(),
            result_delivery="post" if self.result_by_post.isChecked() else "counter",
            summary=self.summary.text().strip(),
            intake_key=self.intake_key,
            notify=self._notify_channels(),
            **self.competent.intake_arguments(),  # another competent body (issue 18)
        )
        self.saving = True
        self.save_button.setEnabled(False)
        self.banner.show_message("info", self.tr("Đang lưu hồ sơ…"))
        self.session.workers.write_op(fn, owner=self).then(self._on_saved, self._on_save_failed)

    def _notify_channels(self) -> list[str]:
        if not self.wants_messages.isChecked():
            return []
        return ["sms"] + (["email"] if self.email.text().strip() else [])

    def save_or_reprint(self) -> None:
        """The primary button (Enter, Ctrl+Enter): save; once saved, print the receipt
        again, as the banner says. Only F2 starts a new dossier."""
        if self.record is not None:
            self.reprint_requested.emit(self.record.code)
            return
        self.save()

    def _on_saved(self, record: object) -> None:
        assert isinstance(record, DossierRecord)
        self.saving = False
        self.record = record
        self.save_button.setEnabled(True)
        self._lock(True)
        self.dup_banner.clear()
        self._show_saved()
        self._show_primary()
        # The form is locked: Enter lands on the primary button (reprint), never on
        # "Hồ sơ mới", whatever had the focus (the checklist is disabled now).
        self.save_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.session.events.dossier_changed.emit(record.code)
        self.saved.emit(record)

    def _show_saved(self) -> None:
        if self.record is None:
            return
        if not receipt_allowed(self.record, "receipt"):
            self.banner.show_message(
                "success",
                self.tr(
                    "Đã lưu hồ sơ {code} (qua bưu chính). Giấy tiếp nhận và hẹn trả do UBND xã in "
                    "khi nhận danh sách bàn giao; F2 để tiếp nhận hồ sơ mới."
                ).format(code=self.record.code),
            )
            return
        self.banner.show_message(
            "success",
            self.tr(
                "Đã lưu hồ sơ {code}, hẹn trả {due}. Nhấn Enter để in lại biên nhận, "
                "F2 để tiếp nhận hồ sơ mới."
            ).format(code=self.record.code, due=fmt.when(self.record.appointment_at)),
        )

    def _on_save_failed(self, exc: object) -> None:
        self.saving = False
        self.save_button.setEnabled(True)
        self.banner.show_message("error", self.session.explain(exc))

    def _lock(self, locked: bool) -> None:
        for widget in (
            self.scanner,
            self.name,
            self.id_number,
            self.old_id,
            self.birth,
            self.address,
            self.phone,
            self.email,
            self.summary,
            self.proc_search,
            self.post_no,
        ):
            widget.setReadOnly(locked)
        self.kind_switch.lock(locked)
        self.competent.lock(locked)
        switches = (self.sex, self.channel, self.proc_list, self.docs, self.result_by_post)
        for switch in (*switches, self.wants_messages):
            switch.setEnabled(not locked)

    # --- clearing ------------------------------------------------------------------------

    def has_unsaved_input(self) -> bool:
        if self.record is not None:
            return False
        return any(
            w.text().strip()
            for w in (self.name, self.id_number, self.address, self.phone, self.email, self.scanner)
        )

    def request_clear(self) -> None:
        """F2: a new dossier. Unsaved input needs a second F2 (no modal question)."""
        if self.has_unsaved_input() and not self._clear_armed:
            self._clear_armed = True
            self.banner.show_message(
                "warning",
                self.tr(
                    "Biểu mẫu còn dữ liệu chưa lưu. Nhấn F2 lần nữa để xóa và tiếp nhận hồ sơ mới."
                ),
            )
            QTimer.singleShot(5000, self._disarm_clear)
            return
        self.clear()

    def _disarm_clear(self) -> None:
        self._clear_armed = False

    def clear(self) -> None:
        self.reuse_banner.clear()
        """Empty the form for the next dossier, with a fresh intake key."""
        self._clear_armed = False
        self.intake_key = new_intake_key()
        self.record = None
        self.saving = False
        self.duplicates = []
        self._lock(False)
        for widget in (
            self.scanner,
            self.name,
            self.id_number,
            self.old_id,
            self.birth,
            self.address,
            self.phone,
            self.email,
            self.summary,
            self.proc_search,
            self.post_no,
        ):
            widget.clear()
        self.sex.setCurrentIndex(0)
        self.kind_switch.reset()
        self.competent.reset()
        self.result_by_post.setChecked(False)
        self.wants_messages.setChecked(False)
        if self.channel.count():
            self.channel.setCurrentIndex(0)
        self.procedure = None
        self.preview = None
        self._save_when_previewed = False
        self._day_off_confirmed = False
        self.docs.setRowCount(0)
        self._show_procedure()
        self._show_fees()
        self.banner.clear()
        self.dup_banner.clear()
        self.save_button.setEnabled(True)
        self._show_primary()
        self.scanner.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_primary(self) -> None:
        self.save_button.setText(
            self.tr("Lưu và in biên nhận (Enter)")
            if self.record is None
            else self.tr("In lại biên nhận (Enter)")
        )

    def focus_start(self) -> None:
        """Where the keyboard starts: the scanner, or the save button once saved."""
        target = self.scanner if self.record is None else self.save_button
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- keys ----------------------------------------------------------------------------

    def open_documents(self) -> None:
        """F7 after saving: scan, import or reuse the saved dossier's documents."""
        if self.record is not None:
            self.reuse_offer.open_for(self.record.code)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Line edits, spin boxes, combos and the checklist pass Enter up to here: save.
        if event.key() in _ENTER_KEYS:
            focus = self.focusWidget()
            if isinstance(focus, QPushButton) and focus is not self.new_button:
                focus.click()
            else:
                self.save_or_reprint()
            event.accept()
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched: object, event: QEvent) -> bool:
        # Enter in the scanner reads the card; in the procedure search or list it picks the
        # procedure. Consumed here, so it never also reaches keyPressEvent (which saves).
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)  # type: ignore[arg-type]  # Qt only ever passes a QObject here
        key = event.key()
        plain = not (event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if key in _ENTER_KEYS and plain:
            if watched is self.scanner:
                self.scan_entered()
                return True
            if watched in (self.proc_search, self.proc_list):
                self.pick_procedure()
                return True
        if watched is self.proc_search and key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            if self.proc_list.count():
                step = 1 if key == Qt.Key.Key_Down else -1
                row = min(max(self.proc_list.currentRow() + step, 0), self.proc_list.count() - 1)
                self.proc_list.setCurrentRow(row)
                return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]  # Qt only ever passes a QObject here

    # --- language ------------------------------------------------------------------------

    def retranslate_person(self) -> None:
        """The person rows' labels (the applicant-kind switch calls it when the kind changes)."""
        # Alt+letter: none may be a menu's (&Tệp, &Hồ sơ, Đồng &bộ, &Ngôn ngữ, Trợ &giúp).
        texts = (
            self.tr("Họ &và tên:"),
            self.tr("Số định &danh:"),
            self.tr("Số CMND cũ:"),
            self.tr("Ngày &sinh:"),
            self.tr("Giới tính:"),
            self.tr("Địa &chỉ:"),
            self.tr("Điện th&oại:"),
            self.tr("&Email:"),
            self.tr("Nội dung yêu cầu:"),
        )
        for label, text in zip(self.person_labels, texts, strict=True):
            label.setText(text)
        self.birth.setPlaceholderText(self.tr("ngày/tháng/năm, ví dụ 05/03/1990"))
        self.id_number.setPlaceholderText(self.tr("12 chữ số (hoặc CMND 9 chữ số)"))
        self.kind_switch.retranslate()  # an organisation's name and tax-code labels

    def retranslate(self) -> None:
        self.scan_group.setTitle(self.tr("Quét mã QR trên thẻ căn cước"))
        self.scanner.setPlaceholderText(self.tr("Quét hoặc dán nội dung mã QR rồi nhấn Enter"))
        self.scan_hint.setText(
            self.tr(
                "Máy quét ở chế độ bàn phím tự điền họ tên, số định danh, ngày sinh, giới tính "
                "và nơi thường trú."
            )
        )
        self.person_group.setTitle(self.tr("Người nộp hồ sơ"))
        self.retranslate_person()
        current_sex = self.sex.currentData()
        self.sex.clear()
        self.sex.addItem("", "")
        self.sex.addItem(self.tr("Nam"), "Nam")
        self.sex.addItem(self.tr("Nữ"), "Nữ")
        self.sex.setCurrentIndex(max(self.sex.findData(current_sex), 0))
        self.proc_group.setTitle(self.tr("Thủ tục hành chính"))
        self.proc_search.setPlaceholderText(
            self.tr("Gõ một phần tên hoặc mã thủ tục (không dấu cũng được), ↑↓ để chọn, Enter")
        )
        self.docs_group.setTitle(self.tr("Thành phần hồ sơ đã nhận"))
        self.docs.setHorizontalHeaderLabels(
            [self.tr("Giấy tờ"), self.tr("Bản chính"), self.tr("Bản sao"), self.tr("Số lượng")]
        )
        self.channel_group.setTitle(self.tr("Kênh nộp và phí"))
        self.channel_label.setText(self.tr("&Kênh nộp:"))
        self.post_label.setText(self.tr("Số hiệu bưu gửi:"))
        self.post_no.setPlaceholderText(self.tr("ví dụ RR123456789VN"))
        self.result_by_post.setText(self.tr("Trả kết quả qua bưu chính"))
        self.wants_messages.setText(self.tr("Nhận tin nhắn về hồ sơ (SMS; email nếu có)"))
        self._fill_channels()
        self.new_button.setText(self.tr("Hồ sơ mới (F2)"))
        self._show_primary()
        self._show_procedure()
        self._show_fees()
        self._show_duplicates()
        if self.record is not None:
            self._show_saved()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
