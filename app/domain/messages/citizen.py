"""Vietnamese-first texts the citizen reads: the hub's status page (``/tra-cuu``) and the
messages the hub sends (one template per event and channel). ``{...}`` are filled by
str.format with values already checked by the caller; the page escapes them for HTML."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # --- the citizen's choice at intake --------------------------------------------------
    "notice.channel_unknown": (
        "Kênh nhận thông báo không hợp lệ: {value} (chọn sms, zalo, email hoặc none).",
        "Unknown notification channel: {value} (choose sms, zalo, email or none).",
    ),
    "notice.needs_phone": (
        "Muốn nhận thông báo qua {channel} thì cần số điện thoại của người nộp.",
        "Messages by {channel} need the applicant's phone number.",
    ),
    "notice.needs_email": (
        "Muốn nhận thông báo qua email thì cần địa chỉ email của người nộp.",
        "Messages by email need the applicant's email address.",
    ),
    # --- the status page -----------------------------------------------------------------
    "citizen.page.title": ("Tra cứu tình trạng hồ sơ", "Dossier status look-up"),
    "citizen.page.intro": (
        "Nhập mã hồ sơ (in trên phiếu hẹn) và số định danh cá nhân (số CCCD, 12 chữ số) hoặc "
        "số giấy tờ của người nộp hồ sơ.",
        "Enter the dossier code (printed on the appointment slip) and the applicant's "
        "personal ID number (the 12-digit citizen ID) or the document number given at "
        "the counter.",
    ),
    "citizen.page.code": ("Mã hồ sơ", "Dossier code"),
    "citizen.page.id_number": (
        "Số định danh cá nhân / số giấy tờ của người nộp",
        "Applicant's personal ID / document number",
    ),
    "citizen.page.submit": ("Tra cứu", "Look up"),
    "citizen.page.not_found": (
        "Không tìm thấy hồ sơ khớp với mã hồ sơ và số giấy tờ đã nhập. Hãy kiểm tra lại cả "
        "hai, hoặc liên hệ bộ phận một cửa nơi nộp hồ sơ.",
        "No dossier matches this code and ID number. Check both, or ask the one-stop "
        "counter where the dossier was filed.",
    ),
    "citizen.page.bad_input": (
        "Mã hồ sơ hoặc số giấy tờ không đúng định dạng.",
        "The dossier code or the ID number is not in the right form.",
    ),
    "citizen.page.too_many": (
        "Quá nhiều lần tra cứu. Vui lòng thử lại sau {seconds} giây.",
        "Too many look-ups. Please try again in {seconds} seconds.",
    ),
    "citizen.page.procedure": ("Thủ tục", "Procedure"),
    "citizen.page.applicant": ("Người nộp", "Applicant"),
    "citizen.page.status": ("Tình trạng", "Status"),
    "citizen.page.received": ("Ngày tiếp nhận", "Received on"),
    "citizen.page.appointment": ("Ngày hẹn trả kết quả", "Result due on"),
    "citizen.page.asked": ("Ông/bà cần", "What you need to do"),
    "citizen.page.asked_supplement": (
        "Bổ sung giấy tờ tại bộ phận một cửa: {note}",
        "Bring the missing papers to the one-stop counter: {note}",
    ),
    "citizen.page.asked_supplement_plain": (
        "Bổ sung giấy tờ tại bộ phận một cửa (cán bộ sẽ hướng dẫn cụ thể).",
        "Bring the missing papers to the one-stop counter (the clerk will explain).",
    ),
    "citizen.page.asked_fee": (
        "Nộp phí, lệ phí: {fees}. Tổng cộng {total} đồng.",
        "Pay the fees: {fees}. Total {total} VND.",
    ),
    "citizen.page.asked_fee_plain": (
        "Thực hiện nghĩa vụ tài chính theo hướng dẫn của cơ quan.",
        "Meet the financial obligation as the office instructs.",
    ),
    "citizen.page.asked_result": (
        "Đến nhận kết quả tại bộ phận một cửa (mang theo phiếu hẹn và CCCD).",
        "Collect the result at the one-stop counter (bring the slip and your ID card).",
    ),
    "citizen.page.late_extended": (
        "Hồ sơ giải quyết chậm so với ngày hẹn ban đầu ({first}). Cơ quan thành thật xin lỗi "
        "ông/bà và hẹn trả kết quả vào {new}.",
        "The dossier is later than first promised ({first}). The office apologises and now "
        "expects the result on {new}.",
    ),
    "citizen.page.late_overdue": (
        "Hồ sơ đã quá ngày hẹn trả kết quả. Cơ quan sẽ gửi thư xin lỗi và hẹn lại ngày trả.",
        "The dossier is past its due date. The office will send an apology and a new date.",
    ),
    "citizen.page.late": ("Thông tin chậm hẹn", "Late notice"),
    "citizen.page.results": ("Kết quả điện tử", "Electronic result"),
    "citizen.page.result_number": ("Số ký hiệu", "Reference number"),
    "citizen.page.result_signed": ("Ngày ký", "Signed on"),
    "citizen.page.result_size": ("Tệp PDF, {kb} KB", "PDF file, {kb} KB"),
    "citizen.page.result_download": ("Tải kết quả (PDF)", "Download the result (PDF)"),
    "citizen.page.token_expired": (
        "Phiên tải kết quả đã hết hạn. Xin ông/bà nhập lại số giấy tờ để tra cứu và tải lại.",
        "The download has expired. Please enter your ID number again to look up and download.",
    ),
    "citizen.page.result_damaged": (
        "Tệp kết quả tạm thời chưa tải được. Xin ông/bà thử lại sau hoặc liên hệ bộ phận một cửa.",
        "The result file cannot be downloaded just now. Please try again later or ask the "
        "one-stop counter.",
    ),
    "citizen.page.again": ("Tra cứu hồ sơ khác", "Look up another dossier"),
    "citizen.page.privacy": (
        "Trang này không hiển thị địa chỉ, số điện thoại hay số giấy tờ của người nộp.",
        "This page never shows the applicant's address, phone or ID number.",
    ),
    # --- messages to the citizen, per event and channel ----------------------------------
    "notice.sms.received": (
        "{agency}: da tiep nhan ho so {code} ({procedure}). Hen tra {due}. Tra cuu: {url}",
        "{agency}: dossier {code} ({procedure}) received. Due {due}. Status: {url}",
    ),
    "notice.sms.supplement": (
        "{agency}: ho so {code} can bo sung giay to: {note}. Tra cuu: {url}",
        "{agency}: dossier {code} needs more papers: {note}. Status: {url}",
    ),
    "notice.sms.result_ready": (
        "{agency}: ho so {code} da co ket qua. Moi ong/ba den nhan. Tra cuu: {url}",
        "{agency}: the result of dossier {code} is ready to collect. Status: {url}",
    ),
    "notice.sms.late": (
        "{agency}: xin loi ong/ba, ho so {code} cham hen; ngay hen moi {due}. Tra cuu: {url}",
        "{agency}: sorry, dossier {code} is late; new date {due}. Status: {url}",
    ),
    "notice.sms.returned": (
        "{agency}: ho so {code} da tra ket qua. Cam on ong/ba.",
        "{agency}: the result of dossier {code} was handed over. Thank you.",
    ),
    "notice.zalo.received": (
        "{agency} đã tiếp nhận hồ sơ {code} ({procedure}) của ông/bà. Ngày hẹn trả kết quả: "
        "{due}. Tra cứu tình trạng: {url}",
        "{agency} received your dossier {code} ({procedure}). Result due on {due}. Status: {url}",
    ),
    "notice.zalo.supplement": (
        "Hồ sơ {code} cần bổ sung giấy tờ: {note}. Mời ông/bà đến bộ phận một cửa của "
        "{agency}. Tra cứu: {url}",
        "Dossier {code} needs more papers: {note}. Please come to the one-stop counter of "
        "{agency}. Status: {url}",
    ),
    "notice.zalo.result_ready": (
        "Hồ sơ {code} ({procedure}) đã có kết quả. Mời ông/bà đến {agency} nhận kết quả, "
        "mang theo phiếu hẹn và CCCD. Tra cứu: {url}",
        "The result of dossier {code} ({procedure}) is ready. Please collect it at {agency} "
        "with the slip and your ID card. Status: {url}",
    ),
    "notice.zalo.late": (
        "{agency} thành thật xin lỗi: hồ sơ {code} giải quyết chậm hẹn. Ngày hẹn trả mới: "
        "{due}. Tra cứu: {url}",
        "{agency} apologises: dossier {code} is late. New due date: {due}. Status: {url}",
    ),
    "notice.zalo.returned": (
        "Hồ sơ {code} đã được trả kết quả. Cảm ơn ông/bà đã sử dụng dịch vụ của {agency}.",
        "The result of dossier {code} was handed over. Thank you for using {agency}.",
    ),
    "notice.sent_line": (
        "Đã gửi tin nhắn {channel} tới {to}: {event}",
        "Message sent by {channel} to {to}: {event}",
    ),
    "notice.email.subject": (
        "[{agency}] Hồ sơ {code}: {event}",
        "[{agency}] Dossier {code}: {event}",
    ),
    "notice.event.received": ("đã tiếp nhận", "received"),
    "notice.event.supplement": ("cần bổ sung giấy tờ", "supplement requested"),
    "notice.event.result_ready": ("đã có kết quả", "result ready"),
    "notice.event.late": ("chậm hẹn, ngày hẹn mới", "late, new date"),
    "notice.event.returned": ("đã trả kết quả", "result returned"),
    "notice.email.received": (
        "Kính gửi ông/bà {name},\n\n{agency} đã tiếp nhận hồ sơ {code} ({procedure}) vào "
        "{received}. Ngày hẹn trả kết quả: {due}.\n\nTra cứu tình trạng hồ sơ: {url}\n",
        "Dear {name},\n\n{agency} received dossier {code} ({procedure}) on {received}. "
        "The result is due on {due}.\n\nStatus: {url}\n",
    ),
    "notice.email.supplement": (
        "Kính gửi ông/bà {name},\n\nHồ sơ {code} ({procedure}) cần bổ sung giấy tờ: {note}\n"
        "Mời ông/bà đến bộ phận một cửa của {agency}.\n\nTra cứu: {url}\n",
        "Dear {name},\n\nDossier {code} ({procedure}) needs more papers: {note}\n"
        "Please come to the one-stop counter of {agency}.\n\nStatus: {url}\n",
    ),
    "notice.email.result_ready": (
        "Kính gửi ông/bà {name},\n\nHồ sơ {code} ({procedure}) đã có kết quả. Mời ông/bà đến "
        "{agency} nhận kết quả, mang theo phiếu hẹn và CCCD.\n\nTra cứu: {url}\n",
        "Dear {name},\n\nThe result of dossier {code} ({procedure}) is ready. Please collect "
        "it at {agency} with the slip and your ID card.\n\nStatus: {url}\n",
    ),
    "notice.email.late": (
        "Kính gửi ông/bà {name},\n\n{agency} thành thật xin lỗi: hồ sơ {code} ({procedure}) "
        "giải quyết chậm so với ngày hẹn. Ngày hẹn trả kết quả mới: {due}.\n\nTra cứu: {url}\n",
        "Dear {name},\n\n{agency} apologises: dossier {code} ({procedure}) is late. The new "
        "due date is {due}.\n\nStatus: {url}\n",
    ),
    "notice.email.returned": (
        "Kính gửi ông/bà {name},\n\nHồ sơ {code} ({procedure}) đã được trả kết quả. Cảm ơn "
        "ông/bà đã sử dụng dịch vụ của {agency}.\n",
        "Dear {name},\n\nThe result of dossier {code} ({procedure}) was handed over. Thank "
        "you for using {agency}.\n",
    ),
}
