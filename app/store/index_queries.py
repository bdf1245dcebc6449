"""The counts behind the 766 scorecard (app/domain/index766.py) and its drill-down lists.

Set-based and aggregated in SQLite. The dossier side is one pass over the covering index
``ix_dossier_report`` (no table lookups); every other count is driven from the small side
(supplement requests, files, results, ratings, outbox events not yet acknowledged) and
joins the dossier by its key (``CROSS JOIN`` keeps SQLite from turning the loop round).
The identity source is read through the partial index of migration 0015."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import NamedTuple

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.domain.dossier import OPEN_STATUSES
from app.domain.index766 import IndexCounts, Reason
from app.domain.ratings import Level
from app.store.outbox import GATEWAY_KINDS

_OPEN = ", ".join(str(int(s)) for s in sorted(OPEN_STATUSES))
_DONE = "9, 10"  # resolved, result returned
_UNACKED = "'pending', 'sending', 'rejected', 'dead'"
#: Requests to gateways (the e-receipt) are no part of the national record.
_GATEWAY = ", ".join(f"'{k}'" for k in sorted(GATEWAY_KINDS))
_STORE_FMT = "%Y-%m-%d %H:%M:%S.%f"  # how the store writes datetimes (naive UTC)
_RANGE = "d.received_at >= :start AND d.received_at < :end"
#: Late as the index counts it: finished after the (first) appointment, or open past it at
#: :asof. The extended appointment of an apology letter does not make a dossier on time.
_LATE = (
    f"(coalesce(d.timeliness, 0) = 3 OR (d.timeliness IS NULL AND d.status IN ({_OPEN})"
    " AND d.appointment_at < :asof))"
)
_HAS_E_RESULT = (
    "EXISTS (SELECT 1 FROM dossier_result r JOIN stored_file sf ON sf.sha256 = r.sha256"
    " WHERE r.dossier_id = d.id)"
)
_MISSING_FILE = (
    "EXISTS (SELECT 1 FROM dossier_document c WHERE c.dossier_id = d.id AND NOT EXISTS"
    " (SELECT 1 FROM dossier_file x WHERE x.document_id = c.id))"
)
_QR = "d.identity_source = 'qr' AND d.applicant_kind = 1"

#: One pass over the covering index. The counts are packed into two sums (20 bits each,
#: a period holds far fewer than a million dossiers): SQLite pays per aggregate per row.
#: ``IS 3``, not ``= 3``: a NULL would make the whole packed value NULL. Statuses stop at
#: 10, so ``>= 9`` is resolved or returned.
_MAIN_SQL = text(f"""
SELECT count(*), min(d.id), max(d.id),
  coalesce(sum((d.timeliness IS 3) | ((d.channel = 2) << 20) | ((d.status >= 9) << 40)), 0),
  coalesce(sum((d.fee_total > 0) | ((d.fee_total > 0 AND d.paid_online) << 20)
               | ((d.channel = 2 AND d.status >= 9) << 40)), 0)
FROM dossier d INDEXED BY ix_dossier_report
WHERE {_RANGE}
""")
#: Open past the appointment: a condition of its own, which SQLite tests far faster in a
#: WHERE clause (cheap status first) than inside an aggregate.
_OPEN_LATE_SQL = text(f"""
SELECT count(*) FROM dossier d INDEXED BY ix_dossier_report
WHERE {_RANGE} AND d.timeliness IS NULL AND d.status IN ({_OPEN}) AND d.appointment_at < :asof
""")
#: The side tables are read only for the ids of the period's dossiers (min..max id of the
#: main pass: every dossier of the period is inside it, whatever order ids were given in).
_IDS = "BETWEEN :lo AND :hi"
#: More than one supplement request counts a dossier late (if it is not late already).
_REPEAT_SQL = text(f"""
SELECT count(*)
FROM (SELECT dossier_id FROM supplement_request WHERE dossier_id {_IDS}
      GROUP BY dossier_id HAVING count(*) > 1) s
CROSS JOIN dossier d ON d.id = s.dossier_id
WHERE {_RANGE} AND NOT {_LATE}
""")
_UNSYNCED_SQL = text(f"""
SELECT count(DISTINCT d.id)
FROM outbox o INDEXED BY ix_outbox_state CROSS JOIN dossier d ON d.code = o.dossier_code
WHERE o.state IN ({_UNACKED}) AND o.kind NOT IN ({_GATEWAY}) AND {_RANGE}
""")
#: Resolved or returned with an electronic result: all of them, and the online ones.
_E_RESULT_SQL = text(f"""
SELECT count(*), coalesce(sum(d.channel = 2), 0)
FROM (SELECT DISTINCT r.dossier_id FROM dossier_result r
      JOIN stored_file sf ON sf.sha256 = r.sha256 WHERE r.dossier_id {_IDS}) e
CROSS JOIN dossier d ON d.id = e.dossier_id
WHERE {_RANGE} AND d.status IN ({_DONE})
""")
#: Per dossier with files: are all its components filed, reused, from the national store.
_FILES_SQL = text(f"""
SELECT coalesce(sum(t.complete), 0),
       coalesce(sum(t.complete AND (d.status NOT IN ({_DONE}) OR {_HAS_E_RESULT})), 0),
       coalesce(sum(t.reused), 0), coalesce(sum(t.national), 0),
       coalesce(sum(t.national AND NOT ({_QR})), 0)
