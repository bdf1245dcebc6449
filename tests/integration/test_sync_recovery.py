"""Getting out of trouble against the real hub: refused events are listed with the dossier,
the reason and what to do, can be resent after a fix, and no longer fail every later round;
``list --json`` says which dossiers are synced; ``sync --once --manual`` lifts the pause a
restore leaves (the CLI's "Sync now")."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests
from sync_helpers import HubProcess, bulk_receive, hub_events, local_events

from app.cli import main as cli_main
from app.services.backups import backup_database
from app.services.context import DeskContext
from app.services.restore import restore_database, sync_on_hold
from app.services.sync import sync_once
from app.services.sync_status import sync_status
from app.sync.protocol import envelope_json, payload_hash, push_body
from app.sync.tokens import SERVICE


def _cli(capsys: pytest.CaptureFixture[str], ctx: DeskContext, *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = cli_main([*args, "--data-dir", str(ctx.data_dir)])
    out = capsys.readouterr()
    return code, out.out + out.err


def _cli_json(capsys: pytest.CaptureFixture[str], ctx: DeskContext, *args: str) -> Any:
    code, out = _cli(capsys, ctx, *args, "--json")
    assert code == 0, out
    return json.loads(out)


def _forge_first(ctx: DeskContext, hub: HubProcess, ring: Any, event_id: str, code: str) -> None:
    """Someone sends this event_id with other content first (a restored copy of this same
    dossier, say: same code and reception time, other content)."""
    from app.services.dossiers import get_dossier
    from app.sync.protocol import wire_time

    received = wire_time(get_dossier(ctx, code=code).received_at)
    payload = {
        "version": 1,
        "dossier": {"MaHoSo": code, "TrangThaiHoSo": 2, "NgayTiepNhan": received, "NgayHenTra": ""},
    }
    body = push_body(
        [
            envelope_json(
                event_id=event_id,
                kind="dossier.upsert",
                dossier_code=code,
                created_at="20250715140500",
                payload_hash=payload_hash(payload),
                payload_json=json.dumps(payload, sort_keys=True, separators=(",", ":")),
            )
        ]
    )
    from app.services.identity import device_uid, token_key

    token = ring.get_password(SERVICE, token_key(hub.url, device_uid(ctx)))
    with requests.Session() as http:
        r = http.post(
            f"{hub.url}/api/v1/events",
            data=body,
            timeout=(3, 10),
            headers={"Authorization": f"Bearer {token}"},
        )
        assert r.json()["results"][0]["result"] == "accepted"


def test_refused_events_are_listed_resent_and_do_not_fail_every_round(
    enrolled: tuple[DeskContext, HubProcess],
    memory_keyring: Any,
    capsys: pytest.CaptureFixture[str],
) -> None:
    ctx, hub = enrolled
    codes = bulk_receive(ctx, 4)
    victim = next(e for e in local_events(ctx) if e[1] == codes[1])
    _forge_first(ctx, hub, memory_keyring, victim[0], codes[1])

    code, out = _cli(capsys, ctx, "sync", "--once")
    assert code == 2, out  # a refusal in this round
    assert "sync-problems" in out
    listed = {r["code"]: r["synced"] for r in _cli_json(capsys, ctx, "list")}
    assert listed == {c: c != codes[1] for c in codes}

    problems = _cli_json(capsys, ctx, "sync-problems")
    assert [p["dossier_code"] for p in problems] == [codes[1]]
    assert problems[0]["reason"].startswith("Xung đột") and "conflict" in problems[0]["reason_en"]
    assert "--resend" in problems[0]["advice"] and "resend" in problems[0]["advice_en"]
    code, text = _cli(capsys, ctx, "sync-problems")
    assert code == 0 and codes[1] in text and "What to do" in text

    # The refusal was shown; a later round that goes well is a success again.
    bulk_receive(ctx, 1, seed=5)
    code, out = _cli(capsys, ctx, "sync", "--once")
    assert code == 0, out
    assert "sync-problems" in out  # the old refusal is still pointed at

    # Resend after the fix: a new event id, accepted, and the dossier counts as synced.
    assert _cli_json(capsys, ctx, "sync-problems", "--resend", codes[1]) == {"requeued": 1}
    report = _cli_json(capsys, ctx, "sync", "--once")
    assert (report["pushed"], report["rejected"], report["state"]) == (1, 0, "up_to_date")
    assert _cli_json(capsys, ctx, "sync-problems") == []
    assert all(r["synced"] for r in _cli_json(capsys, ctx, "list"))
    # 4 of the 5 own events, the forged one, and the victim resent under a new id
    assert len({e[0] for e in hub_events(hub.db_url)}) == 6


def test_sync_once_manual_lifts_the_pause_after_a_restore(
    enrolled: tuple[DeskContext, HubProcess], capsys: pytest.CaptureFixture[str]
) -> None:
    ctx, hub = enrolled
    bulk_receive(ctx, 2)
    assert sync_once(ctx).pushed == 2
    (ctx.data_dir / "backups").mkdir(exist_ok=True)
    saved = backup_database(ctx.data_dir, ctx.data_dir / "backups")
    ctx.db.dispose()
    restore_database(ctx.data_dir, saved)
    assert sync_on_hold(ctx)

    code, out = _cli(capsys, ctx, "sync", "--once")
    assert code == 2 and "--manual" in out  # paused: says how to go on
    assert f"Quầy số {sync_status(ctx).slot}." in out  # its slot, not "none yet"
    assert sync_on_hold(ctx)
    code, out = _cli(capsys, ctx, "sync", "--once", "--manual")
    assert code == 0, out
    assert not sync_on_hold(ctx)
    bulk_receive(ctx, 1, seed=3)
    code, out = _cli(capsys, ctx, "sync", "--once")  # automatic rounds run again
    assert code == 0, out
    assert len(hub_events(hub.db_url)) == 3
    code, out = _cli(capsys, ctx, "sync", "--manual")
    assert code == 2 and "--once" in out
