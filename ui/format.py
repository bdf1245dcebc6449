"""How the counter shows moments and money: Vietnam time, day first, dots for thousands."""

from __future__ import annotations

from datetime import date, datetime

from app.domain.dossier import VN_TZ, clock_text


def when(moment: datetime | None) -> str:
    """'14:05 15/07/2025' in Vietnam time; an em dash when there is none."""
    return clock_text(moment, "—")


def day(value: date | datetime | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime):
        value = value.astimezone(VN_TZ).date()
    return value.strftime("%d/%m/%Y")


def money(amount: int) -> str:
    """12000 -> '12.000 đ'."""
    return f"{amount:,}".replace(",", ".") + " đ"
