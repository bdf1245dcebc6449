"""The commune's own 766 scorecard (issue 16): each formula on a small hand-made counter
(real WAL SQLite file, dossiers made through the services), the points worked out by hand
in the comments; the parts the counter cannot see stay "not measured here"; the drill-down
lists the dossiers that cost points; the CLI prints, exports and refuses bad input."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PIL import Image

from app.cli import main
from app.domain.dossier import Channel, Status
from app.domain.errors import DeskError
from app.domain.index766 import NOT_MEASURED, Group, Period, Reason, Scorecard
from app.domain.ratings import Level, Occasion
from app.services.demo import DEMO_PASSWORD
from app.services.dossiers import ApplicantInput, advance_dossier, receive_dossier
from app.services.files import attach_existing, attach_files
from app.services.index766 import build_scorecards, index_drill
from app.services.payments import record_payment
from app.services.ratings import new_prompt_id, record_rating
from app.services.results import attach_result
from app.services.supplements import complete_supplement, request_supplement
from app.services.users import log_in
from app.store.outbox import Outbox

FEE = "1.004194"  # 3 working days, 2 components, 15.000 đ at the counter
ONE_PART = "1.001570"  # 3 working days, 1 component, no fee
JULY = (date(2025, 7, 1), date(2025, 7, 31))


def _person(n: int, qr: bool = False) -> ApplicantInput:
    return ApplicantInput(
        f"Nguyễn Văn {chr(65 + n)}",
        f"00109001234{n}",
        address="Số 1 Âu Cơ, Hà Nội",
        identity_source="qr" if qr else "",
    )


def _indicator(card: Scorecard, code: str):  # type: ignore[no-untyped-def]
    return next(i for g in card.groups for i in g.indicators if i.rule.code == code)


def _ack(desk, codes: set[str]) -> None:  # type: ignore[no-untyped-def]
    """The hub's answer to a push: the events of ``codes`` acknowledged."""
    outbox = Outbox(desk.db.session, desk.db.read_session)
    ids = [e.id for e in outbox.due(desk.now(), limit=1000) if e.dossier_code in codes]
    assert ids
    outbox.settle(desk.now(), acked=ids)


@pytest.fixture
def clerk(desk):  # type: ignore[no-untyped-def]
    return log_in(desk, username="canbo1", password=DEMO_PASSWORD)


@pytest.fixture
def boss(desk):  # type: ignore[no-untyped-def]
    return log_in(desk, username="lanhdao", password=DEMO_PASSWORD)


