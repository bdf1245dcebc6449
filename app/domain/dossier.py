"""The dossier (hồ sơ): channels, national status codes, the legal moves, and the frozen
records that services hand to the UI, the printed forms and the sync mapping."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from enum import IntEnum
from typing import TYPE_CHECKING, NewType

from app.domain.errors import DeskError
from app.domain.interagency import ReturnPlace, RouteState
from app.domain.organisation import ApplicantKind

if TYPE_CHECKING:  # supplements imports the calendar, which imports this module
    from app.domain.supplements import SupplementRequest
from app.domain.notices import NoticeLine

DossierId = NewType("DossierId", int)
VN_TZ = timezone(timedelta(hours=7), "ICT")


class Channel(IntEnum):
    """National ``KenhThucHien``."""

    DIRECT = 1
    ONLINE = 2
    POST = 3

    @property
    def label_vi(self) -> str:
        return {1: "Trực tiếp", 2: "Trực tuyến", 3: "Bưu chính công ích"}[self.value]

    @property
    def label_en(self) -> str:
        return {1: "Direct", 2: "Online", 3: "Public post"}[self.value]

    @classmethod
    def parse(cls, value: str | int) -> Channel:
        names = {"direct": cls.DIRECT, "online": cls.ONLINE, "post": cls.POST}
        if isinstance(value, str) and value.strip().lower() in names:
            return names[value.strip().lower()]
        try:
            return cls(int(value))
        except (TypeError, ValueError):
            raise DeskError("channel.unknown", value=value) from None


class Status(IntEnum):
    """National ``TrangThaiHoSo``."""

    NEW = 1
    RECEIVED = 2
    REFUSED = 3
    PROCESSING = 4
    SUPPLEMENT = 5
    FINANCIAL = 6
    WITHDRAWN = 7
    STOPPED = 8
    RESOLVED = 9
    RETURNED = 10

    @property
    def label_vi(self) -> str:
        return _STATUS_VI[self]

    @property
    def label_en(self) -> str:
        return _STATUS_EN[self]

    @property
    def is_final(self) -> bool:
        return not TRANSITIONS[self]

    @property
    def is_open(self) -> bool:
        """Still waiting for the administration: counts as 'in processing' in reports."""
        return self in OPEN_STATUSES

    @property
    def can_be_overdue(self) -> bool:
        """Open and on the body's clock (DUE_STATUSES): not waiting for the citizen."""
        return self in DUE_STATUSES

    @classmethod
    def parse(cls, value: str | int) -> Status:
        if isinstance(value, str):
            key = value.strip().upper().replace("-", "_")
            if key in cls.__members__:
                return cls[key]
        try:
            return cls(int(value))
        except (TypeError, ValueError):
            raise DeskError("status.unknown", value=value) from None


_STATUS_VI = {
    Status.NEW: "Mới đăng ký",
    Status.RECEIVED: "Được tiếp nhận",
    Status.REFUSED: "Không được tiếp nhận",
    Status.PROCESSING: "Đang xử lý",
    Status.SUPPLEMENT: "Yêu cầu bổ sung giấy tờ",
    Status.FINANCIAL: "Yêu cầu thực hiện nghĩa vụ tài chính",
    Status.WITHDRAWN: "Công dân yêu cầu rút hồ sơ",
    Status.STOPPED: "Dừng xử lý",
    Status.RESOLVED: "Đã xử lý xong",
    Status.RETURNED: "Đã trả kết quả",
}
_STATUS_EN = {
    Status.NEW: "Newly registered",
    Status.RECEIVED: "Received",
    Status.REFUSED: "Not received (refused)",
    Status.PROCESSING: "In processing",
    Status.SUPPLEMENT: "Supplement requested",
    Status.FINANCIAL: "Financial obligation requested",
    Status.WITHDRAWN: "Withdrawn at the citizen's request",
    Status.STOPPED: "Processing stopped",
    Status.RESOLVED: "Resolved",
    Status.RETURNED: "Result returned",
}

