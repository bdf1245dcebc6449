"""The supervisor's administration: accounts, the procedure catalog and the working-day
calendar, as three pages of one tab.

Each edit goes through the catalog / calendar services in the write lane (checked and
audited there). Dossiers already received keep their appointments; new ones count with the
edited catalog and calendar at once."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDate, QEvent, Qt, QTime, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.dossier import VN_TZ, FeeItem, ProcessingTime
from app.domain.procedure import ProcedureInfo, RequiredDocument, rank_procedures
from app.services.calendar_admin import (
    CalendarDay,
    calendar_days,
    clear_calendar_day,
    set_calendar_day,
)
from app.services.catalog import (
    add_procedure,
    list_catalog,
    set_procedure_active,
    update_procedure,
)
from ui import format as fmt
from ui.banner import Banner
from ui.people import UsersScreen
from ui.ratings_screen import UnhappyRatingsScreen
from ui.session import UiSession
from ui.tables import cell, make_table

UNITS = ("day", "hour", "none")

if TYPE_CHECKING:
    from app.services.context import DeskContext


def _editable(text: str, data: object = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    return item


def _int(table: QTableWidget, row: int, col: int) -> int:
    item = table.item(row, col)
    text = (item.text() if item is not None else "").replace(".", "").replace(" ", "")
    text = text.removesuffix("đ")
    try:
        return int(text or 0)
    except ValueError:
        return -1  # the service refuses it with a message saying which line


class CatalogScreen(QWidget):
    """Find a procedure, edit its processing time, cut-off, documents and fees; add one;
    deactivate or bring one back.

    Signals:
        saved(object): the ProcedureInfo after an edit, an addition or (de)activation.
        listed(int): the catalog was (re)loaded with this many procedures.
    """

    saved = Signal(object)
    listed = Signal(int)

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.procedures: list[ProcedureInfo] = []
        self.current: ProcedureInfo | None = None
        self.is_new = False
        self.banner = Banner(self)

        left = QWidget(self)
        self.search = QLineEdit(left)
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.list = QListWidget(left)
        self.list.setWordWrap(True)  # long official names wrap instead of scrolling sideways
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentItemChanged.connect(self._on_chosen)
        self.new_button = QPushButton(left)
        self.new_button.clicked.connect(self.start_new)
        lbox = QVBoxLayout(left)
        lbox.setContentsMargins(0, 0, 0, 0)
        lbox.addWidget(self.search)
        lbox.addWidget(self.list, 1)
        lbox.addWidget(self.new_button)

        right = QWidget(self)
        self.code = QLineEdit(right)
        self.name = QLineEdit(right)
        self.field_code = QLineEdit(right)
        self.field_name = QLineEdit(right)
        self.level = QSpinBox(right)
        self.level.setRange(2, 4)
        self.level.setMaximumWidth(80)
        self.amount = QDoubleSpinBox(right)
        self.amount.setRange(0, 365 * 8)
        self.amount.setDecimals(1)
        self.unit = QComboBox(right)
        self.has_cutoff = QCheckBox(right)
        self.cutoff = QTimeEdit(right)
        self.cutoff.setDisplayFormat("HH:mm")
        self.has_cutoff.toggled.connect(self.cutoff.setEnabled)
        self.state_label = QLabel(right)
        time_row = QHBoxLayout()
        time_row.addWidget(self.amount)
        time_row.addWidget(self.unit)
        time_row.addStretch(1)
        cut_row = QHBoxLayout()
        cut_row.addWidget(self.has_cutoff)
        cut_row.addWidget(self.cutoff)
        cut_row.addStretch(1)
        self.form = QFormLayout()
        self.labels = [QLabel(right) for _ in range(8)]
        for label, field in zip(
            self.labels,
            (
                self.code,
                self.name,
                self.field_code,
                self.field_name,
                self.level,
                time_row,
                cut_row,
                self.state_label,
            ),
            strict=True,
        ):
            self.form.addRow(label, field)  # type: ignore[call-overload]  # each field is a QWidget or a QLayout

        self.docs_group = QGroupBox(right)
        self.docs = QTableWidget(0, 4, self.docs_group)
        self.docs.verticalHeader().hide()
        self.docs.horizontalHeader().setStretchLastSection(False)
        self.docs.horizontalHeader().setSectionResizeMode(
            0, self.docs.horizontalHeader().ResizeMode.Stretch
        )
        self.doc_add = QPushButton(self.docs_group)
        self.doc_add.clicked.connect(lambda: self._add_doc(RequiredDocument("", 1, 0, True)))
        self.doc_remove = QPushButton(self.docs_group)
        self.doc_remove.clicked.connect(lambda: self._remove_row(self.docs))
        self.fees_group = QGroupBox(right)
        self.fees = QTableWidget(0, 2, self.fees_group)
        self.fees.verticalHeader().hide()
        self.fees.horizontalHeader().setSectionResizeMode(
            0, self.fees.horizontalHeader().ResizeMode.Stretch
        )
        self.fee_add = QPushButton(self.fees_group)
        self.fee_add.clicked.connect(lambda: self._add_fee(FeeItem("", 0)))
        self.fee_remove = QPushButton(self.fees_group)
        self.fee_remove.clicked.connect(lambda: self._remove_row(self.fees))
        for group, table, add, remove in (
            (self.docs_group, self.docs, self.doc_add, self.doc_remove),
            (self.fees_group, self.fees, self.fee_add, self.fee_remove),
        ):
            box = QVBoxLayout(group)
            box.addWidget(table, 1)
            row = QHBoxLayout()
            row.addStretch(1)
            row.addWidget(add)
            row.addWidget(remove)
            box.addLayout(row)
        self.save_button = QPushButton(right)
        self.save_button.clicked.connect(self.save)
        self.active_button = QPushButton(right)
        self.active_button.clicked.connect(self.toggle_active)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.active_button)
        buttons.addWidget(self.save_button)
        rbox = QVBoxLayout(right)
        rbox.setContentsMargins(0, 0, 0, 0)
        rbox.addLayout(self.form)
        tables = QHBoxLayout()  # side by side: both fit above Save at 1366x768
        tables.addWidget(self.docs_group, 3)
        tables.addWidget(self.fees_group, 2)
        rbox.addLayout(tables, 1)
        rbox.addLayout(buttons)

        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([460, 760])
        layout = QVBoxLayout(self)
        # At 1366x768 the tables scroll rather than push Save off the screen.
        for table in (self.docs, self.fees):
            table.setMinimumHeight(72)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(4)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)
        self.retranslate()
        self._show(None)
        self.reload()

    # --- loading -------------------------------------------------------------------------

    def reload(self, keep: str | None = None) -> None:
        self.session.workers.read_op(partial(list_catalog, self.session.ctx), owner=self).then(
            partial(self._on_listed, keep), self._on_failed
        )

    def _on_listed(self, keep: str | None, procs: object) -> None:
        self.procedures = list(procs)  # type: ignore[call-overload]  # the worker result arrives untyped (Signal(object))
        self._filter(keep=keep)
        self.listed.emit(len(self.procedures))

    def _filter(self, *_args: object, keep: str | None = None) -> None:
        keep = keep or (self.current.code if self.current else None)
        query = self.search.text().strip()
        self.list.blockSignals(True)
        self.list.clear()
        for p in rank_procedures(self.procedures, query):
            label = f"{p.code} — {p.name}"
            if not p.active:
                label += "  " + self.tr("(ngừng áp dụng)")
            item = QListWidgetItem(label, self.list)
            item.setData(Qt.ItemDataRole.UserRole, p.code)
            if not p.active:
                item.setForeground(Qt.GlobalColor.gray)
            if p.code == keep:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)

    def choose(self, code: str) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole) == code:
                self.list.setCurrentRow(i)
                return

    def _on_chosen(self, item: QListWidgetItem | None, _old: object = None) -> None:
        if item is None:
            return
        code = item.data(Qt.ItemDataRole.UserRole)
        self.is_new = False
        self._show(next((p for p in self.procedures if p.code == code), None))

    # --- the form ------------------------------------------------------------------------

    def _show(self, p: ProcedureInfo | None) -> None:
        self.current = p
        self.code.setReadOnly(not self.is_new)
        self.code.setText(p.code if p else "")
        self.name.setText(p.name if p else "")
        self.name.setCursorPosition(0)  # a long name shows its beginning
        self.field_code.setText(p.field_code if p else "")
        self.field_name.setText(p.field_name if p else "")
        self.level.setValue(p.level if p else 2)
        self.amount.setValue(float(p.processing.amount) if p else 1)
        self.unit.setCurrentIndex(UNITS.index(p.processing.unit) if p else 0)
        self.has_cutoff.setChecked(bool(p and p.cutoff))
        self.cutoff.setEnabled(bool(p and p.cutoff))
        cut = p.cutoff if p and p.cutoff else time(15, 0)
        self.cutoff.setTime(QTime(cut.hour, cut.minute))
        self.docs.setRowCount(0)
        self.fees.setRowCount(0)
        for d in p.documents if p else ():
            self._add_doc(d)
        for f in p.fees if p else ():
            self._add_fee(f)
        editing = p is not None or self.is_new
        for widget in (
            self.save_button,
            self.docs_group,
            self.fees_group,
            self.name,
            self.amount,
            self.unit,
        ):
            widget.setEnabled(editing)
        self.active_button.setEnabled(p is not None and not self.is_new)
        self._show_state()

    def _show_state(self) -> None:
        p = self.current
        if self.is_new:
            self.state_label.setText(self.tr("Thủ tục mới, chưa lưu"))
        elif p is None:
            self.state_label.setText(self.tr("Chọn một thủ tục ở danh sách bên trái"))
        else:
            self.state_label.setText(
                self.tr("Đang áp dụng") if p.active else self.tr("Ngừng áp dụng")
            )
        self.active_button.setText(
            self.tr("Áp dụng lại") if p is not None and not p.active else self.tr("Ngừng áp dụng")
        )

    def _add_doc(self, d: RequiredDocument) -> None:
        row = self.docs.rowCount()
        self.docs.insertRow(row)
        self.docs.setItem(row, 0, _editable(d.name, d.code))
        self.docs.setItem(row, 1, _editable(str(d.originals)))
        self.docs.setItem(row, 2, _editable(str(d.copies)))
        check = QTableWidgetItem()
        check.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
        check.setCheckState(Qt.CheckState.Checked if d.required else Qt.CheckState.Unchecked)
        self.docs.setItem(row, 3, check)

    def _add_fee(self, f: FeeItem) -> None:
        row = self.fees.rowCount()
        self.fees.insertRow(row)
        self.fees.setItem(row, 0, _editable(f.name, (f.code, f.collection)))
        self.fees.setItem(row, 1, _editable(str(f.amount)))

    def _remove_row(self, table: QTableWidget) -> None:
        row = table.currentRow()
        if row >= 0:
            table.removeRow(row)

    def start_new(self) -> None:
        self.list.setCurrentRow(-1)  # choosing the same procedure again must show it
        self.is_new = True
        self._show(None)
        self.code.setFocus()

    def edited(self) -> ProcedureInfo:
        """The procedure as the form shows it."""
        docs = []
        for row in range(self.docs.rowCount()):
            name_item = self.docs.item(row, 0)
            check = self.docs.item(row, 3)
            docs.append(
                RequiredDocument(
                    name_item.text() if name_item else "",
                    _int(self.docs, row, 1),
                    _int(self.docs, row, 2),
                    check is not None and check.checkState() == Qt.CheckState.Checked,
                    str(name_item.data(Qt.ItemDataRole.UserRole) or "") if name_item else "",
                )
            )
        fees = []
        for row in range(self.fees.rowCount()):
            name_item = self.fees.item(row, 0)
            code, collection = (
                name_item.data(Qt.ItemDataRole.UserRole) if name_item else None
            ) or ("", "cash")
            fees.append(
                FeeItem(
                    name_item.text() if name_item else "", _int(self.fees, row, 1), code, collection
                )
            )
        amount = self.amount.value()
        cut = self.cutoff.time()
        base = self.current if self.current is not None and not self.is_new else None
        info = ProcedureInfo(
            code=self.code.text(),
            name=self.name.text(),
            field_code=self.field_code.text(),
            field_name=self.field_name.text(),
            level=self.level.value(),
            processing=ProcessingTime(
                int(amount) if amount.is_integer() else amount, UNITS[self.unit.currentIndex()]
            ),
            cutoff=time(cut.hour(), cut.minute()) if self.has_cutoff.isChecked() else None,
            documents=tuple(docs),
            fees=tuple(fees),
            active=True,
        )
        return replace(info, active=base.active) if base is not None else info

    def save(self) -> None:
        info = self.edited()
        fn = add_procedure if self.is_new else update_procedure
        self.save_button.setEnabled(False)
        self.session.workers.write_op(
            partial(fn, self.session.ctx, procedure=info), owner=self
        ).then(self._on_saved, self._on_failed)

    def toggle_active(self) -> None:
        p = self.current
        if p is None:
            return
        self.session.workers.write_op(
            partial(set_procedure_active, self.session.ctx, code=p.code, active=not p.active),
            owner=self,
        ).then(self._on_saved, self._on_failed)

    def _on_saved(self, info: object) -> None:
        assert isinstance(info, ProcedureInfo)
        self.save_button.setEnabled(True)
        self.is_new = False
        self.banner.show_message(
            "success", self.tr("Đã lưu thủ tục {code}.").format(code=info.code)
        )
        self.current = info
        self.reload(keep=info.code)
        self._show(info)
        self.session.events.catalog_changed.emit()
        self.saved.emit(info)

    def _on_failed(self, exc: object) -> None:
        self.save_button.setEnabled(self.current is not None or self.is_new)
        self.banner.show_message("error", self.session.explain(exc))

    # --- language ------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.search.setPlaceholderText(self.tr("Tìm thủ tục theo tên hoặc mã"))
        # The keys are on the buttons; set after setText (which resets a button's shortcut).
        self.new_button.setText(self.tr("Thêm thủ tục mới (Ctrl+N)"))
        self.new_button.setShortcut(QKeySequence("Ctrl+N"))
        for label, text in zip(
            self.labels,
            (
                self.tr("Mã thủ tục:"),
                self.tr("Tên thủ tục:"),
                self.tr("Mã lĩnh vực:"),
                self.tr("Lĩnh vực:"),
                self.tr("Mức độ (2-4):"),
                self.tr("Thời hạn giải quyết:"),
                self.tr("Giờ chốt nhận:"),
                self.tr("Tình trạng:"),
            ),
            strict=True,
        ):
            label.setText(text)
        current = self.unit.currentIndex()
        self.unit.clear()
        self.unit.addItems(
            [self.tr("ngày làm việc"), self.tr("giờ làm việc"), self.tr("không có ngày hẹn cụ thể")]
        )
        self.unit.setCurrentIndex(max(current, 0))
        self.has_cutoff.setText(self.tr("Nhận sau giờ này tính từ ngày làm việc kế tiếp"))
        self.docs_group.setTitle(self.tr("Thành phần hồ sơ"))
        self.docs.setHorizontalHeaderLabels(
            [self.tr("Giấy tờ"), self.tr("Bản chính"), self.tr("Bản sao"), self.tr("Bắt buộc")]
        )
        self.doc_add.setText(self.tr("Thêm giấy tờ"))
        self.doc_remove.setText(self.tr("Bỏ dòng đang chọn"))
        self.fees_group.setTitle(self.tr("Phí, lệ phí"))
        self.fees.setHorizontalHeaderLabels([self.tr("Khoản thu"), self.tr("Số tiền (đồng)")])
        self.fee_add.setText(self.tr("Thêm khoản thu"))
        self.fee_remove.setText(self.tr("Bỏ dòng đang chọn"))
        self.save_button.setText(self.tr("Lưu thủ tục (Ctrl+S)"))
        self.save_button.setShortcut(QKeySequence("Ctrl+S"))
        self._show_state()
        self._filter()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class CalendarScreen(QWidget):
    """The overrides of one year; mark a day working or off (with its authority), or clear
    an override.

    Signals:
        changed(object): the CalendarDay after a change.
        listed(int): the overrides of the year were (re)loaded.
    """

    changed = Signal(object)
    listed = Signal(int)

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.days: list[CalendarDay] = []
        today = session.ctx.now().astimezone(VN_TZ).date()
        self.banner = Banner(self)
        self.year_label = QLabel(self)
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year)
        self.year.valueChanged.connect(lambda _y: self.reload())
        self.table = make_table(self, 5, 3)
        self.table.itemSelectionChanged.connect(self._on_selected)
        self.clear_button = QPushButton(self)
        self.clear_button.clicked.connect(self.clear_current)

        self._armed: tuple[date, bool, str] | None = None
        self.edit_group = QGroupBox(self)
        self.day = QDateEdit(self.edit_group)
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd/MM/yyyy")
        self.day.setDate(QDate(today.year, today.month, today.day))
        self.day.setMaximumWidth(160)
        self.off = QRadioButton(self.edit_group)
        self.working = QRadioButton(self.edit_group)
        self.off.setChecked(True)
        self.note = QLineEdit(self.edit_group)
        self.note.setMaxLength(300)
        self.note.returnPressed.connect(self.apply)
        self.set_button = QPushButton(self.edit_group)
        self.set_button.clicked.connect(self.apply)
        form = QFormLayout(self.edit_group)
        kind = QHBoxLayout()
        kind.addWidget(self.off)
        kind.addWidget(self.working)
        kind.addStretch(1)
        self.labels = [QLabel(self.edit_group) for _ in range(3)]
        for label, field in zip(self.labels, (self.day, kind, self.note), strict=True):
            form.addRow(label, field)  # type: ignore[call-overload]  # each field is a QWidget or a QLayout
        apply_row = QHBoxLayout()
        apply_row.addStretch(1)
        apply_row.addWidget(self.set_button)
        form.addRow(apply_row)

        top = QHBoxLayout()
        top.addWidget(self.year_label)
        top.addWidget(self.year)
        top.addStretch(1)
        top.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.edit_group)
        self.retranslate()
        self.reload()

    def reload(self) -> None:
        self._armed = None
        fn = partial(_year_days, self.session.ctx, self.year.value())
        self.session.workers.read_op(fn, owner=self).then(self._on_listed, self._on_failed)

    def _on_listed(self, days: object) -> None:
        self.days = list(days)  # type: ignore[call-overload]  # the worker result arrives untyped (Signal(object))
        self._fill()
        self.listed.emit(len(self.days))

    def _fill(self) -> None:
        self.table.setRowCount(len(self.days))
        for i, d in enumerate(self.days):
            self.table.setItem(i, 0, cell(fmt.day(d.day), d.day.isoformat()))
            self.table.setItem(i, 1, cell(self.tr("Làm việc") if d.working else self.tr("Nghỉ")))
            self.table.setItem(i, 2, cell(d.holiday_name or ""))
            self.table.setItem(i, 3, cell(d.note))
            source = (
                self.tr("Thành phố")
                if d.source == "hub"
                else self.tr("Tại quầy")
                if d.overridden
                else self.tr("Lịch chung")
            )
            self.table.setItem(i, 4, cell(source))
        self.clear_button.setEnabled(self._current_override() is not None)

    def current_day(self) -> date | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return None if item is None else date.fromisoformat(item.data(Qt.ItemDataRole.UserRole))

    def _current_override(self) -> date | None:
        day = self.current_day()
        return day if any(d.day == day and d.overridden for d in self.days) else None

    def _on_selected(self) -> None:
        day = self.current_day()
        self.clear_button.setEnabled(self._current_override() is not None)
        if day is not None:
            self.day.setDate(QDate(day.year, day.month, day.day))

    def set_day(self, day: date, working: bool, note: str) -> None:
        fn = partial(set_calendar_day, self.session.ctx, day=day, working=working, note=note)
        self.session.workers.write_op(fn, owner=self).then(self._on_changed, self._on_failed)

    def typed_day(self) -> date | None:
        """The date as typed, or None when the text is not a whole date: a QDateEdit keeps
        its last good value (today) while the text is half typed, and that value must
        never be saved in its place."""
        text = self.day.lineEdit().text().strip()
        parsed = QDate.fromString(text, self.day.displayFormat())
        if not parsed.isValid() or parsed != self.day.date():
            return None
        return date(parsed.year(), parsed.month(), parsed.day())

    def apply(self) -> None:
        """First press: say what will be saved (the weekday, the holiday) and ask for a
        second press; the second press saves. Changing anything asks again."""
        day = self.typed_day()
        if day is None:
            self._armed = None
            self.banner.show_message(
                "warning",
                self.tr(
                    "Ngày «{text}» chưa đúng dạng ngày/tháng/năm (ví dụ 02/09/2026): chưa lưu gì."
                ).format(text=self.day.lineEdit().text()),
            )
            self.day.setFocus()
            return
        choice = (day, self.working.isChecked(), self.note.text().strip())
        if self._armed != choice:
            self._armed = choice
            known = next((d for d in self.days if d.day == day), None)
            holiday = known.holiday_name if known is not None else None
            self.banner.show_message(
                "warning",
                self.tr(
                    "Tính {weekday} {day}{holiday} là {kind}? Nhấn «Lưu điều chỉnh» lần nữa "
                    "(hoặc Enter) để xác nhận."
                ).format(
                    weekday=_weekday(day),
                    day=fmt.day(day),
                    holiday=f" ({holiday})" if holiday else "",
                    kind=self.tr("ngày làm việc") if choice[1] else self.tr("ngày nghỉ"),
                ),
            )
            return
        self._armed = None
        self.set_day(day, choice[1], self.note.text())

    def clear_current(self) -> None:
        day = self._current_override()
        if day is not None:
            self.session.workers.write_op(
                partial(clear_calendar_day, self.session.ctx, day=day), owner=self
            ).then(self._on_changed, self._on_failed)

    def _on_changed(self, day: object) -> None:
        assert isinstance(day, CalendarDay)
        self.banner.show_message(
            "success",
            self.tr("Đã cập nhật ngày {day}: {kind}.").format(
                day=fmt.day(day.day), kind=self.tr("làm việc") if day.working else self.tr("nghỉ")
            ),
        )
        self.note.clear()
        if day.day.year != self.year.value():
            self.year.setValue(day.day.year)  # reloads
        else:
            self.reload()
        self.session.events.calendar_changed.emit()
        self.changed.emit(day)

    def _on_failed(self, exc: object) -> None:
        self.banner.show_message("error", self.session.explain(exc))

    def retranslate(self) -> None:
        self.year_label.setText(self.tr("Ngày lễ và ngày điều chỉnh của năm:"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Ngày"),
                self.tr("Tính là"),
                self.tr("Ngày lễ theo lịch chung"),
                self.tr("Căn cứ"),
                self.tr("Nguồn"),
            ]
        )
        self.clear_button.setText(self.tr("Bỏ điều chỉnh ngày đang chọn"))
        self.edit_group.setTitle(self.tr("Điều chỉnh một ngày"))
        for label, text in zip(
            self.labels, (self.tr("Ngày:"), self.tr("Tính là:"), self.tr("Căn cứ:")), strict=True
        ):
            label.setText(text)
        self.off.setText(self.tr("Ngày nghỉ"))
        self.working.setText(self.tr("Ngày làm việc (làm bù)"))
        self.note.setPlaceholderText(self.tr("Ví dụ: Quyết định số .../QĐ-UBND về hoán đổi ngày"))
        self.set_button.setText(self.tr("Lưu điều chỉnh"))
        self._fill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class AdminScreen(QTabWidget):
    """The supervisor's "Quản trị" tab: users, catalog, calendar."""

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.users = UsersScreen(session, self)
        self.catalog = CatalogScreen(session, self)
        self.calendar = CalendarScreen(session, self)
        self.ratings = UnhappyRatingsScreen(session, self)  # ui/ratings_screen.py
        for page in (self.users, self.catalog, self.calendar, self.ratings):
            self.addTab(page, "")
        self.retranslate()

    def retranslate(self) -> None:
        self.setTabText(0, self.tr("Người dùng"))
        self.setTabText(1, self.tr("Danh mục thủ tục"))
        self.setTabText(2, self.tr("Lịch ngày làm việc"))
        self.setTabText(3, self.tr("Ý kiến không hài lòng"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _year_days(ctx: DeskContext, year: int) -> list[CalendarDay]:
    """The days of ``year`` worth a row: the public holidays and every override."""
    days = calendar_days(ctx, date_from=date(year, 1, 1), date_to=date(year, 12, 31))
    return [d for d in days if d.overridden or d.holiday_name]


def _weekday(day: date) -> str:
    names = (
        QCoreApplication.translate("CalendarScreen", "thứ Hai"),
        QCoreApplication.translate("CalendarScreen", "thứ Ba"),
        QCoreApplication.translate("CalendarScreen", "thứ Tư"),
        QCoreApplication.translate("CalendarScreen", "thứ Năm"),
        QCoreApplication.translate("CalendarScreen", "thứ Sáu"),
        QCoreApplication.translate("CalendarScreen", "thứ Bảy"),
        QCoreApplication.translate("CalendarScreen", "Chủ nhật"),
    )
    return names[day.weekday()]
