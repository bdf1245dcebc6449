"""The volunteer's screen: record each citizen helped to submit a dossier online.

No official receipt is made here (the national portal makes it): the volunteer notes the
online dossier code (or why it could not be submitted), the procedure and, optionally, the
citizen's ID number. Today's records are listed below the form."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.dossier import VN_TZ
from app.domain.procedure import ProcedureInfo, rank_procedures
from app.services.catalog import find_procedures
from app.services.volunteer import (
    AssistOutcome,
    AssistRecord,
    list_assisted_submissions,
    record_assisted_submission,
)
from ui import format as fmt
from ui.banner import Banner
from ui.session import UiSession
from ui.tables import cell, make_table

CATALOG_LIMIT = 10_000


class ProcedurePicker(QWidget):
    """A search box over the catalog with its matches below (accents ignored), as at
    intake: type, ↑↓, Enter picks.

    Signals:
        picked(object): the ProcedureInfo chosen.
        loaded(int): the number of procedures known.
    """

    picked = Signal(object)
    loaded = Signal(int)

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.procedures: tuple[ProcedureInfo, ...] = ()
        self.procedure: ProcedureInfo | None = None
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self.pick)
        self.search.installEventFilter(self)
        self.matches = QListWidget(self)
        self.matches.setMaximumHeight(130)
        self.matches.setWordWrap(True)
        self.matches.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.matches.itemActivated.connect(lambda _i: self.pick())
        self.matches.itemDoubleClicked.connect(lambda _i: self.pick())
        self.chosen = QLabel(self)
        self.chosen.setWordWrap(True)
        self.chosen.setStyleSheet("font-weight:bold;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.matches)
        layout.addWidget(self.chosen)
        self.retranslate()
        self.reload()

    def reload(self) -> None:
        fn = partial(find_procedures, self.session.ctx, text="", limit=CATALOG_LIMIT)
        self.session.workers.read_op(fn, owner=self).then(self._on_loaded)

    def _on_loaded(self, procs: object) -> None:
        self.procedures = tuple(procs)  # type: ignore[arg-type]  # the worker result arrives untyped (Signal(object))
        self._filter()
        self.loaded.emit(len(self.procedures))

    def _filter(self, *_args: object) -> None:
        query = self.search.text().strip()
        found = rank_procedures(self.procedures, query)
        self.matches.clear()
        for p in found[:50]:
            item = QListWidgetItem(f"{p.name}  ·  {p.code}", self.matches)
            item.setData(Qt.ItemDataRole.UserRole, p.code)
        if self.matches.count() and query:  # never pick from an empty search
            self.matches.setCurrentRow(0)

    def pick(self) -> ProcedureInfo | None:
        item = self.matches.currentItem()
        if item is None:
            return None
        code = item.data(Qt.ItemDataRole.UserRole)
        self.procedure = next((p for p in self.procedures if p.code == code), None)
        self._show_chosen()
        if self.procedure is not None:
            self.picked.emit(self.procedure)
        return self.procedure

    def clear(self) -> None:
        self.procedure = None
        self.search.clear()
        self._show_chosen()

    def _show_chosen(self) -> None:
        self.chosen.setText(
            self.tr("Đã chọn: {name} ({code})").format(
                name=self.procedure.name, code=self.procedure.code
            )
            if self.procedure
            else self.tr("Chưa chọn thủ tục")
        )

    def eventFilter(self, watched: object, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]  # a KeyPress event is a QKeyEvent
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.matches.count():
                step = 1 if key == Qt.Key.Key_Down else -1
                row = min(max(self.matches.currentRow() + step, 0), self.matches.count() - 1)
                self.matches.setCurrentRow(row)
                return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]  # Qt only ever passes a QObject here

    def retranslate(self) -> None:
        self.search.setPlaceholderText(
            self.tr("Gõ một phần tên hoặc mã thủ tục (không dấu cũng được), ↑↓ để chọn, Enter")
        )
        self._show_chosen()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class VolunteerScreen(QWidget):
    """Records one assisted online submission at a time; lists today's.

    Signals:
        recorded(object): the AssistRecord just saved.
        listed(int): today's list was (re)loaded with this many records.
    """

    recorded = Signal(object)
    listed = Signal(int)

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.records: list[AssistRecord] = []
        self.saving = False
        self.banner = Banner(self)
        self.form_group = QGroupBox(self)
        self.picker = ProcedurePicker(session, self.form_group)
        session.events.catalog_changed.connect(self.picker.reload)
        self.picker.picked.connect(lambda _p: self.online_code.setFocus())
        self.submitted = QRadioButton(self.form_group)
        self.failed = QRadioButton(self.form_group)
        self.outcomes = QButtonGroup(self)
        self.outcomes.addButton(self.submitted)
        self.outcomes.addButton(self.failed)
        self.submitted.setChecked(True)
        self.submitted.toggled.connect(self._on_outcome)
        self.online_code: QLineEdit = QLineEdit(self.form_group)
        self.online_code.returnPressed.connect(self.save)
        self.reason = QLineEdit(self.form_group)
        self.reason.returnPressed.connect(self.save)
        self.citizen_id = QLineEdit(self.form_group)
        self.citizen_id.setMaxLength(12)
        self.citizen_id.returnPressed.connect(self.save)
        self.note = QLineEdit(self.form_group)
        self.note.returnPressed.connect(self.save)
        self.save_button = QPushButton(self.form_group)
        self.save_button.clicked.connect(self.save)
        outcome_row = QHBoxLayout()
        outcome_row.addWidget(self.submitted)
        outcome_row.addWidget(self.failed)
        outcome_row.addStretch(1)
        form = QFormLayout(self.form_group)
        self.labels = [QLabel(self.form_group) for _ in range(6)]
        for label, field in zip(
            self.labels,
            (self.picker, outcome_row, self.online_code, self.reason, self.citizen_id, self.note),
            strict=True,
        ):
            form.addRow(label, field)  # type: ignore[call-overload]  # each field is a QWidget or a QLayout
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        form.addRow(buttons)

        self.list_group = QGroupBox(self)
        self.table = make_table(self.list_group, 6, 2)
        self.count_label = QLabel(self.list_group)
        box = QVBoxLayout(self.list_group)
        box.addWidget(self.table, 1)
        box.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.form_group)
        layout.addWidget(self.list_group, 1)
        self.retranslate()
        self._on_outcome()
        self.reload()

    def focus_start(self) -> None:
        self.picker.search.setFocus(Qt.FocusReason.OtherFocusReason)

    def outcome(self) -> AssistOutcome:
        return AssistOutcome.SUBMITTED if self.submitted.isChecked() else AssistOutcome.FAILED

    def _on_outcome(self, *_args: object) -> None:
        ok = self.submitted.isChecked()
        self.online_code.setEnabled(ok)
        self.reason.setEnabled(not ok)

    def save(self) -> None:
        if self.saving:
            return
        if self.picker.procedure is None and self.picker.pick() is None:
            self.banner.show_message(
                "warning",
                self.tr("Chưa chọn thủ tục: gõ một phần tên hoặc mã thủ tục rồi nhấn Enter."),
            )
            self.picker.search.setFocus()
            return
        assert self.picker.procedure is not None
        outcome = self.outcome()
        fn = partial(
            record_assisted_submission,
            self.session.ctx,
            procedure_code=self.picker.procedure.code,
            outcome=outcome,
            online_code=self.online_code.text() if outcome is AssistOutcome.SUBMITTED else "",
            reason=self.reason.text() if outcome is AssistOutcome.FAILED else "",
            citizen_id=self.citizen_id.text(),
            note=self.note.text(),
        )
        self.saving = True
        self.save_button.setEnabled(False)
        self.session.workers.write_op(fn, owner=self).then(self._on_saved, self._on_failed)

    def _on_saved(self, record: object) -> None:
        assert isinstance(record, AssistRecord)
        self.saving = False
        self.save_button.setEnabled(True)
        what = record.online_code or record.reason
        self.banner.show_message(
            "success",
            self.tr("Đã ghi nhận: {proc} — {what}.").format(proc=record.procedure_name, what=what),
        )
        for widget in (self.online_code, self.reason, self.citizen_id, self.note):
            widget.clear()
        self.picker.clear()
        self.submitted.setChecked(True)
        self.focus_start()
        self.reload()
        self.recorded.emit(record)

    def _on_failed(self, exc: object) -> None:
        self.saving = False
        self.save_button.setEnabled(True)
        self.banner.show_message("error", self.session.explain(exc))

    def reload(self) -> None:
        today = self.session.ctx.now().astimezone(VN_TZ).date()
        fn = partial(list_assisted_submissions, self.session.ctx, date_from=today, date_to=today)
        self.session.workers.read_op(fn, owner=self).then(self._on_listed, self._on_failed)

    def _on_listed(self, records: object) -> None:
        self.records = list(records)  # type: ignore[call-overload]  # the worker result arrives untyped (Signal(object))
        self._fill()
        self.listed.emit(len(self.records))

    def _fill(self) -> None:
        lang = self.session.language
        self.table.setRowCount(len(self.records))
        for i, r in enumerate(self.records):
            self.table.setItem(i, 0, cell(fmt.when(r.at)))
            self.table.setItem(i, 1, cell(r.online_code or "—", r.id))
            self.table.setItem(i, 2, cell(r.procedure_name))
            self.table.setItem(i, 3, cell(lang.label(r.outcome)))
            self.table.setItem(i, 4, cell(r.reason))
            self.table.setItem(i, 5, cell(r.citizen_id))
        done = sum(r.outcome is AssistOutcome.SUBMITTED for r in self.records)
        self.count_label.setText(
            self.tr("Hôm nay: {n} lượt hỗ trợ, {k} hồ sơ đã nộp trực tuyến.").format(
                n=len(self.records), k=done
            )
        )

    def retranslate(self) -> None:
        self.form_group.setTitle(self.tr("Ghi nhận hỗ trợ nộp hồ sơ trực tuyến"))
        for label, text in zip(
            self.labels,
            (
                self.tr("Thủ tục:"),
                self.tr("Kết quả:"),
                self.tr("Mã hồ sơ trực tuyến:"),
                self.tr("Lý do chưa nộp được:"),
                self.tr("Số định danh (không bắt buộc):"),
                self.tr("Ghi chú:"),
            ),
            strict=True,
        ):
            label.setText(text)
        self.submitted.setText(self.tr("Đã nộp trực tuyến"))
        self.failed.setText(self.tr("Chưa nộp được"))
        self.online_code.setPlaceholderText(self.tr("Mã do Cổng dịch vụ công cấp"))
        self.reason.setPlaceholderText(self.tr("Ví dụ: thiếu bản quét giấy tờ, lỗi cổng"))
        self.citizen_id.setPlaceholderText(self.tr("12 chữ số (hoặc CMND 9 chữ số)"))
        self.save_button.setText(self.tr("Ghi nhận (Enter)"))
        self.list_group.setTitle(self.tr("Lượt hỗ trợ hôm nay"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Lúc"),
                self.tr("Mã hồ sơ trực tuyến"),
                self.tr("Thủ tục"),
                self.tr("Kết quả"),
                self.tr("Lý do"),
                self.tr("Số định danh"),
            ]
        )
        self._fill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
