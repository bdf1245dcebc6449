"""The 766 index (Decision 766/QĐ-TTg) as the commune can estimate it from its own data.

One home for the rules: the groups and their maxima, each sub-indicator's formula, its
full-marks threshold, its source in reference/digitisation.md (section 4, and section 1 for
digitisation) and the confidence of that source. ``score`` turns the counts the store
aggregates (``IndexCounts``) into points; nothing here reads a database.

Every local figure is an estimate ("ước tính"): the portal computes the official one from
the synced records. A part the counter cannot see (publication of procedures on the
portal, complaints) is ``measured=False`` and gets no points, never a made-up number; a
denominator of 0 gives no points either (N/A, not 0).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

ESTIMATE = "ước tính"
NOT_MEASURED = "không đo được tại đây"
SOURCE_766 = "digitisation.md §4 (QD766: ChippedTopaz/qd766)"
SOURCE_DIGI = "digitisation.md §1 (QD766: ChippedTopaz/qd766)"


class Group(StrEnum):
    PUBLICITY = "publicity"
    PROGRESS = "progress"
    ONLINE_SERVICE = "online_service"
    ONLINE_PAYMENT = "online_payment"
    SATISFACTION = "satisfaction"
    DIGITISATION = "digitisation"


#: Group -> (Vietnamese title, maximum points). Maxima: confidence H.
GROUPS: dict[Group, tuple[str, float]] = {
    Group.PUBLICITY: ("Công khai, minh bạch", 18),
    Group.PROGRESS: ("Tiến độ giải quyết", 20),
    Group.ONLINE_SERVICE: ("Dịch vụ công trực tuyến", 12),
    Group.ONLINE_PAYMENT: ("Thanh toán trực tuyến", 10),
    Group.SATISFACTION: ("Mức độ hài lòng", 18),
    Group.DIGITISATION: ("Số hóa hồ sơ", 22),
}


class Reason(StrEnum):
    """Why a dossier costs points: the drill-down's lists."""

    OVERDUE = "overdue"  # due today or past the appointment (not while waiting for the
    # citizen's supplement), or finished late
    SECOND_SUPPLEMENT = "second-supplement"  # more than one supplement request
    NO_FILE = "no-file"  # a component without a file attached
    NO_E_RESULT = "no-e-result"  # resolved or returned without an electronic result
    NOT_PAID_ONLINE = "not-paid-online"  # a fee, not paid online
    NOT_SYNCED = "not-synced"  # an event the hub has not acknowledged


REASON_LABELS: dict[Reason, tuple[str, str]] = {
    Reason.OVERDUE: ("Đến hạn hôm nay / quá hạn", "Due today / overdue"),
    Reason.SECOND_SUPPLEMENT: ("Yêu cầu bổ sung lần thứ hai", "A second supplement request"),
    Reason.NO_FILE: ("Thành phần chưa có tệp đính kèm", "A component without a file"),
    Reason.NO_E_RESULT: ("Chưa có kết quả điện tử", "No electronic result"),
    Reason.NOT_PAID_ONLINE: ("Phí chưa thanh toán trực tuyến", "Fee not paid online"),
    Reason.NOT_SYNCED: ("Chưa đồng bộ lên cổng", "Not yet synced"),
}


@dataclass(frozen=True)
class IndexCounts:
    """What the store counts over the dossiers received in one period.

    ``late``: finished after the appointment, or open past it at ``as_of`` (the period's
    end, or now if sooner), or with more than one supplement request. ``online_ok``: channel
    2, and an electronic result when resolved or returned. ``unhappy``: dossiers with a
    "không hài lòng" rating. ``digitised``: every component has a file, and an electronic
    result when resolved or returned. ``citizen_data``: identity read from the chip card's
    QR (TaiKhoanDuocXacThucVoiVNeID) or a file from the national store (DuocLayTuKhoDMQG)."""

    received: int = 0
    late: int = 0
    synced: int = 0
    online_ok: int = 0
    with_fee: int = 0
    paid_online: int = 0
    unhappy: int = 0
    resolved: int = 0
    e_results: int = 0
    digitised: int = 0
    reused: int = 0
    national_store: int = 0
    citizen_data: int = 0


@dataclass(frozen=True)
class IndicatorRule:
    """One sub-indicator: ``max_points`` None when the split of the group is not known;
    ``full_at`` the ratio that earns full marks (points grow in proportion up to it)."""

    code: str
    group: Group
    title: str
    max_points: float | None
    formula: str
    source: str
    confidence: str  # H, M or L (reference/digitisation.md)
    full_at: float = 1.0
    measured: bool = True


def _rule(
    code: str,
    group: Group,
    title: str,
    mx: float | None,
    formula: str,
    *,
    source: str = SOURCE_766,
    confidence: str = "M",
    full_at: float = 1.0,
    measured: bool = True,
) -> IndicatorRule:
    return IndicatorRule(code, group, title, mx, formula, source, confidence, full_at, measured)


