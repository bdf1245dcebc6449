"""Post hand-over batches (danh sách bàn giao hồ sơ qua bưu chính công ích).

A post-office agent accepts dossiers (channel 3), groups them into a batch and prints a
one-page list; the commune clerk receives the whole batch by scanning the batch's QR code.
This module holds the pure parts: the batch id, the frozen records, and the QR payload.

Batch id: ``<agency code>-BG-<yymmdd>-<slot><nnn>``, e.g. ``000.00.31.H26-BG-250715-1001``:
the counter slot (0-9) partitions the daily numbers as it does for dossier codes, so no two
counters of an agency can make the same id, even offline.

QR payload, version 1 (``MCBG1``), fields separated by ``|``::

    MCBG1|<batch id>|<agency code>|<item>,<item>,...|<checksum>

An item is a dossier code; a code of the batch's own agency is shortened to its
``yymmdd-nnnn`` tail. The checksum is the first 8 hex digits (upper case) of the SHA-256 of
everything before the last ``|``. It catches a damaged or hand-edited payload; it is not a
signature (counters share no secret), so a deliberate forgery is stopped by the other checks
instead: the agency, the dossiers having to exist here as post dossiers, and each batch and
each dossier being received only once.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime

from app.domain.codes import AGENCY_CODE_RE, parse_code
from app.domain.dossier import VN_TZ, Channel, DossierRecord
from app.domain.errors import DeskError

PAYLOAD_MAGIC = "MCBG"
PAYLOAD_VERSION = 1
#: What fits on one A4 page with a QR code per dossier.
MAX_BATCH_SIZE = 12
MAX_BATCHES_PER_DAY = 999

BATCH_ID_RE = re.compile(
    r"(?P<agency>[0-9A-Z]+(?:\.[0-9A-Z]+)*)-BG-(?P<day>[0-9]{6})-(?P<slot>[0-9])(?P<seq>[0-9]{3})"
)
_SHORT_CODE_RE = re.compile(r"[0-9]{6}-[0-9]{4}")


def format_batch_id(agency_code: str, day: date, slot: int, seq: int) -> str:
    if not 0 <= slot <= 9 or not 1 <= seq <= MAX_BATCHES_PER_DAY:
        raise ValueError(f"slot/sequence out of range: {slot}/{seq}")
    return f"{agency_code}-BG-{day:%y%m%d}-{slot}{seq:03d}"


@dataclass(frozen=True)
class ParsedBatchId:
    agency_code: str
    day: str  # yymmdd
    slot: int
    seq: int


def parse_batch_id(text: str) -> ParsedBatchId | None:
    m = BATCH_ID_RE.fullmatch(text.strip())
    if m is None or len(m["agency"]) > 35:
        return None
    return ParsedBatchId(m["agency"], m["day"], int(m["slot"]), int(m["seq"]))


# --- Frozen records -------------------------------------------------------------------------


@dataclass(frozen=True)
class HandoverLine:
    """One dossier of a batch, as the list prints it."""

    code: str
    applicant_name: str
    procedure_code: str
    procedure_name: str
    post_receipt_no: str
    post_accepted_at: datetime


@dataclass(frozen=True)
class HandoverBatch:
    """A hand-over batch: its id, its dossiers, who made it and when, and (once scanned at
    the commune) when and by whom it was received."""

    batch_id: str
    agency_code: str
    lines: tuple[HandoverLine, ...]
    agent: str
    agent_name: str
    created_at: datetime | None
    received_at: datetime | None = None
    received_by: str = ""
    #: "post" (post office -> commune) or "agency" (the papers of dossiers received for
    #: another body, carried to it: app.services.agency_handover); for an agency batch, the
    #: body it goes to and who carries it.
    kind: str = "post"
    to_agency_code: str = ""
    to_agency_name: str = ""
    courier_name: str = ""

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(line.code for line in self.lines)

    @property
    def received(self) -> bool:
        return self.received_at is not None


@dataclass(frozen=True)
class ReceivedDossier:
    """A dossier as the commune received it: the legal clock starts at ``received_at``."""

    code: str
    post_accepted_at: datetime
    received_at: datetime
    appointment_at: datetime | None


@dataclass(frozen=True)
class HandoverReceipt:
    batch_id: str
    agency_code: str
    received_at: datetime
    received_by: str
    dossiers: tuple[ReceivedDossier, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(d.code for d in self.dossiers)


@dataclass(frozen=True)
class HandoverPayload:
    """What the batch QR code says, checked."""

    version: int
    batch_id: str
    agency_code: str
    codes: tuple[str, ...]


# --- The QR payload -------------------------------------------------------------------------


def checksum(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:8].upper()


def encode_payload(batch_id: str, agency_code: str, codes: tuple[str, ...] | list[str]) -> str:
    prefix = f"{agency_code}-"
    items = [
        c[len(prefix) :]
        if c.startswith(prefix) and _SHORT_CODE_RE.fullmatch(c[len(prefix) :])
        else c
        for c in codes
    ]
    body = f"{PAYLOAD_MAGIC}{PAYLOAD_VERSION}|{batch_id}|{agency_code}|{','.join(items)}"
    return f"{body}|{checksum(body)}"


def handover_payload(batch: HandoverBatch) -> str:
    """The text of the batch's QR code (see the module docstring for the format)."""
    if batch.kind == KIND_AGENCY:
        assert batch.created_at is not None
        return encode_agency_payload(
            batch.batch_id, batch.agency_code, batch.to_agency_code, batch.created_at, batch.codes
        )
    return encode_payload(batch.batch_id, batch.agency_code, batch.codes)


