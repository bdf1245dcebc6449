"""The report screen's tab of dossiers received regardless of the administrative boundary
(issue 18): those received here for another competent body (counted in this counter's
figures) and those another point received for this body (not counted here: that point
counts them), each by body."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.services.reports import BreakdownLine, Report
from ui.reports import percent
from ui.tables import cell, make_table


class RoutedTable(QWidget):
    """One table: a row per body, for others first, then from others."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = make_table(self, 8, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        self.report: Report | None = None
        self.retranslate()

    def show_report(self, report: Report) -> None:
        self.report = report
        rows: list[tuple[str, BreakdownLine]] = [
            *((self.tr("Tiếp nhận hộ (đã tính)"), line) for line in report.for_others),
            *((self.tr("Nơi khác tiếp nhận (không tính)"), line) for line in report.from_others),
        ]
        self.table.setRowCount(len(rows))
        for i, (kind, line) in enumerate(rows):
            values = (
                kind,
                line.key,
                line.label,
                str(line.total),
                str(line.in_processing),
                str(line.resolved),
                percent(line.on_time_rate),
                str(line.overdue),
            )
            for col, text in enumerate(values):
                item = cell(text, line.key)
                if col >= 3:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(i, col, item)

    def title(self) -> str:
        r = self.report
        n = (r.received_for_others + r.received_from_others) if r else 0
        return self.tr("Phi địa giới ({n})").format(n=n)

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Loại"),
                self.tr("Mã cơ quan"),
                self.tr("Tên cơ quan"),
                self.tr("Tổng số"),
                self.tr("Đang giải quyết"),
                self.tr("Đã giải quyết"),
                self.tr("Tỷ lệ đúng hạn"),
                self.tr("Quá hạn"),
            ]
        )
        if self.report is not None:
            self.show_report(self.report)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
