"""Synchronisation with the city endpoint: the face the desktop UI and the CLI see.

State kept in the KeyValue table (keys ``sync.*``): the hub URL, this device's id and
agency, the change-feed cursor, the last success, the last error (Vietnamese), the last
outcome and the clock skew. The device token is in the OS keyring only.
"""

from __future__ import annotations

import logging
import random
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import requests
from sqlalchemy.orm import Session

from app.domain.codes import NUMBERING_ASK_HUB_KEY, NUMBERING_HOLD_KEY
from app.domain.concurrency import concurrent_winner, conflict_note
from app.domain.dossier import TRANSITIONS, Status
from app.domain.entry import nfc_tree
from app.domain.errors import DeskError
from app.domain.roles import Permission
from app.services import identity
from app.services.catalog import invalidate_catalog, upsert_procedure
from app.services.context import DeskContext
from app.services.sync_status import (  # the status read, kept light for the window's start
    K_AGENCY,
    K_CA_BUNDLE,
    K_CURSOR,
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
    _state,  # noqa: F401 - re-exported (tests)
    sync_status,
)
from app.store.calendar import override_of
from app.store.models import CalendarOverride, StatusHistory
from app.store.outbox import Outbox
from app.store.repositories import (
    add_audit,
    counter_name,
    delete_value,
    dossier_by_code,
    get_value,
    move_dossier_row,
    set_value,
)
from app.sync.client import HubClient, HubError, HubRefused, HubUnreachable, normalize_hub_url
from app.sync.engine import EngineSettings, RoundResult, SyncEngine
from app.sync.protocol import (
    CHANGE_CALENDAR,
    CHANGE_PROCEDURE,
    CHANGE_STATUS,
    REASON_CODE_REUSED,
    REASON_CONFLICT,
    REASON_NOT_OWNER,
    Change,
    parse_wire_time,
)
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


@dataclass(frozen=True)
class RejectedEvent:
    """A refused or dead-lettered event for the clerk: the dossier, why, what to do."""

    dossier_code: str
    reason: str  # Vietnamese
    at: datetime
    dead: bool
    advice: str = ""  # Vietnamese: what to do
    reason_en: str = ""
    advice_en: str = ""
    event_id: str = ""


# --- in-process "a round is running" marks, for the status strip ---------------------------
# Kept by the context's Activity (app/services/context.py), shared by the contexts of one
# open_desk(): no module-level state.


def _mark_running(ctx: DeskContext, delta: int) -> None:
    if delta > 0:
        ctx.activity.sync_started()
    else:
        ctx.activity.sync_ended()


# --- state ---------------------------------------------------------------------------------


def _write_state(s: Session, values: dict[str, str | None]) -> None:
    for key, value in values.items():
        if value is None:
            delete_value(s, key)
        else:
            set_value(s, key, value)


# --- the pull side: applying the hub's changes ------------------------------------------


