"""What the hub does with its tables: enrollment, the idempotent event store, the change
feed, and the back office's moves. Shared by the HTTP API and ``hub-admin``."""

from __future__ import annotations

import json
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from app.domain.codes import MAX_SLOTS, parse_code, validate_agency_code
from app.domain.concurrency import concurrent_winner, conflict_note
from app.domain.dossier import Status, check_move
from app.domain.errors import DeskError
from app.domain.moves import check_note
from app.sync.protocol import (
    ACCEPTED,
    CHANGE_CALENDAR,
    CHANGE_PROCEDURE,
    CHANGE_STATUS,
    DUPLICATE,
    KIND_DOSSIER_UPSERT,
    KIND_RATING,
    REASON_CODE_REUSED,
    REASON_CONFLICT,
    REJECTED,
    EventResult,
    ProtocolError,
    calendar_change_data,
    check_cursor,
    event_id_of,
    status_change_data,
    text_hash,
    validate_envelope,
    validate_procedure_entry,
    wire_time,
)
from hub import agencies as hub_agencies
from hub import identity, notify, routing
from hub import ratings as hub_ratings
from hub.models import (
    Change,
    Device,
    DossierSnapshot,
    EnrollCode,
    Event,
    OfficeMove,
    Refusal,
    utc_now,
)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
CODE_LIFETIME = timedelta(days=3)
BACK_OFFICE = "Bộ phận chuyên môn"


class EnrollRefused(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status, self.reason = status, reason


def sha256_hex(text: str) -> str:
    return text_hash(text)


def _normal_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def as_utc(moment: datetime) -> datetime:
    """An aware UTC datetime from the naive UTC the columns hold."""
    return moment.replace(tzinfo=UTC)


# --- enrollment ----------------------------------------------------------------------------


def issue_code(s: Session, agency_code: str) -> str:
    """A one-time code for a counter of ``agency_code``; only its hash is stored."""
    validate_agency_code(agency_code)
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))
    now = utc_now()
    s.add(
        EnrollCode(
            code_hash=sha256_hex(raw),
            agency_code=agency_code,
            created_at=now,
            expires_at=now + CODE_LIFETIME,
        )
    )
    return f"{raw[:5]}-{raw[5:]}"


def enroll(
    s: Session,
    *,
    code: str,
    counter_name: str,
    agency_code: str | None,
    device_uid: str | None = None,
) -> tuple[str, str, str, int]:
    """Spend a code; returns (token, device_id, agency_code, slot). The token is shown once.

    ``device_uid`` names the counter (hub.identity): enrolling it again revokes its earlier
    tokens and keeps its slot. Without one (an older counter) the enrollment is a counter
    of its own."""
    row = s.get(EnrollCode, sha256_hex(_normal_code(code)), with_for_update=True)
    now = utc_now()
    if row is None or row.used_at is not None or row.expires_at < now:
        raise EnrollRefused(403, "invalid, expired or already used enrollment code")
    if agency_code and agency_code != row.agency_code:
        # Refused before the code is spent: the counter may still use it where it belongs.
        # The answer never names that agency: it would tell a guesser whose code it hit.
        raise EnrollRefused(409, "this enrollment code was issued for another agency")
    token = secrets.token_urlsafe(32)
    device_id = str(uuid.uuid4())
    s.add(
        Device(
            id=device_id,
            agency_code=row.agency_code,
            counter_name=counter_name[:200],
            token_hash=sha256_hex(token),
            created_at=now,
            revoked=False,
        )
    )
    s.flush()
    try:
        slot = identity.bind_counter(
            s,
            device_id=device_id,
            agency_code=row.agency_code,
            device_uid=device_uid or identity.legacy_owner(device_id),
        )
    except identity.SlotsExhausted:
        raise EnrollRefused(
            409,
            f"Cơ quan {row.agency_code} đã đủ {MAX_SLOTS} quầy; không "
            f"còn số quầy trống (all counter slots of this agency are taken)",
        ) from None
    row.used_at = now
    row.device_id = device_id
    return token, device_id, row.agency_code, slot