def _invalid(vi: str, en: str) -> DeskError:
    return DeskError("handover.payload_invalid", detail=vi, detail_en=en)


def parse_payload(text: str) -> HandoverPayload:
    """Read and check a scanned batch payload; DeskError with a clear message otherwise.

    Scanners in keyboard mode may add a line end or surrounding spaces: they are ignored."""
    raw = text.strip()
    if not raw.startswith(PAYLOAD_MAGIC):
        raise _invalid("không bắt đầu bằng MCBG", "it does not start with MCBG")
    parts = raw.split("|")
    version_text = parts[0][len(PAYLOAD_MAGIC) :]
    if not (version_text.isascii() and version_text.isdigit()):
        raise _invalid("thiếu số phiên bản", "the version number is missing")
    if int(version_text) != PAYLOAD_VERSION:
        raise DeskError("handover.version", version=version_text)
    if len(parts) != 5:
        raise _invalid("sai số trường dữ liệu", "wrong number of fields")
    _, batch_id, agency_code, items_text, check = parts
    body = raw[: raw.rfind("|")]
    if check.upper() != checksum(body):
        raise DeskError("handover.checksum")
    if not agency_code or len(agency_code) > 35 or not AGENCY_CODE_RE.fullmatch(agency_code):
        raise _invalid("mã cơ quan không hợp lệ", "invalid agency code")
    parsed_id = parse_batch_id(batch_id)
    if parsed_id is None or parsed_id.agency_code != agency_code:
        raise _invalid("mã danh sách không hợp lệ", "invalid batch id")
    return HandoverPayload(
        PAYLOAD_VERSION, batch_id, agency_code, _parse_items(items_text, agency_code)
    )


def _parse_items(items_text: str, agency_code: str) -> tuple[str, ...]:
    codes: list[str] = []
    for item in items_text.split(","):
        code = f"{agency_code}-{item}" if _SHORT_CODE_RE.fullmatch(item) else item
        if parse_code(code) is None:
            raise _invalid(f"mã hồ sơ không hợp lệ: {item}", f"invalid dossier code: {item}")
        if code in codes:
            raise _invalid(f"mã hồ sơ lặp lại: {item}", f"repeated dossier code: {item}")
        codes.append(code)
    if not codes or len(codes) > MAX_BATCH_SIZE:
        raise _invalid("số hồ sơ không hợp lệ", "invalid number of dossiers")
    return tuple(codes)


# --- Hand-over between bodies (kind "agency") ------------------------------------------------
#
# The originals of dossiers a point received for another body travel to it on a hand-over
# list of kind "agency". Its batch id has the post's form and shares the point's numbering
# (``last_batch_seq`` counts both kinds), so it is unique across the point's counters
# offline. Its QR payload has its own magic, so that a post counter never mistakes it for a
# post batch, and names both bodies and when the papers were sent (NgayGuiPhiDiaGioi, which
# the competent body then knows from the scan alone)::
#
#     MCBA1|<batch id>|<from agency>|<to agency>|<sent yyyyMMddHHmm, Vietnam time>|<items>|<checksum>

KIND_POST = "post"
KIND_AGENCY = "agency"
AGENCY_PAYLOAD_MAGIC = "MCBA"
_SENT_RE = re.compile(r"[0-9]{12}")


@dataclass(frozen=True)
class AgencyHandoverPayload:
    """What an agency batch's QR code says, checked."""

    batch_id: str
    from_agency: str
    to_agency: str
    sent_at: datetime
    codes: tuple[str, ...]


