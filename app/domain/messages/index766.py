"""The catalogue's messages of the 766 scorecard (app/services/index766.py)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "index.range": (
        "Khoảng ngày không hợp lệ: từ {date_from} đến {date_to} (ngày đầu phải trước ngày cuối).",
        "Bad date range: from {date_from} to {date_to} (the first day must come first).",
    ),
    "index.too_long": (
        "Khoảng ngày dài quá {days} ngày: hãy chọn khoảng ngắn hơn.",
        "The range is longer than {days} days: choose a shorter one.",
    ),
    "index.period": (
        "Kỳ không hợp lệ: {value} (month, quarter hoặc year).",
        "Unknown period: {value} (month, quarter or year).",
    ),
    "index.reason": (
        "Lý do không hợp lệ: {value} (một trong: {choices}).",
        "Unknown reason: {value} (one of: {choices}).",
    ),
}
