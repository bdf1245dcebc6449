"""The catalogue's messages of the working-day calendar's overrides
(app/services/calendar_admin.py)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "calendar.note_missing": (
        "Hãy ghi căn cứ của thay đổi lịch (ví dụ: số quyết định hoán đổi ngày làm việc).",
        "Write what the calendar change is based on (e.g. the decision on the day swap).",
    ),
    "calendar.span": (
        "Khoảng ngày quá dài: tối đa {max} ngày.",
        "The date range is too long: at most {max} days.",
    ),
    "calendar.no_override": (
        "Ngày {day} không có điều chỉnh nào để bỏ.",
        "{day} has no override to remove.",
    ),
}
