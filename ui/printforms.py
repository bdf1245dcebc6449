"""Which printed forms a dossier can have now, and what the counter calls them."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.domain.corrections import is_voided
from app.domain.dossier import DossierRecord, Status
from app.domain.handover import receipt_allowed

#: Every form key the printing service knows, in the order the clerk sees them.
FORM_KEYS = ("receipt", "receipt_a4", "thermal", "cover", "supplement", "refusal", "apology",
             "stop")
#: The status a form needs in the history (as the printing service checks).
_NEEDS = {"supplement": Status.SUPPLEMENT, "refusal": Status.REFUSED, "stop": Status.STOPPED}
#: The form printed right after a move into a status.
FORM_AFTER_MOVE = {Status.SUPPLEMENT: "supplement", Status.REFUSED: "refusal",
                   Status.STOPPED: "stop"}


def form_label(key: str) -> str:
    labels = {
        "receipt": QCoreApplication.translate("printforms", "Giấy tiếp nhận và hẹn trả kết quả (Mẫu 01)"),
        "receipt_a4": QCoreApplication.translate("printforms", "Giấy tiếp nhận và hẹn trả kết quả, khổ A4 (Mẫu 01)"),
        "thermal": QCoreApplication.translate("printforms", "Biên nhận khổ 80 mm"),
        "cover": QCoreApplication.translate("printforms", "Phiếu kiểm soát quá trình giải quyết (Mẫu 06)"),
        "supplement": QCoreApplication.translate("printforms", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02)"),
        "refusal": QCoreApplication.translate("printforms", "Phiếu từ chối tiếp nhận (Mẫu 03)"),
        "apology": QCoreApplication.translate("printforms", "Văn bản xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04)"),
        "stop": QCoreApplication.translate("printforms", "Thông báo dừng giải quyết hồ sơ (Mẫu 05)"),
    }
    return labels.get(key, key)


def applicable_forms(record: DossierRecord) -> list[str]:
    """The forms the printing service accepts for ``record`` in its current state."""
    seen = {h.to_status for h in record.history}
    forms = []
    for key in FORM_KEYS:
        needed = _NEEDS.get(key)
        if needed is not None and needed not in seen:
            continue
        if key == "apology" and record.extended_appointment_at is None:
            continue
        if not receipt_allowed(record, key) or (key == "stop" and is_voided(record)):
            continue
        forms.append(key)
    return forms
