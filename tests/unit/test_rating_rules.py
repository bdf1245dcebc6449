"""The rules of the satisfaction rating (app/domain/ratings.py): the answers, the reasons,
who can be asked, and the wire check the hub runs."""

from __future__ import annotations

import pytest

from app.domain.errors import DeskError
from app.domain.ratings import (
    CRITERIA,
    Level,
    Occasion,
    RatingCounts,
    check_answer,
    citizen_present,
    wire_problem,
)

CODE = "000.00.31.H26-250715-1001"


def _wire(**changes: object) -> dict[str, object]:
    rating: dict[str, object] = {
        "MaHoSo": CODE,
        "MaDanhGia": "0b9d1c5e-7f2a-4a57-9d3f-2f4b6a1c9e10",
        "Dip": "intake",
        "MucDo": 3,
        "LyDo": "attitude",
        "GhiChu": "",
        "TieuChi": {},
        "CanBo": "canbo1",
        "TenCanBo": "Nguyễn Thị Hằng",
        "Quay": "Quầy số 1",
        "ThoiDiem": "20250715140500",
    }
    rating.update(changes)
    return rating


def test_the_survey_has_nine_indices_plus_convenience_and_overall() -> None:
    assert len(CRITERIA) == 11
    assert [c.key for c in CRITERIA][-2:] == ["convenience", "overall"]


def test_answers_are_checked() -> None:
    assert check_answer(2).level is Level.SATISFIED
    got = check_answer("3", reason="other", note="  chờ   lâu ")
    assert (got.level, got.reason, got.note) == (Level.UNHAPPY, "other", "chờ lâu")
    assert check_answer(1, criteria={"attitude": 1}).criteria == {"attitude": Level.VERY_SATISFIED}
    for bad, key in (
        (lambda: check_answer(0), "rating.level"),
        (lambda: check_answer("x"), "rating.level"),
        (lambda: check_answer(3, reason="weather"), "rating.reason"),
        (lambda: check_answer(3, reason="other"), "rating.other_note"),
        (lambda: check_answer(1, reason="attitude"), "rating.reason_not_unhappy"),
        (lambda: check_answer(1, criteria={"colour": 1}), "rating.criterion"),
        (lambda: check_answer(1, criteria={"attitude": 5}), "rating.level"),
        (lambda: check_answer(3, note="x" * 501), "rating.note_long"),
    ):
        with pytest.raises(DeskError) as err:
            bad()
        assert err.value.key == key


def test_only_a_citizen_at_the_counter_is_asked() -> None:
    assert citizen_present(Occasion.INTAKE, channel=1, result_delivery="counter")
    assert not citizen_present(Occasion.INTAKE, channel=3, result_delivery="counter")  # post
    assert citizen_present(Occasion.HANDOVER, channel=2, result_delivery="counter")
    assert not citizen_present(Occasion.HANDOVER, channel=1, result_delivery="post")


def test_the_share_satisfied_is_not_a_number_without_ratings() -> None:
    assert RatingCounts().satisfied_share is None
    assert RatingCounts(1, 2, 1).satisfied_share == 0.75


def test_the_hub_checks_the_wire_shape() -> None:
    assert wire_problem(_wire(), CODE) is None
    assert wire_problem(_wire(MaHoSo="000.00.31.H26-250715-1002"), CODE) is not None
    assert "MucDo" in (wire_problem(_wire(MucDo=True), CODE) or "")
    assert "MucDo" in (wire_problem(_wire(MucDo=4), CODE) or "")
    assert "Dip" in (wire_problem(_wire(Dip="lunch"), CODE) or "")
    assert "LyDo" in (wire_problem(_wire(LyDo="weather"), CODE) or "")
    assert "GhiChu" in (wire_problem(_wire(GhiChu="x" * 501), CODE) or "")
    assert "GhiChu" in (wire_problem(_wire(GhiChu="a\x00b"), CODE) or "")
    assert "TieuChi" in (wire_problem(_wire(TieuChi={"attitude": 9}), CODE) or "")
    assert wire_problem("not an object", CODE) is not None
