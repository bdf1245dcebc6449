"""The supervisor's dashboard: the figures of a date range, two charts, the tables per
procedure and per clerk, the overdue dossiers, and the CSV / XLSX export.

The report is built in the read lane (``build_report``); exporting writes the file and its
audit row in the write lane. The GUI thread only shows what comes back."""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import QDate, QEvent, QMargins, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QShowEvent
from PySide6.QtWidgets import (
    QDateEdit,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.dossier import VN_TZ, Channel
from app.services.ratings import RatingSummary, rating_summary
from app.services.report_export import write_report_csv, write_report_xlsx
from app.services.reports import BreakdownLine, Report, build_report
from ui import format as fmt
from ui.banner import Banner
from ui.filedialog import save_dialog
from ui.session import UiSession
from ui.tables import cell, make_table

CHANNEL_COLOURS = {Channel.DIRECT: "#2f6db5", Channel.ONLINE: "#2e9d5b", Channel.POST: "#d98a1c"}
TIMELY_COLOURS = ("#2e9d5b", "#2f6db5", "#c0392b")


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} %".replace(".", ",")


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(d: QDate) -> date:
    return date(d.year(), d.month(), d.day())


class ReportsScreen(QWidget):
    """The dashboard of one date range (default: this month).

    Signals:
        built(object): the Report shown.
        exported(str): the path of a file just exported.
        open_requested(str): the supervisor wants this overdue dossier's detail.
    """

    built = Signal(object)
    exported = Signal(str)
    open_requested = Signal(str)

    # The figures, in their order on screen.
    FIGURES = (
        "total",
        "direct",
        "online",
        "post",
        "online_rate",
        "assisted",
        "payment_rate",
        "resolved",
        "early",
        "on_time",
        "late",
        "on_time_rate",
        "in_processing",
        "overdue",
        "digitised",
        "digitised_rate",
        "reused",
        "e_results",
        "ratings",
        "satisfied_rate",
    )

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.report: Report | None = None
        self.busy = False
        today = session.ctx.now().astimezone(VN_TZ).date()
        self.from_label = QLabel(self)
        self.date_from = QDateEdit(_qdate(today.replace(day=1)), self)
        self.to_label = QLabel(self)
        self.date_to = QDateEdit(_qdate(today), self)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        self.build_button = QPushButton(self)
        self.build_button.clicked.connect(self.build)
        self.csv_button = QPushButton(self)
        self.csv_button.clicked.connect(lambda: self.ask_export("csv"))
        self.xlsx_button = QPushButton(self)
        self.xlsx_button.clicked.connect(lambda: self.ask_export("xlsx"))
        self.generated = QLabel(self)
        self.generated.setStyleSheet("color:#555;")
        top = QHBoxLayout()
        for widget in (
            self.from_label,
            self.date_from,
            self.to_label,
            self.date_to,
            self.build_button,
        ):
            top.addWidget(widget)
        top.addSpacing(12)
        top.addWidget(self.generated, 1)
        top.addWidget(self.csv_button)
        top.addWidget(self.xlsx_button)
        self.banner = Banner(self)

        self.figures_group = QGroupBox(self)
        grid = QGridLayout(self.figures_group)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(4)
        self.figure_names: dict[str, QLabel] = {}
        self.figure_values: dict[str, QLabel] = {}
        for i, key in enumerate(self.FIGURES):
            name = QLabel(self.figures_group)
            value = QLabel("—", self.figures_group)
            value.setObjectName(f"figure_{key}")
            value.setStyleSheet("font-weight:bold;")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(name, i % 7, (i // 7) * 2)
            grid.addWidget(value, i % 7, (i // 7) * 2 + 1)
            self.figure_names[key] = name
            self.figure_values[key] = value
        # The ratings' breakdown is the one long value: it wraps rather than widen the
        # window past the counter's 1366 px (tests/ui/test_layout_fit.py).
        self.figure_values["ratings"].setWordWrap(True)
        self.figure_values["ratings"].setMinimumWidth(180)

        self.channel_chart = QChart()
        self.timely_chart = QChart()
        self.channel_view = QChartView(self.channel_chart, self)
        self.timely_view = QChartView(self.timely_chart, self)
        for chart, view in (
            (self.channel_chart, self.channel_view),
            (self.timely_chart, self.timely_view),
        ):
            chart.setMargins(QMargins(4, 4, 4, 4))
            chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
            chart.setBackgroundRoundness(0)
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumSize(220, 220)
        upper = QHBoxLayout()
        upper.addWidget(self.figures_group, 4)
        upper.addWidget(self.channel_view, 3)
        upper.addWidget(self.timely_view, 3)

        self.tables = QTabWidget(self)
        self.by_procedure = make_table(self, 8, 1)
        self.by_clerk = make_table(self, 8, 1)
        self.overdue = make_table(self, 6, 3)
        self.overdue.doubleClicked.connect(self._open_overdue)
        self.overdue.activated.connect(self._open_overdue)
        for table in (self.by_procedure, self.by_clerk, self.overdue):
            self.tables.addTab(table, "")
        from ui.report_bodies import RoutedTable  # received for / from other bodies (issue 18)

        self.routed = RoutedTable(self)
        self.tables.addTab(self.routed, "")

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addLayout(upper)
        layout.addWidget(self.tables, 1)
        self.retranslate()
        self._set_busy(False)

    # --- building ------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.report is None and not self.busy:
            self.build()  # the first look shows this month at once

    def set_range(self, date_from: date, date_to: date) -> None:
        self.date_from.setDate(_qdate(date_from))
        self.date_to.setDate(_qdate(date_to))

    def build(self) -> None:
        """Build the report of the chosen range in the read lane."""
        if self.busy:
            return
        start, end = _pydate(self.date_from.date()), _pydate(self.date_to.date())
        if end < start:
            self.banner.show_message("warning", self.tr("Ngày kết thúc phải sau ngày bắt đầu."))
            return
        self._set_busy(True)
        self.banner.show_message("info", self.tr("Đang lập báo cáo…"))
        fn = partial(build_report, self.session.ctx, date_from=start, date_to=end)
        self.session.workers.read_op(fn, owner=self).then(self._on_built, self._on_failed)
        # The citizens' ratings of the same days (app/services/ratings.py).
        rated = partial(rating_summary, self.session.ctx, date_from=start, date_to=end)
        self.session.workers.read_op(rated, owner=self).then(self._show_ratings)

    def _show_ratings(self, summary: RatingSummary) -> None:
        c = summary.counts
        self.figure_values["ratings"].setText(
            self.tr("{total} (rất hài lòng {very}, hài lòng {ok}, không hài lòng {bad})").format(
                total=c.total, very=c.very_satisfied, ok=c.satisfied, bad=c.unhappy
            )
        )
        share = c.satisfied_share
        self.figure_values["satisfied_rate"].setText(
            percent(None if share is None else share * 100)
        )

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.build_button.setEnabled(not busy)
        for button in (self.csv_button, self.xlsx_button):
            button.setEnabled(not busy and self.report is not None)

    def _on_built(self, report: object) -> None:
        assert isinstance(report, Report)
        self.report = report
        self._set_busy(False)
        self.banner.clear()
        self._show()
        self.built.emit(report)

    def _on_failed(self, exc: object) -> None:
        self._set_busy(False)
        self.banner.show_message("error", self.session.explain(exc))

    # --- showing -------------------------------------------------------------------------

    def figure(self, key: str) -> str:
        return self.figure_values[key].text()

    def _show(self) -> None:
        r = self.report
        if r is None:
            return
        self.generated.setText(self.tr("Lập lúc {at}").format(at=fmt.when(r.generated_at)))

        def share(channel: Channel) -> str:
            line = next((c for c in r.by_channel if c.channel == channel), None)
            n, pct = (line.count, line.percent) if line else (0, 0.0)
            return f"{n} ({percent(pct)})"

        values = {
            "total": str(r.total),
            "direct": share(Channel.DIRECT),
            "online": share(Channel.ONLINE),
            "post": share(Channel.POST),
            "resolved": str(r.resolved),
            "early": str(r.early),
            "on_time": str(r.on_time),
            "late": str(r.late),
            "on_time_rate": percent(r.on_time_rate),
            "in_processing": str(r.in_processing),
            "overdue": str(r.in_processing_overdue),
            "online_rate": percent(r.online_rate),
            "assisted": str(r.assisted_online),
            "payment_rate": percent(r.online_payment_rate),
            "digitised": str(r.digitised),
            "digitised_rate": percent(r.digitised_rate),
            "reused": str(r.reused),
            "e_results": f"{r.e_results} ({percent(r.e_result_rate)})",
        }
        for key, text in values.items():
            self.figure_values[key].setText(text)
        self._draw_charts(r)
        self._fill_breakdown(self.by_procedure, r.by_procedure, codes=True)
        self._fill_breakdown(self.by_clerk, r.by_receiver, codes=False)
        self.overdue.setRowCount(len(r.overdue))
        for i, d in enumerate(r.overdue):
            self.overdue.setItem(i, 0, cell(d.code, d.code))
            self.overdue.setItem(i, 1, cell(d.applicant_name))
            self.overdue.setItem(i, 2, cell(d.procedure_code))
            self.overdue.setItem(i, 3, cell(d.procedure_name))
            self.overdue.setItem(i, 4, cell(fmt.when(d.received_at)))
            self.overdue.setItem(i, 5, cell(fmt.when(d.appointment_at)))
        self.routed.show_report(r)
        self._retitle_tables()

    def _fill_breakdown(
        self, table: QTableWidget, lines: tuple[BreakdownLine, ...], codes: bool
    ) -> None:
        table.setRowCount(len(lines))
        for i, line in enumerate(lines):
            key = line.key or "—"
            label = line.label if codes or line.key else self.tr("Không rõ / hệ thống")
            for col, text in enumerate(
                (
                    key,
                    label,
                    str(line.total),
                    str(line.online),
                    str(line.post),
                    str(line.resolved),
                    percent(line.on_time_rate),
                    str(line.overdue),
                )
            ):
                item = cell(text)
                if col >= 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                table.setItem(i, col, item)

    def _draw_charts(self, r: Report) -> None:
        short = {
            Channel.DIRECT: self.tr("Trực tiếp"),
            Channel.ONLINE: self.tr("Trực tuyến"),
            Channel.POST: self.tr("Bưu chính"),
        }
        self.channel_chart.removeAllSeries()
        pie = QPieSeries()
        for line in r.by_channel:
            if line.count:
                label = short.get(line.channel, str(line.channel))
                piece = pie.append(f"{label}: {line.count}", line.count)
                piece.setColor(QColor(CHANNEL_COLOURS.get(line.channel, "#888")))
        self.channel_chart.addSeries(pie)
        self.channel_chart.setTitle(self.tr("Hồ sơ theo kênh nộp"))

        self.timely_chart.removeAllSeries()
        for axis in self.timely_chart.axes():
            self.timely_chart.removeAxis(axis)
        names = (self.tr("Trước hạn"), self.tr("Đúng hạn"), self.tr("Quá hạn"))
        values = (r.early, r.on_time, r.late)
        bars = QBarSeries()
        for name, value, colour in zip(names, values, TIMELY_COLOURS, strict=True):
            one = QBarSet(f"{name}: {value}")
            one.append(value)
            one.setColor(QColor(colour))
            bars.append(one)
        self.timely_chart.addSeries(bars)
        x_axis = QBarCategoryAxis()
        x_axis.append([self.tr("Đã giải quyết: {n}").format(n=r.resolved)])
        self.timely_axis = y_axis = QValueAxis()
        # Whole dossiers only: a step of 1, 2, 5, 10... so "%d" never prints 0.25 as 0.
        step, top = count_axis(max(values))
        y_axis.setRange(0, top)
        y_axis.setTickType(QValueAxis.TickType.TicksDynamic)
        y_axis.setTickAnchor(0)
        y_axis.setTickInterval(step)
        y_axis.setLabelFormat("%d")
        self.timely_chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        self.timely_chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        bars.attachAxis(x_axis)
        bars.attachAxis(y_axis)
        self.timely_chart.setTitle(self.tr("Kết quả giải quyết so với hẹn trả"))

    def _open_overdue(self, index: object) -> None:
        row = index.row()  # type: ignore[attr-defined]  # the index is a QModelIndex
        item = self.overdue.item(row, 0)
        if item is not None:
            self.open_requested.emit(str(item.data(Qt.ItemDataRole.UserRole)))

    # --- exporting -----------------------------------------------------------------------

    def ask_export(self, kind: str) -> None:
        if self.report is None:
            return
        r = self.report
        name = f"bao-cao-{r.date_from:%Y%m%d}-{r.date_to:%Y%m%d}.{kind}"
        pattern = (
            self.tr("Bảng tính Excel (*.xlsx)") if kind == "xlsx" else self.tr("Tệp CSV (*.csv)")
        )
        self.file_dialog = save_dialog(
            self,
            self.tr("Xuất báo cáo"),
            self.session.ctx.output_dir,
            name,
            pattern,
            lambda path: self.export_to(path, kind),
        )

    def export_to(self, path: Path, kind: str) -> None:
        """Write the shown report to ``path`` as ``kind`` (csv or xlsx) in the write lane."""
        if self.report is None:
            return
        if path.suffix.lower() != f".{kind}":
            path = path.with_name(f"{path.name}.{kind}")
        writer = write_report_xlsx if kind == "xlsx" else write_report_csv
        self._set_busy(True)
        self.session.workers.write_op(
            partial(writer, self.session.ctx, report=self.report, out=path), owner=self
        ).then(self._on_exported, self._on_failed)

    def _on_exported(self, path: object) -> None:
        self._set_busy(False)
        self.banner.show_message(
            "success", self.tr("Đã xuất báo cáo ra tệp {path}").format(path=path)
        )
        self.exported.emit(str(path))

    # --- language ------------------------------------------------------------------------

    def _retitle_tables(self) -> None:
        r = self.report
        n_overdue = len(r.overdue) if r else 0
        self.tables.setTabText(0, self.tr("Theo thủ tục"))
        self.tables.setTabText(1, self.tr("Theo cán bộ tiếp nhận"))
        self.tables.setTabText(2, self.tr("Hồ sơ quá hạn ({n})").format(n=n_overdue))
        self.tables.setTabText(3, self.routed.title())

    def retranslate(self) -> None:
        self.from_label.setText(self.tr("Từ ngày:"))
        self.to_label.setText(self.tr("đến ngày:"))
        self.build_button.setText(self.tr("Lập báo cáo"))
        self.csv_button.setText(self.tr("Xuất CSV…"))
        self.xlsx_button.setText(self.tr("Xuất Excel…"))
        self.figures_group.setTitle(self.tr("Số liệu"))
        names = {
            "total": self.tr("Tổng số hồ sơ tiếp nhận"),
            "direct": self.tr("Trực tiếp"),
            "online": self.tr("Trực tuyến"),
            "post": self.tr("Bưu chính công ích"),
            "resolved": self.tr("Đã giải quyết"),
            "early": self.tr("Trước hạn"),
            "on_time": self.tr("Đúng hạn"),
            "late": self.tr("Quá hạn"),
            "on_time_rate": self.tr("Tỷ lệ đúng hạn"),
            "in_processing": self.tr("Đang giải quyết"),
            "overdue": self.tr("Đang giải quyết quá hạn"),
            "online_rate": self.tr("Tỷ lệ trực tuyến"),
            "assisted": self.tr("Trực tuyến có hỗ trợ"),
            "payment_rate": self.tr("Tỷ lệ thanh toán trực tuyến"),
            "digitised": self.tr("Hồ sơ đã số hóa"),
            "digitised_rate": self.tr("Tỷ lệ hồ sơ đã số hóa"),
            "reused": self.tr("Hồ sơ có giấy tờ tái sử dụng"),
            "e_results": self.tr("Hồ sơ có kết quả điện tử"),
            "ratings": self.tr("Đánh giá của người dân"),
            "satisfied_rate": self.tr("Tỷ lệ hài lòng"),
        }
        for key, text in names.items():
            self.figure_names[key].setText(text + ":")
        breakdown = [
            self.tr("Mã"),
            self.tr("Tên"),
            self.tr("Tổng số"),
            self.tr("Trực tuyến"),
            self.tr("Bưu chính"),
            self.tr("Đã giải quyết"),
            self.tr("Tỷ lệ đúng hạn"),
            self.tr("Quá hạn"),
        ]
        self.by_procedure.setHorizontalHeaderLabels(breakdown)
        self.by_clerk.setHorizontalHeaderLabels(
            [self.tr("Tên đăng nhập"), self.tr("Họ và tên"), *breakdown[2:]]
        )
        self.overdue.setHorizontalHeaderLabels(
            [
                self.tr("Mã hồ sơ"),
                self.tr("Người nộp"),
                self.tr("Mã thủ tục"),
                self.tr("Thủ tục"),
                self.tr("Tiếp nhận lúc"),
                self.tr("Hẹn trả"),
            ]
        )
        self._retitle_tables()
        if self.report is not None:
            self._show()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def count_axis(largest: int, ticks: int = 5) -> tuple[int, int]:
    """The tick step and the top of an axis of counts: a step of 1, 2 or 5 times a power of
    ten, the top the first multiple of it at or above ``largest``, at most ``ticks`` steps."""
    largest = max(int(largest), 1)
    step = 1
    while step * ticks < largest:
        step = step * 5 // 2 if str(step)[0] == "2" else step * 2  # 1, 2, 5, 10, 20, 50...
    return step, -(-largest // step) * step