class StoreChangeApplier:
    """Applies a page of the hub's change feed and its cursor in one local transaction.

    Status moves from the back office update the dossier, its history and the audit log
    but queue NO outbox event (the hub already knows). A move that is not legal from the
    local status (the counter moved the dossier meanwhile) is recorded in the audit log and
    not applied: the counter's newer snapshot goes to the hub with the next push."""

    def __init__(self, ctx: DeskContext) -> None:
        self._ctx = ctx

    def cursor(self) -> str:
        with self._ctx.db.read_session() as s:
            return get_value(s, K_CURSOR, "") or ""

    def apply_page(self, changes: Sequence[Change], next_cursor: str) -> int:
        ctx = self._ctx
        now = ctx.now()
        applied = 0
        calendar = catalog = False
        with ctx.db.session() as s:
            for raw in changes:
                # Text from the hub is NFC like everything typed here (app.domain.entry).
                change = Change(
                    seq=raw["seq"], kind=raw["kind"], at=raw["at"], data=nfc_tree(raw["data"])
                )
                kind = change["kind"]
                if kind == CHANGE_STATUS:
                    applied += self._status(s, change, now)
                elif kind == CHANGE_CALENDAR:
                    applied += self._calendar(s, change, now)
                    calendar = True
                elif kind == CHANGE_PROCEDURE:
                    applied += self._procedure(s, change, now)
                    catalog = True
                else:
                    log.info("skipping change %s of unknown kind %r", change["seq"], kind)
            set_value(s, K_CURSOR, next_cursor)
            s.commit()
        if calendar:
            ctx.forget_calendar()
        if catalog:
            invalidate_catalog(ctx)
        return applied

    def _status(self, s: Session, change: Change, now: datetime) -> int:
        """A back-office move. Applied as is when the counter still shows the status the
        move started from (or the move is legal from here); otherwise both sides moved
        concurrently and app.domain.concurrency decides, the losing move kept as a noted
        history line."""
        data = change["data"]
        code = data["MaHoSo"]
        to = Status(data["TrangThaiHoSo"])
        d = dossier_by_code(s, code)
        if d is None:  # another counter's dossier of the same agency
            return 0
        src = Status(d.status)
        if src == to:
            return 0
        note = str(data.get("GhiChu") or "")
        detail = {"from": int(src), "to": int(to), "note": note, "seq": change["seq"]}
        at = parse_wire_time(str(data.get("ThoiDiemXuLy") or "")) or now
        actor = str(data.get("NguoiXuLy") or "hub")[:60]
        before = data.get("TrangThaiTruoc")
        concurrent = before is not None and int(before) != int(src)
        if concurrent or to not in TRANSITIONS[src]:
            kept = concurrent_winner(counter=src, office=to)
            if kept == src:
                log.warning(
                    "back-office move of %s from %s to %s lost to the counter's move "
                    "to %s; not applied",
                    code,
                    before,
                    int(to),
                    int(src),
                )
                s.add(
                    StatusHistory(
                        dossier_id=d.id,
                        from_status=int(src),
                        to_status=int(src),
                        at=at,
                        actor=actor,
                        note=conflict_note(lost=to, kept=src, lost_side="office")[:1000],
                    )
                )
                add_audit(
                    s,
                    at=now,
                    actor="hub",
                    action="dossier.advance.hub_skipped",
                    entity="dossier",
                    key=code,
                    detail=detail,
                )
                return 0
            note = (f"{note} — " if note else "") + conflict_note(
                lost=src, kept=to, lost_side="counter"
            )
            detail["conflict"] = True
        move_dossier_row(d, to, at)
        d.updated_at = now
        s.add(
            StatusHistory(
                dossier_id=d.id,
                from_status=int(src),
                to_status=int(to),
                at=at,
                actor=actor,
                note=note[:1000],
            )
        )
        add_audit(
            s,
            at=now,
            actor="hub",
            action="dossier.advance.hub",
            entity="dossier",
            key=code,
            detail=detail,
        )
        return 1

    def _calendar(self, s: Session, change: Change, now: datetime) -> int:
        data = change["data"]
        day = date.fromisoformat(data["day"])
        row = override_of(s, day)
        if row is None:
            row = CalendarOverride(day=day)
            s.add(row)
        row.working = bool(data["working"])
        row.note = str(data.get("note") or "")[:300]
        row.source = "hub"
        row.updated_at = now
        add_audit(
            s,
            at=now,
            actor="hub",
            action="calendar.override.hub",
            entity="calendar",
            key=day.isoformat(),
            detail={"working": row.working, "seq": change["seq"]},
        )
        return 1

    def _procedure(self, s: Session, change: Change, now: datetime) -> int:
        entry = dict(change["data"]["procedure"])
        fields = (
            {entry.get("field_code", ""): entry["field_name"]} if entry.get("field_name") else {}
        )
        try:
            upsert_procedure(s, entry, fields, now)
        except DeskError as err:  # validated before any change to the session
            log.warning("skipping catalog change %s: %s", change["seq"], err)
            return 0
        add_audit(
            s,
            at=now,
            actor="hub",
            action="catalog.update.hub",
            entity="procedure",
            key=entry["code"],
            detail={"seq": change["seq"]},
        )
        return 1


# --- enroll --------------------------------------------------------------------------------


def _counter_name(ctx: DeskContext, counter_id: int) -> str:
    with ctx.db.read_session() as s:
        return counter_name(s, counter_id)


