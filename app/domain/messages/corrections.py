"""The catalogue's messages of voiding and refusing a dossier (app/domain/corrections.py)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "correction.reason": (
        "Hãy ghi rõ lý do {action} (ít nhất {n} ký tự).",
        "Give the reason for the {action_en} (at least {n} characters).",
    ),
    "correction.refuse_late": (
        "Chỉ từ chối tiếp nhận được trong ngày tiếp nhận hồ sơ ({day}); hồ sơ đã tiếp nhận "
        "hãy yêu cầu bổ sung hoặc dừng xử lý.",
        "A dossier can be refused only on the day it was received ({day}); for a received "
        "dossier, request a supplement or stop its processing.",
    ),
    "correction.void_closed": (
        "Hồ sơ đang ở trạng thái «{status}»: không hủy được nữa.",
        "The dossier is '{status_en}': it can no longer be voided.",
    ),
    "correction.approval": (
        "Hủy hồ sơ cần lãnh đạo phê duyệt: lãnh đạo đăng nhập, hoặc nhập tên và mật khẩu của "
        "lãnh đạo để xác nhận.",
        "Voiding a dossier needs a supervisor's approval: log in as a supervisor, or enter a "
        "supervisor's user name and password to confirm.",
    ),
}
