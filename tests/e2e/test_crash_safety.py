"""Power cuts at random moments of intake, printing, backup (and sync, when the hub exists):
at least 500 SIGKILLs of a working counter, then the database is checked.

tests/e2e/crash_driver.py does the killing (fork + SIGKILL at 0-300 ms); this file checks
what it reports against what is on disk:

- ``PRAGMA integrity_check`` is ok, foreign keys hold;
- every dossier reported received, and every receipt reported printed, is in the database
  with its outbox event, and the printed PDF is complete;
- no outbox event was lost: per dossier, events = status-history rows = its version, and
  over the whole file, events = audited dossier changes;
- codes are unique and well formed, and the code counters never fell behind a used code;
- every backup in the folder is a sound database (no torn copy under a backup's name).
"""

from __future__ import annotations

import importlib.util
import json
import os
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from app.domain.codes import parse_code
from tests.helpers.cli import drive_crashes
from tests.helpers.hub import HubProcess

ROOT = Path(__file__).resolve().parents[2]
TRIALS = int(os.environ.get("MOTCUA_CRASH_TRIALS", "500"))
SEED = int(os.environ.get("MOTCUA_CRASH_SEED", "20250715"))

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(os, "fork"), reason="the crash driver forks (POSIX only)"),
]


def _hub_ready() -> bool:
    return (
        importlib.util.find_spec("hub.cli") is not None
        and importlib.util.find_spec("app.cli.sync") is not None
    )


def _drive(data: Path, trials: int, seed: int, *extra: str) -> list[str]:
    return drive_crashes(data, trials, seed, *extra, timeout=900)


def _q(con: sqlite3.Connection, sql: str, *args) -> list[tuple]:
    return con.execute(sql, args).fetchall()


def _check_database(data: Path, lines: list[str]) -> dict[str, int]:
    received = {line.split()[1] for line in lines if line.startswith("RECEIVED ")}
    printed = [line.split(maxsplit=2)[1:] for line in lines if line.startswith("PRINTED ")]
    backups = [line.split(maxsplit=1)[1] for line in lines if line.startswith("BACKUP ")]
    trials = int(lines[-1].split()[1].split("=")[1])
    assert len(received) >= trials // 5 and len(printed) >= trials // 10, (
        len(received),
        len(printed),
    )

    con = sqlite3.connect(f"file:{data / 'motcua.sqlite3'}?mode=ro", uri=True)
    try:
        assert _q(con, "PRAGMA integrity_check") == [("ok",)]
        assert _q(con, "PRAGMA foreign_key_check") == []
        dossiers = {
            code: (did, version, prints)
            for did, code, version, prints in _q(
                con, "SELECT id, code, version, print_count FROM dossier"
            )
        }
        events = Counter(code for (code,) in _q(con, "SELECT dossier_code FROM outbox"))
        history = Counter(did for (did,) in _q(con, "SELECT dossier_id FROM status_history"))
        changes = _q(
            con,
            "SELECT count(*) FROM audit_log WHERE entity='dossier' AND action IN "
            "('dossier.receive', 'dossier.advance', 'dossier.extend')",
        )[0][0]
        sequences = {
            (a, d, s): last
            for a, d, s, last in _q(con, "SELECT agency_code, day, slot, last FROM code_sequence")
        }
        keys = Counter(
            k for (k,) in _q(con, "SELECT intake_key FROM dossier WHERE intake_key IS NOT NULL")
        )
        unique_events = _q(con, "SELECT count(*), count(DISTINCT event_id) FROM outbox")[0]
    finally:
        con.close()

    missing = received - dossiers.keys()
    assert not missing, f"reported received but not in the database: {sorted(missing)[:5]}"
    for code, path in printed:
        assert code in dossiers, f"printed {code} but it is not in the database"
        assert events[code] >= 1, f"printed {code} has no outbox event"
        assert dossiers[code][2] >= 1, f"printed {code} but its print was not counted"
        pdf = Path(path).read_bytes()
        assert pdf.startswith(b"%PDF") and pdf.rstrip().endswith(b"%%EOF"), path
    for code, (did, version, _) in dossiers.items():
        assert events[code] >= 1, f"{code} has no outbox event"
        assert events[code] == history[did] == version, (code, events[code], history[did], version)
    assert sum(events.values()) == changes
    assert unique_events[0] == unique_events[1]
    assert all(n == 1 for n in keys.values())
    # Codes: unique (the dict would have hidden a duplicate), well formed, never ahead of
    # the counter that hands them out.
    assert len(dossiers) == len(set(dossiers))
    for code in dossiers:
        parsed = parse_code(code)
        assert parsed is not None, code
        key = (parsed.agency_code, f"{parsed.day:%y%m%d}", parsed.slot)
        assert sequences[key] >= parsed.sequence % 1000, code
    # Reported copies may have rotated out since; every copy still there must be whole.
    for path in (data / "backups").glob("*.sqlite3"):
        bcon = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            assert _q(bcon, "PRAGMA quick_check") == [("ok",)], path
        finally:
            bcon.close()
    return {
        "dossiers": len(dossiers),
        "printed": len(printed),
        "backups": len(backups),
        "events": sum(events.values()),
    }


