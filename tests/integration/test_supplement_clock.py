"""While a dossier waits for the citizen's supplement (status 5) its clock is stopped: the
queue's overdue and due-today filters, the report's overdue count and list, and the 766
scorecard's late count and overdue drill leave it out; once the citizen completes it, its
appointment has moved on by the days waited. A dossier of the same day still in
processing is overdue in all of them (the control). Real WAL SQLite file, services only."""

from __future__ import annotations

from datetime import UTC, date, datetime

from app.domain.dossier import Status
from app.domain.index766 import Period, Reason
from app.services.demo import DEMO_PASSWORD
from app.services.dossiers import (
    ApplicantInput,
    advance_dossier,
    get_dossier,
    list_dossiers,
    receive_dossier,
)
from app.services.index766 import build_scorecards, index_drill
from app.services.reports import build_report
from app.services.supplements import complete_supplement, request_supplement
from app.services.users import log_in

ONE_PART = "1.001570"  # 3 working days
JULY = (date(2025, 7, 1), date(2025, 7, 31))


def test_a_dossier_waiting_for_the_citizen_is_not_overdue(desk, clock) -> None:  # type: ignore[no-untyped-def]
    clerk = log_in(desk, username="canbo1", password=DEMO_PASSWORD)
    boss = log_in(desk, username="lanhdao", password=DEMO_PASSWORD)
    clock.now = datetime(2025, 7, 1, 2, 0, tzinfo=UTC)  # Tuesday 1/7: due Friday 4/7
    waiting = receive_dossier(
        clerk, procedure_code=ONE_PART, applicant=ApplicantInput("Nguyễn Văn A", "001090012340")
    ).code
    working = receive_dossier(
        clerk, procedure_code=ONE_PART, applicant=ApplicantInput("Trần Thị B", "001090012341")
    ).code
    advance_dossier(clerk, code=working, to=Status.PROCESSING)
    due = get_dossier(clerk, code=waiting).appointment_at
    assert due is not None and due.date() == date(2025, 7, 4)
    clock.now = datetime(2025, 7, 3, 2, 0, tzinfo=UTC)  # Thursday: asked for a paper
    request_supplement(clerk, code=waiting, missing=["Tờ khai CT01"])
    clock.now = datetime(2025, 7, 10, 2, 0, tzinfo=UTC)  # Thursday after: both past 4/7

    def overdue_everywhere() -> dict[str, set[str]]:
        queue = {r.code for r in list_dossiers(clerk, overdue=True)}
        soon = {r.code for r in list_dossiers(clerk, due_today=True)}
        report = build_report(boss, date_from=JULY[0], date_to=JULY[1])
        assert report.in_processing_overdue == len(report.overdue)
        (card,) = build_scorecards(boss, date_from=JULY[0], date_to=JULY[1], period=Period.YEAR)
        drill = index_drill(boss, date_from=JULY[0], date_to=JULY[1], reason=Reason.OVERDUE)
        assert card.counts.late == drill.count
        return {
            "queue": queue,
            "due_today": soon,
            "report": {r.code for r in report.overdue},
            "scorecard": {r.code for r in drill.rows},
        }

    seen = overdue_everywhere()
    assert seen == {
        "queue": {working},
        "due_today": set(),
        "report": {working},
        "scorecard": {working},
    }
    # Completed on Thursday 10/7: 5 working days waited (4/7 .. 10/7) move 4/7 to 11/7.
    complete_supplement(clerk, code=waiting)
    resumed = get_dossier(clerk, code=waiting).appointment_at
    assert resumed is not None and resumed.date() > date(2025, 7, 10)
    assert overdue_everywhere()["queue"] == {working}
    clock.now = datetime(2025, 7, 20, 2, 0, tzinfo=UTC)  # past the new date: overdue now
    seen = overdue_everywhere()
    assert all(codes == {working, waiting} for name, codes in seen.items() if name != "due_today")
