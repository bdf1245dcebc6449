"""Rules for text that enters the counter: typed, scanned, given on the command line,
imported or pulled from the hub. One home for each rule (STYLE 16):

- every text is NFC (a scanner may send "Nữ" decomposed, NFD);
- invisible format characters (zero-width, bidi overrides, BOM) are removed, runs of white
  space become one space, other control characters and text that was not valid UTF-8
  (lone surrogates) are refused;
- each field has a length that fits the printed forms;
- an ID number is ASCII digits: other decimal digits (full-width, Arabic-Indic) are
  converted, anything else is refused;
- dates a dossier is received on fit the code's yymmdd (2000-2099), and day/month/year
  typed by a clerk says whether it is mis-shaped or impossible.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any

from app.domain.errors import DeskError

#: Longest texts the printed forms (receipt, control sheet, tracking book) hold on their lines.
NAME_MAX = 80
ADDRESS_MAX = 200
SHORT_MAX = 100  # phone, e-mail, post receipt number, summary lines
NOTE_MAX = 1000

#: Shapes of a personal ID number: the 12-digit number of the citizen card and the old ID
#: card (CMND) of 9 or 12 digits. ASCII only (``re.ASCII``: ``\d`` alone takes any digit).
ID12_RE = re.compile(r"[0-9]{12}", re.ASCII)
ID9_RE = re.compile(r"[0-9]{9}", re.ASCII)
ID_RE = re.compile(r"[0-9]{12}|[0-9]{9}", re.ASCII)

#: The years a dossier code's ``yymmdd`` tells apart without wrapping.
FIRST_YEAR = 2000
LAST_YEAR = 2099

_FIELD_VI = {
    "name": "Họ tên",
    "address": "Địa chỉ",
    "text": "Nội dung",
    "phone": "Số điện thoại",
    "email": "Thư điện tử",
    "note": "Ghi chú",
    "id_number": "Số giấy tờ",
    "org_name": "Tên tổ chức",
    "tax_code": "Mã số thuế",
}

_FIELD_EN = {
    "name": "Name",
    "address": "Address",
    "text": "Text",
    "phone": "Phone",
    "email": "E-mail",
    "note": "Note",
    "id_number": "ID number",
    "org_name": "Organisation name",
    "tax_code": "Tax code",
}


def _error(key: str, field: str, **params: object) -> DeskError:
    return DeskError(
        key, field=_FIELD_VI.get(field, field), field_en=_FIELD_EN.get(field, field), **params
    )


def clean_text(
    value: str, *, field: str = "text", limit: int = SHORT_MAX, multiline: bool = False
) -> str:
    """NFC, without format characters, white space squeezed (kept line breaks when
    ``multiline``); DeskError for control characters, non-UTF-8 bytes or over ``limit``."""
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in value):
        # A byte that was not UTF-8 on the command line arrives as a lone surrogate.
        raise _error("text.not_utf8", field)
    text = unicodedata.normalize("NFC", value)
    kept: list[str] = []
    for ch in text:
        if ch in "\n\r" and multiline:
            kept.append("\n")
        elif ch.isspace():
            kept.append(" ")
        else:
            cat = unicodedata.category(ch)
            if cat == "Cf":
                continue  # zero-width joiners, bidi overrides, BOM: invisible, dropped
            if cat == "Cc":
                raise _error("text.control", field, codepoint=f"U+{ord(ch):04X}")
            kept.append(ch)
    joined = "".join(kept)
    if multiline:
        result = "\n".join(" ".join(line.split()) for line in joined.split("\n")).strip()
    else:
        result = " ".join(joined.split())
    if len(result) > limit:
        raise _error("text.too_long", field, length=len(result), limit=limit)
    return result


def clean_name(value: str) -> str:
    return clean_text(value, field="name", limit=NAME_MAX)


def clean_address(value: str) -> str:
    return clean_text(value, field="address", limit=ADDRESS_MAX)


def clean_phone(value: str) -> str:
    """A phone number as typed, its digits stored as ASCII (a full-width or Arabic-Indic
    digit is the same number; the hub and an SMS gateway read only ASCII ones)."""
    text = clean_text(value, field="phone", limit=SHORT_MAX)
    return "".join(
        str(unicodedata.decimal(ch)) if not ch.isascii() and ch.isdecimal() else ch for ch in text
    )


def ascii_digits(value: str) -> str:
    """``value`` with every decimal digit (full-width, Arabic-Indic, ...) as its ASCII digit
    and surrounding/inner spaces removed; other characters are left for the caller's shape
    check to refuse. Superscripts and circled numbers are not decimal digits: kept as is."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", value):
        if ch.isspace() or unicodedata.category(ch) == "Cf":
            continue
        digit = unicodedata.decimal(ch, None)
        out.append(str(digit) if digit is not None else ch)
    return "".join(out)


