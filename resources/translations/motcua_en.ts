<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="vi">
<context>
    <name>AdminScreen</name>
    <message>
        <source>Người dùng</source>
        <translation>Users</translation>
    </message>
    <message>
        <source>Danh mục thủ tục</source>
        <translation>Procedure catalog</translation>
    </message>
    <message>
        <source>Lịch ngày làm việc</source>
        <translation>Working-day calendar</translation>
    </message>
    <message>
        <source>Ý kiến không hài lòng</source>
        <translation>Unhappy answers</translation>
    </message>
</context>
<context>
    <name>ApologyDialog</name>
    <message>
        <source>Xin lỗi và hẹn lại ngày trả kết quả</source>
        <translation>Apologise and set a new return date</translation>
    </message>
    <message>
        <source>Hẹn trả mới:</source>
        <translation>New return date:</translation>
    </message>
    <message>
        <source>Lý do chậm:</source>
        <translation>Reason for the delay:</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Cần ghi lý do chậm trả kết quả.</source>
        <translation>Please write why the result is late.</translation>
    </message>
    <message>
        <source>Hẹn lại và in văn bản xin lỗi (Ctrl+Enter)</source>
        <translation>Reschedule and print the apology letter (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Hủy (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
</context>
<context>
    <name>BatchReceptionScreen</name>
    <message>
        <source>Đang tiếp nhận danh sách bàn giao…</source>
        <translation>Receiving the hand-over list…</translation>
    </message>
    <message>
        <source>Chưa tiếp nhận danh sách nào trong phiên làm việc này.</source>
        <translation>No list received in this session yet.</translation>
    </message>
    <message>
        <source>Đã tiếp nhận danh sách {batch}: {n} hồ sơ, thời hạn giải quyết tính từ {at}.</source>
        <translation>Received list {batch} (dossiers: {n}); the time limit counts from {at}.</translation>
    </message>
    <message>
        <source>Quét mã QR của danh sách bàn giao</source>
        <translation>Scan the hand-over list&apos;s QR code</translation>
    </message>
    <message>
        <source>Quét hoặc dán mã QR của danh sách bàn giao (MCBG… bưu chính, MCBA… giữa cơ quan) rồi nhấn Enter</source>
        <translation>Scan or paste the hand-over list&apos;s QR code (MCBG… from the post, MCBA… between bodies), then press Enter</translation>
    </message>
    <message>
        <source>Tiếp nhận</source>
        <translation>Receive</translation>
    </message>
    <message>
        <source>Mọi hồ sơ trong danh sách được tiếp nhận cùng lúc; thời hạn giải quyết tính từ lúc quét. Danh sách đã tiếp nhận hoặc của cơ quan khác sẽ bị từ chối.</source>
        <translation>Every dossier on the list is received at once; the time limit counts from the scan. A list already received, or another agency&apos;s, is refused.</translation>
    </message>
    <message>
        <source>Hồ sơ vừa tiếp nhận</source>
        <translation>Dossiers just received</translation>
    </message>
    <message>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <source>Bưu điện nhận lúc</source>
        <translation>Accepted by the post at</translation>
    </message>
    <message>
        <source>Xã tiếp nhận lúc</source>
        <translation>Received by the commune at</translation>
    </message>
    <message>
        <source>Hẹn trả kết quả</source>
        <translation>Result due</translation>
    </message>
</context>
<context>
    <name>BugReporter</name>
    <message>
        <source>MotCua Desk gặp một lỗi ngoài dự kiến. Các hồ sơ đã lưu vẫn an toàn.

Chi tiết đã được ghi vào tệp nhật ký:
{path}

Hãy gửi tệp này cho bộ phận kỹ thuật.</source>
        <translation>MotCua Desk ran into an unexpected error. Saved dossiers are safe.

The details were written to the log file:
{path}

Please send this file to technical support.</translation>
    </message>
    <message>
        <source>Lỗi chương trình</source>
        <translation>Program error</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>CalendarScreen</name>
    <message>
        <source>Làm việc</source>
        <translation>Working</translation>
    </message>
    <message>
        <source>Nghỉ</source>
        <translation>Day off</translation>
    </message>
    <message>
        <source>Thành phố</source>
        <translation>City</translation>
    </message>
    <message>
        <source>Tại quầy</source>
        <translation>This counter</translation>
    </message>
    <message>
        <source>Đã cập nhật ngày {day}: {kind}.</source>
        <translation>Updated {day}: {kind}.</translation>
    </message>
    <message>
        <source>làm việc</source>
        <translation>working day</translation>
    </message>
    <message>
        <source>nghỉ</source>
        <translation>day off</translation>
    </message>
    <message>
        <source>Ngày</source>
        <translation>Day</translation>
    </message>
    <message>
        <source>Tính là</source>
        <translation>Counts as</translation>
    </message>
    <message>
        <source>Ngày lễ theo lịch chung</source>
        <translation>Public holiday (base calendar)</translation>
    </message>
    <message>
        <source>Căn cứ</source>
        <translation>Authority</translation>
    </message>
    <message>
        <source>Nguồn</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Bỏ điều chỉnh ngày đang chọn</source>
        <translation>Remove the selected override</translation>
    </message>
    <message>
        <source>Điều chỉnh một ngày</source>
        <translation>Override one day</translation>
    </message>
    <message>
        <source>Ngày:</source>
        <translation>Day:</translation>
    </message>
    <message>
        <source>Tính là:</source>
        <translation>Counts as:</translation>
    </message>
    <message>
        <source>Căn cứ:</source>
        <translation>Authority:</translation>
    </message>
    <message>
        <source>Ngày nghỉ</source>
        <translation>Day off</translation>
    </message>
    <message>
        <source>Ngày làm việc (làm bù)</source>
        <translation>Working day (make-up day)</translation>
    </message>
    <message>
        <source>Ví dụ: Quyết định số .../QĐ-UBND về hoán đổi ngày</source>
        <translation>E.g. Decision No. .../QĐ-UBND on the day swap</translation>
    </message>
    <message>
        <source>Lưu điều chỉnh</source>
        <translation>Save override</translation>
    </message>
    <message>
        <source>Chủ nhật</source>
        <translation>Sunday</translation>
    </message>
    <message>
        <source>Lịch chung</source>
        <translation>Public calendar</translation>
    </message>
    <message>
        <source>Ngày «{text}» chưa đúng dạng ngày/tháng/năm (ví dụ 02/09/2026): chưa lưu gì.</source>
        <translation>“{text}” is not a day/month/year date (e.g. 02/09/2026): nothing was saved.</translation>
    </message>
    <message>
        <source>Tính {weekday} {day}{holiday} là {kind}? Nhấn «Lưu điều chỉnh» lần nữa (hoặc Enter) để xác nhận.</source>
        <translation>Count {weekday} {day}{holiday} as {kind}? Press “Save override” again (or Enter) to confirm.</translation>
    </message>
    <message>
        <source>ngày làm việc</source>
        <translation>a working day</translation>
    </message>
    <message>
        <source>ngày nghỉ</source>
        <translation>a day off</translation>
    </message>
    <message>
        <source>thứ Ba</source>
        <translation>Tuesday</translation>
    </message>
    <message>
        <source>thứ Bảy</source>
        <translation>Saturday</translation>
    </message>
    <message>
        <source>thứ Hai</source>
        <translation>Monday</translation>
    </message>
    <message>
        <source>thứ Năm</source>
        <translation>Thursday</translation>
    </message>
    <message>
        <source>thứ Sáu</source>
        <translation>Friday</translation>
    </message>
    <message>
        <source>thứ Tư</source>
        <translation>Wednesday</translation>
    </message>
    <message>
        <source>Ngày lễ và ngày điều chỉnh của năm:</source>
        <translation>Holidays and overrides of the year:</translation>
    </message>
</context>
<context>
    <name>CatalogScreen</name>
    <message>
        <source>(ngừng áp dụng)</source>
        <translation>(inactive)</translation>
    </message>
    <message>
        <source>Thủ tục mới, chưa lưu</source>
        <translation>New procedure, not saved yet</translation>
    </message>
    <message>
        <source>Chọn một thủ tục ở danh sách bên trái</source>
        <translation>Choose a procedure in the list on the left</translation>
    </message>
    <message>
        <source>Đang áp dụng</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>Ngừng áp dụng</source>
        <translation>Deactivate</translation>
    </message>
    <message>
        <source>Áp dụng lại</source>
        <translation>Reactivate</translation>
    </message>
    <message>
        <source>Đã lưu thủ tục {code}.</source>
        <translation>Procedure {code} saved.</translation>
    </message>
    <message>
        <source>Tìm thủ tục theo tên hoặc mã</source>
        <translation>Find a procedure by name or code</translation>
    </message>
    <message>
        <source>Mã thủ tục:</source>
        <translation>Procedure code:</translation>
    </message>
    <message>
        <source>Tên thủ tục:</source>
        <translation>Procedure name:</translation>
    </message>
    <message>
        <source>Mã lĩnh vực:</source>
        <translation>Field code:</translation>
    </message>
    <message>
        <source>Lĩnh vực:</source>
        <translation>Field:</translation>
    </message>
    <message>
        <source>Mức độ (2-4):</source>
        <translation>Level (2-4):</translation>
    </message>
    <message>
        <source>Thời hạn giải quyết:</source>
        <translation>Processing time:</translation>
    </message>
    <message>
        <source>Giờ chốt nhận:</source>
        <translation>Cut-off time:</translation>
    </message>
    <message>
        <source>Tình trạng:</source>
        <translation>State:</translation>
    </message>
    <message>
        <source>ngày làm việc</source>
        <translation>working days</translation>
    </message>
    <message>
        <source>giờ làm việc</source>
        <translation>working hours</translation>
    </message>
    <message>
        <source>không có ngày hẹn cụ thể</source>
        <translation>no fixed due date</translation>
    </message>
    <message>
        <source>Nhận sau giờ này tính từ ngày làm việc kế tiếp</source>
        <translation>Received after this time counts from the next working day</translation>
    </message>
    <message>
        <source>Thành phần hồ sơ</source>
        <translation>Documents</translation>
    </message>
    <message>
        <source>Giấy tờ</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>Bản chính</source>
        <translation>Originals</translation>
    </message>
    <message>
        <source>Bản sao</source>
        <translation>Copies</translation>
    </message>
    <message>
        <source>Bắt buộc</source>
        <translation>Required</translation>
    </message>
    <message>
        <source>Thêm giấy tờ</source>
        <translation>Add document</translation>
    </message>
    <message>
        <source>Bỏ dòng đang chọn</source>
        <translation>Remove selected line</translation>
    </message>
    <message>
        <source>Phí, lệ phí</source>
        <translation>Fees</translation>
    </message>
    <message>
        <source>Khoản thu</source>
        <translation>Fee</translation>
    </message>
    <message>
        <source>Số tiền (đồng)</source>
        <translation>Amount (VND)</translation>
    </message>
    <message>
        <source>Thêm khoản thu</source>
        <translation>Add fee</translation>
    </message>
    <message>
        <source>Lưu thủ tục (Ctrl+S)</source>
        <translation>Save procedure (Ctrl+S)</translation>
    </message>
    <message>
        <source>Thêm thủ tục mới (Ctrl+N)</source>
        <translation>Add a new procedure (Ctrl+N)</translation>
    </message>
</context>
<context>
    <name>CertifyDialog</name>
    <message>
        <source>Bản chính:</source>
        <translation>Originals:</translation>
    </message>
    <message>
        <source>Chưa chọn bản chính nào.</source>
        <translation>No original chosen.</translation>
    </message>
    <message>
        <source>Chưa chọn thiết bị ký số hoặc tệp chứng thư.</source>
        <translation>No token or certificate file chosen.</translation>
    </message>
    <message>
        <source>Chưa nhập mã PIN.</source>
        <translation>No PIN was entered.</translation>
    </message>
    <message>
        <source>Chọn bản chính đã quét</source>
        <translation>Choose the scanned originals</translation>
    </message>
    <message>
        <source>Chứng thư số:</source>
        <translation>Certificate:</translation>
    </message>
    <message>
        <source>Chứng thực bản sao điện tử từ bản chính</source>
        <translation>Certified electronic copy from the original</translation>
    </message>
    <message>
        <source>Chứng thực và ký số</source>
        <translation>Certify and sign</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Khe thiết bị:</source>
        <translation>Token slot:</translation>
    </message>
    <message>
        <source>Lưu bản sao vào:</source>
        <translation>Save the copy to:</translation>
    </message>
    <message>
        <source>Mã PIN:</source>
        <translation>PIN:</translation>
    </message>
    <message>
        <source>Người chứng thực:</source>
        <translation>Certifying officer:</translation>
    </message>
    <message>
        <source>PDF và ảnh (*.pdf *.jpg *.jpeg *.png *.tif *.tiff)</source>
        <translation>PDF and images (*.pdf *.jpg *.jpeg *.png *.tif *.tiff)</translation>
    </message>
    <message>
        <source>Quyển số:</source>
        <translation>Register book:</translation>
    </message>
    <message>
        <source>Thiết bị ký số (USB token, PKCS#11)</source>
        <translation>Signing token (USB, PKCS#11)</translation>
    </message>
    <message>
        <source>Thêm tệp…</source>
        <translation>Add files…</translation>
    </message>
    <message>
        <source>Thư viện PKCS#11:</source>
        <translation>PKCS#11 library:</translation>
    </message>
    <message>
        <source>Tệp chứng thư số (.p12, .pfx)</source>
        <translation>Certificate file (.p12, .pfx)</translation>
    </message>
    <message>
        <source>Tệp chứng thư:</source>
        <translation>Certificate file:</translation>
    </message>
    <message>
        <source>thư viện PKCS#11 của thiết bị, ví dụ …/libtoken.so</source>
        <translation>the token's PKCS#11 library, e.g. …/libtoken.so</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>Hai lần nhập mật khẩu mới không giống nhau.</source>
        <translation>The two new passwords differ.</translation>
    </message>
    <message>
        <source>Đổi mật khẩu của tôi</source>
        <translation>Change my password</translation>
    </message>
    <message>
        <source>Mật khẩu hiện tại:</source>
        <translation>Current password:</translation>
    </message>
    <message>
        <source>Mật khẩu mới:</source>
        <translation>New password:</translation>
    </message>
    <message>
        <source>Nhập lại mật khẩu mới:</source>
        <translation>New password again:</translation>
    </message>
    <message>
        <source>Đổi mật khẩu</source>
        <translation>Change password</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>DetailDialog</name>
    <message>
        <source>Đã tiếp nhận hồ sơ {code} từ nơi tiếp nhận khác.</source>
        <translation>Dossier {code} taken from the other receiving point.</translation>
    </message>
    <message>
        <source>Đã gửi trả kết quả hồ sơ {code} về nơi tiếp nhận.</source>
        <translation>The result of dossier {code} was sent back to the receiving point.</translation>
    </message>
    <message>
        <source> (tổ chức; đại diện: {name})</source>
        <translation> (organisation; represented by {name})</translation>
    </message>
    <message>
        <source> · yêu cầu bổ sung {n} lần</source>
        <translation> · supplement requested {n} times</translation>
    </message>
    <message>
        <source>Số hóa giấy tờ (F7)</source>
        <translation>Digitise documents (F7)</translation>
    </message>
    <message>
        <source>Thu phí, biên lai (F6)</source>
        <translation>Fees and receipts (F6)</translation>
    </message>
    <message>
        <source>Tiếp nhận</source>
        <extracomment>Moves whose reason is printed on a form or kept for the record: a note is required.</extracomment>
        <translation>Receive</translation>
    </message>
    <message>
        <source>Từ chối tiếp nhận</source>
        <translation>Refuse</translation>
    </message>
    <message>
        <source>Chuyển xử lý</source>
        <translation>Send for processing</translation>
    </message>
    <message>
        <source>Yêu cầu bổ sung</source>
        <translation>Request a supplement</translation>
    </message>
    <message>
        <source>Yêu cầu nghĩa vụ tài chính</source>
        <translation>Request financial obligation</translation>
    </message>
    <message>
        <source>Công dân rút hồ sơ</source>
        <translation>Withdrawn by the citizen</translation>
    </message>
    <message>
        <source>Dừng xử lý</source>
        <translation>Stop processing</translation>
    </message>
    <message>
        <source>Đã giải quyết xong</source>
        <translation>Mark as resolved</translation>
    </message>
    <message>
        <source>Trả kết quả</source>
        <translation>Return the result</translation>
    </message>
    <message>
        <source>Hồ sơ {code}</source>
        <translation>Dossier {code}</translation>
    </message>
    <message>
        <source> (có hỗ trợ)</source>
        <translation> (assisted)</translation>
    </message>
    <message>
        <source>Chuyển sang «{status}»</source>
        <translation>Move to &quot;{status}&quot;</translation>
    </message>
    <message>
        <source>Lý do từ chối tiếp nhận (in trên phiếu từ chối):</source>
        <translation>Reason for the refusal (printed on the refusal form):</translation>
    </message>
    <message>
        <source>Giấy tờ cần bổ sung, hoàn thiện (in trên phiếu):</source>
        <translation>Papers to supplement or complete (printed on the form):</translation>
    </message>
    <message>
        <source>Lý do dừng giải quyết (in trên thông báo):</source>
        <translation>Reason for stopping (printed on the notice):</translation>
    </message>
    <message>
        <source>Ghi chú về việc công dân rút hồ sơ:</source>
        <translation>Note on the citizen&apos;s withdrawal:</translation>
    </message>
    <message>
        <source>Nghĩa vụ tài chính công dân cần thực hiện:</source>
        <translation>Financial obligation the citizen must fulfil:</translation>
    </message>
    <message>
        <source>Ghi chú (không bắt buộc):</source>
        <translation>Note (optional):</translation>
    </message>
    <message>
        <source>Đã lưu: {status}.</source>
        <translation>Saved: {status}.</translation>
    </message>
    <message>
        <source>Thủ tục:</source>
        <translation>Procedure:</translation>
    </message>
    <message>
        <source>Người nộp:</source>
        <translation>Applicant:</translation>
    </message>
    <message>
        <source>Số định danh:</source>
        <translation>ID number:</translation>
    </message>
    <message>
        <source>Liên hệ:</source>
        <translation>Contact:</translation>
    </message>
    <message>
        <source>Địa chỉ:</source>
        <translation>Address:</translation>
    </message>
    <message>
        <source>Kênh nộp:</source>
        <translation>Channel:</translation>
    </message>
    <message>
        <source>Tiếp nhận:</source>
        <translation>Received:</translation>
    </message>
    <message>
        <source>Hẹn trả:</source>
        <translation>Due:</translation>
    </message>
    <message>
        <source>Hẹn lại:</source>
        <translation>Rescheduled:</translation>
    </message>
    <message>
        <source>Người tiếp nhận:</source>
        <translation>Received by:</translation>
    </message>
    <message>
        <source>Phí, lệ phí:</source>
        <translation>Fees:</translation>
    </message>
    <message>
        <source>Nội dung yêu cầu:</source>
        <translation>Request:</translation>
    </message>
    <message>
        <source>Thông tin hồ sơ</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <source>Thành phần hồ sơ</source>
        <translation>Documents</translation>
    </message>
    <message>
        <source>Giấy tờ</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>Bản chính</source>
        <translation>Originals</translation>
    </message>
    <message>
        <source>Bản sao</source>
        <translation>Copies</translation>
    </message>
    <message>
        <source>Quá trình xử lý</source>
        <translation>History</translation>
    </message>
    <message>
        <source>Thời điểm</source>
        <translation>When</translation>
    </message>
    <message>
        <source>Chuyển trạng thái</source>
        <translation>Status change</translation>
    </message>
    <message>
        <source>Người thực hiện</source>
        <translation>By</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Bước tiếp theo</source>
        <translation>Next steps</translation>
    </message>
    <message>
        <source>Hồ sơ đã kết thúc: không còn bước nào.</source>
        <translation>This dossier is closed: no further steps.</translation>
    </message>
    <message>
        <source>In lại</source>
        <translation>Reprint</translation>
    </message>
    <message>
        <source>Xem và in (Ctrl+P)</source>
        <translation>Preview and print (Ctrl+P)</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Hủy hồ sơ nhập nhầm…</source>
        <translation>Void (entered by mistake)…</translation>
    </message>
    <message>
        <source>Hủy hồ sơ nhập nhầm… ({keys})</source>
        <translation>Void (entered by mistake)… ({keys})</translation>
    </message>
    <message>
        <source>Từ chối tiếp nhận (Mẫu 03)…</source>
        <translation>Refuse at the counter (Form 03)…</translation>
    </message>
    <message>
        <source>Đã hủy hồ sơ {code}; lý do và người phê duyệt ghi trong quá trình xử lý.</source>
        <translation>Dossier {code} voided; the reason and the approver are in its history.</translation>
    </message>
    <message>
        <source>Không thể chuyển từ «{now}» sang «{status}».</source>
        <translation>Cannot move from “{now}” to “{status}”.</translation>
    </message>
    <message>
        <source>Xin lỗi và hẹn lại… ({keys})</source>
        <translation>Apologise and reschedule… ({keys})</translation>
    </message>
    <message>
        <source>Đóng (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
</context>
<context>
    <name>EnrollDialog</name>
    <message>
        <source>Cần nhập địa chỉ máy chủ và mã đăng ký.</source>
        <translation>Enter the server address and the enrolment code.</translation>
    </message>
    <message>
        <source>Đang kết nối…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <source>Kết nối hệ thống của thành phố</source>
        <translation>Connect to the city system</translation>
    </message>
    <message>
        <source>Nhập địa chỉ máy chủ và mã đăng ký dùng một lần do quản trị viên cấp. Quầy vẫn làm việc bình thường khi chưa kết nối.</source>
        <translation>Enter the server address and the one-time enrolment code from your administrator. The counter works normally while not connected.</translation>
    </message>
    <message>
        <source>Địa chỉ máy chủ:</source>
        <translation>Server address:</translation>
    </message>
    <message>
        <source>Mã đăng ký:</source>
        <translation>Enrolment code:</translation>
    </message>
    <message>
        <source>Kết nối</source>
        <translation>Connect</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>FileDialog</name>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Loại tệp:</source>
        <translation>File type:</translation>
    </message>
    <message>
        <source>Lưu</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Thư mục:</source>
        <translation>Folder:</translation>
    </message>
    <message>
        <source>Tên tệp:</source>
        <translation>File name:</translation>
    </message>
</context>
<context>
    <name>FormPrinter</name>
    <message>
        <source>Máy in «{name}» không in được: {error}</source>
        <translation>The printer &quot;{name}&quot; could not print: {error}</translation>
    </message>
</context>
<context>
    <name>HandoverScreen</name>
    <message>
        <source>Đã tiếp nhận lúc {at}</source>
        <translation>Received at {at}</translation>
    </message>
    <message>
        <source>Chờ xã tiếp nhận</source>
        <translation>Waiting for the commune</translation>
    </message>
    <message>
        <source>{n} hồ sơ chờ bàn giao, đã chọn {k}</source>
        <translation>Waiting for hand-over: {n}; selected: {k}</translation>
    </message>
    <message>
        <source>Đang lập danh sách bàn giao…</source>
        <translation>Making the hand-over list…</translation>
    </message>
    <message>
        <source>Đã lập danh sách bàn giao {batch} gồm {n} hồ sơ.</source>
        <translation>Hand-over list {batch} made (dossiers: {n}).</translation>
    </message>
    <message>
        <source>Hồ sơ bưu chính chờ bàn giao</source>
        <translation>Post dossiers waiting for hand-over</translation>
    </message>
    <message>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <source>Người nộp</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Bưu điện nhận lúc</source>
        <translation>Accepted by the post at</translation>
    </message>
    <message>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Chọn tất cả</source>
        <translation>Select all</translation>
    </message>
    <message>
        <source>Bỏ chọn</source>
        <translation>Select none</translation>
    </message>
    <message>
        <source>Danh sách bàn giao đã lập</source>
        <translation>Hand-over lists made</translation>
    </message>
    <message>
        <source>Số danh sách</source>
        <translation>List number</translation>
    </message>
    <message>
        <source>Lập lúc</source>
        <translation>Made at</translation>
    </message>
    <message>
        <source>Số hồ sơ</source>
        <translation>Dossiers</translation>
    </message>
    <message>
        <source>Tình trạng</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Xem trước, in, lưu PDF…</source>
        <translation>Preview, print, save PDF…</translation>
    </message>
    <message>
        <source>Làm mới</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Lập danh sách bàn giao (Ctrl+Enter)</source>
        <translation>Make hand-over list (Ctrl+Enter)</translation>
    </message>
</context>
<context>
    <name>IntakeForm</name>
    <message>
        <source>Không có thủ tục nào khớp với «{text}».</source>
        <extracomment>The three ways a dossier reaches the counter: (channel, assisted).</extracomment>
        <translation>No procedure matches &quot;{text}&quot;.</translation>
    </message>
    <message>
        <source>Chưa chọn thủ tục.</source>
        <translation>No procedure chosen yet.</translation>
    </message>
    <message>
        <source>không có ngày hẹn trả cụ thể</source>
        <translation>no fixed return date</translation>
    </message>
    <message>
        <source>{n} giờ làm việc</source>
        <translation>{n} working hours</translation>
    </message>
    <message>
        <source>trong ngày làm việc</source>
        <translation>within the working day</translation>
    </message>
    <message>
        <source>{n} ngày làm việc</source>
        <translation>{n} working days</translation>
    </message>
    <message>
        <source>; nhận sau {time} tính từ ngày làm việc kế tiếp</source>
        <translation>; received after {time} counts from the next working day</translation>
    </message>
    <message>
        <source>Lĩnh vực: {field}. Thời hạn giải quyết: {time}{cutoff}.</source>
        <translation>Field: {field}. Processing time: {time}{cutoff}.</translation>
    </message>
    <message>
        <source>Lệ phí: —</source>
        <translation>Fees: —</translation>
    </message>
    <message>
        <source>Không thu phí, lệ phí</source>
        <translation>No fees</translation>
    </message>
    <message>
        <source>Tổng cộng: {amount}</source>
        <translation>Total: {amount}</translation>
    </message>
    <message>
        <source>Phí, lệ phí</source>
        <translation>Fees</translation>
    </message>
    <message>
        <source>Đã đọc thẻ căn cước của {name}.</source>
        <translation>ID card of {name} read.</translation>
    </message>
    <message>
        <source>Lưu ý: người này đang có hồ sơ chưa giải quyết xong cho cùng thủ tục: {codes}. Vẫn có thể tiếp nhận nếu đây là yêu cầu mới.</source>
        <translation>Note: this person already has an open dossier for the same procedure: {codes}. You may still receive it if this is a new request.</translation>
    </message>
    <message>
        <source>Trực tiếp tại quầy</source>
        <translation>In person at the counter</translation>
    </message>
    <message>
        <source>Qua dịch vụ bưu chính công ích</source>
        <translation>Through the public postal service</translation>
    </message>
    <message>
        <source>Trực tuyến, có hỗ trợ tại quầy</source>
        <translation>Online, assisted at the counter</translation>
    </message>
    <message>
        <source>Chưa chọn thủ tục: gõ một phần tên hoặc mã thủ tục rồi nhấn Enter.</source>
        <translation>No procedure chosen: type part of its name or code, then press Enter.</translation>
    </message>
    <message>
        <source>Ngày sinh «{text}» không đúng dạng ngày/tháng/năm (ví dụ 05/03/1990).</source>
        <translation>Birth date &quot;{text}&quot; is not day/month/year (e.g. 05/03/1990).</translation>
    </message>
    <message>
        <source>Hồ sơ qua bưu chính: hãy nhập số hiệu bưu gửi.</source>
        <translation>Dossier by post: enter the postal item number.</translation>
    </message>
    <message>
        <source>Đang lưu hồ sơ…</source>
        <translation>Saving the dossier…</translation>
    </message>
    <message>
        <source>Đã lưu hồ sơ {code}, hẹn trả {due}. Nhấn Enter để in lại biên nhận, F2 để tiếp nhận hồ sơ mới.</source>
        <translation>Dossier {code} saved, due {due}. Press Enter to print the receipt again, F2 for a new dossier.</translation>
    </message>
    <message>
        <source>Biểu mẫu còn dữ liệu chưa lưu. Nhấn F2 lần nữa để xóa và tiếp nhận hồ sơ mới.</source>
        <translation>The form has unsaved input. Press F2 again to clear it and start a new dossier.</translation>
    </message>
    <message>
        <source>Quét mã QR trên thẻ căn cước</source>
        <translation>Scan the QR code of the ID card</translation>
    </message>
    <message>
        <source>Quét hoặc dán nội dung mã QR rồi nhấn Enter</source>
        <translation>Scan or paste the QR content, then press Enter</translation>
    </message>
    <message>
        <source>Máy quét ở chế độ bàn phím tự điền họ tên, số định danh, ngày sinh, giới tính và nơi thường trú.</source>
        <translation>A scanner in keyboard mode fills in the name, ID number, birth date, sex and permanent address.</translation>
    </message>
    <message>
        <source>Người nộp hồ sơ</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Số định &amp;danh:</source>
        <translation>&amp;ID number:</translation>
    </message>
    <message>
        <source>Số CMND cũ:</source>
        <translation>Old ID number:</translation>
    </message>
    <message>
        <source>Ngày &amp;sinh:</source>
        <translation>&amp;Birth date:</translation>
    </message>
    <message>
        <source>Giới tính:</source>
        <translation>Sex:</translation>
    </message>
    <message>
        <source>Địa &amp;chỉ:</source>
        <translation>&amp;Address:</translation>
    </message>
    <message>
        <source>&amp;Email:</source>
        <translation>&amp;Email:</translation>
    </message>
    <message>
        <source>Nội dung yêu cầu:</source>
        <translation>Request:</translation>
    </message>
    <message>
        <source>ngày/tháng/năm, ví dụ 05/03/1990</source>
        <translation>day/month/year, e.g. 05/03/1990</translation>
    </message>
    <message>
        <source>12 chữ số (hoặc CMND 9 chữ số)</source>
        <translation>12 digits (or an old 9-digit ID)</translation>
    </message>
    <message>
        <source>Nam</source>
        <translation>Male</translation>
    </message>
    <message>
        <source>Nữ</source>
        <translation>Female</translation>
    </message>
    <message>
        <source>Thủ tục hành chính</source>
        <translation>Administrative procedure</translation>
    </message>
    <message>
        <source>Gõ một phần tên hoặc mã thủ tục (không dấu cũng được), ↑↓ để chọn, Enter</source>
        <translation>Type part of the name or code (accents optional), ↑↓ to choose, Enter</translation>
    </message>
    <message>
        <source>Thành phần hồ sơ đã nhận</source>
        <translation>Documents received</translation>
    </message>
    <message>
        <source>Giấy tờ</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>Bản chính</source>
        <translation>Originals</translation>
    </message>
    <message>
        <source>Bản sao</source>
        <translation>Copies</translation>
    </message>
    <message>
        <source>Số lượng</source>
        <translation>Count</translation>
    </message>
    <message>
        <source>Kênh nộp và phí</source>
        <translation>Channel and fees</translation>
    </message>
    <message>
        <source>&amp;Kênh nộp:</source>
        <translation>&amp;Channel:</translation>
    </message>
    <message>
        <source>Số hiệu bưu gửi:</source>
        <translation>Postal item no.:</translation>
    </message>
    <message>
        <source>ví dụ RR123456789VN</source>
        <translation>e.g. RR123456789VN</translation>
    </message>
    <message>
        <source>Trả kết quả qua bưu chính</source>
        <translation>Return the result by post</translation>
    </message>
    <message>
        <source>Nhận tin nhắn về hồ sơ (SMS; email nếu có)</source>
        <translation>Messages about the dossier (SMS; email if given)</translation>
    </message>
    <message>
        <source>Hồ sơ mới (F2)</source>
        <translation>New dossier (F2)</translation>
    </message>
    <message>
        <source>Lưu và in biên nhận (Enter)</source>
        <translation>Save and print receipt (Enter)</translation>
    </message>
    <message>
        <source>Hãy gõ một phần tên hoặc mã thủ tục (hoặc chọn bằng ↑↓) rồi nhấn Enter.</source>
        <translation>Type part of a procedure name or code (or choose with ↑↓), then press Enter.</translation>
    </message>
    <message>
        <source>Hôm nay{holiday} là ngày nghỉ theo lịch làm việc của đơn vị. Ngày hẹn trả được tính từ ngày làm việc kế tiếp: {due}. Nhấn Enter (Lưu) lần nữa để vẫn tiếp nhận.</source>
        <translation>Today{holiday} is a day off in this office's calendar. The appointment counts from the next working day: {due}. Press Enter (Save) again to receive it anyway.</translation>
    </message>
    <message>
        <source>Hẹn trả dự kiến: không có ngày hẹn trả cụ thể</source>
        <translation>Expected appointment: no fixed date</translation>
    </message>
    <message>
        <source>Hẹn trả dự kiến: {due}</source>
        <translation>Expected appointment: {due}</translation>
    </message>
    <message>
        <source>Hẹn trả dự kiến: đang tính…</source>
        <translation>Expected appointment: computing…</translation>
    </message>
    <message>
        <source>Đã lưu hồ sơ {code} (qua bưu chính). Giấy tiếp nhận và hẹn trả do UBND xã in khi nhận danh sách bàn giao; F2 để tiếp nhận hồ sơ mới.</source>
        <translation>Dossier {code} saved (public post). The commune prints its receipt and appointment slip when it receives the hand-over list; F2 for a new dossier.</translation>
    </message>
    <message>
        <source>Họ &amp;và tên:</source>
        <translation>Full &amp;name:</translation>
    </message>
    <message>
        <source>Điện th&amp;oại:</source>
        <translation>&amp;Phone:</translation>
    </message>
    <message>
        <source>In lại biên nhận (Enter)</source>
        <translation>Print the receipt again (Enter)</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>Màn hình đã khóa</source>
        <translation>Screen locked</translation>
    </message>
    <message>
        <source>Mật khẩu</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Mở khóa (Enter)</source>
        <translation>Unlock (Enter)</translation>
    </message>
    <message>
        <source>{name} ({user}) đang dùng quầy. Nhập mật khẩu để mở khóa.</source>
        <translation>{name} ({user}) is using this counter. Type the password to unlock.</translation>
    </message>
    <message>
        <source>Đăng nhập người khác…</source>
        <translation>Log in as someone else…</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Hãy nhập tên đăng nhập.</source>
        <translation>Please enter your user name.</translation>
    </message>
    <message>
        <source>Không đăng nhập được: {error}</source>
        <translation>Could not log in: {error}</translation>
    </message>
    <message>
        <source>Đăng nhập — MotCua Desk</source>
        <translation>Log in — MotCua Desk</translation>
    </message>
    <message>
        <source>Đăng nhập quầy tiếp nhận</source>
        <translation>Counter log-in</translation>
    </message>
    <message>
        <source>Đang mở dữ liệu…</source>
        <translation>Opening the data…</translation>
    </message>
    <message>
        <source>&amp;Tên đăng nhập:</source>
        <translation>&amp;User name:</translation>
    </message>
    <message>
        <source>&amp;Mật khẩu:</source>
        <translation>&amp;Password:</translation>
    </message>
    <message>
        <source>Đăng nhập</source>
        <translation>Log in</translation>
    </message>
    <message>
        <source>Thoát</source>
        <translation>Quit</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Chứng thực bản sao điện tử…</source>
        <translation>Certified electronic copy…</translation>
    </message>
    <message>
        <source>Đã chứng thực bản sao điện tử số {number}: {path}</source>
        <translation>Certified electronic copy no. {number}: {path}</translation>
    </message>
    <message>
        <source>Đã in biên nhận trên máy in {name}.</source>
        <translation>Receipt printed on {name}.</translation>
    </message>
    <message>
        <source>Giới thiệu</source>
        <translation>About</translation>
    </message>
    <message>
        <source>MotCua Desk — phần mềm tiếp nhận hồ sơ tại Bộ phận Một cửa.
Dữ liệu: {path}</source>
        <translation>MotCua Desk — dossier intake for one-stop counters.
Data: {path}</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Đã đổi mật khẩu.</source>
        <translation>Password changed.</translation>
    </message>
    <message>
        <source>Cán bộ tiếp nhận</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <source>Tình nguyện viên</source>
        <translation>Volunteer</translation>
    </message>
    <message>
        <source>Nhân viên bưu điện</source>
        <translation>Post-office agent</translation>
    </message>
    <message>
        <source>Lãnh đạo, quản trị</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <source>Hệ thống</source>
        <translation>System</translation>
    </message>
    <message>
        <source>Người dùng: {who}</source>
        <translation>User: {who}</translation>
    </message>
    <message>
        <source>Tiếp nhận hồ sơ (F2)</source>
        <translation>Intake (F2)</translation>
    </message>
    <message>
        <source>Danh sách hồ sơ (F3)</source>
        <translation>Dossiers (F3)</translation>
    </message>
    <message>
        <source>Hỗ trợ nộp trực tuyến</source>
        <translation>Online submission help</translation>
    </message>
    <message>
        <source>Nhận danh sách bàn giao</source>
        <translation>Receive hand-over lists</translation>
    </message>
    <message>
        <source>Bàn giao bưu chính</source>
        <translation>Post hand-over</translation>
    </message>
    <message>
        <source>Bàn giao giữa cơ quan</source>
        <translation>Hand-over between bodies</translation>
    </message>
    <message>
        <source>Quản trị</source>
        <translation>Administration</translation>
    </message>
    <message>
        <source>Báo cáo</source>
        <translation>Reports</translation>
    </message>
    <message>
        <source>&amp;Tệp</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Hồ sơ</source>
        <translation>&amp;Dossiers</translation>
    </message>
    <message>
        <source>Đồng &amp;bộ</source>
        <translation>&amp;Sync</translation>
    </message>
    <message>
        <source>&amp;Ngôn ngữ</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <source>Trợ &amp;giúp</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>Tiếp nhận hồ sơ mới</source>
        <translation>New dossier</translation>
    </message>
    <message>
        <source>Xem trước bản in…</source>
        <translation>Print preview…</translation>
    </message>
    <message>
        <source>In trực tiếp, không xem trước</source>
        <translation>Print directly, without preview</translation>
    </message>
    <message>
        <source>Thoát</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>Tìm hồ sơ</source>
        <translation>Find dossiers</translation>
    </message>
    <message>
        <source>Xem chi tiết hồ sơ đang chọn</source>
        <translation>Open the selected dossier</translation>
    </message>
    <message>
        <source>Làm mới và đồng bộ</source>
        <translation>Refresh and sync</translation>
    </message>
    <message>
        <source>Đồng bộ ngay</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>Hồ sơ bị từ chối…</source>
        <translation>Rejected dossiers…</translation>
    </message>
    <message>
        <source>Kết nối hệ thống của thành phố…</source>
        <translation>Connect to the city system…</translation>
    </message>
    <message>
        <source>Đổi ngôn ngữ</source>
        <translation>Switch language</translation>
    </message>
    <message>
        <source>Đổi mật khẩu…</source>
        <translation>Change password…</translation>
    </message>
    <message>
        <source>Tìm trên màn hình này</source>
        <translation>Search on this screen</translation>
    </message>
    <message>
        <source>Biểu mẫu tiếp nhận còn dữ liệu chưa lưu. Bỏ dữ liệu này và tiếp tục?</source>
        <translation>The intake form has unsaved input. Discard it and go on?</translation>
    </message>
    <message>
        <source>Bỏ dữ liệu và tiếp tục</source>
        <translation>Discard and go on</translation>
    </message>
    <message>
        <source>Dữ liệu chưa lưu</source>
        <translation>Unsaved input</translation>
    </message>
    <message>
        <source>Khóa màn hình</source>
        <translation>Lock the screen</translation>
    </message>
    <message>
        <source>Quay lại biểu mẫu (Esc)</source>
        <translation>Back to the form (Esc)</translation>
    </message>
    <message>
        <source>Đăng xuất</source>
        <translation>Log out</translation>
    </message>
    <message>
        <source>Đổi người dùng…</source>
        <translation>Switch user…</translation>
    </message>
    <message>
        <source>Chỉ số 766</source>
        <translation>766 index</translation>
    </message>
</context>
<context>
    <name>NoteDialog</name>
    <message>
        <source>Xác nhận</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Cần ghi rõ lý do.</source>
        <translation>Please give the reason.</translation>
    </message>
    <message>
        <source>Hủy (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <source>Xác nhận (Ctrl+Enter)</source>
        <translation>Confirm (Ctrl+Enter)</translation>
    </message>
</context>
<context>
    <name>FileViewer</name>
    <message>
        <source>Không mở được tệp này.</source>
        <translation>This file cannot be opened.</translation>
    </message>
    <message>
        <source>Xem tệp — {name}</source>
        <translation>View file — {name}</translation>
    </message>
    <message>
        <source>{component}. {name} · {pages} trang</source>
        <translation>{component}. {name} · {pages} pages</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>PreviewDialog</name>
    <message>
        <source>Máy này chưa cài đặt máy in nào nên chưa in được. Bạn có thể lưu thành tệp PDF để in ở máy khác.</source>
        <translation>No printer is installed on this computer, so nothing was printed. You can save a PDF file and print it elsewhere.</translation>
    </message>
    <message>
        <source>Lưu PDF…</source>
        <translation>Save PDF…</translation>
    </message>
    <message>
        <source>In hồ sơ {code}</source>
        <translation>Print dossier {code}</translation>
    </message>
    <message>
        <source>Đang in…</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <source>Đã gửi tới máy in {name}.</source>
        <translation>Sent to the printer {name}.</translation>
    </message>
    <message>
        <source>Bạn có thể lưu thành tệp PDF.</source>
        <translation>You can save it as a PDF file.</translation>
    </message>
    <message>
        <source>Lưu bản in thành tệp PDF</source>
        <translation>Save the form as a PDF file</translation>
    </message>
    <message>
        <source>Tệp PDF (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>Đã lưu tệp {path}</source>
        <translation>Saved {path}</translation>
    </message>
    <message>
        <source>Xem trước bản in — {code} — {form}</source>
        <translation>Print preview — {code} — {form}</translation>
    </message>
    <message>
        <source>Mẫu in:</source>
        <translation>Form:</translation>
    </message>
    <message>
        <source>In… (Ctrl+P)</source>
        <translation>Print… (Ctrl+P)</translation>
    </message>
    <message>
        <source>Lưu PDF… (Ctrl+S)</source>
        <translation>Save PDF… (Ctrl+S)</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Lưu danh sách bàn giao thành tệp PDF</source>
        <translation>Save the hand-over list as a PDF file</translation>
    </message>
    <message>
        <source>Danh sách bàn giao</source>
        <translation>Hand-over list</translation>
    </message>
    <message>
        <source>Danh sách bàn giao {batch}</source>
        <translation>Hand-over list {batch}</translation>
    </message>
</context>
<context>
    <name>ProcedurePicker</name>
    <message>
        <source>Đã chọn: {name} ({code})</source>
        <translation>Chosen: {name} ({code})</translation>
    </message>
    <message>
        <source>Chưa chọn thủ tục</source>
        <translation>No procedure chosen</translation>
    </message>
    <message>
        <source>Gõ một phần tên hoặc mã thủ tục (không dấu cũng được), ↑↓ để chọn, Enter</source>
        <translation>Type part of the name or code (accents optional), ↑↓ to choose, Enter</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <source>Quá hạn trả kết quả</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>Sắp đến hạn (hôm nay hoặc ngày làm việc kế tiếp)</source>
        <translation>Due soon (today or the next working day)</translation>
    </message>
    <message>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <source>Người nộp</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Số định danh</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>Kênh</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Tiếp nhận</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Hẹn trả</source>
        <translation>Due</translation>
    </message>
</context>
<context>
    <name>QueueScreen</name>
    <message>
        <source>Bổ sung lần 2 trở lên</source>
        <translation>Second supplement or more</translation>
    </message>
    <message>
        <source>Hồ sơ đã yêu cầu bổ sung từ hai lần: chỉ số 766 tính là quá hạn.</source>
        <translation>Dossiers asked for a supplement twice or more: the 766 index counts them overdue.</translation>
    </message>
    <message>
        <source>Chưa số hóa</source>
        <translation>Not digitised</translation>
    </message>
    <message>
        <source> (cuộn xuống để tải thêm)</source>
        <translation> (scroll down to load more)</translation>
    </message>
    <message>
        <source>Đang hiển thị {n} hồ sơ</source>
        <translation>Dossiers shown: {n}</translation>
    </message>
    <message>
        <source>Mã hồ sơ, số định danh hoặc họ tên (gõ không dấu cũng được)</source>
        <translation>Dossier code, ID number or name (accents optional)</translation>
    </message>
    <message>
        <source>Trạng thái:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>Kênh:</source>
        <translation>Channel:</translation>
    </message>
    <message>
        <source>Tất cả trạng thái</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>Tất cả kênh</source>
        <translation>All channels</translation>
    </message>
    <message>
        <source>Quá hạn</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>Đến hạn hôm nay</source>
        <translation>Due today</translation>
    </message>
    <message>
        <source>Tiếp nhận hôm nay</source>
        <translation>Received today</translation>
    </message>
    <message>
        <source>Sắp đến hạn</source>
        <translation>Due soon</translation>
    </message>
    <message>
        <source>Xem chi tiết (Enter)</source>
        <translation>Open (Enter)</translation>
    </message>
    <message>
        <source>Quét mã QR (biên nhận, thẻ căn cước, danh sách bàn giao) hoặc gõ mã hồ sơ (1001, 261201-1001), họ tên hay tên (không dấu), số định danh hoặc các số cuối; Enter mở hồ sơ</source>
        <translation>Scan a QR code (receipt, ID card, hand-over list) or type a dossier code (1001, 261201-1001), a full or given name (accents optional), an ID number or its last digits; Enter opens the dossier</translation>
    </message>
    <message>
        <source>Tì&amp;m:</source>
        <translation>Sea&amp;rch:</translation>
    </message>
</context>
<context>
    <name>RejectedDialog</name>
    <message>
        <source>Gửi lại</source>
        <translation>Resend</translation>
    </message>
    <message>
        <source>Hồ sơ bị hệ thống thành phố từ chối</source>
        <translation>Dossiers rejected by the city system</translation>
    </message>
    <message>
        <source>Các hồ sơ dưới đây đã được lưu ở quầy nhưng hệ thống của thành phố chưa nhận. Hãy kiểm tra lý do, sửa thông tin nếu cần, hoặc báo bộ phận kỹ thuật.</source>
        <translation>These dossiers are saved at the counter but the city system has not accepted them. Check the reason, correct the data if needed, or call technical support.</translation>
    </message>
    <message>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <source>Lý do</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Thời điểm</source>
        <translation>When</translation>
    </message>
    <message>
        <source>Xử lý</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>ReportsScreen</name>
    <message>
        <source>Ngày kết thúc phải sau ngày bắt đầu.</source>
        <translation>The end date must not be before the start date.</translation>
    </message>
    <message>
        <source>Đang lập báo cáo…</source>
        <translation>Building the report…</translation>
    </message>
    <message>
        <source>Lập lúc {at}</source>
        <translation>Built at {at}</translation>
    </message>
    <message>
        <source>Không rõ / hệ thống</source>
        <translation>Unknown / system</translation>
    </message>
    <message>
        <source>Hồ sơ theo kênh nộp</source>
        <translation>Dossiers by channel</translation>
    </message>
    <message>
        <source>Trước hạn</source>
        <translation>Early</translation>
    </message>
    <message>
        <source>Đúng hạn</source>
        <translation>On time</translation>
    </message>
    <message>
        <source>Quá hạn</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>Đã giải quyết</source>
        <translation>Resolved</translation>
    </message>
    <message>
        <source>Kết quả giải quyết so với hẹn trả</source>
        <translation>Resolved against the due date</translation>
    </message>
    <message>
        <source>Đã giải quyết: {n}</source>
        <translation>Resolved: {n}</translation>
    </message>
    <message>
        <source>Bảng tính Excel (*.xlsx)</source>
        <translation>Excel workbooks (*.xlsx)</translation>
    </message>
    <message>
        <source>Tệp CSV (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
    <message>
        <source>Xuất báo cáo</source>
        <translation>Export report</translation>
    </message>
    <message>
        <source>Đã xuất báo cáo ra tệp {path}</source>
        <translation>Report exported to {path}</translation>
    </message>
    <message>
        <source>Theo thủ tục</source>
        <translation>By procedure</translation>
    </message>
    <message>
        <source>Theo cán bộ tiếp nhận</source>
        <translation>By clerk</translation>
    </message>
    <message>
        <source>Hồ sơ quá hạn ({n})</source>
        <translation>Overdue dossiers ({n})</translation>
    </message>
    <message>
        <source>Từ ngày:</source>
        <translation>From:</translation>
    </message>
    <message>
        <source>đến ngày:</source>
        <translation>to:</translation>
    </message>
    <message>
        <source>Lập báo cáo</source>
        <translation>Build report</translation>
    </message>
    <message>
        <source>Xuất CSV…</source>
        <translation>Export CSV…</translation>
    </message>
    <message>
        <source>Xuất Excel…</source>
        <translation>Export Excel…</translation>
    </message>
    <message>
        <source>Số liệu</source>
        <translation>Figures</translation>
    </message>
    <message>
        <source>Tổng số hồ sơ tiếp nhận</source>
        <translation>Dossiers received</translation>
    </message>
    <message>
        <source>Trực tiếp</source>
        <translation>Direct</translation>
    </message>
    <message>
        <source>Trực tuyến</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Bưu chính công ích</source>
        <translation>Public post</translation>
    </message>
    <message>
        <source>Tỷ lệ đúng hạn</source>
        <translation>On-time rate</translation>
    </message>
    <message>
        <source>Đang giải quyết</source>
        <translation>In processing</translation>
    </message>
    <message>
        <source>Đang giải quyết quá hạn</source>
        <translation>In processing, overdue</translation>
    </message>
    <message>
        <source>Tỷ lệ trực tuyến</source>
        <translation>Online rate</translation>
    </message>
    <message>
        <source>Trực tuyến có hỗ trợ</source>
        <translation>Assisted online</translation>
    </message>
    <message>
        <source>Tỷ lệ thanh toán trực tuyến</source>
        <translation>Online payment rate</translation>
    </message>
    <message>
        <source>Hồ sơ đã số hóa</source>
        <translation>Dossiers digitised</translation>
    </message>
    <message>
        <source>Tỷ lệ hồ sơ đã số hóa</source>
        <translation>Digitised rate</translation>
    </message>
    <message>
        <source>Hồ sơ có giấy tờ tái sử dụng</source>
        <translation>Dossiers with reused documents</translation>
    </message>
    <message>
        <source>Hồ sơ có kết quả điện tử</source>
        <translation>Dossiers with an electronic result</translation>
    </message>
    <message>
        <source>Mã</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Tên</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Tổng số</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Bưu chính</source>
        <translation>Post</translation>
    </message>
    <message>
        <source>Tên đăng nhập</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <source>Người nộp</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Mã thủ tục</source>
        <translation>Procedure code</translation>
    </message>
    <message>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>Tiếp nhận lúc</source>
        <translation>Received at</translation>
    </message>
    <message>
        <source>Hẹn trả</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>Tỷ lệ hài lòng</source>
        <translation>Share satisfied</translation>
    </message>
    <message>
        <source>{total} (rất hài lòng {very}, hài lòng {ok}, không hài lòng {bad})</source>
        <translation>{total} (very satisfied {very}, satisfied {ok}, not satisfied {bad})</translation>
    </message>
    <message>
        <source>Đánh giá của người dân</source>
        <translation>Citizens' ratings</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <source>Đang tạo dữ liệu mẫu ({n} hồ sơ)…</source>
        <translation>Creating demo data (dossiers: {n})…</translation>
    </message>
    <message>
        <source>Quầy số {slot}</source>
        <translation>Counter {slot}</translation>
    </message>
    <message>
        <source>Không mở được dữ liệu do lỗi chương trình. Chi tiết: {path}</source>
        <translation>The data could not be opened because of a program error. Details: {path}</translation>
    </message>
    <message>
        <source>Không khởi động được MotCua Desk</source>
        <translation>MotCua Desk cannot start</translation>
    </message>
    <message>
        <source>Thoát</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>Thư mục dữ liệu: {path}</source>
        <translation>Data folder: {path}</translation>
    </message>
</context>
<context>
    <name>SyncStrip</name>
    <message>
        <source>Chưa kết nối hệ thống của thành phố</source>
        <extracomment>(background, text) of the state pill.</extracomment>
        <translation>Not connected to the city system</translation>
    </message>
    <message>
        <source>Mất kết nối — đang làm việc ngoại tuyến</source>
        <translation>Offline — working locally</translation>
    </message>
    <message>
        <source>Đang đồng bộ…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <source>Tiến trình khác đang đồng bộ</source>
        <translation>Another process is syncing</translation>
    </message>
    <message>
        <source>Đã kết nối, đã đồng bộ</source>
        <translation>Online, up to date</translation>
    </message>
    <message>
        <source>Cần xử lý</source>
        <translation>Needs attention</translation>
    </message>
    <message>
        <source>Đang kiểm tra kết nối…</source>
        <translation>Checking the connection…</translation>
    </message>
    <message>
        <source>Chờ gửi: {n} hồ sơ</source>
        <translation>Waiting to send: {n}</translation>
    </message>
    <message>
        <source>Bị từ chối: {n}</source>
        <translation>Rejected: {n}</translation>
    </message>
    <message>
        <source>Đồng bộ lần cuối: {when}</source>
        <translation>Last sync: {when}</translation>
    </message>
    <message>
        <source>chưa có</source>
        <translation>never</translation>
    </message>
    <message>
        <source>⚠ Đồng hồ máy này nhanh {minutes} phút so với máy chủ</source>
        <translation>⚠ This computer&apos;s clock is {minutes} min ahead of the server</translation>
    </message>
    <message>
        <source>⚠ Đồng hồ máy này chậm {minutes} phút so với máy chủ</source>
        <translation>⚠ This computer&apos;s clock is {minutes} min behind the server</translation>
    </message>
    <message>
        <source>Đồng bộ ngay (F5)</source>
        <translation>Sync now (F5)</translation>
    </message>
    <message>
        <source>Xem các hồ sơ bị hệ thống thành phố từ chối</source>
        <translation>Show the dossiers the city system rejected</translation>
    </message>
</context>
<context>
    <name>UiSession</name>
    <message>
        <source>Lỗi chương trình: {error}. Chi tiết đã ghi vào nhật ký.</source>
        <translation>Program error: {error}. The details are in the log.</translation>
    </message>
</context>
<context>
    <name>UserDialog</name>
    <message>
        <source>Thêm người dùng</source>
        <translation>Add user</translation>
    </message>
    <message>
        <source>Tên đăng nhập:</source>
        <translation>User name:</translation>
    </message>
    <message>
        <source>Họ và tên:</source>
        <translation>Full name:</translation>
    </message>
    <message>
        <source>Vai trò:</source>
        <translation>Role:</translation>
    </message>
    <message>
        <source>Mật khẩu ban đầu:</source>
        <translation>First password:</translation>
    </message>
    <message>
        <source>chữ thường không dấu, ví dụ canbo2</source>
        <translation>lower case without accents, e.g. canbo2</translation>
    </message>
    <message>
        <source>ít nhất 8 ký tự</source>
        <translation>at least 8 characters</translation>
    </message>
    <message>
        <source>Thêm</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>UsersScreen</name>
    <message>
        <source>Cán bộ tiếp nhận</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <source>Tình nguyện viên</source>
        <translation>Volunteer</translation>
    </message>
    <message>
        <source>Nhân viên bưu điện</source>
        <translation>Post-office agent</translation>
    </message>
    <message>
        <source>Lãnh đạo, quản trị</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <source>Đã khóa</source>
        <translation>Disabled</translation>
    </message>
    <message>
        <source>Tạm khóa do nhập sai mật khẩu</source>
        <translation>Locked after wrong passwords</translation>
    </message>
    <message>
        <source>Đang hoạt động</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>Mở khóa tài khoản</source>
        <translation>Enable account</translation>
    </message>
    <message>
        <source>Khóa tài khoản</source>
        <translation>Disable account</translation>
    </message>
    <message>
        <source>Đã lưu thay đổi của {user}.</source>
        <translation>Changes to {user} saved.</translation>
    </message>
    <message>
        <source>Đặt lại mật khẩu cho {user}</source>
        <translation>Reset the password of {user}</translation>
    </message>
    <message>
        <source>Mật khẩu mới:</source>
        <translation>New password:</translation>
    </message>
    <message>
        <source>Đặt lại</source>
        <translation>Reset</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Tên đăng nhập</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Vai trò</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Tình trạng</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Thêm người dùng…</source>
        <translation>Add user…</translation>
    </message>
    <message>
        <source>Đặt lại mật khẩu…</source>
        <translation>Reset password…</translation>
    </message>
    <message>
        <source>Đổi vai trò</source>
        <translation>Change role</translation>
    </message>
</context>
<context>
    <name>VoidDialog</name>
    <message>
        <source>Cần lãnh đạo phê duyệt: nhập tên và mật khẩu.</source>
        <translation>A supervisor must approve: enter their user name and password.</translation>
    </message>
    <message>
        <source>Hủy hồ sơ nhập nhầm — {code}</source>
        <translation>Void dossier entered by mistake — {code}</translation>
    </message>
    <message>
        <source>Lãnh đạo phê duyệt:</source>
        <translation>Approving supervisor:</translation>
    </message>
    <message>
        <source>Lý do hủy (ghi vào quá trình xử lý và gửi lên hệ thống của thành phố; hồ sơ không bị xóa, mã hồ sơ không dùng lại):</source>
        <translation>Reason for the void (kept in the history and sent to the city system; the dossier is not deleted and its code is never reused):</translation>
    </message>
    <message>
        <source>Mật khẩu lãnh đạo:</source>
        <translation>Supervisor's password:</translation>
    </message>
    <message>
        <source>Cần ghi rõ lý do.</source>
        <translation>A reason is required.</translation>
    </message>
    <message>
        <source>Xác nhận</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>VolunteerScreen</name>
    <message>
        <source>Chưa chọn thủ tục: gõ một phần tên hoặc mã thủ tục rồi nhấn Enter.</source>
        <translation>No procedure chosen: type part of its name or code, then press Enter.</translation>
    </message>
    <message>
        <source>Đã ghi nhận: {proc} — {what}.</source>
        <translation>Recorded: {proc} — {what}.</translation>
    </message>
    <message>
        <source>Hôm nay: {n} lượt hỗ trợ, {k} hồ sơ đã nộp trực tuyến.</source>
        <translation>Today: citizens helped: {n}; submitted online: {k}.</translation>
    </message>
    <message>
        <source>Ghi nhận hỗ trợ nộp hồ sơ trực tuyến</source>
        <translation>Record an assisted online submission</translation>
    </message>
    <message>
        <source>Thủ tục:</source>
        <translation>Procedure:</translation>
    </message>
    <message>
        <source>Kết quả:</source>
        <translation>Outcome:</translation>
    </message>
    <message>
        <source>Mã hồ sơ trực tuyến:</source>
        <translation>Online dossier code:</translation>
    </message>
    <message>
        <source>Lý do chưa nộp được:</source>
        <translation>Why it could not be submitted:</translation>
    </message>
    <message>
        <source>Số định danh (không bắt buộc):</source>
        <translation>ID number (optional):</translation>
    </message>
    <message>
        <source>Ghi chú:</source>
        <translation>Note:</translation>
    </message>
    <message>
        <source>Đã nộp trực tuyến</source>
        <translation>Submitted online</translation>
    </message>
    <message>
        <source>Chưa nộp được</source>
        <translation>Could not submit</translation>
    </message>
    <message>
        <source>Mã do Cổng dịch vụ công cấp</source>
        <translation>The code the public service portal gave</translation>
    </message>
    <message>
        <source>Ví dụ: thiếu bản quét giấy tờ, lỗi cổng</source>
        <translation>E.g. a missing scan, the portal failed</translation>
    </message>
    <message>
        <source>12 chữ số (hoặc CMND 9 chữ số)</source>
        <translation>12 digits (or an old 9-digit ID)</translation>
    </message>
    <message>
        <source>Ghi nhận (Enter)</source>
        <translation>Record (Enter)</translation>
    </message>
    <message>
        <source>Lượt hỗ trợ hôm nay</source>
        <translation>Citizens helped today</translation>
    </message>
    <message>
        <source>Lúc</source>
        <translation>At</translation>
    </message>
    <message>
        <source>Mã hồ sơ trực tuyến</source>
        <translation>Online dossier code</translation>
    </message>
    <message>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>Kết quả</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Lý do</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Số định danh</source>
        <translation>ID number</translation>
    </message>
</context>
<context>
    <name>printforms</name>
    <message>
        <source>Giấy tiếp nhận và hẹn trả kết quả (Mẫu 01)</source>
        <extracomment>Every form key the printing service knows, in the order the clerk sees them. The status a form needs in the history (as the printing service checks). The form printed right after a move into a status.</extracomment>
        <translation>Receipt and appointment slip (Form 01)</translation>
    </message>
    <message>
        <source>Biên nhận khổ 80 mm</source>
        <translation>80 mm thermal receipt</translation>
    </message>
    <message>
        <source>Phiếu kiểm soát quá trình giải quyết (Mẫu 06)</source>
        <translation>Control sheet (Form 06)</translation>
    </message>
    <message>
        <source>Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02)</source>
        <translation>Supplement request (Form 02)</translation>
    </message>
    <message>
        <source>Phiếu từ chối tiếp nhận (Mẫu 03)</source>
        <translation>Refusal notice (Form 03)</translation>
    </message>
    <message>
        <source>Văn bản xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04)</source>
        <translation>Apology and new return date (Form 04)</translation>
    </message>
    <message>
        <source>Thông báo dừng giải quyết hồ sơ (Mẫu 05)</source>
        <translation>Notice of stopped processing (Form 05)</translation>
    </message>
    <message>
        <source>Giấy tiếp nhận và hẹn trả kết quả, khổ A4 (Mẫu 01)</source>
        <translation>Receipt and appointment slip, A4 (Form 01)</translation>
    </message>
</context>
<context>
    <name>DocumentsDialog</name>
    <message>
        <source>Số hóa hồ sơ {code}</source>
        <translation>Digitise dossier {code}</translation>
    </message>
    <message>
        <source>Còn {n} trang chưa lưu: Ctrl+S để lưu vào hồ sơ, Esc lần nữa để đóng và bỏ chúng.</source>
        <translation>{n} pages are not saved yet: Ctrl+S saves them to the dossier, Esc again closes and drops them.</translation>
    </message>
</context>
<context>
    <name>DocumentsPanel</name>
    <message>
        <source>{name} · {pages} trang · {kb} KB</source>
        <translation>{name} · {pages} page(s) · {kb} KB</translation>
    </message>
    <message>
        <source>{name} — {component} ({code}, {pages} trang)</source>
        <translation>{name} — {component} ({code}, {pages} page(s))</translation>
    </message>
    <message>
        <source>Giấy tờ (*.pdf *.jpg *.jpeg *.png *.tif *.tiff)</source>
        <translation>Documents (*.pdf *.jpg *.jpeg *.png *.tif *.tiff)</translation>
    </message>
    <message>
        <source>Chọn tệp giấy tờ</source>
        <translation>Choose document files</translation>
    </message>
    <message>
        <source>Đã lưu các trang vào hồ sơ.</source>
        <translation>The pages were saved to the dossier.</translation>
    </message>
    <message>
        <source> — từ thành phố</source>
        <translation> — from the city</translation>
    </message>
    <message>
        <source>Các trang chưa lưu</source>
        <translation>Pages not saved yet</translation>
    </message>
    <message>
        <source>Tệp đã lưu (Enter để xem)</source>
        <translation>Saved files (Enter to view)</translation>
    </message>
    <message>
        <source>Thành phần hồ sơ</source>
        <translation>Dossier components</translation>
    </message>
    <message>
        <source>Tệp mới từ máy photocopy (F10 để đính kèm):</source>
        <translation>New files from the copier (F10 to attach):</translation>
    </message>
    <message>
        <source>Dùng lại (F9)</source>
        <translation>Reuse (F9)</translation>
    </message>
    <message>
        <source>Giấy tờ đã số hóa trước đây của người nộp (F9 để dùng lại):</source>
        <translation>The applicant's documents digitised before (F9 to reuse):</translation>
    </message>
    <message>
        <source>Bỏ trang (Delete)</source>
        <translation>Remove page (Delete)</translation>
    </message>
    <message>
        <source>Xoay (R)</source>
        <translation>Rotate (R)</translation>
    </message>
    <message>
        <source>Lưu các trang (Ctrl+S)</source>
        <translation>Save pages (Ctrl+S)</translation>
    </message>
    <message>
        <source>Nhập tệp… (Ctrl+O)</source>
        <translation>Import file… (Ctrl+O)</translation>
    </message>
    <message>
        <source>Dừng quét</source>
        <translation>Stop scanning</translation>
    </message>
    <message>
        <source>Quét trang tiếp (F8)</source>
        <translation>Scan next page (F8)</translation>
    </message>
    <message>
        <source>Giữ màu</source>
        <translation>Keep colour</translation>
    </message>
</context>
<context>
    <name>ReuseOffer</name>
    <message>
        <source>Người này đã có {n} giấy tờ được số hóa trước đây: sau khi lưu hồ sơ, nhấn F7 rồi F9 để dùng lại thay vì xin bản sao mới.</source>
        <translation>This person already has {n} documents digitised before: after saving the dossier, press F7 then F9 to reuse one instead of asking for a new copy.</translation>
    </message>
</context>
<context>
    <name>ResultsPanel</name>
    <message>
        <source>Tệp lỗi, sẽ tải lại</source>
        <translation>File damaged, fetched again</translation>
    </message>
    <message>
        <source>Đang chờ tệp</source>
        <translation>Waiting for the file</translation>
    </message>
    <message>
        <source>Hợp lệ</source>
        <translation>Valid</translation>
    </message>
    <message>
        <source>⚠ Chưa ký số</source>
        <translation>⚠ Not signed</translation>
    </message>
    <message>
        <source>⚠ Bị thay đổi sau khi ký</source>
        <translation>⚠ Changed after signing</translation>
    </message>
    <message>
        <source>⚠ Không được tin cậy</source>
        <translation>⚠ Not trusted</translation>
    </message>
    <message>
        <source>⚠ Chứng thư hết hạn</source>
        <translation>⚠ Certificate expired</translation>
    </message>
    <message>
        <source>⚠ Chứng thư bị thu hồi</source>
        <translation>⚠ Certificate revoked</translation>
    </message>
    <message>
        <source>Chưa có kết quả điện tử.</source>
        <translation>No electronic result yet.</translation>
    </message>
    <message>
        <source>Kết quả giải quyết</source>
        <translation>Results</translation>
    </message>
    <message>
        <source>{pages} trang</source>
        <translation>{pages} pages</translation>
    </message>
    <message>
        <source>Kết quả</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>Tệp</source>
        <translation>File</translation>
    </message>
    <message>
        <source>Chữ ký số</source>
        <translation>Signature</translation>
    </message>
    <message>
        <source>Đã trả kết quả lúc {at} cho {who}.</source>
        <translation>Result handed over at {at} to {who}.</translation>
    </message>
    <message>
        <source>Kết quả — {name}</source>
        <translation>Result — {name}</translation>
    </message>
    <message>
        <source>Biên nhận trả kết quả — {code}</source>
        <translation>Receipt of the result's hand-over — {code}</translation>
    </message>
    <message>
        <source>Xem kết quả ({keys})</source>
        <translation>View result ({keys})</translation>
    </message>
    <message>
        <source>Chọn tệp kết quả</source>
        <translation>Choose the result file</translation>
    </message>
    <message>
        <source>Kết quả (*.pdf *.jpg *.jpeg *.png *.tif *.tiff)</source>
        <translation>Results (*.pdf *.jpg *.jpeg *.png *.tif *.tiff)</translation>
    </message>
    <message>
        <source>Đính kèm kết quả…</source>
        <translation>Attach a result…</translation>
    </message>
</context>
<context>
    <name>HandoverDialog</name>
    <message>
        <source>Người nộp hồ sơ</source>
        <translation>The applicant</translation>
    </message>
    <message>
        <source>Người được ủy quyền</source>
        <translation>An authorised person</translation>
    </message>
    <message>
        <source>Bưu chính công ích</source>
        <translation>The public post</translation>
    </message>
    <message>
        <source>cách nhau bởi dấu ; (không bắt buộc)</source>
        <translation>separated by ; (optional)</translation>
    </message>
    <message>
        <source>&amp;Người nhận:</source>
        <translation>&amp;Recipient:</translation>
    </message>
    <message>
        <source>&amp;Họ tên:</source>
        <translation>&amp;Full name:</translation>
    </message>
    <message>
        <source>Số &amp;định danh/CCCD:</source>
        <translation>&amp;ID number:</translation>
    </message>
    <message>
        <source>&amp;Bản gốc trả lại:</source>
        <translation>&amp;Originals given back:</translation>
    </message>
    <message>
        <source>Trả kết quả — {code}</source>
        <translation>Hand over the result — {code}</translation>
    </message>
    <message>
        <source>{count} kết quả của hồ sơ {code}. Enter: xác nhận đã trả.</source>
        <translation>{count} result(s) of dossier {code}. Enter confirms the hand-over.</translation>
    </message>
</context>
<context>
    <name>PdfViewer</name>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Không mở được tệp này.</source>
        <translation>This file cannot be opened.</translation>
    </message>
</context>
<context>
    <name>CustomerDisplay</name>
    <message>
        <source>Ghi lời người dân rồi bấm Ghi lý do</source>
        <translation>Write down what the citizen says, then press Record reason</translation>
    </message>
</context>
<context>
    <name>CustomerMenu</name>
    <message>
        <source>Màn hình ngườ&amp;i dân</source>
        <translation>Ci&amp;tizen screen</translation>
    </message>
    <message>
        <source>Hiển thị trên màn hình</source>
        <translation>Show on screen</translation>
    </message>
    <message>
        <source>Mở màn hình người dân</source>
        <translation>Open the citizen screen</translation>
    </message>
    <message>
        <source>Hỏi thêm các tiêu chí của phiếu khảo sát</source>
        <translation>Also ask the survey's criteria</translation>
    </message>
</context>
<context>
    <name>CustomerWindow</name>
    <message>
        <source>MotCua Desk — màn hình dành cho người dân</source>
        <translation>MotCua Desk — citizen screen</translation>
    </message>
    <message>
        <source>Cán bộ tiếp nhận: {name}</source>
        <translation>Your clerk: {name}</translation>
    </message>
    <message>
        <source>Xin kính chào quý khách!</source>
        <translation>Welcome!</translation>
    </message>
    <message>
        <source>Ông/Bà có hài lòng với việc giải quyết hồ sơ tại quầy này không?</source>
        <translation>Are you satisfied with how your dossier was handled at this counter?</translation>
    </message>
    <message>
        <source>Rất hài lòng</source>
        <translation>Very satisfied</translation>
    </message>
    <message>
        <source>Hài lòng</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <source>Không hài lòng</source>
        <translation>Not satisfied</translation>
    </message>
    <message>
        <source>Chạm vào một nút, hoặc bấm phím 1, 2, 3.</source>
        <translation>Touch a button, or press 1, 2 or 3.</translation>
    </message>
    <message>
        <source>Ông/Bà chưa hài lòng về điều gì?</source>
        <translation>What were you not satisfied with?</translation>
    </message>
    <message>
        <source>Xin Ông/Bà đánh giá thêm từng tiêu chí (không bắt buộc)</source>
        <translation>Please also rate each criterion (optional)</translation>
    </message>
    <message>
        <source>Gửi đánh giá</source>
        <translation>Send</translation>
    </message>
    <message>
        <source>Xin cảm ơn Ông/Bà!</source>
        <translation>Thank you!</translation>
    </message>
</context>
<context>
    <name>HandledNoteDialog</name>
    <message>
        <source>Xử lý ý kiến không hài lòng</source>
        <translation>Handle an unhappy answer</translation>
    </message>
    <message>
        <source>Hồ sơ {code}: việc đã làm</source>
        <translation>Dossier {code}: what was done</translation>
    </message>
    <message>
        <source>Ghi đã xử lý</source>
        <translation>Record as handled</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>UnhappyRatingsScreen</name>
    <message>
        <source>Tất cả đánh giá: {total} — rất hài lòng {very}, hài lòng {ok}, không hài lòng {bad} (chưa xử lý {open}); tỷ lệ hài lòng {share}</source>
        <translation>All ratings: {total} — very satisfied {very}, satisfied {ok}, not satisfied {bad} ({open} not handled); satisfied {share}</translation>
    </message>
    <message>
        <source>Đã ghi việc xử lý.</source>
        <translation>Handling recorded.</translation>
    </message>
    <message>
        <source>Cả ý kiến đã xử lý</source>
        <translation>Include handled answers</translation>
    </message>
    <message>
        <source>Làm mới</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Ghi đã xử lý…</source>
        <translation>Record as handled…</translation>
    </message>
    <message>
        <source>Thời điểm</source>
        <translation>When</translation>
    </message>
    <message>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <source>Cán bộ</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <source>Lý do</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Lời người dân</source>
        <translation>Citizen's words</translation>
    </message>
    <message>
        <source>Đã xử lý</source>
        <translation>Handled</translation>
    </message>
</context>
<context>
    <name>UnhappyReasonDialog</name>
    <message>
        <source>Người dân không hài lòng</source>
        <translation>Citizen not satisfied</translation>
    </message>
    <message>
        <source>Người dân chọn KHÔNG HÀI LÒNG. Lý do có thể chọn trên màn hình của người dân, hoặc ghi ở đây theo lời người dân.</source>
        <translation>The citizen chose NOT SATISFIED. The reason can be picked on the citizen's screen, or written here as the citizen says it.</translation>
    </message>
    <message>
        <source>Lý do:</source>
        <translation>Reason:</translation>
    </message>
    <message>
        <source>Lời người dân:</source>
        <translation>Citizen's words:</translation>
    </message>
    <message>
        <source>Ghi lý do</source>
        <translation>Record reason</translation>
    </message>
</context>
<context>
    <name>PaymentsDialog</name>
    <message>
        <source>Hồ sơ này không có khoản phí, lệ phí nào.</source>
        <translation>This dossier has no fee to pay.</translation>
    </message>
    <message>
        <source>Chưa thu</source>
        <translation>Not paid</translation>
    </message>
    <message>
        <source>Miễn thu</source>
        <translation>Exempt</translation>
    </message>
    <message>
        <source>Biên lai {symbol} {number}, {when}</source>
        <translation>Receipt {symbol} {number}, {when}</translation>
    </message>
    <message>
        <source>mã tra cứu {code}</source>
        <translation>lookup code {code}</translation>
    </message>
    <message>
        <source>biên lai điện tử đang chờ gửi</source>
        <translation>e-receipt waiting to be sent</translation>
    </message>
    <message>
        <source>Đã thu {amount}: biên lai {symbol} {number}. Ctrl+P để in.</source>
        <translation>Collected {amount}: receipt {symbol} {number}. Ctrl+P prints it.</translation>
    </message>
    <message>
        <source>Thu phí, lệ phí — {code}</source>
        <translation>Fees — {code}</translation>
    </message>
    <message>
        <source>TT</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>Khoản phí, lệ phí</source>
        <translation>Fee</translation>
    </message>
    <message>
        <source>Số tiền</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>Hình thức</source>
        <translation>Method</translation>
    </message>
    <message>
        <source>Biên lai</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <source>Hình thức nộp:</source>
        <translation>Paid by:</translation>
    </message>
    <message>
        <source>1 Tiền mặt tại quầy</source>
        <translation>1 Cash at the counter</translation>
    </message>
    <message>
        <source>2 Chuyển khoản (VietQR)</source>
        <translation>2 Bank transfer (VietQR)</translation>
    </message>
    <message>
        <source>3 Thanh toán trực tuyến</source>
        <translation>3 Online payment</translation>
    </message>
    <message>
        <source>Ghi nhận đã thu (Ctrl+Enter)</source>
        <translation>Record as paid (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>In biên lai… (Ctrl+P)</source>
        <translation>Print receipt… (Ctrl+P)</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>ReceiptPreview</name>
    <message>
        <source>Biên lai số {number}</source>
        <translation>Receipt no. {number}</translation>
    </message>
    <message>
        <source>Lưu biên lai thành tệp PDF</source>
        <translation>Save the receipt as a PDF file</translation>
    </message>
    <message>
        <source>Biên lai</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <source>Tệp PDF (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>Mẫu in:</source>
        <translation>Form:</translation>
    </message>
    <message>
        <source>In… (Ctrl+P)</source>
        <translation>Print… (Ctrl+P)</translation>
    </message>
    <message>
        <source>Lưu PDF… (Ctrl+S)</source>
        <translation>Save PDF… (Ctrl+S)</translation>
    </message>
    <message>
        <source>Bạn có thể lưu thành tệp PDF.</source>
        <translation>You can save it as a PDF file.</translation>
    </message>
    <message>
        <source>Lưu PDF…</source>
        <translation>Save PDF…</translation>
    </message>
    <message>
        <source>Đã lưu tệp {path}</source>
        <translation>Saved {path}</translation>
    </message>
</context>
<context>
    <name>ApplicantKindSwitch</name>
    <message>
        <source>Công dân</source>
        <translation>Citizen</translation>
    </message>
    <message>
        <source>Doanh nghiệp</source>
        <translation>Enterprise</translation>
    </message>
    <message>
        <source>Cơ quan nhà nước</source>
        <translation>State agency</translation>
    </message>
    <message>
        <source>Tổ chức khác</source>
        <translation>Other organisation</translation>
    </message>
    <message>
        <source>&amp;Loại người nộp (F6):</source>
        <translation>Applicant &amp;kind (F6):</translation>
    </message>
    <message>
        <source>Người đại diện:</source>
        <translation>Representative:</translation>
    </message>
    <message>
        <source>Họ tên người đại diện (quét thẻ căn cước của người này cũng được)</source>
        <translation>The representative's full name (or scan their ID card)</translation>
    </message>
    <message>
        <source>Tên tổ chức:</source>
        <translation>Organisation name:</translation>
    </message>
    <message>
        <source>Mã số thuế:</source>
        <translation>Tax code:</translation>
    </message>
    <message>
        <source>10 chữ số; chi nhánh: 10 chữ số-3 chữ số</source>
        <translation>10 digits; a branch: 10 digits-3 digits</translation>
    </message>
</context>
<context>
    <name>ScorecardScreen</name>
    <message>
        <source>Đang tính chỉ số…</source>
        <translation>Computing the index…</translation>
    </message>
    <message>
        <source>Xuất bảng điểm 766</source>
        <translation>Export the 766 scorecard</translation>
    </message>
    <message>
        <source>Bảng tính Excel (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>Từ ngày</source>
        <translation>From</translation>
    </message>
    <message>
        <source>đến</source>
        <translation>to</translation>
    </message>
    <message>
        <source>Theo</source>
        <translation>By</translation>
    </message>
    <message>
        <source>tháng</source>
        <translation>month</translation>
    </message>
    <message>
        <source>quý</source>
        <translation>quarter</translation>
    </message>
    <message>
        <source>năm</source>
        <translation>year</translation>
    </message>
    <message>
        <source>Tính chỉ số</source>
        <translation>Compute</translation>
    </message>
    <message>
        <source>Xuất Excel…</source>
        <translation>Export Excel…</translation>
    </message>
    <message>
        <source>Kỳ:</source>
        <translation>Period:</translation>
    </message>
    <message>
        <source>Hồ sơ làm mất điểm:</source>
        <translation>Dossiers that cost points:</translation>
    </message>
    <message>
        <source>Mã</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Chỉ số</source>
        <translation>Indicator</translation>
    </message>
    <message>
        <source>Điểm</source>
        <translation>Points</translation>
    </message>
    <message>
        <source>Tối đa</source>
        <translation>Max</translation>
    </message>
    <message>
        <source>Tỷ lệ</source>
        <translation>Ratio</translation>
    </message>
    <message>
        <source>Ngưỡng đạt</source>
        <translation>Full marks at</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Nguồn</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Công thức</source>
        <translation>Formula</translation>
    </message>
    <message>
        <source>Ngày kết thúc phải sau ngày bắt đầu.</source>
        <translation>The end date must come after the start date.</translation>
    </message>
    <message>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <source>Hẹn trả</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Người nộp</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Kỳ {label} ({start} – {end}), ước tính từ dữ liệu tại quầy: {points} / {measured} điểm đo được tại đây (trên 100); {received} hồ sơ tiếp nhận. Điểm chính thức do Cổng Dịch vụ công quốc gia tính.</source>
        <translation>Period {label} ({start} – {end}), estimated from the counter's data: {points} / {measured} points measured here (of 100); {received} dossiers received. The official score is computed by the National Public Service Portal.</translation>
    </message>
    <message>
        <source>không đo được tại đây</source>
        <translation>not measured here</translation>
    </message>
    <message>
        <source>{count} hồ sơ; hiện {shown} (Enter để mở hồ sơ)</source>
        <translation>{count} dossiers; {shown} shown (Enter opens a dossier)</translation>
    </message>
    <message>
        <source>Đã ghi tệp {path}</source>
        <translation>File written: {path}</translation>
    </message>
    <message>
        <source>{title}: {points} / {max} điểm (ước tính)</source>
        <translation>{title}: {points} / {max} points (estimate)</translation>
    </message>
    <message>
        <source>N/A (mẫu số 0)</source>
        <translation>N/A (denominator 0)</translation>
    </message>
    <message>
        <source>chưa rõ điểm tối đa</source>
        <translation>maximum not known</translation>
    </message>
    <message>
        <source>ước tính</source>
        <translation>estimate</translation>
    </message>
</context>
<context>
    <name>AgencyHandoverScreen</name>
    <message>
        <source>{name} ({code}) — {n} hồ sơ</source>
        <translation>{name} ({code}) — {n} dossiers</translation>
    </message>
    <message>
        <source>Đã tiếp nhận lúc {at}</source>
        <translation>Received at {at}</translation>
    </message>
    <message>
        <source>Đang chuyển / chờ tiếp nhận</source>
        <translation>On the way / waiting to be received</translation>
    </message>
    <message>
        <source>{n} hồ sơ chờ chuyển hồ sơ giấy, đã chọn {k} (tối đa {max} một danh sách)</source>
        <translation>{n} dossiers waiting for their papers to travel; selected: {k} (at most {max} a list)</translation>
    </message>
    <message>
        <source>Đang lập danh sách bàn giao…</source>
        <translation>Making the hand-over list…</translation>
    </message>
    <message>
        <source>Đã lập danh sách {batch} gửi {body}: {n} hồ sơ, người chuyển {courier}.</source>
        <translation>Made list {batch} for {body}: {n} dossiers, carried by {courier}.</translation>
    </message>
    <message>
        <source>Hồ sơ tiếp nhận hộ cơ quan khác chờ chuyển hồ sơ giấy</source>
        <translation>Dossiers received for other bodies, papers waiting to travel</translation>
    </message>
    <message>
        <source>Cơ quan &amp;nhận:</source>
        <translation>Receiving &amp;body:</translation>
    </message>
    <message>
        <source>Người &amp;chuyển:</source>
        <translation>&amp;Courier:</translation>
    </message>
    <message>
        <source>Họ tên người mang hồ sơ giấy</source>
        <translation>Full name of the person carrying the papers</translation>
    </message>
    <message>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <source>Người nộp</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>Tiếp nhận lúc</source>
        <translation>Received at</translation>
    </message>
    <message>
        <source>Lập danh sách bàn giao (Ctrl+Enter)</source>
        <translation>Make the hand-over list (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Danh sách bàn giao giữa các cơ quan</source>
        <translation>Hand-over lists between bodies</translation>
    </message>
    <message>
        <source>Số danh sách</source>
        <translation>List number</translation>
    </message>
    <message>
        <source>Cơ quan nhận</source>
        <translation>Receiving body</translation>
    </message>
    <message>
        <source>Gửi lúc</source>
        <translation>Sent at</translation>
    </message>
    <message>
        <source>Số hồ sơ</source>
        <translation>Dossiers</translation>
    </message>
    <message>
        <source>Người chuyển</source>
        <translation>Courier</translation>
    </message>
    <message>
        <source>Tình trạng</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Làm mới</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Xem trước, in, lưu PDF…</source>
        <translation>Preview, print, save PDF…</translation>
    </message>
</context>
<context>
    <name>AgencyReceiptPanel</name>
    <message>
        <source>Danh sách {batch} của {sender} (gửi lúc {sent}): đã tiếp nhận {n} hồ sơ lúc {at}.</source>
        <translation>List {batch} from {sender} (sent at {sent}): {n} dossiers taken at {at}.</translation>
    </message>
    <message>
        <source>Còn {m} hồ sơ chưa về quầy này: hãy đồng bộ rồi quét lại danh sách này.</source>
        <translation>{m} dossiers have not reached this counter yet: sync, then scan this list again.</translation>
    </message>
    <message>
        <source>Vừa tiếp nhận</source>
        <translation>Taken now</translation>
    </message>
    <message>
        <source>Đã tiếp nhận trước đó</source>
        <translation>Taken before</translation>
    </message>
    <message>
        <source>Chưa có tại quầy này</source>
        <translation>Not at this counter yet</translation>
    </message>
    <message>
        <source>Hồ sơ giấy nhận từ cơ quan khác</source>
        <translation>Papers received from another body</translation>
    </message>
    <message>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <source>Tình trạng</source>
        <translation>State</translation>
    </message>
</context>
<context>
    <name>RoutePanel</name>
    <message>
        <source>Tiếp nhận phi địa giới</source>
        <translation>Received regardless of boundary</translation>
    </message>
    <message>
        <source>Nơi tiếp nhận:</source>
        <translation>Receiving point:</translation>
    </message>
    <message>
        <source>Cơ quan có thẩm quyền:</source>
        <translation>Competent body:</translation>
    </message>
    <message>
        <source>Tình trạng:</source>
        <translation>Arrangement:</translation>
    </message>
    <message>
        <source>Trả kết quả:</source>
        <translation>Result returned:</translation>
    </message>
    <message>
        <source>Tại nơi tiếp nhận</source>
        <translation>At the receiving point</translation>
    </message>
    <message>
        <source>Tại cơ quan có thẩm quyền</source>
        <translation>At the competent body</translation>
    </message>
    <message>
        <source>Tiếp nhận hồ sơ từ nơi khác ({keys})</source>
        <translation>Take the dossier from the other point ({keys})</translation>
    </message>
    <message>
        <source>Gửi trả kết quả về nơi tiếp nhận ({keys})</source>
        <translation>Send the result back to the receiving point ({keys})</translation>
    </message>
</context>
<context>
    <name>CompetentPicker</name>
    <message>
        <source>Để trống: thuộc thẩm quyền của đơn vị mình; gõ tên hoặc mã cơ quan khác</source>
        <translation>Empty: our own agency is competent; type the name or code of another body</translation>
    </message>
    <message>
        <source>Chưa có danh mục cơ quan (tải về khi đồng bộ)</source>
        <translation>No agency catalog yet (downloaded when syncing)</translation>
    </message>
    <message>
        <source>Tiếp nhận hồ sơ thuộc thẩm quyền của cơ quan khác (không phụ thuộc địa giới hành chính): gõ một phần tên hoặc mã, ↑↓ để chọn, Enter; Esc để về đơn vị mình.</source>
        <translation>Receive a dossier another body is competent for (regardless of administrative boundary): type part of its name or code, ↑↓ to choose, Enter; Esc for our own agency.</translation>
    </message>
    <message>
        <source>Không có cơ quan nào khớp với «{text}» trong danh mục: gõ một phần tên hoặc mã, chọn bằng ↑↓ rồi Enter, hoặc để trống nếu hồ sơ thuộc thẩm quyền của đơn vị mình.</source>
        <translation>No body of the catalog matches «{text}»: type part of a name or code, choose with ↑↓ and Enter, or leave it empty when our own agency is competent.</translation>
    </message>
    <message>
        <source>Trả kết quả tại đây</source>
        <translation>Result returned here</translation>
    </message>
    <message>
        <source>Trả tại nơi tiếp nhận</source>
        <translation>Return at this point</translation>
    </message>
    <message>
        <source>Trả tại cơ quan giải quyết</source>
        <translation>Return at the body</translation>
    </message>
    <message>
        <source>Cơ &amp;quan giải quyết ({key}):</source>
        <translation>Competent bod&amp;y ({key}):</translation>
    </message>
</context>
<context>
    <name>RoutedTable</name>
    <message>
        <source>Tiếp nhận hộ (đã tính)</source>
        <translation>Received for it (counted)</translation>
    </message>
    <message>
        <source>Nơi khác tiếp nhận (không tính)</source>
        <translation>Received elsewhere (not counted)</translation>
    </message>
    <message>
        <source>Phi địa giới ({n})</source>
        <translation>Other bodies ({n})</translation>
    </message>
    <message>
        <source>Loại</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Mã cơ quan</source>
        <translation>Body code</translation>
    </message>
    <message>
        <source>Tên cơ quan</source>
        <translation>Body</translation>
    </message>
    <message>
        <source>Tổng số</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Đang giải quyết</source>
        <translation>In processing</translation>
    </message>
    <message>
        <source>Đã giải quyết</source>
        <translation>Resolved</translation>
    </message>
    <message>
        <source>Tỷ lệ đúng hạn</source>
        <translation>On-time rate</translation>
    </message>
    <message>
        <source>Quá hạn</source>
        <translation>Overdue</translation>
    </message>
</context>
</TS>
