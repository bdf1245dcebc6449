"""Every legal and every illegal status move, and the timeliness rule."""

from __future__ import annotations

from datetime import datetime

import pytest

from app.domain.dossier import (
    TRANSITIONS,
    VN_TZ,
    Channel,
    Status,
    Timeliness,
    check_move,
    legal_moves,
    timeliness,
)
from app.domain.errors import DeskError

LEGAL = {
    (Status.NEW, Status.RECEIVED),
    (Status.NEW, Status.REFUSED),
    (Status.NEW, Status.SUPPLEMENT),
    (Status.NEW, Status.WITHDRAWN),
    (Status.RECEIVED, Status.PROCESSING),
    (Status.RECEIVED, Status.SUPPLEMENT),
    (Status.RECEIVED, Status.FINANCIAL),
    (Status.RECEIVED, Status.WITHDRAWN),
    (Status.RECEIVED, Status.STOPPED),
    (Status.RECEIVED, Status.RESOLVED),
    (Status.RECEIVED, Status.REFUSED),  # at the counter, the same day (corrections.py)
    (Status.PROCESSING, Status.SUPPLEMENT),
    (Status.PROCESSING, Status.FINANCIAL),
    (Status.PROCESSING, Status.WITHDRAWN),
    (Status.PROCESSING, Status.STOPPED),
    (Status.PROCESSING, Status.RESOLVED),
    (Status.SUPPLEMENT, Status.RECEIVED),
    (Status.SUPPLEMENT, Status.PROCESSING),
    (Status.SUPPLEMENT, Status.WITHDRAWN),
    (Status.SUPPLEMENT, Status.STOPPED),
    (Status.FINANCIAL, Status.PROCESSING),
    (Status.FINANCIAL, Status.WITHDRAWN),
    (Status.FINANCIAL, Status.STOPPED),
    (Status.FINANCIAL, Status.RESOLVED),
    (Status.RESOLVED, Status.RETURNED),
}
ALL_PAIRS = [(a, b) for a in Status for b in Status]


def test_the_table_is_exactly_the_legal_list():
    assert {(a, b) for a, targets in TRANSITIONS.items() for b in targets} == LEGAL


@pytest.mark.parametrize(("src", "dst"), sorted(LEGAL))
def test_legal_move_passes(src, dst):
    check_move(src, dst)
    assert dst in legal_moves(src)


@pytest.mark.parametrize(("src", "dst"), [p for p in ALL_PAIRS if p not in LEGAL])
def test_illegal_move_is_refused_with_both_languages(src, dst):
    with pytest.raises(DeskError) as info:
        check_move(src, dst)
    assert src.label_vi in info.value.message("vi")
    assert src.label_en in info.value.message("en")


def test_final_statuses_have_no_way_out():
    assert {s for s in Status if s.is_final} == {
        Status.REFUSED,
        Status.WITHDRAWN,
        Status.STOPPED,
        Status.RETURNED,
    }


def test_parse_channels_and_statuses():
    assert Channel.parse("post") is Channel.POST and Channel.parse(2) is Channel.ONLINE
    assert Status.parse("resolved") is Status.RESOLVED and Status.parse("9") is Status.RESOLVED
    with pytest.raises(DeskError):
        Status.parse("11")
    with pytest.raises(DeskError):
        Channel.parse("fax")


def test_timeliness_is_compared_by_vietnamese_day():
    due = datetime(2025, 7, 17, 14, 5, tzinfo=VN_TZ)
    assert timeliness(datetime(2025, 7, 16, 23, 0, tzinfo=VN_TZ), due) is Timeliness.EARLY
    assert timeliness(datetime(2025, 7, 17, 23, 59, tzinfo=VN_TZ), due) is Timeliness.ON_TIME
    assert timeliness(datetime(2025, 7, 18, 0, 1, tzinfo=VN_TZ), due) is Timeliness.LATE