def _sample_pdf_text(lines: list[str], k: int = 10) -> None:
    from pypdf import PdfReader

    printed = [line.split(maxsplit=2)[1:] for line in lines if line.startswith("PRINTED ")]
    for code, path in printed[:: max(1, len(printed) // k)]:
        with open(path, "rb") as fh:
            text = "".join(page.extract_text() for page in PdfReader(fh).pages)
        assert code in text, path


def test_power_cuts_during_intake_printing_and_backup_lose_nothing(tmp_path):
    data = tmp_path / "data"
    started = time.monotonic()
    lines = _drive(data, TRIALS, SEED)
    figures = _check_database(data, lines)
    _sample_pdf_text(lines)
    # The counter still opens and works after the last kill.
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "check", "--data-dir", str(data)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert done.returncode == 0, done.stderr
    print(f"crash safety: {TRIALS} kills in {time.monotonic() - started:.0f} s; {figures}")


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


@pytest.mark.skipif(
    not _hub_ready(),
    reason="the hub (hub/cli.py) and the sync CLI (app/cli/sync.py) are not in the tree yet",
)
def test_power_cuts_during_sync_lose_no_event(tmp_path):
    from app.services.demo import DEMO_AGENCY

    hub_db = f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    hub = HubProcess(hub_db, tmp_path).start()
    url = hub.url
    try:
        issued = _cli("hub-admin", "code", "--agency", DEMO_AGENCY["code"], "--db", hub_db)
        assert issued.returncode == 0, issued.stderr
        code = issued.stdout.split()[-1]
        data = tmp_path / "data"
        lines = _drive(data, max(TRIALS // 3, 150), SEED + 1, "--hub", url, "--code", code)
        figures = _check_database(data, lines)
        con = sqlite3.connect(f"file:{data / 'motcua.sqlite3'}?mode=ro", uri=True)
        try:
            local_codes = {c for (c,) in con.execute("SELECT code FROM dossier")}
            open_events = con.execute(
                "SELECT count(*) FROM outbox WHERE state != 'acked'"
            ).fetchone()[0]
            local_events = con.execute("SELECT count(*) FROM outbox").fetchone()[0]
        finally:
            con.close()
        assert open_events == 0, "the last, unkilled sync round must deliver everything"
        stats = _cli("hub-admin", "stats", "--db", hub_db)
        assert stats.returncode == 0, stats.stderr
        hub_figures = json.loads(stats.stdout)
        assert hub_figures["dossiers"] == len(local_codes), (hub_figures, figures)
        assert hub_figures["events"] == local_events, (hub_figures, figures)
        assert hub_figures["conflicts"] == 0, hub_figures
        rounds = [line for line in lines if line.startswith("SYNCED ")]
        assert len(rounds) >= 10, "the children must have been killed around sync rounds"
        print(
            f"crash safety with sync: {len(rounds)} rounds completed; {figures}; hub {hub_figures}"
        )
    finally:
        hub.stop()
