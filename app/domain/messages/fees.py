"""The catalogue's messages of fees paid, receipts (biên lai) and electronic receipts."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "fee.no_fees": (
        "Hồ sơ {code} không có khoản phí, lệ phí nào phải nộp: không lập biên lai.",
        "The dossier {code} has no fee to pay: no receipt is made.",
    ),
    "fee.line_unknown": (
        "Hồ sơ {code} không có khoản phí số {line}: hồ sơ có {count} khoản (số 1 đến {count}).",
        "The dossier {code} has no fee line {line}: it has {count} (numbers 1 to {count}).",
    ),
    "fee.already_paid": (
        "Khoản phí số {line} của hồ sơ {code} đã thu rồi (biên lai {receipt}, {method}): "
        "không thu hai lần. Nếu thu nhầm, hãy hủy biên lai đó trước.",
        "Fee line {line} of the dossier {code} is already paid (receipt {receipt}): it is "
        "never collected twice. If it was a mistake, void that receipt first.",
    ),
    "fee.free_line": (
        "Khoản phí số {line} của hồ sơ {code} là 0 đồng (miễn thu): không thu, không lập biên lai.",
        "Fee line {line} of the dossier {code} is 0 dong (exempt): nothing to collect, no receipt.",
    ),
    "fee.amount_mismatch": (
        "Số tiền {given} đồng không khớp với khoản phí số {line} ({due} đồng): kiểm tra lại "
        "số tiền; chưa ghi nhận gì.",
        "The amount {given} dong does not match fee line {line} ({due} dong): check the "
        "amount; nothing was recorded.",
    ),
    "fee.method_unknown": (
        "Hình thức nộp «{value}» không hợp lệ: chọn cash (tiền mặt), transfer (chuyển khoản) "
        "hoặc online (trực tuyến).",
        "Unknown payment method '{value}': choose cash, transfer or online.",
    ),
    "fee.transfer_no_account": (
        "Điểm phục vụ chưa khai báo tài khoản ngân hàng (không có mã VietQR trên phiếu): không "
        "ghi nhận chuyển khoản được. Hãy thu tiền mặt hoặc khai báo tài khoản.",
        "This service point has no bank account (no VietQR on the slip): a transfer cannot "
        "be recorded. Collect cash or set up the account.",
    ),
    "fee.receipt_unknown": (
        "Không tìm thấy biên lai số {receipt}.",
        "No receipt number {receipt}.",
    ),
    "fee.already_void": (
        "Biên lai {receipt} đã hủy từ trước.",
        "The receipt {receipt} was already voided.",
    ),
    "fee.void_reason": (
        "Hãy ghi rõ lý do hủy biên lai (ít nhất {n} ký tự).",
        "Give the reason for voiding the receipt (at least {n} characters).",
    ),
    "fee.year_invalid": (
        "Năm «{value}» không hợp lệ.",
        "Invalid year '{value}'.",
    ),
    "ereceipt.waiting": (
        "Biên lai điện tử đang chờ gửi tới hệ thống biên lai điện tử của thành phố; sẽ tự gửi "
        "lại khi có kết nối.",
        "The electronic receipt is waiting to be sent to the city's e-receipt gateway; it is "
        "sent again automatically when the connection is back.",
    ),
    "ereceipt.gateway_down": (
        "Chưa gửi được yêu cầu biên lai điện tử ({detail}); yêu cầu vẫn được giữ và sẽ gửi lại.",
        "The electronic receipt request could not be sent ({detail}); it is kept and will be "
        "sent again.",
    ),
}
