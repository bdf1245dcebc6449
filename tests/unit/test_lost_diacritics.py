"""A CCCD payload whose Vietnamese letters a keyboard-wedge scanner dropped or folded."""

from __future__ import annotations

import pytest

from app.domain.errors import DeskError
from app.domain.idcard import lost_diacritics, parse_cccd_qr


def _card(name: str, address: str):  # type: ignore[no-untyped-def]
    return parse_cccd_qr(f"001090012345||{name}|05031990|Nam|{address}|01072021")


@pytest.mark.parametrize(
    ("name", "address", "sample"),
    [
        ("Nguyn Vn An", "S 12 u C, phng Ty H, H Ni", "Vn"),  # letters dropped
        ("Trn Th Mai", "Số 3 Âu Cơ, Hà Nội", "Trn"),  # only the name hit
        ("Nguyễn Văn An", "Thn ng, x Yn Phong, Bc Ninh", "Thn"),  # only the address hit
        ("Nguyen Van An", "So 12 Au Co, phuong Tay Ho, Ha Noi", "Nguyen Van An"),  # folded
    ],
)
def test_a_payload_that_lost_its_letters_is_caught(name, address, sample):
    assert lost_diacritics(_card(name, address)) == sample


@pytest.mark.parametrize(
    ("name", "address"),
    [
        ("Nguyễn Văn Ánh", "Số 12 Âu Cơ, phường Tây Hồ, Hà Nội"),
        ("Ksor H'Hen", "Buôn Ea Sup, xã Ea Tul, huyện Cư M'gar, tỉnh Đắk Lắk"),
        ("Y Blức Niê", "Số 5B, TDP 3, Park Hill, Times City, P. Vĩnh Tuy, Hà Nội"),
        ("Lò Văn Khoa", "Bản Nà Nghịu, xã Chiềng Khương, Sơn La"),
        ("Lan Anh", "Số 7 phố Huế, Hà Nội"),  # an ASCII name is fine beside a marked address
    ],
)
def test_real_cards_pass(name, address):
    assert lost_diacritics(_card(name, address)) is None


def test_the_message_says_how_to_set_the_scanner():
    err = DeskError("cccd.lost_diacritics", sample="Vn")
    assert "Vn" in err.message("vi") and "Unicode" in err.message("vi")
    assert "chế độ" in err.message("vi") and "keyboard mode" in err.message("en")
