"""The catalogue's messages of roles (app/domain/roles.py)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "role.unknown": (
        "Vai trò không hợp lệ: {value} (chọn một trong: {choices}).",
        "Unknown role: {value} (one of: {choices}).",
    ),
}
