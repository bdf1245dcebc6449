"""The sync status the window's strip shows, read from the database: the stored sync state
(keys ``sync.*`` in the KeyValue table) and the outbox counts.

The state's keys, its read and its write live here, apart from app.services.sync (the
round) and app.services.enrolment, which need the HTTP client, the TLS stack and the
keyring: the main window reads the status at start, and
importing those for it cost about 0.1 s (DESIGN.md section 8)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from app.domain.errors import DeskError
from app.services.context import DeskContext
from app.store.outbox import Outbox
from app.store.repositories import delete_value, set_value, values_of
from app.sync.states import AUTH, ERROR, OFFLINE, SKEW_WARN_SECONDS

NOT_ENROLLED, OFFLINE_STATE, SYNCING, UP_TO_DATE, NEEDS_ATTENTION, BUSY = (
    "not_enrolled",
    "offline",
    "syncing",
    "up_to_date",
    "needs_attention",
    "busy",  # another process holds the sync lock: its round, not ours, is running
)

K_HUB_URL = "sync.hub_url"
K_DEVICE = "sync.device_id"
K_AGENCY = "sync.agency_code"
K_CURSOR = "sync.cursor"
K_LAST_SUCCESS = "sync.last_success"
K_LAST_ERROR = "sync.last_error"
K_OUTCOME = "sync.last_outcome"
K_SKEW = "sync.clock_skew"
K_REENROLL = "sync.needs_reenrollment"
K_CA_BUNDLE = "sync.ca_bundle"
_KEYS = (
    K_HUB_URL,
    K_DEVICE,
    K_AGENCY,
    K_CURSOR,
    K_LAST_SUCCESS,
    K_LAST_ERROR,
    K_OUTCOME,
    K_SKEW,
    K_REENROLL,
    K_CA_BUNDLE,
)


@dataclass(frozen=True)
class SyncStatus:
    #: "not_enrolled" | "offline" | "syncing" | "up_to_date" | "needs_attention" | "busy"
    state: str
    waiting: int  # outbox events not yet acknowledged (pending, incl. retrying)
    rejected: int  # rejected + dead-lettered events (need the clerk's attention)
    last_success: datetime | None
    last_error: str  # Vietnamese, for the status strip; "" when none
    clock_skew_seconds: float | None
    hub_url: str | None
    needs_reenrollment: bool = False  # the hub refused the token (401): enroll again
    slot: int | None = None  # this counter's slot (0-9) when it has one to number codes with
    slot_source: str | None = None  # "hub" | "demo" | "legacy" | None (app.services.identity)
    waiting_dossiers: int = 0  # the dossiers the waiting events are about (the strip's count)


def _is_running(ctx: DeskContext) -> bool:
    return ctx.activity.syncing


def _outbox(ctx: DeskContext) -> Outbox:
    return Outbox(ctx.db.session, ctx.db.read_session)


def _read_state(ctx: DeskContext) -> dict[str, str]:
    with ctx.db.read_session() as s:
        return values_of(s, _KEYS)


def write_state(s: Session, values: dict[str, str | None]) -> None:
    """Store the ``sync.*`` values in the open session (None deletes one); the caller
    commits."""
    for key, value in values.items():
        if value is None:
            delete_value(s, key)
        else:
            set_value(s, key, value)


def _msg(key: str, **params: Any) -> str:
    return DeskError(key, **params).message("vi")


def _skew(kv: dict[str, str]) -> float | None:
    try:
        return float(kv[K_SKEW]) if kv.get(K_SKEW) else None
    except ValueError:
        return None


def _skewed(skew: float | None) -> bool:
    return skew is not None and abs(skew) > SKEW_WARN_SECONDS


def _state(kv: dict[str, str], *, rejected: int, running: bool) -> tuple[str, str]:
    """(state, Vietnamese message) from the stored sync state and the outbox counts."""
    if not kv.get(K_HUB_URL) or not kv.get(K_DEVICE):
        return NOT_ENROLLED, _msg("sync.not_enrolled")
    stored = kv.get(K_LAST_ERROR, "")
    skew = _skew(kv)
    hint = (
        _msg("sync.clock_skew", minutes=round(abs(skew or 0) / 60))
        if _skewed(skew)
        else _msg("sync.rejected", count=rejected)
        if rejected
        else ""
    )
    if running:
        return SYNCING, stored or hint
    outcome = kv.get(K_OUTCOME)
    if kv.get(K_REENROLL) == "1" or outcome == AUTH:
        return NEEDS_ATTENTION, stored or _msg("sync.reenroll")
    if outcome == OFFLINE or outcome is None:
        return OFFLINE_STATE, stored
    if hint:
        return NEEDS_ATTENTION, stored or hint
    if outcome == ERROR:
        return OFFLINE_STATE, stored
    return UP_TO_DATE, stored


def other_holder(ctx: DeskContext) -> Any:
    """The live OTHER process holding the data folder's sync lock (a round of the CLI's
    ``sync`` beside the window, or a restore), else None. A stat and a tiny read."""
    import os

    from app.services.sync_lock import lock_holder

    holder = lock_holder(ctx.data_dir)
    return holder if holder is not None and holder.pid != os.getpid() else None


def busy_message(holder: Any, waiting_dossiers: int) -> str:
    if holder.purpose == "restore":
        from app.services.sync_lock import busy_error

        return busy_error(holder).message("vi")
    return _msg("sync.busy", pid=holder.pid if holder.pid > 0 else "?", waiting=waiting_dossiers)


def sync_status(ctx: DeskContext) -> SyncStatus:
    """What the status strip shows; cheap enough to call every second. While another
    process holds the sync lock the state is "busy" (never "up_to_date" from an older
    round while events wait), with the waiting count in the message."""
    kv = _read_state(ctx)
    counts = _outbox(ctx).counts()
    problems = counts.rejected + counts.dead
    state, message = _state(kv, rejected=problems, running=_is_running(ctx))
    if state not in (SYNCING, NOT_ENROLLED):
        holder = other_holder(ctx)
        if holder is not None:
            state, message = BUSY, busy_message(holder, counts.waiting_dossiers)
    last = kv.get(K_LAST_SUCCESS)
    return SyncStatus(
        state=state,
        waiting=counts.waiting,
        rejected=problems,
        last_success=datetime.fromisoformat(last) if last else None,
        last_error=message if state != UP_TO_DATE else "",
        clock_skew_seconds=_skew(kv),
        hub_url=kv.get(K_HUB_URL),
        needs_reenrollment=kv.get(K_REENROLL) == "1",
        waiting_dossiers=counts.waiting_dossiers,
        **_slot_fields(ctx),
    )


def _slot_fields(ctx: DeskContext) -> dict[str, Any]:
    try:
        slot = ctx.service_point()[2]
    except DeskError:  # nothing set up yet
        return {}
    source = ctx.slot_source()
    return {"slot": slot if source is not None else None, "slot_source": source}
