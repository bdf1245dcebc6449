"""The catalogue's messages of sync with the city system (app/sync, app/services/sync*.py,
app/services/enrolment.py, the hub)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "sync.on_hold": (
        "Đồng bộ tự động đang tạm dừng sau khi khôi phục dữ liệu: hãy bấm «Đồng bộ ngay» khi đã "
        "kiểm tra lại.",
        "Automatic sync is paused after a restore: press 'Sync now' once you have checked.",
    ),
    "sync.demo_data": (
        "Thư mục dữ liệu này là điểm phục vụ mẫu (demo) và đã có hồ sơ mẫu; hồ sơ mẫu không "
        "bao giờ được gửi lên hệ thống của thành phố. Hãy đăng ký một thư mục dữ liệu mới "
        "(lệnh «demo --dossiers 0 --data-dir THƯ-MỤC-MỚI» rồi «enroll»).",
        "This data folder is a demo service point and already holds demo dossiers, which are "
        "never sent to the city system. Enroll a new data folder instead ('demo --dossiers 0 "
        "--data-dir NEW-FOLDER', then 'enroll').",
    ),
    "sync.no_slot": (
        "Hệ thống của thành phố không cấp số quầy khi đăng ký (máy chủ phiên bản cũ?); chưa "
        "lưu gì.",
        "The city system assigned no counter slot at enrollment (an older hub?); nothing was "
        "stored.",
    ),
    "sync.not_enrolled": (
        "Quầy chưa đăng ký với hệ thống của thành phố. Hãy đăng ký bằng mã do thành phố cấp "
        "(lệnh «enroll --hub ĐỊA-CHỈ --code MÃ»).",
        "This counter is not enrolled with the city system. Enroll it with the code the city "
        "gave you ('enroll --hub URL --code CODE').",
    ),
    "sync.plaintext_keyring": (
        "Kho khóa đang dùng ({backend}) lưu bí mật thành tệp văn bản thường, không phải kho "
        "khóa của hệ điều hành: mã thiết bị không được lưu. Hãy bật kho khóa của hệ điều hành, "
        "hoặc nếu chủ ý dùng kho này, đặt biến môi trường PYTHON_KEYRING_BACKEND={backend}.",
        "The keyring in use ({backend}) keeps secrets in a clear-text file, not an operating-"
        "system keyring: the device token was not stored. Enable the system keyring or, to "
        "use this one on purpose, set PYTHON_KEYRING_BACKEND={backend}.",
    ),
    "sync.no_keyring": (
        "Máy này không có kho mật khẩu của hệ điều hành dùng được, nên không thể cất mã thiết "
        "bị an toàn; chưa lưu gì. Hãy bật kho mật khẩu (Windows Credential Manager, macOS "
        "Keychain, GNOME Keyring hoặc KWallet) rồi đăng ký lại. Chi tiết: {detail}",
        "No usable operating-system keyring on this machine, so the device token cannot be "
        "stored safely; nothing was stored. Enable a keyring (Windows Credential Manager, macOS "
        "Keychain, GNOME Keyring or KWallet) and enroll again. Detail: {detail}",
    ),
    "sync.token_missing": (
        "Không tìm thấy mã thiết bị của quầy trong kho mật khẩu của máy; cần đăng ký lại quầy.",
        "The counter's device token is not in this machine's keyring; enroll the counter again.",
    ),
    "sync.busy": (
        "Một tiến trình khác ({pid}) đang đồng bộ dữ liệu của quầy; lượt này bỏ qua. Còn "
        "{waiting} hồ sơ chờ gửi: chúng được gửi trong lượt đang chạy hoặc lượt sau.",
        "Another process ({pid}) is syncing this counter's data; this round was skipped. "
        "{waiting} dossiers are waiting: they go in the running round or the next.",
    ),
    "sync.offline": (
        "Không kết nối được hệ thống của thành phố ({detail}). Hồ sơ vẫn được lưu trên máy và "
        "sẽ tự động gửi khi có mạng.",
        "Cannot reach the city system ({detail}). Dossiers stay saved on this computer and are "
        "sent automatically when the network is back.",
    ),
    "sync.server_error": (
        "Hệ thống của thành phố trả lời bất thường ({detail}); sẽ tự động thử lại.",
        "The city system answered abnormally ({detail}); it will be retried automatically.",
    ),
    "sync.reenroll": (
        "Hệ thống của thành phố không còn chấp nhận mã thiết bị của quầy. Cần đăng ký lại quầy "
        "bằng mã mới do thành phố cấp.",
        "The city system no longer accepts this counter's device token. Enroll the counter "
        "again with a new code from the city.",
    ),
    "sync.enroll_refused": (
        "Hệ thống của thành phố từ chối đăng ký: {detail}",
        "The city system refused the enrollment: {detail_en}",
    ),
    "sync.enroll.bad_code": (
        "mã đăng ký không đúng, đã hết hạn hoặc đã được dùng. Hãy kiểm tra lại mã, hoặc xin "
        "thành phố một mã mới; chưa lưu gì.",
        "the enrollment code is wrong, expired or already used. Check it, or ask the city for "
        "a new one; nothing was stored.",
    ),
    "sync.enroll.other_agency": (
        "mã đăng ký này được cấp cho một cơ quan khác, không phải cơ quan của "
        "quầy này. Hãy xin mã đúng cho cơ quan của quầy; mã vẫn dùng được ở nơi được cấp.",
        "this enrollment code was issued for another agency, not this counter's. Ask for a "
        "code of this counter's agency; the code still works where it belongs.",
    ),
    "sync.enroll.throttled": (
        "máy này đã thử mã sai quá nhiều lần; hãy đợi khoảng một phút rồi thử lại với mã đúng.",
        "too many wrong codes from this computer; wait a minute, then try again with the "
        "right code.",
    ),
    "sync.agency_mismatch": (
        "Mã đăng ký dành cho cơ quan {hub_agency}, không phải cơ quan {local_agency} của quầy này.",
        "The enrollment code is for agency {hub_agency}, not this counter's agency {local_agency}.",
    ),
    "sync.url_invalid": (
        "Địa chỉ hệ thống của thành phố không hợp lệ: {url}",
        "Invalid city system address: {url}",
    ),
    "sync.insecure_url": (
        "Địa chỉ hệ thống của thành phố phải bắt đầu bằng https:// (http:// chỉ dùng cho thử "
        "nghiệm trên chính máy này): {url}",
        "The city system address must start with https:// (http:// is only for tests on this "
        "very computer): {url}",
    ),
    "sync.ca_bundle": (
        "Không đọc được tệp chứng chỉ gốc (CA) {path}.",
        "Cannot read the CA certificate file {path}.",
    ),
    "sync.clock_skew": (
        "Đồng hồ máy tính lệch {minutes} phút so với hệ thống của thành phố; hãy chỉnh lại giờ "
        "máy (ngày hẹn trả được tính theo giờ máy).",
        "This computer's clock is {minutes} minutes off the city system's; set the clock right "
        "(appointment dates are computed from it).",
    ),
    "sync.rejected": (
        "{count} lần gửi hồ sơ bị hệ thống của thành phố từ chối; xem danh sách và lý do.",
        "{count} dossier submissions were refused by the city system; see the list and reasons.",
    ),
    # The list of refused and dead events (CLI ``sync-problems``, the strip's dialog).
    "sync.problem.conflict": (
        "Xung đột: lần gửi này trùng mã sự kiện với một lần gửi trước có nội dung khác, nên hệ "
        "thống của thành phố không nhận (mã lỗi: conflict).",
        "Conflict: this submission reuses the event id of an earlier one with other content, "
        "so the city system did not take it (error code: conflict).",
    ),
    "sync.problem.not_owner": (
        "Mã hồ sơ {code} đã do một quầy khác của cơ quan gửi lên trước; hệ thống của thành "
        "phố không nhận hồ sơ này từ quầy này (mã lỗi: not_owner).",
        "Dossier code {code} was sent first by another counter of the agency; the city system "
        "does not take this dossier from this counter (error code: not_owner).",
    ),
    "sync.problem.code_reused": (
        "Mã hồ sơ {code} đã được dùng cho một hồ sơ khác (tiếp nhận vào thời điểm khác) trên "
        "hệ thống của thành phố; hồ sơ này không được nhận để không ghi đè hồ sơ của công dân "
        "trước (mã lỗi: code_reused).",
        "Dossier code {code} is already used on the city system by another dossier (received "
        "at another time); this one was not taken, so the earlier citizen's dossier is not "
        "overwritten (error code: code_reused).",
    ),
    "sync.problem.invalid": (
        "Hệ thống của thành phố không nhận vì dữ liệu hồ sơ vượt giới hạn hoặc sai quy định: "
        "{detail} (mã lỗi: invalid).",
        "Refused by the city system: the dossier's data is over a limit or breaks a rule: "
        "{detail} (error code: invalid).",
    ),
    "sync.problem.other_agency": (
        "Hồ sơ {code} không thuộc cơ quan mà quầy này đăng ký với hệ thống của thành phố "
        "(mã lỗi: other_agency).",
        "Dossier {code} is not of the agency this counter is enrolled for with the city "
        "system (error code: other_agency).",
    ),
    "sync.problem.dead": (
        "Gửi không thành công sau {attempts} lần thử ({reason})",
        "Not delivered after {attempts} attempts ({reason})",
    ),
    "sync.problem.rejected": (
        "Hệ thống của thành phố từ chối: {reason}",
        "Refused by the city system: {reason}",
    ),
    "sync.advice.conflict": (
        "Kiểm tra hồ sơ trên máy này (có thể đã khôi phục từ bản sao lưu hoặc chép sang máy "
        "khác); nếu đúng thì gửi lại (nút «Gửi lại» hoặc lệnh «sync-problems --resend»): hồ sơ "
        "được gửi với mã sự kiện mới.",
        "Check the dossier on this computer (it may have been restored from a backup or copied "
        "to another machine); if it is right, resend it ('Resend' button or 'sync-problems "
        "--resend'): it goes with a new event id.",
    ),
    "sync.advice.not_owner": (
        "Có thể hai quầy đang dùng trùng số quầy (ví dụ sau khi chép hoặc khôi phục dữ liệu "
        "sang máy khác): đừng gửi lại; báo quản trị hệ thống kèm mã hồ sơ để kiểm tra số quầy "
        "(lệnh «sync --once» in số quầy) và cấp lại mã cho hồ sơ của công dân này.",
        "Two counters may be using the same counter slot (after copying or restoring data to "
        "another machine, say): do not resend; tell the system administrator with the dossier "
        "code so they check the slot ('sync --once' prints it) and give this citizen's dossier "
        "a new code.",
    ),
    "sync.advice.code_reused": (
        "Dữ liệu của quầy này có thể đã được chép sang máy khác hoặc khôi phục lùi số: đừng gửi "
        "lại; báo quản trị hệ thống kèm mã hồ sơ, dùng một thư mục dữ liệu đã đăng ký riêng cho "
        "mỗi máy, và tiếp nhận lại hồ sơ của công dân này để được cấp mã mới.",
        "This counter's data may have been copied to another machine or restored to an older "
        "numbering: do not resend; tell the system administrator with the dossier code, give "
        "each machine its own enrolled data folder, and receive this citizen's dossier again "
        "for a new code.",
    ),
    "sync.advice.invalid": (
        "Sửa thông tin của hồ sơ theo lý do trên (ví dụ rút ngắn trường quá dài), rồi gửi lại "
        "(nút «Gửi lại» hoặc lệnh «sync-problems --resend»); nếu không sửa được, báo bộ phận "
        "kỹ thuật kèm mã hồ sơ.",
        "Correct the dossier as the reason says (shorten the field that is too long, say), "
        "then resend ('Resend' button or 'sync-problems --resend'); if it cannot be corrected, "
        "tell technical support with the dossier code.",
    ),
    "sync.advice.other_agency": (
        "Quầy có thể đã đăng ký nhầm cơ quan: báo quản trị hệ thống; sau khi đăng ký lại đúng "
        "cơ quan, gửi lại (lệnh «sync-problems --resend»).",
        "The counter may be enrolled for the wrong agency: tell the system administrator; "
        "once it is enrolled for the right one, resend ('sync-problems --resend').",
    ),
    "sync.advice.dead": (
        "Báo bộ phận kỹ thuật lý do trên; khi đã khắc phục, gửi lại (nút «Gửi lại» hoặc lệnh "
        "«sync-problems --resend»).",
        "Tell technical support the reason above; once it is fixed, resend ('Resend' button "
        "or 'sync-problems --resend').",
    ),
    "sync.advice.rejected": (
        "Sửa thông tin hồ sơ nếu lý do chỉ ra lỗi, hoặc báo bộ phận kỹ thuật kèm mã hồ sơ; sau "
        "khi khắc phục, gửi lại (nút «Gửi lại» hoặc lệnh «sync-problems --resend»).",
        "Correct the dossier if the reason points to a mistake, or tell technical support with "
        "the dossier code; once fixed, resend ('Resend' button or 'sync-problems --resend').",
    ),
}
