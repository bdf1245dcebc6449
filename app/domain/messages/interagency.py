"""The catalogue's messages of receiving for another body (app/domain/interagency.py,
app/services/interagency.py)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "interagency.unknown_agency": (
        "Cơ quan có thẩm quyền «{code}» không có trong danh mục cơ quan của quầy. Hãy đồng bộ "
        "để cập nhật danh mục, hoặc chọn một cơ quan trong danh mục.",
        "The competent body '{code}' is not in this counter's agency catalog. Sync to refresh "
        "the catalog, or pick a body from it.",
    ),
    "interagency.online": (
        "Hồ sơ nộp trực tuyến được gửi thẳng tới cơ quan có thẩm quyền; không tiếp nhận hộ "
        "cơ quan khác qua kênh trực tuyến.",
        "An online dossier goes straight to the competent body; it cannot be received for "
        "another body on the online channel.",
    ),
    "interagency.return_place": (
        "Nơi trả kết quả «{value}» không hợp lệ: chọn «receiving» (nơi tiếp nhận) hoặc "
        "«competent» (cơ quan có thẩm quyền).",
        "Result return place '{value}' is not valid: choose 'receiving' or 'competent'.",
    ),
    "interagency.return_without_for": (
        "Chỉ chọn nơi trả kết quả (--return-at) khi tiếp nhận hộ cơ quan khác (--for).",
        "Choose the result return place (--return-at) only when receiving for another body "
        "(--for).",
    ),
    "interagency.not_incoming": (
        "Hồ sơ {code} không phải hồ sơ nơi khác tiếp nhận hộ cơ quan này.",
        "Dossier {code} was not received elsewhere for this body.",
    ),
    "interagency.already_taken": (
        "Hồ sơ {code} đã được tiếp nhận tại cơ quan này ({state}).",
        "Dossier {code} was already taken by this body ({state_en}).",
    ),
    "interagency.not_taken": (
        "Hồ sơ này do nơi khác tiếp nhận hộ và chưa được tiếp nhận tại cơ quan này: hãy "
        "«Tiếp nhận hồ sơ từ nơi khác» trước khi xử lý.",
        "This dossier was received elsewhere and not yet taken by this body: take it first.",
    ),
    "interagency.not_competent": (
        "Hồ sơ này được tiếp nhận hộ cơ quan có thẩm quyền ({state}); quầy này không xử lý "
        "hồ sơ, chỉ trả kết quả khi kết quả đã được gửi về.",
        "This dossier was received for the competent body ({state_en}); this counter does "
        "not process it, it only hands over the result once it has come back.",
    ),
    "interagency.sent_back": (
        "Kết quả hồ sơ đã được gửi về nơi tiếp nhận ({state}); nơi tiếp nhận trả kết quả "
        "cho công dân.",
        "The result was sent back to the receiving point ({state_en}); it hands the result "
        "to the citizen.",
    ),
    "interagency.return_at_receiving": (
        "Công dân chọn nhận kết quả tại nơi tiếp nhận: hãy «Gửi trả kết quả về nơi tiếp "
        "nhận» thay vì trả kết quả tại đây.",
        "The citizen collects the result at the receiving point: send the result back "
        "instead of handing it over here.",
    ),
    "interagency.not_resolved": (
        "Hồ sơ {code} chưa có kết quả (trạng thái «{status}»); chỉ gửi trả kết quả về nơi "
        "tiếp nhận khi đã có kết quả.",
        "Dossier {code} has no result yet ('{status_en}'); send the result back only once "
        "it is ready.",
    ),
    "interagency.not_sendable": (
        "Hồ sơ {code} không gửi trả kết quả về nơi tiếp nhận được ({state}).",
        "The result of dossier {code} cannot be sent back ({state_en}).",
    ),
    "sync.problem.incoming_clash": (
        "Hồ sơ {code} do {agency} tiếp nhận hộ cơ quan này trùng mã với một hồ sơ khác "
        "quầy đang giữ; hồ sơ của quầy được giữ nguyên, hồ sơ chuyển đến không được ghi đè.",
        "Dossier {code}, received by {agency} for this body, has the code of another dossier "
        "this counter holds; the counter's dossier was kept, the incoming one not written "
        "over it.",
    ),
    "sync.advice.incoming_clash": (
        "Hãy báo quản trị hệ thống và nơi tiếp nhận {agency} để đối chiếu hai hồ sơ.",
        "Tell the system administrator and the receiving point {agency} to compare the two "
        "dossiers.",
    ),
}
