"""The catalogue's messages said only by the command line (app/cli/)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "cli.password_mismatch": (
        "Hai lần nhập mật khẩu mới không khớp nhau.",
        "The two new passwords do not match.",
    ),
    "cli.volunteer_outcome": (
        "Hãy cho biết mã hồ sơ trực tuyến (--online-code) hoặc --failed kèm --reason.",
        "Give the online dossier code (--online-code) or --failed with --reason.",
    ),
}
