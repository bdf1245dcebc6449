"""Undoing a mistake and refusing at the counter: the two corrections of a dossier.

Refusal (Mẫu 03, "Phiếu từ chối tiếp nhận"): the papers do not qualify; the clerk says why
and gives the citizen the refusal form. National status 3 "Không được tiếp nhận". It is a
decision taken while the citizen is at the counter, so a dossier may be refused on the day it
was received only (after that, the legal moves are supplement, stop or withdrawal).

Void ("hủy hồ sơ nhập nhầm"): the dossier was entered by mistake (wrong person, wrong
procedure, a second copy). Nothing is deleted (DESIGN 2) and the printed code is never
reused. The national status list has no "void"; a voided dossier travels as status 8 "Dừng
xử lý" (processing stopped) because that is the only final status that states the truth:
the administration itself ended the dossier. 7 "withdrawn at the citizen's request" would
record something the citizen never asked, and 3 "not received" is a decision on the papers
that owes the citizen a Mẫu 03. The reason and the approving supervisor are written into the
status history, which goes on the wire as the step's ``NoiDungXuLy`` (the processing note the
national format provides), and into the audit log. A void needs a supervisor: one acting
themselves, or one confirming with their password at the clerk's counter.
"""

from __future__ import annotations

from datetime import datetime

from app.domain.dossier import OPEN_STATUSES, VN_TZ, DossierRecord, Status, check_move
from app.domain.errors import DeskError

VOID_STATUS = Status.STOPPED
VOID_NOTE_PREFIX = "Hủy hồ sơ do nhập nhầm"
MIN_REASON_LENGTH = 5


def _reason(reason: str, action: str, action_en: str) -> str:
    text = " ".join((reason or "").split())
    if len(text) < MIN_REASON_LENGTH:
        raise DeskError(
            "correction.reason", action=action, action_en=action_en, n=MIN_REASON_LENGTH
        )
    return text


def check_refusal(src: Status, reason: str, *, received_at: datetime, now: datetime) -> str:
    """The cleaned reason of a refusal at the counter; DeskError when it is not allowed."""
    text = _reason(reason, "từ chối tiếp nhận", "refusal")
    check_move(src, Status.REFUSED)
    day = received_at.astimezone(VN_TZ).date()
    if now.astimezone(VN_TZ).date() != day:
        raise DeskError("correction.refuse_late", day=f"{day:%d/%m/%Y}")
    return text


def can_refuse(src: Status, *, received_at: datetime, now: datetime) -> bool:
    """Whether the counter may still refuse the dossier (the same day, before any step)."""
    return (
        src in (Status.NEW, Status.RECEIVED)
        and received_at.astimezone(VN_TZ).date() == now.astimezone(VN_TZ).date()
    )


def check_void(src: Status, reason: str) -> str:
    """The cleaned reason of a void; DeskError when the dossier is already closed."""
    text = _reason(reason, "hủy hồ sơ", "void")
    if src not in OPEN_STATUSES:
        raise DeskError("correction.void_closed", status=src.label_vi, status_en=src.label_en)
    return text


def void_note(reason: str, approver: str) -> str:
    """The history note of a void: what the national step note carries."""
    return f"{VOID_NOTE_PREFIX} (phê duyệt: {approver}): {reason}"


def is_void_note(note: str) -> bool:
    return note.startswith(VOID_NOTE_PREFIX)


def is_voided(record: DossierRecord) -> bool:
    """A dossier voided as entered by mistake: it has no notice of stopped processing
    (Mẫu 05) to print, since nothing was decided on the citizen's request."""
    return record.status == VOID_STATUS and is_void_note(record.last_note(VOID_STATUS))
