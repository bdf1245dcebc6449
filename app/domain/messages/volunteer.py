"""The catalogue's messages of the volunteers' record of assisted online submissions
(app/services/volunteer.py)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "volunteer.code_missing": (
        "Hãy nhập mã hồ sơ trực tuyến mà Cổng dịch vụ công đã cấp.",
        "Enter the online dossier code the public service portal gave.",
    ),
    "volunteer.code_invalid": (
        "Mã hồ sơ trực tuyến không hợp lệ: {value}",
        "Invalid online dossier code: {value}",
    ),
    "volunteer.reason_missing": (
        "Hãy ghi lý do chưa nộp được hồ sơ.",
        "Write why the dossier could not be submitted.",
    ),
    "volunteer.citizen_id": (
        "Số định danh cá nhân phải có 12 chữ số (hoặc CMND 9 chữ số): {value}",
        "The personal ID number must have 12 digits (or an old ID 9 digits): {value}",
    ),
    "volunteer.duplicate": (
        "Hồ sơ trực tuyến {code} đã được ghi nhận lúc {at} (người ghi: {by}); không ghi lại.",
        "Online dossier {code} was already recorded at {at} (by {by}); not recorded again.",
    ),
    "volunteer.outcome": (
        "Kết quả không hợp lệ: {value} (nộp được: submitted, không nộp được: failed).",
        "Unknown outcome: {value} (submitted or failed).",
    ),
}
