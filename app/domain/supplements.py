"""Supplement requests (status 5, Mẫu 02): what is missing, when it was asked, when the
citizen completed it, and what the wait does to the deadline.

The rules, one home for the counter, the hub's moves and the reports:
- a request records its missing items (a list) and a free-text note, and its time;
- moving out of status 5 completes the open request, at that time;
- the deadline clock stops while the dossier waits on the citizen: on completion the
  appointment moves by the working days waited (the 766 progress indicator subtracts the
  supplement wait from the processing time, reference/digitisation.md section 4, QD766);
  the appointment before and after are kept with the request (``NgayHenTraTruoc`` /
  ``NgayHenTraMoi`` of ``DanhSachHoSoBoSung``);
- a second request on the same dossier counts it as overdue in the index (same source),
  so the supervisor must see it: ``is_repeat``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from app.domain.calendar import WorkingDayCalendar
from app.domain.dossier import VN_TZ
from app.domain.entry import NOTE_MAX, clean_text
from app.domain.errors import DeskError

#: Items of one request, and characters of one item.
MAX_ITEMS = 30
ITEM_MAX = 300
#: A second request makes the dossier overdue in the 766 index.
REPEAT_FROM = 2


@dataclass(frozen=True)
class SupplementRequest:
    uid: str
    requested_at: datetime
    requested_by: str
    items: tuple[str, ...] = ()
    note: str = ""
    completed_at: datetime | None = None
    completed_by: str = ""
    due_before: datetime | None = None
    due_after: datetime | None = None

    @property
    def open(self) -> bool:
        return self.completed_at is None

    def text(self) -> str:
        """What the citizen must bring, as printed on Mẫu 02 and sent as NoiDungBoSung."""
        lines = [f"{i}. {item}" for i, item in enumerate(self.items, start=1)]
        if self.note:
            lines.append(self.note)
        return "\n".join(lines)

    @staticmethod
    def note_of(text: str, items: Sequence[str]) -> str:
        """The free-text note of a request's ``text()`` (the move's note) once its numbered
        item lines are taken off."""
        lines = text.split("\n")
        numbered = [f"{i}. {item}" for i, item in enumerate(items, start=1)]
        if lines[: len(numbered)] == numbered:
            lines = lines[len(numbered) :]
        return "\n".join(lines).strip()

    def waited(self, now: datetime) -> timedelta:
        return (self.completed_at or now) - self.requested_at


def check_items(items: Sequence[str], note: str) -> tuple[tuple[str, ...], str]:
    """The items as kept: stripped, empty ones dropped; at least one item or a note."""
    # The rules of everything typed (NFC, no control characters), each item within its cap.
    kept = tuple(
        text for text in (clean_text(i, field="text", limit=ITEM_MAX) for i in items) if text
    )
    if not kept and not note.strip():
        raise DeskError("supplement.nothing_missing")
    if len(kept) > MAX_ITEMS:
        raise DeskError("supplement.too_many", count=len(kept), limit=MAX_ITEMS)
    return kept, clean_text(note, field="note", limit=NOTE_MAX, multiline=True)


def waiting_days(cal: WorkingDayCalendar, requested_at: datetime, completed_at: datetime) -> int:
    """Working days the dossier waited on the citizen: those after the request day up
    to and including the completion day (asked Monday, completed Wednesday: 2)."""
    start = requested_at.astimezone(VN_TZ).date()
    end = completed_at.astimezone(VN_TZ).date()
    return cal.working_days_between(start, end) if end > start else 0


def resumed_due(
    cal: WorkingDayCalendar,
    due: datetime | None,
    requested_at: datetime,
    completed_at: datetime,
) -> datetime | None:
    """The appointment once the citizen completed the dossier: moved on by the working
    days waited (the clock stopped meanwhile). None stays None (no fixed date)."""
    if due is None:
        return None
    n = waiting_days(cal, requested_at, completed_at)
    if n == 0:
        return due
    local = due.astimezone(VN_TZ)
    return datetime.combine(cal.add_working_days(local.date(), n), local.timetz())


def total_wait(requests: Sequence[SupplementRequest], now: datetime) -> timedelta:
    """The whole time the dossier waited on the citizen (an open request up to ``now``)."""
    return sum((r.waited(now) for r in requests), timedelta())


def total_waiting_days(
    cal: WorkingDayCalendar, requests: Sequence[SupplementRequest], now: datetime
) -> int:
    return sum(waiting_days(cal, r.requested_at, r.completed_at or now) for r in requests)


def is_repeat(requests: Sequence[SupplementRequest]) -> bool:
    """More than one request: the 766 index counts the dossier as overdue."""
    return len(requests) >= REPEAT_FROM