RULES: tuple[IndicatorRule, ...] = (
    _rule("1.1", Group.PUBLICITY, "Công bố TTHC đúng hạn", 6, "Trên Cổng DVCQG", measured=False),
    _rule("1.2", Group.PUBLICITY, "Cập nhật TTHC đúng hạn", 4, "Trên Cổng DVCQG", measured=False),
    _rule("1.3", Group.PUBLICITY, "Nội dung TTHC đầy đủ", 2, "Trên Cổng DVCQG", measured=False),
    _rule(
        "1.4",
        Group.PUBLICITY,
        "Hồ sơ đồng bộ lên Cổng",
        6,
        "6 × hồ sơ đã đồng bộ (hub xác nhận) / hồ sơ tiếp nhận",
    ),
    _rule(
        "2.1",
        Group.PROGRESS,
        "Hồ sơ giải quyết đúng hạn",
        20,
        "20 × (hồ sơ tiếp nhận − hồ sơ trễ hạn) / hồ sơ tiếp nhận; trễ hạn: xong sau hẹn, "
        "chưa xong mà quá hẹn ở cuối kỳ, hoặc bổ sung quá 1 lần",
    ),
    _rule(
        "3.1",
        Group.ONLINE_SERVICE,
        "TTHC cung cấp trực tuyến",
        None,
        "Trên Cổng DVCQG (đạt ở 80%)",
        measured=False,
    ),
    _rule(
        "3.2",
        Group.ONLINE_SERVICE,
        "Hồ sơ trực tuyến",
        None,
        "hồ sơ kênh 2 (có kết quả điện tử khi đã xong) × tỷ lệ đồng bộ / hồ sơ tiếp nhận; "
        "đạt ở 50%; chưa rõ cách chia 12 điểm",
        full_at=0.5,
    ),
    _rule(
        "3.6a",
        Group.ONLINE_PAYMENT,
        "Hồ sơ thanh toán trực tuyến (A)",
        6,
        "6 × hồ sơ DuocThanhToanTrucTuyen / hồ sơ có phí khác 0",
    ),
    _rule(
        "3.6b",
        Group.ONLINE_PAYMENT,
        "Thành phần B (khớp số liệu)",
        2,
        "min(2, 2.5 B): B chưa rõ",
        confidence="L",
        measured=False,
    ),
    _rule(
        "3.6c",
        Group.ONLINE_PAYMENT,
        "Thành phần C (khớp số liệu)",
        2,
        "2.5 C: C chưa rõ",
        confidence="L",
        measured=False,
    ),
    _rule(
        "5.1",
        Group.SATISFACTION,
        "Xử lý phản ánh, kiến nghị đúng hạn",
        6,
        "Hệ thống phản ánh",
        measured=False,
    ),
    _rule(
        "5.2", Group.SATISFACTION, "Hài lòng xử lý phản ánh", 6, "Hệ thống phản ánh", measured=False
    ),
    _rule(
        "5.3",
        Group.SATISFACTION,
        "Hài lòng giải quyết TTHC",
        6,
        "min(6, 6 × (1 − tỷ lệ trễ hạn − tỷ lệ không hài lòng) / 0.9); đạt ở 90%",
        full_at=0.9,
    ),
    _rule(
        "4.1",
        Group.DIGITISATION,
        "Cấp kết quả điện tử",
        6,
        "6 × hồ sơ có kết quả điện tử / hồ sơ đã giải quyết (9, 10)",
        source=SOURCE_DIGI,
    ),
    _rule(
        "4.2",
        Group.DIGITISATION,
        "Số hóa hồ sơ",
        4,
        "4 × min(1, (mọi thành phần có tệp và có kết quả điện tử khi đã xong) / tiếp nhận / 0.8)",
        source=SOURCE_DIGI,
        full_at=0.8,
    ),
    _rule(
        "4.2b",
        Group.DIGITISATION,
        "Bản sao điện tử chứng thực",
        2,
        "Chưa rõ mẫu số",
        source=SOURCE_DIGI,
        confidence="L",
        measured=False,
    ),
    _rule(
        "4.3",
        Group.DIGITISATION,
        "Tái sử dụng dữ liệu số hóa",
        2,
        "2 × min(1, hồ sơ có giấy tờ tái sử dụng / tiếp nhận / 0.8)",
        source=SOURCE_DIGI,
        full_at=0.8,
    ),
    _rule(
        "4.4",
        Group.DIGITISATION,
        "Đồng bộ kho dữ liệu cá nhân",
        4,
        "4 × hồ sơ có tệp DuocLayTuKhoDMQG / tiếp nhận (ngưỡng chưa rõ: tỷ lệ thuận)",
        source=SOURCE_DIGI,
        confidence="L",
    ),
    _rule(
        "4.5",
        Group.DIGITISATION,
        "Kết nối dữ liệu dân cư",
        4,
        "4 × hồ sơ TaiKhoanDuocXacThucVoiVNeID hoặc DuocLayTuKhoDMQG / tiếp nhận "
        "(2 + 2; ngưỡng chưa rõ: tỷ lệ thuận)",
        source=SOURCE_DIGI,
        confidence="L",
    ),
)