def test_progress_publicity_payment_and_satisfaction_formulas(desk, clock, clerk, boss):
    # June 30: one dossier, due Thursday 3/7, still open on 15/7.
    clock.now = datetime(2025, 6, 30, 2, 0, tzinfo=UTC)
    d0 = receive_dossier(clerk, procedure_code=FEE, applicant=_person(0)).code
    # July 1: a dossier due 4/7, still open on 15/7: late.
    clock.now = datetime(2025, 7, 1, 2, 0, tzinfo=UTC)
    late = receive_dossier(clerk, procedure_code=FEE, applicant=_person(1)).code
    clock.now = datetime(2025, 7, 15, 2, 0, tzinfo=UTC)  # 15/7 09:00
    early = receive_dossier(clerk, procedure_code=FEE, applicant=_person(2)).code
    twice = receive_dossier(clerk, procedure_code=FEE, applicant=_person(3)).code
    paid = receive_dossier(clerk, procedure_code=FEE, applicant=_person(4)).code
    advance_dossier(clerk, code=early, to=Status.PROCESSING)
    advance_dossier(clerk, code=early, to=Status.RESOLVED)  # on 15/7, due 18/7: early
    request_supplement(clerk, code=twice, missing=["Tờ khai CT01"])
    complete_supplement(clerk, code=twice)
    request_supplement(clerk, code=twice, missing=["Bản sao sổ hộ khẩu"])  # a second: late
    record_payment(clerk, code=paid, line=1, method="online")
    record_rating(
        clerk,
        prompt_id=new_prompt_id(),
        code=early,
        occasion=Occasion.INTAKE,
        level=int(Level.UNHAPPY),
        reason="attitude",
    )
    _ack(desk, {early, paid})  # the hub has those two; the other two wait
    clock.now = datetime(2025, 7, 15, 7, 0, tzinfo=UTC)

    june, july = build_scorecards(boss, date_from=date(2025, 6, 1), date_to=JULY[1])
    assert (june.label, july.label) == ("2025-06", "2025-07")
    # June: d0 is open but due 3/7, after the period's end 30/6: on time. 20 × 1/1 = 20.
    assert june.counts.received == 1 and june.counts.late == 0
    assert _indicator(june, "2.1").points == 20
    # July: 4 received. Late: `late` (open past 4/7 at now) and `twice` (two supplement
    # requests) = 2 → 2.1 = 20 × (4 − 2) / 4 = 10.
    c = july.counts
    assert (c.received, c.late) == (4, 2)
    assert _indicator(july, "2.1").points == 10
    # 1.4: synced 2 (early, paid) of 4 → 6 × 2/4 = 3.
    assert _indicator(july, "1.4").points == 3
    # 3.6a: every dossier has a 15.000 đ fee; one paid online → 6 × 1/4 = 1.5.
    assert (c.with_fee, c.paid_online) == (4, 1)
    assert _indicator(july, "3.6a").points == 1.5
    # 5.3: 1 − late 2/4 − unhappy 1/4 = 0.25 → min(6, 6 × 0.25 / 0.9) = 1.67.
    assert c.unhappy == 1
    assert _indicator(july, "5.3").points == 1.67
    # 3.2: all channel 1 → 0 online; the split of the 12 points is unknown: no points.
    assert _indicator(july, "3.2").ratio == 0 and _indicator(july, "3.2").points is None
    # August: one online dossier, open and not yet due (a NULL timeliness must not hide
    # it), synced → 3.2 ratio = 1 online × sync share 1/1 / 1 received = 100 %.
    clock.now = datetime(2025, 8, 4, 2, 0, tzinfo=UTC)
    web = receive_dossier(
        clerk, procedure_code=FEE, applicant=_person(5), channel=Channel.ONLINE
    ).code
    _ack(desk, {web})
    (aug,) = build_scorecards(boss, date_from=date(2025, 8, 1), date_to=date(2025, 8, 31))
    assert (aug.counts.received, aug.counts.online_ok, aug.counts.synced) == (1, 1, 1)
    assert _indicator(aug, "3.2").ratio == 1 and _indicator(aug, "3.2").attainment == 1
    assert _indicator(aug, "2.1").points == 20  # due 7/8, now 4/8: on time
    clock.now = datetime(2025, 7, 15, 7, 0, tzinfo=UTC)
    # 4.1: 1 resolved (early), no electronic result → 6 × 0/1 = 0.
    assert (c.resolved, c.e_results) == (1, 0) and _indicator(july, "4.1").points == 0
    # The portal's parts are never given a number.
    for code in ("1.1", "1.2", "1.3", "3.1", "5.1", "5.2"):
        assert _indicator(july, code).points is None
        assert _indicator(july, code).note == NOT_MEASURED
    publicity = next(g for g in july.groups if g.group == Group.PUBLICITY)
    assert (publicity.points, publicity.measured_max, publicity.max_points) == (3, 6, 18)

    # One quarter of the same: July only holds all of it (June is Q2).
    (q3,) = build_scorecards(boss, date_from=JULY[0], date_to=JULY[1], period=Period.QUARTER)
    assert q3.label == "2025-Q3" and q3.counts == c

    # The drill-down: each reason, with the codes to open.
    overdue = index_drill(boss, date_from=JULY[0], date_to=JULY[1], reason=Reason.OVERDUE)
    assert overdue.count == 1 and [r.code for r in overdue.rows] == [late]
    second = index_drill(boss, date_from=JULY[0], date_to=JULY[1], reason=Reason.SECOND_SUPPLEMENT)
    assert [r.code for r in second.rows] == [twice]
    unpaid = index_drill(
        boss, date_from=JULY[0], date_to=JULY[1], reason=Reason.NOT_PAID_ONLINE, limit=2
    )
    assert unpaid.count == 3 and len(unpaid.rows) == 2  # bounded: the limit and the count
    unsynced = index_drill(boss, date_from=JULY[0], date_to=JULY[1], reason=Reason.NOT_SYNCED)
    assert {r.code for r in unsynced.rows} == {late, twice}
    no_result = index_drill(boss, date_from=JULY[0], date_to=JULY[1], reason=Reason.NO_E_RESULT)
    assert [r.code for r in no_result.rows] == [early]
    # Due today counts in the drill (the last day to save the point): at 18/7 the dossiers
    # of 15/7 still open are due, but not `twice`, which waits for the citizen's papers
    # (status 5: that wait does not count against the body).
    clock.now = datetime(2025, 7, 18, 2, 0, tzinfo=UTC)
    due = index_drill(boss, date_from=JULY[0], date_to=JULY[1], reason=Reason.OVERDUE)
    assert {r.code for r in due.rows} == {late, paid}
    assert d0 not in {r.code for r in due.rows}  # June's is outside the range

    # Only a supervisor sees the scorecard.
    with pytest.raises(DeskError):
        build_scorecards(clerk, date_from=JULY[0], date_to=JULY[1])


def _jpeg(path: Path) -> Path:
    Image.new("RGB", (400, 560), (240, 240, 240)).save(path, "JPEG")
    return path


