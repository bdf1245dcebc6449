"""The supervisor's list of "not satisfied" answers to act on (a tab of "Quản trị"): each
with the dossier's code, the clerk, the reason and the citizen's words; the supervisor
writes what was done and the answer leaves the open list."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
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

from app.domain.dossier import clock_text
from app.domain.ratings import RatingRecord, reason_label
from app.services.ratings import list_ratings, mark_handled, rating_summary
from ui.banner import Banner
from ui.session import UiSession


class HandledNoteDialog(QDialog):
    """What the supervisor did about one answer.

    Signals:
        noted(str): the note, when confirmed.
    """

    noted = Signal(str)

    def __init__(self, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Xử lý ý kiến không hài lòng"))
        self.label = QLabel(self.tr("Hồ sơ {code}: việc đã làm").format(code=code), self)
        self.note = QLineEdit(self)
        self.note.setMaxLength(500)
        buttons = QDialogButtonBox(self)
        self.ok = buttons.addButton(self.tr("Ghi đã xử lý"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(lambda: self.noted.emit(self.note.text()))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.note)
        layout.addWidget(buttons)


class UnhappyRatingsScreen(QWidget):
    """The "not satisfied" answers, open ones first; handled ones on request."""

    COLUMNS = 6

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.rows: list[RatingRecord] = []
        self.note_dialog: HandledNoteDialog | None = None
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.show_handled = QCheckBox(self)
        self.show_handled.toggled.connect(lambda _on: self.reload())
        self.refresh_button = QPushButton(self)
        self.refresh_button.clicked.connect(self.reload)
        self.handle_button = QPushButton(self)
        self.handle_button.clicked.connect(self.handle_current)
        self.table = QTableWidget(0, self.COLUMNS, self)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.banner = Banner(self)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.show_handled)
        top.addWidget(self.refresh_button)
        top.addWidget(self.handle_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.table, 1)
        self.retranslate()
        self.reload()

    def reload(self) -> None:
        ctx = self.session.ctx
        open_only = not self.show_handled.isChecked()
        workers = self.session.workers
        workers.read_op(
            partial(list_ratings, ctx, unhappy_only=True, open_only=open_only), owner=self
        ).then(self._show, lambda exc: self.banner.show_message("error", self.session.explain(exc)))
        workers.read_op(partial(rating_summary, ctx), owner=self).then(
            lambda s: self._show_summary(s.counts)
        )

    def _show_summary(self, counts: object) -> None:
        from app.domain.ratings import RatingCounts

        assert isinstance(counts, RatingCounts)
        share = counts.satisfied_share
        self.summary.setText(
            self.tr(
                "Tất cả đánh giá: {total} — rất hài lòng {very}, hài lòng {ok}, không hài lòng "
                "{bad} (chưa xử lý {open}); tỷ lệ hài lòng {share}"
            ).format(
                total=counts.total,
                very=counts.very_satisfied,
                ok=counts.satisfied,
                bad=counts.unhappy,
                open=counts.unhappy_open,
                share="—" if share is None else f"{share:.1%}",
            )
        )

    def _show(self, rows: list[RatingRecord]) -> None:
        self.rows = sorted(rows, key=lambda r: (r.handled_at is not None, -r.rated_at.timestamp()))
        lang = self.session.lang
        self.table.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            handled = (
                f"{clock_text(r.handled_at)} {r.handled_by}: {r.handled_note}"
                if r.handled_at
                else ""
            )
            cells = (
                clock_text(r.rated_at),
                r.dossier_code,
                r.clerk_name or r.clerk,
                reason_label(r.reason, lang) if r.reason else "—",
                r.note,
                handled,
            )
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, r.id)
                self.table.setItem(i, j, item)
        self.table.resizeColumnsToContents()
        self._update_buttons()

    def current(self) -> RatingRecord | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def _update_buttons(self) -> None:
        r = self.current()
        self.handle_button.setEnabled(r is not None and r.handled_at is None)

    def handle_current(self) -> HandledNoteDialog | None:
        r = self.current()
        if r is None or r.handled_at is not None:
            return None
        dialog = HandledNoteDialog(r.dossier_code, self)
        dialog.noted.connect(partial(self._save_note, r.id, dialog))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.note_dialog = dialog
        dialog.open()
        return dialog

    def _save_note(self, rating_id: int, dialog: HandledNoteDialog, note: str) -> None:
        self.session.workers.write_op(
            partial(mark_handled, self.session.ctx, rating_id=rating_id, note=note), owner=self
        ).then(
            lambda _r: self._on_handled(dialog),
            lambda exc: self.banner.show_message("error", self.session.explain(exc)),
        )

    def _on_handled(self, dialog: HandledNoteDialog) -> None:
        dialog.accept()
        self.note_dialog = None
        self.banner.show_message("success", self.tr("Đã ghi việc xử lý."))
        self.reload()

    def retranslate(self) -> None:
        self.show_handled.setText(self.tr("Cả ý kiến đã xử lý"))
        self.refresh_button.setText(self.tr("Làm mới"))
        self.handle_button.setText(self.tr("Ghi đã xử lý…"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Thời điểm"),
                self.tr("Mã hồ sơ"),
                self.tr("Cán bộ"),
                self.tr("Lý do"),
                self.tr("Lời người dân"),
                self.tr("Đã xử lý"),
            ]
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