def encode_agency_payload(
    batch_id: str,
    from_agency: str,
    to_agency: str,
    sent_at: datetime,
    codes: tuple[str, ...] | list[str],
) -> str:
    prefix = f"{from_agency}-"
    items = [
        c[len(prefix) :]
        if c.startswith(prefix) and _SHORT_CODE_RE.fullmatch(c[len(prefix) :])
        else c
        for c in codes
    ]
    sent = sent_at.astimezone(VN_TZ).strftime("%Y%m%d%H%M")
    body = (
        f"{AGENCY_PAYLOAD_MAGIC}{PAYLOAD_VERSION}|{batch_id}|{from_agency}|{to_agency}|{sent}|"
        f"{','.join(items)}"
    )
    return f"{body}|{checksum(body)}"


def is_agency_payload(text: str) -> bool:
    return text.strip().startswith(AGENCY_PAYLOAD_MAGIC)


def parse_agency_payload(text: str) -> AgencyHandoverPayload:
    """Read and check a scanned agency batch payload; DeskError with a clear message."""
    raw = text.strip()
    if not raw.startswith(AGENCY_PAYLOAD_MAGIC):
        raise _invalid("không bắt đầu bằng MCBA", "it does not start with MCBA")
    parts = raw.split("|")
    version_text = parts[0][len(AGENCY_PAYLOAD_MAGIC) :]
    if not (version_text.isascii() and version_text.isdigit()):
        raise _invalid("thiếu số phiên bản", "the version number is missing")
    if int(version_text) != PAYLOAD_VERSION:
        raise DeskError("handover.version", version=version_text)
    if len(parts) != 7:
        raise _invalid("sai số trường dữ liệu", "wrong number of fields")
    _, batch_id, from_agency, to_agency, sent, items_text, check = parts
    if check.upper() != checksum(raw[: raw.rfind("|")]):
        raise DeskError("handover.checksum")
    for code in (from_agency, to_agency):
        if not code or len(code) > 35 or not AGENCY_CODE_RE.fullmatch(code):
            raise _invalid("mã cơ quan không hợp lệ", "invalid agency code")
    parsed_id = parse_batch_id(batch_id)
    if parsed_id is None or parsed_id.agency_code != from_agency:
        raise _invalid("mã danh sách không hợp lệ", "invalid batch id")
    if not _SENT_RE.fullmatch(sent):
        raise _invalid("thời điểm gửi không hợp lệ", "invalid sending time")
    try:
        sent_at = datetime.strptime(sent, "%Y%m%d%H%M").replace(tzinfo=VN_TZ)
    except ValueError:
        raise _invalid("thời điểm gửi không hợp lệ", "invalid sending time") from None
    return AgencyHandoverPayload(
        batch_id, from_agency, to_agency, sent_at, _parse_items(items_text, from_agency)
    )


# --- One receipt per post dossier ----------------------------------------------------------
#
# The legal clock of a post dossier starts when the commune receives it from the hand-over
# list (app/services/post.py): only then are its reception time, appointment and receiving
# clerk known. A receipt (Mẫu 01, or its A4 and 80 mm forms) printed at the post office would
# carry other values than the one the commune prints, so a post dossier has its receipt
# from the commune only; at the post office the citizen keeps the post's own receipt
# (the "số hiệu bưu gửi").

#: The start of the history note written when the commune receives a post dossier.
COMMUNE_RECEPTION_NOTE = "Tiếp nhận từ bưu chính công ích theo danh sách bàn giao"
RECEIPT_FORMS = frozenset({"receipt", "receipt_a4", "thermal"})


def awaiting_commune(record: DossierRecord) -> bool:
    """A post dossier the commune has not received yet (its receipt is not due)."""
    return record.channel == Channel.POST and not any(
        h.note.startswith(COMMUNE_RECEPTION_NOTE) for h in record.history
    )


def receipt_allowed(record: DossierRecord, form: str) -> bool:
    """Whether ``form`` may be printed now: never a receipt before the commune has it."""
    return not (form in RECEIPT_FORMS and awaiting_commune(record))


def check_receipt(record: DossierRecord, form: str) -> None:
    if not receipt_allowed(record, form):
        raise DeskError(
            "post.receipt_at_commune", code=record.code, post_no=record.post_receipt_no or "—"
        )


@dataclass(frozen=True)
class AgencyHandoverReceipt:
    """What one scan of an agency batch did at the competent body: the dossiers it took
    now, those taken before (by an earlier scan or by hand), and those not here yet (the
    hub has not delivered them: the clerk scans the same list again once they arrive)."""

    batch_id: str
    from_agency: str
    sent_at: datetime
    scanned_at: datetime
    scanned_by: str
    taken: tuple[str, ...]
    taken_before: tuple[str, ...]
    missing: tuple[str, ...]
    from_agency_name: str = ""

    @property
    def complete(self) -> bool:
        return not self.missing
