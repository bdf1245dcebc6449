"""Counts by channel and status, on-time rate and the overdue list, for a date range."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC as _UTC
from datetime import date

from sqlalchemy import text

from app.domain.dossier import OPEN_STATUSES, Channel, DossierRow, Status
from app.domain.roles import Permission
from app.services.context import DeskContext
from app.services.dossiers import list_dossiers

# Early / on time / late is stored when a dossier finishes (Vietnam day level).
_SQL = text("""
SELECT channel, status, assisted, count(*),
  sum(timeliness = 1), sum(timeliness = 2), sum(timeliness = 3)
FROM dossier INDEXED BY ix_dossier_received
WHERE received_at >= :start AND received_at < :end
GROUP BY channel, status, assisted
""")


@dataclass(frozen=True)
class ChannelLine:
    channel: Channel
    count: int
    percent: float


@dataclass(frozen=True)
class Report:
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

    @property
    def on_time_rate(self) -> float | None:
        """Resolved on or before the appointment / resolved, in percent."""
        if not self.resolved:
            return None
        return 100.0 * (self.early + self.on_time) / self.resolved


def build_report(ctx: DeskContext, *, date_from: date, date_to: date, overdue_limit: int = 500) -> Report:
    """Dossiers received from ``date_from`` to ``date_to`` inclusive (Vietnam days)."""
    ctx.actor.require(Permission.REPORTS)
    start, _ = ctx.local_day_bounds(date_from)
    _, end = ctx.local_day_bounds(date_to)
    params = {
        "start": start.astimezone(_UTC).replace(tzinfo=None).isoformat(sep=" "),
        "end": end.astimezone(_UTC).replace(tzinfo=None).isoformat(sep=" "),
    }
    channels = dict.fromkeys(Channel, 0)
    statuses = dict.fromkeys(Status, 0)
    early = on_time = late = assisted = 0
    with ctx.db.read_session() as s:
        for ch, st, is_assisted, n, e, o, lt in s.execute(_SQL, params):
            channels[Channel(ch)] += n
            statuses[Status(st)] += n
            early, on_time, late = early + (e or 0), on_time + (o or 0), late + (lt or 0)
            if is_assisted and ch == Channel.ONLINE:
                assisted += n
    total = sum(channels.values())
    overdue = list_dossiers(ctx, overdue=True, received_from=start, received_to=end, limit=overdue_limit)
    return Report(
        date_from=date_from, date_to=date_to, total=total,
        by_channel=tuple(
            ChannelLine(c, n, 100.0 * n / total if total else 0.0) for c, n in channels.items()
        ),
        by_status=tuple((st, n) for st, n in statuses.items() if n),
        resolved=early + on_time + late, early=early, on_time=on_time, late=late,
        in_processing=sum(n for st, n in statuses.items() if st in OPEN_STATUSES),
        assisted_online=assisted, overdue=tuple(overdue),
    )
