"""Applicants that are not citizens: businesses, state agencies and other organisations
(national ``LoaiDoiTuong``), known by their tax code (mã số thuế, MST).

The tax code of an enterprise has 10 digits; a dependent unit (branch) writes the 10
digits of its parent, a dash and its own 3-digit number (``0100109106-001``). The tenth
digit checks the first nine:

    N10 = 10 - (N1*31 + N2*29 + N3*23 + N4*19 + N5*17 + N6*13 + N7*7 + N8*5 + N9*3) mod 11

and a remainder of 0 leaves no digit, so no valid code has one. Sources: python-stdnum
``stdnum/vn/mst.py`` (arthurdejong/python-stdnum, which cites vi.wikipedia "Thuế Việt Nam,
Mã số thuế của doanh nghiệp"), the same rule in the npm ``stdnum`` package
(``src/vn/mst.ts``), and Viettel's published MST 0100109106 worked by hand (9 first
digits -> 114, 114 mod 11 = 4, 10 - 4 = 6). tests/unit/test_organisation.py checks this
implementation against python-stdnum digit for digit.
"""

from __future__ import annotations

import re
from enum import IntEnum

from app.domain.errors import DeskError

WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
TAX_CODE_RE = re.compile(r"([0-9]{10})(?:-([0-9]{3}))?", re.ASCII)
#: A representative's or an organisation's name on the forms (app.domain.entry.NAME_MAX
#: is for people; organisation names run longer).
ORG_NAME_MAX = 200


class ApplicantKind(IntEnum):
    """National ``LoaiDoiTuong``: 1 citizen, 2 enterprise, 3 state agency, 4 other
    organisation (vn-standards.md 3.2)."""

    CITIZEN = 1
    BUSINESS = 2
    AGENCY = 3
    ORGANISATION = 4

    @property
    def is_organisation(self) -> bool:
        return self != ApplicantKind.CITIZEN

    @property
    def label_vi(self) -> str:
        return _KIND_VI[self]

    @property
    def label_en(self) -> str:
        return _KIND_EN[self]

    @classmethod
    def parse(cls, value: str | int) -> ApplicantKind:
        names = {
            "citizen": cls.CITIZEN,
            "person": cls.CITIZEN,
            "business": cls.BUSINESS,
            "enterprise": cls.BUSINESS,
            "agency": cls.AGENCY,
            "organisation": cls.ORGANISATION,
            "organization": cls.ORGANISATION,
            "org": cls.ORGANISATION,
        }
        if isinstance(value, str) and value.strip().lower() in names:
            return names[value.strip().lower()]
        try:
            return cls(int(value))
        except (TypeError, ValueError):
            raise DeskError("applicant.kind_unknown", value=value) from None


_KIND_VI = {
    ApplicantKind.CITIZEN: "Công dân",
    ApplicantKind.BUSINESS: "Doanh nghiệp",
    ApplicantKind.AGENCY: "Cơ quan nhà nước",
    ApplicantKind.ORGANISATION: "Tổ chức khác",
}
_KIND_EN = {
    ApplicantKind.CITIZEN: "Citizen",
    ApplicantKind.BUSINESS: "Enterprise",
    ApplicantKind.AGENCY: "State agency",
    ApplicantKind.ORGANISATION: "Other organisation",
}


def check_digit(first_nine: str) -> int | None:
    """The tenth digit of a tax code starting with ``first_nine``; None when the
    remainder is 0 (no digit fits, so no code starts so)."""
    total = sum(w * int(n) for w, n in zip(WEIGHTS, first_nine, strict=True))
    digit = 10 - total % 11
    return digit if digit < 10 else None


def is_tax_code(value: str) -> bool:
    """A 10-digit tax code with a right check digit, or one of a branch (``-001`` to
    ``-999``)."""
    m = TAX_CODE_RE.fullmatch(value)
    if m is None or m.group(2) == "000":
        return False
    main = m.group(1)
    return check_digit(main[:9]) == int(main[9])


def tax_code(value: str) -> str:
    """The tax code as stored (ASCII digits, spaces and dots dropped, the branch dash
    kept); DeskError ``applicant.tax_code`` for a wrong shape or check digit."""
    text = "".join(ch for ch in value if not ch.isspace() and ch != "." and ch != "\u200b").replace(
        "–", "-"
    )
    digits = "".join(str(int(ch)) if ch.isdecimal() else ch for ch in text)
    if not is_tax_code(digits):
        raise DeskError("applicant.tax_code", value=digits[:20])
    return digits