def enroll(
    ctx: DeskContext,
    *,
    hub_url: str,
    code: str,
    http: requests.Session | None = None,
    tokens: TokenStore | None = None,
    ca_bundle: str | None = None,
) -> str:
    """Register this counter with the hub using a one-time code; the token goes to the OS
    keyring. Returns the device id; raises DeskError on failure (and stores nothing)."""
    ctx.actor.require(Permission.SYNC)
    url = normalize_hub_url(hub_url)
    store = tokens or KeyringTokenStore()
    store.check_usable()  # before the one-time code is spent
    agency, counter_id, slot = ctx.service_point()
    identity.check_enrollable(ctx)  # demo dossiers never go to the city
    uid = identity.device_uid(ctx)
    counter_name = _counter_name(ctx, counter_id) or f"Quầy {slot}"
    kv = _read_state(ctx)
    bundle = ca_bundle if ca_bundle is not None else kv.get(K_CA_BUNDLE) or None
    session = http or requests.Session()
    try:
        client = HubClient(url, session, ca_bundle=bundle)
        try:
            got = client.enroll(
                code=code.strip(),
                counter_name=counter_name,
                agency_code=agency.code,
                device_uid=uid,
            )
        except HubRefused as exc:
            raise _enroll_refused(exc) from None
        except HubError as exc:
            raise DeskError("sync.offline", detail=exc.detail) from None
    finally:
        if http is None:
            session.close()
    if got.agency_code != agency.code:
        raise DeskError(
            "sync.agency_mismatch", hub_agency=got.agency_code, local_agency=agency.code
        )
    if got.slot is None:
        raise DeskError("sync.no_slot")
    store.put(identity.token_key(url, uid), got.token)
    old_url = kv.get(K_HUB_URL)
    with ctx.db.session() as s:
        identity.adopt_slot(s, ctx, got.slot)
        _write_state(
            s,
            {
                K_HUB_URL: url,
                K_DEVICE: got.device_id,
                K_AGENCY: got.agency_code,
                K_REENROLL: None,
                K_LAST_ERROR: None,
                K_OUTCOME: None,
                K_CA_BUNDLE: bundle,
                **({K_CURSOR: None} if old_url != url else {}),
            },
        )
        add_audit(
            s,
            at=ctx.now(),
            actor=ctx.actor.username,
            action="sync.enroll",
            entity="device",
            key=got.device_id,
            detail={"hub": url, "slot": got.slot},
        )
        s.commit()
    ctx.forget_setup()
    if old_url and old_url != url:
        store.forget(identity.token_key(old_url, uid))
        store.forget(old_url)
    return got.device_id


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
        _write_state(s, values)
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
        return _skipped(ctx, blocker.message("vi"))
    try:  # the lock may still be taken between the question and here: same answer
        with sync_lock(ctx.data_dir):
            return _round(
                ctx, http=http, progress=progress, tokens=tokens, rng=rng, settings=settings
            )
    except DeskError as err:
        if err.key in ("backup.restore_running", "backup.sync_running"):
            return _skipped(ctx, err.message("vi"))
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


def _skipped(ctx: DeskContext, reason: str) -> SyncReport:
    status = sync_status(ctx)
    return SyncReport(0, 0, 0, 0, status.state, reason, "skipped", slot=status.slot)


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
        highest = client.highest_codes(slot=slot)
    except (HubError, DeskError) as exc:  # the round itself will say what is wrong
        log.info("could not ask the hub for the highest codes: %s", exc)
        return
    carry_from_hub(ctx, highest)


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
    )


#: Hub reason prefixes (hub/store.py) -> the kind of refusal the clerk is told about.
_REASON_KINDS = (
    (REASON_NOT_OWNER, "not_owner"),
    (REASON_CODE_REUSED, "code_reused"),
    (REASON_CONFLICT.split(":", 1)[0] + ":", "conflict"),
    ("invalid event:", "invalid"),
    ("dossier of another agency", "other_agency"),
)

#: The hub's validation details (app/sync/protocol.py) in Vietnamese, most common first.
_DETAIL_VI = (
    (
        re.compile(r"^(?P<f>[\w.]+) longer than (?P<n>\d+) characters$", re.ASCII),
        "trường {f} dài quá {n} ký tự",
    ),
    (re.compile(r"^(?P<f>[\w.]+) has a NUL character$", re.ASCII), "trường {f} có ký tự NUL"),
    (
        re.compile(r"^(?P<f>[\w.]+) has more than (?P<n>\d+) (?:items|fields)$", re.ASCII),
        "{f} có nhiều hơn {n} mục",
    ),
    (re.compile(r"^payload larger than (?P<n>\d+) bytes$", re.ASCII), "hồ sơ lớn quá {n} byte"),
    (
        re.compile(r"^payload_hash does not match the payload$", re.ASCII),
        "dữ liệu hồ sơ không khớp mã kiểm tra (payload_hash), có thể do tệp bị hỏng",
    ),
)