#: The legal moves. A final status has no way out; nothing is ever deleted.
TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.NEW: frozenset({Status.RECEIVED, Status.REFUSED, Status.SUPPLEMENT, Status.WITHDRAWN}),
    # RECEIVED -> REFUSED: refusal at the counter, the same day only (domain/corrections.py).
    Status.RECEIVED: frozenset(
        {
            Status.PROCESSING,
            Status.SUPPLEMENT,
            Status.FINANCIAL,
            Status.WITHDRAWN,
            Status.STOPPED,
            Status.RESOLVED,
            Status.REFUSED,
        }
    ),
    Status.REFUSED: frozenset(),
    Status.PROCESSING: frozenset(
        {Status.SUPPLEMENT, Status.FINANCIAL, Status.WITHDRAWN, Status.STOPPED, Status.RESOLVED}
    ),
    Status.SUPPLEMENT: frozenset(
        {Status.RECEIVED, Status.PROCESSING, Status.WITHDRAWN, Status.STOPPED}
    ),
    Status.FINANCIAL: frozenset(
        {Status.PROCESSING, Status.WITHDRAWN, Status.STOPPED, Status.RESOLVED}
    ),
    Status.WITHDRAWN: frozenset(),
    Status.STOPPED: frozenset(),
    Status.RESOLVED: frozenset({Status.RETURNED}),
    Status.RETURNED: frozenset(),
}
OPEN_STATUSES = frozenset(
    {Status.NEW, Status.RECEIVED, Status.PROCESSING, Status.SUPPLEMENT, Status.FINANCIAL}
)
#: Open and on the body's clock: what can be overdue. A dossier waiting for the citizen's
#: supplement (status 5) is not: that wait does not count against the body (766, 2.1:
#: "supplement waiting time is subtracted"), and its appointment moves on by the days
#: waited when the citizen completes it (app.domain.supplements.resumed_due).
DUE_STATUSES = OPEN_STATUSES - {Status.SUPPLEMENT}
#: Statuses that mean the administration has finished its work (on-time rate counts these).
FINISHED_STATUSES = frozenset({Status.RESOLVED, Status.RETURNED})


def check_move(src: Status, dst: Status) -> None:
    """Raise a DeskError unless ``src -> dst`` is a legal move."""
    if dst not in TRANSITIONS[src]:
        raise DeskError(
            "status.illegal",
            src=src.label_vi,
            dst=dst.label_vi,
            src_en=src.label_en,
            dst_en=dst.label_en,
        )


def legal_moves(src: Status) -> list[Status]:
    return sorted(TRANSITIONS[src])


class Timeliness(IntEnum):
    EARLY = 1
    ON_TIME = 2
    LATE = 3


def timeliness(finished_at: datetime, appointment_at: datetime | None) -> Timeliness:
    """Early / on time / late, compared at day level in Vietnam time."""
    if appointment_at is None:
        return Timeliness.ON_TIME
    done = finished_at.astimezone(VN_TZ).date()
    due = appointment_at.astimezone(VN_TZ).date()
    if done < due:
        return Timeliness.EARLY
    if done == due:
        return Timeliness.ON_TIME
    return Timeliness.LATE


# --- Frozen records: what services return and forms print --------------------------------


def clock_text(moment: datetime | None, empty: str = "") -> str:
    """A moment as the counter reads it, ``14:05 15/07/2025`` in Vietnam's time (lists,
    notes, messages, the CLI); ``empty`` when there is none. The one home of that format."""
    if moment is None:
        return empty
    return moment.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y")


@dataclass(frozen=True)
class AgencyInfo:
    """The receiving agency (a commune or ward) and where its counter is."""

    code: str
    name: str
    parent_name: str = "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI"
    center_name: str = "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG"
    place: str = "Hà Nội"
    address: str = ""
    phone: str = ""
    lookup_url: str = ""
    bank_bin: str = ""
    bank_account: str = ""
    bank_account_name: str = ""


@dataclass(frozen=True)
class ApplicantInfo:
    full_name: str
    id_number: str
    old_id_number: str = ""
    birth_date: date | None = None
    sex: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    # An organisation (LoaiDoiTuong 2-4): full_name is its name, id_number its tax code,
    # representative the person acting for it.
    kind: ApplicantKind = ApplicantKind.CITIZEN
    representative: str = ""
    # The identity was read from the chip card's QR (or VNeID's), not typed: the wire's
    # TaiKhoanDuocXacThucVoiVNeID (app/sync/mapping.py says why).
    identity_verified: bool = False


