"""Who may make which status move of a dossier received for another body
(app.domain.interagency.check_side_move), and the route state after it."""

from __future__ import annotations

import pytest

from app.domain.errors import DeskError
from app.domain.interagency import ReturnPlace, RouteState, Side, check_side_move

R, C = ReturnPlace.RECEIVING, ReturnPlace.COMPETENT


def test_an_own_dossier_moves_freely() -> None:
    assert check_side_move(Side.OWN, RouteState.NONE, None, 2, 4) is RouteState.NONE


@pytest.mark.parametrize(
    ("side", "state", "place", "src", "to", "after"),
    [
        (Side.FOR_OTHER, RouteState.RESULT_SENT_BACK, R, 9, 10, RouteState.RETURNED),
        (Side.FOR_OTHER, RouteState.RECEIVED, R, 2, 3, RouteState.RECEIVED),
        (Side.FROM_OTHER, RouteState.PROCESSING, R, 2, 4, RouteState.PROCESSING),
        (Side.FROM_OTHER, RouteState.PROCESSING, C, 9, 10, RouteState.RETURNED),
        (Side.FROM_OTHER, RouteState.PROCESSING, R, 4, 4, RouteState.PROCESSING),
    ],
)
def test_allowed_moves_and_the_state_after(side, state, place, src, to, after) -> None:  # type: ignore[no-untyped-def]
    assert check_side_move(side, state, place, src, to) is after


@pytest.mark.parametrize(
    ("side", "state", "place", "src", "to", "key"),
    [
        (Side.FOR_OTHER, RouteState.AWAITING, R, 2, 4, "interagency.not_competent"),
        (Side.FOR_OTHER, RouteState.PROCESSING, R, 9, 10, "interagency.not_competent"),
        (Side.FOR_OTHER, RouteState.PROCESSING, R, 2, 3, "interagency.not_competent"),
        (Side.FROM_OTHER, RouteState.AWAITING, R, 2, 4, "interagency.not_taken"),
        (Side.FROM_OTHER, RouteState.PROCESSING, R, 9, 10, "interagency.return_at_receiving"),
        (Side.FROM_OTHER, RouteState.RESULT_SENT_BACK, R, 9, 10, "interagency.sent_back"),
    ],
)
def test_refused_moves(side, state, place, src, to, key) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DeskError) as err:
        check_side_move(side, state, place, src, to)
    assert err.value.key == key
    assert err.value.message("vi") and err.value.message("en")
