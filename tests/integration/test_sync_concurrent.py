"""Both sides move the same dossier before a sync (the counter at the desk, the back office
on the hub through ``hub-admin advance``): after one round each way, pushed first or pulled
first, the counter and the hub show the same status, the one app.domain.concurrency picks,
the losing move is a noted line in the history, and the back office can go on from there."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, text, update
from sqlalchemy.pool import NullPool
from sync_helpers import HubProcess, bulk_receive, hub_admin, issue_code

from app.domain.concurrency import concurrent_winner
from app.domain.dossier import Status
from app.services.context import DeskContext
from app.services.dossiers import advance_dossier, get_dossier
from app.services.enrolment import enroll
from app.services.sync import sync_once
from app.store.models import OutboxEvent


def _hub_status(hub: HubProcess, code: str) -> int:
    engine = create_engine(hub.db_url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            return int(
                conn.execute(
                    text("SELECT status FROM hub_dossier WHERE code = :c"), {"c": code}
                ).scalar_one()
            )
    finally:
        engine.dispose()


def _hold_back(ctx: DeskContext, code: str, *, hold: bool) -> None:
    """Make the dossier's waiting events not due (a retry back-off) or due again."""
    with ctx.db.session() as s:
        s.execute(
            update(OutboxEvent)
            .where(OutboxEvent.dossier_code == code, OutboxEvent.state == "pending")
            .values(next_attempt_at=ctx.now() + timedelta(days=1) if hold else None)
        )
        s.commit()


CASES = {
    # counter's move, back office's move, the status both keep
    "resolved beats processing": (Status.PROCESSING, Status.RESOLVED, Status.RESOLVED),
    "final beats open": (Status.WITHDRAWN, Status.PROCESSING, Status.WITHDRAWN),
    "tie goes to the back office": (Status.SUPPLEMENT, Status.PROCESSING, Status.PROCESSING),
}


@pytest.mark.parametrize("order", ["push_first", "pull_first"])
@pytest.mark.parametrize("case", list(CASES))
def test_concurrent_moves_converge(
    enrolled: tuple[DeskContext, HubProcess], case: str, order: str
) -> None:
    ctx, hub = enrolled
    counter_to, office_to, expected = CASES[case]
    assert concurrent_winner(counter=counter_to, office=office_to) == expected
    code, other = bulk_receive(ctx, 2)
    assert sync_once(ctx).pushed == 2  # both sides at "received"

    advance_dossier(ctx, code=code, to=counter_to, note="Tại quầy")
    hub_admin(hub.db_url, "advance", code, "--to", office_to.name.lower(), "--note", "Phòng CM")
    if order == "pull_first":
        _hold_back(ctx, code, hold=True)
        first = sync_once(ctx)
        assert first.pushed == 0 and _hub_status(hub, code) == int(office_to)
        _hold_back(ctx, code, hold=False)
    report = sync_once(ctx)
    assert report.pushed == 1 and report.state == "up_to_date", report

    local = get_dossier(ctx, code=code)
    assert local.status == expected
    assert _hub_status(hub, code) == int(expected)
    lost = office_to if expected == counter_to else counter_to
    noted = [h.note for h in local.history if "Xung đột" in h.note]
    assert noted and lost.label_vi in noted[-1] and "Conflict" in noted[-1]

    # Stable: more rounds change nothing on either side.
    sync_once(ctx)
    assert get_dossier(ctx, code=code).status == expected == Status(_hub_status(hub, code))

    # The back office goes on from the common status; the counter follows.
    if expected == Status.RESOLVED:
        hub_admin(hub.db_url, "advance", code, "--to", "returned")
        sync_once(ctx)
        assert get_dossier(ctx, code=code).status == Status.RETURNED
        assert _hub_status(hub, code) == int(Status.RETURNED)
    elif expected == Status.PROCESSING:
        hub_admin(hub.db_url, "advance", code, "--to", "resolved")
        sync_once(ctx)
        assert get_dossier(ctx, code=code).status == Status.RESOLVED
        # The counter's next own move, after it saw the back office's, stands.
        advance_dossier(ctx, code=code, to=Status.RETURNED, note="Đã trả")
        assert sync_once(ctx).pushed == 1
        assert _hub_status(hub, code) == int(Status.RETURNED)
    else:  # final: nobody can move it any more
        assert (
            hub_admin(hub.db_url, "advance", code, "--to", "resolved", check=False).returncode != 0
        )
    # The untouched dossier was not disturbed.
    assert get_dossier(ctx, code=other).status == Status.RECEIVED
    assert _hub_status(hub, other) == int(Status.RECEIVED)


def test_a_counter_move_after_seeing_the_back_office_is_not_a_conflict(
    enrolled: tuple[DeskContext, HubProcess],
) -> None:
    ctx, hub = enrolled
    (code,) = bulk_receive(ctx, 1)
    sync_once(ctx)
    hub_admin(hub.db_url, "advance", code, "--to", "supplement", "--note", "Thiếu bản sao")
    sync_once(ctx)  # the counter sees the request for papers
    # The citizen brings them: back to "received" (lower along the lifecycle, but seen).
    advance_dossier(ctx, code=code, to=Status.RECEIVED, note="Đã bổ sung")
    assert sync_once(ctx).pushed == 1
    assert _hub_status(hub, code) == int(Status.RECEIVED)
    assert not [h for h in get_dossier(ctx, code=code).history if "Xung đột" in h.note]


def test_the_reported_case_converges_on_both_hub_databases(
    live_desk: DeskContext, hub_factory: Callable[..., HubProcess], hub_db_url: str
) -> None:
    """Issue 10 item 4 as reported: counter received -> processing, back office -> resolved;
    the counter showed 9, the hub stayed at 4 for good and could not mark it returned."""
    ctx = live_desk
    hub = hub_factory(hub_db_url)
    enroll(ctx, hub_url=hub.url, code=issue_code(hub.db_url))
    (code,) = bulk_receive(ctx, 1)
    sync_once(ctx)
    advance_dossier(ctx, code=code, to=Status.PROCESSING)
    hub_admin(hub.db_url, "advance", code, "--to", "resolved")
    sync_once(ctx)
    assert get_dossier(ctx, code=code).status == Status.RESOLVED
    assert _hub_status(hub, code) == int(Status.RESOLVED)
    hub_admin(hub.db_url, "advance", code, "--to", "returned")
    sync_once(ctx)
    assert get_dossier(ctx, code=code).status == Status.RETURNED
