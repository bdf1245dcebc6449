"""Supplement requests at the counter: ask for what is missing (status 5, Mẫu 02) and
record the citizen's completion (back to the status before the request). The rules live in
app.domain.supplements; the rows in app.store.supplements, written with the move."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from app.domain.dossier import DossierRecord, Status
from app.domain.errors import DeskError
from app.domain.supplements import (
    SupplementRequest,
    check_items,
    is_repeat,
    total_wait,
    total_waiting_days,
)
from app.services.context import DeskContext
from app.services.dossiers import advance_dossier, get_dossier


def request_supplement(
    ctx: DeskContext, *, code: str, missing: Sequence[str], note: str = ""
) -> DossierRecord:
    """Ask the citizen for ``missing`` papers (and ``note``): the dossier moves to 5 and
    the request is kept with its items and time."""
    items, text = check_items(missing, note)
    shown = SupplementRequest(
        uid="", requested_at=ctx.now(), requested_by="", items=items, note=text
    )
    return advance_dossier(ctx, code=code, to=Status.SUPPLEMENT, note=shown.text(), missing=items)


def status_before_request(record: DossierRecord) -> Status:
    """Where a completed supplement returns the dossier: the status it left for 5."""
    for entry in reversed(record.history):
        if entry.to_status == Status.SUPPLEMENT and entry.from_status != Status.SUPPLEMENT:
            before = entry.from_status
            if before in (Status.RECEIVED, Status.PROCESSING):
                return before
            if before == Status.NEW:
                return Status.RECEIVED
            break
    raise DeskError("supplement.no_previous", code=record.code)


def complete_supplement(ctx: DeskContext, *, code: str, note: str = "") -> DossierRecord:
    """The citizen brought what was missing: back to the status before the request, the
    completion time kept and the appointment moved on by the working days waited."""
    record = get_dossier(ctx, code=code)
    if record.status != Status.SUPPLEMENT:
        raise DeskError(
            "supplement.not_waiting",
            code=record.code,
            status=record.status.label_vi,
            status_en=record.status.label_en,
        )
    back = status_before_request(record)
    return advance_dossier(
        ctx, code=code, to=back, note=note.strip() or "Công dân đã bổ sung, hoàn thiện hồ sơ"
    )


def supplement_summary(
    ctx: DeskContext, record: DossierRecord, *, now: datetime | None = None
) -> dict[str, object]:
    """The waiting time of a dossier and whether it had a second request (for show and the
    supervisor)."""
    moment = now or ctx.now()
    return {
        "requests": len(record.supplements),
        "repeat": is_repeat(record.supplements),
        "waiting_hours": round(total_wait(record.supplements, moment).total_seconds() / 3600, 1),
        "waiting_working_days": total_waiting_days(ctx.calendar(), record.supplements, moment),
    }


__all__ = [
    "complete_supplement",
    "request_supplement",
    "status_before_request",
    "supplement_summary",
]
