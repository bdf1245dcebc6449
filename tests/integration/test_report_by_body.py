"""The report by body (issue 18): dossiers received here for another competent body are
counted here and listed by that body; dossiers received at another point for this body are
listed by that point and NOT counted in this counter's received totals (that point counts
them), so the city's sum of every counter's totals counts each dossier once.

The routed dossiers are made by hand (tests/helpers/routed.py)."""

from __future__ import annotations

import json
from datetime import timedelta

from app.cli import main as cli_main
from app.domain.dossier import VN_TZ, Status
from app.services.context import DeskContext
from app.services.dossiers import advance_dossier
from app.services.report_export import report_tables
from app.services.reports import build_report
from tests.helpers.routed import NAMES, A, B, C, receive, route


def test_received_for_and_from_others_by_body(desk: DeskContext, clock, capsys) -> None:  # type: ignore[no-untyped-def]
    day = clock.now.astimezone(VN_TZ).date()
    own = receive(desk, 5)
    for_b, for_c, from_a = receive(desk, 3), receive(desk, 1), receive(desk, 2)
    advance_dossier(desk, code=from_a[1], to=Status.PROCESSING, note="")
    advance_dossier(desk, code=from_a[1], to=Status.RESOLVED, note="")
    advance_dossier(desk, code=own[0], to=Status.PROCESSING, note="")
    advance_dossier(desk, code=own[0], to=Status.RESOLVED, note="")
    before = build_report(desk, date_from=day, date_to=day)
    assert before.total == 11 and before.from_others == () and before.for_others == ()

    route(desk, for_b, competent=B, received_at=None)
    route(desk, for_c, competent=C, received_at=None)
    route(desk, from_a, competent=None, received_at=A)
    clock.now += timedelta(days=60)  # every open dossier is now past its appointment
    rep = build_report(desk, date_from=day, date_to=day)

    # Received here: own + for others; the two from A are A's to count.
    assert rep.total == 9 == sum(c.count for c in rep.by_channel)
    assert sum(n for _st, n in rep.by_status) == 9
    assert sum(line.total for line in rep.by_procedure) == 9
    assert sum(line.total for line in rep.by_receiver) == 9
    assert rep.resolved == 1 and rep.in_processing == 8 and rep.in_processing_overdue == 8
    assert sum(line.overdue for line in rep.by_procedure) == 8
    assert {r.code for r in rep.overdue} == set(own[1:] + for_b + for_c)

    assert [(line.key, line.label, line.total) for line in rep.for_others] == [
        (B, NAMES[B], 3),
        (C, NAMES[C], 1),
    ]
    [a_line] = rep.from_others
    assert (a_line.key, a_line.label, a_line.total) == (A, NAMES[A], 2)
    assert a_line.in_processing == 1 and a_line.overdue == 1 and a_line.resolved == 1
    assert rep.received_for_others == 4 and rep.received_from_others == 2
    # What this counter and point A would add up for the city: each dossier once.
    assert rep.total + rep.received_from_others == before.total

    tables = {t.name: t for t in report_tables(rep)}
    routed = tables["Phi địa giới"].rows
    assert [(r[1], r[3]) for r in routed] == [(B, 3), (C, 1), (A, 2)]
    summary = dict(tables["Tổng hợp"].rows)
    assert summary["Tổng số hồ sơ tiếp nhận"] == 9
    assert summary["Nơi khác tiếp nhận cho cơ quan này (không tính trong tổng)"] == 2

    args = ["report", "--from", day.isoformat(), "--to", day.isoformat()]
    assert cli_main([*args, "--json", "--data-dir", str(desk.data_dir)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["total"] == 9 and out["received_for_others"] == 4
    assert out["received_from_others"] == 2
    assert [line["key"] for line in out["from_others"]] == [A]
    assert cli_main([*args, "--data-dir", str(desk.data_dir)]) == 0
    text = capsys.readouterr().out
    assert "Tiếp nhận hộ cơ quan khác (đã tính ở trên): 4" in text
    assert "Tiếp nhận tại nơi khác cho cơ quan này (không tính ở trên): 2" in text
