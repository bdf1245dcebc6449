"""Build a counter database with N dossiers (default 1,000,000) for the benchmarks.

The schema, catalog and users come from the real code (open_desk + create_demo); the past
dossiers are bulk-inserted with raw sqlite3 in the exact storage format of the models, which
is 40x faster than going through receive_dossier one by one.

    python bench/build_bench_db.py --out /tmp/motcua-bench --dossiers 1000000
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.domain.calendar import WorkingDayCalendar  # noqa: E402
from app.domain.dossier import VN_TZ, ProcessingTime  # noqa: E402
from app.domain.lookup import id_key, name_key  # noqa: E402
from app.domain.text import fold  # noqa: E402
from app.services.context import open_desk  # noqa: E402
from app.services.demo import DEMO_AGENCY, create_demo, random_person  # noqa: E402

FMT = "%Y-%m-%d %H:%M:%S.%f"


def _utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(tzinfo=None).strftime(FMT)


def build(out: Path, n: int, seed: int = 1) -> Path:
    now = datetime.now(UTC)
    ctx = open_desk(out)
    create_demo(ctx, dossiers=0)
    ctx.db.dispose()
    db_path = out / "motcua.sqlite3"
    con = sqlite3.connect(db_path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")  # a bulk load of throw-away bench data only
    procs = con.execute("SELECT id, processing_amount, processing_unit FROM procedure").fetchall()
    agency_id = con.execute("SELECT id FROM agency").fetchone()[0]
    counter_id = con.execute("SELECT id FROM counter").fetchone()[0]
    rng = random.Random(seed)
    cal = WorkingDayCalendar()
    n_people = max(1, n // 3)
    people = []
    con.execute("BEGIN")
    for i in range(n_people):
        p = random_person(rng)
        number = f"0{i:011d}"
        people.append((i + 1, number, p.full_name, fold(p.full_name), p.address, p.phone))
    con.executemany(
        "INSERT INTO applicant (id, id_number, old_id_number, full_name, name_folded, birth_date,"
        " sex, address, phone, email, updated_at) VALUES (?, ?, '', ?, ?, NULL, '', ?, ?, '', ?)",
        [
            (pid, num, name, folded, addr, phone, _utc_text(now))
            for pid, num, name, folded, addr, phone in people
        ],
    )
    con.execute("COMMIT")
    days = 730
    per_day = n / days
    start_day = (now.astimezone(VN_TZ) - timedelta(days=days)).date()
    due_cache: dict[tuple[str, float, str], datetime | None] = {}
    batch: list[tuple] = []
    hist: list[tuple] = []
    daily: dict[str, int] = {}
    t0 = time.perf_counter()
    con.execute("BEGIN")
    for i in range(n):
        day = start_day + timedelta(days=int(i / per_day))
        received = datetime(day.year, day.month, day.day, 8, 0, tzinfo=VN_TZ) + timedelta(
            minutes=rng.randrange(0, 9 * 60)
        )
        pid, amount, unit = procs[rng.randrange(len(procs))]
        key = (day.isoformat(), amount, unit)
        if key not in due_cache:
            due_cache[key] = cal.appointment(
                received.replace(hour=9, minute=0), ProcessingTime(amount, unit)
            )
        due = due_cache[key]
        daykey = f"{day:%y%m%d}"
        seq = daily.get(daykey, 0) + 1
        daily[daykey] = seq
        # Past dossiers of other counters: slots 5-9, never the bench counter's slot 1.
        code = f"{DEMO_AGENCY['code']}-{daykey}-{(5 + (seq - 1) // 999) * 1000 + (seq - 1) % 999 + 1:04d}"
        person = people[rng.randrange(n_people)]
        roll = rng.random()
        channel = 3 if roll < 0.0024 else 1 if roll < 0.4029 else 2
        age = now - received
        if age > timedelta(days=30):
            status = 10 if rng.random() < 0.9 else 9
        elif age > timedelta(days=3):
            status = rng.choice((4, 9, 10, 10))
        else:
            status = rng.choice((2, 4))
        finished = None
        if status in (9, 10):
            base = due or received + timedelta(days=1)
            finished = (
                base - timedelta(hours=rng.randrange(0, 48))
                if rng.random() < 0.9985
                else base + timedelta(days=2)
            )
        late = None
        if finished is not None:
            fin_day, due_day = (
                finished.astimezone(VN_TZ).date(),
                (due or finished).astimezone(VN_TZ).date(),
            )
            late = 1 if fin_day < due_day else 2 if fin_day == due_day else 3
        batch.append(
            (
                i + 1,
                code,
                agency_id,
                counter_id,
                pid,
                person[0],
                person[2],
                person[3],
                person[1],
                person[4],
                person[5],
                channel,
                status,
                int(channel == 2 and rng.random() < 0.3),
                amount,
                unit,
                _utc_text(received),
                _utc_text(due) if due else None,
                _utc_text(finished) if finished else None,
                late,
                _utc_text(received),
                name_key(person[2]),
                id_key(person[1]),
            )
        )
        hist.append((i + 1, None, 2, _utc_text(received), "canbo1", "Tiếp nhận hồ sơ"))
        if len(batch) >= 20000:
            _flush(con, batch, hist)
    _flush(con, batch, hist)
    con.execute("COMMIT")
    con.execute("ANALYZE")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    print(f"built {n} dossiers in {time.perf_counter() - t0:.1f} s: {db_path}")
    return db_path


def _flush(con: sqlite3.Connection, batch: list[tuple], hist: list[tuple]) -> None:
    con.executemany(
        "INSERT INTO dossier (id, code, intake_key, agency_id, counter_id, procedure_id, applicant_id,"
        " receiver_id, applicant_name, name_folded, id_number, address, phone, email, channel, status,"
        " assisted, post_receipt_no, result_delivery, sets, summary, processing_amount,"
        " processing_unit, received_at, appointment_at, extended_appointment_at, finished_at,"
        " timeliness, returned_at, fee_total, paid_online, print_count, book_ordinal, version, updated_at,"
        " name_key, id_key)"
        " VALUES (?, ?, NULL, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, '', ?, ?, ?, '', 'counter', 1, '', ?, ?,"
        " ?, ?, NULL, ?, ?, NULL, 0, 0, 1, 0, 1, ?, ?, ?)",
        batch,
    )
    con.executemany(
        "INSERT INTO status_history (dossier_id, from_status, to_status, at, actor, note)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        hist,
    )
    batch.clear()
    hist.clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    args = parser.parse_args()
    if (args.out / "motcua.sqlite3").exists():
        print(f"{args.out} already holds a database; remove it first", file=sys.stderr)
        raise SystemExit(2)
    build(args.out, args.dossiers)


if __name__ == "__main__":
    main()
