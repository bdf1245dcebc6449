"""The result of a procedure as the counter keeps it (DanhSachGiayToKetQua) and its
hand-over to the citizen (status 10). reference/digitisation.md section 2 has the national
fields: a result entry carries MaKetQua and DuongDanTepTinKetQua (the file's link on the
city hub); the hand-over says who received it (LoaiNguoiNhanKetQua, HoTenNguoiNhanKetQua),
the originals given back (BanGocThuLai) and when (NgayTra).

One home for the rules of both: who may receive a result, how a recipient is checked, what a
result file must look like, and which statuses allow a result or its hand-over."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from app.domain import entry
from app.domain.dossier import TRANSITIONS, Status
from app.domain.errors import DeskError

#: Longest texts of a result entry (the hub's wire caps are looser).
RESULT_NAME_MAX = 300
RESULT_CODE_MAX = 60
SO_KY_HIEU_MAX = 60
ISSUER_MAX = 200
SIGNER_MAX = 120
#: The originals given back: a short list, each a short line.
ORIGINALS_MAX = 10
ORIGINAL_MAX = 150


_SHA_RE = re.compile(r"[0-9a-f]{64}")


class ResultSource(StrEnum):
    HUB = "hub"  # the back office attached it on the city hub
    IMPORT = "import"  # a file attached at the counter
    SCAN = "scan"  # paper from the back office, scanned at the counter

    @property
    def label_vi(self) -> str:
        return {"hub": "từ thành phố", "import": "nhập tệp", "scan": "quét"}[self.value]


class RecipientKind(StrEnum):
    """Who received the result (LoaiNguoiNhanKetQua)."""

    APPLICANT = "applicant"
    AUTHORISED = "authorised"
    POST = "post"

    @property
    def label_vi(self) -> str:
        return {
            "applicant": "Người nộp hồ sơ",
            "authorised": "Người được ủy quyền",
            "post": "Bưu chính công ích",
        }[self.value]

    @property
    def label_en(self) -> str:
        return {
            "applicant": "The applicant",
            "authorised": "An authorised person",
            "post": "The public post",
        }[self.value]

    @property
    def wire(self) -> int:
        """LoaiNguoiNhanKetQua: 1 the applicant, 2 an authorised person, 3 the post."""
        return {"applicant": 1, "authorised": 2, "post": 3}[self.value]

    @classmethod
    def parse(cls, value: str) -> RecipientKind:
        text = (value or "").strip().lower()
        aliases = {"authorized": "authorised", "uyquyen": "authorised", "buudien": "post"}
        try:
            return cls(aliases.get(text, text))
        except ValueError:
            raise DeskError("result.recipient_kind", value=value) from None


@dataclass(frozen=True)
class ResultDoc:
    """One result entry of a dossier. ``file_kept``: the bytes are in this counter's store
    (a result pulled from the hub names its file before the bytes arrive)."""

    uid: str  # GiayToId
    dossier_code: str
    position: int
    name: str  # TenGiayTo
    code: str  # MaKetQua
    so_ky_hieu: str
    issuer: str
    signer: str
    signed_on: date | None
    sha256: str
    size: int
    pages: int
    source: ResultSource
    created_at: datetime
    created_by: str = ""
    file_kept: bool = False
    fetch_error: str = ""
    on_hub: bool = False
    link: str = ""  # DuongDanTepTinKetQua

    @property
    def electronic(self) -> bool:
        """An electronic result as the index counts it: a code and a file link."""
        return bool(self.code and self.link and self.file_kept)


@dataclass(frozen=True)
class ResultHandover:
    """The hand-over of a dossier's result (status 10)."""

    dossier_code: str
    kind: RecipientKind
    name: str
    id_number: str
    post_batch: str
    originals: tuple[str, ...]
    at: datetime
    by: str


@dataclass(frozen=True)
class Recipient:
    kind: RecipientKind
    name: str
    id_number: str
    post_batch: str = ""