@dataclass(frozen=True)
class DeviceInfo:
    id: str
    agency_code: str
    owner: str = ""  # the counter it is (hub.identity.owner_key); "" = its own id


def authenticate(s: Session, authorization: str | None) -> DeviceInfo | None:
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or len(token) > 200:
        return None
    device = s.scalar(select(Device).where(Device.token_hash == sha256_hex(token)))
    if device is None or device.revoked:
        return None
    return DeviceInfo(device.id, device.agency_code, identity.owner_key(s, device.id))


def revoke(s: Session, device_id: str) -> bool:
    device = s.get(Device, device_id)
    if device is None:
        return False
    device.revoked = True
    return True


# --- the event store -----------------------------------------------------------------------


def _result(event_id: str, result: str, reason: str = "") -> EventResult:
    return {"event_id": event_id, "result": result, "reason": reason}


def store_events(
    factory: sessionmaker[Session], device: DeviceInfo, events: list[Any]
) -> list[EventResult]:
    """Store a batch idempotently and answer per event. Retried when a concurrent request
    stored one of the same event_ids first (the retry then sees it as a duplicate)."""
    for attempt in range(5):
        with factory() as s:
            try:
                results = _store_batch(s, device, events)
                s.commit()
                return results
            except IntegrityError:
                s.rollback()
                if attempt == 4:
                    raise
    raise AssertionError("unreachable")


def _store_batch(s: Session, device: DeviceInfo, events: list[Any]) -> list[EventResult]:
    now = utc_now()
    results: list[EventResult | None] = [None] * len(events)
    valid: list[tuple[int, dict[str, Any], dict[str, Any]]] = []
    for i, raw in enumerate(events):
        try:
            checked = validate_envelope(raw)
        except ProtocolError as exc:
            results[i] = _result(event_id_of(raw), REJECTED, f"invalid event: {exc}")
            continue
        env = checked.envelope
        parsed = parse_code(env["dossier_code"])
        if parsed is None or (
            parsed.agency_code != device.agency_code
            and not routing.routed_to(s, env["dossier_code"], device.agency_code)
        ):
            results[i] = _result(
                env["event_id"],
                REJECTED,
                f"dossier of another agency than this device's ({device.agency_code})",
            )
            continue
        valid.append((i, dict(env), dict(checked.payload)))
    valid = _owned_only(s, device, valid, results, now)
    ids = list({env["event_id"] for _, env, _ in valid})
    known: dict[str, str] = {}
    for start in range(0, len(ids), 500):
        known.update(
            s.execute(
                select(Event.event_id, Event.payload_hash).where(
                    Event.event_id.in_(ids[start : start + 500])
                )
            ).all()
        )
    valid = _same_dossier_only(s, device, valid, results, now, known)
    new_rows: list[dict[str, Any]] = []
    refusals: list[dict[str, Any]] = []
    latest: dict[str, tuple[dict[str, Any], str]] = {}
    ratings: list[tuple[str, dict[str, Any]]] = []
    accepted: list[tuple[str, dict[str, Any]]] = []  # dossier events in order (hub.routing)
    for i, env, payload in valid:  # type: ignore[assignment]  # env is the envelope copied into a plain dict
        eid, text, digest = env["event_id"], env["payload"], env["payload_hash"]
        if eid in known:
            if known[eid] == digest:
                results[i] = _result(eid, DUPLICATE)
                refusals.append(
                    {"event_id": eid, "device_id": device.id, "kind": "duplicate", "at": now}
                )
            else:
                results[i] = _result(eid, REJECTED, REASON_CONFLICT)
                refusals.append(
                    {"event_id": eid, "device_id": device.id, "kind": "conflict", "at": now}
                )
            continue
        known[eid] = digest
        new_rows.append(
            {
                "event_id": eid,
                "device_id": device.id,
                "agency_code": device.agency_code,
                "dossier_code": env["dossier_code"],
                "kind": env["kind"],
                "version": payload["version"],
                "payload_hash": digest,
                "payload": text,
                "created_at": env["created_at"],
                "stored_at": now,
            }
        )
        code = env["dossier_code"]
        if env["kind"] == KIND_RATING:
            ratings.append((eid, payload))
        else:
            accepted.append((code, payload))
            if code not in latest or payload["version"] > latest[code][0]["version"]:
                latest[code] = (payload, text)
        results[i] = _result(eid, ACCEPTED)
    if new_rows:
        s.execute(insert(Event.__table__), new_rows)  # type: ignore[arg-type]  # Core, no ORM bookkeeping per row; __table__ is a Table
        _update_snapshots(s, device.agency_code, latest, now)
        routing.observe(s, device.agency_code, accepted)
    if ratings:
        hub_ratings.store_ratings(
            s, device_id=device.id, agency_code=device.agency_code, items=ratings, now=now
        )
    if refusals:
        s.execute(insert(Refusal.__table__), refusals)  # type: ignore[arg-type]  # __table__ is a Table at run time; SQLAlchemy types it FromClause
    return [r for r in results if r is not None]