def test_digitisation_formulas(desk, clock, clerk, boss, tmp_path):
    scan = _jpeg(tmp_path / "a.jpg")
    filed = receive_dossier(clerk, procedure_code=ONE_PART, applicant=_person(1, qr=True)).code
    bare = receive_dossier(clerk, procedure_code=ONE_PART, applicant=_person(2)).code
    reused = receive_dossier(clerk, procedure_code=ONE_PART, applicant=_person(3)).code
    (f,) = attach_files(clerk, code=filed, component=1, paths=[scan])
    attach_existing(
        clerk, code=reused, component=1, sha256=f.sha256, name="cccd.pdf", from_national=True
    )
    for code in (filed, bare):
        advance_dossier(clerk, code=code, to=Status.PROCESSING)
        advance_dossier(clerk, code=code, to=Status.RESOLVED)
    attach_result(clerk, code=filed, paths=[scan], name="Giấy xác nhận", result_code="KQ-1")
    clock.now += timedelta(hours=1)

    (card,) = build_scorecards(boss, date_from=JULY[0], date_to=JULY[1], period=Period.YEAR)
    assert card.label == "2025"
    c = card.counts
    # 4.1: resolved filed + bare = 2, with an e-result: filed → 6 × 1/2 = 3.
    assert (c.resolved, c.e_results) == (2, 1) and _indicator(card, "4.1").points == 3
    # 4.2: every component filed and (open, or resolved with an e-result): filed, reused = 2
    # of 3 → 0.667 / 0.8 = 0.833 → 4 × 0.833 = 3.33.
    assert c.digitised == 2 and _indicator(card, "4.2").points == 3.33
    # 4.3: reused 1 of 3 → 0.333 / 0.8 = 0.417 → 2 × 0.417 = 0.83.
    assert c.reused == 1 and _indicator(card, "4.3").points == 0.83
    # 4.4: a file from the national store: 1 of 3 → 4 × 1/3 = 1.33.
    assert c.national_store == 1 and _indicator(card, "4.4").points == 1.33
    # 4.5: QR identity (filed) or national-store file (reused): 2 of 3 → 4 × 2/3 = 2.67.
    assert c.citizen_data == 2 and _indicator(card, "4.5").points == 2.67
    digitisation = next(g for g in card.groups if g.group == Group.DIGITISATION)
    # 3 + 3.33 + 0.83 + 1.33 + 2.67 = 11.16 of the 20 measured (4.2b not measured).
    assert digitisation.points == 11.16 and digitisation.measured_max == 20
    no_file = index_drill(boss, date_from=JULY[0], date_to=JULY[1], reason=Reason.NO_FILE)
    assert [r.code for r in no_file.rows] == [bare]
    no_result = index_drill(boss, date_from=JULY[0], date_to=JULY[1], reason=Reason.NO_E_RESULT)
    assert [r.code for r in no_result.rows] == [bare]


def test_index_cli_prints_exports_and_refuses_bad_input(
    desk, clock, clerk, tmp_path, capsys, monkeypatch
):
    code = receive_dossier(clerk, procedure_code=FEE, applicant=_person(1)).code
    advance_dossier(clerk, code=code, to=Status.PROCESSING)
    advance_dossier(clerk, code=code, to=Status.RESOLVED)  # early: 2.1 = 20 × 1/1 = 20
    data = str(desk.data_dir)
    monkeypatch.setenv("MOTCUA_PASSWORD", DEMO_PASSWORD)
    base = ["index", "--from", "2025-07-01", "--to", "2025-07-31", "--data-dir", data]
    base += ["--user", "lanhdao"]
    out = tmp_path / "766.xlsx"
    assert main([*base, "--json", "--xlsx", str(out)]) == 0
    obj = json.loads(capsys.readouterr().out)
    assert obj["estimate"] is True and obj["label"] == "ước tính"
    (july,) = obj["periods"]
    progress = next(g for g in july["groups"] if g["group"] == "progress")
    assert progress["points"] == 20 and progress["max_points"] == 20
    sheet = load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Kỳ", "Nhóm", "Chỉ số", "Tên")
    by_code = {r[2]: r for r in rows[1:]}
    assert by_code["2.1"][8] == 20 and by_code["1.1"][13] == NOT_MEASURED
    assert by_code["2.1"][11].startswith("digitisation.md")
    assert main([*base, "--drill", "not-paid-online", "--json"]) == 0
    drill = json.loads(capsys.readouterr().out)
    assert drill["count"] == 1 and drill["rows"][0]["code"] == code
    assert main([*base, "--period", "week"]) == 2
    assert "Kỳ không hợp lệ" in capsys.readouterr().err
    assert main([*base, "--drill", "late"]) == 2
    assert "Lý do không hợp lệ" in capsys.readouterr().err
    bad = ["index", "--from", "2025-07-31", "--to", "2025-07-01", "--data-dir", data]
    assert main([*bad, "--user", "lanhdao"]) == 2
