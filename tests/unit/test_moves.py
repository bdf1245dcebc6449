"""The effects of a status move and the note rule (app/domain/moves.py): the one home the
counter's move, the back office's move through sync and the post reception all call."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from app.domain.dossier import VN_TZ, Status, Timeliness
from app.domain.errors import DeskError
from app.domain.moves import NOTE_REQUIRED, MoveState, apply_move, check_note, note_required

DUE = datetime(2025, 7, 20, 17, 0, tzinfo=VN_TZ)
AT = datetime(2025, 7, 18, 9, 30, tzinfo=VN_TZ)


def test_first_finish_stamps_time_and_timeliness_and_bumps_version():
    effects = apply_move(
        MoveState(Status.PROCESSING, version=3, appointment_at=DUE), Status.RESOLVED, AT
    )
    assert effects.status == Status.RESOLVED and effects.version == 4
    assert effects.finished_at == AT and effects.timeliness == Timeliness.EARLY
    assert effects.returned_at is None


def test_late_finish_is_late_and_a_return_keeps_the_first_finish():
    late = AT + timedelta(days=5)
    done = apply_move(MoveState(Status.PROCESSING, 1, appointment_at=DUE), Status.RESOLVED, late)
    assert done.timeliness == Timeliness.LATE
    state = MoveState(Status.RESOLVED, done.version, DUE, done.finished_at, done.timeliness)
    back = apply_move(state, Status.RETURNED, late + timedelta(days=1))
    assert back.finished_at == late and back.timeliness == Timeliness.LATE
    assert back.returned_at == late + timedelta(days=1) and back.version == 3


def test_unfinished_move_and_same_status_change_only_the_version():
    moved = apply_move(MoveState(Status.RECEIVED, 1, DUE), Status.SUPPLEMENT, AT)
    assert (moved.finished_at, moved.timeliness, moved.returned_at) == (None, None, None)
    assert moved.version == 2
    state = MoveState(Status.RETURNED, 7, DUE, AT, Timeliness.ON_TIME, AT)
    same = apply_move(state, Status.RETURNED, AT + timedelta(days=2))
    assert same.returned_at == AT and same.finished_at == AT and same.version == 8


def test_no_appointment_is_on_time():
    assert (
        apply_move(MoveState(Status.RECEIVED, 1), Status.RESOLVED, AT).timeliness
        == Timeliness.ON_TIME
    )


@pytest.mark.parametrize("to", sorted(NOTE_REQUIRED))
def test_moves_that_print_or_keep_a_reason_need_a_note(to):
    assert note_required(to)
    for empty in ("", "   \n "):
        with pytest.raises(DeskError) as err:
            check_note(to, empty)
        assert err.value.key == "move.note_required"
        assert to.label_vi in err.value.message("vi") and to.label_en in err.value.message("en")
    assert check_note(to, "  Thiếu bản sao  ") == "Thiếu bản sao"


def test_other_moves_take_an_optional_note():
    assert NOTE_REQUIRED == {
        Status.REFUSED,
        Status.SUPPLEMENT,
        Status.STOPPED,
        Status.WITHDRAWN,
        Status.FINANCIAL,
    }
    for to in set(Status) - NOTE_REQUIRED:
        assert not note_required(to) and check_note(to, "") == ""
