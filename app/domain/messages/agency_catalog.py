"""The catalogue's messages of the city's agency catalog (issue 18: hub/agencies.py,
app/services/agencies.py)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "catalog_agency.kind": (
        "Loại cơ quan không hợp lệ: “{value}”; chỉ nhận commune (xã, phường) hoặc city "
        "(sở, ngành, chi nhánh của thành phố).",
        "Bad agency kind “{value}”: commune (a commune or ward) or city (a city body).",
    ),
    "catalog_agency.name": (
        "Hãy nhập tên cơ quan (tối đa 300 ký tự).",
        "Give the agency's name (at most 300 characters).",
    ),
    "catalog_agency.too_long": (
        "Địa chỉ (tối đa 500 ký tự), số điện thoại (40) hoặc ghi chú (300) quá dài.",
        "The address (at most 500 characters), phone (40) or note (300) is too long.",
    ),
    "catalog_agency.full": (
        "Danh mục đã có {max} cơ quan, không thêm được nữa.",
        "The catalog already holds {max} agencies; no more can be added.",
    ),
    "catalog_agency.unknown": (
        "Không có cơ quan mã {code} trong danh mục cơ quan của thành phố.",
        "No agency with code {code} in the city's agency catalog.",
    ),
    "catalog_agency.working": (
        "--working phải là 1 (làm việc) hoặc 0 (nghỉ), không phải “{value}”.",
        "--working must be 1 (working) or 0 (day off), not “{value}”.",
    ),
}