def _owned_only(
    s: Session,
    device: DeviceInfo,
    valid: list[tuple[int, dict[str, Any], dict[str, Any]]],
    results: list[EventResult | None],
    now: datetime,
) -> list[tuple[int, dict[str, Any], dict[str, Any]]]:
    """The events this device may write (hub.identity.may_write); the others are answered
    "rejected" with the reason, and a code nobody owned becomes this device's."""
    writer = device.owner or identity.legacy_owner(device.id)
    codes = list({env["dossier_code"] for _, env, _ in valid})
    owner = identity.owners(s, codes)
    routes = routing.routes_of(s, [c for c in codes if c in owner])
    kept: list[tuple[int, dict[str, Any], dict[str, Any]]] = []
    refusals: list[dict[str, Any]] = []
    for item in valid:
        i, env, _ = item
        code = env["dossier_code"]
        route = routes.get(code)  # routed to this device's agency for processing?
        here = route is not None and route.competent == device.agency_code
        if identity.may_write(owner.get(code), writer, routed_here=here):
            kept.append(item)
        else:
            results[i] = _result(env["event_id"], REJECTED, identity.not_owner_reason(code))
            refusals.append(
                {"event_id": env["event_id"], "device_id": device.id, "kind": "foreign", "at": now}
            )
    identity.claim(s, codes=[c for c in codes if c not in owner], owner=writer, device_id=device.id)
    if refusals:
        s.execute(insert(Refusal.__table__), refusals)  # type: ignore[arg-type]  # __table__ is a Table at run time; SQLAlchemy types it FromClause
    return kept


def _same_dossier_only(
    s: Session,
    device: DeviceInfo,
    valid: list[tuple[int, dict[str, Any], dict[str, Any]]],
    results: list[EventResult | None],
    now: datetime,
    known: dict[str, str],
) -> list[tuple[int, dict[str, Any], dict[str, Any]]]:
    """The events that are about the dossier their code already names (an event_id the hub
    already holds is left to the duplicate / conflict answer). A code never changes
    once printed and a dossier keeps its reception time, so an event whose reception time
    differs from the stored dossier's is a second dossier under the same code (two copies of
    one data folder, a rewound numbering): it is refused and the first citizen's record kept."""
    codes = list({env["dossier_code"] for _, env, _ in valid})
    received: dict[str, str] = {}
    for start in range(0, len(codes), 500):
        received.update(
            s.execute(
                select(DossierSnapshot.code, DossierSnapshot.received_at).where(
                    DossierSnapshot.code.in_(codes[start : start + 500])
                )
            )
            .tuples()
            .all()
        )
    first: dict[str, str] = {}  # within this batch, for codes the hub does not hold yet
    kept: list[tuple[int, dict[str, Any], dict[str, Any]]] = []
    refusals: list[dict[str, Any]] = []
    for item in valid:
        i, env, payload = item
        if env["kind"] != KIND_DOSSIER_UPSERT:  # a rating: no dossier content to compare
            kept.append(item)
            continue
        code, at = env["dossier_code"], payload["dossier"]["NgayTiepNhan"]
        held = received.get(code) or first.setdefault(code, at)
        if held == at or env["event_id"] in known:
            kept.append(item)
            continue
        results[i] = _result(
            env["event_id"], REJECTED, f"{REASON_CODE_REUSED} {code} received at {held}, not {at}"
        )
        refusals.append(
            {"event_id": env["event_id"], "device_id": device.id, "kind": "reused", "at": now}
        )
    if refusals:
        s.execute(insert(Refusal.__table__), refusals)  # type: ignore[arg-type]  # __table__ is a Table at run time; SQLAlchemy types it FromClause
    return kept