def is_id_number(value: str) -> bool:
    """Whether ``value`` has the shape of a personal ID number, 12 digits or an old 9-digit
    one (any decimal digits, spaces ignored): the one test for "is this an ID number"."""
    return bool(ID_RE.fullmatch(ascii_digits(value)))


def id_number(value: str, *, allow_empty: bool = False) -> str:
    """A personal ID number (12 digits, or an old 9-digit one) in ASCII digits.

    DeskError('applicant.id_number') for any other shape."""
    number = ascii_digits(clean_text(value, field="id_number"))
    if allow_empty and not number:
        return ""
    if not is_id_number(number):
        raise DeskError("applicant.id_number", value=number)
    return number


def old_id_number(value: str) -> str:
    """The old ID card number: empty, 9 digits or the 12-digit CMND."""
    return id_number(value, allow_empty=True)


def check_year_range(day: date) -> None:
    """A dossier received on ``day`` gets a code with ``yymmdd``: only 2000-2099 fit, and
    no date the counter deals in (reports, appointments) lies outside them."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise DeskError(
            "date.out_of_range", value=day.isoformat(), first=FIRST_YEAR, last=LAST_YEAR
        )


_WHAT_EN = {"Ngày sinh": "Birth date", "Ngày cấp": "Issue date", "Ngày": "Date"}
_DMY = re.compile(
    r"([0-9]{1,2})[/.\-]([0-9]{1,2})[/.\-]([0-9]{4})|([0-9]{2})([0-9]{2})([0-9]{4})", re.ASCII
)
_YMD = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})", re.ASCII)


def parse_dmy(text: str, *, what: str = "Ngày", today: date | None = None) -> date | None:
    """'05/03/1990' (or 05031990, 05-03-1990, 05.03.1990, 1990-03-05) -> date; '' -> None.

    DeskError 'date.shape' when it is not such a date, 'date.impossible' for 31/02 and the
    like, 'date.future' when after ``today`` (given)."""
    raw = ascii_digits(text) if text.strip() else ""
    if not raw:
        return None
    what_en = _WHAT_EN.get(what, what)
    if m := _DMY.fullmatch(raw):
        d, mo, y = (m[1], m[2], m[3]) if m[1] else (m[4], m[5], m[6])
    elif m := _YMD.fullmatch(raw):
        y, mo, d = m[1], m[2], m[3]
    else:
        raise DeskError("date.shape", what=what, what_en=what_en, value=text.strip())
    try:
        found = date(int(y), int(mo), int(d))
    except ValueError:
        raise DeskError("date.impossible", what=what, what_en=what_en, value=text.strip()) from None
    if today is not None and found > today:
        raise DeskError("date.future", what=what, what_en=what_en, value=text.strip())
    return found


def nfc_tree(value: Any) -> Any:
    """Every string in a JSON-like value as NFC without format characters, control
    characters as spaces: for data that is applied, not refused (the hub's change feed, the
    catalog file), so one odd byte never stops a sync."""
    if isinstance(value, str):
        text = unicodedata.normalize("NFC", value)
        return "".join(
            " " if unicodedata.category(ch) == "Cc" and ch not in "\n" else ch
            for ch in text
            if unicodedata.category(ch) != "Cf" and not 0xD800 <= ord(ch) <= 0xDFFF
        )
    if isinstance(value, dict):
        return {nfc_tree(k): nfc_tree(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [nfc_tree(v) for v in value]
    return value
