"""The 766 scorecard of one year over the million-dossier database (DESIGN.md section 8:
under 300 ms).

    python bench/build_bench_db.py --out /tmp/motcua-bench          # once
    python bench/bench_index.py --data-dir /tmp/motcua-bench

The built database holds dossiers only. On its first run this script gives it what a
counter of that size also holds, so that every count of the scorecard has rows to count
(once; a key_value row marks it): one acknowledged outbox event per dossier (one in 200
still pending), 70 % of identities read from the QR, supplement requests on 3 % (a second
on 0.5 %), ratings on 30 % (2 % unhappy), two components per dossier with a file on the
first of 40 % of them (a fifth reused, a tenth from the national store) and an electronic
result on 20 % of the resolved.

Prints the median of several runs (year, the same year per month, and a plain count of the
year's dossiers over the report index as this machine's floor at that moment) on its last
line.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.domain.dossier import VN_TZ  # noqa: E402
from app.domain.index766 import Period  # noqa: E402
from app.services.context import open_desk  # noqa: E402
from app.services.index766 import build_scorecards  # noqa: E402

MARK = "bench.index766.enriched"
_SHA = "0" * 64
_ENRICH = (
    "UPDATE dossier SET identity_source = 'qr' WHERE id % 10 < 7",
    "INSERT INTO outbox (event_id, kind, dossier_code, payload, payload_hash, created_at,"
    " state, attempts, next_attempt_at, last_error, acked_at)"
    " SELECT lower(hex(randomblob(16))), 'dossier.upsert', code, '{}', '', received_at,"
    " CASE WHEN id % 200 = 0 THEN 'pending' ELSE 'acked' END, 0, NULL, '',"
    " CASE WHEN id % 200 = 0 THEN NULL ELSE received_at END FROM dossier",
    "INSERT INTO supplement_request (uid, dossier_id, requested_at, requested_by, items, note,"
    " completed_at, completed_by, due_before, due_after)"
    " SELECT lower(hex(randomblob(16))), id, received_at, 'canbo1', '[]', '', received_at,"
    " 'canbo1', NULL, NULL FROM dossier WHERE id % 100 < 3",
    "INSERT INTO supplement_request (uid, dossier_id, requested_at, requested_by, items, note,"
    " completed_at, completed_by, due_before, due_after)"
    " SELECT lower(hex(randomblob(16))), id, received_at, 'canbo1', '[]', '', NULL, '', NULL,"
    " NULL FROM dossier WHERE id % 200 = 1",
    "INSERT INTO rating (prompt_id, dossier_id, occasion, level, reason, note, criteria,"
    " clerk_id, clerk, clerk_name, counter_id, rated_at, handled_at, handled_by, handled_note)"
    " SELECT lower(hex(randomblob(16))), id, 'intake', CASE WHEN id % 50 = 7 THEN 3 ELSE 1 END,"
    " '', '', '{}', NULL, 'canbo1', '', counter_id, received_at, NULL, '', '' FROM dossier"
    " WHERE id % 10 < 3",
    "INSERT INTO dossier_document (dossier_id, position, code, name, originals, copies)"
    " SELECT id, 0, '', 'Tờ khai', 1, 0 FROM dossier",
    "INSERT INTO dossier_document (dossier_id, position, code, name, originals, copies)"
    " SELECT id, 1, '', 'Bản sao CCCD', 0, 1 FROM dossier",
    f"INSERT INTO stored_file (sha256, size, mime, pages, created_at, hub_acked_at)"
    f" VALUES ('{_SHA}', 1000, 'application/pdf', 1, '2025-01-01 00:00:00.000000', NULL)",
    f"INSERT INTO dossier_file (uid, dossier_id, document_id, position, name, sha256, size,"
    f" pages, source, digitised, reused, from_national, created_at, created_by)"
    f" SELECT lower(hex(randomblob(16))), c.dossier_id, c.id, 0, 'a.pdf', '{_SHA}', 1000, 1,"
    f" 'scan', 1, c.dossier_id % 5 = 0, c.dossier_id % 10 = 0, '2025-01-01 00:00:00.000000',"
    f" 'canbo1' FROM dossier_document c WHERE c.position = 0 AND c.dossier_id % 10 < 4",
    f"INSERT INTO dossier_result (uid, dossier_id, position, name, code, so_ky_hieu, issuer,"
    f" signer, signed_on, sha256, size, pages, source, hub_seq, fetch_error, created_at,"
    f" created_by) SELECT lower(hex(randomblob(16))), id, 0, 'Kết quả', 'KQ', '', '', '',"
    f" NULL, '{_SHA}', 1000, 1, 'hub', NULL, '', received_at, '' FROM dossier"
    f" WHERE status IN (9, 10) AND id % 5 = 0",
)


def enrich(path: Path) -> None:
    con = sqlite3.connect(path, isolation_level=None)
    if con.execute("SELECT 1 FROM key_value WHERE key = ?", (MARK,)).fetchone():
        con.close()
        return
    t = time.perf_counter()
    con.execute("PRAGMA synchronous=OFF")  # throw-away bench data only
    con.execute("BEGIN")
    for sql in _ENRICH:
        con.execute(sql)
    con.execute("INSERT INTO key_value (key, value) VALUES (?, '1')", (MARK,))
    con.execute("COMMIT")
    con.execute("ANALYZE")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    print(f"enriched the side tables in {time.perf_counter() - t:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--dossiers-only",
        action="store_true",
        help="time the database as build_bench_db.py made it (no side rows added)",
    )
    args = parser.parse_args()
    ctx = open_desk(args.data_dir)  # upgrades to head (migration 0015's index) if needed
    ctx.db.dispose()
    if not args.dossiers_only:
        enrich(args.data_dir / "motcua.sqlite3")
    ctx = open_desk(args.data_dir)
    today = datetime.now(UTC).astimezone(VN_TZ).date()
    first, last = date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)

    def run(period: Period) -> float:
        t = time.perf_counter()
        build_scorecards(ctx, date_from=first, date_to=last, period=period)
        return (time.perf_counter() - t) * 1000

    def floor() -> float:
        """The same year's plain count over the report index: what any one pass costs on
        this machine right now (the others' load included), to read the figures against."""
        start, _ = ctx.local_day_bounds(first)
        _, end = ctx.local_day_bounds(last)
        fmt = "%Y-%m-%d %H:%M:%S.%f"
        p = [m.astimezone(UTC).replace(tzinfo=None).strftime(fmt) for m in (start, end)]
        t = time.perf_counter()
        con.execute(
            "SELECT count(*) FROM dossier INDEXED BY ix_dossier_report"
            " WHERE received_at >= ? AND received_at < ?",
            p,
        ).fetchone()
        return (time.perf_counter() - t) * 1000

    con = sqlite3.connect(args.data_dir / "motcua.sqlite3")
    run(Period.YEAR)  # warm the page cache once
    year, months, base = [], [], []
    for _ in range(args.runs):  # interleaved: a burst of load weighs on all three alike
        year.append(run(Period.YEAR))
        months.append(run(Period.MONTH))
        base.append(floor())
    con.close()
    (card,) = build_scorecards(ctx, date_from=first, date_to=last, period=Period.YEAR)
    print(
        f"scorecard {card.label}: {card.counts.received} dossiers, {card.points:g} of "
        f"{card.measured_max:g} measured points (estimate)"
    )
    print(
        f"index766_year={statistics.median(year):.1f} ms "
        f"index766_year_by_month={statistics.median(months):.1f} ms "
        f"baseline_year_count_scan={statistics.median(base):.1f} ms"
    )


if __name__ == "__main__":
    main()
