"""Messages to the citizen (issue 17): the hub queues one message per event and channel
the citizen chose at intake, sends it through a gateway, retries, and records delivery.

- Events (app.domain.notices): received, supplement requested, result ready, late with a
  new date, result returned. :func:`observe` tells them apart from what the hub knew of
  the dossier before (:class:`NoticeState`), in the same transaction that stores the
  counter's snapshot or the back office's move: a message is queued exactly when its
  event is stored, never lost between the two.
- Idempotency: each message has a key ``<code>|<event>|<channel>`` (a late notice adds its
  new date: each new date is its own event). The key is unique in the table, so an event
  seen twice (a replay, a retried push) queues nothing more; and the key travels to the
  gateway as ``Idempotency-Key``, so a send retried after a timeout that the gateway had in
  fact accepted is recognised there, not sent twice.
- Consent: only the channels in the dossier's ``KenhThongBao`` (none = no message, and
  every dossier received before consent was asked has none).
- Delivery (:class:`Sender`): a due message is leased (so one sender takes it), sent
  outside any transaction, then marked sent, or put back with capped exponential back-off
  and full jitter on a transient failure (timeout, refused connection, 5xx, 429), forever:
  a gateway that is down loses nothing. A permanent refusal (another 4xx) is marked failed
  with the gateway's reason. Each delivery joins the agency's change feed, so the counter
  shows it in the dossier's history.

Texts are rendered at send time from the catalogue (app/domain/messages/citizen.py), with
the hub's public address for the status page link; SMS text has no diacritics (a Unicode
SMS holds 70 characters, a plain one 160)."""

from __future__ import annotations

import json
import logging
import random
import threading
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

import requests
from sqlalchemy import DateTime, Integer, String, Text, insert, select
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from app.domain.dossier import OPEN_STATUSES, Status
from app.domain.errors import DeskError
from app.domain.messages import MESSAGES
from app.domain.notices import EMAIL, LATE, NEEDS, RECEIVED, RESULT_READY, RETURNED, SUPPLEMENT
from app.domain.notices import parse_channels as _parse_channels
from app.sync.protocol import (
    CHANGE_NOTICE,
    STATUS_CODE_PARAM,
    parse_wire_time,
    status_page_url,
    wire_time,
)
from hub.models import Change, HubBase, utc_now

log = logging.getLogger(__name__)

QUEUED, SENDING, SENT, FAILED = "queued", "sending", "sent", "failed"
#: Retry back-off: BASE * 2**attempt seconds, capped, with full jitter.
RETRY_BASE_SECONDS = 5.0
RETRY_CAP_SECONDS = 3600.0
#: How long a leased message waits for its sender before another may take it.
LEASE_SECONDS = 120.0
GATEWAY_TIMEOUT = (3.0, 10.0)

_STATUS_EVENTS = {
    Status.SUPPLEMENT: SUPPLEMENT,
    Status.RESOLVED: RESULT_READY,
    Status.RETURNED: RETURNED,
}


