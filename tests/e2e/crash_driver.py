"""Crash driver for tests/e2e/test_crash_safety.py: a power cut, hundreds of times.

The driver imports the whole core once, prepares a counter database, then for each trial
forks a child that opens the database (the start-up check of open_desk) and works like a
counter — receives dossiers, prints receipts, moves dossiers, makes backups and, when a hub
is given, syncs — until the driver kills it with SIGKILL after a random 0-300 ms. Forking
keeps a trial cheap (no interpreter start, no imports); the kill is a real process kill.

A child reports, on its stdout (a pipe to the driver), only what is durably done, each line
written with one ``write`` call after the call returned:

    RECEIVED <code>           receive_dossier returned (committed)
    PRINTED <code> <path>     print_form returned (PDF in place, print audited)
    ADVANCED <code> <version> advance_dossier returned
    BACKUP <path>             maybe_backup returned a copy
    SYNCED <json>             one sync round returned
    SCANNED <code> <pages>    scan_into returned (after its ATTACHED line)
    ATTACHED <code> <sha256>  attach_files or scan_into returned (with --files; the scans
                              come from SANE's test device)
    PUSHED <sent> <waiting>   push_files returned (with --files and a hub)
    INTAKE <key>              about to receive with this intake key (not durable yet)
    ERROR <text>              an unexpected exception: the trial failed

The driver forwards them on its own stdout, prefixed with nothing, and ends with
``DONE trials=N errors=E``. Usage::

    python tests/e2e/crash_driver.py --data DIR --trials 500 --seed 7 [--hub URL --code CODE]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import signal
import sys
import time
import traceback
from datetime import datetime, timedelta
from datetime import time as dtime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from app.domain.dossier import VN_TZ, Status  # noqa: E402
from app.services.backups import maybe_backup  # noqa: E402
from app.services.context import DeskContext, open_desk  # noqa: E402
from app.services.demo import create_demo  # noqa: E402
from app.services.dossiers import ApplicantInput, advance_dossier, list_dossiers, receive_dossier  # noqa: E402
from app.services.printing import print_form  # noqa: E402
from app.store.migrate import upgrade_database  # noqa: E402

PROCEDURES = ("1.004222", "2.000815", "1.001193")
NAMES = (
    "Nguyễn Thị Hằng",
    "Trần Văn Minh",
    "Lê Thu Trang",
    "Phạm Quốc Việt",
    "Đặng Thị Thu Hà",
    "Vũ Đức Anh",
    "Bùi Ngọc Ánh",
    "Đỗ Mạnh Hùng",
)
PER_DAY = 40  # trials sharing one reception day: well under a counter's 999 codes a day


def say(line: str) -> None:
    """One line, one write(2): atomic on a pipe, and on its way before the next step."""
    os.write(1, (line.replace("\n", " ") + "\n").encode("utf-8"))


def person_for(key: str) -> ApplicantInput:
    digest = int(hashlib.sha256(key.encode()).hexdigest(), 16)
    return ApplicantInput(
        NAMES[digest % len(NAMES)],
        f"0011{digest % 10**8:08d}",
        address="Số 12 ngõ 34 Âu Cơ, phường Tây Hồ, Hà Nội",
    )


def received_at(trial: int, rng: random.Random) -> datetime:
    day = datetime.now(VN_TZ).date() - timedelta(days=1 + trial // PER_DAY)
    return datetime.combine(day, dtime(8, 0), VN_TZ) + timedelta(minutes=rng.randrange(0, 480))


def intake(ctx: DeskContext, trial: int, key: str, rng: random.Random, print_it: bool) -> None:
    say(f"INTAKE {key}")
    rec = receive_dossier(
        ctx,
        procedure_code=rng.choice(PROCEDURES),
        applicant=person_for(key),
        received_at=received_at(trial, rng),
        intake_key=key,
    )
    say(f"RECEIVED {rec.code}")
    if print_it:
        path = print_form(ctx, code=rec.code, form="receipt")
        say(f"PRINTED {rec.code} {path}")


def advance_one(ctx: DeskContext, rng: random.Random) -> None:
    rows = list_dossiers(ctx, limit=30)
    if not rows:
        return
    row = rng.choice(rows)
    from app.services.dossiers import get_dossier, next_moves

    # The workflow's next steps (refusal at the counter is a same-day correction, not one).
    moves = [m for m in next_moves(get_dossier(ctx, code=row.code)) if m is not Status.WITHDRAWN]
    if not moves:
        return
    rec = advance_dossier(ctx, code=row.code, to=rng.choice(moves), note="crash test")
    say(f"ADVANCED {rec.code} {len(rec.history)}")


def reprint_one(ctx: DeskContext, rng: random.Random) -> None:
    rows = list_dossiers(ctx, limit=30)
    if rows:
        code = rng.choice(rows).code
        path = print_form(ctx, code=code, form="receipt")
        say(f"PRINTED {code} {path}")


def sync_round(ctx: DeskContext) -> str:
    """One sync round (app.services.sync.sync_once), as the UI's network lane runs it."""
    from app.services.sync import sync_once

    report = sync_once(ctx)
    say(f"SYNCED {report.state} pushed={report.pushed} duplicates={report.duplicates}")
    return str(report.state)


