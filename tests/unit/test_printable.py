"""Which forms a dossier may print (app/domain/printable.py): the one rule the printing
service enforces and the screens offer."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from app.domain.corrections import void_note
from app.domain.dossier import (
    Channel,
    DossierRecord,
    HistoryEntry,
    Status,
)
from app.domain.errors import DeskError
from app.domain.handover import COMMUNE_RECEPTION_NOTE
from app.domain.printable import (
    FORM_AFTER_MOVE,
    applicable_forms,
    check_form,
    form_key,
    printed_at,
)
from tests.helpers.records import RECEIVED, history_of, make_record


def _record(
    *moves: tuple[Status, str], channel: Channel = Channel.DIRECT, extended: datetime | None = None
) -> DossierRecord:
    return make_record(
        history=history_of(*moves), channel=channel, extended_appointment_at=extended
    )


def test_a_fresh_dossier_offers_its_receipts_and_cover_only():
    assert applicable_forms(_record()) == ["receipt", "receipt_a4", "thermal", "cover"]


def test_forms_tied_to_a_move_need_it_and_print_its_date():
    rec = _record((Status.SUPPLEMENT, "Thiếu bản sao"), (Status.STOPPED, "Quá hạn bổ sung"))
    assert applicable_forms(rec) == [
        "receipt",
        "receipt_a4",
        "thermal",
        "cover",
        "supplement",
        "stop",
    ]
    assert printed_at(rec, "supplement") == RECEIVED + timedelta(days=1)
    assert printed_at(rec, "stop") == RECEIVED + timedelta(days=2)
    assert printed_at(rec, "receipt") == RECEIVED
    with pytest.raises(DeskError) as err:
        check_form(rec, "refusal")
    assert err.value.key == "print.not_applicable"
    assert {FORM_AFTER_MOVE[s] for s in (Status.SUPPLEMENT, Status.REFUSED, Status.STOPPED)} == {
        "supplement",
        "refusal",
        "stop",
    }


def test_apology_needs_an_extended_appointment():
    assert "apology" not in applicable_forms(_record())
    later = _record(extended=RECEIVED + timedelta(days=9))
    assert "apology" in applicable_forms(later) and check_form(later, "apology") == "apology"


def test_a_voided_dossier_has_no_stop_notice():
    voided = _record((Status.STOPPED, void_note("Nhập nhầm người nộp", "Lãnh đạo (lanhdao)")))
    assert "stop" not in applicable_forms(voided)
    with pytest.raises(DeskError):
        check_form(voided, "stop")


def test_a_post_dossier_gets_its_receipt_from_the_commune_only():
    waiting = _record(channel=Channel.POST)
    assert applicable_forms(waiting) == ["cover"]
    with pytest.raises(DeskError) as err:
        check_form(waiting, "receipt-a4")
    assert err.value.key == "post.receipt_at_commune"
    there = replace(
        waiting,
        history=(
            *waiting.history,
            HistoryEntry(
                RECEIVED, Status.RECEIVED, Status.RECEIVED, "canbo1", f"{COMMUNE_RECEPTION_NOTE} X"
            ),
        ),
    )
    assert applicable_forms(there) == ["receipt", "receipt_a4", "thermal", "cover"]
    assert check_form(there, "receipt-a4") == "receipt_a4"


def test_unknown_form_names_are_refused():
    with pytest.raises(DeskError) as err:
        form_key("mau-99")
    assert err.value.key == "print.form_unknown"
