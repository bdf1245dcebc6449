"""Dates and times written the way Vietnamese administrative documents write them.

Decree 30/2020/ND-CP (appendix I) asks for a leading zero on days below 10 and on the
months 1 and 2: "ngày 05 tháng 02 năm 2025", "ngày 15 tháng 7 năm 2025".
"""

from __future__ import annotations

from datetime import date, datetime

from app.domain.dossier import VN_TZ, clock_text


def to_vn(moment: datetime) -> datetime:
    """Aware datetimes are converted to Vietnam time; naive ones are taken as Vietnam time."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(VN_TZ)


def _day(d: date) -> str:
    return f"{d.day:02d}"


def _month(d: date) -> str:
    return f"{d.month:02d}" if d.month <= 2 else str(d.month)


def vn_date(d: date) -> str:
    """'ngày 15 tháng 7 năm 2025'."""
    if isinstance(d, datetime):
        d = to_vn(d).date()
    return f"ngày {_day(d)} tháng {_month(d)} năm {d.year}"


def vn_datetime(moment: datetime) -> str:
    """'14 giờ 05 phút, ngày 15 tháng 7 năm 2025'."""
    local = to_vn(moment)
    return f"{local.hour:02d} giờ {local.minute:02d} phút, {vn_date(local.date())}"


def place_date(place: str, d: date) -> str:
    """'Hà Nội, ngày 15 tháng 7 năm 2025' (the date line under the national motto)."""
    text = vn_date(d)
    return f"{place}, {text}" if place else text[0].upper() + text[1:]


def short_date(d: date) -> str:
    """'15/07/2025'."""
    if isinstance(d, datetime):
        d = to_vn(d).date()
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def short_datetime(moment: datetime) -> str:
    """'14:05 15/07/2025' (tables where space is short)."""
    return clock_text(moment)


_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_SCALES = ("", " nghìn", " triệu")


def _group_words(n: int, full: bool) -> str:
    """Words of 0 < n < 1000; ``full``: a group after a higher one ("không trăm linh năm")."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            words += (["linh"] if words else []) + [_DIGITS[units]]
    elif tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else _DIGITS[units])
    else:
        words += [_DIGITS[tens], "mươi"]
        if units:
            words.append({1: "mốt", 5: "lăm"}.get(units, _DIGITS[units]))
    return " ".join(words)


def _below_billion(n: int, full: bool) -> str:
    groups = [n // 1_000_000, n // 1000 % 1000, n % 1000]
    parts: list[str] = []
    for i, g in enumerate(groups):
        if g:
            parts.append(_group_words(g, full or bool(parts)) + _SCALES[2 - i])
    return " ".join(parts)


def _number_words(n: int, full: bool = False) -> str:
    if n >= 1_000_000_000:
        high, low = divmod(n, 1_000_000_000)
        text = _number_words(high, full) + " tỷ"
        return f"{text} {_below_billion(low, True)}" if low else text
    return _below_billion(n, full)


def amount_in_words(amount: int) -> str:
    """A sum of money in Vietnamese words, as a receipt writes it: 15000 -> "Mười lăm nghìn
    đồng", 105000 -> "Một trăm linh năm nghìn đồng", 0 -> "Không đồng"."""
    if amount < 0:
        raise ValueError(f"negative amount: {amount}")
    text = _number_words(amount) if amount else "không"
    return f"{text[0].upper()}{text[1:]} đồng"
