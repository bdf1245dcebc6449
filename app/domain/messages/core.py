"""The catalogue's messages used across the app: input, dates, codes, the database,
printing, log-in."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "cccd.empty": ("Chưa có dữ liệu mã QR căn cước.", "The ID-card QR payload is empty."),
    "cccd.shape": (
        "Mã QR không phải căn cước công dân: {detail}",
        "This QR code is not a citizen ID card: {detail_en}",
    ),
    "cccd.lost_diacritics": (
        "Máy quét đã làm mất chữ có dấu tiếng Việt ({sample}): dữ liệu thẻ không được điền. "
        "Hãy đặt máy quét ở chế độ bàn phím Unicode/UTF-8 (ví dụ quét mã cấu hình «USB HID "
        "Unicode» hoặc «Alt+Keypad/UTF-8» trong sách hướng dẫn của máy), tắt bộ gõ tiếng Việt "
        "(Unikey, EVKey) khi quét, rồi quét lại; hoặc nhập tay theo thẻ.",
        "The scanner dropped the Vietnamese letters ({sample}): the card was not filled in. "
        "Set the scanner to Unicode/UTF-8 keyboard mode (scan the 'USB HID Unicode' or "
        "'Alt+Keypad/UTF-8' setup code of its manual), turn off the Vietnamese input method "
        "(Unikey, EVKey) while scanning, and scan again; or type the card in by hand.",
    ),
    "date.invalid": ("Ngày không hợp lệ: {value}", "Invalid date: {value}"),
    "text.not_utf8": (
        "{field}: có ký tự không đọc được (văn bản không phải UTF-8). Hãy gõ lại.",
        "{field_en}: contains bytes that are not valid UTF-8 text. Please type it again.",
    ),
    "text.control": (
        "{field}: có ký tự điều khiển không in được (mã {codepoint}).",
        "{field_en}: contains a control character that cannot be printed ({codepoint}).",
    ),
    "text.too_long": (
        "{field} quá dài: {length} ký tự, tối đa {limit}.",
        "{field_en} is too long: {length} characters, at most {limit}.",
    ),
    "date.shape": (
        "{what} «{value}» không đúng dạng ngày/tháng/năm (ví dụ 05/03/1990).",
        "{what_en} '{value}' is not a day/month/year date (e.g. 05/03/1990).",
    ),
    "date.impossible": (
        "{what} «{value}» không có thật trên lịch (ví dụ 31/02).",
        "{what_en} '{value}' does not exist on the calendar (e.g. 31/02).",
    ),
    "date.future": (
        "{what} «{value}» ở tương lai.",
        "{what_en} '{value}' is in the future.",
    ),
    "date.out_of_range": (
        "Ngày {value} nằm ngoài khoảng {first}-{last} mà mã hồ sơ ghi được.",
        "The date {value} is outside {first}-{last}, the years a dossier code can carry.",
    ),
    "datetime.invalid": (
        "Thời điểm không hợp lệ: {value} (dạng đúng: 2025-07-15T14:05)",
        "Invalid date-time: {value} (expected e.g. 2025-07-15T14:05)",
    ),
    "procedure.unknown": (
        "Không tìm thấy thủ tục có mã {code}.",
        "No procedure with code {code}.",
    ),
    "dossier.unknown": ("Không tìm thấy hồ sơ {code}.", "No dossier {code}."),
    "status.illegal": (
        "Không thể chuyển hồ sơ từ «{src}» sang «{dst}».",
        "A dossier cannot move from '{src_en}' to '{dst_en}'.",
    ),
    "move.note_required": (
        "Chuyển sang «{status}» cần ghi rõ lý do (được in trên phiếu hoặc lưu vào hồ sơ).",
        "A move to '{status_en}' needs its reason (it is printed on the form or kept on record).",
    ),
    "status.unknown": ("Trạng thái không hợp lệ: {value}", "Unknown status: {value}"),
    "channel.unknown": ("Kênh nộp không hợp lệ: {value}", "Unknown channel: {value}"),
    "applicant.missing": (
        "Thiếu họ tên hoặc số giấy tờ của người nộp.",
        "The applicant's name or ID number is missing.",
    ),
    "applicant.id_number": (
        "Số định danh cá nhân phải có 12 chữ số (hoặc CMND 9 chữ số): {value}",
        "The personal ID number must have 12 digits (or an old ID 9 digits): {value}",
    ),
    "code.exhausted": (
        "Quầy {slot} đã dùng hết số thứ tự hồ sơ trong ngày {day}.",
        "Counter {slot} has used up its dossier numbers for {day}.",
    ),
    "code.agency": (
        "Mã định danh cơ quan không hợp lệ: {value}",
        "Invalid agency electronic code: {value}",
    ),
    "code.slot": (
        "Số quầy phải từ 0 đến 9: {value}",
        "The counter slot must be 0 to 9: {value}",
    ),
    "code.numbering_hold": (
        "Chưa cấp được mã hồ sơ mới: sau khi khôi phục dữ liệu, máy không đọc được số thứ tự mã "
        "đã dùng ({reason}), nên mã mới có thể trùng với mã đã in cho công dân. Hãy đồng bộ với hệ "
        "thống của thành phố (nút «Đồng bộ ngay» hoặc lệnh «sync --once --manual»): số thứ tự sẽ được "
        "lấy từ đó. Nếu không có mạng, cán bộ phụ trách có thể mở khóa bằng lệnh «numbering "
        "--release --skip N» (bỏ qua N số để chắc chắn không trùng).",
        "No new dossier code can be issued yet: after a restore this computer could not read the "
        "code numbers already used ({reason}), so a new code could repeat one already printed for "
        "a citizen. Sync with the city system ('Sync now' or 'sync --once --manual'): the numbering "
        "is taken from there. Without a network, a supervisor can lift this with 'numbering "
        "--release --skip N' (skipping N numbers so that none repeats).",
    ),
    "setup.enrolled": (
        "Quầy này đã đăng ký với hệ thống của thành phố; không thể biến nó thành điểm phục vụ "
        "mẫu (hồ sơ mẫu sẽ bị gửi lên thành phố). Hãy dùng một thư mục dữ liệu khác "
        "(--data-dir).",
        "This counter is enrolled with the city system; it cannot be turned into a demo point "
        "(demo dossiers would be sent to the city). Use another data folder (--data-dir).",
    ),
    "code.no_slot": (
        "Quầy chưa được hệ thống của thành phố cấp số quầy, nên chưa thể cấp mã hồ sơ (hai "
        "quầy trùng số sẽ in trùng mã). Hãy đăng ký quầy (lệnh «enroll --hub ĐỊA-CHỈ --code "
        "MÃ») rồi tiếp nhận lại; dữ liệu đã nhập không bị mất.",
        "The city system has not given this counter its slot yet, so no dossier code can be "
        "issued (two counters with one slot would print the same codes). Enroll the counter "
        "('enroll --hub URL --code CODE') and receive again; nothing entered is lost.",
    ),
    "db.locked": (
        "Cơ sở dữ liệu đang bị chương trình khác khóa. Hãy đóng chương trình đó rồi thử lại.",
        "The database is locked by another program. Close it and try again.",
    ),
    "db.corrupt": (
        "Tệp cơ sở dữ liệu bị hỏng hoặc không phải của MotCua Desk: {path}. "
        "Hãy khôi phục từ bản sao lưu gần nhất{backup_hint}.",
        "The database file is damaged or is not a MotCua Desk file: {path}. "
        "Restore the latest backup{backup_hint_en}.",
    ),
    "db.foreign": (
        "Tệp {path} là một cơ sở dữ liệu SQLite nhưng không phải của MotCua Desk: chương "
        "trình không sửa, không ghi vào tệp này. Hãy chuyển tệp đi hoặc chọn đúng thư mục dữ "
        "liệu (hoặc khôi phục bản sao lưu của điểm phục vụ).",
        "{path} is a SQLite database but not a MotCua Desk one: the program will not change "
        "or write to it. Move it away or choose the right data folder (or restore the service "
        "point's backup).",
    ),
    "db.readonly": (
        "Không ghi được vào thư mục dữ liệu {path} (chỉ đọc).",
        "Cannot write to the data folder {path} (read-only).",
    ),
    "intake.saved_not_printed": (
        "Đã lưu hồ sơ {code} (đừng tiếp nhận lại), nhưng chưa in được {forms}: {reason} "
        "In lại bằng lệnh: print {code} --form receipt --out TỆP.",
        "Dossier {code} WAS saved (do not receive it again), but {forms} could not be "
        "printed: {reason_en} Reprint it with: print {code} --form receipt --out FILE.",
    ),
    "disk.full": (
        "Ổ đĩa đã đầy: chưa lưu được. Dữ liệu đã lưu trước đó vẫn an toàn. "
        "Hãy giải phóng dung lượng rồi thử lại.",
        "The disk is full: nothing new was saved. Earlier data is safe. "
        "Free some space and try again.",
    ),
    "backup.folder_is_file": (
        "Không ghi được bản sao lưu: «{path}» phải là một thư mục nhưng đang là một tệp (hoặc "
        "ngược lại). Hãy đổi tên hay chuyển tệp đó đi rồi thử lại; dữ liệu không bị thay đổi.",
        "Cannot write the backup: '{path}' should be a folder but is a file (or the other way "
        "round). Rename or move it away, then try again; no data was changed.",
    ),
    "db.not_initialised": (
        "Chưa có dữ liệu điểm phục vụ. Hãy chạy «demo» hoặc thiết lập điểm phục vụ trước.",
        "No service point is set up yet. Run 'demo' or set one up first.",
    ),
    "migration.failed": (
        "Nâng cấp cơ sở dữ liệu thất bại; đã khôi phục bản sao lưu {backup}. Chi tiết: {detail}",
        "The database upgrade failed; the backup {backup} was restored. Detail: {detail}",
    ),
    "processing.invalid": (
        "Thời hạn giải quyết không hợp lệ: {value}",
        "Invalid processing time: {value}",
    ),
    "vietqr.invalid": (
        "Thông tin tài khoản VietQR không hợp lệ: {detail}",
        "Invalid VietQR account data: {detail}",
    ),
    "print.form_unknown": ("Không có mẫu in «{form}».", "There is no printed form '{form}'."),
    "print.not_applicable": (
        "Hồ sơ {code} không in được mẫu «{form}» ở trạng thái hiện tại.",
        "Dossier {code} cannot have form '{form}' in its current status.",
    ),
    "auth.required": ("Cần đăng nhập.", "Please log in."),
    "auth.failed": ("Sai tên đăng nhập hoặc mật khẩu.", "Wrong user name or password."),
    "auth.locked": (
        "Tài khoản tạm khóa do nhập sai nhiều lần; thử lại sau {minutes} phút.",
        "The account is locked after repeated failures; try again in {minutes} minutes.",
    ),
    "auth.disabled": ("Tài khoản đã bị vô hiệu hóa.", "This account is disabled."),
    "auth.forbidden": (
        "Vai trò «{role}» không được phép: {action}.",
        "The role '{role}' may not: {action}.",
    ),
    "input.invalid": ("Dữ liệu không hợp lệ: {detail}", "Invalid input: {detail}"),
}