def _enroll_refused(exc: HubRefused) -> DeskError:
    """The hub's refusal of an enrollment in the clerk's words (the hub answers in English,
    except where it already writes both languages)."""
    if exc.status == 403:
        key = "sync.enroll.bad_code"
    elif exc.status == 409 and "another agency" in exc.reason:
        key = "sync.enroll.other_agency"
    elif exc.status == 429:
        key = "sync.enroll.throttled"
    else:
        return DeskError("sync.enroll_refused", detail=exc.reason, detail_en=exc.reason)
    return DeskError(
        "sync.enroll_refused", detail=_msg(key), detail_en=DeskError(key).message("en")
    )


def _kind(reason: str, dead: bool) -> str:
    if dead:
        return "dead"
    for prefix, kind in _REASON_KINDS:
        if reason.startswith(prefix):
            return kind
    return "rejected"


def _detail(reason: str, kind: str, lang: str) -> str:
    """The technical part of a hub reason, without its machine prefix; in Vietnamese where
    the hub's wording is known."""
    detail = reason
    if kind == "invalid":
        detail = reason.split(":", 1)[1].strip()
        if lang == "vi":
            for pattern, template in _DETAIL_VI:
                found = pattern.match(detail)
                if found:
                    return template.format(**found.groupdict())
    return detail


def _explain(reason: str, dead: bool, attempts: int, lang: str = "vi", code: str = "") -> str:
    kind = _kind(reason, dead)
    return DeskError(
        f"sync.problem.{kind}",
        reason=reason,
        attempts=attempts,
        code=code,
        detail=_detail(reason, kind, lang),
    ).message(lang)


def _advice(reason: str, dead: bool, lang: str = "vi") -> str:
    return DeskError(f"sync.advice.{_kind(reason, dead)}").message(lang)


def rejected_events(ctx: DeskContext) -> list[RejectedEvent]:
    """Rejected and dead-lettered events with their reasons and what to do, newest first."""
    ctx.actor.require(Permission.VIEW)
    return [
        RejectedEvent(
            p.dossier_code,
            _explain(p.reason, p.dead, p.attempts, "vi", p.dossier_code),
            p.at,
            p.dead,
            _advice(p.reason, p.dead),
            _explain(p.reason, p.dead, p.attempts, "en", p.dossier_code),
            _advice(p.reason, p.dead, "en"),
            p.event_id,
        )
        for p in _outbox(ctx).problems()
    ]


def requeue_dead(ctx: DeskContext) -> int:
    """Send dead-lettered events again (after the cause was fixed); returns how many."""
    ctx.actor.require(Permission.SYNC)
    return _outbox(ctx).requeue_dead()


def requeue_problems(ctx: DeskContext, *, codes: Sequence[str] | None = None) -> int:
    """Send refused and dead-lettered events again (all, or those of the dossiers
    ``codes``) after the cause was fixed; a refused one goes with a new event id. Returns
    how many were queued; the next round sends them."""
    ctx.actor.require(Permission.SYNC)
    n = _outbox(ctx).requeue(rejected=True, codes=codes)
    if n:
        with ctx.db.session() as s:
            add_audit(
                s,
                at=ctx.now(),
                actor=ctx.actor.username,
                action="sync.requeue",
                entity="outbox",
                key=",".join(sorted(codes))[:200] if codes else "*",
                detail={"events": n},
            )
            s.commit()
    return n


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


def configure_sync(ctx: DeskContext, *, ca_bundle: str | None) -> None:
    """Trust an extra CA bundle (a path) for the hub's TLS certificate; None for the
    system's default. Verification itself can never be turned off."""
    ctx.actor.require(Permission.SYNC)
    with ctx.db.session() as s:
        _write_state(s, {K_CA_BUNDLE: ca_bundle or None})
        s.commit()


__all__ = [
    "SyncStatus",
    "SyncReport",
    "RejectedEvent",
    "sync_status",
    "sync_once",
    "enroll",
    "rejected_events",
    "run_forever",
    "requeue_dead",
    "requeue_problems",
    "configure_sync",
    "StoreChangeApplier",
    "EngineSettings",
    "SyncSchedule",
    "sync_blocker",
]