@dataclass(frozen=True)
class DocumentLine:
    """One paper received: its name, how many originals and how many copies."""

    name: str
    originals: int = 0
    copies: int = 0
    code: str = ""
    digitised: bool = False  # a file is attached to it (the receipt marks it)

    @property
    def count(self) -> int:
        return self.originals + self.copies


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    from_status: Status | None
    to_status: Status
    actor: str
    note: str = ""


@dataclass(frozen=True)
class ProcessingTime:
    """How long the procedure takes: working days, working hours, or no fixed date."""

    amount: float
    unit: str = "day"  # "day" | "hour" | "none"

    @property
    def label_vi(self) -> str:
        if self.unit == "none":
            return "Không có ngày hẹn trả cụ thể theo quy định"
        n = int(self.amount) if float(self.amount).is_integer() else self.amount
        if self.unit == "hour":
            return f"{n} giờ làm việc"
        if self.amount == 0:
            return "Trong ngày làm việc"
        return f"{n} ngày làm việc"


@dataclass(frozen=True)
class FeeItem:
    name: str
    amount: int
    code: str = ""
    collection: str = "cash"  # cash | transfer | online | exempt


@dataclass(frozen=True)
class DossierRecord:
    """A dossier as a whole, frozen: safe to hand to another thread or a printer."""

    id: DossierId
    code: str
    agency: AgencyInfo
    procedure_code: str
    procedure_name: str
    field_name: str
    applicant: ApplicantInfo
    channel: Channel
    status: Status
    received_at: datetime
    appointment_at: datetime | None
    processing: ProcessingTime
    documents: tuple[DocumentLine, ...] = ()
    fees: tuple[FeeItem, ...] = ()
    history: tuple[HistoryEntry, ...] = ()
    receiver_name: str = ""
    counter_name: str = ""
    assisted: bool = False
    post_receipt_no: str = ""
    result_delivery: str = "counter"  # counter | post
    sets: int = 1
    summary: str = ""
    finished_at: datetime | None = None
    returned_at: datetime | None = None
    extended_appointment_at: datetime | None = None
    book_number: int = 1
    book_ordinal: int = 0
    print_count: int = 0
    field_code: str = ""  # MaLinhVuc
    supplements: tuple[SupplementRequest, ...] = ()
    notify_channels: str = ""  # "sms,zalo,email" as chosen at intake; "" = no messages
    notices: tuple[NoticeLine, ...] = ()  # delivered messages (app.services.notices)
    # Received for another body (app.domain.interagency): the competent body, None when it
    # is the receiving agency itself; where the arrangement stands; where the citizen
    # collects the result; when the competent body took it and sent the result back.
    competent: AgencyInfo | None = None
    route_state: RouteState = RouteState.NONE
    return_place: ReturnPlace | None = None
    route_taken_at: datetime | None = None
    route_back_at: datetime | None = None
    # When the originals left on a hand-over list to the competent body (NgayGuiPhiDiaGioi).
    route_sent_at: datetime | None = None

    @property
    def competent_agency(self) -> AgencyInfo:
        """The body that processes the dossier: the competent one, or the receiving agency."""
        return self.competent or self.agency

    @property
    def routed(self) -> bool:
        return self.competent is not None and self.competent.code != self.agency.code

    @property
    def fee_total(self) -> int:
        return sum(f.amount for f in self.fees)

    def last_note(self, status: Status) -> str:
        """The note written with the latest move into ``status`` (reason of a refusal...)."""
        for entry in reversed(self.history):
            if entry.to_status == status:
                return entry.note
        return ""

    @property
    def due_at(self) -> datetime | None:
        return self.extended_appointment_at or self.appointment_at


@dataclass(frozen=True)
class DossierRow:
    """One line of a list: enough to show and filter, cheap to load by the thousand."""

    id: DossierId
    code: str
    procedure_code: str
    procedure_name: str
    applicant_name: str
    id_number: str
    channel: Channel
    status: Status
    received_at: datetime
    appointment_at: datetime | None
    synced: bool = False
