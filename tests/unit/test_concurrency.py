"""The concurrent-move rule shared by the hub and the counter (app.domain.concurrency)."""

from __future__ import annotations

import itertools

from app.domain.concurrency import concurrent_winner, conflict_note, lifecycle_rank
from app.domain.dossier import Status


def test_further_along_wins_final_beats_open_and_ties_go_to_the_back_office() -> None:
    assert concurrent_winner(counter=Status.PROCESSING, office=Status.RESOLVED) == Status.RESOLVED
    assert concurrent_winner(counter=Status.RESOLVED, office=Status.PROCESSING) == Status.RESOLVED
    assert concurrent_winner(counter=Status.WITHDRAWN, office=Status.PROCESSING) == Status.WITHDRAWN
    assert (
        concurrent_winner(counter=Status.SUPPLEMENT, office=Status.PROCESSING) == Status.PROCESSING
    )
    assert concurrent_winner(counter=Status.WITHDRAWN, office=Status.STOPPED) == Status.STOPPED


def test_the_winner_is_one_of_the_two_moves_and_a_final_status_always_wins() -> None:
    for a, b in itertools.product(Status, Status):
        won = concurrent_winner(counter=a, office=b)
        assert won in (a, b)
        if a.is_final != b.is_final:
            assert won.is_final
        elif lifecycle_rank(a) == lifecycle_rank(b):
            assert won == b  # the back office decides a tie
    note = conflict_note(lost=Status.PROCESSING, kept=Status.WITHDRAWN, lost_side="office")
    assert "Đang xử lý" in note and "In processing" in note and "back office" in note
