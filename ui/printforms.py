"""Which printed forms a dossier can have now, and what the counter calls them."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.domain.printable import FORM_AFTER_MOVE, FORM_KEYS, applicable_forms

__all__ = ["FORM_AFTER_MOVE", "FORM_KEYS", "applicable_forms", "form_label"]


def form_label(key: str) -> str:
    labels = {
        "receipt": QCoreApplication.translate(
            "printforms", "Giấy tiếp nhận và hẹn trả kết quả (Mẫu 01)"
        ),
        "receipt_a4": QCoreApplication.translate(
            "printforms", "Giấy tiếp nhận và hẹn trả kết quả, khổ A4 (Mẫu 01)"
        ),
        "thermal": QCoreApplication.translate("printforms", "Biên nhận khổ 80 mm"),
        "cover": QCoreApplication.translate(
            "printforms", "Phiếu kiểm soát quá trình giải quyết (Mẫu 06)"
        ),
        "supplement": QCoreApplication.translate(
            "printforms", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02)"
        ),
        "refusal": QCoreApplication.translate("printforms", "Phiếu từ chối tiếp nhận (Mẫu 03)"),
        "apology": QCoreApplication.translate(
            "printforms", "Văn bản xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04)"
        ),
        "stop": QCoreApplication.translate(
            "printforms", "Thông báo dừng giải quyết hồ sơ (Mẫu 05)"
        ),
    }
    return labels.get(key, key)
