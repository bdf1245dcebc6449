"""The catalogue's messages of results and their hand-over (app/domain/results.py,
app/services/results.py, hub/results.py)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "result.recipient_kind": (
        "Người nhận kết quả «{value}» không hợp lệ: chọn applicant (người nộp hồ sơ), "
        "authorised (người được ủy quyền) hoặc post (bưu chính).",
        "Result recipient '{value}' is not valid: choose applicant, authorised or post.",
    ),
    "result.authorised_name": (
        "Trả kết quả cho người được ủy quyền: cần ghi họ tên người nhận.",
        "Handing the result to an authorised person: their full name is needed.",
    ),
    "result.authorised_id": (
        "Trả kết quả cho người được ủy quyền: cần số định danh cá nhân/CCCD của người nhận "
        "(12 chữ số, hoặc CMND 9 chữ số).",
        "Handing the result to an authorised person: their ID number is needed (12 digits, "
        "or an old 9-digit ID card).",
    ),
    "result.originals_too_many": (
        "Danh sách bản gốc trả lại có tối đa {max} mục; đã ghi {count}.",
        "The list of originals given back holds at most {max} items; {count} were given.",
    ),
    "result.not_resolved": (
        "Hồ sơ {code} đang ở trạng thái «{status}»: chỉ trả kết quả khi hồ sơ đã xử lý xong. "
        "Chưa ghi gì.",
        "Dossier {code} is '{status_en}': a result is handed over only once the dossier is "
        "resolved. Nothing was recorded.",
    ),
    "result.status": (
        "Hồ sơ {code} đang ở trạng thái «{status}», không nhận kết quả giải quyết. Chưa ghi gì.",
        "Dossier {code} is '{status_en}' and cannot take a result. Nothing was recorded.",
    ),
    "result.not_pdf": (
        "Tệp kết quả {name} không phải tệp PDF; kết quả phải là PDF (hoặc ảnh quét, được "
        "chuyển thành PDF/A). Chưa ghi gì.",
        "The result file {name} is not a PDF; a result must be a PDF (or scanned images, made "
        "into PDF/A). Nothing was recorded.",
    ),
    "result.hash_mismatch": (
        "Tệp kết quả của hồ sơ {code} tải từ thành phố không khớp mã băm ({sha}…): tệp bị hỏng "
        "hoặc bị thay đổi trên đường truyền. Chưa lưu; sẽ tải lại ở lần đồng bộ sau.",
        "The result file of dossier {code} fetched from the city does not match its hash "
        "({sha}…): damaged or altered on the way. Not kept; it will be fetched again at the "
        "next sync.",
    ),
    "result.fetch_refused": (
        "Thành phố chưa trả tệp kết quả của hồ sơ {code} ({detail}); sẽ tải lại ở lần đồng bộ sau.",
        "The city did not serve the result file of dossier {code} ({detail}); it will be "
        "fetched again at the next sync.",
    ),
    "result.fetch_not_pdf": (
        "Tệp kết quả của hồ sơ {code} tải từ thành phố không phải PDF đọc được ({detail}); "
        "chưa lưu.",
        "The result file of dossier {code} fetched from the city is not a readable PDF "
        "({detail}); not kept.",
    ),
    "result.none": (
        "Hồ sơ {code} chưa có kết quả điện tử.",
        "Dossier {code} has no electronic result yet.",
    ),
    "result.unknown": (
        "Hồ sơ {code} không có kết quả số {number}.",
        "Dossier {code} has no result number {number}.",
    ),
    "result.file_missing": (
        "Tệp của kết quả {name} chưa có trên máy này (chưa tải xong từ thành phố).",
        "The file of result {name} is not on this computer yet (not fetched from the city).",
    ),
    "result.handed_over": (
        "Kết quả của hồ sơ {code} đã được trả lúc {at}.",
        "The result of dossier {code} was already handed over at {at}.",
    ),
    "result.hub_status": (
        "Hồ sơ {code} đang ở trạng thái «{status}» trên máy chủ thành phố: chỉ gắn kết quả cho "
        "hồ sơ đang giải quyết hoặc đã xử lý xong.",
        "Dossier {code} is '{status_en}' on the city hub: a result is attached only to a "
        "dossier in processing or resolved.",
    ),
    "result.hub_file": (
        "Không đọc được tệp kết quả {path}: {detail}.",
        "Cannot read the result file {path}: {detail}.",
    ),
}
