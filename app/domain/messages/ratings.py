"""The catalogue's messages of the satisfaction ratings at the counter
(app/services/ratings.py)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "rating.level": (
        "Mức đánh giá không hợp lệ: {value} (1 rất hài lòng, 2 hài lòng, 3 không hài lòng).",
        "Unknown rating: {value} (1 very satisfied, 2 satisfied, 3 not satisfied).",
    ),
    "rating.note_long": (
        "Ý kiến dài quá {limit} ký tự.",
        "The comment is longer than {limit} characters.",
    ),
    "rating.reason": (
        "Lý do không hợp lệ: {value}",
        "Unknown reason: {value}",
    ),
    "rating.other_note": (
        "Lý do khác: hãy ghi lời người dân.",
        "Another reason: write down what the citizen says.",
    ),
    "rating.reason_not_unhappy": (
        "Chỉ ghi lý do khi người dân không hài lòng.",
        "A reason is recorded only when the citizen is not satisfied.",
    ),
    "rating.criterion": (
        "Tiêu chí không có trong phiếu khảo sát: {value}",
        "Not a criterion of the survey: {value}",
    ),
    "rating.prompt_id": (
        "Mã lượt hỏi ý kiến không hợp lệ: {value}",
        "Invalid prompt id: {value}",
    ),
    "rating.duplicate": (
        "Lượt hỏi ý kiến này (hồ sơ {code}) đã được ghi nhận; không ghi lần thứ hai.",
        "This prompt (dossier {code}) was already answered; not recorded twice.",
    ),
    "rating.range": (
        "Khoảng ngày không hợp lệ: từ {start} đến {end}.",
        "Invalid period: from {start} to {end}.",
    ),
    "rating.unknown": (
        "Không có đánh giá số {value}.",
        "No rating number {value}.",
    ),
    "rating.not_unhappy": (
        "Đánh giá số {value} không phải ý kiến không hài lòng; không cần xử lý.",
        "Rating {value} is not a 'not satisfied' answer; nothing to handle.",
    ),
    "rating.already_handled": (
        "Đánh giá số {value} đã được xử lý lúc {at} (người xử lý: {by}).",
        "Rating {value} was already handled at {at} (by {by}).",
    ),
    "rating.handled_note": (
        "Hãy ghi việc đã làm với ý kiến này.",
        "Write what was done about this answer.",
    ),
}
