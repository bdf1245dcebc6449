"""The catalogue's messages of the procedure catalog (app/services/catalog.py)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "catalog.invalid": ("Thủ tục không hợp lệ: {detail}.", "Invalid procedure: {detail_en}."),
    "catalog.exists": (
        "Đã có thủ tục mã {code}; hãy sửa thủ tục đó thay vì thêm mới.",
        "Procedure {code} already exists; edit it instead of adding it again.",
    ),
}
