"""Concurrent status moves: the counter and the back office (on the hub) both moved the
same dossier before either saw the other's move. Shared by the hub and the counter so that
both sides reach the same status after one round each way (push and pull, in either order).

The rule:

1. A move is *concurrent* when its side had not seen the other side's latest move: the
   hub knows the counter saw a back-office move when the counter's history (QuaTrinhXuLy)
   holds that move (same status, same time); the counter knows the back office moved from
   a status other than the one it shows now (TrangThaiTruoc differs).
2. A move that is not concurrent is simply applied (the side saw the other's move first).
3. Of two concurrent moves, the one further along the lifecycle wins:
   new < received < (processing, supplement, financial) < resolved < a final status
   (refused, withdrawn, stopped, returned). So a final status wins over an open one, and a
   decision (resolved) wins over "still in processing".
4. On a tie (same rank, different statuses) the back office's move wins: it decides the
   case; the counter records the intake.
5. The losing move is never dropped silently: it stays in the history (the counter's
   status history gets a line with a note naming the move that lost; the hub's change feed
   gets a note line and keeps the counter's event) and the audit log records it.

The result is always a status one of the sides reached by a legal move, so the back office
and the counter can go on from it (e.g. resolved -> returned)."""

from __future__ import annotations

from app.domain.dossier import Status

_RANK = {
    Status.NEW: 0,
    Status.RECEIVED: 1,
    Status.PROCESSING: 2,
    Status.SUPPLEMENT: 2,
    Status.FINANCIAL: 2,
    Status.RESOLVED: 3,
    Status.REFUSED: 4,
    Status.WITHDRAWN: 4,
    Status.STOPPED: 4,
    Status.RETURNED: 4,
}


def lifecycle_rank(status: Status) -> int:
    """How far along the lifecycle ``status`` is (final statuses rank highest)."""
    return _RANK[Status(status)]


def concurrent_winner(*, counter: Status, office: Status) -> Status:
    """The status both sides keep when the counter moved to ``counter`` and the back office
    to ``office`` without either seeing the other's move (rules 3 and 4 above)."""
    counter, office = Status(counter), Status(office)
    if lifecycle_rank(counter) > lifecycle_rank(office):
        return counter
    return office


def conflict_note(*, lost: Status, kept: Status, lost_side: str) -> str:
    """The visible note of a move that lost (Vietnamese, English after a slash).
    ``lost_side`` is "office" or "counter"."""
    who_vi, who_en = (
        ("Bộ phận chuyên môn", "the back office")
        if lost_side == "office"
        else ("Quầy tiếp nhận", "the counter")
    )
    return (
        f"Xung đột: {who_vi} đồng thời chuyển sang «{lost.label_vi}», không áp dụng; giữ "
        f"«{kept.label_vi}» / Conflict: {who_en} moved to '{lost.label_en}' at the same "
        f"time; not applied, '{kept.label_en}' kept"
    )
