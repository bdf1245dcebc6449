"""What a status move does to a dossier, wherever it comes from: the counter's own move
(``advance_dossier``), the back office's move arriving through sync, or a post batch
received at the commune. One home, so the three cannot drift apart.

- the move's note: a refusal, a supplement, a stop, a withdrawal or a financial
  obligation is printed on a form or kept for the record, so it needs its reason;
- the effects: the first move into a finished status stamps the finish time and the
  timeliness, a return stamps the return time, and every change bumps the version.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.domain.dossier import FINISHED_STATUSES, Status, Timeliness, timeliness
from app.domain.errors import DeskError

#: Moves whose reason is printed on a form or kept for the record: a note is required.
NOTE_REQUIRED = frozenset(
    {Status.REFUSED, Status.SUPPLEMENT, Status.STOPPED, Status.WITHDRAWN, Status.FINANCIAL}
)


def note_required(to: Status) -> bool:
    return to in NOTE_REQUIRED


def check_note(to: Status, note: str) -> str:
    """The move's note, stripped; DeskError ``move.note_required`` when ``to`` needs a
    reason and none was given."""
    text = (note or "").strip()
    if not text and note_required(to):
        raise DeskError("move.note_required", status=to.label_vi, status_en=to.label_en)
    return text


@dataclass(frozen=True)
class MoveState:
    """The part of a dossier a move reads and may change."""

    status: Status
    version: int
    appointment_at: datetime | None = None
    finished_at: datetime | None = None
    timeliness: Timeliness | None = None
    returned_at: datetime | None = None


@dataclass(frozen=True)
class MoveEffects:
    """The dossier's fields after the move (every one of them, changed or not)."""

    status: Status
    version: int
    finished_at: datetime | None
    timeliness: Timeliness | None
    returned_at: datetime | None


def apply_move(state: MoveState, to: Status, at: datetime) -> MoveEffects:
    """The effects of moving ``state`` into ``to`` at ``at``. Legality is checked apart
    (``check_move``, or app.domain.concurrency for a concurrent move). A "move" into the
    status the dossier already has (an extended appointment, a post batch received at the
    commune) changes nothing but the version."""
    finished_at, done, returned_at = state.finished_at, state.timeliness, state.returned_at
    if to != state.status:
        if to in FINISHED_STATUSES and finished_at is None:
            finished_at = at
            done = timeliness(at, state.appointment_at)
        if to == Status.RETURNED:
            returned_at = at
    return MoveEffects(
        status=to,
        version=state.version + 1,
        finished_at=finished_at,
        timeliness=done,
        returned_at=returned_at,
    )
