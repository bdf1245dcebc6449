"""A report as tables with Vietnamese headers, written as CSV or XLSX.

CSV: UTF-8 with a byte-order mark (so Excel shows Vietnamese letters), comma-separated; the
tables follow one another, each as a title row, a header row and its rows, with an empty
row between tables. XLSX: one sheet per table, the header in row 1. Percentages are numbers
from 0 to 100 with two decimals (empty when there is nothing to divide by); times are
Vietnam time.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.domain.dossier import VN_TZ
from app.domain.roles import Permission
from app.services.context import DeskContext
from app.services.printing import save_output
from app.services.reports import BreakdownLine, Report
from app.store.repositories import add_audit

Cell = str | int | float | datetime | None


@dataclass(frozen=True)
class ReportTable:
    """One table of a report: a sheet of the XLSX, a section of the CSV."""

    name: str  # the sheet name (at most 31 characters)
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _local(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.astimezone(VN_TZ).replace(tzinfo=None)


_BREAKDOWN_HEADERS = (
    "Tổng số",
    "Trực tiếp",
    "Trực tuyến",
    "Bưu chính công ích",
    "Trực tuyến có hỗ trợ",
    "Đã giải quyết",
    "Trước hạn",
    "Đúng hạn",
    "Quá hạn",
    "Tỷ lệ đúng hạn (%)",
    "Đang giải quyết",
    "Đang giải quyết quá hạn",
)


def _breakdown(line: BreakdownLine) -> tuple[Cell, ...]:
    return (
        line.total,
        line.direct,
        line.online,
        line.post,
        line.assisted,
        line.resolved,
        line.early,
        line.on_time,
        line.late,
        _pct(line.on_time_rate),
        line.in_processing,
        line.overdue,
    )


def report_tables(report: Report) -> list[ReportTable]:
    """The report's tables, in order: summary, channels, statuses, procedures, clerks,
    dossiers received for / from other bodies, overdue dossiers."""
    r = report
    summary: list[tuple[Cell, ...]] = [
        ("Từ ngày", r.date_from.strftime("%d/%m/%Y")),
        ("Đến ngày", r.date_to.strftime("%d/%m/%Y")),
        ("Lập lúc", _local(r.generated_at)),
        ("Tổng số hồ sơ tiếp nhận", r.total),
        ("Đã giải quyết", r.resolved),
        ("Giải quyết trước hạn", r.early),
        ("Giải quyết đúng hạn", r.on_time),
        ("Giải quyết quá hạn", r.late),
        ("Tỷ lệ giải quyết đúng hạn (%)", _pct(r.on_time_rate)),
        ("Đang giải quyết", r.in_processing),
        ("Đang giải quyết, đã quá hạn", r.in_processing_overdue),
        ("Tỷ lệ hồ sơ trực tuyến: kênh 2 / (kênh 1 + kênh 2) (%)", _pct(r.online_rate)),
        ("Tỷ lệ hồ sơ trực tuyến, thủ tục DVC trực tuyến mức 3-4 (%)", _pct(r.online_dvc_rate)),
        ("Hồ sơ trực tuyến có hỗ trợ (tổng, không tính trùng)", r.assisted_online),
        ("  trong đó: hồ sơ trực tuyến đánh dấu có hỗ trợ", r.assisted_dossiers),
        ("  tình nguyện viên ghi nhận: nộp được", r.volunteer_submitted),
        ("  tình nguyện viên ghi nhận: chưa nộp được", r.volunteer_failed),
        ("Hồ sơ có phí, lệ phí", r.with_fees),
        ("Hồ sơ thanh toán trực tuyến", r.paid_online),
        ("Tỷ lệ thanh toán trực tuyến (%)", _pct(r.online_payment_rate)),
        ("Hồ sơ đã số hóa (mọi thành phần có tệp)", r.digitised),
        ("Tỷ lệ hồ sơ đã số hóa (%)", _pct(r.digitised_rate)),
        ("Hồ sơ có giấy tờ tái sử dụng", r.reused),
        ("Hồ sơ có kết quả điện tử", r.e_results),
        ("Tỷ lệ hồ sơ có kết quả điện tử (%)", _pct(r.e_result_rate)),
        ("Tiếp nhận hộ cơ quan khác (đã tính trong tổng)", r.received_for_others),
        ("Nơi khác tiếp nhận cho cơ quan này (không tính trong tổng)", r.received_from_others),
    ]
    routed: list[ReportTable] = []
    if r.for_others or r.from_others:  # received regardless of boundary (issue 18)
        routed.append(
            ReportTable(
                "Phi địa giới",
                "Hồ sơ tiếp nhận không phụ thuộc địa giới hành chính",
                ("Loại", "Mã cơ quan", "Tên cơ quan", *_BREAKDOWN_HEADERS),
                tuple(
                    (kind, line.key, line.label, *_breakdown(line))
                    for kind, lines in (
                        ("Tiếp nhận hộ cơ quan có thẩm quyền", r.for_others),
                        ("Do nơi khác tiếp nhận (không tính vào tổng)", r.from_others),
                    )
                    for line in lines
                ),
            )
        )
    return [
        ReportTable("Tổng hợp", "Tổng hợp", ("Chỉ tiêu", "Giá trị"), tuple(summary)),
        ReportTable(
            "Theo kênh",
            "Hồ sơ tiếp nhận theo kênh",
            ("Mã kênh", "Kênh", "Số hồ sơ", "Tỷ lệ (%)"),
            tuple(
                (int(c.channel), c.channel.label_vi, c.count, _pct(c.percent)) for c in r.by_channel
            ),
        ),
        ReportTable(
            "Theo trạng thái",
            "Hồ sơ theo trạng thái",
            ("Mã trạng thái", "Trạng thái", "Số hồ sơ", "Tỷ lệ (%)"),
            tuple(
                (int(st), st.label_vi, n, _pct(100.0 * n / r.total if r.total else None))
                for st, n in r.by_status
            ),
        ),
        ReportTable(
            "Theo thủ tục",
            "Hồ sơ theo thủ tục",
            ("Mã thủ tục", "Tên thủ tục", "Mức độ", *_BREAKDOWN_HEADERS),
            tuple((line.key, line.label, line.level, *_breakdown(line)) for line in r.by_procedure),
        ),
        ReportTable(
            "Theo cán bộ tiếp nhận",
            "Hồ sơ theo cán bộ tiếp nhận",
            ("Tên đăng nhập", "Họ và tên", *_BREAKDOWN_HEADERS),
            tuple((line.key, line.label, *_breakdown(line)) for line in r.by_receiver),
        ),
        *routed,
        ReportTable(
            "Hồ sơ quá hạn",
            "Hồ sơ đang giải quyết đã quá hạn",
            (
                "Mã hồ sơ",
                "Người nộp",
                "Số định danh",
                "Mã thủ tục",
                "Thủ tục",
                "Kênh",
                "Trạng thái",
                "Tiếp nhận lúc",
                "Hẹn trả",
            ),
            tuple(
                (
                    row.code,
                    row.applicant_name,
                    row.id_number,
                    row.procedure_code,
                    row.procedure_name,
                    row.channel.label_vi,
                    row.status.label_vi,
                    _local(row.received_at),
                    _local(row.appointment_at),
                )
                for row in r.overdue
            ),
        ),
    ]


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def report_csv(report: Report) -> bytes:
    """The CSV bytes (UTF-8 with BOM)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    for i, table in enumerate(report_tables(report)):
        if i:
            writer.writerow([])
        writer.writerow([table.title])
        writer.writerow(table.headers)
        writer.writerows([_csv_cell(v) for v in row] for row in table.rows)
    return buffer.getvalue().encode("utf-8-sig")


