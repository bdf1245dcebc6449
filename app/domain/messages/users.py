"""The catalogue's messages of users, log-in and passwords (app/services/users.py)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "user.name_invalid": (
        "Tên đăng nhập không hợp lệ: «{value}» (2-60 ký tự: chữ thường không dấu, số, . _ -).",
        "Invalid user name: '{value}' (2-60 characters: lower-case letters, digits, . _ -).",
    ),
    "user.full_name_missing": ("Chưa nhập họ tên.", "The full name is missing."),
    "user.password_short": (
        "Mật khẩu phải có ít nhất {min} ký tự.",
        "The password must have at least {min} characters.",
    ),
    "user.password_same": (
        "Mật khẩu mới phải khác mật khẩu cũ.",
        "The new password must differ from the old one.",
    ),
    "user.exists": ("Tên đăng nhập «{username}» đã có.", "The user name '{username}' is taken."),
    "user.unknown": ("Không có người dùng «{username}».", "There is no user '{username}'."),
    "user.role_system": (
        "Không thể giao vai trò «Hệ thống» cho một người dùng.",
        "The 'system' role cannot be given to a person.",
    ),
    "user.last_supervisor": (
        "«{username}» là lãnh đạo / quản trị cuối cùng còn hoạt động; hãy giao vai trò này cho "
        "người khác trước.",
        "'{username}' is the last active supervisor; give that role to someone else first.",
    ),
    "auth.no_account": (
        "Thao tác này cần đăng nhập bằng tài khoản cá nhân.",
        "This needs a log-in with a personal account.",
    ),
    "auth.wrong_password": ("Mật khẩu hiện tại không đúng.", "The current password is wrong."),
}
