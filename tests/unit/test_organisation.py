"""Tax codes (mã số thuế) and applicant kinds (LoaiDoiTuong): the check digit agrees with
python-stdnum's ``stdnum.vn.mst`` on every first-nine-digits pattern tried, branches are
read, and the one search box finds an organisation by its code."""

from __future__ import annotations

import random

import pytest
from stdnum.vn import mst  # type: ignore[import-untyped]  # python-stdnum ships no stubs

from app.domain.errors import DeskError
from app.domain.lookup import LookupKind, interpret_lookup
from app.domain.organisation import ApplicantKind, check_digit, is_tax_code, tax_code


def test_check_digit_matches_python_stdnum_bit_for_bit():
    rng = random.Random(16)
    for _ in range(20000):
        nine = f"{rng.randrange(10**9):09d}"
        ours = check_digit(nine)
        theirs = mst.calc_check_digit(nine)
        assert (str(ours) if ours is not None else "10") == theirs
        for last in "0123456789":
            code = nine + last
            assert is_tax_code(code) == mst.is_valid(code), code


def test_known_codes_and_branches():
    assert is_tax_code("0100109106")  # Viettel, published
    assert is_tax_code("0100109106-001")
    assert not is_tax_code("0100109107")
    assert not is_tax_code("0100109106-000")  # branches number from 001
    assert not is_tax_code("010010910")
    assert not is_tax_code("0100109106001")  # the dash is how a branch is written
    assert tax_code(" 0100 109 106 ") == "0100109106"
    assert tax_code("０１００１０９１０６-００１") == "0100109106-001"
    with pytest.raises(DeskError) as bad:
        tax_code("0100109107")
    assert bad.value.key == "applicant.tax_code"
    assert "Mã số thuế" in bad.value.message("vi") and "tax code" in bad.value.message("en")


def test_applicant_kind_is_the_national_code():
    assert [int(k) for k in ApplicantKind] == [1, 2, 3, 4]
    assert ApplicantKind.parse("business") == ApplicantKind.BUSINESS
    assert ApplicantKind.parse("3") == ApplicantKind.AGENCY
    assert not ApplicantKind.CITIZEN.is_organisation and ApplicantKind.AGENCY.is_organisation
    with pytest.raises(DeskError) as bad:
        ApplicantKind.parse("company-ish")
    assert bad.value.key == "applicant.kind_unknown"


def test_the_search_box_reads_a_tax_code():
    assert interpret_lookup("0100109106").kind == LookupKind.TAX_CODE
    branch = interpret_lookup("0100109106-001")
    assert branch.kind == LookupKind.TAX_CODE and branch.key == "0100109106-001"
    # A 10-digit number with a wrong check digit is still an ID being typed.
    assert interpret_lookup("0010900123").kind == LookupKind.ID_PREFIX
    assert interpret_lookup("001090012345").kind == LookupKind.ID_NUMBER


def test_an_organisation_name_is_searched_from_its_start():
    look = interpret_lookup("Công ty TNHH Tây")
    assert look.kind == LookupKind.FULL_NAME and look.key == "cong ty tnhh tay"
    assert interpret_lookup("chi nhánh").kind == LookupKind.FULL_NAME
    assert interpret_lookup("công").kind == LookupKind.GIVEN_NAME  # a given name still
