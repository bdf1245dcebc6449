"""The supervisor's figures for any date range (dossiers received from one Vietnam day to
another, inclusive): by channel with percentages, by status, resolved early / on time / late,
in processing and overdue, the online rate, assisted online submissions, the online-payment
rate, and the same counts per procedure and per receiving clerk.

Definitions (each one checked against a hand count in tests/integration/test_reports.py):

- early / on time / late: the finish compared with the (first) appointment at day level,
  fixed when the dossier finishes (``dossier.timeliness``); resolved = their sum.
- in processing: a status of OPEN_STATUSES (1, 2, 4, 5, 6); overdue among them: not waiting
  for the citizen's supplement (DUE_STATUSES: that wait does not count against the body) and
  the due date (the extended appointment if any, else the appointment) is before now,
  exactly as the overdue list (``list_dossiers(overdue=True)``) selects.
- online rate: channel 2 / (channel 1 + channel 2) (QĐ 766, vn-standards section 7);
  ``online_dvc_rate`` is the same restricted to procedures of level 3-4, as the national
  dashboards compute it.
- assisted online submissions: channel-2 dossiers flagged assisted, plus volunteer records
  of the range with outcome "submitted" whose online code is not already one of those
  dossiers (nothing counted twice).
- online-payment rate: dossiers with fees (fee_total > 0) paid online / dossiers with fees.

Speed: one aggregate over the covering index ``ix_dossier_report`` (one range scan, no
table lookups), plus a second, cheaper one for the overdue. SQLite sorts rows to GROUP BY,
and sorting on eight columns costs about three times sorting on one, so the dimensions are
packed into one integer key in SQL and unpacked here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy.orm import Session

from app.domain.dossier import OPEN_STATUSES, Channel, DossierRow, Status
from app.domain.roles import Permission
from app.services.context import DeskContext
from app.services.dossiers import list_dossiers
from app.store.agencies import home_agency_ids
from app.store.report_queries import (
    ReportKey,
    agency_labels,
    collected_by_method,
    has_other_agencies,
    overdue_groups,
    procedure_labels,
    report_groups,
    routed_groups,
    side_counts,
    user_labels,
    volunteer_outcomes,
)

UNKNOWN_RECEIVER = "Không rõ / hệ thống"


def _pct(part: int, whole: int) -> float | None:
    return 100.0 * part / whole if whole else None


@dataclass(frozen=True)
class ChannelLine:
    channel: Channel
    count: int
    percent: float


@dataclass(frozen=True)
class BreakdownLine:
    """The counts of one procedure or one receiving clerk."""

    key: str  # procedure code or user name ("" when nobody is recorded)
    label: str  # procedure name or full name
    total: int
    direct: int
    online: int
    post: int
    assisted: int
    resolved: int
    early: int
    on_time: int
    late: int
    in_processing: int
    overdue: int
    level: int | None = None  # the procedure's level (MucDo), for procedure lines

    @property
    def on_time_rate(self) -> float | None:
        """Resolved on or before the appointment / resolved, in percent."""
        return _pct(self.early + self.on_time, self.resolved)

    @property
    def online_rate(self) -> float | None:
        return _pct(self.online, self.direct + self.online)


@dataclass(frozen=True)
class Report:
    """The figures of dossiers received from ``date_from`` to ``date_to`` (Vietnam days).

    Counts: ``total``; ``by_channel`` (with percentages of the total); ``by_status``
    (statuses present only); ``resolved`` = ``early`` + ``on_time`` + ``late``;
    ``in_processing`` and, of those, ``in_processing_overdue``; ``overdue`` lists them
    (up to the limit given). Online: ``online_dvc`` / ``online_dvc_base`` are channel 2 /
    channels 1 + 2 within procedures of level 3-4. Assisted: ``assisted_dossiers`` (channel 2,
    flagged), ``volunteer_submitted`` / ``volunteer_failed`` (volunteer records of the range)
    and ``assisted_online``, their union without double counting. Payment: ``with_fees``,
    ``paid_online``. Breakdowns: ``by_procedure`` and ``by_receiver``, most dossiers first.
    Rates (percent, None when there is nothing to divide by) are properties; ``rates()``
    gives them all by name."""

    date_from: date
    date_to: date
    total: int
    by_channel: tuple[ChannelLine, ...]
    by_status: tuple[tuple[Status, int], ...]
    resolved: int
    early: int
    on_time: int
    late: int
    in_processing: int
    assisted_online: int
    overdue: tuple[DossierRow, ...]
    in_processing_overdue: int = 0
    assisted_dossiers: int = 0
    volunteer_submitted: int = 0
    volunteer_failed: int = 0
    online_dvc: int = 0
    online_dvc_base: int = 0
    with_fees: int = 0
    paid_online: int = 0
    by_procedure: tuple[BreakdownLine, ...] = ()
    by_receiver: tuple[BreakdownLine, ...] = ()
    generated_at: datetime | None = None
    digitised: int = 0  # every component has a file attached
    reused: int = 0  # at least one document reused (DuocTaiSuDung)
    e_results: int = 0  # with an electronic result (a result file held)
    results_base: int = 0  # resolved or returned (status 9, 10)
    #: Fees collected in the range (by payment time): (method, receipts, amount), voids out.
    collected: tuple[tuple[str, int, int], ...] = ()
    #: Received here for another competent body, by that body (key = its code); counted in
    #: the figures above, as every dossier is counted where it was received (issue 18).
    for_others: tuple[BreakdownLine, ...] = ()
    #: Received at another point for this body, by receiving point: NOT in the figures
    #: above (that point counts them), so the city's sum counts each dossier once.
    from_others: tuple[BreakdownLine, ...] = ()

    @property
    def received_for_others(self) -> int:
        return sum(line.total for line in self.for_others)

    @property
    def received_from_others(self) -> int:
        return sum(line.total for line in self.from_others)

    def channel_count(self, channel: Channel) -> int:
        return next((c.count for c in self.by_channel if c.channel == channel), 0)

    @property
    def on_time_rate(self) -> float | None:
        """Resolved on or before the appointment / resolved, in percent."""
        if not self.resolved:
            return None
        return 100.0 * (self.early + self.on_time) / self.resolved

    @property
    def early_rate(self) -> float | None:
        return _pct(self.early, self.resolved)

    @property
    def late_rate(self) -> float | None:
        return _pct(self.late, self.resolved)

    @property
    def online_rate(self) -> float | None:
        """Channel 2 / (channel 1 + channel 2), in percent."""
        online = self.channel_count(Channel.ONLINE)
        return _pct(online, self.channel_count(Channel.DIRECT) + online)

    @property
    def online_dvc_rate(self) -> float | None:
        """The online rate within procedures offered online (level 3-4), in percent."""
        return _pct(self.online_dvc, self.online_dvc_base)

    @property
    def online_payment_rate(self) -> float | None:
        """Dossiers with fees paid online / dossiers with fees, in percent."""
        return _pct(self.paid_online, self.with_fees)

    @property
    def digitised_rate(self) -> float | None:
        """Dossiers with a file for every component / dossiers received, in percent."""
        return _pct(self.digitised, self.total)

    @property
    def e_result_rate(self) -> float | None:
        """Dossiers with an electronic result / dossiers resolved or returned, in percent."""
        return _pct(self.e_results, self.results_base)

    def rates(self) -> dict[str, float | None]:
        """Every rate by name: what --json and the exports add to the fields."""
        return {
            "on_time_rate": self.on_time_rate,
            "early_rate": self.early_rate,
            "late_rate": self.late_rate,
            "online_rate": self.online_rate,
            "online_dvc_rate": self.online_dvc_rate,
            "online_payment_rate": self.online_payment_rate,
            "digitised_rate": self.digitised_rate,
            "e_result_rate": self.e_result_rate,
        }


@dataclass
class _Tally:
    key: str
    label: str
    level: int | None = None
    counts: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(
            (
                "total",
                "direct",
                "online",
                "post",
                "assisted",
                "early",
                "on_time",
                "late",
                "in_processing",
                "overdue",
            ),
            0,
        )
    )

    def add(self, n: int, channel: int, status: int, assisted: int, timeliness: int) -> None:
        c = self.counts
        c["total"] += n
        c[("direct", "online", "post")[channel - 1]] += n
        if assisted and channel == Channel.ONLINE:
            c["assisted"] += n
        if timeliness:
            c[("early", "on_time", "late")[timeliness - 1]] += n
        if status in OPEN_STATUSES:
            c["in_processing"] += n

    def line(self) -> BreakdownLine:
        c = self.counts
        return BreakdownLine(
            key=self.key,
            label=self.label,
            total=c["total"],
            direct=c["direct"],
            online=c["online"],
            post=c["post"],
            assisted=c["assisted"],
            resolved=c["early"] + c["on_time"] + c["late"],
            early=c["early"],
            on_time=c["on_time"],
            late=c["late"],
            in_processing=c["in_processing"],
            overdue=c["overdue"],
            level=self.level,
        )


def _tally(
    tallies: dict[int, _Tally], key: int, code: str, label: str, level: int | None
) -> _Tally:
    if key not in tallies:
        tallies[key] = _Tally(code, label, level)
    return tallies[key]


def _sorted_lines(tallies: dict[int, _Tally]) -> tuple[BreakdownLine, ...]:
    lines = [t.line() for t in tallies.values()]
    return tuple(sorted(lines, key=lambda line: (-line.total, line.key)))


def build_report(
    ctx: DeskContext, *, date_from: date, date_to: date, overdue_limit: int = 500
) -> Report:
    """Dossiers received from ``date_from`` to ``date_to`` inclusive (Vietnam days).

    ``overdue`` lists at most ``overdue_limit`` of the overdue dossiers (newest first);
    ``in_processing_overdue`` counts them all."""
    ctx.actor.require(Permission.REPORTS)
    start, _ = ctx.local_day_bounds(date_from)
    _, end = ctx.local_day_bounds(date_to)
    now = ctx.now()
    channels = dict.fromkeys(Channel, 0)
    statuses = dict.fromkeys(Status, 0)
    timely = [0, 0, 0, 0]  # not finished, early, on time, late
    assisted = overdue_count = with_fees = paid = dvc = dvc_base = 0
    by_proc: dict[int, _Tally] = {}
    by_user: dict[int, _Tally] = {}
    with ctx.db.read_session() as s:
        procedures = procedure_labels(s)
        users = user_labels(s)
        routed = _RoutedSplit(s, start, end, now)
        for g in report_groups(s, start, end):
            n = g.dossiers - routed.elsewhere.get(g._replace(dossiers=0), 0)
            if not n:
                continue  # all received at another point: counted there
            has_fee, is_paid, tl = g.has_fee, g.paid_online, g.timeliness
            is_assisted, st, ch = g.assisted, g.status, g.channel
            receiver, proc = g.receiver_id, g.procedure_id
            channels[Channel(ch)] += n
            statuses[Status(st)] += n
            timely[tl] += n
            with_fees += n * has_fee
            paid += n * (has_fee & is_paid)
            if is_assisted and ch == Channel.ONLINE:
                assisted += n
            code, name, level = procedures.get(proc, (f"#{proc}", "", None))
            if level is not None and level >= 3 and ch in (Channel.DIRECT, Channel.ONLINE):
                dvc_base += n
                dvc += n * (ch == Channel.ONLINE)
            _tally(by_proc, proc, code, name, level).add(n, ch, st, is_assisted, tl)
            username, full_name = users.get(receiver, ("", UNKNOWN_RECEIVER))
            _tally(by_user, receiver, username, full_name, None).add(n, ch, st, is_assisted, tl)
        for proc, receiver, n_all in overdue_groups(s, start, end, now):
            n = n_all - routed.elsewhere_overdue.get((proc, receiver), 0)
            if not n:
                continue
            overdue_count += n
            by_proc[proc].counts["overdue"] += n
            by_user[receiver].counts["overdue"] += n
        outcomes = volunteer_outcomes(s, start, end)
        digitised, reused, e_results = side_counts(s, start, end)
        collected = collected_by_method(s, start, end)
    submitted, matched = outcomes.get("submitted", (0, 0))
    failed = outcomes.get("failed", (0, 0))[0]
    total = sum(channels.values())
    overdue_rows = list_dossiers(
        ctx, overdue=True, received_from=start, received_to=end, limit=overdue_limit
    )
    if routed.from_others:  # those are counted where they were received (their code's prefix)
        own = ctx.service_point()[0].code + "-"
        overdue_rows = [r for r in overdue_rows if r.code.startswith(own)]
    return Report(
        date_from=date_from,
        date_to=date_to,
        total=total,
        by_channel=tuple(
            ChannelLine(c, n, 100.0 * n / total if total else 0.0) for c, n in channels.items()
        ),
        by_status=tuple((st, n) for st, n in statuses.items() if n),
        resolved=timely[1] + timely[2] + timely[3],
        early=timely[1],
        on_time=timely[2],
        late=timely[3],
        in_processing=sum(n for st, n in statuses.items() if st in OPEN_STATUSES),
        assisted_online=assisted + submitted - matched,
        overdue=tuple(overdue_rows),
        in_processing_overdue=overdue_count,
        assisted_dossiers=assisted,
        volunteer_submitted=submitted,
        volunteer_failed=failed,
        online_dvc=dvc,
        online_dvc_base=dvc_base,
        with_fees=with_fees,
        paid_online=paid,
        by_procedure=_sorted_lines(by_proc),
        by_receiver=_sorted_lines(by_user),
        generated_at=now,
        digitised=digitised,
        reused=reused,
        e_results=e_results,
        results_base=statuses.get(Status.RESOLVED, 0) + statuses.get(Status.RETURNED, 0),
        collected=collected,
        for_others=routed.for_others,
        from_others=routed.from_others,
    )


class _RoutedSplit:
    """The dossiers of the range whose competent body is not the receiving agency (issue
    18): those received here for another body (by body), and those received at another
    point for this one (by point), which the main figures leave out."""

    def __init__(self, s: Session, start: datetime, end: datetime, now: datetime) -> None:
        home = home_agency_ids(s)
        # Without another agency known no dossier can be routed: skip the row reads.
        groups = routed_groups(s, start, end, now) if has_other_agencies(s) else []
        labels = agency_labels(s, {g.agency_id for g in groups} | {g.competent_id for g in groups})
        self.elsewhere: dict[ReportKey, int] = {}
        self.elsewhere_overdue: dict[tuple[int, int], int] = {}
        mine: dict[int, _Tally] = {}
        theirs: dict[int, _Tally] = {}
        for g in groups:
            k, n = g.key, g.key.dossiers
            received_here = g.agency_id in home
            body = g.competent_id if received_here else g.agency_id
            code, name = labels.get(body, (f"#{body}", ""))
            tally = _tally(mine if received_here else theirs, body, code, name, None)
            tally.add(n, k.channel, k.status, k.assisted, k.timeliness)
            if g.overdue:
                tally.counts["overdue"] += n
            if not received_here:
                bare = k._replace(dossiers=0)
                self.elsewhere[bare] = self.elsewhere.get(bare, 0) + n
                if g.overdue:
                    pair = (k.procedure_id, k.receiver_id)
                    self.elsewhere_overdue[pair] = self.elsewhere_overdue.get(pair, 0) + n
        self.for_others = _sorted_lines(mine)
        self.from_others = _sorted_lines(theirs)
