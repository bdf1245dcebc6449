"""Core figures on a large counter database (DESIGN.md section 8).

    python bench/build_bench_db.py --out /tmp/motcua-bench          # once, ~1 minute
    python bench/bench_core.py --data-dir /tmp/motcua-bench

Prints on its last line: intake p50/p95 (durable commit + audit + outbox), search p95 by
code, ID number and accent-insensitive name prefix, and a one-month report.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.domain.dossier import VN_TZ  # noqa: E402
from app.services.catalog import all_procedures  # noqa: E402
from app.services.context import open_desk  # noqa: E402
from app.services.demo import random_person  # noqa: E402
from app.services.dossiers import count_dossiers, list_dossiers, receive_dossier  # noqa: E402
from app.services.reports import build_report  # noqa: E402


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def timed(fn, *args, **kwargs) -> float:  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    fn(*args, **kwargs)
    return (time.perf_counter() - t) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--intakes", type=int, default=300)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    con = sqlite3.connect(args.data_dir / "motcua.sqlite3")
    used_days = con.execute("SELECT count(*) FROM code_sequence WHERE slot = 1").fetchone()[0]
    con.close()
    # Each run receives on a day of its own: a counter has 999 numbers a day.
    shift = timedelta(days=1 + used_days)
    ctx = open_desk(args.data_dir, clock=lambda: datetime.now(UTC) + shift)
    con = sqlite3.connect(ctx.db.path)
    total = con.execute("SELECT count(*) FROM dossier").fetchone()[0]
    rng = random.Random(7)
    max_id = con.execute("SELECT max(id) FROM dossier").fetchone()[0]
    sample = [
        con.execute(
            "SELECT code, id_number, name_folded FROM dossier WHERE id = ?",
            (rng.randrange(1, max_id + 1),),
        ).fetchone()
        for _ in range(args.queries)
    ]
    con.close()
    print(f"database: {total} dossiers ({ctx.db.path.stat().st_size / 1e6:.0f} MB)")

    procs = [p.code for p in all_procedures(ctx)]
    list_dossiers(ctx, limit=1)  # warm the connection pool and the catalog cache
    intake = [
        timed(receive_dossier, ctx, procedure_code=rng.choice(procs), applicant=random_person(rng))
        for _ in range(args.intakes)
    ]
    by_code = [timed(list_dossiers, ctx, search=code, limit=50) for code, _, _ in sample]
    by_id = [timed(list_dossiers, ctx, search=number, limit=50) for _, number, _ in sample]
    prefixes = [
        " ".join(folded.split()[:2]) + " " + folded.split()[-1][:1] for _, _, folded in sample
    ]
    by_name = [timed(list_dossiers, ctx, search=p, limit=50) for p in prefixes]
    assert all(
        list_dossiers(ctx, search=code, limit=5)[0].code == code for code, _, _ in sample[:20]
    )
    # The queue's one box (app/domain/lookup.py): a given name, the last digits of an ID,
    # a code's tail, the receipt's QR (a URL).
    given = [" ".join(folded.split()[-2:]) for _, _, folded in sample]
    by_given = [timed(list_dossiers, ctx, search=g, limit=50) for g in given]
    by_digits = [timed(list_dossiers, ctx, search=number[-6:], limit=50) for _, number, _ in sample]
    by_tail = [
        timed(list_dossiers, ctx, search=code.split("-", 1)[1], limit=50) for code, _, _ in sample
    ]
    by_url = [
        timed(
            list_dossiers, ctx, search=f"https://dichvucong.example.vn/tra-cuu?ma={code}", limit=50
        )
        for code, _, _ in sample
    ]
    by_count = [timed(count_dossiers, ctx, search=g) for g in given[:50]]
    today = datetime.now(UTC).astimezone(VN_TZ).date()
    first = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    last = today.replace(day=1) - timedelta(days=1)
    month = [timed(build_report, ctx, date_from=first, date_to=last) for _ in range(5)]
    rep = build_report(ctx, date_from=first, date_to=last)
    print(f"report {first:%m/%Y}: {rep.total} dossiers, on-time {rep.on_time_rate or 0:.2f}%")
    print(
        f"intake_p50={statistics.median(intake):.2f} ms intake_p95={pct(intake, 0.95):.2f} ms "
        f"search_code_p95={pct(by_code, 0.95):.2f} ms search_id_p95={pct(by_id, 0.95):.2f} ms "
        f"search_name_p95={pct(by_name, 0.95):.2f} ms search_given_p95={pct(by_given, 0.95):.2f} ms "
        f"search_digits_p95={pct(by_digits, 0.95):.2f} ms search_tail_p95={pct(by_tail, 0.95):.2f} ms "
        f"search_url_p95={pct(by_url, 0.95):.2f} ms count_given_p95={pct(by_count, 0.95):.2f} ms "
        f"report_month={statistics.median(month):.1f} ms"
    )
    ctx.db.dispose()


if __name__ == "__main__":
    main()
