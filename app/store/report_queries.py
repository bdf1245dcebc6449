"""The queries of the counts report: one grouped pass over the report index, the overdue
counts, the volunteers' outcomes, and the labels of procedures and receivers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import NamedTuple

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from app.domain.dossier import DUE_STATUSES
from app.domain.ratings import Level, RatingCounts
from app.store.dossier_flags import E_RESULT, FILED, REUSED

#: What can be overdue: open, not waiting for the citizen's supplement.
_DUE = ", ".join(str(int(s)) for s in sorted(DUE_STATUSES))
# Bits of the key: 2 has fees, 3 paid online, 4-5 timeliness (0 = not finished), 6 assisted,
# 7-10 status, 12-13 channel, 16-35 receiver id (0 = none), 36- procedure id.
_SQL = text("""
SELECT (procedure_id << 36) | (coalesce(receiver_id, 0) << 16) | (channel << 12)
       | (status << 7) | (assisted << 6) | (coalesce(timeliness, 0) << 4)
       | (paid_online << 3) | ((fee_total > 0) << 2) AS k, count(*)
FROM dossier INDEXED BY ix_dossier_report
WHERE received_at >= :start AND received_at < :end
GROUP BY k
""")
# Overdue in processing, as list_dossiers(overdue=True) selects them. A query of its own:
# in a WHERE clause SQLite tests the cheap status first and reads the two due dates (the
# last columns of the index) only for open dossiers; inside the key it would read them all.
_OVERDUE_SQL = text(f"""
SELECT procedure_id, coalesce(receiver_id, 0), count(*)
FROM dossier INDEXED BY ix_dossier_report
WHERE received_at >= :start AND received_at < :end AND status IN ({_DUE})
  AND coalesce(extended_appointment_at, appointment_at) < :now
GROUP BY 1, 2
""")
_VOLUNTEER_SQL = text("""
SELECT a.outcome, count(*),
  sum(EXISTS (SELECT 1 FROM dossier d WHERE d.code = a.online_code AND d.channel = 2
              AND d.assisted AND d.received_at >= :start AND d.received_at < :end))
FROM assisted_submission a
WHERE a.at >= :start AND a.at < :end
GROUP BY a.outcome
""")
_PROCEDURES_SQL = text("SELECT id, code, name, level FROM procedure")
_USERS_SQL = text("SELECT id, username, full_name FROM user_account")
#: Digitisation (index 4.2, 4.3): dossiers whose every component has a file, and dossiers
#: with at least one reused document (DuocTaiSuDung).
#: Digitised (every component filed), reusing a document, holding an electronic result:
#: the dossiers' side flags (app.store.dossier_flags, the scorecard's one rule), summed
#: over the covering index of the scorecard, no side table read.
_SIDE_FLAGS_SQL = text(f"""
SELECT sum((side_flags & {FILED}) != 0), sum((side_flags & {REUSED}) != 0),
       sum((side_flags & {E_RESULT}) != 0)
FROM dossier INDEXED BY ix_dossier_index766
WHERE received_at >= :start AND received_at < :end
""")
_STORE_FMT = "%Y-%m-%d %H:%M:%S.%f"  # how the store writes datetimes (naive UTC)
#: Dossiers received for another body or from another point (issue 18): those whose
#: competent agency is not the receiving one, by (receiving agency, competent agency) and
#: the report's key, plus whether they are overdue in processing. The partial index
#: ix_dossier_routed (migration 0017) holds only such dossiers, so a counter that routes
#: none reads nothing and one that routes some reads just those rows.
_ROUTED_SQL = text(f"""
SELECT agency_id, competent_agency_id,
       (procedure_id << 36) | (coalesce(receiver_id, 0) << 16) | (channel << 12)
       | (status << 7) | (assisted << 6) | (coalesce(timeliness, 0) << 4)
       | (paid_online << 3) | ((fee_total > 0) << 2) AS k,
       status IN ({_DUE}) AND coalesce(extended_appointment_at, appointment_at) < :now,
       count(*)
FROM dossier INDEXED BY ix_dossier_routed
WHERE received_at >= :start AND received_at < :end
  AND competent_agency_id IS NOT NULL AND competent_agency_id != agency_id