def make_pool(folder: Path, rng: random.Random) -> list[Path]:
    """Source files for --files: PDFs whose page is an image of random bytes (100 KB to
    1.5 MB, so a kill lands inside a write; Ghostscript keeps it as it converts them to
    PDF/A) and page images that go through the PDF/A step."""
    import pikepdf
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    pool = []
    for i in range(6):
        pdf = pikepdf.new()
        side = int(rng.randrange(100_000, 1_500_000) ** 0.5)
        image = pdf.make_stream(
            rng.randbytes(side * side),
            Type=pikepdf.Name.XObject,
            Subtype=pikepdf.Name.Image,
            Width=side,
            Height=side,
            ColorSpace=pikepdf.Name.DeviceGray,
            BitsPerComponent=8,
        )
        pdf.add_blank_page()
        page = pdf.pages[0]
        page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
        page.Contents = pdf.make_stream(b"q 595 0 0 842 0 0 cm /Im0 Do Q")
        path = folder / f"doc-{i}.pdf"
        pdf.save(path, compress_streams=False)
        pool.append(path)
    for i in range(2):
        path = folder / f"page-{i}.png"
        Image.frombytes("L", (800, 1100), rng.randbytes(800 * 1100)).save(path)
        pool.append(path)
    return pool


def attach_one(ctx: DeskContext, rng: random.Random, pool: list[Path]) -> None:
    from app.services.files import attach_files

    rows = list_dossiers(ctx, limit=30)
    if not rows:
        return
    code = rng.choice(rows).code
    files = attach_files(ctx, code=code, component=1, paths=[rng.choice(pool)])
    for f in files:
        say(f"ATTACHED {code} {f.sha256}")


def scan_one(ctx: DeskContext, rng: random.Random) -> None:
    from app.files.scan import ScanRequest
    from app.services.files import scan_into

    rows = list_dossiers(ctx, limit=30)
    if not rows:
        return
    code = rng.choice(rows).code
    out = scan_into(ctx, code=code, component=1, request=ScanRequest("test", pages=2))
    if out.file is not None:
        say(f"ATTACHED {code} {out.file.sha256}")
        say(f"SCANNED {code} {out.pages}")


def push_round(ctx: DeskContext) -> int:
    from app.services.files import push_files

    rep = push_files(ctx)
    say(f"PUSHED {rep.sent} {rep.waiting}")
    return rep.waiting


POOL: list[Path] = []


def child(ctx: DeskContext, trial: int, seed: int, retry_key: str | None, hub: bool) -> None:
    rng = random.Random(seed)
    try:
        # What open_desk does at start-up: check the file, upgrade if needed.
        upgrade_database(ctx.db, backup_dir=ctx.backup_dir)
        if retry_key:  # the previous child was killed during this intake: the clerk retries
            intake(ctx, trial, retry_key, rng, print_it=True)
        if rng.random() < 0.15:
            path = maybe_backup(ctx, reason="start")
            if path is not None:
                say(f"BACKUP {path}")
        step = 0
        while True:
            roll = rng.random()
            if POOL and rng.random() < 0.4:
                if hub and rng.random() < 0.4:
                    push_round(ctx)
                elif rng.random() < 0.2:
                    scan_one(ctx, rng)
                else:
                    attach_one(ctx, rng, POOL)
            elif hub and roll < 0.25:
                sync_round(ctx)
            elif roll < 0.60:
                intake(ctx, trial, f"t{trial}-{step}", rng, print_it=rng.random() < 0.8)
            elif roll < 0.78:
                advance_one(ctx, rng)
            elif roll < 0.90:
                reprint_one(ctx, rng)
            else:
                path = maybe_backup(ctx, reason="changes", changes_threshold=5)
                if path is not None:
                    say(f"BACKUP {path}")
            step += 1
    except BaseException:  # noqa: BLE001 - any escape is the finding
        say("ERROR " + traceback.format_exc().replace("\n", " | "))
        os._exit(3)


