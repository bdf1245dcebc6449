"""The texts a layout may place with ``{name}``: one formatted string per field of a dossier."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from app.docs.vn_format import short_date, to_vn, vn_date, vn_datetime
from app.domain.dossier import DossierRecord, Status
from app.domain.interagency import ReturnPlace
from app.domain.payment import format_vnd

#: Every name a layout template may use (checked when a layout is loaded).
FIELD_NAMES = frozenset(
    {
        "code",
        "agency_name",
        "agency_code",
        "center_name",
        "place",
        "agency_address",
        "agency_phone",
        "applicant_name",
        "id_number",
        "id_label",
        "honorific",
        "representative",
        "old_id_number",
        "birth_date",
        "sex",
        "address",
        "phone",
        "email",
        "procedure_name",
        "procedure_code",
        "field_name",
        "summary",
        "received_at",
        "received_date",
        "appointment_at",
        "extended_appointment_at",
        "processing",
        "channel",
        "delivery",
        "sets",
        "book_number",
        "book_ordinal",
        "receiver_name",
        "counter_name",
        "fee_total",
        "post_receipt_no",
        "status",
        "reason_supplement",
        "reason_refused",
        "reason_stopped",
        "reason_latest",
        "bank_account",
        "bank_account_name",
        "blank",
        # Received for another body (issue 18): empty for an own dossier, so its forms are
        # unchanged (a row whose value is empty is left out).
        "route_receiving",
        "route_competent",
        "route_return",
    }
)

_REASON_STATUS = {
    "supplement": Status.SUPPLEMENT,
    "refused": Status.REFUSED,
    "stopped": Status.STOPPED,
}


def reason_text(record: DossierRecord, source: str) -> str:
    """The note explaining a form: of the latest move into a status, or of the latest move."""
    if source == "latest":
        return record.history[-1].note if record.history else ""
    return record.last_note(_REASON_STATUS[source])


def event_time(record: DossierRecord, source: str) -> datetime:
    """When the event a form reports happened (the date its header carries by default)."""
    if source == "latest" and record.history:
        return record.history[-1].at
    status = _REASON_STATUS.get(source)
    if status is not None:
        for entry in reversed(record.history):
            if entry.to_status == status:
                return entry.at
    return record.received_at


def header_date(record: DossierRecord, source: str, printed_at: datetime | None) -> date:
    moment = printed_at if printed_at is not None else event_time(record, source)
    return to_vn(moment).date()


def form_values(record: DossierRecord, common: Mapping[str, Any]) -> dict[str, str]:
    """Format every field once; layouts pick what they print."""
    a = record.applicant
    agency = record.agency
    blank = str(common["blank"])
    channel = record.channel.label_vi + (str(common["assisted"]) if record.assisted else "")
    delivery = common["delivery"].get(record.result_delivery, record.result_delivery)
    if record.routed and record.result_delivery == "counter":
        # "At the one-stop desk" of the body where the citizen chose to collect it.
        place = record.competent_agency if record.return_place is ReturnPlace.COMPETENT else agency
        delivery = f"{delivery} của {place.name}"
    return {
        "code": record.code,
        "agency_name": agency.name,
        "agency_code": agency.code,
        "center_name": agency.center_name,
        "place": agency.place,
        "agency_address": agency.address,
        "agency_phone": agency.phone,
        "applicant_name": a.full_name,
        "id_number": a.id_number,
        # An organisation (issue 16) is known by its tax code and acts through a person.
        "id_label": "Mã số thuế" if a.kind.is_organisation else "Số định danh cá nhân/CCCD",
        "honorific": "tổ chức" if a.kind.is_organisation else "Ông/Bà",
        "representative": a.representative,
        "old_id_number": a.old_id_number,
        "birth_date": short_date(a.birth_date) if a.birth_date else "",
        "sex": a.sex,
        "address": a.address,
        "phone": a.phone,
        "email": a.email,
        "procedure_name": record.procedure_name,
        "procedure_code": record.procedure_code,
        "field_name": record.field_name,
        "summary": record.summary,
        "received_at": vn_datetime(record.received_at),
        "received_date": vn_date(record.received_at),
        "appointment_at": (
            vn_datetime(record.appointment_at)
            if record.appointment_at is not None
            else str(common["no_appointment"])
        ),
        "extended_appointment_at": (
            vn_datetime(record.extended_appointment_at)
            if record.extended_appointment_at is not None
            else blank
        ),
        "processing": record.processing.label_vi,
        "channel": channel,
        "delivery": str(delivery),
        "sets": str(record.sets),
        "book_number": str(record.book_number) if record.book_number else blank,
        "book_ordinal": str(record.book_ordinal) if record.book_ordinal else blank,
        "receiver_name": record.receiver_name,
        "counter_name": record.counter_name,
        "fee_total": format_vnd(record.fee_total),
        "post_receipt_no": record.post_receipt_no,
        "status": record.status.label_vi,
        "reason_supplement": reason_text(record, "supplement"),
        "reason_refused": reason_text(record, "refused"),
        "reason_stopped": reason_text(record, "stopped"),
        "reason_latest": reason_text(record, "latest"),
        "bank_account": agency.bank_account,
        "bank_account_name": agency.bank_account_name,
        "blank": blank,
        **route_values(record),
    }


def route_values(record: DossierRecord) -> dict[str, str]:
    """The receiving point, the competent body and where the result is returned, for a
    dossier received for another body; empty strings for an own dossier."""
    if not record.routed:
        return {"route_receiving": "", "route_competent": "", "route_return": ""}
    receiving, competent = record.agency, record.competent_agency
    if record.return_place is ReturnPlace.COMPETENT:
        where = competent.name + (f" ({competent.address})" if competent.address else "")
    else:
        where = receiving.name + " (nơi tiếp nhận hồ sơ)"
    return {
        "route_receiving": receiving.name,
        "route_competent": competent.name,
        "route_return": where,
    }


class Template:
    """``str.format_map`` over the values (layouts are checked for unknown names on load)."""

    def __init__(self, values: Mapping[str, str]) -> None:
        self._values = values

    def __call__(self, template: str) -> str:
        return template.format_map(self._values) if "{" in template else template