GROUP BY 1, 2, 3, 4
""")


def _stored(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(tzinfo=None).strftime(_STORE_FMT)


class ReportKey(NamedTuple):
    """One group of dossiers received in the window, and how many."""

    procedure_id: int
    receiver_id: int  # 0 = nobody recorded
    channel: int
    status: int
    assisted: int
    timeliness: int  # 0 = not finished
    paid_online: int
    has_fee: int
    dossiers: int  # how many (not "count": a NamedTuple has a count method)


def _unpack(key: int, n: int) -> ReportKey:
    return ReportKey(
        key >> 36,
        key >> 16 & 0xFFFFF,
        key >> 12 & 3,
        key >> 7 & 15,
        key >> 6 & 1,
        key >> 4 & 3,
        key >> 3 & 1,
        key >> 2 & 1,
        n,
    )


def report_groups(session: Session, start: datetime, end: datetime) -> Iterator[ReportKey]:
    for key, n in session.execute(_SQL, {"start": _stored(start), "end": _stored(end)}):
        yield _unpack(key, n)


_OTHER_AGENCY_SQL = text(
    "SELECT EXISTS (SELECT 1 FROM agency WHERE id NOT IN (SELECT agency_id FROM counter))"
)


def has_other_agencies(session: Session) -> bool:
    """Whether the database knows an agency besides its counters' own: a catalog body, or
    the receiving point of a dossier pulled from elsewhere. Without one nothing is routed."""
    return bool(session.execute(_OTHER_AGENCY_SQL).scalar())


class RoutedGroup(NamedTuple):
    """Dossiers of one report key received at ``agency_id`` for ``competent_id``."""

    agency_id: int
    competent_id: int
    key: ReportKey
    overdue: bool


def routed_groups(
    session: Session, start: datetime, end: datetime, now: datetime
) -> list[RoutedGroup]:
    """The dossiers received in [start, end) whose competent body is not the receiving
    agency (received for another body, or from another point)."""
    params = {"start": _stored(start), "end": _stored(end), "now": _stored(now)}
    return [
        RoutedGroup(int(a), int(c), _unpack(k, n), bool(late))
        for a, c, k, late, n in session.execute(_ROUTED_SQL, params)
    ]


_AGENCIES_SQL = text("SELECT id, code, name FROM agency WHERE id IN :ids").bindparams(
    bindparam("ids", expanding=True)
)


def agency_labels(session: Session, ids: set[int]) -> dict[int, tuple[str, str]]:
    """(code, name) of the agencies ``ids``."""
    if not ids:
        return {}
    rows = session.execute(_AGENCIES_SQL, {"ids": sorted(ids)})
    return {int(r[0]): (str(r[1]), str(r[2])) for r in rows}


def overdue_groups(
    session: Session, start: datetime, end: datetime, now: datetime
) -> list[tuple[int, int, int]]:
    """(procedure id, receiver id or 0, count) of the open dossiers past their due date."""
    params = {"start": _stored(start), "end": _stored(end), "now": _stored(now)}
    return [(int(p), int(r), int(n)) for p, r, n in session.execute(_OVERDUE_SQL, params)]


def volunteer_outcomes(
    session: Session, start: datetime, end: datetime
) -> dict[str, tuple[int, int]]:
    """Per outcome: how many records, and how many of them match an assisted dossier."""
    params = {"start": _stored(start), "end": _stored(end)}
    return {row[0]: (row[1], row[2] or 0) for row in session.execute(_VOLUNTEER_SQL, params)}


def side_counts(session: Session, start: datetime, end: datetime) -> tuple[int, int, int]:
    """(dossiers with a file for every component, dossiers reusing a document, dossiers
    with an electronic result whose file is held) received in [start, end)."""
    params = {"start": _stored(start), "end": _stored(end)}
    digitised, reused, e_results = session.execute(_SIDE_FLAGS_SQL, params).one()
    return int(digitised or 0), int(reused or 0), int(e_results or 0)


def procedure_labels(session: Session) -> dict[int, tuple[str, str, int | None]]:
    return {r[0]: (r[1], r[2], r[3]) for r in session.execute(_PROCEDURES_SQL)}


def user_labels(session: Session) -> dict[int, tuple[str, str]]:
    return {r[0]: (r[1], r[2]) for r in session.execute(_USERS_SQL)}


#: Satisfaction ratings at the counter (migration 0013): per answer, handled or not.
_RATINGS_SQL = text("""
SELECT level, handled_at IS NULL, count(*)
FROM rating
WHERE rated_at >= :start AND rated_at < :end
GROUP BY 1, 2
""")


def rating_counts(session: Session, start: datetime | None, end: datetime | None) -> RatingCounts:
    """How many ratings of each answer were given in [start, end) (open bounds: all)."""
    # Whole timestamps even when open: the column's numeric affinity would turn a bare
    # "9999" into a number, which no stored text is less than.
    params = {
        "start": _stored(start) if start is not None else "0001-01-01 00:00:00.000000",
        "end": _stored(end) if end is not None else "9999-12-31 23:59:59.999999",
    }
    by_level = {1: 0, 2: 0, 3: 0}
    unhappy_open = 0
    for level, is_open, n in session.execute(_RATINGS_SQL, params):
        by_level[int(level)] = by_level.get(int(level), 0) + int(n)
        if int(level) == int(Level.UNHAPPY) and is_open:
            unhappy_open += int(n)
    return RatingCounts(
        very_satisfied=by_level[int(Level.VERY_SATISFIED)],
        satisfied=by_level[int(Level.SATISFIED)],
        unhappy=by_level[int(Level.UNHAPPY)],
        unhappy_open=unhappy_open,
    )


# Fees collected (paid_at) in the range by method, voided receipts left out (issue 16).
_COLLECTED_SQL = text("""
SELECT method, count(*), coalesce(sum(amount), 0) FROM fee_payment
WHERE paid_at >= :start AND paid_at < :end
  AND id NOT IN (SELECT payment_id FROM fee_payment_void)
GROUP BY method ORDER BY method
""")


def collected_by_method(
    session: Session, start: datetime, end: datetime
) -> tuple[tuple[str, int, int], ...]:
    """(method, receipts, amount) of the fees collected in [start, end)."""
    params = {"start": _stored(start), "end": _stored(end)}
    return tuple((str(m), int(n), int(a)) for m, n, a in session.execute(_COLLECTED_SQL, params))