def prepare(data: Path, hub_url: str | None = None, code: str | None = None) -> DeskContext:
    """The counter (enrolled first when a hub is given: a demo point holding dossiers may
    not enroll), and one of each operation done once so every cache a child needs
    (SQLAlchemy's compiled statements, the calendar, fonts) is warm before forking."""
    ctx = open_desk(data)
    create_demo(ctx, dossiers=0)
    if hub_url:
        enroll(ctx, hub_url, code or "")
    rng = random.Random(0)
    intake(ctx, 0, "warm-up", rng, print_it=True)
    advance_one(ctx, rng)
    ctx.calendar()
    maybe_backup(ctx, reason="start")
    ctx.db.dispose()  # no connection may cross a fork
    return ctx


def enroll(ctx: DeskContext, hub_url: str, code: str) -> None:
    """Enroll once, with an in-memory keyring that the forked children inherit."""
    import keyring

    from app.services.enrolment import enroll as enroll_counter
    from tests.helpers.keyring import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())
    enroll_counter(ctx, hub_url=hub_url, code=code, ca_bundle=None)
    sync_round(ctx)  # warm the sync path's caches too
    ctx.db.dispose()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--trials", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-delay-ms", type=float, default=300.0)
    parser.add_argument("--hub")
    parser.add_argument("--code")
    parser.add_argument("--files", action="store_true", help="attach (and push) files too")
    args = parser.parse_args()
    ctx = prepare(Path(args.data), args.hub, args.code)
    if args.files:
        POOL.extend(make_pool(Path(args.data).parent / "pool", random.Random(args.seed)))
        attach_one(ctx, random.Random(0), POOL)  # warm the attach path before forking
        ctx.db.dispose()
    rng = random.Random(args.seed)
    errors = 0
    retry_key: str | None = None
    for trial in range(1, args.trials + 1):
        sys.stdout.flush()
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            os.dup2(write_end, 1)
            os.close(write_end)
            child(ctx, trial, rng.randrange(2**32), retry_key, bool(args.hub))
            os._exit(4)  # unreachable: the child works until it is killed
        os.close(write_end)
        time.sleep(rng.uniform(0, args.max_delay_ms) / 1000)
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        with os.fdopen(read_end, "rb") as pipe:
            lines = pipe.read().decode("utf-8", "replace").splitlines()
        if os.WIFEXITED(status):
            errors += 1
        pending: str | None = None
        for line in lines:
            print(line)
            if line.startswith("INTAKE "):
                pending = line.split()[1]
            elif line.startswith("RECEIVED "):
                pending = None
        retry_key = pending
    if args.hub:
        sys.stdout.flush()
        # Last, unkilled rounds: everything must reach the hub. A child killed while writing
        # the sync lock leaves it unreadable, and such a lock counts as held for its first
        # 10 s (app/services/sync_lock.py): retry as the schedule would, not five at once.
        from app.services.sync import sync_once
        from app.services.sync_status import sync_status

        for _ in range(40):
            report = sync_once(ctx)
            say(f"SYNCED {report.state} pushed={report.pushed} duplicates={report.duplicates}")
            # A skipped round (the lock) reports the stored state: only a round that ran and
            # left nothing waiting ends the loop.
            if report.outcome == "ok" and sync_status(ctx).waiting == 0:
                break
            time.sleep(0.5)
        if POOL:
            for _ in range(3):
                if push_round(ctx) == 0:
                    break
        ctx.db.dispose()
    print(f"DONE trials={args.trials} errors={errors}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