def check_recipient(
    kind: RecipientKind,
    *,
    name: str,
    id_number: str,
    applicant_name: str,
    applicant_id: str,
    post_batch: str = "",
) -> Recipient:
    """The recipient as recorded. The applicant needs nothing typed (their own name and ID
    number); an authorised person needs a name and an ID number of the applicant's shape;
    the post records its hand-over batch when there is one."""
    if kind == RecipientKind.APPLICANT:
        return Recipient(kind, applicant_name, applicant_id)
    if kind == RecipientKind.AUTHORISED:
        who = entry.clean_name(name)
        if not who:
            raise DeskError("result.authorised_name")
        if not entry.ascii_digits(id_number or ""):
            raise DeskError("result.authorised_id")
        return Recipient(kind, who, entry.id_number(id_number))
    batch = entry.clean_text(post_batch, field="text", limit=entry.SHORT_MAX)
    who = entry.clean_name(name) if name.strip() else RecipientKind.POST.label_vi
    return Recipient(kind, who, "", batch)


def parse_originals(text: str | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """The originals given back: items separated by ";" or new lines (or given as a list),
    each a short line; at most ORIGINALS_MAX."""
    items = text if isinstance(text, list | tuple) else re.split(r"[;\n]", text or "")
    out = tuple(
        cleaned
        for item in items
        if (cleaned := entry.clean_text(item, field="text", limit=ORIGINAL_MAX))
    )
    if len(out) > ORIGINALS_MAX:
        raise DeskError("result.originals_too_many", max=ORIGINALS_MAX, count=len(out))
    return out


def check_handover_status(code: str, status: Status) -> None:
    """Only a resolved dossier's result is handed over."""
    if status != Status.RESOLVED:
        raise DeskError(
            "result.not_resolved", code=code, status=status.label_vi, status_en=status.label_en
        )


def result_allowed(status: Status) -> bool:
    """A result comes with a dossier that may be resolved now (the back office resolves it
    with the result) or is resolved; never to one refused, stopped or already handed over."""
    return status == Status.RESOLVED or Status.RESOLVED in TRANSITIONS[status]


def check_result_status(code: str, status: Status) -> None:
    if not result_allowed(status):
        raise DeskError(
            "result.status", code=code, status=status.label_vi, status_en=status.label_en
        )


@dataclass(frozen=True)
class ResultMeta:
    """What is typed about a result (its file apart)."""

    name: str
    code: str
    so_ky_hieu: str = ""
    issuer: str = ""
    signer: str = ""
    signed_on: date | None = None


def check_meta(
    *,
    name: str,
    code: str,
    so_ky_hieu: str = "",
    issuer: str = "",
    signer: str = "",
    signed_on: str | date | None = None,
) -> ResultMeta:
    day: date | None
    if isinstance(signed_on, str):
        text = signed_on.strip()
        day = None
        if text:
            try:
                day = date.fromisoformat(text)
            except ValueError:
                day = entry.parse_dmy(text, what="Ngày ký")
    else:
        day = signed_on
    return ResultMeta(
        name=entry.clean_text(name, field="text", limit=RESULT_NAME_MAX),
        code=entry.clean_text(code, field="text", limit=RESULT_CODE_MAX),
        so_ky_hieu=entry.clean_text(so_ky_hieu, field="text", limit=SO_KY_HIEU_MAX),
        issuer=entry.clean_text(issuer, field="text", limit=ISSUER_MAX),
        signer=entry.clean_name(signer) if signer else "",
        signed_on=day,
    )


def default_result_code(dossier_code: str, position: int) -> str:
    """MaKetQua when none is given: the dossier code and the result's number."""
    return f"{dossier_code}-KQ{position + 1:02d}"


def looks_like_pdf(data: bytes) -> bool:
    """The cheap shape check both sides run before anything heavier: a PDF header near the
    start and an end-of-file marker near the end."""
    return b"%PDF-" in data[:1024] and b"%%EOF" in data[-2048:]


def is_sha256(text: str) -> bool:
    return bool(_SHA_RE.fullmatch(text or ""))


def result_link(hub_url: str, sha256: str, api_prefix: str = "/api/v1") -> str:
    """DuongDanTepTinKetQua: where the city hub serves the file ("" while this counter knows
    no hub: the result has no link yet)."""
    return f"{hub_url.rstrip('/')}{api_prefix}/files/{sha256}" if hub_url else ""
