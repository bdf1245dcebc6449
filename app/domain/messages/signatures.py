"""Vietnamese-first messages of PDF signatures: checking, signing, certified copies."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # The verdicts of a check (app/domain/signatures.py); {signer} and {signed_at} filled in.
    "signature.valid": (
        "Chữ ký số hợp lệ: ký bởi {signer} lúc {signed_at}; tài liệu không bị thay đổi sau "
        "khi ký; chứng thư số được tin cậy.",
        "Valid digital signature: signed by {signer} at {signed_at}; the document is unchanged "
        "since signing; the certificate is trusted.",
    ),
    "signature.unsigned": (
        "Tệp không có chữ ký số. Không coi là bản điện tử đã ký.",
        "The file carries no digital signature. Do not treat it as a signed electronic copy.",
    ),
    "signature.broken": (
        "CẢNH BÁO: chữ ký số của {signer} không còn khớp với nội dung: tài liệu đã bị thay đổi "
        "sau khi ký. Không trả kết quả này.",
        "WARNING: the signature of {signer} no longer matches the content: the document was "
        "changed after signing. Do not hand this result over.",
    ),
    "signature.untrusted": (
        "CẢNH BÁO: chữ ký số của {signer} không thuộc tổ chức chứng thực được tin cậy (không "
        "có trong danh sách chứng thư gốc của thành phố).",
        "WARNING: the signature of {signer} does not chain to a trusted certification authority "
        "(not in the city's list of trust roots).",
    ),
    "signature.expired": (
        "CẢNH BÁO: chứng thư số của {signer} đã hết hạn (hoặc chưa có hiệu lực) vào thời điểm "
        "kiểm tra.",
        "WARNING: the certificate of {signer} has expired (or is not yet valid) at the time "
        "checked.",
    ),
    "signature.revoked": (
        "CẢNH BÁO: chứng thư số của {signer} đã bị thu hồi theo danh sách thu hồi (CRL) của "
        "tổ chức chứng thực.",
        "WARNING: the certificate of {signer} has been revoked according to the certification "
        "authority's revocation list (CRL).",
    ),
    # Errors (DeskError keys).
    "certify.usage": (
        "Dùng: certify (TỆP... | --scan) --out TỆP (--pkcs12 TỆP | --pkcs11-lib THƯ-VIỆN "
        "--slot N), hoặc certify --list [--year NĂM].",
        "Usage: certify (FILE... | --scan) --out FILE (--pkcs12 FILE | --pkcs11-lib LIB "
        "--slot N), or certify --list [--year YEAR].",
    ),
    "certify.exhausted": (
        "Quầy (khe {slot}) đã dùng hết số chứng thực của năm {year}.",
        "This counter (slot {slot}) has used every certification number of {year}.",
    ),
    "signature.unreadable": (
        "Không đọc được tệp PDF {name} để kiểm tra chữ ký ({detail}).",
        "Could not read the PDF {name} to check its signature ({detail}).",
    ),
    "signature.trust_unreadable": (
        "Tệp {name} trong thư mục chứng thư gốc không phải chứng thư số hoặc CRL (PEM/DER).",
        "The file {name} in the trust-roots folder is not a certificate or CRL (PEM/DER).",
    ),
    "sign.source": (
        "Chọn đúng một nguồn chứng thư số: --pkcs12 TỆP, hoặc --pkcs11-lib THƯ-VIỆN cùng --slot N.",
        "Choose exactly one certificate source: --pkcs12 FILE, or --pkcs11-lib LIB with --slot N.",
    ),
    "sign.pin_empty": ("Chưa nhập mã PIN.", "No PIN was entered."),
    "sign.pin_wrong": (
        "Mã PIN không đúng. Tệp chưa được ký. Lưu ý: nhập sai nhiều lần có thể khóa thiết bị "
        "ký số.",
        "Wrong PIN. The file was not signed. Note: several wrong PINs may lock the token.",
    ),
    "sign.pin_locked": (
        "Thiết bị ký số đã bị khóa do nhập sai mã PIN quá số lần. Liên hệ tổ chức chứng thực "
        "để mở khóa.",
        "The token is locked after too many wrong PINs. Ask the certification authority to "
        "unlock it.",
    ),
    "sign.token_absent": (
        "Không tìm thấy thiết bị ký số (USB token) ở khe {slot} của {library}: hãy cắm lại "
        "thiết bị và thử lại. Tệp chưa được ký. ({detail})",
        "No token found in slot {slot} of {library}: plug the token in again and retry. The "
        "file was not signed. ({detail})",
    ),
    "sign.token_lost": (
        "Mất kết nối với thiết bị ký số trong khi ký (thiết bị bị rút ra?). Tệp chưa được ký; "
        "hãy cắm lại và ký lại. ({detail})",
        "The token was lost while signing (pulled out?). The file was not signed; plug it in "
        "and sign again. ({detail})",
    ),
    "sign.module": (
        "Không nạp được thư viện PKCS#11 {library} ({detail}). Kiểm tra đường dẫn trình điều "
        "khiển của thiết bị ký số.",
        "Could not load the PKCS#11 library {library} ({detail}). Check the path of the token's "
        "driver.",
    ),
    "sign.no_key": (
        "Thiết bị ký số không có khóa ký kèm chứng thư số ({detail}).",
        "The token holds no signing key with its certificate ({detail}).",
    ),
    "sign.p12_unreadable": (
        "Không mở được tệp chứng thư {name}: mã PIN/mật khẩu sai hoặc tệp không phải PKCS#12.",
        "Could not open the certificate file {name}: wrong PIN/password or not a PKCS#12 file.",
    ),
    "sign.cert_expired": (
        "Chứng thư số của {signer} hết hạn ngày {until} (hoặc chưa có hiệu lực): không ký được. "
        "Hãy gia hạn chứng thư số.",
        "The certificate of {signer} expired on {until} (or is not yet valid): cannot sign. "
        "Renew the certificate.",
    ),
    "sign.failed": (
        "Ký số không thành công ({detail}). Tệp chưa được ký.",
        "Signing failed ({detail}). The file was not signed.",
    ),
    "sign.output": (
        "Không ghi được tệp {path} ({detail}). Không có tệp nào bị ghi dở.",
        "Could not write {path} ({detail}). Nothing was half-written.",
    ),
}
