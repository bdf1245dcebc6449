"""Administration sub-commands: migrate, backup, restore, check, and the erasure of an
applicant's personal data.

Apart from migrate, none of them opens the database the usual way first: ``backup`` and
``check`` only read the file (they work while the app runs, and on a damaged file),
``restore`` must replace it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli.common import emit, jsonable
from app.domain.errors import DeskError


def _data_dir(args: argparse.Namespace) -> Path:
    from app.services.paths import default_data_dir

    return Path(args.data_dir) if args.data_dir else default_data_dir()


def cmd_backup(args: argparse.Namespace) -> int:
    from app.services.backups import backup_database

    path = backup_database(_data_dir(args), args.out)  # str: keeps a trailing slash
    emit(args, {"file": str(path)}, f"Đã sao lưu cơ sở dữ liệu ra tệp {path}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from app.services.restore import restore_database

    res = restore_database(_data_dir(args), Path(args.file))
    lines = [
        f"Đã khôi phục cơ sở dữ liệu từ {res.restored_from} "
        f"(phiên bản {res.revision_restored} → {res.revision_now})."
    ]
    if res.replaced is not None:
        lines.append(f"Tệp cũ được giữ lại ở {res.replaced}")
    if res.lost_dossiers:
        lines.append(
            f"Chú ý: {len(res.lost_dossiers)} hồ sơ có trong tệp cũ nhưng không có trong "
            f"bản sao lưu (còn trong tệp cũ): {', '.join(res.lost_dossiers[:20])}"
        )
    lines.append(
        "Đồng bộ tự động tạm dừng: hãy kiểm tra dữ liệu rồi bấm đồng bộ "
        "(Automatic sync is on hold until the next manual sync)."
    )
    if res.numbering_hold:
        from app.domain.errors import DeskError

        lines.append(DeskError("code.numbering_hold", reason=res.numbering_hold).both())
    emit(args, res, "\n".join(lines))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from app.services.integrity import check_database

    res = check_database(_data_dir(args))
    good = res.latest_good_backup
    lines = [
        f"Cơ sở dữ liệu: {res.path}",
        f"Toàn vẹn (integrity_check, foreign_key_check): {'tốt' if res.ok else 'CÓ LỖI'}",
        f"Phiên bản cấu trúc: {res.revision or '—'} (mới nhất: {res.head})",
        f"Hàng đợi gửi thành phố: {res.waiting} chờ gửi, {res.acked} đã nhận, "
        f"{res.rejected} bị từ chối, {res.dead} lỗi nhiều lần",
        f"Bản sao lưu tốt gần nhất: {good if good else 'không có'}",
        f"Tệp tạm dở dang do sự cố để lại, đã dọn: {res.swept_partials}",
    ]
    lines += [f"Lỗi: {p}" for p in res.problems]
    lines += [f"Chú ý: {w}" for w in res.warnings]
    obj: dict[str, Any] = jsonable(res)
    obj["ok"] = res.ok
    emit(args, obj, "\n".join(lines))
    if not res.ok:
        sys.stdout.flush()
        raise res.failure()
    return 0


def cmd_erase_applicant(args: argparse.Namespace) -> int:
    from app.services.context import open_desk
    from app.services.erasure import erase_applicant

    ctx = open_desk(args.data_dir)
    try:
        res = erase_applicant(ctx, id_number=args.id_number, confirm=args.confirm)
    finally:
        ctx.db.dispose()
    if not res.done:
        raise DeskError(
            "privacy.confirm",
            id_number=res.id_number,
            count=len(res.dossier_codes),
            codes=", ".join(res.dossier_codes[:10]) or "—",
        )
    emit(
        args,
        res,
        f"Đã xóa dữ liệu cá nhân của người nộp {res.id_number} trên "
        f"{len(res.dossier_codes)} hồ sơ (bí danh: {res.pseudonym}); đã xóa "
        f"{len(res.files_deleted)} tệp PDF đã in. Các bản sao lưu cũ vẫn còn dữ liệu này đến "
        f"khi được xoay vòng.",
    )
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    from app.services.context import open_desk
    from app.store.migrate import current_revision

    ctx = open_desk(args.data_dir)
    rev = current_revision(ctx.db)
    emit(args, {"revision": rev}, f"Cơ sở dữ liệu đã ở phiên bản mới nhất ({rev}).")
    return 0


def register_migrate(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add migrate (listed before the sync commands)."""
    p = sub.add_parser("migrate", parents=[common], help="nâng cấp cơ sở dữ liệu")
    p.set_defaults(func=cmd_migrate)


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add backup, restore, check and erase-applicant."""
    p = sub.add_parser("backup", parents=[common], help="sao lưu an toàn cơ sở dữ liệu")
    p.add_argument("--out", required=True, help="tệp (hoặc thư mục) đích")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", parents=[common], help="khôi phục từ một bản sao lưu")
    p.add_argument("file", help="tệp sao lưu (.sqlite3)")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("check", parents=[common], help="kiểm tra cơ sở dữ liệu")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser(
        "erase-applicant",
        parents=[common],
        help="xóa dữ liệu cá nhân của một người nộp (khi pháp luật cho phép)",
    )
    p.add_argument("id_number", metavar="ID-NUMBER", help="số định danh của người nộp")
    p.add_argument("--confirm", action="store_true", help="thực hiện (không hoàn tác được)")
    p.set_defaults(func=cmd_erase_applicant)
