"""Erasing an applicant reaches the records this round added beside the dossier: where the
hub's messages went (the phone or email), the citizen's words in a satisfaction rating,
and the payer's name on a fee payment. Real SQLite file; rows made through the services."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

from sqlalchemy import update

from app.domain.ratings import Occasion
from app.services.dossiers import ApplicantInput, get_dossier, receive_dossier
from app.services.erasure import erase_applicant
from app.services.payments import record_payment
from app.services.ratings import new_prompt_id, record_rating
from app.store.models import OutboxEvent
from app.store.notices import add_notice

PERSON = ApplicantInput(
    "Đỗ Thị Thu Trang", "001186007777", address="Số 3 Hàng Bè", phone="0911222333"
)
TEMPORARY_RESIDENCE = "1.004194"  # one charged fee line


def test_erasure_blanks_message_recipients_rating_words_and_the_payer(desk):
    code = receive_dossier(desk, procedure_code=TEMPORARY_RESIDENCE, applicant=PERSON).code
    record_payment(desk, code=code, line=1, method="cash")
    record_rating(
        desk,
        prompt_id=new_prompt_id(),
        code=code,
        occasion=Occasion.INTAKE,
        level=3,
        reason="other",
        note="Bà Đỗ Thị Thu Trang phải chờ lâu",
    )
    dossier_id = get_dossier(desk, code=code).id
    with desk.db.session() as s:
        add_notice(
            s,
            dossier_id=dossier_id,
            seq=1,
            at=desk.now() + timedelta(minutes=1),
            event="received",
            channel="sms",
            recipient="0911222333",
        )
        s.execute(update(OutboxEvent).values(state="acked", acked_at=desk.now()))
        s.commit()

    done = erase_applicant(desk, id_number=PERSON.id_number, confirm=True)

    con = sqlite3.connect(desk.data_dir / "motcua.sqlite3")
    try:
        assert con.execute("SELECT recipient FROM dossier_notice").fetchall() == [("",)]
        (note,) = con.execute("SELECT note FROM rating").fetchone()
        assert "Trang" not in note and "chờ lâu" in note
        assert con.execute("SELECT payer_name FROM fee_payment").fetchall() == [(done.pseudonym,)]
        dump = "\n".join(con.iterdump())
    finally:
        con.close()
    for private in ("Đỗ Thị Thu Trang", "0911222333"):
        assert private not in dump
