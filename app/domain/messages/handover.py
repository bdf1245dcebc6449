"""The catalogue's messages of post hand-over lists and post dossiers
(app/domain/handover.py, app/services/post.py)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "handover.empty": (
        "Chưa chọn hồ sơ nào để bàn giao.",
        "No dossier was chosen for the hand-over list.",
    ),
    "handover.too_many": (
        "Một danh sách bàn giao có tối đa {max} hồ sơ (một trang); đã chọn {count}. "
        "Hãy chia thành nhiều danh sách.",
        "A hand-over list holds at most {max} dossiers (one page); {count} were chosen. "
        "Split them into several lists.",
    ),
    "handover.duplicate_code": (
        "Hồ sơ {code} được chọn hai lần.",
        "Dossier {code} was chosen twice.",
    ),
    "handover.not_post": (
        "Hồ sơ {code} không nộp qua bưu chính công ích nên không đưa vào danh sách bàn giao.",
        "Dossier {code} did not come through the public post, so it cannot be handed over.",
    ),
    "handover.not_open": (
        "Hồ sơ {code} đang ở trạng thái «{status}», không bàn giao được.",
        "Dossier {code} is '{status_en}' and cannot be handed over.",
    ),
    "handover.already_batched": (
        "Hồ sơ {code} đã nằm trong danh sách bàn giao {batch_id}.",
        "Dossier {code} is already in hand-over list {batch_id}.",
    ),
    "handover.exhausted": (
        "Quầy {slot} đã dùng hết số danh sách bàn giao trong ngày {day}.",
        "Counter {slot} has used up its hand-over list numbers for {day}.",
    ),
    "handover.unknown": (
        "Không tìm thấy danh sách bàn giao {batch_id}.",
        "No hand-over list {batch_id}.",
    ),
    "handover.payload_invalid": (
        "Mã QR không phải danh sách bàn giao hồ sơ của MotCua Desk ({detail}); chưa ghi nhận gì.",
        "This QR code is not a MotCua Desk hand-over list ({detail_en}); nothing was recorded.",
    ),
    "handover.version": (
        "Danh sách bàn giao dùng định dạng phiên bản {version}, phiên bản này của chương trình "
        "chưa đọc được; hãy cập nhật chương trình. Chưa ghi nhận gì.",
        "The hand-over list uses format version {version}, which this version of the program "
        "cannot read; update the program. Nothing was recorded.",
    ),
    "handover.checksum": (
        "Mã QR của danh sách bàn giao bị hỏng hoặc đã bị sửa (mã kiểm tra không khớp); hãy "
        "quét lại từ bản in gốc. Chưa ghi nhận gì.",
        "The hand-over QR code is damaged or was altered (checksum mismatch); scan it again "
        "from the original printout. Nothing was recorded.",
    ),
    "handover.other_agency": (
        "Danh sách bàn giao {batch_id} dành cho cơ quan {batch_agency}, không phải cơ quan "
        "{agency} của quầy này; chưa ghi nhận gì.",
        "Hand-over list {batch_id} is for agency {batch_agency}, not this counter's agency "
        "{agency}; nothing was recorded.",
    ),
    "handover.already_received": (
        "Danh sách bàn giao {batch_id} đã được tiếp nhận lúc {at} (người nhận: {by}); "
        "không ghi nhận lại.",
        "Hand-over list {batch_id} was already received at {at} (by {by}); nothing was "
        "recorded again.",
    ),
    "handover.mismatch": (
        "Danh sách hồ sơ trong mã QR khác với danh sách bàn giao {batch_id} đã lập; "
        "chưa ghi nhận gì.",
        "The dossiers in the QR code differ from hand-over list {batch_id} as it was made; "
        "nothing was recorded.",
    ),
    "handover.missing_dossiers": (
        "Quầy này chưa có hồ sơ {codes} của danh sách bàn giao {batch_id}; hãy đồng bộ dữ liệu "
        "rồi quét lại. Chưa ghi nhận gì.",
        "This counter does not have dossiers {codes} of hand-over list {batch_id} yet; sync "
        "and scan again. Nothing was recorded.",
    ),
    "post.receipt_at_commune": (
        "Hồ sơ {code} nộp qua bưu chính: giấy tiếp nhận và hẹn trả kết quả do UBND xã in khi "
        "tiếp nhận danh sách bàn giao (thời hạn giải quyết tính từ lúc đó). Tại bưu điện, người "
        "dân giữ biên nhận bưu gửi số {post_no}.",
        "Dossier {code} came through the post: its receipt and appointment slip is printed by "
        "the commune when it receives the hand-over list (the legal time limit starts then). At "
        "the post office the citizen keeps the post receipt {post_no}.",
    ),
}
