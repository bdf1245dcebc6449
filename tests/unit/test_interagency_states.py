"""The states of a dossier received for another body move forward only, so that the two
sides converge whatever order their reports arrive in (app.domain.interagency)."""

from __future__ import annotations

import pytest

from app.domain.interagency import ReturnPlace, RouteState, Side, advance_route, can_move, side_of


def test_a_later_state_wins_and_a_late_or_replayed_one_changes_nothing() -> None:
    assert advance_route(RouteState.RECEIVED, RouteState.PROCESSING) is RouteState.PROCESSING
    assert advance_route(RouteState.PROCESSING, RouteState.AWAITING) is RouteState.PROCESSING
    assert advance_route(RouteState.RETURNED, RouteState.RESULT_SENT_BACK) is RouteState.RETURNED
    assert advance_route(RouteState.AWAITING, RouteState.AWAITING) is RouteState.AWAITING


def test_an_own_dossier_never_becomes_routed_by_a_report() -> None:
    assert advance_route(RouteState.NONE, RouteState.PROCESSING) is RouteState.NONE


@pytest.mark.parametrize(
    ("current", "wanted", "legal"),
    [
        (RouteState.RECEIVED, RouteState.AWAITING, True),
        (RouteState.AWAITING, RouteState.PROCESSING, True),
        (RouteState.PROCESSING, RouteState.RETURNED, True),  # collected at the competent body
        (RouteState.PROCESSING, RouteState.RESULT_SENT_BACK, True),
        (RouteState.RESULT_SENT_BACK, RouteState.RETURNED, True),
        (RouteState.AWAITING, RouteState.RETURNED, False),
        (RouteState.RETURNED, RouteState.PROCESSING, False),
        (RouteState.NONE, RouteState.RECEIVED, False),
    ],
)
def test_the_legal_moves(current: RouteState, wanted: RouteState, legal: bool) -> None:
    assert can_move(current, wanted) is legal


def test_each_routed_state_has_both_labels() -> None:
    for state in RouteState:
        if state is not RouteState.NONE:
            assert state.label_vi and state.label_en and state.label_vi != state.label_en


def test_which_side_a_counter_is_on() -> None:
    assert side_of("A", "A", "A") is Side.OWN
    assert side_of("A", "A", "B") is Side.FOR_OTHER
    assert side_of("B", "A", "B") is Side.FROM_OTHER
    assert ReturnPlace.RECEIVING.wire == 1 and ReturnPlace.COMPETENT.wire == 2
