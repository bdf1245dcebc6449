"""Volunteer mode on a real counter database: each citizen helped is recorded (submitted
with the portal's code, or not with the reason), never as an official receipt, once only,
and counted in the report as an assisted online submission."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from app.domain.dossier import Channel
from app.domain.errors import DeskError
from app.services.demo import DEMO_PASSWORD
from app.services.dossiers import ApplicantInput, receive_dossier
from app.services.reports import build_report
from app.services.users import audit_trail, log_in
from app.services.volunteer import (
    AssistOutcome,
    list_assisted_submissions,
    record_assisted_submission,
)

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2025, 7, 15)  # the desk fixture's clock: 14:05 in Hà Nội


@pytest.fixture
def volunteer(desk):
    return log_in(desk, username="tnv1", password=DEMO_PASSWORD)


def _dossier_count(desk) -> int:
    con = sqlite3.connect(desk.db.path)
    try:
        return int(con.execute("SELECT count(*) FROM dossier").fetchone()[0])
    finally:
        con.close()


def test_volunteer_records_submissions_and_failures(desk, clock, volunteer):
    ok = record_assisted_submission(
        volunteer,
        procedure_code="1.004222",
        outcome=AssistOutcome.SUBMITTED,
        online_code=" g22.43-250715-0007 ",
        citizen_id="001095012345",
    )
    assert (ok.online_code, ok.volunteer, ok.citizen_id) == (
        "G22.43-250715-0007",
        "tnv1",
        "001095012345",
    )
    assert ok.at == clock.now and ok.procedure_name
    clock.now += timedelta(minutes=20)
    failed = record_assisted_submission(
        volunteer,
        procedure_code="1.001193",
        outcome=AssistOutcome.FAILED,
        reason="  Không có   tài khoản định danh mức 2 ",
    )
    assert failed.reason == "Không có tài khoản định danh mức 2" and failed.online_code == ""
    listed = list_assisted_submissions(volunteer, date_from=TODAY, date_to=TODAY)
    assert [r.id for r in listed] == [failed.id, ok.id]
    assert _dossier_count(desk) == 0  # no official receipt, no dossier
    actions = [e.action for e in audit_trail(desk, actor="tnv1")]
    assert actions[:2] == ["volunteer.failed", "volunteer.submitted"]


@pytest.mark.parametrize(
    ("kwargs", "key"),
    [
        ({"outcome": AssistOutcome.SUBMITTED}, "volunteer.code_missing"),
        ({"outcome": AssistOutcome.FAILED}, "volunteer.reason_missing"),
        ({"outcome": AssistOutcome.SUBMITTED, "online_code": "x y"}, "volunteer.code_invalid"),
        (
            {"outcome": AssistOutcome.SUBMITTED, "online_code": "G22-1", "citizen_id": "12345"},
            "volunteer.citizen_id",
        ),
        (
            {"outcome": AssistOutcome.SUBMITTED, "online_code": "G22-1", "procedure_code": "9.9"},
            "procedure.unknown",
        ),
    ],
)
def test_bad_records_are_refused_with_both_languages(volunteer, kwargs, key):
    args = {"procedure_code": "1.004222", **kwargs}
    with pytest.raises(DeskError) as info:
        record_assisted_submission(volunteer, **args)
    assert info.value.key == key
    assert info.value.message("vi") != info.value.message("en")
    assert list_assisted_submissions(volunteer) == []


def test_the_same_online_code_is_recorded_once(volunteer, clock):
    record_assisted_submission(
        volunteer,
        procedure_code="1.004222",
        outcome=AssistOutcome.SUBMITTED,
        online_code="G22-250715-0001",
    )
    clock.now += timedelta(hours=1)
    with pytest.raises(DeskError) as info:
        record_assisted_submission(
            volunteer,
            procedure_code="1.004222",
            outcome=AssistOutcome.SUBMITTED,
            online_code="g22-250715-0001",
        )
    assert info.value.key == "volunteer.duplicate"
    assert "14:05 15/07/2025" in info.value.message("vi") and "tnv1" in info.value.message("en")
    assert len(list_assisted_submissions(volunteer)) == 1


def test_a_volunteer_cannot_receive_dossiers_nor_see_reports(volunteer):
    person = ApplicantInput("Lê Văn An", "001090000001")
    for channel in Channel:
        with pytest.raises(DeskError) as info:
            receive_dossier(volunteer, procedure_code="1.004222", applicant=person, channel=channel)
        assert info.value.key == "auth.forbidden"
    with pytest.raises(DeskError) as info:
        build_report(volunteer, date_from=TODAY, date_to=TODAY)
    assert info.value.key == "auth.forbidden"


def test_a_volunteer_sees_only_their_own_records_a_supervisor_everyone_s(desk, volunteer):
    sup = log_in(desk, username="lanhdao", password=DEMO_PASSWORD)
    from app.domain.roles import Role
    from app.services.users import create_user

    create_user(
        sup, username="tnv2", full_name="Vũ Văn Hải", role=Role.VOLUNTEER, password="mat-khau-dai"
    )
    other = log_in(desk, username="tnv2", password="mat-khau-dai")
    record_assisted_submission(
        volunteer,
        procedure_code="1.004222",
        outcome=AssistOutcome.SUBMITTED,
        online_code="G22-A-0001",
    )
    record_assisted_submission(
        other, procedure_code="1.004222", outcome=AssistOutcome.SUBMITTED, online_code="G22-B-0001"
    )
    assert {r.online_code for r in list_assisted_submissions(volunteer, volunteer="tnv2")} == {
        "G22-A-0001"
    }
    assert {r.volunteer for r in list_assisted_submissions(sup)} == {"tnv1", "tnv2"}
    assert {r.online_code for r in list_assisted_submissions(sup, volunteer="tnv2")} == {
        "G22-B-0001"
    }


def test_records_count_as_assisted_online_submissions_without_double_counting(desk, volunteer):
    person = ApplicantInput("Lê Văn An", "001090000001")
    assisted = receive_dossier(
        desk, procedure_code="1.004222", applicant=person, channel=Channel.ONLINE, assisted=True
    )
    receive_dossier(desk, procedure_code="1.004222", applicant=person, channel=Channel.ONLINE)
    record_assisted_submission(
        volunteer,
        procedure_code="1.004222",
        outcome=AssistOutcome.SUBMITTED,
        online_code=assisted.code,
    )
    record_assisted_submission(
        volunteer,
        procedure_code="1.004222",
        outcome=AssistOutcome.SUBMITTED,
        online_code="G22-250715-0042",
    )
    record_assisted_submission(
        volunteer, procedure_code="1.004222", outcome=AssistOutcome.FAILED, reason="Mất mạng"
    )
    rep = build_report(desk, date_from=TODAY, date_to=TODAY)
    assert (rep.assisted_dossiers, rep.volunteer_submitted, rep.volunteer_failed) == (1, 2, 1)
    assert rep.assisted_online == 2  # the assisted dossier once, the other portal code once
    assert rep.total == 2  # volunteer records are not dossiers


def test_cli_volunteer_record_and_list(tmp_path):
    data = tmp_path / "data"
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "MOTCUA_PASSWORD": DEMO_PASSWORD}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(ROOT / "main.py"), *args, "--data-dir", str(data)],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            timeout=120,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )

    assert run("demo", "--dossiers", "0").returncode == 0
    done = run(
        "volunteer",
        "record",
        "--procedure",
        "1.004222",
        "--online-code",
        "G22-X-0001",
        "--citizen-id",
        "001095012345",
        "--user",
        "tnv1",
        "--json",
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["outcome"] == "submitted"
    done = run(
        "volunteer",
        "record",
        "--procedure",
        "1.004222",
        "--failed",
        "--reason",
        "Quên mật khẩu VNeID",
        "--user",
        "tnv1",
    )
    assert done.returncode == 0, done.stderr
    done = run("volunteer", "record", "--procedure", "1.004222", "--user", "tnv1")
    assert done.returncode == 2 and "--online-code" in done.stderr
    done = run(
        "volunteer",
        "record",
        "--procedure",
        "1.004222",
        "--online-code",
        "G22-X-0002",
        "--user",
        "canbo1",
    )
    assert done.returncode == 2 and "record assisted online submissions" in done.stderr
    listed = json.loads(run("volunteer", "list", "--user", "tnv1", "--json").stdout)
    assert [r["outcome"] for r in listed] == ["failed", "submitted"]
