"""The catalogue's messages of backups, restore, the integrity check, the sync lock and
erasure (app/services/backups.py, restore.py, integrity.py, erasure.py, sync_lock.py)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "backup.no_database": (
        "Không có cơ sở dữ liệu ở {path}. Hãy kiểm tra lại thư mục dữ liệu (--data-dir).",
        "There is no database at {path}. Check the data folder (--data-dir).",
    ),
    "backup.same_file": (
        "Không được ghi bản sao lưu đè lên chính cơ sở dữ liệu đang dùng ({path}). "
        "Hãy chọn một tệp khác.",
        "A backup must not overwrite the live database ({path}). Choose another file.",
    ),
    "backup.candidate_missing": (
        "Không tìm thấy tệp sao lưu {path}.",
        "The backup file {path} does not exist.",
    ),
    "backup.candidate_corrupt": (
        "Tệp sao lưu {path} bị hỏng nên không khôi phục; cơ sở dữ liệu hiện tại không bị thay "
        "đổi. Chi tiết: {detail}.{hint}",
        "The backup {path} is damaged, so it was not restored; the current database is "
        "unchanged. Detail: {detail}.{hint_en}",
    ),
    "backup.candidate_foreign": (
        "Tệp {path} không phải cơ sở dữ liệu của MotCua Desk nên không khôi phục; cơ sở dữ "
        "liệu hiện tại không bị thay đổi.",
        "{path} is not a MotCua Desk database, so it was not restored; the current database "
        "is unchanged.",
    ),
    "backup.candidate_revision": (
        "Tệp {path} có cấu trúc dữ liệu phiên bản «{revision}» mà chương trình này không biết "
        "(có thể do phiên bản MotCua Desk mới hơn tạo ra). Hãy cập nhật chương trình trước "
        "khi khôi phục; cơ sở dữ liệu hiện tại không bị thay đổi.",
        "{path} has schema revision '{revision}', unknown to this program (perhaps made by a "
        "newer MotCua Desk). Update the program before restoring; the current database is "
        "unchanged.",
    ),
    "backup.sync_running": (
        "Đang đồng bộ với hệ thống của thành phố (tiến trình {pid}). Hãy chờ đồng bộ xong rồi "
        "thử lại.",
        "A sync with the city system is running (process {pid}). Wait until it finishes, "
        "then try again.",
    ),
    "backup.restore_running": (
        "Đang khôi phục cơ sở dữ liệu từ bản sao lưu (tiến trình {pid}); tạm thời chưa đồng bộ "
        "hay sao lưu được. Hãy chờ khôi phục xong.",
        "The database is being restored from a backup (process {pid}); sync and backup wait "
        "until the restore is done.",
    ),
    "backup.in_use": (
        "Cơ sở dữ liệu {path} đang được mở bởi MotCua Desk hoặc một chương trình khác. Hãy đóng "
        "chương trình đó rồi khôi phục lại.",
        "The database {path} is open in MotCua Desk or another program. Close it, then "
        "restore again.",
    ),
    "backup.check_failed": (
        "Cơ sở dữ liệu {path} có lỗi: {problems}. {hint}",
        "The database {path} has problems: {problems_en}. {hint_en}",
    ),
    "privacy.unknown": (
        "Không có người nộp nào có số giấy tờ {id_number} trên máy này.",
        "No applicant with ID number {id_number} on this computer.",
    ),
    "privacy.unsent": (
        "Còn {count} thay đổi hồ sơ của người này chưa được hệ thống của thành phố xác nhận "
        "({codes}). Hồ sơ phải được gửi trọn vẹn trước; hãy đồng bộ xong rồi xóa lại.",
        "{count} dossier changes of this person are not yet acknowledged by the city system "
        "({codes}). The dossiers must be delivered first; sync, then erase again.",
    ),
    "privacy.confirm": (
        "Sẽ xóa vĩnh viễn dữ liệu cá nhân của người nộp {id_number} trên {count} hồ sơ ({codes}); "
        "không thể hoàn tác. Chạy lại lệnh với --confirm để thực hiện.",
        "This permanently erases the personal data of applicant {id_number} on {count} "
        "dossiers ({codes}); it cannot be undone. Run the command again with --confirm.",
    ),
}
