"""The electronic certified copy from the original ("chứng thực bản sao điện tử từ bản
chính", Decree 23/2015/ND-CP as amended): the certification statement stamped on the last
page, and the entries of the electronic certification register.

The statement follows the wording of the paper form ("Chứng thực bản sao đúng với bản
chính", with the register number, the book, the date and the certifying officer), with the
electronic copy named as such. The wording is data: a city that holds the current form
replaces STATEMENT_LINES, not code. Source confidence: the shape of the paper form is
known; the exact electronic wording was not found in the project's references."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.domain.codes import CERTIFICATION_SERIES, MAX_SLOTS
from app.domain.dossier import VN_TZ

STATEMENT_TITLE = "LỜI CHỨNG CHỨNG THỰC BẢN SAO ĐIỆN TỬ TỪ BẢN CHÍNH"
#: The statement's lines; {number}, {book}, {day}, {month}, {year}, {officer}, {agency}.
STATEMENT_LINES = (
    "Chứng thực bản sao điện tử này đúng với bản chính.",
    "Số chứng thực: {number}    Quyển số: {book}-SCT/BS",
    "Ngày {day} tháng {month} năm {year}",
    "NGƯỜI THỰC HIỆN CHỨNG THỰC",
    "(Đã ký số)",
    "{officer}",
    "{agency}",
)
#: A register's local numbers run 1..99,999 per counter slot and year.
PER_SLOT_AND_YEAR = CERTIFICATION_SERIES.per_slot


def register_number(slot: int, local_number: int) -> int:
    """The register number of the ``local_number``-th copy of counter ``slot`` in a year."""
    return CERTIFICATION_SERIES.number(slot, local_number)


def format_register_number(number: int) -> str:
    """Six digits: the counter slot, then its five-digit number of the year."""
    if not 1 <= number < MAX_SLOTS * CERTIFICATION_SERIES.block:
        raise ValueError(f"register number out of range: {number}")
    return f"{number:06d}"


@dataclass(frozen=True)
class Statement:
    """What the stamp on the last page says."""

    number: str
    book: str
    certified_at: datetime
    officer: str
    agency: str

    def lines(self) -> list[str]:
        local = self.certified_at.astimezone(VN_TZ)
        values = {
            "number": self.number,
            "book": self.book,
            "day": f"{local.day:02d}",
            "month": f"{local.month:02d}",
            "year": f"{local.year}",
            "officer": self.officer,
            "agency": self.agency,
        }
        return [STATEMENT_TITLE, *(line.format(**values) for line in STATEMENT_LINES)]


@dataclass(frozen=True)
class CertifiedCopy:
    """One entry of the electronic certification register."""

    number: str  # "Số chứng thực", six digits
    year: int
    book: str
    certified_at: datetime
    officer: str
    agency_code: str
    agency_name: str
    sources: tuple[str, ...]  # the names of the originals' files (or "scan")
    pages: int
    sha256: str  # the signed PDF in the file store
    signer: str
    created_by: str