def _update_snapshots(
    s: Session, agency: str, latest: dict[str, tuple[dict[str, Any], str]], now: datetime
) -> None:
    """Keep the highest version per dossier; ``latest`` maps a code to (payload, its text)."""
    codes = list(latest)
    stored: dict[str, DossierSnapshot] = {}
    moves: dict[str, OfficeMove] = {}
    for start in range(0, len(codes), 500):
        for row in s.scalars(
            select(DossierSnapshot).where(DossierSnapshot.code.in_(codes[start : start + 500]))
        ):
            stored[row.code] = row
        for move in s.scalars(
            select(OfficeMove).where(OfficeMove.code.in_(codes[start : start + 500]))
        ):
            moves[move.code] = move
    fresh: list[dict[str, Any]] = []
    states = notify.preload(s, codes)
    for code, (payload, text) in latest.items():
        dossier = payload["dossier"]
        row = stored.get(code)  # type: ignore[assignment]  # the name is reused; None is handled below
        if row is None:
            fresh.append(
                {
                    "code": code,
                    "agency_code": agency,
                    "version": payload["version"],
                    "status": dossier["TrangThaiHoSo"],
                    "received_at": dossier["NgayTiepNhan"],
                    "appointment_at": dossier.get("NgayHenTra", ""),
                    "snapshot": text,
                    "updated_at": now,
                }
            )
        elif payload["version"] > row.version:
            # Newer content from the counter; its reception time stays the first one seen.
            row.version = payload["version"]
            row.status = _settle_status(s, row, dossier, moves.get(code), now)
            row.appointment_at = dossier.get("NgayHenTra", "")
            row.snapshot = text
            row.updated_at = now
            # The dossier's own agency (its receiving point), also when the competent body
            # of a routed dossier sent this (hub.routing): its feed carries the notices.
            _observe(s, row.agency_code, code, dossier, row.status, row.appointment_at, states)
    if fresh:
        s.execute(insert(DossierSnapshot.__table__), fresh)  # type: ignore[arg-type]  # __table__ is a Table at run time; SQLAlchemy types it FromClause
        for f in fresh:
            dossier = latest[f["code"]][0]["dossier"]
            _observe(s, agency, f["code"], dossier, f["status"], f["appointment_at"], states)
    notify.insert_new_states(s, states)


def _observe(
    s: Session,
    agency: str,
    code: str,
    dossier: dict[str, Any],
    status: int,
    due: str,
    states: dict[str, notify.NoticeState],
) -> None:
    """The citizen's messages of what was just stored (hub.notify), in its transaction."""
    notify.observe(
        s,
        code=code,
        agency_code=agency,
        dossier=dossier,
        status=status,
        appointment=due,
        states=states,
    )


