"""What the one search box of the queue was given: a pure interpreter of scanned or typed
text, and the search keys stored beside each dossier so that every reading is one index
range (fast on a million dossiers).

The box takes, in this order of recognition:
- a hand-over batch QR (``MCBG1|...``): the batch's dossiers;
- a citizen ID card QR (``id|old id|name|...``): that citizen's dossiers;
- any text holding a whole dossier code, such as the receipt's own QR (the look-up address
  ``...?ma=<code>``): that dossier;
- the tail of a code, ``yymmdd-nnnn`` (``261201-1001``): that dossier of this agency;
- 4 digits (``1001``): the dossiers of the recent days with that daily number, and the
  ID numbers that end with those digits;
- a tax code (10 digits with a right check digit, or a branch's ``0100109106-001``): that
  organisation's dossiers, its branches' with them (app.domain.organisation);
- 9 or 12 digits: an ID number; 5 to 8 digits: the last digits of one; other digits: the
  start of one (still typing);
- a code being typed (digits, dots and a dash): codes starting so;
- words: a name without accents. Starting with a family name ("nguyen van") or as an
  organisation's name does ("cong ty", "chi nhanh"), the start of the full name;
  otherwise ("van an", "an") the end of it: the given name, with the middle name before
  it when typed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from urllib.parse import unquote

from app.domain.codes import CODE_RE, format_code
from app.domain.entry import is_id_number
from app.domain.handover import PAYLOAD_MAGIC, parse_payload
from app.domain.idcard import looks_like_cccd_qr
from app.domain.organisation import is_tax_code
from app.domain.text import fold

#: How many past days a bare daily number (``1001``) looks back.
SEQUENCE_DAYS = 62

#: The common Vietnamese family names, folded: a name query starting with one of them is the
#: start of a full name. (About 99% of the population bears one of these.)
FAMILY_NAMES = frozenset(
    """
nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly dinh doan trinh
truong lam mai cao luong luu ha quach ta chu kieu thai la lai tang diep tong thach khuc
giang kim lo lu mac nghiem ong phung quan tieu trieu uong van vuong vi dao dam dau khong
khuat lang lieu mau nong ninh son tan than thieu tiet tra ton trac
""".split()
) - {"van", "son", "tan"}  # usually middle or given names


#: How the names of organisations start (folded, two words): a name query starting so is the
#: start of a full name, like a family name (issue 16: organisation applicants).
ORGANISATION_OPENERS = frozenset(
    {
        "cong ty",
        "chi nhanh",
        "hop tac",
        "doanh nghiep",
        "tap doan",
        "tong cong",
        "ngan hang",
        "uy ban",
        "benh vien",
        "van phong",
        "hiep hoi",
        "trung tam",
        "ho kinh",
    }
)


class LookupKind(StrEnum):
    ALL = "all"
    CODE = "code"
    CODES = "codes"
    CODE_TAIL = "code_tail"
    CODE_PREFIX = "code_prefix"
    SEQUENCE = "sequence"
    ID_NUMBER = "id_number"
    ID_SUFFIX = "id_suffix"
    ID_PREFIX = "id_prefix"
    TAX_CODE = "tax_code"
    FULL_NAME = "full_name"
    GIVEN_NAME = "given_name"


@dataclass(frozen=True)
class Lookup:
    """One reading of the search box. ``key`` is what the kind's index is searched with:
    a code, a code tail, a code prefix, digits, a folded name or a name key."""

    kind: LookupKind
    key: str = ""
    codes: tuple[str, ...] = ()

    @property
    def wants_one(self) -> bool:
        """A reading that names one dossier: Enter opens it when it is found alone."""
        return self.kind in (LookupKind.CODE, LookupKind.CODE_TAIL, LookupKind.SEQUENCE)


def name_key(full_name: str) -> str:
    """The stored key of the given-name search: the folded words, last first
    ('Nguyễn Văn An' -> 'an van nguyen'), so the end of a name is a prefix of its key."""
    return " ".join(reversed(fold(full_name).split()))


def id_key(id_number: str) -> str:
    """The stored key of the last-digits search: the ID number reversed."""
    return id_number.strip()[::-1]


_TAIL_RE = re.compile(r"[0-9]{6}-[0-9]{4}")
_CODE_TYPING_RE = re.compile(r"[0-9A-Z.]+-[0-9-]*|[0-9A-Z]+\.[0-9A-Z.]*")


def _ascii_decimals(text: str) -> str:
    """Full-width or Arabic-Indic digits typed into the box read as the ASCII ones stored."""
    return "".join(
        str(unicodedata.decimal(ch)) if not ch.isascii() and ch.isdecimal() else ch for ch in text
    )


def interpret_lookup(text: str) -> Lookup:
    """Read what was scanned or typed; a damaged hand-over QR raises its DeskError."""
    raw = (text or "").strip().strip("\x00")
    if not raw:
        return Lookup(LookupKind.ALL)
    if raw.startswith(PAYLOAD_MAGIC):
        return Lookup(LookupKind.CODES, codes=parse_payload(raw).codes)
    if looks_like_cccd_qr(raw):
        return Lookup(LookupKind.ID_NUMBER, raw.split("|", 1)[0].strip())
    raw = _ascii_decimals(raw)
    upper = unquote(raw).upper()
    found = CODE_RE.search(upper)
    if found is not None and len(found["agency"]) <= 35:
        return Lookup(LookupKind.CODE, found.group(0))
    if _TAIL_RE.fullmatch(raw):
        return Lookup(LookupKind.CODE_TAIL, raw)
    if is_tax_code(raw):
        # Stored in id_number: the code itself, its branches' codes start with it.
        return Lookup(LookupKind.TAX_CODE, raw)
    if raw.isascii() and raw.isdigit():
        if is_id_number(raw):
            return Lookup(LookupKind.ID_NUMBER, raw)
        if len(raw) == 4:
            return Lookup(LookupKind.SEQUENCE, raw)
        if 5 <= len(raw) <= 8:
            return Lookup(LookupKind.ID_SUFFIX, raw)
        return Lookup(LookupKind.ID_PREFIX, raw)
    if _CODE_TYPING_RE.fullmatch(upper) and any(ch.isdigit() for ch in upper):
        return Lookup(LookupKind.CODE_PREFIX, upper)
    words = fold(raw).split()
    if words[0] in FAMILY_NAMES or " ".join(words[:2]) in ORGANISATION_OPENERS:
        return Lookup(LookupKind.FULL_NAME, " ".join(words))
    return Lookup(LookupKind.GIVEN_NAME, " ".join(reversed(words)))


def sequence_codes(
    agency_code: str, sequence: str, today: date, days: int = SEQUENCE_DAYS
) -> tuple[str, ...]:
    """The codes a bare daily number may stand for: that number on each of the last days."""
    number = int(sequence)
    if not 1 <= number <= 9999:
        return ()
    return tuple(format_code(agency_code, today - timedelta(days=i), number) for i in range(days))


def tail_code(agency_code: str, tail: str) -> str:
    """'261201-1001' -> '<agency>-261201-1001'."""
    return f"{agency_code}-{tail}"
