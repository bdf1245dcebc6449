"""Which printed forms a dossier may have now, and the date each one prints.

One rule for the printing service (which refuses the others) and the screens (which offer
only these): a form tied to a move (Mẫu 02 supplement, Mẫu 03 refusal, Mẫu 05 stop) needs
that move in the history, the apology (Mẫu 04) needs an extended appointment, a post
dossier gets its receipt only from the commune, and a voided dossier has no Mẫu 05.
"""

from __future__ import annotations

from datetime import datetime

from app.domain.corrections import is_voided
from app.domain.dossier import DossierRecord, Status
from app.domain.errors import DeskError
from app.domain.handover import check_receipt, receipt_allowed

#: The forms offered to the clerk, in the order the clerk sees them (the A4 receipt too).
FORM_KEYS = (
    "receipt",
    "receipt_a4",
    "thermal",
    "cover",
    "supplement",
    "refusal",
    "apology",
    "stop",
)
#: The names a form goes by (the CLI takes ``receipt-a4``).
FORM_ALIASES = {
    "cover": "cover",
    "receipt": "receipt",
    "receipt-a4": "receipt_a4",
    "receipt_a4": "receipt_a4",
    "thermal": "thermal",
    "supplement": "supplement",
    "refusal": "refusal",
    "apology": "apology",
    "stop": "stop",
}
#: Forms that only make sense once the dossier went through a given status.
NEEDS_STATUS = {"supplement": Status.SUPPLEMENT, "refusal": Status.REFUSED, "stop": Status.STOPPED}
#: The form printed right after a move into a status.
FORM_AFTER_MOVE = {status: form for form, status in NEEDS_STATUS.items()}


def form_key(form: str) -> str:
    """The form's key from any of its names; DeskError ``print.form_unknown`` otherwise."""
    key = FORM_ALIASES.get(form)
    if key is None:
        raise DeskError("print.form_unknown", form=form)
    return key


def form_applies(record: DossierRecord, key: str) -> bool:
    """Whether ``record`` may print form ``key`` now (see the module's rule)."""
    needed = NEEDS_STATUS.get(key)
    if needed is not None and all(h.to_status != needed for h in record.history):
        return False
    if key == "apology" and record.extended_appointment_at is None:
        return False
    if key == "stop" and is_voided(record):
        return False
    return receipt_allowed(record, key)


def check_form(record: DossierRecord, form: str) -> str:
    """The key of ``form`` when ``record`` may print it; DeskError otherwise: the post's
    receipt rule says why (``post.receipt_at_commune``), any other ``print.not_applicable``."""
    key = form_key(form)
    if not form_applies(record, key):
        check_receipt(record, key)
        raise DeskError("print.not_applicable", code=record.code, form=form)
    return key


def applicable_forms(record: DossierRecord) -> list[str]:
    """The forms offered for ``record`` in its current state."""
    return [key for key in FORM_KEYS if form_applies(record, key)]


def printed_at(record: DossierRecord, key: str) -> datetime:
    """The date printed on the form: fixed by the record, so a reprint is identical."""
    needed = NEEDS_STATUS.get(key)
    if needed is not None:
        for h in reversed(record.history):
            if h.to_status == needed:
                return h.at
    if key == "apology" and record.history:
        return record.history[-1].at
    return record.received_at
