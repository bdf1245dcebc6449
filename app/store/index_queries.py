"""The counts behind the 766 scorecard (app/domain/index766.py) and its drill-down lists.

Set-based and aggregated in SQLite. The dossier side is one pass over the covering index
``ix_dossier_index766`` (no table lookups), whose score columns carry each dossier's part
of the counts, its side rows (files, results, supplement requests, ratings, outbox events)
included (app/store/dossier_flags.py, migration 0016)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import NamedTuple

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.domain.dossier import DUE_STATUSES
from app.domain.index766 import IndexCounts, Reason
from app.store.dossier_flags import (
    E_RESULT,
    FIELD_MASK,
    FILED,
    PACK,
    REPEAT,
    SCORE_FIELDS,
    UNSYNCED,
)

#: What can be late while open: not a dossier waiting for the citizen's supplement (that
#: wait is subtracted; its appointment moves on when the citizen completes it).
_DUE = ", ".join(str(int(s)) for s in sorted(DUE_STATUSES))
_DONE = "9, 10"  # resolved, result returned
_STORE_FMT = "%Y-%m-%d %H:%M:%S.%f"  # how the store writes datetimes (naive UTC)
_RANGE = "d.received_at >= :start AND d.received_at < :end"
#: Late as the index counts it: finished after the (first) appointment, or open (and not
#: waiting for the citizen) past it at :asof. The extended appointment of an apology letter does not make a dossier on time.
_LATE = (
    f"(coalesce(d.timeliness, 0) = 3 OR (d.timeliness IS NULL AND d.status IN ({_DUE})"
    " AND d.appointment_at < :asof))"
)

#: One pass over ``ix_dossier_index766``: each score column of the row is three counts
#: packed in 20-bit fields (app/store/dossier_flags.py), so a sum is three counts at once.
_SCORES = tuple(SCORE_FIELDS)
_MAIN_SQL = text(f"""
SELECT count(*), {", ".join(f"coalesce(sum(d.{c}), 0)" for c in _SCORES)}
FROM dossier d INDEXED BY ix_dossier_index766
WHERE {_RANGE}
""")
#: The same, one sum per field: for a period of more dossiers than a field counts.
_MAIN_WIDE_SQL = text(f"""
SELECT count(*), {
    ", ".join(
        f"coalesce(sum(d.{c} >> {PACK * i} & {FIELD_MASK}), 0)"
        for c in _SCORES
        for i in range(len(SCORE_FIELDS[c]))
    )
}
FROM dossier d INDEXED BY ix_dossier_index766
WHERE {_RANGE}
""")
#: Open past the appointment (and how many of those had a second supplement request): a
#: condition of its own, which SQLite tests far faster in a WHERE clause than inside an
#: aggregate.
_OPEN_LATE_SQL = text(f"""
SELECT count(*), coalesce(sum(d.side_flags & {REPEAT} != 0), 0)
FROM dossier d INDEXED BY ix_dossier_index766
WHERE {_RANGE} AND d.timeliness IS NULL AND d.status IN ({_DUE}) AND d.appointment_at < :asof
""")


def _fields(session: Session, p: dict[str, str]) -> tuple[int, list[int]]:
    """The number of dossiers of the period and every packed field, in SCORE_FIELDS order."""
    received, *sums = session.execute(_MAIN_SQL, p).one()
    if received <= FIELD_MASK:
        fields = [
            int(total) >> PACK * i & FIELD_MASK
            for c, total in zip(_SCORES, sums, strict=True)
            for i in range(len(SCORE_FIELDS[c]))
        ]
        return int(received), fields
    received, *wide = session.execute(_MAIN_WIDE_SQL, p).one()
    return int(received), [int(v) for v in wide]


def _stored(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(tzinfo=None).strftime(_STORE_FMT)


def index_counts(session: Session, start: datetime, end: datetime, as_of: datetime) -> IndexCounts:
    """The counts of the dossiers received in [start, end); open ones are late when their
    appointment is before ``as_of``."""
    p = {"start": _stored(start), "end": _stored(end), "asof": _stored(as_of)}
    received, fields = _fields(session, p)
    if not received:
        return IndexCounts()
    (late, online, resolved, with_fee, paid, online_done, digitised, reused, national) = fields[:9]
    (e_results, online_e, citizen_data, repeat_not_finished_late, unhappy, unsynced) = fields[9:]
    open_late, open_late_repeat = session.execute(_OPEN_LATE_SQL, p).one()
    # More than one supplement request counts a dossier late (if it is not late already).
    late += open_late + repeat_not_finished_late - open_late_repeat
    return IndexCounts(
        received=received,
        late=late,
        synced=received - unsynced,
        online_ok=online - online_done + online_e,
        with_fee=with_fee,
        paid_online=paid,
        unhappy=unhappy,
        resolved=resolved,
        e_results=e_results,
        digitised=digitised,
        reused=reused,
        national_store=national,
        citizen_data=citizen_data,
    )


class DrillLine(NamedTuple):
    code: str
    applicant_name: str
    procedure_code: str
    status: int
    received_at: datetime
    appointment_at: datetime | None


#: Reason -> the WHERE condition on ``d`` that selects its dossiers.
_DRILL_WHERE: dict[Reason, str] = {
    Reason.OVERDUE: _LATE,
    Reason.SECOND_SUPPLEMENT: f"d.side_flags & {REPEAT}",
    Reason.NO_FILE: f"NOT d.side_flags & {FILED}",
    Reason.NO_E_RESULT: f"d.status IN ({_DONE}) AND NOT d.side_flags & {E_RESULT}",
    Reason.NOT_PAID_ONLINE: "d.fee_total > 0 AND NOT d.paid_online",
    Reason.NOT_SYNCED: f"d.side_flags & {UNSYNCED}",
}


def _parse(value: object) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC)
    return datetime.strptime(str(value), _STORE_FMT).replace(tzinfo=UTC)


def drill_lines(
    session: Session,
    reason: Reason,
    start: datetime,
    end: datetime,
    as_of: datetime,
    limit: int,
) -> tuple[int, list[DrillLine]]:
    """How many dossiers received in [start, end) cost points for ``reason``, and the first
    ``limit`` of them, first received first (the order of the range index: no sort)."""
    p = {"start": _stored(start), "end": _stored(end), "asof": _stored(as_of), "limit": limit}
    where = f"{_RANGE} AND ({_DRILL_WHERE[reason]})"
    count = session.execute(text(f"SELECT count(*) FROM dossier d WHERE {where}"), p).scalar_one()
    rows = session.execute(
        text(f"""
SELECT d.code, d.applicant_name, coalesce(pr.code, ''), d.status, d.received_at,
       d.appointment_at
FROM dossier d LEFT JOIN procedure pr ON pr.id = d.procedure_id
WHERE {where}
ORDER BY d.received_at
LIMIT :limit"""),
        p,
    )
    lines = [
        DrillLine(str(c), str(n), str(pc), int(st), _parse(r) or start, _parse(a))
        for c, n, pc, st, r, a in rows
    ]
    return int(count), lines
