"""Messages to the citizen: the channels a citizen may choose at intake, the events that
send one, and the rule that ties a channel to the contact it needs. Shared by the counter
(intake), the wire (``KenhThongBao``) and the hub (hub/notify.py)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from app.domain.errors import DeskError
from app.domain.messages import MESSAGES

SMS, ZALO, EMAIL = "sms", "zalo", "email"
#: In the order they are written on the wire ("sms,zalo,email"); "" is "no messages".
CHANNELS: tuple[str, ...] = (SMS, ZALO, EMAIL)
#: A channel and the contact field it is sent to.
NEEDS: dict[str, str] = {SMS: "phone", ZALO: "phone", EMAIL: "email"}

RECEIVED, SUPPLEMENT, RESULT_READY, LATE, RETURNED = (
    "received",
    "supplement",
    "result_ready",
    "late",
    "returned",
)
EVENTS: tuple[str, ...] = (RECEIVED, SUPPLEMENT, RESULT_READY, LATE, RETURNED)


def parse_channels(value: str | Iterable[str]) -> tuple[str, ...]:
    """``"sms, email"`` or ``["sms", "email"]`` -> ``("sms", "email")`` in CHANNELS order;
    "" or "none" is no messages; an unknown channel is refused."""
    items = value.replace(";", ",").split(",") if isinstance(value, str) else list(value)
    wanted = {i.strip().lower() for i in items if i.strip()}
    wanted.discard("none")
    unknown = wanted - set(CHANNELS)
    if unknown:
        raise DeskError("notice.channel_unknown", value=", ".join(sorted(unknown)))
    return tuple(c for c in CHANNELS if c in wanted)


def check_channels(channels: Iterable[str], *, phone: str, email: str) -> str:
    """The wire form of the citizen's choice, refused when a channel lacks its contact
    (a message to nobody would be lost without anyone knowing)."""
    chosen = parse_channels(list(channels))
    for c in chosen:
        if NEEDS[c] == "phone" and not phone.strip():
            raise DeskError("notice.needs_phone", channel=c.upper())
        if NEEDS[c] == "email" and not email.strip():
            raise DeskError("notice.needs_email")
    return ",".join(chosen)


@dataclass(frozen=True)
class NoticeLine:
    """A message the hub delivered to the citizen, as the counter's history shows it."""

    at: datetime
    event: str
    channel: str
    to: str  # masked by the hub: "091****678"


def notice_text(line: NoticeLine, lang: str = "vi") -> str:
    """``Đã gửi tin nhắn SMS tới 091****678: đã tiếp nhận``."""
    i = 1 if lang == "en" else 0
    event_key = f"notice.event.{line.event}"
    event = MESSAGES[event_key][i] if event_key in MESSAGES else line.event
    return MESSAGES["notice.sent_line"][i].format(
        channel=line.channel.upper() if line.channel != ZALO else "Zalo", to=line.to, event=event
    )
