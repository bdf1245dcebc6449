"""Sync push throughput to a hub on 127.0.0.1 (DESIGN.md section 8: at least 2,000
dossiers per second).

1. A counter database with 10,000 queued dossiers: a few received through the services,
   the rest cloned from them by a bulk path that writes the same rows (dossier, history,
   and an outbox event whose payload is the national mapping of the dossier).
2. The reference hub started as a real process; the counter enrolls and ``sync_once``
   pushes everything (batches of 200).
3. The same JSON bodies posted by a bare ``requests`` loop to a fresh hub database: the
   ceiling of the transport and the hub; the ratio shows what the client adds.

The last line is ``sync_push_rate=N dossiers/s bare_requests_rate=N dossiers/s ratio=R``.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import keyring  # noqa: E402
import requests  # noqa: E402
from sqlalchemy import insert, select  # noqa: E402

from app.domain.dossier import VN_TZ, ApplicantInfo  # noqa: E402
from app.services.catalog import all_procedures  # noqa: E402
from app.services.context import open_desk  # noqa: E402
from app.services.demo import DEMO_AGENCY, create_demo, random_person  # noqa: E402
from app.services.dossiers import receive_dossier  # noqa: E402
from app.services.enrolment import enroll  # noqa: E402
from app.services.sync import sync_once  # noqa: E402
from app.services.sync_status import sync_status  # noqa: E402
from app.store.models import Counter, Dossier, OutboxEvent, StatusHistory  # noqa: E402
from app.store.outbox import canonical_json, payload_hash  # noqa: E402
from app.sync.mapping import dossier_to_national, wire_time  # noqa: E402
from app.sync.protocol import envelope_json, push_body  # noqa: E402
from tests.helpers.hub import HubProcess  # noqa: E402
from tests.helpers.keyring import MemoryKeyring  # noqa: E402

BATCH = 200
AGENCY = DEMO_AGENCY["code"]


def start_hub(folder: Path, name: str) -> HubProcess:
    """The reference hub on a fresh SQLite database ``folder/name``."""
    return HubProcess(f"sqlite:///{folder / name}", folder).start(timeout=60)


def build_queue(folder: Path, n: int, seed: int) -> Any:
    """The counter with ``n`` dossiers waiting in its outbox."""
    ctx = open_desk(folder / "counter")
    create_demo(ctx, dossiers=0)
    with ctx.db.session() as s:  # a counter set up before slots came from the hub (they
        for c in s.scalars(select(Counter)):  # may enroll holding dossiers; a demo may not)
            c.slot_source = "legacy"
        s.commit()
    ctx.forget_setup()
    rng = random.Random(seed)
    procs = list(all_procedures(ctx))
    real = min(n, 40)
    templates = [
        receive_dossier(ctx, procedure_code=rng.choice(procs).code, applicant=random_person(rng))
        for _ in range(real)
    ]
    rows = {}
    with ctx.db.read_session() as s:
        for d in s.scalars(select(Dossier).where(Dossier.code.in_([t.code for t in templates]))):
            rows[d.code] = {
                c.key: getattr(d, c.key)
                for c in Dossier.__table__.columns
                if c.computed is None  # the scorecard's generated columns (0016)
            }
    start_day = date.today() - timedelta(days=60)
    per_day = 900  # a counter slot has 999 numbers a day
    now = datetime.now(UTC)
    dossiers, history, events = [], [], []
    for i in range(n - real):
        tpl = templates[i % real]
        person = random_person(rng)
        day = start_day + timedelta(days=i // per_day)
        code = f"{tpl.agency.code}-{day:%y%m%d}-{1100 + i % per_day:04d}"
        received = datetime.combine(day, tpl.received_at.astimezone(VN_TZ).time(), VN_TZ)
        record = dataclasses.replace(
            tpl,
            code=code,
            received_at=received,
            applicant=ApplicantInfo(
                person.full_name, person.id_number, address=person.address, phone=person.phone
            ),
            history=tuple(dataclasses.replace(h, at=received) for h in tpl.history),
        )
        row = dict(rows[tpl.code])
        row.update(
            id=None,
            code=code,
            intake_key=None,
            applicant_name=person.full_name,
            name_folded=person.full_name.lower(),
            id_number=person.id_number,
            received_at=received,
            updated_at=now,
        )
        row.pop("id")
        dossiers.append(row)
        payload = {"version": 1, "dossier": dossier_to_national(record)}
        events.append(
            {
                "event_id": str(uuid.uuid4()),
                "kind": "dossier.upsert",
                "dossier_code": code,
                "payload": canonical_json(payload),
                "payload_hash": payload_hash(payload),
                "created_at": now,
                "state": "pending",
                "attempts": 0,
                "last_error": "",
            }
        )
    with ctx.db.session() as s:
        s.execute(insert(Dossier), dossiers)
        ids = dict(s.execute(select(Dossier.code, Dossier.id)).all())
        history = [
            {
                "dossier_id": ids[d["code"]],
                "from_status": None,
                "to_status": 2,
                "at": d["received_at"],
                "actor": "system",
                "note": "Tiếp nhận hồ sơ",
            }
            for d in dossiers
        ]
        s.execute(insert(StatusHistory), history)
        s.execute(insert(OutboxEvent), events)
        s.commit()
    return ctx


def bodies_of(ctx: Any) -> list[bytes]:
    """The push bodies sync_once sends, batch by batch, from the outbox rows."""
    with ctx.db.read_session() as s:
        rows = list(s.scalars(select(OutboxEvent).order_by(OutboxEvent.id)))
    envs = [
        envelope_json(
            event_id=r.event_id,
            kind=r.kind,
            dossier_code=r.dossier_code,
            created_at=wire_time(r.created_at),
            payload_hash=r.payload_hash,
            payload_json=r.payload,
        )
        for r in rows
    ]
    return [push_body(envs[i : i + BATCH]) for i in range(0, len(envs), BATCH)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dossiers", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()
    keyring.set_keyring(MemoryKeyring())
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as tmp:
        folder = Path(tmp)
        t = time.perf_counter()
        ctx = build_queue(folder, args.dossiers, args.seed)
        bodies = bodies_of(ctx)
        waiting = sync_status(ctx).waiting
        print(
            f"queued {waiting} dossiers in {time.perf_counter() - t:.1f} s "
            f"({len(bodies)} batches, {sum(map(len, bodies)) / 1e6:.1f} MB)"
        )
        assert waiting == args.dossiers, waiting

        hub = start_hub(folder, "hub-app.sqlite3")
        try:
            enroll(ctx, hub_url=hub.url, code=hub.enrolment_code(AGENCY))
            hub_cpu, cpu, t = hub.cpu_seconds(), time.process_time(), time.perf_counter()
            report = sync_once(ctx)
            app_seconds = time.perf_counter() - t
            cpu, hub_cpu = time.process_time() - cpu, hub.cpu_seconds() - hub_cpu
        finally:
            hub.stop()
        assert report.pushed == args.dossiers and sync_status(ctx).waiting == 0, report
        app_rate = args.dossiers / app_seconds
        print(
            f"sync_once: {report.pushed} pushed in {app_seconds:.2f} s ({report.state}); "
            f"CPU per 1,000 dossiers: counter {1000 * cpu / args.dossiers * 1000:.0f} ms, "
            f"hub {1000 * hub_cpu / args.dossiers * 1000:.0f} ms"
        )

        bare = start_hub(folder, "hub-bare.sqlite3")
        try:
            with requests.Session() as http:
                r = http.post(
                    f"{bare.url}/api/v1/enroll",
                    timeout=(3, 10),
                    json={"code": bare.enrolment_code(AGENCY), "counter_name": "bench"},
                )
                token = r.json()["token"]
                headers = {
                    "Authorization": f"Bearer {token}",
                    "Content-Type": "application/json; charset=utf-8",
                }
                hub_cpu, cpu, t = bare.cpu_seconds(), time.process_time(), time.perf_counter()
                accepted = 0
                for body in bodies:
                    resp = http.post(
                        f"{bare.url}/api/v1/events", data=body, headers=headers, timeout=(3, 30)
                    )
                    resp.raise_for_status()
                    accepted += sum(1 for x in resp.json()["results"] if x["result"] == "accepted")
                bare_seconds = time.perf_counter() - t
                cpu, hub_cpu = time.process_time() - cpu, bare.cpu_seconds() - hub_cpu
        finally:
            bare.stop()
        assert accepted == args.dossiers, accepted
        bare_rate = args.dossiers / bare_seconds
        print(
            f"bare requests: {accepted} accepted in {bare_seconds:.2f} s; CPU per 1,000 "
            f"dossiers: client {1000 * cpu / args.dossiers * 1000:.0f} ms, "
            f"hub {1000 * hub_cpu / args.dossiers * 1000:.0f} ms"
        )
        ctx.db.dispose()
    print(
        f"sync_push_rate={app_rate:.0f} dossiers/s bare_requests_rate={bare_rate:.0f} dossiers/s "
        f"ratio={app_rate / bare_rate:.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
