"""The supervisor's 766 scorecard: per month, quarter or year of a date range, a table per
group (points, maximum, ratio, threshold, formula, source), every figure labelled an
estimate; and the dossiers that cost points, per reason, each opened with Enter.

Built in the read lane (``build_scorecards``, ``index_drill``); the Excel copy is written in
the write lane. The rules and their wording live in app/domain/index766.py."""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path

from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.dossier import VN_TZ, Status
from app.domain.index766 import GROUPS, REASON_LABELS, Period, Reason, Scorecard
from app.services.index766 import Drill, build_scorecards, index_drill, write_scorecard_xlsx
from ui import format as fmt
from ui.banner import Banner
from ui.filedialog import save_dialog
from ui.session import UiSession
from ui.tables import cell, make_table

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(d: QDate) -> date:
    return date(d.year(), d.month(), d.day())


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:g}".replace(".", ",")


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f} %".replace(".", ",")


class ScorecardScreen(QWidget):
    """The 766 scorecard of a date range (default: this year to today).

    Signals:
        built(object): the tuple of Scorecards shown.
        drilled(object): the Drill shown.
        exported(str): the path of the Excel file just written.
        open_requested(str): the supervisor wants this dossier's detail.
    """

    built = Signal(object)
    drilled = Signal(object)
    exported = Signal(str)
    open_requested = Signal(str)

    COLUMNS = 9

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.cards: tuple[Scorecard, ...] = ()
        self.busy = False
        self._drill: Drill | None = None
        self.file_dialog: object = None
        today = session.ctx.now().astimezone(VN_TZ).date()
        self.from_label = QLabel(self)
        self.date_from = QDateEdit(_qdate(today.replace(month=1, day=1)), self)
        self.to_label = QLabel(self)
        self.date_to = QDateEdit(_qdate(today), self)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        self.period_label = QLabel(self)
        self.period = QComboBox(self)
        for p in Period:
            self.period.addItem("", p)
        self.period.setCurrentIndex(list(Period).index(Period.YEAR))
        self.build_button = QPushButton(self)
        self.build_button.clicked.connect(self.build)
        self.xlsx_button = QPushButton(self)
        self.xlsx_button.clicked.connect(self.ask_export)
        self.shown_label = QLabel(self)
        self.shown = QComboBox(self)  # which period's card is on screen
        self.shown.currentIndexChanged.connect(self._show)
        top = QHBoxLayout()
        for widget in (
            self.from_label,
            self.date_from,
            self.to_label,
            self.date_to,
            self.period_label,
            self.period,
            self.build_button,
        ):
            top.addWidget(widget)
        top.addSpacing(12)
        top.addWidget(self.shown_label)
        top.addWidget(self.shown)
        top.addStretch(1)
        top.addWidget(self.xlsx_button)
        self.banner = Banner(self)
        self.total = QLabel(self)
        self.total.setObjectName("scorecard_total")
        self.total.setStyleSheet("font-weight:bold;")
        self.total.setWordWrap(True)

        self.group_boxes: dict[str, QGroupBox] = {}
        self.group_tables: dict[str, QTableWidget] = {}
        inner = QWidget(self)
        column = QVBoxLayout(inner)
        column.setContentsMargins(0, 0, 0, 0)
        for group in GROUPS:
            box = QGroupBox(inner)
            # The formula takes the width left (elided; its tooltip holds all of it), so
            # that no scroll bar hides the last row.
            table = make_table(box, self.COLUMNS, self.COLUMNS - 1)
            table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            lay = QVBoxLayout(box)
            lay.setContentsMargins(4, 2, 4, 4)
            lay.addWidget(table)
            column.addWidget(box)
            self.group_boxes[group.value] = box
            self.group_tables[group.value] = table
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)

        drill_box = QWidget(self)
        self.reason_label = QLabel(drill_box)
        self.reason = QComboBox(drill_box)
        for r in Reason:
            self.reason.addItem("", r)
        self.reason.currentIndexChanged.connect(self.drill)
        self.drill_count = QLabel(drill_box)
        self.drill_count.setWordWrap(True)
        self.drill_table = make_table(drill_box, 4, 3)
        self.drill_table.doubleClicked.connect(self._open)
        self.drill_table.activated.connect(self._open)
        reason_row = QHBoxLayout()
        reason_row.addWidget(self.reason_label)
        reason_row.addWidget(self.reason, 1)
        right = QVBoxLayout(drill_box)
        right.setContentsMargins(0, 0, 0, 0)
        right.addLayout(reason_row)
        right.addWidget(self.drill_count)
        right.addWidget(self.drill_table, 1)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(scroll)
        split.addWidget(drill_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([900, 420])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.total)
        layout.addWidget(split, 1)
        self.retranslate()
        self._set_busy(False)

    # --- building ------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.cards and not self.busy:
            self.build()

    def set_range(self, date_from: date, date_to: date, period: Period) -> None:
        self.date_from.setDate(_qdate(date_from))
        self.date_to.setDate(_qdate(date_to))
        self.period.setCurrentIndex(list(Period).index(period))

    def _range(self) -> tuple[date, date]:
        return _pydate(self.date_from.date()), _pydate(self.date_to.date())

    def build(self) -> None:
        """The scorecards of the chosen range, and the drill-down of the chosen reason."""
        if self.busy:
            return
        start, end = self._range()
        if end < start:
            self.banner.show_message("warning", self.tr("Ngày kết thúc phải sau ngày bắt đầu."))
            return
        self._set_busy(True)
        self.banner.show_message("info", self.tr("Đang tính chỉ số…"))
        period = Period(self.period.currentData())
        fn = partial(
            build_scorecards, self.session.ctx, date_from=start, date_to=end, period=period
        )
        self.session.workers.read_op(fn, owner=self).then(self._on_built, self._on_failed)
        self.drill()

    def drill(self) -> None:
        start, end = self._range()
        if end < start:
            return
        reason = Reason(self.reason.currentData())
        fn = partial(index_drill, self.session.ctx, date_from=start, date_to=end, reason=reason)
        self.session.workers.read_op(fn, owner=self).then(self._on_drilled, self._on_failed)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.build_button.setEnabled(not busy)
        self.xlsx_button.setEnabled(not busy and bool(self.cards))

    def _on_built(self, cards: object) -> None:
        assert isinstance(cards, tuple)
        self.cards = cards
        self._set_busy(False)
        self.banner.clear()
        self.shown.blockSignals(True)
        self.shown.clear()
        for card in cards:
            self.shown.addItem(card.label)
        self.shown.setCurrentIndex(len(cards) - 1)
        self.shown.blockSignals(False)
        self._show()
        self.built.emit(cards)

    def _on_drilled(self, drill: object) -> None:
        assert isinstance(drill, Drill)
        self._drill = drill
        self._show_drill()
        self.drilled.emit(drill)

    def _on_failed(self, exc: object) -> None:
        self._set_busy(False)
        self.banner.show_message("error", self.session.explain(exc))

    # --- showing -------------------------------------------------------------------------

    def card(self) -> Scorecard | None:
        i = self.shown.currentIndex()
        return self.cards[i] if 0 <= i < len(self.cards) else None

    def _show(self) -> None:
        card = self.card()
        if card is None:
            return
        self.total.setText(
            self.tr(
                "Kỳ {label} ({start} – {end}), ước tính từ dữ liệu tại quầy: {points} / {measured}"
                " điểm đo được tại đây (trên 100); {received} hồ sơ tiếp nhận. Điểm chính thức do"
                " Cổng Dịch vụ công quốc gia tính."
            ).format(
                label=card.label,
                start=f"{card.date_from:%d/%m/%Y}",
                end=f"{card.date_to:%d/%m/%Y}",
                points=_num(card.points),
                measured=_num(card.measured_max),
                received=card.counts.received,
            )
        )
        for g in card.groups:
            box = self.group_boxes[g.group.value]
            box.setTitle(
                self.tr("{title}: {points} / {max} điểm (ước tính)").format(
                    title=g.title, points=_num(g.points), max=_num(g.max_points)
                )
            )
            table = self.group_tables[g.group.value]
            table.setRowCount(len(g.indicators))
            for row, i in enumerate(g.indicators):
                r = i.rule
                if not r.measured:
                    note = self.tr("không đo được tại đây")
                elif i.ratio is None:
                    note = self.tr("N/A (mẫu số 0)")
                elif r.max_points is None:
                    note = self.tr("chưa rõ điểm tối đa")
                else:
                    note = self.tr("ước tính")
                ratio = (
                    "—" if i.ratio is None else f"{_pct(i.ratio)} ({i.numerator}/{i.denominator})"
                )
                values = (
                    r.code,
                    r.title,
                    _num(i.points),
                    _num(r.max_points),
                    ratio,
                    _pct(r.full_at),
                    note,
                    f"{r.source.split(' ')[1]} {r.confidence}",  # "§4 M": the tooltip has all
                    r.formula,
                )
                for col, text in enumerate(values):
                    item = cell(text)
                    if col in (2, 3, 4, 5):
                        item.setTextAlignment(_RIGHT)
                    if col in (1, 6, 7, 8):
                        item.setToolTip(f"{r.formula}\n{r.source} ({r.confidence})")
                    table.setItem(row, col, item)
            height = table.horizontalHeader().height() + 26 * len(g.indicators) + 4
            table.setFixedHeight(height)

    def _show_drill(self) -> None:
        drill = self._drill
        if drill is None:
            return
        self.drill_count.setText(
            self.tr("{count} hồ sơ; hiện {shown} (Enter để mở hồ sơ)").format(
                count=drill.count, shown=len(drill.rows)
            )
        )
        self.drill_table.setRowCount(len(drill.rows))
        for i, d in enumerate(drill.rows):
            self.drill_table.setItem(i, 0, cell(d.code, d.code))
            self.drill_table.setItem(i, 1, cell(fmt.when(d.appointment_at)))
            self.drill_table.setItem(i, 2, cell(self.session.language.label(Status(d.status))))
            self.drill_table.setItem(i, 3, cell(d.applicant_name))

    def _open(self, index: object) -> None:
        row = index.row()  # type: ignore[attr-defined]  # the index is a QModelIndex
        item = self.drill_table.item(row, 0)
        if item is not None:
            self.open_requested.emit(str(item.data(Qt.ItemDataRole.UserRole)))

    # --- exporting -----------------------------------------------------------------------

    def ask_export(self) -> None:
        if not self.cards:
            return
        start, end = self._range()
        name = f"chi-so-766-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"
        self.file_dialog = save_dialog(
            self,
            self.tr("Xuất bảng điểm 766"),
            self.session.ctx.output_dir,
            name,
            self.tr("Bảng tính Excel (*.xlsx)"),
            self.export_to,
        )

    def export_to(self, path: Path) -> None:
        """Write the shown scorecards to ``path`` in the write lane."""
        if path.suffix.lower() != ".xlsx":
            path = path.with_suffix(".xlsx")
        fn = partial(write_scorecard_xlsx, self.session.ctx, cards=self.cards, out=path)
        self.session.workers.write_op(fn, owner=self).then(self._on_exported, self._on_failed)

    def _on_exported(self, path: object) -> None:
        self.banner.show_message("info", self.tr("Đã ghi tệp {path}").format(path=path))
        self.exported.emit(str(path))

    # --- language ------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.from_label.setText(self.tr("Từ ngày"))
        self.to_label.setText(self.tr("đến"))
        self.period_label.setText(self.tr("Theo"))
        names = {
            Period.MONTH: self.tr("tháng"),
            Period.QUARTER: self.tr("quý"),
            Period.YEAR: self.tr("năm"),
        }
        for i, p in enumerate(Period):
            self.period.setItemText(i, names[p])
        self.build_button.setText(self.tr("Tính chỉ số"))
        self.xlsx_button.setText(self.tr("Xuất Excel…"))
        self.shown_label.setText(self.tr("Kỳ:"))
        self.reason_label.setText(self.tr("Hồ sơ làm mất điểm:"))
        english = self.session.language.code == "en"
        for i, r in enumerate(Reason):
            self.reason.setItemText(i, REASON_LABELS[r][1 if english else 0])
        headers = [
            self.tr("Mã"),
            self.tr("Chỉ số"),
            self.tr("Điểm"),
            self.tr("Tối đa"),
            self.tr("Tỷ lệ"),
            self.tr("Ngưỡng đạt"),
            self.tr("Ghi chú"),
            self.tr("Nguồn"),
            self.tr("Công thức"),
        ]
        for table in self.group_tables.values():
            table.setHorizontalHeaderLabels(headers)
        self.drill_table.setHorizontalHeaderLabels(
            [self.tr("Mã hồ sơ"), self.tr("Hẹn trả"), self.tr("Trạng thái"), self.tr("Người nộp")]
        )
        if self.cards:
            self._show()
        self._show_drill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