def _saw(dossier: dict[str, Any], move: OfficeMove) -> bool:
    """True when the counter's history holds the back-office move (it applied it)."""
    history = dossier.get("QuaTrinhXuLy") or []
    return any(
        isinstance(h, dict)
        and h.get("TrangThai") == move.status
        and h.get("ThoiDiemXuLy") == move.at
        for h in history
    )


def _settle_status(
    s: Session,
    row: DossierSnapshot,
    dossier: dict[str, Any],
    move: OfficeMove | None,
    now: datetime,
) -> int:
    """The hub's status after a newer counter snapshot: the counter's, unless it moved
    without seeing the latest back-office move; then app.domain.concurrency decides and the
    losing move gets a note line in the change feed."""
    theirs = int(dossier["TrangThaiHoSo"])
    if move is None:
        return theirs
    if _saw(dossier, move):
        s.delete(move)
        return theirs
    office = Status(move.status)
    counter = Status(theirs)
    if counter == office:
        return theirs
    kept = concurrent_winner(counter=counter, office=office)
    if kept == counter:  # the back office's move lost: later counter moves stand alone
        s.delete(move)
        lost, side = office, "office"
    else:
        lost, side = counter, "counter"
    if int(kept) != row.status or side == "counter":
        _add_changes(
            s,
            routing.feeds_of(s, row.code, row.agency_code),
            CHANGE_STATUS,
            status_change_data(
                code=row.code,
                to=kept,
                src=Status(row.status),
                at=as_utc(now),
                actor="hub",
                note=conflict_note(lost=lost, kept=kept, lost_side=side),
            ),
        )
    return int(kept)


# --- the numbering a device used ---------------------------------------------------------


def highest_codes(s: Session, device: DeviceInfo, slot: int | None = None) -> list[str]:
    """The highest dossier code per "<agency>-<day>-<slot digit>" prefix among the events
    this device delivered and, with ``slot``, every event of its agency in that slot (a
    counter enrolled again under a new device id keeps its slot): a restored counter
    carries its numbering past them. Too high only leaves a gap; too low would repeat."""
    prefix = func.substr(Event.dossier_code, 1, func.length(Event.dossier_code) - 3)
    mine = Event.device_id == device.id
    if slot is not None:
        mine = or_(
            mine,
            (Event.agency_code == device.agency_code)
            & Event.dossier_code.like(f"%-{int(slot)}___"),
        )
    rows = s.execute(select(func.max(Event.dossier_code)).where(mine).group_by(prefix)).all()
    # Only this agency's numbering: a competent body's device also stores events of the
    # dossiers another point numbered and routed to it (hub.routing).
    own = f"{device.agency_code}-"
    return sorted(str(r[0]) for r in rows if r[0] and str(r[0]).startswith(own))


# --- the change feed -----------------------------------------------------------------------


def changes_after(
    s: Session, agency: str, cursor: str, limit: int
) -> tuple[list[dict[str, Any]], str, bool]:
    after = check_cursor(cursor)
    rows = s.execute(
        select(Change.seq, Change.kind, Change.data, Change.created_at)
        .where(Change.agency_code == agency, Change.seq > after)
        .order_by(Change.seq)
        .limit(limit + 1)
    ).all()
    has_more = len(rows) > limit
    rows = rows[:limit]
    changes = [
        {
            "seq": int(r.seq),
            "kind": r.kind,
            "at": wire_time(as_utc(r.created_at)),
            "data": json.loads(r.data),
        }
        for r in rows
    ]
    next_cursor = str(rows[-1].seq) if rows else cursor
    return changes, next_cursor, has_more


def _add_change(s: Session, agency: str, kind: str, data: dict[str, Any]) -> None:
    s.add(
        Change(
            agency_code=agency,
            kind=kind,
            data=json.dumps(data, ensure_ascii=False),
            created_at=utc_now(),
        )
    )


def _add_changes(s: Session, agencies: list[str], kind: str, data: dict[str, Any]) -> None:
    """The same change in each of these feeds (a routed dossier's two sides)."""
    for agency in agencies:
        _add_change(s, agency, kind, data)


