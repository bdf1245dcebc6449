"""The queue's one box on a real counter database: every reading finds its dossiers, and
each one is an index search (no scan of the dossier table), so it stays fast on a million."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest
from sqlalchemy import event

from app.docs.forms import lookup_target
from app.domain.handover import encode_payload
from app.services.dossiers import ApplicantInput, count_dossiers, list_dossiers, receive_dossier

PEOPLE = [
    ApplicantInput("Nguyễn Văn An", "001090012345", address="Số 1 Âu Cơ, Hà Nội"),
    ApplicantInput("Trần Thị Văn An", "001190067890", address="Số 2 Âu Cơ, Hà Nội"),
    ApplicantInput("Lê Văn Anh", "001085004321", address="Số 3 Âu Cơ, Hà Nội"),
    ApplicantInput("Phạm Thị Hoa", "034190022345", address="Số 4 Âu Cơ, Hà Nội"),
]


@pytest.fixture
def received(desk, clock):  # type: ignore[no-untyped-def]
    first = [receive_dossier(desk, procedure_code="1.004194", applicant=p) for p in PEOPLE]
    clock.now += timedelta(days=1)
    again = receive_dossier(desk, procedure_code="1.001193", applicant=PEOPLE[0])
    return first, again


def _plans(desk, search: str) -> tuple[list[str], list[str]]:  # type: ignore[no-untyped-def]
    """The codes found and the query plan of every statement the search ran."""
    seen: list[tuple[str, object]] = []

    def keep(_conn, _cursor, statement, parameters, _context, _many):  # type: ignore[no-untyped-def]
        if "FROM dossier" in statement:
            seen.append((statement, parameters))

    event.listen(desk.db.read_engine, "before_cursor_execute", keep)
    try:
        codes = [r.code for r in list_dossiers(desk, search=search, limit=50)]
        count_dossiers(desk, search=search)
    finally:
        event.remove(desk.db.read_engine, "before_cursor_execute", keep)
    con = sqlite3.connect(desk.db.path)
    plans = []
    for statement, parameters in seen:
        rows = con.execute("EXPLAIN QUERY PLAN " + statement, parameters).fetchall()
        plans.append(" / ".join(r[-1] for r in rows))
    con.close()
    return codes, plans


def test_every_reading_of_the_box_finds_its_dossiers_through_an_index(desk, received):
    (an, van_an, anh, hoa), an_again = received
    agency = an.agency.code
    cases = {
        lookup_target(an): [an.code],  # the receipt's QR
        "001090012345||Nguyễn Văn An|05031990|Nam|Số 1 Âu Cơ, Hà Nội|01072021": [
            an_again.code,
            an.code,
        ],  # the citizen's card
        encode_payload(f"{agency}-BG-250715-1001", agency, [anh.code, hoa.code]): [
            anh.code,
            hoa.code,
        ],  # a hand-over QR
        an.code.split("-", 1)[1]: [an.code],  # 250715-1001
        an.code[-4:]: [an_again.code, an.code],  # 1001, both days
        "van an": [an_again.code, van_an.code, an.code],  # a given name
        "Văn Anh": [anh.code],
        "22345": [hoa.code],  # the last digits
        "012345": [an_again.code, an.code],
        "nguyen van": [an_again.code, an.code],  # a full name's start
    }
    for text, expected in cases.items():
        codes, plans = _plans(desk, text)
        assert sorted(codes) == sorted(expected), text
        assert plans, text
        for plan in plans:  # a SEARCH of an index, never a SCAN of the table or an index
            assert "SEARCH dossier USING" in plan and "SCAN dossier" not in plan, (text, plan)
    assert count_dossiers(desk, search="van an") == 3
