"""The queue screen: search as you type and filter the dossiers, open one."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.dossier import Channel, Status
from ui.queue_model import QueueModel, QueueQuery
from ui.session import UiSession

DEBOUNCE_MS = 150


class QueueScreen(QWidget):
    """Search box, filters and the lazily loaded table of dossiers.

    Signals:
        open_requested(str): the clerk wants this dossier's detail.
    """

    open_requested = Signal(str)

    def __init__(
        self, session: UiSession, parent: QWidget | None = None, debounce_ms: int = DEBOUNCE_MS
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.model = QueueModel(session, self)
        self.model.page_loaded.connect(self._on_loaded)
        self.model.load_failed.connect(self._on_failed)
        session.events.dossier_changed.connect(self._on_dossiers_changed)
        session.events.dossiers_changed.connect(self._on_dossiers_changed)
        session.events.dossiers_pulled.connect(self._on_dossiers_changed)  # a sync round's

        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(380)
        self.search.textChanged.connect(self._schedule)
        self.search.returnPressed.connect(self._on_enter)
        self._open_single = False
        self.search.installEventFilter(self)
        self.status_box = QComboBox(self)
        self.channel_box = QComboBox(self)
        self.overdue_box = QCheckBox(self)
        self.due_today_box = QCheckBox(self)
        self.today_box = QCheckBox(self)
        self.undigitised_box = QCheckBox(self)
        self.undigitised_box.toggled.connect(self._apply_now)
        self.repeat_box = QCheckBox(self)  # the supervisor's list of second supplements
        self.repeat_box.toggled.connect(self._apply_now)
        for box in (self.status_box, self.channel_box):
            box.currentIndexChanged.connect(self._apply_now)
        for check in (self.overdue_box, self.due_today_box, self.today_box):
            check.toggled.connect(self._apply_now)
        self.count_label = QLabel(self)
        self.legend_overdue = QLabel(self)
        self.legend_overdue.setStyleSheet(
            "background:#f9d6d5; border:1px solid #e3a3a0; padding:1px 6px;"
        )
        self.legend_soon = QLabel(self)
        self.legend_soon.setStyleSheet(
            "background:#fff0c2; border:1px solid #e3c770; padding:1px 6px;"
        )
        self.open_button = QPushButton(self)
        self.open_button.clicked.connect(self.open_current)

        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        for column, width in enumerate((215, 170, 112, 300, 140, 150, 120, 120)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._open_index)
        self.table.doubleClicked.connect(self._open_index)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self._apply_now)

        top = QHBoxLayout()
        self.search_label = QLabel(self)
        self.search_label.setBuddy(self.search)
        top.addWidget(self.search_label)
        top.addWidget(self.search, 2)
        self.status_label = QLabel(self)
        top.addWidget(self.status_label)
        top.addWidget(self.status_box, 1)
        self.channel_label = QLabel(self)
        top.addWidget(self.channel_label)
        top.addWidget(self.channel_box)
        checks = QHBoxLayout()
        checks.addWidget(self.overdue_box)
        checks.addWidget(self.due_today_box)
        checks.addWidget(self.today_box)
        checks.addWidget(self.undigitised_box)
        checks.addWidget(self.repeat_box)
        checks.addStretch(1)
        checks.addWidget(self.legend_overdue)
        checks.addWidget(self.legend_soon)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(checks)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.retranslate()

    # --- querying ------------------------------------------------------------------------

    def current_query(self) -> QueueQuery:
        return QueueQuery(
            search=self.search.text().strip(),
            status=self.status_box.currentData(),
            channel=self.channel_box.currentData(),
            overdue=self.overdue_box.isChecked(),
            due_today=self.due_today_box.isChecked(),
            today=self.today_box.isChecked(),
            undigitised=self.undigitised_box.isChecked(),
            repeat_supplement=self.repeat_box.isChecked(),
        )

    def _schedule(self) -> None:
        self._timer.start()  # restarts: the query runs 150 ms after the last keystroke

    def _apply_now(self) -> None:
        self._timer.stop()
        self.model.set_query(self.current_query())

    def _on_enter(self) -> None:
        # A scan (receipt QR, ID card, hand-over list) or a code ends with Enter: the search
        # runs now and a single result opens. The text stays selected for the next scan.
        self._open_single = True
        self._apply_now()
        self.search.selectAll()

    def refresh(self) -> None:
        self._apply_now()

    def _on_dossiers_changed(self, _code: str = "") -> None:
        self.refresh()  # a save, a move or a hand-over elsewhere: show it here too

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _on_loaded(self, count: int) -> None:
        more = self.tr(" (cuộn xuống để tải thêm)") if not self.model.exhausted else ""
        self.count_label.setText(self.tr("Đang hiển thị {n} hồ sơ").format(n=count) + more)
        if count and not self.table.currentIndex().isValid():
            self.table.selectRow(0)
        if self._open_single:
            self._open_single = False
            code = self.model.code_at(0) if count == 1 and self.model.exhausted else None
            if code:
                self.open_requested.emit(code)

    def _on_failed(self, message: str) -> None:
        self._open_single = False
        self.count_label.setText(message)

    # --- opening -------------------------------------------------------------------------

    def current_code(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.code_at(index.row()) if index.isValid() else None

    def open_current(self) -> None:
        code = self.current_code()
        if code:
            self.open_requested.emit(code)

    def _open_index(self, index: QModelIndex) -> None:
        code = self.model.code_at(index.row())
        if code:
            self.open_requested.emit(code)

    def eventFilter(self, watched: object, event: QEvent) -> bool:
        # Down from the search box goes to the results, so the keyboard never leaves.
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            if event.key() == Qt.Key.Key_Down and self.model.rowCount():  # type: ignore[attr-defined]  # a KeyPress event is a QKeyEvent
                self.table.setFocus()
                if not self.table.currentIndex().isValid():
                    self.table.selectRow(0)
                return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]  # Qt only ever passes a QObject here

    # --- language ------------------------------------------------------------------------

    def retranslate(self) -> None:
        lang = self.session.language
        self.search_label.setText(self.tr("Tì&m:"))  # Alt+T is the Tệp menu
        self.search.setPlaceholderText(
            self.tr(
                "Quét mã QR (biên nhận, thẻ căn cước, danh sách bàn giao) hoặc gõ mã hồ sơ "
                "(1001, 261201-1001), họ tên hay tên (không dấu), số định danh hoặc các số "
                "cuối; Enter mở hồ sơ"
            )
        )
        self.status_label.setText(self.tr("Trạng thái:"))
        self.channel_label.setText(self.tr("Kênh:"))
        for box, items, everything in (
            (self.status_box, list(Status), self.tr("Tất cả trạng thái")),
            (self.channel_box, list(Channel), self.tr("Tất cả kênh")),
        ):
            current = box.currentIndex()
            box.blockSignals(True)
            box.clear()
            box.addItem(everything, None)
            for item in items:
                box.addItem(lang.label(item), item)
            box.setCurrentIndex(max(current, 0))
            box.blockSignals(False)
        self.overdue_box.setText(self.tr("Quá hạn"))
        self.undigitised_box.setText(self.tr("Chưa số hóa"))
        self.repeat_box.setText(self.tr("Bổ sung lần 2 trở lên"))
        self.repeat_box.setToolTip(
            self.tr("Hồ sơ đã yêu cầu bổ sung từ hai lần: chỉ số 766 tính là quá hạn.")
        )
        self.due_today_box.setText(self.tr("Đến hạn hôm nay"))
        self.today_box.setText(self.tr("Tiếp nhận hôm nay"))
        self.legend_overdue.setText(self.tr("Quá hạn"))
        self.legend_soon.setText(self.tr("Sắp đến hạn"))
        self.open_button.setText(self.tr("Xem chi tiết (Enter)"))
        self.model.retranslate()
        self._on_loaded(self.model.rowCount())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
