"""The citizen's status page under 200 concurrent readers (DESIGN.md section 8: p95 under
50 ms).

1. The reference hub started as a real process (SQLite by default, ``--db URL`` for
   PostgreSQL); ``--dossiers`` dossiers pushed through its API.
2. ``--readers`` readers, each on its own connection from its own loopback address (the
   hub limits look-ups per client): each opens the page (GET) and submits its code and ID
   number (POST), ``--rounds`` times, with ``--think`` seconds between actions, all active
   at once (tests/helpers/citizen.load).
3. The same readers again with no pauses, all starting at the same instant: the worst case.

The last line is ``status_p50=.. ms status_p95=.. ms burst_p50=.. ms burst_p95=.. ms``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.helpers import citizen  # noqa: E402
from tests.helpers.hub import HubProcess  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    p.add_argument("--db", help="hub database URL (default: a fresh SQLite file)")
    p.add_argument("--dossiers", type=int, default=2000)
    p.add_argument("--readers", type=int, default=200)
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--think", type=float, default=1.0)
    args = p.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="bench-status-"))
    hub = HubProcess(args.db or f"sqlite:///{folder / 'hub.db'}", folder).start()
    try:
        pairs = citizen.seed(hub, args.dossiers)
        steady = citizen.load(
            hub.url, pairs, readers=args.readers, rounds=args.rounds, think=args.think
        )
        print(steady.line("steady"))
        # Other addresses for the burst: the steady run spent part of each reader's budget.
        burst = citizen.load(
            hub.url, pairs[::-1], readers=args.readers, rounds=2, burst=True, first_octet=2
        )
        print(burst.line("burst"))
    finally:
        hub.stop()
    print(
        f"status_p50={steady.p50_ms:.1f} ms status_p95={steady.p95_ms:.1f} ms "
        f"burst_p50={burst.p50_ms:.1f} ms burst_p95={burst.p95_ms:.1f} ms"
    )
    return 0 if steady.errors == 0 and burst.errors == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
