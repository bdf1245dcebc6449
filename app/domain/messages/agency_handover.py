"""The catalogue's messages of hand-over lists between bodies (kind "agency":
app/services/agency_handover.py) and of taking an incoming dossier."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "agency_handover.unknown_body": (
        "Không có cơ quan {code} trong danh mục cơ quan của quầy này; hãy đồng bộ danh mục "
        "rồi thử lại.",
        "There is no body {code} in this counter's catalog of agencies; sync the catalog and "
        "try again.",
    ),
    "agency_handover.no_courier": (
        "Hãy ghi họ tên người chuyển hồ sơ giấy (tối đa 200 ký tự).",
        "Give the name of the person who carries the papers (at most 200 characters).",
    ),
    "agency_handover.nothing": (
        "Không có hồ sơ nào tiếp nhận hộ {body} đang chờ chuyển hồ sơ giấy.",
        "No dossier received for {body} is waiting for its papers to be carried there.",
    ),
    "agency_handover.not_for_body": (
        "Hồ sơ {code} không phải hồ sơ quầy này tiếp nhận hộ {body}; không đưa vào danh sách.",
        "Dossier {code} is not one this counter received for {body}; it cannot go on the list.",
    ),
    "agency_handover.not_sendable": (
        "Hồ sơ {code} đang ở tình trạng «{state}», hồ sơ giấy không còn chuyển được.",
        "Dossier {code} is '{state_en}'; its papers can no longer be handed over.",
    ),
    "agency_handover.post_not_here": (
        "Hồ sơ {code} nộp qua bưu chính chưa về tới quầy này (danh sách bàn giao của bưu điện "
        "chưa được tiếp nhận); chưa chuyển hồ sơ giấy được.",
        "Post dossier {code} has not reached this counter yet (the post's hand-over list has "
        "not been received); its papers cannot travel on yet.",
    ),
    "agency_handover.other_body": (
        "Danh sách bàn giao {batch_id} gửi cơ quan {to_agency}, không phải cơ quan {agency} "
        "của quầy này; chưa ghi nhận gì.",
        "Hand-over list {batch_id} goes to body {to_agency}, not this counter's agency "
        "{agency}; nothing was recorded.",
    ),
    "agency_handover.not_from": (
        "Hồ sơ {code} trong danh sách {batch_id} không phải hồ sơ {from_agency} tiếp nhận "
        "hộ cơ quan này; chưa ghi nhận gì.",
        "Dossier {code} of list {batch_id} is not one {from_agency} received for this body; "
        "nothing was recorded.",
    ),
    "agency_handover.post_scan": (
        "Mã QR này là danh sách bàn giao giữa các cơ quan; hãy quét ở màn hình tiếp nhận "
        "danh sách bàn giao giữa các cơ quan.",
        "This QR code is a hand-over list between bodies; scan it on the screen for lists "
        "between bodies.",
    ),
}
