"""Synchronisation with the city endpoint: one round (:func:`sync_once`: push the outbox,
pull the hub's change feed) and the background loop (:func:`run_forever`) with its
schedule and /health probe.

The other ideas of sync live in their own modules: the stored state and the status read
(app/services/sync_status.py), enrolment and the keyring (app/services/enrolment.py),
applying the pulled changes (app/services/change_feed.py), refused and dead-lettered
events (app/services/sync_problems.py). The device token is in the OS keyring only.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass

import requests

from app.domain.codes import NUMBERING_ASK_HUB_KEY, NUMBERING_HOLD_KEY
from app.domain.errors import DeskError
from app.domain.roles import Permission
from app.services import identity
from app.services.change_feed import StoreChangeApplier
from app.services.context import DeskContext
from app.services.sync_status import (
    K_CA_BUNDLE,
    K_DEVICE,
    K_HUB_URL,
    K_LAST_ERROR,
    K_LAST_SUCCESS,
    K_OUTCOME,
    K_REENROLL,
    K_SKEW,
    NEEDS_ATTENTION,
    NOT_ENROLLED,
    SyncStatus,
    _msg,
    _outbox,
    _read_state,
    sync_status,
    write_state,
)
from app.store.outbox import Outbox
from app.store.repositories import get_value
from app.sync.client import HubClient, HubError, HubUnreachable
from app.sync.engine import EngineSettings, RoundResult, SyncEngine
from app.sync.schedule import SyncSchedule
from app.sync.states import AUTH, ERROR, OFFLINE, OK
from app.sync.tokens import KeyringTokenStore, TokenStore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SyncReport:
    pushed: int
    duplicates: int
    rejected: int  # refused or dead-lettered in THIS round
    pulled: int
    state: str
    error: str
    #: How this round ended: "ok" (hub reached, everything due answered, feed pulled),
    #: "offline", "error", "auth", or "skipped" (not run: on hold, locked, not enrolled).
    outcome: str = "skipped"
    slot: int | None = None  # this counter's slot, as in SyncStatus
    waiting: int = 0  # outbox events still waiting after the round (skipped: all of them)
    waiting_dossiers: int = 0  # the dossiers they are about


# --- in-process "a round is running" marks, for the status strip ---------------------------
# Kept by the context's Activity (app/services/context.py), shared by the contexts of one
# open_desk(): no module-level state.


def _mark_running(ctx: DeskContext, delta: int) -> None:
    if delta > 0:
        ctx.activity.sync_started()
    else:
        ctx.activity.sync_ended()


# --- one round -----------------------------------------------------------------------------


#: The HTTP client's short causes (English, as the log keeps them) in the Vietnamese that
#: the clerk's message is written in: no English words inside a Vietnamese sentence.
_CAUSES_VI = {
    "name not found (DNS)": "không tìm thấy tên máy chủ (DNS)",
    "connection refused or no route": "máy chủ không nhận kết nối hoặc không có đường mạng",
    "connect timeout": "quá thời gian chờ kết nối",
    "no answer in time (read timeout)": "máy chủ không trả lời kịp",
    "TLS error (certificate or handshake)": "lỗi TLS (chứng chỉ hoặc bắt tay)",
    "connection dropped before the answer": "kết nối bị ngắt trước khi có trả lời",
    "timeout": "quá thời gian chờ",
}
#: A health probe answers at once when the hub is up: a short wait tells "offline" fast.
PROBE_TIMEOUT = (1.5, 2.0)


def _vi_detail(detail: str) -> str:
    for english in sorted(_CAUSES_VI, key=len, reverse=True):
        detail = detail.replace(english, _CAUSES_VI[english])
    return detail


def _message(result: RoundResult) -> str:
    if result.outcome == OFFLINE:
        return _msg("sync.offline", detail=_vi_detail(result.detail))
    if result.outcome == AUTH:
        return _msg("sync.reenroll")
    if result.outcome == ERROR:
        return _msg("sync.server_error", detail=result.detail)
    return ""


def _record(ctx: DeskContext, result: RoundResult, *, message: str, reenroll: bool) -> None:
    values: dict[str, str | None] = {
        K_OUTCOME: result.outcome,
        K_LAST_ERROR: message or None,
    }
    if result.skew_seconds is not None:
        values[K_SKEW] = repr(float(result.skew_seconds))
    if result.outcome == OK:
        values[K_LAST_SUCCESS] = ctx.now().isoformat()
    if reenroll:
        values[K_REENROLL] = "1"
    with ctx.db.session() as s:
        write_state(s, values)
        s.commit()


def sync_once(
    ctx: DeskContext,
    *,
    http: requests.Session | None = None,
    progress: Callable[[int, int], None] | None = None,
    tokens: TokenStore | None = None,
    rng: Callable[[], float] | None = None,
    settings: EngineSettings | None = None,
    manual: bool = False,
) -> SyncReport:
    """One round: push the outbox, pull the hub's changes. Never raises for network faults:
    the report's state says "offline" or "needs_attention" and ``error`` says why.

    The round holds the data folder's sync lock, so a restore never swaps the file under
    it; right after a restore only a ``manual`` round runs (and lifts the hold)."""
    ctx.actor.require(Permission.SYNC)
    from app.services.restore import release_sync_hold
    from app.services.sync_lock import sync_lock

    if manual:
        release_sync_hold(ctx)
    blocker = sync_blocker(ctx)
    if blocker is not None:
        return _skipped(ctx, blocker)
    try:  # the lock may still be taken between the question and here: same answer
        with sync_lock(ctx.data_dir):
            return _round(
                ctx, http=http, progress=progress, tokens=tokens, rng=rng, settings=settings
            )
    except DeskError as err:
        if err.key in ("backup.restore_running", "backup.sync_running"):
            return _skipped(ctx, err)
        raise


def sync_blocker(ctx: DeskContext) -> DeskError | None:
    """The one "may a sync round start now?" decision of the desk (the window's rounds, the
    CLI's loop and ``sync --once`` all pass through :func:`sync_once`, which asks it):
    None when it may, else the reason as a DeskError.

    - "sync.on_hold": a restore put automatic sync on hold (a manual round lifts the hold
      before asking);
    - "backup.restore_running" / "backup.sync_running": a live process (this one included)
      holds the data folder's sync lock: a restore, or another round."""
    from app.services.restore import sync_on_hold
    from app.services.sync_lock import busy_error, lock_holder

    if sync_on_hold(ctx):
        return DeskError("sync.on_hold")
    holder = lock_holder(ctx.data_dir)
    if holder is not None:
        return busy_error(holder)
    return None


def _skipped(ctx: DeskContext, reason: DeskError) -> SyncReport:
    """The report of a round that did not run. Skipped for the lock another process holds:
    the state is "busy" whatever the last round left (never "up_to_date" while events
    wait), and the message counts what is waiting."""
    from app.services.sync_status import BUSY

    status = sync_status(ctx)
    state, error = status.state, reason.message("vi")
    if reason.key == "backup.sync_running":
        state = BUSY
        error = _msg(
            "sync.busy", pid=reason.params.get("pid", "?"), waiting=status.waiting_dossiers
        )
    elif reason.key == "backup.restore_running":
        state = BUSY
    return SyncReport(
        0,
        0,
        0,
        0,
        state,
        error,
        "skipped",
        slot=status.slot,
        waiting=status.waiting,
        waiting_dossiers=status.waiting_dossiers,
    )


def _round(
    ctx: DeskContext,
    *,
    http: requests.Session | None,
    progress: Callable[[int, int], None] | None,
    tokens: TokenStore | None,
    rng: Callable[[], float] | None,
    settings: EngineSettings | None,
) -> SyncReport:
    kv = _read_state(ctx)
    url = kv.get(K_HUB_URL)
    if not url or not kv.get(K_DEVICE):
        return SyncReport(0, 0, 0, 0, NOT_ENROLLED, _msg("sync.not_enrolled"))
    store = tokens or KeyringTokenStore()
    try:
        token = identity.read_token(ctx, store, url)
    except DeskError as err:  # the keyring is there but failed (locked, say): not a 401
        _record(ctx, RoundResult(outcome=AUTH), message=err.message("vi"), reenroll=False)
        return _report(ctx, RoundResult(outcome=AUTH))
    if not token:
        _record(ctx, RoundResult(outcome=AUTH), message=_msg("sync.token_missing"), reenroll=True)
        return _report(ctx, RoundResult(outcome=AUTH))
    session = http or requests.Session()
    _mark_running(ctx, +1)
    try:
        try:
            client = HubClient(url, session, token=token, ca_bundle=kv.get(K_CA_BUNDLE) or None)
        except DeskError as err:  # a bad setting, not a network fault: shown, not raised
            result = RoundResult(outcome=ERROR, detail=err.message("vi"))
            _record(ctx, result, message=err.message("vi"), reenroll=False)
            return _report(ctx, result)
        _numbering_from_hub(ctx, client)
        engine = SyncEngine(
            client=client,
            outbox=_outbox(ctx),
            applier=StoreChangeApplier(ctx),
            clock=ctx.now,
            settings=settings,
            rng=rng or random.random,
        )
        result = engine.run(progress)
        from app.services.files import push_files_step  # the bytes, after the events

        result = push_files_step(ctx, client, result)
        from app.services.results import fetch_results_step  # result files the hub named

        result = fetch_results_step(ctx, client, result)
        from app.services.payments import ereceipts_step  # the fee receipts' own gateway

        result = ereceipts_step(ctx, client, result)
        from app.services.agencies import catalog_step  # the city's agencies (issue 18)

        result = catalog_step(ctx, client, result)
    finally:
        _mark_running(ctx, -1)
        if http is None:
            session.close()
    _record(ctx, result, message=_message(result), reenroll=result.outcome == AUTH)
    return _report(ctx, result)


def _numbering_from_hub(ctx: DeskContext, client: HubClient) -> None:
    """After a restore, carry the code numbering past this device's highest codes on the
    hub (and lift the hold on new codes). A failure leaves it for the next round."""
    from app.services.numbering import carry_from_hub

    with ctx.db.read_session() as s:
        wanted = get_value(s, NUMBERING_ASK_HUB_KEY) or get_value(s, NUMBERING_HOLD_KEY)
    if not wanted:
        return
    try:
        _agency, _counter, slot = ctx.service_point()
        highest, receipts = client.highest_numbers(slot=slot)
    except (HubError, DeskError) as exc:  # the round itself will say what is wrong
        log.info("could not ask the hub for the highest codes: %s", exc)
        return
    carry_from_hub(ctx, highest, receipts)


def _report(ctx: DeskContext, result: RoundResult) -> SyncReport:
    status = sync_status(ctx)
    return SyncReport(
        pushed=result.pushed,
        duplicates=result.duplicates,
        rejected=result.rejected + result.dead,
        pulled=result.pulled,
        state=status.state,
        error=status.last_error,
        slot=status.slot,
        outcome=result.outcome,
        waiting=status.waiting,
        waiting_dossiers=status.waiting_dossiers,
    )


# --- the background loop -------------------------------------------------------------------


def check_hub(ctx: DeskContext, *, http: requests.Session | None = None) -> bool | None:
    """A short health probe between rounds: None when not enrolled, else whether the hub
    answered. An unreachable hub is recorded at once as offline, so the status strip says
    so within seconds, not at the next round."""
    kv = _read_state(ctx)
    url = kv.get(K_HUB_URL)
    if not url or not kv.get(K_DEVICE):
        return None
    session = http or requests.Session()
    try:
        HubClient(
            url, session, ca_bundle=kv.get(K_CA_BUNDLE) or None, timeout=PROBE_TIMEOUT
        ).health()
        return True
    except HubUnreachable as err:
        if kv.get(K_OUTCOME) != OFFLINE:
            result = RoundResult(outcome=OFFLINE, detail=err.detail)
            _record(ctx, result, message=_message(result), reenroll=False)
        return False
    except (HubError, DeskError):
        return False
    finally:
        if http is None:
            session.close()


def _probe(url: str, session: requests.Session, ca_bundle: str | None) -> bool:
    try:
        HubClient(url, session, ca_bundle=ca_bundle, timeout=(2.0, 3.0)).health()
        return True
    except (HubError, DeskError):
        return False


def run_forever(
    ctx: DeskContext,
    *,
    stop: threading.Event,
    on_status: Callable[[SyncStatus], None] | None = None,
    http: requests.Session | None = None,
    tokens: TokenStore | None = None,
    rng: Callable[[], float] | None = None,
    poll_interval: float = 30.0,
    probe_interval: float = 5.0,
    tick: float = 0.5,
) -> None:
    """Sync until ``stop`` is set: at once on start, then when events are due or every
    ``poll_interval`` seconds; after a failure, back off (capped, full jitter) but probe
    /health every ``probe_interval`` seconds and retry at once when it answers again."""
    schedule = SyncSchedule(poll_interval=poll_interval, floor=tick, rng=rng or random.random)
    session = http or requests.Session()
    outbox = _outbox(ctx)

    def emit() -> None:
        if on_status is not None:
            try:
                on_status(sync_status(ctx))
            except Exception:
                log.exception("status callback failed")

    try:
        while not stop.is_set():
            _mark_running(ctx, +1)
            emit()
            try:
                report = sync_once(ctx, http=session, tokens=tokens, rng=rng)
            except DeskError as err:
                log.warning("sync round failed: %s", err)
                report = SyncReport(0, 0, 0, 0, NEEDS_ATTENTION, err.message("vi"))
            except Exception:
                log.exception("sync round failed (a bug)")
                report = SyncReport(0, 0, 0, 0, NEEDS_ATTENTION, "")
            finally:
                _mark_running(ctx, -1)
            emit()
            kv = _read_state(ctx)
            outcome = kv.get(K_OUTCOME)
            wait = schedule.after_round(outcome)
            _wait(
                ctx,
                stop,
                outbox=outbox,
                wait=wait,
                session=session,
                tick=tick,
                probe_interval=probe_interval if outcome == OFFLINE else None,
                for_enrollment=report.state == NOT_ENROLLED or kv.get(K_REENROLL) == "1",
                hold=schedule.backing_off,
            )
    finally:
        if http is None:
            session.close()


def _wait(
    ctx: DeskContext,
    stop: threading.Event,
    *,
    outbox: Outbox,
    wait: float,
    session: requests.Session,
    tick: float,
    probe_interval: float | None,
    for_enrollment: bool,
    hold: bool,
) -> None:
    """Sleep up to ``wait`` seconds, waking early when there is work: a new enrollment,
    a hub that answers /health again (only probed while offline), or newly due events
    (unless backing off after a failure)."""
    waited = since_probe = 0.0
    while waited < wait:
        step = min(tick, wait - waited)
        if stop.wait(step):
            return
        waited += step
        since_probe += step
        kv = _read_state(ctx)
        if for_enrollment:
            if kv.get(K_HUB_URL) and kv.get(K_DEVICE) and kv.get(K_REENROLL) != "1":
                return
            continue
        if probe_interval is not None:
            if since_probe >= probe_interval:
                since_probe = 0.0
                url = kv.get(K_HUB_URL)
                if url and _probe(url, session, kv.get(K_CA_BUNDLE) or None):
                    return  # connectivity is back: retry at once
        elif not hold and outbox.count_due(ctx.now()) > 0:
            return


__all__ = [
    "SyncReport",
    "sync_once",
    "sync_blocker",
    "check_hub",
    "run_forever",
    # The loop's schedule (app/sync/schedule.py), re-exported for the window's timer:
    # ui/ may not import app.sync.
    "SyncSchedule",
]
