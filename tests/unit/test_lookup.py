"""The queue's one search box: what a scan or a few typed characters stand for."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.errors import DeskError
from app.domain.handover import encode_payload
from app.domain.lookup import (
    Lookup,
    LookupKind,
    id_key,
    interpret_lookup,
    name_key,
    sequence_codes,
)

AGENCY = "000.00.31.H26"
CODE = f"{AGENCY}-261201-1001"
BATCH = f"{AGENCY}-BG-261201-1001"


@pytest.mark.parametrize(
    ("text", "kind", "key"),
    [
        ("", LookupKind.ALL, ""),
        (f"https://dichvucong.hanoi.gov.vn/tra-cuu-ho-so?ma={CODE}", LookupKind.CODE, CODE),
        (f"https://x.vn/tra-cuu?ma={CODE.replace('.', '%2E')}\n", LookupKind.CODE, CODE),
        (CODE.lower(), LookupKind.CODE, CODE),
        (
            "001090012345||Nguyễn Văn An|05031990|Nam|Số 1 Âu Cơ, Hà Nội|01072021",
            LookupKind.ID_NUMBER,
            "001090012345",
        ),
        ("261201-1001", LookupKind.CODE_TAIL, "261201-1001"),
        ("1001", LookupKind.SEQUENCE, "1001"),
        ("001090012345", LookupKind.ID_NUMBER, "001090012345"),
        ("012345678", LookupKind.ID_NUMBER, "012345678"),
        ("012345", LookupKind.ID_SUFFIX, "012345"),
        ("00109001234", LookupKind.ID_PREFIX, "00109001234"),
        ("000.00.31", LookupKind.CODE_PREFIX, "000.00.31"),
        (f"{AGENCY}-2612", LookupKind.CODE_PREFIX, f"{AGENCY}-2612"),
        ("van an", LookupKind.GIVEN_NAME, "an van"),
        ("Văn Ánh", LookupKind.GIVEN_NAME, "anh van"),
        ("an", LookupKind.GIVEN_NAME, "an"),
        ("nguyen van", LookupKind.FULL_NAME, "nguyen van"),
        ("Trần Thị", LookupKind.FULL_NAME, "tran thi"),
    ],
)
def test_each_kind_of_text_is_read(text, kind, key):
    look = interpret_lookup(text)
    assert (look.kind, look.key) == (kind, key)


def test_a_handover_qr_stands_for_its_dossiers_and_a_damaged_one_is_refused():
    codes = (CODE, f"{AGENCY}-261201-1002")
    payload = encode_payload(BATCH, AGENCY, codes)
    look = interpret_lookup(payload)
    assert look.kind == LookupKind.CODES and look.codes == codes
    with pytest.raises(DeskError):
        interpret_lookup(payload[:-1] + ("0" if payload[-1] != "0" else "1"))


def test_the_keys_make_an_end_into_a_prefix():
    assert name_key("Nguyễn Văn  Ánh") == "anh van nguyen"
    assert name_key("Nguyễn Văn Ánh").startswith(interpret_lookup("van anh").key)
    assert id_key("001090012345") == "543210090100"
    assert id_key("001090012345").startswith("2345"[::-1])
    codes = sequence_codes(AGENCY, "1001", date(2026, 12, 1), days=3)
    assert codes == (CODE, f"{AGENCY}-261130-1001", f"{AGENCY}-261129-1001")
    assert interpret_lookup("1001").wants_one and not interpret_lookup("van an").wants_one


@pytest.mark.parametrize(
    "odd",
    [
        "000.00.31.H26-２５０７１５-１００１",
        "000.00.31.H26-٢٥٠٧١٥-١٠٠١",
        "000.00.31.H26-250715-1٠01",
    ],
)
def test_a_code_is_ascii_digits_only(odd):
    from app.domain.codes import CODE_RE, parse_code

    assert parse_code(odd) is None and CODE_RE.search(odd) is None


def test_a_handover_id_is_ascii_digits_only():
    from app.domain.handover import BATCH_ID_RE

    assert BATCH_ID_RE.fullmatch("000.00.31.H26-BG-250715-1001")
    assert BATCH_ID_RE.fullmatch("000.00.31.H26-BG-２５０７１５-１００１") is None


def test_full_width_digits_typed_in_the_box_read_as_ascii():
    assert interpret_lookup("２５０７１５-１００１") == Lookup(LookupKind.CODE_TAIL, "250715-1001")
    assert interpret_lookup("０１２３４５６７８９０１") == Lookup(
        LookupKind.ID_NUMBER, "012345678901"
    )
    assert (
        interpret_lookup("000.00.31.H26-２５０７１５-１００１").key == "000.00.31.H26-250715-1001"
    )
    assert interpret_lookup("²³").kind != LookupKind.ID_PREFIX
