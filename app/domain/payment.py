"""Fee lines and the VietQR (NAPAS, EMVCo merchant-presented) payment payload."""

from __future__ import annotations

import re
from collections.abc import Iterable

from app.domain.dossier import Channel, FeeItem
from app.domain.errors import DeskError
from app.domain.text import fold, strip_accents

NAPAS_GUID = "A000000727"


def crc16_ccitt_false(data: bytes) -> int:
    """CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, no reflection, no final XOR."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc


def _tlv(tag: str, value: str) -> str:
    if len(value) > 99:
        raise DeskError("vietqr.invalid", detail=f"tag {tag} longer than 99 characters")
    return f"{tag}{len(value):02d}{value}"


def with_crc(payload_without_crc: str) -> str:
    """Append tag 63 (CRC) computed over the payload plus '6304'."""
    body = payload_without_crc + "6304"
    return body + f"{crc16_ccitt_false(body.encode('utf-8')):04X}"


def vietqr_payload(
    *,
    bank_bin: str,
    account: str,
    amount: int | None = None,
    note: str = "",
    service: str = "QRIBFTTA",
) -> str:
    """Build a VietQR string: dynamic (tag 01 = 12) when an amount is given, else static."""
    if not re.fullmatch(r"[0-9]{6}", bank_bin or ""):
        raise DeskError("vietqr.invalid", detail=f"bank BIN must be 6 digits: {bank_bin!r}")
    if not re.fullmatch(r"[0-9A-Za-z]{1,19}", account or ""):
        raise DeskError("vietqr.invalid", detail=f"account: {account!r}")
    if amount is not None and amount <= 0:
        raise DeskError("vietqr.invalid", detail=f"amount: {amount}")
    beneficiary = _tlv("00", bank_bin) + _tlv("01", account)
    merchant = _tlv("00", NAPAS_GUID) + _tlv("01", beneficiary) + _tlv("02", service)
    parts = [
        _tlv("00", "01"),
        _tlv("01", "12" if amount else "11"),
        _tlv("38", merchant),
        _tlv("53", "704"),
    ]
    if amount:
        parts.append(_tlv("54", str(int(amount))))
    parts.append(_tlv("58", "VN"))
    if note:
        # Banking apps show ASCII reliably: fold the diacritics, keep it short.
        ascii_note = strip_accents(note).encode("ascii", "ignore").decode()
        ascii_note = re.sub(r"[^0-9A-Za-z .\-]", "", ascii_note)[:50]
        parts.append(_tlv("62", _tlv("08", ascii_note)))
    return with_crc("".join(parts))


def parse_tlv(payload: str) -> dict[str, str]:
    """Split a top-level EMVCo TLV string into {tag: value} (for tests and checks)."""
    out: dict[str, str] = {}
    i = 0
    while i < len(payload):
        tag, length = payload[i : i + 2], int(payload[i + 2 : i + 4])
        out[tag] = payload[i + 4 : i + 4 + length]
        i += 4 + length
    return out


# --- Which fee lines a dossier is charged -----------------------------------------------------
#
# A catalog fee line may be tied to how the dossier is submitted: the fee laws (e.g. Thông tư
# 75/2022/TT-BTC for residence) set a lower amount for online submission. The catalog marks
# such a line in its name, "(nộp trực tiếp)" or "(nộp trực tuyến)". A dossier is charged the
# unmarked lines plus the lines of its own channel; a post dossier is not an online one, so it
# pays the direct amount. This is the one home of that rule: intake, forms, the VietQR amount,
# the wire and the reports all call it.

_ONLINE_MARKS = ("nop truc tuyen", "truc tuyen)", "(online")
_DIRECT_MARKS = ("nop truc tiep", "truc tiep)", "(direct")


def fee_channels(fee: FeeItem) -> frozenset[Channel] | None:
    """The channels a fee line applies to, or None when it applies to every channel."""
    name = fold(fee.name)
    if any(m in name for m in _ONLINE_MARKS):
        return frozenset({Channel.ONLINE})
    if any(m in name for m in _DIRECT_MARKS):
        return frozenset({Channel.DIRECT, Channel.POST})
    return None


def charged_fees(fees: Iterable[FeeItem], channel: Channel) -> tuple[FeeItem, ...]:
    """The fee lines a dossier submitted through ``channel`` pays (never both variants)."""
    out = []
    for fee in fees:
        applies = fee_channels(fee)
        if applies is None or channel in applies:
            out.append(fee)
    return tuple(out)


def charged_total(fees: Iterable[FeeItem], channel: Channel) -> int:
    """The amount due: the sum of ``charged_fees``."""
    return sum(f.amount for f in charged_fees(fees, channel))


def format_vnd(amount: int) -> str:
    """12000 -> '12.000 đồng' (Vietnamese thousands separator)."""
    return f"{amount:,}".replace(",", ".") + " đồng"
