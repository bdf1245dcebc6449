"""The one procedure-picker ranking (intake, volunteer, supervisor, catalog service)."""

from __future__ import annotations

from app.domain.dossier import ProcessingTime
from app.domain.procedure import ProcedureInfo, rank_procedures

NAMES = {
    "2.000635": "Cấp bản sao Trích lục hộ tịch, bản sao Giấy khai sinh",
    "2.000986": "Liên thông thủ tục hành chính về đăng ký khai sinh, đăng ký thường trú, "
    "cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi",
    "1.000689": "Đăng ký khai sinh kết hợp đăng ký nhận cha, mẹ, con",
    "1.004884": "Đăng ký lại khai sinh",
    "1.001193": "Đăng ký khai sinh",
    "2.000528": "Đăng ký khai sinh có yếu tố nước ngoài",
    "1.004194": "Đăng ký tạm trú",
}
CATALOG = tuple(
    ProcedureInfo(code, name, "HT", "Hộ tịch", 3, ProcessingTime(1), None)
    for code, name in NAMES.items()
)


def _names(query: str) -> list[str]:
    return [p.name for p in rank_procedures(CATALOG, query)]


def test_exact_name_first_then_prefix_then_word_matches():
    assert _names("Đăng ký khai sinh")[0] == "Đăng ký khai sinh"
    assert _names("dang ky khai sinh")[0] == "Đăng ký khai sinh"
    found = _names("khai sinh")
    assert found[0] == "Đăng ký khai sinh"
    assert found.index("Đăng ký khai sinh có yếu tố nước ngoài") < found.index(
        "Cấp bản sao Trích lục hộ tịch, bản sao Giấy khai sinh"
    )
    assert "Đăng ký tạm trú" not in found
    prefix = _names("dang ky")
    assert prefix[0] in ("Đăng ký khai sinh", "Đăng ký tạm trú")
    assert prefix.index("Đăng ký lại khai sinh") < len(prefix)


def test_exact_code_first_and_empty_query_keeps_the_catalog_order():
    assert rank_procedures(CATALOG, "1.004884")[0].code == "1.004884"
    assert rank_procedures(CATALOG, "2.000")[0].code.startswith("2.000")
    assert [p.code for p in rank_procedures(CATALOG, "")] == list(NAMES)
