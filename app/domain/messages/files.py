"""Vietnamese-first messages of the digitised documents (files, scanning, import checks)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "files.missing": ("Không tìm thấy tệp {path}.", "File not found: {path}."),
    "files.too_large": (
        "Tệp {name} quá lớn ({size_mb} MB; tối đa {limit_mb} MB). Hãy quét lại với độ phân "
        "giải thấp hơn hoặc chia nhỏ tệp.",
        "The file {name} is too large ({size_mb} MB; at most {limit_mb} MB). Scan it again at a "
        "lower resolution or split it.",
    ),
    "files.empty": ("Tệp {name} rỗng.", "The file {name} is empty."),
    "files.unsupported": (
        "Tệp {name} không phải PDF, JPEG, PNG hoặc TIFF; không đính kèm được.",
        "The file {name} is not a PDF, JPEG, PNG or TIFF; it cannot be attached.",
    ),
    "files.misnamed": (
        "Tệp {name} có đuôi «{ext}» nhưng nội dung là {kind}: tên tệp không đúng với nội dung, "
        "không đính kèm. Hãy kiểm tra lại tệp.",
        "The file {name} is named '{ext}' but holds {kind}: its name does not match its "
        "content; not attached. Check the file.",
    ),
    "files.corrupt": (
        "Tệp {name} bị hỏng hoặc không đọc được ({detail}); không đính kèm.",
        "The file {name} is damaged or unreadable ({detail}); not attached.",
    ),
    "files.bomb": (
        "Ảnh {name} có kích thước bất thường ({pixels} triệu điểm ảnh; tối đa {limit}): có thể "
        "là tệp độc hại, không mở.",
        "The image {name} is abnormally large ({pixels} million pixels; at most {limit}): "
        "possibly hostile, not opened.",
    ),
    "files.encrypted": (
        "Tệp PDF {name} có mật khẩu hoặc bị mã hóa; hãy xin bản không khóa.",
        "The PDF {name} is password-protected or encrypted; ask for an unlocked copy.",
    ),
    "files.javascript": (
        "Tệp PDF {name} có chứa mã JavaScript (có thể độc hại); không đính kèm. Hãy in ra rồi "
        "quét lại.",
        "The PDF {name} contains JavaScript (possibly hostile); not attached. Print it and "
        "scan it instead.",
    ),
    "files.too_many_pages": (
        "Tệp PDF {name} có {pages} trang (tối đa {limit}); không đính kèm.",
        "The PDF {name} has {pages} pages (at most {limit}); not attached.",
    ),
    "files.component": (
        "Hồ sơ {code} không có thành phần số {component} (có {count} thành phần).",
        "Dossier {code} has no component {component} (it has {count}).",
    ),
    "files.no_pages": ("Không có trang nào để lưu.", "There are no pages to save."),
    "files.unknown": ("Không tìm thấy tệp đính kèm {file_id}.", "No attached file {file_id}."),
    "files.damaged": (
        "Tệp đính kèm {sha256} bị thiếu hoặc hỏng trong kho tệp.",
        "The stored file {sha256} is missing or damaged.",
    ),
    "files.disk": (
        "Không ghi được tệp vào kho ({detail}). Các trang đã quét vẫn được giữ ở {kept}.",
        "Could not write the file to the store ({detail}). The pages scanned are kept in {kept}.",
    ),
    "sync.files_waiting": (
        "Còn {count} tệp chưa gửi được lên thành phố ({detail}); sẽ gửi tiếp từ chỗ đã dừng.",
        "{count} files could not be sent to the city yet ({detail}); the next try resumes.",
    ),
    "files.hub": (
        "Không lấy được giấy tờ từ hệ thống thành phố ({detail}); hãy thử lại sau hoặc quét "
        "bản mới.",
        "Could not get the documents from the city system ({detail}); try again later or "
        "scan a new copy.",
    ),
    "scan.unavailable": (
        "Không dùng được máy quét: {detail}. Hãy kiểm tra máy quét đã bật và cắm cáp, hoặc dùng "
        "«Nhập tệp».",
        "The scanner cannot be used: {detail}. Check it is on and plugged in, or import a file.",
    ),
    "scan.failed": (
        "Máy quét dừng giữa chừng: {detail}. {kept} trang đã quét được giữ lại.",
        "The scanner stopped mid-scan: {detail}. {kept} pages scanned were kept.",
    ),
    "scan.cancelled": (
        "Đã hủy quét; {kept} trang đã quét được giữ lại.",
        "Scan cancelled; {kept} pages scanned were kept.",
    ),
    "files.convert": (
        "Không chuyển được tệp PDF {name} sang định dạng lưu trữ PDF/A ({detail}); không đính "
        "kèm, tệp gốc vẫn còn nguyên. Hãy in ra và quét lại, hoặc xin bản PDF khác.",
        "The PDF {name} could not be converted to archive PDF/A ({detail}); not attached, the "
        "original is untouched. Print and scan it, or ask for another PDF.",
    ),
    "files.converter_missing": (
        "Máy này chưa cài Ghostscript nên không chuyển được tệp PDF {name} sang PDF/A; không "
        "đính kèm. Hãy nhờ bộ phận kỹ thuật cài Ghostscript, hoặc quét bản giấy.",
        "Ghostscript is not installed on this machine, so the PDF {name} cannot be converted "
        "to PDF/A; not attached. Ask technical support to install Ghostscript, or scan the paper.",
    ),
}
