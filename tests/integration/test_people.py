"""People and their rights on a real counter database: accounts, log-in and lock-out,
password change and reset, roles, the audit trail, calendar overrides and catalog edits,
and the CLI acting as a person (--user)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from app.domain.dossier import VN_TZ, FeeItem, ProcessingTime
from app.domain.errors import DeskError
from app.domain.procedure import ProcedureInfo, RequiredDocument
from app.domain.roles import Role
from app.services import calendar_admin, catalog, users
from app.services.demo import DEMO_PASSWORD
from app.services.dossiers import compute_deadline

ROOT = Path(__file__).resolve().parents[2]


def _audit(desk, **where: str) -> list[tuple[str, str, str]]:
    con = sqlite3.connect(desk.db.path)
    try:
        rows = con.execute("SELECT actor, action, entity_key FROM audit_log ORDER BY id").fetchall()
    finally:
        con.close()
    return [
        r
        for r in rows
        if all(
            dict(zip(("actor", "action", "key"), r, strict=True))[k] == v for k, v in where.items()
        )
    ]


def _supervisor(desk):
    return users.log_in(desk, username="lanhdao", password=DEMO_PASSWORD)


# --- accounts and log-in ---------------------------------------------------------------------


def test_log_in_acts_as_the_person_and_is_audited(desk):
    ctx = users.log_in(desk, username=" CanBo1 ", password=DEMO_PASSWORD)
    assert (ctx.actor.username, ctx.actor.role) == ("canbo1", Role.CLERK)
    assert ctx.actor.user_id is not None
    assert _audit(desk, action="login.ok", key="canbo1")


def test_wrong_password_and_unknown_user_are_refused_and_audited(desk):
    for name, password in (("canbo1", "sai-mat-khau"), ("khongco", DEMO_PASSWORD)):
        with pytest.raises(DeskError) as info:
            users.log_in(desk, username=name, password=password)
        assert info.value.key == "auth.failed"
        assert "Sai tên đăng nhập" in info.value.message("vi")
        assert "Wrong user name" in info.value.message("en")
    assert _audit(desk, action="login.failed", key="canbo1")
    assert _audit(desk, action="login.unknown", key="khongco")


def test_five_failures_lock_the_account_for_fifteen_minutes(desk, clock):
    for _ in range(4):
        with pytest.raises(DeskError, match="Wrong"):
            users.log_in(desk, username="canbo2", password="nope-nope")
    with pytest.raises(DeskError) as info:
        users.log_in(desk, username="canbo2", password="nope-nope")
    assert info.value.key == "auth.locked"
    with pytest.raises(DeskError) as info:  # even the right password, while locked
        users.log_in(desk, username="canbo2", password=DEMO_PASSWORD)
    assert info.value.key == "auth.locked"
    sup = _supervisor(desk)
    assert users.get_user(sup, username="canbo2").locked
    clock.now += timedelta(minutes=16)
    assert users.log_in(desk, username="canbo2", password=DEMO_PASSWORD).actor.username == "canbo2"


def test_disabled_user_is_refused_until_enabled(desk):
    sup = _supervisor(desk)
    info = users.set_user_active(sup, username="canbo1", active=False)
    assert not info.active
    with pytest.raises(DeskError) as err:
        users.log_in(desk, username="canbo1", password=DEMO_PASSWORD)
    assert err.value.key == "auth.disabled"
    assert "vô hiệu hóa" in err.value.message("vi") and "disabled" in err.value.message("en")
    assert _audit(desk, action="login.disabled", key="canbo1")
    assert _audit(desk, actor="lanhdao", action="user.disable", key="canbo1")
    users.set_user_active(sup, username="canbo1", active=True)
    assert users.log_in(desk, username="canbo1", password=DEMO_PASSWORD).actor.role == Role.CLERK


def test_create_user_validates_and_refuses_duplicates(desk):
    sup = _supervisor(desk)
    made = users.create_user(
        sup,
        username="TNV2",
        full_name="  Hoàng   Minh  Tâm ",
        role=Role.VOLUNTEER,
        password="mot-hai-ba-4",
    )
    assert (made.username, made.full_name, made.role) == ("tnv2", "Hoàng Minh Tâm", Role.VOLUNTEER)
    cases = [
        ({"username": "tnv2"}, "user.exists"),
        ({"username": "có dấu"}, "user.name_invalid"),
        ({"password": "short"}, "user.password_short"),
        ({"full_name": "  "}, "user.full_name_missing"),
        ({"role": Role.SYSTEM}, "user.role_system"),
    ]
    before = len(users.list_users(sup))
    for override, key in cases:
        args = {
            "username": "moi1",
            "full_name": "Người Mới",
            "role": Role.CLERK,
            "password": "mat-khau-dai",
            **override,
        }
        with pytest.raises(DeskError) as info:
            users.create_user(sup, **args)
        assert info.value.key == key
        assert info.value.message("vi") != info.value.message("en")
    assert len(users.list_users(sup)) == before


def test_password_change_by_the_person(desk):
    ctx = users.log_in(desk, username="buudien1", password=DEMO_PASSWORD)
    with pytest.raises(DeskError) as info:
        users.change_password(ctx, old_password="wrong-one", new_password="moi-moi-moi")
    assert info.value.key == "auth.wrong_password"
    with pytest.raises(DeskError) as info:
        users.change_password(ctx, old_password=DEMO_PASSWORD, new_password="ngan")
    assert info.value.key == "user.password_short"
    users.change_password(ctx, old_password=DEMO_PASSWORD, new_password="moi-moi-moi")
    with pytest.raises(DeskError):
        users.log_in(desk, username="buudien1", password=DEMO_PASSWORD)
    assert (
        users.log_in(desk, username="buudien1", password="moi-moi-moi").actor.username == "buudien1"
    )
    assert _audit(desk, actor="buudien1", action="user.password")
    assert _audit(desk, actor="buudien1", action="user.password_failed")
    with pytest.raises(DeskError) as info:  # the system has no password to change
        users.change_password(desk, old_password="x", new_password="yyyyyyyyy")
    assert info.value.key == "auth.no_account"


def test_wrong_current_passwords_count_towards_the_lock_out(desk):
    ctx = users.log_in(desk, username="canbo2", password=DEMO_PASSWORD)
    for _ in range(4):
        with pytest.raises(DeskError, match="current password"):
            users.change_password(ctx, old_password="guess-guess", new_password="new-new-new")
    with pytest.raises(DeskError) as info:
        users.change_password(ctx, old_password="guess-guess", new_password="new-new-new")
    assert info.value.key == "auth.locked"


def test_supervisor_resets_a_password_and_lifts_the_lock(desk):
    for _ in range(5):
        with pytest.raises(DeskError):
            users.log_in(desk, username="canbo1", password="forgotten")
    sup = _supervisor(desk)
    info = users.reset_password(sup, username="canbo1", new_password="cap-lai-123")
    assert not info.locked
    assert users.log_in(desk, username="canbo1", password="cap-lai-123").actor.username == "canbo1"
    assert _audit(desk, actor="lanhdao", action="user.reset_password", key="canbo1")


def test_role_change_takes_effect_at_the_next_log_in(desk):
    sup = _supervisor(desk)
    before = users.log_in(desk, username="tnv1", password=DEMO_PASSWORD)
    assert before.actor.role == Role.VOLUNTEER
    users.set_user_role(sup, username="tnv1", role=Role.CLERK)
    assert users.log_in(desk, username="tnv1", password=DEMO_PASSWORD).actor.role == Role.CLERK
    [row] = [e for e in users.audit_trail(sup, entity_key="tnv1", action="user.role")]
    assert row.data == {"from": "volunteer", "to": "clerk"} and row.actor == "lanhdao"
    with pytest.raises(DeskError) as info:
        users.set_user_role(sup, username="nobody", role=Role.CLERK)
    assert info.value.key == "user.unknown"


def test_the_last_active_supervisor_cannot_be_removed(desk):
    sup = _supervisor(desk)
    for action in (
        lambda: users.set_user_active(sup, username="lanhdao", active=False),
        lambda: users.set_user_role(sup, username="lanhdao", role=Role.CLERK),
    ):
        with pytest.raises(DeskError) as info:
            action()
        assert info.value.key == "user.last_supervisor"
    users.create_user(
        sup,
        username="lanhdao2",
        full_name="Phó Giám Đốc",
        role=Role.SUPERVISOR,
        password="mat-khau-dai",
    )
    assert users.set_user_role(sup, username="lanhdao", role=Role.CLERK).role == Role.CLERK


# --- the audit trail -------------------------------------------------------------------------


def test_audit_trail_filters_and_cannot_be_edited(desk, clock):
    sup = _supervisor(desk)
    clock.now += timedelta(minutes=1)
    users.log_in(desk, username="canbo1", password=DEMO_PASSWORD)
    rows = users.audit_trail(sup, actor="canbo1")
    assert [r.action for r in rows] == ["login.ok"] and rows[0].at == clock.now
    assert {r.action for r in users.audit_trail(sup, action="login.")} == {"login.ok"}
    assert len(users.audit_trail(sup, limit=2)) == 2
    newest_first = users.audit_trail(sup, limit=50)
    assert [r.id for r in newest_first] == sorted((r.id for r in newest_first), reverse=True)
    since = users.audit_trail(sup, since=clock.now)
    assert {r.actor for r in since} == {"canbo1"}
    con = sqlite3.connect(desk.db.path)
    try:
        for statement in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"):
            with pytest.raises(sqlite3.DatabaseError, match="append-only"):
                con.execute(statement)
    finally:
        con.close()
    assert not hasattr(users, "delete_audit") and not hasattr(users, "edit_audit")


# --- calendar overrides ----------------------------------------------------------------------


def test_calendar_override_moves_the_next_appointments(desk):
    sup = _supervisor(desk)  # the override reaches the calendar of the context that made it
    received = datetime(2025, 7, 15, 9, 0, tzinfo=VN_TZ)  # a Tuesday
    before = compute_deadline(sup, procedure_code="1.004222", received_at=received)
    day_off = date(2025, 7, 17)
    got = calendar_admin.set_calendar_day(
        sup, day=day_off, working=False, note="QĐ 12/QĐ-UBND nghỉ bù"
    )
    assert (got.working, got.base_working, got.overridden) == (False, True, True)
    after = compute_deadline(sup, procedure_code="1.004222", received_at=received)
    assert before is not None and after is not None
    assert sup.calendar().next_working_day(before.date()) == after.date()
    saturday = date(2025, 7, 19)
    calendar_admin.set_calendar_day(sup, day=saturday, working=True, note="Làm bù thứ Bảy")
    assert sup.calendar().is_working_day(saturday)
    listed = calendar_admin.list_calendar_overrides(sup, year=2025)
    assert [(d.day, d.working, d.source) for d in listed] == [
        (day_off, False, "local"),
        (saturday, True, "local"),
    ]
    calendar_admin.clear_calendar_day(sup, day=day_off)  # the make-up Saturday stays
    assert compute_deadline(sup, procedure_code="1.004222", received_at=received) == (
        before - timedelta(days=1)
    )
    calendar_admin.clear_calendar_day(sup, day=saturday)
    assert compute_deadline(sup, procedure_code="1.004222", received_at=received) == before
    assert [r.action for r in users.audit_trail(sup, action="calendar.")] == [
        "calendar.clear",
        "calendar.clear",
        "calendar.set",
        "calendar.set",
    ]
    week = calendar_admin.calendar_days(sup, date_from=date(2025, 9, 1), date_to=date(2025, 9, 7))
    assert [d.working for d in week] == [False, False, True, True, True, False, False]
    assert week[1].holiday_name  # 2/9, national day


def test_calendar_refusals(desk):
    sup = _supervisor(desk)
    with pytest.raises(DeskError) as info:
        calendar_admin.set_calendar_day(sup, day=date(2025, 8, 1), working=False, note="  ")
    assert info.value.key == "calendar.note_missing"
    with pytest.raises(DeskError) as info:
        calendar_admin.clear_calendar_day(sup, day=date(2025, 8, 1))
    assert info.value.key == "calendar.no_override"
    assert calendar_admin.list_calendar_overrides(sup) == []


# --- catalog edits ---------------------------------------------------------------------------


def _new_procedure(**changes: object) -> ProcedureInfo:
    base = ProcedureInfo(
        code="9.900001",
        name="Xác nhận thử nghiệm",
        field_code="HT",
        field_name="Hộ tịch",
        level=3,
        processing=ProcessingTime(2, "day"),
        cutoff=time(15, 0),
        documents=(RequiredDocument("Tờ khai", 1, 0, True, "TP1"),),
        fees=(FeeItem("Lệ phí", 8000, "LP1"),),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_supervisor_adds_edits_and_deactivates_a_procedure(desk):
    sup = _supervisor(desk)
    added = catalog.add_procedure(sup, procedure=_new_procedure(name="  Xác   nhận thử nghiệm "))
    assert added.name == "Xác nhận thử nghiệm"
    assert catalog.get_procedure(desk, code="9.900001").fees[0].amount == 8000
    received = datetime(2025, 7, 15, 15, 30, tzinfo=VN_TZ)  # after the 15:00 cut-off
    assert compute_deadline(desk, procedure_code="9.900001", received_at=received) == datetime(
        2025, 7, 18, 8, 0, tzinfo=VN_TZ
    )
    edited = catalog.update_procedure(
        sup,
        procedure=replace(
            added,
            processing=ProcessingTime(5, "day"),
            cutoff=None,
            fees=(FeeItem("Lệ phí", 10000, "LP1"),),
            documents=added.documents + (RequiredDocument("Bản sao CCCD", 0, 1, False, "TP2"),),
        ),
    )
    assert edited.processing == ProcessingTime(5, "day") and len(edited.documents) == 2
    assert compute_deadline(desk, procedure_code="9.900001", received_at=received) == datetime(
        2025, 7, 22, 15, 30, tzinfo=VN_TZ
    )
    [edit] = users.audit_trail(sup, entity_key="9.900001", action="catalog.edit")
    assert edit.data["processing"] == {
        "from": {"amount": 2, "unit": "day"},
        "to": {"amount": 5, "unit": "day"},
    }
    assert edit.data["cutoff"] == {"from": "15:00", "to": None}
    assert "name" not in edit.data
    catalog.set_procedure_active(sup, code="9.900001", active=False)
    with pytest.raises(DeskError) as info:
        catalog.get_procedure(desk, code="9.900001")
    assert info.value.key == "procedure.unknown"
    assert not catalog.catalog_entry(sup, code="9.900001").active
    assert "9.900001" in {p.code for p in catalog.list_catalog(sup)}
    assert "9.900001" not in {p.code for p in catalog.list_catalog(sup, include_inactive=False)}
    catalog.set_procedure_active(sup, code="9.900001", active=True)
    assert catalog.get_procedure(desk, code="9.900001").processing.amount == 5


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"code": "bad code"}, "procedure code"),
        ({"name": " "}, "name is missing"),
        ({"level": 5}, "level"),
        ({"processing": ProcessingTime(-1, "day")}, "processing time"),
        ({"processing": ProcessingTime(3, "week")}, "processing time"),
        ({"processing": ProcessingTime(400, "day")}, "too long"),
        ({"cutoff": time(22, 0)}, "cut-off"),
        ({"documents": (RequiredDocument("", 1, 0),)}, "document has no name"),
        ({"documents": (RequiredDocument("Tờ khai", 0, 0),)}, "originals"),
        ({"fees": (FeeItem("Lệ phí", -5),)}, "amount"),
    ],
)
def test_catalog_validation_refuses_and_writes_nothing(desk, changes, fragment):
    sup = _supervisor(desk)
    audit_before = len(users.audit_trail(sup, limit=10_000))
    with pytest.raises(DeskError) as info:
        catalog.add_procedure(sup, procedure=_new_procedure(**changes))
    assert info.value.key == "catalog.invalid"
    assert fragment in info.value.message("en")
    assert info.value.message("vi").startswith("Thủ tục không hợp lệ")
    assert len(users.audit_trail(sup, limit=10_000)) == audit_before
    assert "9.900001" not in {p.code for p in catalog.list_catalog(sup)}


def test_catalog_add_refuses_an_existing_code_and_update_an_unknown_one(desk):
    sup = _supervisor(desk)
    existing = catalog.get_procedure(desk, code="1.004222")
    with pytest.raises(DeskError) as info:
        catalog.add_procedure(sup, procedure=existing)
    assert info.value.key == "catalog.exists"
    with pytest.raises(DeskError) as info:
        catalog.update_procedure(sup, procedure=_new_procedure(code="9.999999"))
    assert info.value.key == "procedure.unknown"


# --- the CLI as a person ---------------------------------------------------------------------


def _run(
    data: Path,
    *args: str,
    password: str | None = None,
    new_password: str | None = None,
    ok: bool = True,
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("MOTCUA_PASSWORD", None)
    env.pop("MOTCUA_NEW_PASSWORD", None)
    if password is not None:
        env["MOTCUA_PASSWORD"] = password
    if new_password is not None:
        env["MOTCUA_NEW_PASSWORD"] = new_password
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args, "--data-dir", str(data)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )  # no /dev/tty
    if ok:
        assert done.returncode == 0, done.stderr
    return done


@pytest.fixture(scope="module")
def cli_data(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("people-cli") / "data"
    _run(folder, "demo", "--dossiers", "10")
    return folder


def _audit_rows(data: Path, action: str) -> list[tuple[str, str]]:
    con = sqlite3.connect(data / "motcua.sqlite3")
    try:
        return con.execute(
            "SELECT actor, entity_key FROM audit_log WHERE action = ? ORDER BY id", (action,)
        ).fetchall()
    finally:
        con.close()


def test_cli_user_right_password_works_wrong_one_exits_2(cli_data):
    out = json.loads(
        _run(
            cli_data,
            "report",
            "--from",
            "2020-01-01",
            "--to",
            "2030-12-31",
            "--json",
            "--user",
            "lanhdao",
            password=DEMO_PASSWORD,
        ).stdout
    )
    assert out["total"] == 10
    assert ("lanhdao", "lanhdao") in _audit_rows(cli_data, "login.ok")
    done = _run(
        cli_data,
        "report",
        "--from",
        "2020-01-01",
        "--to",
        "2030-12-31",
        "--user",
        "lanhdao",
        password="wrong-password",
        ok=False,
    )
    assert done.returncode == 2
    assert "Sai tên đăng nhập" in done.stderr and "Wrong user name" in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""
    assert ("lanhdao", "lanhdao") in _audit_rows(cli_data, "login.failed")


def test_cli_user_without_password_source_exits_2(cli_data):
    done = _run(cli_data, "list", "--user", "canbo1", ok=False)  # no tty, no MOTCUA_PASSWORD
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_cli_role_refusal_exits_2_with_both_languages(cli_data):
    done = _run(
        cli_data,
        "report",
        "--from",
        "2020-01-01",
        "--to",
        "2030-12-31",
        "--user",
        "tnv1",
        password=DEMO_PASSWORD,
        ok=False,
    )
    assert done.returncode == 2
    assert "Tình nguyện viên" in done.stderr and "see reports" in done.stderr


def test_cli_user_commands(cli_data):
    _run(
        cli_data,
        "user",
        "add",
        "canbo9",
        "--name",
        "Vũ Thị Mai",
        "--role",
        "clerk",
        "--user",
        "lanhdao",
        password=DEMO_PASSWORD,
        new_password="lan-dau-123",
    )
    listed = json.loads(_run(cli_data, "user", "list", "--json").stdout)
    assert {"username": "canbo9", "role": "clerk", "active": True}.items() <= next(
        u for u in listed if u["username"] == "canbo9"
    ).items()
    _run(
        cli_data,
        "user",
        "passwd",
        "--user",
        "canbo9",
        password="lan-dau-123",
        new_password="da-doi-456",
    )
    _run(cli_data, "list", "--user", "canbo9", password="da-doi-456")
    _run(cli_data, "user", "disable", "canbo9", "--user", "lanhdao", password=DEMO_PASSWORD)
    done = _run(cli_data, "list", "--user", "canbo9", password="da-doi-456", ok=False)
    assert done.returncode == 2 and "disabled" in done.stderr
    _run(cli_data, "user", "enable", "canbo9")
    _run(cli_data, "user", "passwd", "canbo9", new_password="cap-lai-789")
    _run(cli_data, "user", "role", "canbo9", "--role", "post-agent")
    me = json.loads(
        _run(cli_data, "user", "list", "--json", "--user", "lanhdao", password=DEMO_PASSWORD).stdout
    )
    assert next(u for u in me if u["username"] == "canbo9")["role"] == "post_agent"
    done = _run(
        cli_data,
        "user",
        "add",
        "x9",
        "--name",
        "X",
        "--role",
        "clerk",
        "--user",
        "canbo1",
        password=DEMO_PASSWORD,
        new_password="whatever-1",
        ok=False,
    )
    assert done.returncode == 2 and "manage users" in done.stderr
    actions = [a for (a,) in _audit_rows_all(cli_data, "canbo9")]
    for expected in (
        "user.create",
        "user.password",
        "user.disable",
        "user.enable",
        "user.reset_password",
        "user.role",
    ):
        assert expected in actions
    trail = json.loads(_run(cli_data, "audit", "--key", "canbo9", "--json").stdout)
    assert trail[0]["action"] == "user.role" and trail[0]["detail"]["to"] == "post_agent"


def _audit_rows_all(data: Path, key: str) -> list[tuple[str]]:
    con = sqlite3.connect(data / "motcua.sqlite3")
    try:
        return con.execute(
            "SELECT action FROM audit_log WHERE entity_key = ? ORDER BY id", (key,)
        ).fetchall()
    finally:
        con.close()


def test_cli_calendar_set_and_list(cli_data):
    _run(
        cli_data,
        "calendar",
        "set",
        "2026-01-03",
        "--working",
        "--note",
        "Làm bù",
        "--user",
        "lanhdao",
        password=DEMO_PASSWORD,
    )
    _run(cli_data, "calendar", "set", "2026-01-05", "--off", "--note", "Nghỉ bù")
    listed = json.loads(_run(cli_data, "calendar", "list", "--year", "2026", "--json").stdout)
    assert [(d["day"], d["working"]) for d in listed] == [
        ("2026-01-03", True),
        ("2026-01-05", False),
    ]
    done = _run(
        cli_data,
        "calendar",
        "set",
        "2026-01-06",
        "--off",
        "--note",
        "x",
        "--user",
        "canbo1",
        password=DEMO_PASSWORD,
        ok=False,
    )
    assert done.returncode == 2 and "calendar" in done.stderr