def advance(
    s: Session,
    *,
    code: str,
    to: Status,
    note: str,
    actor: str = BACK_OFFICE,
    extra: dict[str, Any] | None = None,
) -> tuple[Status, Status]:
    """A back-office move, checked against the latest status the hub knows; it joins the
    agency's change feed so it flows back to the counter. ``extra``: more fields of the
    change (the result entries of a dossier resolved with its result, hub/results.py)."""
    row = s.get(DossierSnapshot, code.strip(), with_for_update=True)
    if row is None:
        raise DeskError("dossier.unknown", code=code)
    src = Status(row.status)
    check_move(src, to)
    note = check_note(to, note)  # the counter prints it (Mẫu 02, 05): never empty
    row.status = int(to)
    row.updated_at = utc_now()
    data = status_change_data(
        code=row.code, to=to, src=src, note=note, at=as_utc(row.updated_at), actor=actor
    )
    data.update(extra or {})
    _add_changes(s, routing.feeds_of(s, row.code, row.agency_code), CHANGE_STATUS, data)
    stored = json.loads(row.snapshot).get("dossier") or {}
    stored.pop("KenhThongBao", None)  # the consent stays as the counter last sent it
    notify.observe(
        s,
        code=row.code,
        agency_code=row.agency_code,
        dossier=stored,
        status=int(to),
        appointment=row.appointment_at,
        note=note,
    )
    move = s.get(OfficeMove, row.code)
    if move is None:
        s.add(OfficeMove(code=row.code, status=int(to), at=data["ThoiDiemXuLy"]))
    else:
        move.status, move.at = int(to), data["ThoiDiemXuLy"]
    return src, to


def set_calendar_day(s: Session, *, agency: str, day: date, working: bool, note: str) -> None:
    """Keep the day (the agency catalog serves it to other bodies' counters, issue 18) and
    put it into the agency's own change feed, for its counters."""
    validate_agency_code(agency)
    hub_agencies.keep_calendar_day(s, agency=agency, day=day, working=working, note=note)
    _add_change(
        s, agency, CHANGE_CALENDAR, calendar_change_data(day=day, working=working, note=note)
    )


def publish_procedures(s: Session, *, agency: str, data: Any) -> int:
    """Catalog updates from a JSON file: one procedure entry, a list of them, or the
    seed's shape {"fields": [...], "procedures": [...]}."""
    validate_agency_code(agency)
    fields: dict[str, str] = {}
    if isinstance(data, dict) and "procedures" in data:
        fields = {f["code"]: f["name"] for f in data.get("fields", []) if isinstance(f, dict)}
        entries = data["procedures"]
    elif isinstance(data, list):
        entries = data
    else:
        entries = [data]
    checked = []
    for entry in entries:
        try:
            e = dict(validate_procedure_entry(entry))
        except ProtocolError as exc:
            raise DeskError("input.invalid", detail=str(exc)) from None
        if not e.get("field_name") and e.get("field_code") in fields:
            e["field_name"] = fields[e["field_code"]]
        checked.append(e)
    for e in checked:
        _add_change(s, agency, CHANGE_PROCEDURE, {"procedure": e})
    return len(checked)


def stats(s: Session, *, by_body: bool = False) -> dict[str, Any]:
    """The hub's counts; ``by_body`` adds the counts by body of issue 18 (hub.routing)."""
    refusals = dict(
        s.execute(select(Refusal.kind, func.count(Refusal.id)).group_by(Refusal.kind)).all()
    )
    return {
        "events": int(s.scalar(select(func.count(Event.id))) or 0),
        "dossiers": int(s.scalar(select(func.count(func.distinct(Event.dossier_code)))) or 0),
        "duplicates_refused": int(refusals.get("duplicate", 0)),
        "conflicts": int(refusals.get("conflict", 0)),
        **(routing.stats_by_body(s) if by_body else {}),
    }