FROM (SELECT f.dossier_id, max(f.reused) AS reused, max(f.from_national) AS national,
             count(DISTINCT f.document_id) = (SELECT count(*) FROM dossier_document c
                                              WHERE c.dossier_id = f.dossier_id) AS complete
      FROM dossier_file f INDEXED BY ix_dossier_file_index766
      WHERE f.dossier_id {_IDS} GROUP BY f.dossier_id) t
CROSS JOIN dossier d ON d.id = t.dossier_id
WHERE {_RANGE}
""")
_QR_SQL = text(f"""
SELECT count(*) FROM dossier d INDEXED BY ix_dossier_identity_qr WHERE {_RANGE} AND {_QR}
""")
_UNHAPPY_SQL = text(f"""
SELECT count(DISTINCT d.id)
FROM rating g CROSS JOIN dossier d ON d.id = g.dossier_id
WHERE g.rated_at >= :start AND g.level = {int(Level.UNHAPPY)} AND {_RANGE}
""")
_BITS = (1 << 20) - 1
#: The same, unpacked: for a period of more dossiers than 20 bits count.
_MAIN_WIDE_SQL = text(f"""
SELECT count(*), min(d.id), max(d.id), sum(d.timeliness = 3), sum(d.channel = 2),
       sum(d.status IN ({_DONE})), sum(d.fee_total > 0), sum(d.fee_total > 0 AND d.paid_online),
       sum(d.channel = 2 AND d.status IN ({_DONE}))
FROM dossier d INDEXED BY ix_dossier_report
WHERE {_RANGE}
""")


def _stored(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(tzinfo=None).strftime(_STORE_FMT)


def index_counts(session: Session, start: datetime, end: datetime, as_of: datetime) -> IndexCounts:
    """The counts of the dossiers received in [start, end); open ones are late when their
    appointment is before ``as_of``."""
    p = {"start": _stored(start), "end": _stored(end), "asof": _stored(as_of)}
    received, lo, hi, packed_a, packed_b = session.execute(_MAIN_SQL, p).one()
    if not received:
        return IndexCounts()
    if received <= _BITS:
        late, online, resolved = packed_a & _BITS, packed_a >> 20 & _BITS, packed_a >> 40
        with_fee, paid, online_done = packed_b & _BITS, packed_b >> 20 & _BITS, packed_b >> 40
    else:
        wide = session.execute(_MAIN_WIDE_SQL, p).one()
        late, online, resolved, with_fee, paid, online_done = (int(v) for v in wide[3:])
    p.update(lo=lo, hi=hi)
    late += session.execute(_OPEN_LATE_SQL, p).scalar_one()
    late += session.execute(_REPEAT_SQL, p).scalar_one()
    unsynced = session.execute(_UNSYNCED_SQL, p).scalar_one()
    e_results, online_e = session.execute(_E_RESULT_SQL, p).one()
    _filed, digitised, reused, national, national_only = session.execute(_FILES_SQL, p).one()
    qr = session.execute(_QR_SQL, p).scalar_one()
    unhappy = session.execute(_UNHAPPY_SQL, p).scalar_one()
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
        citizen_data=qr + national_only,
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
    Reason.SECOND_SUPPLEMENT: "d.id IN (SELECT dossier_id FROM supplement_request"
    " GROUP BY dossier_id HAVING count(*) > 1)",
    Reason.NO_FILE: f"NOT EXISTS (SELECT 1 FROM dossier_document c WHERE c.dossier_id = d.id)"
    f" OR {_MISSING_FILE}",
    Reason.NO_E_RESULT: f"d.status IN ({_DONE}) AND NOT {_HAS_E_RESULT}",
    Reason.NOT_PAID_ONLINE: "d.fee_total > 0 AND NOT d.paid_online",
    Reason.NOT_SYNCED: f"d.code IN (SELECT o.dossier_code FROM outbox o INDEXED BY"
    f" ix_outbox_state WHERE o.state IN ({_UNACKED}) AND o.kind NOT IN ({_GATEWAY}))",
}


_IDS_SQL = text(f"""
SELECT count(*), min(d.id), max(d.id) FROM dossier d INDEXED BY ix_dossier_report WHERE {_RANGE}
""")
_COMPLETE_SQL = text(f"""
SELECT count(*)
FROM (SELECT f.dossier_id,
             count(DISTINCT f.document_id) = (SELECT count(*) FROM dossier_document c
                                              WHERE c.dossier_id = f.dossier_id) AS complete
      FROM dossier_file f INDEXED BY ix_dossier_file_index766
      WHERE f.dossier_id {_IDS} GROUP BY f.dossier_id) t
CROSS JOIN dossier d ON d.id = t.dossier_id
WHERE {_RANGE} AND t.complete
""")


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
    if reason == Reason.NO_FILE:
        # Counted from the files' side: received − those with every component filed.
        received, lo, hi = session.execute(_IDS_SQL, p).one()
        p.update(lo=lo or 0, hi=hi or 0)
        count = received - session.execute(_COMPLETE_SQL, p).scalar_one()
    else:
        count = session.execute(
            text(f"SELECT count(*) FROM dossier d WHERE {where}"), p
        ).scalar_one()
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