class NoticeState(HubBase):
    """Per dossier: the first appointment the hub saw (a later one is an extension, the
    "late with a new date" event), the status and note last seen (the note of a back-office
    move, which the counter's snapshot does not carry yet), and the citizen's consent."""

    __tablename__ = "hub_notice_state"
    code: Mapped[str] = mapped_column(String(60), primary_key=True)
    first_appointment: Mapped[str] = mapped_column(String(14), default="")
    appointment: Mapped[str] = mapped_column(String(14), default="")
    status: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(Text, default="")
    channels: Mapped[str] = mapped_column(String(40), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class Notice(HubBase):
    """One message to one citizen for one event on one channel, and its delivery."""

    __tablename__ = "hub_notice"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    code: Mapped[str] = mapped_column(String(60), index=True)
    agency_code: Mapped[str] = mapped_column(String(35))
    event: Mapped[str] = mapped_column(String(20))
    channel: Mapped[str] = mapped_column(String(10))
    address: Mapped[str] = mapped_column(String(254))
    params: Mapped[str] = mapped_column(Text)  # JSON: what the templates are filled with
    status: Mapped[str] = mapped_column(String(10), index=True, default=QUEUED)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    text: Mapped[str] = mapped_column(Text, default="")  # as sent
    gateway_id: Mapped[str] = mapped_column(String(100), default="")
    last_error: Mapped[str] = mapped_column(String(300), default="")


# --- queueing --------------------------------------------------------------------------


def _channels(dossier: Mapping[str, Any]) -> tuple[str, ...]:
    try:
        return _parse_channels(str(dossier.get("KenhThongBao") or ""))
    except DeskError:
        return ()  # a newer counter's channel this hub does not know: not sent


def _show_day(wire: str) -> str:
    try:
        at = parse_wire_time(wire)
    except ValueError:
        return ""
    return f"{at.day:02d}/{at.month:02d}/{at.year:04d}" if at else ""


def observe(
    s: Session,
    *,
    code: str,
    agency_code: str,
    dossier: Mapping[str, Any],
    status: int,
    appointment: str,
    note: str = "",
    states: dict[str, NoticeState] | None = None,
) -> list[str]:
    """Record what the hub now knows of dossier ``code`` and queue the messages of the
    events this is; returns the events. Called in the transaction that stores it.
    ``states``: the states of a whole batch (:func:`preload`), so none is read alone."""
    state = states.get(code) if states is not None else s.get(NoticeState, code)
    events: list[str] = []
    if state is None:
        state = NoticeState(
            code=code,
            first_appointment=appointment,
            appointment=appointment,
            status=0,
            note="",
            channels="",
            updated_at=utc_now(),
        )
        if states is None:
            s.add(state)
        else:  # written with the batch's others by insert_new_states
            states[code] = state
            state.new = True  # type: ignore[attr-defined]  # a plain mark on the transient object
        if Status(status) in OPEN_STATUSES:
            events.append(RECEIVED)
    if status != state.status and Status(status) in _STATUS_EVENTS:
        events.append(_STATUS_EVENTS[Status(status)])
    late_key = ""
    if (
        appointment
        and state.appointment
        and appointment > state.appointment
        and Status(status) in OPEN_STATUSES
    ):
        events.append(LATE)
        late_key = appointment
    if "KenhThongBao" in dossier:  # a counter's snapshot says it; an office move does not
        state.channels = ",".join(_channels(dossier))
    if status != state.status:
        state.note = note
    elif note:
        state.note = note
    state.status = status
    if appointment:
        state.appointment = max(state.appointment, appointment)
    state.updated_at = utc_now()
    channels = _parse_channels(state.channels) if state.channels else ()
    if not events or not channels:
        return events
    params = {
        "code": code,
        "agency": str(dossier.get("DonViXuLy") or ""),
        "procedure": str(dossier.get("TenTTHC") or dossier.get("MaTTHC") or ""),
        "name": str(dossier.get("ChuHoSo") or ""),
        "received": _show_day(str(dossier.get("NgayTiepNhan") or "")),
        "due": _show_day(state.appointment),
        "note": state.note or _latest_note(dossier, status),
    }
    now = utc_now()
    for event in events:
        for channel in channels:
            address = str(
                dossier.get("Email" if NEEDS[channel] == "email" else "SoDienThoai") or ""
            )
            if not address.strip():
                continue
            key = f"{code}|{event}|{channel}" + (f"|{late_key}" if event == LATE else "")
            if s.scalar(select(Notice.id).where(Notice.key == key)) is not None:
                continue  # this event was queued already: never twice
            s.add(
                Notice(
                    key=key,
                    code=code,
                    agency_code=agency_code,
                    event=event,
                    channel=channel,
                    address=address.strip(),
                    params=json.dumps({**params, "event": event}, ensure_ascii=False),
                    status=QUEUED,
                    attempts=0,
                    next_at=now,
                    created_at=now,
                )
            )
    return events


def preload(s: Session, codes: list[str]) -> dict[str, NoticeState]:
    """The states of ``codes``, read at once, for :func:`observe` on each (a pushed batch
    is up to a thousand dossiers: one query, not one each)."""
    found: dict[str, NoticeState] = {}
    for start in range(0, len(codes), 500):
        chunk = codes[start : start + 500]
        found.update(
            (n.code, n) for n in s.scalars(select(NoticeState).where(NoticeState.code.in_(chunk)))
        )
    return found


def insert_new_states(s: Session, states: dict[str, NoticeState]) -> None:
    """Write the states :func:`observe` created for a batch, in one statement."""
    rows = [
        {
            "code": n.code,
            "first_appointment": n.first_appointment,
            "appointment": n.appointment,
            "status": n.status,
            "note": n.note,
            "channels": n.channels,
            "updated_at": n.updated_at,
        }
        for n in states.values()
        if getattr(n, "new", False)
    ]
    if rows:
        s.execute(insert(NoticeState.__table__), rows)  # type: ignore[arg-type]  # __table__ is a Table at run time


def _latest_note(dossier: Mapping[str, Any], status: int) -> str:
    for h in reversed(dossier.get("QuaTrinhXuLy") or []):
        if isinstance(h, dict) and h.get("TrangThai") == status:
            return str(h.get("NoiDungXuLy") or "")
    return ""


# --- texts -------------------------------------------------------------------------------


def _plain(text: str) -> str:
    """Vietnamese without diacritics (đ -> d): what a plain 160-character SMS holds."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def render(notice: Notice, public_url: str = "") -> tuple[str, str]:
    """(subject, text) of ``notice`` in Vietnamese; the subject is "" but for email."""
    params = json.loads(notice.params)
    url = status_page_url(public_url) if public_url else ""
    if url:
        url += f"?{STATUS_CODE_PARAM}={notice.code}"
    params["url"] = url or notice.code
    params.setdefault("note", "")
    text = MESSAGES[f"notice.{notice.channel}.{notice.event}"][0].format(**params)
    subject = ""
    if notice.channel == EMAIL:
        event = MESSAGES[f"notice.event.{notice.event}"][0]
        subject = MESSAGES["notice.email.subject"][0].format(**{**params, "event": event})
    if notice.channel == "sms":
        text = _plain(text)
    return subject, text


# --- the gateway -------------------------------------------------------------------------


@dataclass(frozen=True)
class Outgoing:
    key: str  # the idempotency key
    channel: str
    to: str
    subject: str
    text: str


class GatewayError(Exception):
    def __init__(self, detail: str, *, transient: bool) -> None:
        super().__init__(detail)
        self.detail, self.transient = detail, transient


class Gateway(Protocol):
    def send(self, message: Outgoing) -> str:
        """Hand ``message`` over; returns the gateway's id for it. GatewayError otherwise."""
        ...


class HttpGateway:
    """A message gateway over HTTP: ``POST URL`` with a JSON body and ``Idempotency-Key``;
    a 2xx JSON object is delivery (``id`` = the gateway's reference), a timeout, a refused
    connection, 429 or 5xx are transient, any other answer permanent."""

    def __init__(
        self,
        url: str,
        http: requests.Session | None = None,
        timeout: tuple[float, float] = GATEWAY_TIMEOUT,
    ) -> None:
        self.url, self.timeout = url, timeout
        self.http = http or requests.Session()

    def send(self, message: Outgoing) -> str:
        try:
            r = self.http.post(
                self.url,
                json={
                    "idempotency_key": message.key,
                    "channel": message.channel,
                    "to": message.to,
                    "subject": message.subject,
                    "text": message.text,
                },
                headers={"Idempotency-Key": message.key},
                timeout=self.timeout,
            )
        except requests.RequestException as exc:
            raise GatewayError(f"{type(exc).__name__}", transient=True) from None
        if r.status_code == 429 or r.status_code >= 500:
            raise GatewayError(f"HTTP {r.status_code}", transient=True)
        try:
            body = r.json()
        except ValueError:
            body = None
        if not 200 <= r.status_code < 300 or not isinstance(body, dict):
            raise GatewayError(f"HTTP {r.status_code}: {r.text[:200]}", transient=False)
        return str(body.get("id") or "")[:100]


# --- delivery ----------------------------------------------------------------------------


def backoff(attempt: int, base: float, cap: float, rng: random.Random) -> float:
    """Full jitter: uniform in [0, min(cap, base * 2**attempt)], at least a tenth of base."""
    return max(base / 10, rng.uniform(0, min(cap, base * 2 ** min(attempt, 30))))


class Sender:
    """Sends the due messages of the queue, one lease at a time (:meth:`run_once`), or in a
    thread until stopped (:meth:`start`)."""

    def __init__(
        self,
        factory: sessionmaker[Session],
        gateway: Gateway,
        *,
        public_url: str = "",
        retry_base: float = RETRY_BASE_SECONDS,
        retry_cap: float = RETRY_CAP_SECONDS,
        clock: Callable[[], datetime] = utc_now,
        rng: random.Random | None = None,
    ) -> None:
        self.factory, self.gateway, self.public_url = factory, gateway, public_url
        self.retry_base, self.retry_cap = retry_base, retry_cap
        self.clock = clock
        self.rng = rng or random.Random()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _lease(self, limit: int) -> list[int]:
        now = self.clock()
        with self.factory() as s:
            rows = list(
                s.scalars(
                    select(Notice)
                    .where(Notice.status.in_((QUEUED, SENDING)), Notice.next_at <= now)
                    .order_by(Notice.next_at, Notice.id)
                    .limit(limit)
                    .with_for_update(skip_locked=True)
                )
            )
            for row in rows:
                row.status = SENDING
                row.next_at = now + timedelta(seconds=LEASE_SECONDS)
            s.commit()
            return [row.id for row in rows]

    def run_once(self, limit: int = 50) -> int:
        """Send what is due; returns how many were delivered."""
        delivered = 0
        for notice_id in self._lease(limit):
            with self.factory() as s:
                row = s.get(Notice, notice_id)
                assert row is not None
                try:
                    subject, text = render(row, self.public_url)
                except (KeyError, ValueError, IndexError) as exc:  # our bug: shown, not retried
                    log.error("message %s cannot be written: %r", notice_id, exc)
                    s.rollback()
                    self._failed(notice_id, GatewayError(f"template: {exc!r}", transient=False))
                    continue
                message = Outgoing(row.key, row.channel, row.address, subject, text)
                s.rollback()  # no transaction stays open while the gateway answers
            try:
                gateway_id = self.gateway.send(message)
            except GatewayError as exc:
                self._failed(notice_id, exc)
                continue
            except Exception as exc:  # noqa: BLE001  (our bug: logged loudly, retried later)
                log.exception("message %s: %s", notice_id, exc)
                self._failed(notice_id, GatewayError(type(exc).__name__, transient=True))
                continue
            self._sent(notice_id, text, gateway_id)
            delivered += 1
        return delivered

    def _sent(self, notice_id: int, text: str, gateway_id: str) -> None:
        now = self.clock()
        with self.factory() as s:
            row = s.get(Notice, notice_id)
            assert row is not None
            row.status, row.sent_at, row.text, row.gateway_id = SENT, now, text, gateway_id
            row.attempts += 1
            row.last_error = ""
            s.add(
                Change(
                    agency_code=row.agency_code,
                    kind=CHANGE_NOTICE,
                    data=json.dumps(notice_change_data(row), ensure_ascii=False),
                    created_at=now,
                )
            )
            s.commit()

    def _failed(self, notice_id: int, exc: GatewayError) -> None:
        now = self.clock()
        with self.factory() as s:
            row = s.get(Notice, notice_id)
            assert row is not None
            row.last_error = exc.detail[:300]
            if exc.transient:
                row.status = QUEUED
                wait = backoff(row.attempts, self.retry_base, self.retry_cap, self.rng)
                row.next_at = now + timedelta(seconds=wait)
            else:
                row.status = FAILED
            row.attempts += 1
            s.commit()
        log.warning("message %s not delivered (%s)", notice_id, exc.detail)

    def start(self, interval: float = 1.0) -> None:
        def loop() -> None:
            while not self._stop.is_set():
                try:
                    self.run_once()
                except Exception as exc:  # noqa: BLE001  (a database hiccup: next round)
                    log.error("message sender: %s: %s", type(exc).__name__, exc)
                self._stop.wait(interval)

        self._thread = threading.Thread(target=loop, name="notice-sender", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(15)


def notice_change_data(row: Notice) -> dict[str, Any]:
    """What the counter learns of a delivered message (no text, no address in full)."""
    return {
        "MaHoSo": row.code,
        "event": row.event,
        "channel": row.channel,
        "to": mask_address(row.address),
        "sent_at": wire_time(row.sent_at.replace(tzinfo=UTC)) if row.sent_at else "",
    }


def mask_address(address: str) -> str:
    """``0912345678`` -> ``091****678``; ``an@example.vn`` -> ``a***@example.vn``."""
    if "@" in address:
        user, _, domain = address.partition("@")
        return f"{user[:1]}***@{domain}"
    return address[:3] + "****" + address[-3:] if len(address) > 6 else "***"


def notices(s: Session, code: str | None = None) -> list[dict[str, Any]]:
    """The messages the hub holds (of one dossier with ``code``), oldest first."""
    query = select(Notice).order_by(Notice.id)
    if code:
        query = query.where(Notice.code == code.strip())
    return [
        {
            "code": n.code,
            "event": n.event,
            "channel": n.channel,
            "to": mask_address(n.address),
            "status": n.status,
            "attempts": n.attempts,
            "created_at": wire_time(n.created_at.replace(tzinfo=UTC)),
            "sent_at": wire_time(n.sent_at.replace(tzinfo=UTC)) if n.sent_at else "",
            "last_error": n.last_error,
            "key": n.key,
        }
        for n in s.scalars(query)
    ]


def sender_from_env(factory: sessionmaker[Session], gateway_url: str, public_url: str) -> Sender:
    """The hub's sender on the HTTP gateway at ``gateway_url`` (the retry base and the
    read timeout from MOTCUA_NOTIFY_RETRY_BASE and MOTCUA_NOTIFY_TIMEOUT, for tests that
    cannot wait minutes)."""
    import os

    base = float(os.environ.get("MOTCUA_NOTIFY_RETRY_BASE") or RETRY_BASE_SECONDS)
    read = float(os.environ.get("MOTCUA_NOTIFY_TIMEOUT") or GATEWAY_TIMEOUT[1])
    gateway = HttpGateway(gateway_url, timeout=(GATEWAY_TIMEOUT[0], read))
    return Sender(factory, gateway, public_url=public_url, retry_base=base)


__all__ = ["CHANGE_NOTICE", "Notice", "NoticeState", "Sender", "observe", "notices"]
