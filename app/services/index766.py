"""The commune's own 766 scorecard: per month, quarter or year of dossiers received, each
group and sub-indicator as an estimate (rules: app/domain/index766.py; counts:
app/store/index_queries.py), the dossiers that cost points per reason, and the Excel copy."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from app.domain.dossier import VN_TZ
from app.domain.errors import DeskError
from app.domain.index766 import (
    ESTIMATE,
    REASON_LABELS,
    Period,
    Reason,
    Scorecard,
    periods,
    score,
)
from app.domain.roles import Permission
from app.services.context import DeskContext
from app.services.printing import save_output
from app.store.index_queries import drill_lines, index_counts
from app.store.repositories import add_audit

#: Longest range one call scores (a guard against a typo such as 20255).
MAX_DAYS = 3 * 366


@dataclass(frozen=True)
class DrillRow:
    code: str
    applicant_name: str
    procedure_code: str
    status: int
    received_at: datetime
    appointment_at: datetime | None


@dataclass(frozen=True)
class Drill:
    """The dossiers received in the range that cost points for ``reason``: ``count`` of
    them in all, ``rows`` the first ``limit`` (oldest appointment first)."""

    reason: Reason
    label: str
    count: int
    rows: tuple[DrillRow, ...]
    limit: int


def _bounds(ctx: DeskContext, date_from: date, date_to: date) -> tuple[datetime, datetime]:
    if date_to < date_from:
        raise DeskError("index.range", date_from=date_from.isoformat(), date_to=date_to.isoformat())
    if (date_to - date_from).days >= MAX_DAYS:
        raise DeskError("index.too_long", days=MAX_DAYS)
    start, _ = ctx.local_day_bounds(date_from)
    _, end = ctx.local_day_bounds(date_to)
    return start, end


def parse_period(text: str) -> Period:
    try:
        return Period(text.strip().lower())
    except ValueError:
        raise DeskError("index.period", value=text) from None


def parse_reason(text: str) -> Reason:
    try:
        return Reason(text.strip().lower())
    except ValueError:
        choices = ", ".join(r.value for r in Reason)
        raise DeskError("index.reason", value=text, choices=choices) from None


def build_scorecards(
    ctx: DeskContext, *, date_from: date, date_to: date, period: Period = Period.MONTH
) -> tuple[Scorecard, ...]:
    """One scorecard per calendar month, quarter or year of [date_from, date_to] (Vietnam
    days, clipped to the range). An open dossier is late when its appointment is before the
    period's end, or before now for a period not yet over, unless it waits for the
    citizen's supplement (that wait is subtracted)."""
    ctx.actor.require(Permission.REPORTS)
    _bounds(ctx, date_from, date_to)
    now = ctx.now()
    cards = []
    with ctx.db.read_session() as s:
        for label, first, last in periods(date_from, date_to, period):
            start, _ = ctx.local_day_bounds(first)
            _, end = ctx.local_day_bounds(last)
            counts = index_counts(s, start, end, min(end, now))
            cards.append(score(label, first, last, counts))
    return tuple(cards)


def index_drill(
    ctx: DeskContext, *, date_from: date, date_to: date, reason: Reason, limit: int = 200
) -> Drill:
    """The dossiers of [date_from, date_to] that cost points for ``reason``. For
    "overdue", an open dossier due before the end of today counts (due today is the last
    day to save the point)."""
    ctx.actor.require(Permission.REPORTS)
    start, end = _bounds(ctx, date_from, date_to)
    today = ctx.now().astimezone(VN_TZ).date()
    end_of_today = datetime.combine(today + timedelta(days=1), time(0, 0), VN_TZ)
    with ctx.db.read_session() as s:
        count, lines = drill_lines(s, reason, start, end, end_of_today, max(1, limit))
    rows = tuple(DrillRow(*line) for line in lines)
    return Drill(reason, REASON_LABELS[reason][0], count, rows, limit)


def scorecard_table(cards: tuple[Scorecard, ...]) -> list[list[object]]:
    """The rows of the Excel sheet (and of any flat copy): a header, then one row per
    period and sub-indicator."""
    rows: list[list[object]] = [
        [
            "Kỳ",
            "Nhóm",
            "Chỉ số",
            "Tên",
            "Tử số",
            "Mẫu số",
            "Tỷ lệ (%)",
            "Ngưỡng đạt (%)",
            "Điểm",
            "Tối đa",
            "Công thức",
            "Nguồn",
            "Độ tin cậy",
            "Ghi chú",
        ]
    ]
    for card in cards:
        for g in card.groups:
            for i in g.indicators:
                r = i.rule
                rows.append(
                    [
                        card.label,
                        g.title,
                        r.code,
                        r.title,
                        i.numerator,
                        i.denominator,
                        None if i.ratio is None else round(100 * i.ratio, 2),
                        round(100 * r.full_at, 2),
                        i.points,
                        r.max_points,
                        r.formula,
                        r.source,
                        r.confidence,
                        i.note,
                    ]
                )
        rows.append(
            [
                card.label,
                "Tổng (" + ESTIMATE + ")",
                "",
                "",
                None,
                None,
                None,
                None,
                card.points,
                card.measured_max,
                "tổng các chỉ số đo được",
                "",
                "",
                ESTIMATE,
            ]
        )
    return rows


def scorecard_xlsx(cards: tuple[Scorecard, ...]) -> bytes:
    """The XLSX bytes, written with openpyxl as the report's export is."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has its first sheet
    sheet.title = "Chỉ số 766 (ước tính)"
    for row in scorecard_table(cards):
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_scorecard_xlsx(ctx: DeskContext, *, cards: tuple[Scorecard, ...], out: Path) -> Path:
    """Write the scorecards to ``out`` (atomically); audited."""
    ctx.actor.require(Permission.REPORTS)
    data = scorecard_xlsx(cards)
    save_output(out, data)
    key = f"{cards[0].date_from.isoformat()}..{cards[-1].date_to.isoformat()}" if cards else ""
    with ctx.db.session() as s:
        add_audit(
            s,
            at=ctx.now(),
            actor=ctx.actor.username,
            action="index766.export",
            entity="report",
            key=key,
            detail={"format": "xlsx", "file": str(out)},
        )
        s.commit()
    return out
