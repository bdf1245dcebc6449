"""A restore never rewinds the dossier numbering: over an unreadable file no code is issued
until the hub (SQLite and PostgreSQL) told this device's highest codes, or a supervisor
lifted the hold; every backup in the folder counts too."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from sync_helpers import HubProcess, bulk_receive, hub_events, issue_code

from app.cli import main as cli_main
from app.domain.codes import parse_code
from app.domain.errors import DeskError
from app.services.backups import backup_database
from app.services.context import DeskContext
from app.services.enrolment import enroll
from app.services.numbering import numbering_hold
from app.services.restore import restore_database
from app.services.sync import sync_once
from app.store.db import DB_FILENAME


def _backup(ctx: DeskContext) -> Path:
    folder = ctx.data_dir / "backups"
    folder.mkdir(exist_ok=True)
    return backup_database(ctx.data_dir, folder)


def _garble_live(ctx: DeskContext) -> None:
    """The live file turns to garbage (a disk fault): nothing in it can be read."""
    ctx.db.dispose()
    live = ctx.data_dir / DB_FILENAME
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{live}{suffix}").unlink(missing_ok=True)
    live.write_bytes(os.urandom(64 * 1024))


def _numbers(codes: list[str]) -> list[int]:
    parsed = [parse_code(c) for c in codes]
    return [p.sequence for p in parsed if p is not None]


def test_restore_over_garbage_waits_for_the_hub_and_never_reissues_a_code(
    live_desk: DeskContext, hub_factory: Callable[..., HubProcess], hub_db_url: str
) -> None:
    ctx = live_desk
    hub = hub_factory(hub_db_url)
    enroll(ctx, hub_url=hub.url, code=issue_code(hub.db_url))
    first = bulk_receive(ctx, 2)
    saved = _backup(ctx)
    later = bulk_receive(ctx, 3, seed=11)  # printed and handed to citizens, then synced
    assert sync_once(ctx).pushed == 5
    _garble_live(ctx)

    result = restore_database(ctx.data_dir, saved)
    assert result.numbering_hold and "unreadable" in result.numbering_hold
    with pytest.raises(DeskError) as refused:
        bulk_receive(ctx, 1, seed=12)
    assert refused.value.key == "code.numbering_hold"
    assert "sync --once --manual" in refused.value.message("vi")
    assert "repeat" in refused.value.message("en")
    assert cli_main(["numbering", "--data-dir", str(ctx.data_dir)]) == 2

    hub.stop()  # offline: nothing lifts the hold
    assert sync_once(ctx, manual=True).outcome == "offline"
    assert numbering_hold(ctx)
    hub.start()
    report = sync_once(ctx, manual=True)  # the clerk's "Sync now" after the restore
    assert report.outcome == "ok"
    assert numbering_hold(ctx) == ""
    fresh = bulk_receive(ctx, 2, seed=13)
    assert not set(fresh) & set(first + later)
    assert _numbers(fresh) == [max(_numbers(later)) + 1, max(_numbers(later)) + 2]
    assert sync_once(ctx).rejected == 0
    assert len({code for _, code, _ in hub_events(hub.db_url)}) == 7


def test_without_the_hub_every_backup_counts_and_a_supervisor_can_lift_the_hold(
    live_desk: DeskContext, capsys: pytest.CaptureFixture[str]
) -> None:
    ctx = live_desk
    bulk_receive(ctx, 2)
    oldest = _backup(ctx)
    newer = bulk_receive(ctx, 3, seed=21)
    _backup(ctx)  # a newer backup in the same folder
    bulk_receive(ctx, 1, seed=22)  # after every backup: only the lost file knew it
    _garble_live(ctx)

    result = restore_database(ctx.data_dir, oldest)
    assert result.numbering_hold
    assert result.sequences_carried >= 1  # the newer backup's numbers
    with pytest.raises(DeskError):
        bulk_receive(ctx, 1, seed=23)
    # Not enrolled: no hub to ask; a manual round does not lift it either.
    sync_once(ctx, manual=True)
    assert numbering_hold(ctx)
    capsys.readouterr()
    assert (
        cli_main(["numbering", "--release", "--skip", "20", "--data-dir", str(ctx.data_dir)]) == 0
    )
    assert numbering_hold(ctx) == ""
    fresh = bulk_receive(ctx, 1, seed=24)
    assert _numbers(fresh) == [max(_numbers(newer)) + 21]


def test_a_restore_over_a_readable_file_carries_on_without_a_hold(live_desk: DeskContext) -> None:
    ctx = live_desk
    bulk_receive(ctx, 1)
    saved = _backup(ctx)
    done = bulk_receive(ctx, 2, seed=31)
    ctx.db.dispose()
    result = restore_database(ctx.data_dir, saved)
    assert result.numbering_hold == ""
    assert _numbers(bulk_receive(ctx, 1, seed=32)) == [max(_numbers(done)) + 1]


def test_a_counter_enrolled_again_after_the_restore_still_learns_its_slot_numbers(
    live_desk: DeskContext, hub: HubProcess
) -> None:
    ctx = live_desk
    enroll(ctx, hub_url=hub.url, code=issue_code(hub.db_url))
    saved = _backup(ctx)
    delivered = bulk_receive(ctx, 3, seed=41)
    assert sync_once(ctx).pushed == 3
    _garble_live(ctx)
    restore_database(ctx.data_dir, saved)
    enroll(ctx, hub_url=hub.url, code=issue_code(hub.db_url))  # a new device token / id
    sync_once(ctx, manual=True)
    assert numbering_hold(ctx) == ""
    fresh = bulk_receive(ctx, 1, seed=42)
    assert _numbers(fresh) == [max(_numbers(delivered)) + 1]


def test_the_highest_codes_call_needs_a_device_token_and_a_sane_slot(
    enrolled: tuple[DeskContext, HubProcess], memory_keyring: object
) -> None:
    import requests
    from sync_helpers import http_json

    from app.sync.tokens import SERVICE

    ctx, hub = enrolled
    assert http_json(f"{hub.url}/api/v1/codes/highest")[0] == 401
    from app.services.identity import device_uid, token_key

    token = memory_keyring.get_password(  # type: ignore[attr-defined]  # the test's own ring
        SERVICE, token_key(hub.url, device_uid(ctx))
    )
    codes = bulk_receive(ctx, 2)
    sync_once(ctx)
    with requests.Session() as http:
        auth = {"Authorization": f"Bearer {token}"}
        bad = http.get(
            f"{hub.url}/api/v1/codes/highest", params={"slot": "x"}, headers=auth, timeout=(3, 10)
        )
        assert bad.status_code == 400
        good = http.get(f"{hub.url}/api/v1/codes/highest", headers=auth, timeout=(3, 10)).json()
    parsed = parse_code(max(codes))
    assert parsed is not None
    assert [(h["day"], h["last"]) for h in good["highest"]] == [
        (f"{parsed.day:%y%m%d}", parsed.sequence % 1000)
    ]


def test_a_database_gone_beside_its_backups_does_not_start_numbering_again(
    live_desk: DeskContext, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.services.catalog import seed_catalog
    from app.services.context import open_desk
    from app.services.demo import DEMO_AGENCY, setup_service_point

    ctx = live_desk
    before = bulk_receive(ctx, 3, seed=51)
    _backup(ctx)
    ctx.db.dispose()
    live = ctx.data_dir / DB_FILENAME
    for path in (live, Path(f"{live}-wal"), Path(f"{live}-shm")):
        path.unlink(missing_ok=True)  # deleted by mistake, or lost with a disk
    again = open_desk(ctx.data_dir, clock=ctx.clock)
    try:
        assert numbering_hold(again)
        setup_service_point(again, agency=DEMO_AGENCY, slot=1, counter_name="Quầy số 1")
        seed_catalog(again)
        with pytest.raises(DeskError):
            bulk_receive(again, 1, seed=52)
        assert (
            cli_main(["numbering", "--release", "--skip", "0", "--data-dir", str(ctx.data_dir)])
            == 0
        )
        assert _numbers(bulk_receive(again, 1, seed=53)) == [max(_numbers(before)) + 1]
    finally:
        again.db.dispose()


def test_a_restore_carries_the_receipt_series_past_what_the_hub_issued(
    live_desk: DeskContext, hub_factory: Callable[..., HubProcess], hub_db_url: str
) -> None:
    """Biên lai numbers are printed and handed to citizens like codes: a restore over an
    unreadable file must not issue one again. The hub's e-receipt gateway saw them all."""
    from app.domain.fee_receipts import RECEIPT_SERIES
    from app.services.dossiers import ApplicantInput, receive_dossier
    from app.services.payments import record_payment

    ctx = live_desk
    hub = hub_factory(hub_db_url)
    enroll(ctx, hub_url=hub.url, code=issue_code(hub.db_url))

    def pay() -> int:
        code = receive_dossier(
            ctx,
            procedure_code="1.004194",  # 15.000 đ over the counter: one charged line
            applicant=ApplicantInput("Nguyễn Văn An", "001090012345"),
        ).code
        number = record_payment(ctx, code=code, line=1, method="cash").payment.receipt_no
        return RECEIPT_SERIES.local_of(int(number))

    first = pay()
    saved = _backup(ctx)  # the backup knows one receipt
    later = [pay(), pay()]  # printed for citizens after the backup, then synced
    assert later == [first + 1, first + 2]
    report = sync_once(ctx)
    assert report.outcome == "ok", report
    _garble_live(ctx)

    restore_database(ctx.data_dir, saved)
    assert numbering_hold(ctx)
    assert sync_once(ctx, manual=True).outcome == "ok"
    assert numbering_hold(ctx) == ""
    assert pay() == first + 3  # never first + 1 again