@dataclass(frozen=True)
class IndicatorScore:
    rule: IndicatorRule
    numerator: int | None = None
    denominator: int | None = None
    points: float | None = None  # None: not measured here, N/A, or no known maximum

    @property
    def ratio(self) -> float | None:
        if self.numerator is None or not self.denominator:
            return None
        return self.numerator / self.denominator

    @property
    def attainment(self) -> float | None:
        """The share of full marks reached (ratio against the threshold, at most 1)."""
        r = self.ratio
        return None if r is None else max(0.0, min(1.0, r / self.rule.full_at))

    @property
    def note(self) -> str:
        if not self.rule.measured:
            return NOT_MEASURED
        if self.ratio is None:
            return "N/A (mẫu số 0)"
        if self.rule.max_points is None:
            return "chưa rõ điểm tối đa"
        return ESTIMATE


@dataclass(frozen=True)
class GroupScore:
    group: Group
    title: str
    max_points: float
    indicators: tuple[IndicatorScore, ...]

    @property
    def points(self) -> float | None:
        """The sum of the measured points (None when nothing of the group is measured)."""
        got = [i.points for i in self.indicators if i.points is not None]
        return round(sum(got), 2) if got else None

    @property
    def measured_max(self) -> float:
        return sum(i.rule.max_points or 0 for i in self.indicators if i.points is not None)


@dataclass(frozen=True)
class Scorecard:
    """The estimate for one period: ``label`` like "2025-07", "2025-Q3" or "2025"."""

    label: str
    date_from: date
    date_to: date
    counts: IndexCounts
    groups: tuple[GroupScore, ...]

    @property
    def points(self) -> float:
        return round(sum(g.points or 0 for g in self.groups), 2)

    @property
    def measured_max(self) -> float:
        return sum(g.measured_max for g in self.groups)


def _fraction(rule: IndicatorRule, num: int, den: int) -> IndicatorScore:
    if not den or rule.max_points is None:
        return IndicatorScore(rule, num, den, None)
    attained = max(0.0, min(1.0, num / den / rule.full_at))
    return IndicatorScore(rule, num, den, round(rule.max_points * attained, 2))


def _inputs(c: IndexCounts) -> dict[str, tuple[int, int]]:
    """Sub-indicator code -> (numerator, denominator) from the counts."""
    sync_share = c.synced / c.received if c.received else 0.0
    # 5.3: 100 % − (overdue ratio + share of dossiers with a dislike), as a count of the
    # dossiers received so that the ratio stays exact.
    happy = max(0, c.received - c.late - c.unhappy)
    return {
        "1.4": (c.synced, c.received),
        "2.1": (c.received - c.late, c.received),
        "3.2": (round(c.online_ok * sync_share), c.received),
        "3.6a": (c.paid_online, c.with_fee),
        "5.3": (happy, c.received),
        "4.1": (c.e_results, c.resolved),
        "4.2": (c.digitised, c.received),
        "4.3": (c.reused, c.received),
        "4.4": (c.national_store, c.received),
        "4.5": (c.citizen_data, c.received),
    }


def score(label: str, date_from: date, date_to: date, counts: IndexCounts) -> Scorecard:
    """The scorecard of one period from its counts."""
    inputs = _inputs(counts)
    groups = []
    for group, (title, mx) in GROUPS.items():
        scores = []
        for rule in RULES:
            if rule.group != group:
                continue
            if not rule.measured:
                scores.append(IndicatorScore(rule))
            else:
                scores.append(_fraction(rule, *inputs[rule.code]))
        groups.append(GroupScore(group, title, mx, tuple(scores)))
    return Scorecard(label, date_from, date_to, counts, tuple(groups))


class Period(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


def periods(date_from: date, date_to: date, period: Period) -> list[tuple[str, date, date]]:
    """The calendar months, quarters or years covering [date_from, date_to], each clipped to
    the range: (label, first day, last day)."""
    out: list[tuple[str, date, date]] = []
    day = date_from
    while day <= date_to:
        if period == Period.MONTH:
            label, start_month, months = f"{day.year}-{day.month:02d}", day.month, 1
        elif period == Period.QUARTER:
            q = (day.month - 1) // 3
            label, start_month, months = f"{day.year}-Q{q + 1}", 3 * q + 1, 3
        else:
            label, start_month, months = f"{day.year}", 1, 12
        end_month = start_month + months  # the month after the period (13 = next January)
        nxt = date(day.year + (end_month > 12), (end_month - 1) % 12 + 1, 1)
        last = min(date_to, date.fromordinal(nxt.toordinal() - 1))
        out.append((label, day, last))
        day = nxt
    return out
