"""Parser of the chip citizen ID card (CCCD / Căn cước) QR payload.

The card's QR holds ``id|old id|full name|birth ddMMyyyy|sex|address|issue ddMMyyyy``.
A 6-field variant without the old id exists in the wild, and some readers append fields,
so fields are recognised by their shape, not by position alone.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from app.domain.entry import ID12_RE as _ID12
from app.domain.entry import ascii_digits, clean_address, clean_name, clean_text, is_id_number
from app.domain.errors import DeskError

_DATE8 = re.compile(r"[0-9]{8}", re.ASCII)
_SEXES = {"nam": "Nam", "nữ": "Nữ", "nu": "Nữ", "male": "Nam", "female": "Nữ"}


@dataclass(frozen=True)
class CitizenCard:
    id_number: str
    old_id_number: str
    full_name: str
    birth_date: date
    sex: str
    address: str
    issue_date: date | None


def _shape(vi: str, en: str) -> DeskError:
    return DeskError("cccd.shape", detail=vi, detail_en=en)


def _date(text: str, what: str, what_en: str) -> date:
    text = ascii_digits(text)
    if not _DATE8.fullmatch(text):
        raise _shape(f"{what} «{text}» không phải ddMMyyyy", f"{what_en} {text!r} is not ddMMyyyy")
    try:
        return date(int(text[4:]), int(text[2:4]), int(text[:2]))
    except ValueError:
        raise _shape(
            f"{what} «{text}» không có thật", f"{what_en} {text!r} is not a real date"
        ) from None


def parse_cccd_qr(payload: str, *, today: date | None = None) -> CitizenCard:
    """Parse a scanned CCCD QR; raise DeskError('cccd.*') for anything else.

    Text is NFC (a scanner may send it decomposed) and digits ASCII; ``today`` (when given)
    refuses a birth or issue date in the future."""
    raw = (payload or "").strip().strip("\x00").replace("\r", "").replace("\n", "")
    text = clean_text(raw, field="text", limit=2000) if raw else ""
    if not text:
        raise DeskError("cccd.empty")
    parts = [p.strip() for p in text.split("|")]
    parts[0] = ascii_digits(parts[0])
    if len(parts) > 1 and parts[1]:
        digits = ascii_digits(parts[1])
        parts[1] = digits if digits.isascii() and digits.isdigit() else parts[1]
    if len(parts) < 6:
        raise _shape(
            f"cần ít nhất 6 trường ngăn bởi «|», có {len(parts)}",
            f"at least 6 fields separated by '|' are needed, it has {len(parts)}",
        )
    if not _ID12.fullmatch(parts[0]):
        raise _shape(
            f"số định danh «{parts[0]}» không đủ 12 chữ số",
            f"the ID number {parts[0]!r} does not have 12 digits",
        )
    rest = parts[1:]
    old_id = ""
    if rest and (rest[0] == "" or is_id_number(rest[0])):
        # 7-field layout: the old id (9 digits, or a 12-digit CMND; or an empty slot) comes
        # second.
        old_id = rest.pop(0)
    if len(rest) < 5:
        raise _shape(
            "thiếu trường họ tên, ngày sinh, giới tính hoặc địa chỉ",
            "the name, birth date, sex or address field is missing",
        )
    name, birth, sex, address, issue = rest[0], rest[1], rest[2], rest[3], rest[4]
    if rest and rest[0].isdigit() and not is_id_number(rest[0]):
        raise _shape(
            f"số CMND cũ «{rest[0]}» phải có 9 hoặc 12 chữ số",
            f"the old ID number {rest[0]!r} must have 9 or 12 digits",
        )
    if not name or any(ch.isdigit() for ch in name):
        raise _shape(f"họ tên «{name}» không hợp lệ", f"the name {name!r} is not valid")
    name = clean_name(name)
    birth_date = _date(birth, "ngày sinh", "the birth date")
    if today is not None and birth_date > today:
        raise _shape(
            f"ngày sinh «{birth}» ở tương lai", f"the birth date {birth!r} is in the future"
        )
    sex_norm = _SEXES.get(unicodedata.normalize("NFC", sex).lower())
    if sex_norm is None:
        raise _shape(f"giới tính «{sex}» không hợp lệ", f"the sex {sex!r} is not valid")
    if not address:
        raise _shape("thiếu địa chỉ", "the address is missing")
    address = clean_address(address)
    issue_date = _date(issue, "ngày cấp", "the issue date") if issue else None
    if issue_date is not None and today is not None and issue_date > today:
        raise _shape(
            f"ngày cấp «{issue}» ở tương lai", f"the issue date {issue!r} is in the future"
        )
    if issue_date is not None and issue_date < birth_date:
        raise _shape("ngày cấp trước ngày sinh", "the issue date is before the birth date")
    return CitizenCard(parts[0], old_id, name, birth_date, sex_norm, address, issue_date)


def looks_like_cccd_qr(text: str) -> bool:
    """Cheap check a scanner-driven field uses to route a scan to the parser."""
    return text.count("|") >= 5 and bool(_ID12.match(ascii_digits(text.split("|", 1)[0])))


# --- A payload that lost its Vietnamese letters ------------------------------------------------
#
# A keyboard-wedge scanner in a US-keyboard mode drops (or folds) every letter outside ASCII:
# "Nguyễn Văn An" arrives as "Nguyn Vn An" or "Nguyen Van An". The shape is still a valid
# card, so the parser accepts it; this check catches it. Two signs, either is enough:
# - a word with no vowel left ("Vn", "Trn", "Th", "phng"): every Vietnamese syllable, and
#   every syllable of the minority names on cards ("Ksor", "H'Hen Niê", "Y Blức"), has one;
# - a name and an address that are both pure ASCII: every card address has a marked letter
#   ("phường", "xã", "Hà Nội"...), so an all-ASCII pair means the marks were folded away.
# Consonant clusters alone are not judged: minority names ("Ksor", "Blức") and foreign
# building names in addresses ("Park", "Times City") have clusters Vietnamese has not.

_VOWELS = frozenset("aeiouyàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def _has_no_vowel(word: str) -> bool:
    return not any(ch in _VOWELS for ch in unicodedata.normalize("NFC", word.lower()))


def lost_diacritics(card: CitizenCard) -> str | None:
    """The word (or the name) that shows the scanner lost the card's Vietnamese letters, or
    None when the card reads as Vietnamese.

    In the address, capitals of up to 3 letters ("TDP", "KP") and single letters
    (a house number's suffix, "P." for phường) are abbreviations, not judged."""
    for word in _WORD.findall(card.full_name):
        if _has_no_vowel(word):
            return str(word)
    for word in _WORD.findall(card.address):
        if len(word) > 1 and not (word.isupper() and len(word) <= 3) and _has_no_vowel(word):
            return str(word)
    if card.full_name.isascii() and card.address.isascii():
        return card.full_name
    return None