def report_xlsx(report: Report) -> bytes:
    """The XLSX bytes: one sheet per table."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.worksheets[0])  # a new workbook's default sheet
    bold = Font(bold=True)
    for table in report_tables(report):
        sheet = book.create_sheet(table.name[:31])
        sheet.append(list(table.headers))
        for cell in sheet[1]:
            cell.font = bold
        for row in table.rows:
            sheet.append(list(row))
        widths = [len(h) for h in table.headers]
        for row in table.rows:
            for col, value in enumerate(row):
                widths[col] = max(widths[col], len(_csv_cell(value)))
        for col, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(col)].width = min(60, width + 2)
        for row_cells in sheet.iter_rows(min_row=2):
            for cell in row_cells:
                if isinstance(cell.value, datetime):
                    cell.number_format = "dd/mm/yyyy hh:mm"
                elif isinstance(cell.value, float):
                    cell.number_format = "0.00"
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _write(ctx: DeskContext, report: Report, out: Path, data: bytes, fmt: str) -> Path:
    ctx.actor.require(Permission.REPORTS)
    save_output(out, data)
    with ctx.db.session() as s:
        add_audit(
            s,
            at=ctx.now(),
            actor=ctx.actor.username,
            action="report.export",
            entity="report",
            key=f"{report.date_from.isoformat()}..{report.date_to.isoformat()}",
            detail={"format": fmt, "file": str(out)},
        )
        s.commit()
    return out


def write_report_csv(ctx: DeskContext, *, report: Report, out: Path) -> Path:
    """Write ``report`` as CSV to ``out`` (atomically); audited."""
    ctx.actor.require(Permission.REPORTS)
    return _write(ctx, report, out, report_csv(report), "csv")


def write_report_xlsx(ctx: DeskContext, *, report: Report, out: Path) -> Path:
    """Write ``report`` as XLSX to ``out`` (atomically); audited."""
    ctx.actor.require(Permission.REPORTS)
    return _write(ctx, report, out, report_xlsx(report), "xlsx")
