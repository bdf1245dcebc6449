"""Vietnamese-first messages of organisation applicants and supplement requests (issue 16)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "applicant.kind_unknown": (
        "Loại người nộp không hợp lệ: {value} (công dân, doanh nghiệp, cơ quan nhà nước "
        "hoặc tổ chức khác).",
        "Unknown applicant kind: {value} (citizen, business, agency or organisation).",
    ),
    "applicant.org_missing": (
        "Thiếu tên tổ chức hoặc mã số thuế.",
        "The organisation's name or tax code is missing.",
    ),
    "applicant.tax_code": (
        "Mã số thuế không đúng: {value}. Mã số thuế có 10 chữ số (đơn vị phụ thuộc: 10 chữ "
        "số, dấu gạch ngang và 3 chữ số), chữ số cuối là số kiểm tra; hãy đối chiếu lại "
        "giấy chứng nhận đăng ký.",
        "Wrong tax code: {value}. A tax code has 10 digits (a branch: 10 digits, a dash and "
        "3 digits), the last being a check digit; compare it with the registration "
        "certificate again.",
    ),
    "supplement.nothing_missing": (
        "Hãy ghi ít nhất một giấy tờ cần bổ sung hoặc nội dung yêu cầu.",
        "Give at least one missing paper or what must be completed.",
    ),
    "supplement.too_many": (
        "Quá nhiều mục cần bổ sung ({count}; tối đa {limit}).",
        "Too many missing items ({count}; at most {limit}).",
    ),
    "supplement.done_with_items": (
        "--done ghi nhận công dân đã bổ sung; không kèm --missing. Yêu cầu bổ sung mới: bỏ --done.",
        "--done records that the citizen completed the dossier; it takes no --missing. A new "
        "request: leave out --done.",
    ),
    "supplement.not_waiting": (
        "Hồ sơ {code} không ở trạng thái chờ bổ sung ({status}).",
        "Dossier {code} is not waiting for a supplement ({status_en}).",
    ),
    "supplement.no_previous": (
        "Không xác định được trạng thái trước khi yêu cầu bổ sung của hồ sơ {code}.",
        "The status of dossier {code} before the supplement request is unknown.",
    ),
}
