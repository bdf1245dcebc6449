"""Every role against every service action, through the real services on a real database:
an allowed action succeeds; a forbidden one raises DeskError auth.forbidden and leaves the
database (every table, every row) and the output folder exactly as they were.

The table of who may do what is written here from the issue, not derived from GRANTS."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from app.domain.dossier import Channel, Status
from app.domain.errors import DeskError
from app.domain.roles import SYSTEM_ACTOR, Actor, Role
from app.services import calendar_admin, catalog, post, printing, report_export, reports, users
from app.services import dossiers as dossier_service
from app.services import volunteer as volunteer_service
from app.services.context import DeskContext, open_desk
from app.services.demo import create_demo

NOW = datetime(2025, 7, 15, 7, 5, tzinfo=UTC)
PERSON = dossier_service.ApplicantInput("Nguyễn Văn An", "001090000001")
C, V, P, S, Y = Role.CLERK, Role.VOLUNTEER, Role.POST_AGENT, Role.SUPERVISOR, Role.SYSTEM
EVERYONE = {C, V, P, S, Y}
USERNAMES = {C: "canbo1", V: "tnv1", P: "buudien1", S: "lanhdao"}


@dataclass(frozen=True)
class Env:
    """What the template database holds for the actions to work on."""

    direct: str  # a direct dossier, received
    post_free: str  # a post dossier in no batch
    batch_id: str  # a batch of one post dossier, not yet received
    payload: str
    override_day: date


def _template(folder: Path) -> Env:
    ctx = open_desk(folder, clock=lambda: NOW)
    try:
        create_demo(ctx, dossiers=0)
        direct = dossier_service.receive_dossier(ctx, procedure_code="1.004222", applicant=PERSON)
        post_batched, post_free = (
            dossier_service.receive_dossier(
                ctx,
                procedure_code="2.000815",
                applicant=PERSON,
                channel=Channel.POST,
                post_receipt_no=f"RR00000{i}VN",
            )
            for i in (1, 2)
        )
        batch = post.create_handover(ctx, codes=[post_batched.code])
        day = date(2025, 8, 1)
        calendar_admin.set_calendar_day(ctx, day=day, working=False, note="Nghỉ bù")
        return Env(direct.code, post_free.code, batch.batch_id, post.handover_payload(batch), day)
    finally:
        ctx.db.dispose()


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> tuple[Path, Env]:
    folder = tmp_path_factory.mktemp("roles-template")
    return folder / "motcua.sqlite3", _template(folder)


def _digest(path: Path) -> str:
    """Every row of every table (WAL included: read through SQLite)."""
    con = sqlite3.connect(path)
    try:
        h = hashlib.sha256()
        tables = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        for table in tables:
            for row in con.execute(f'SELECT * FROM "{table}" ORDER BY rowid'):
                h.update(repr((table, row)).encode())
        return h.hexdigest()
    finally:
        con.close()


def _new_proc(ctx: DeskContext, code: str) -> Any:
    return replace(catalog.get_procedure(ctx, code="1.004222"), code=code)


Action = Callable[[DeskContext, Env, Path], object]
#: name -> (what it does, the roles allowed to do it)
ACTIONS: dict[str, tuple[Action, set[Role]]] = {
    "receive direct": (
        lambda c, e, o: dossier_service.receive_dossier(
            c, procedure_code="1.004222", applicant=PERSON
        ),
        {C, S, Y},
    ),
    "receive online": (
        lambda c, e, o: dossier_service.receive_dossier(
            c, procedure_code="1.004222", applicant=PERSON, channel=Channel.ONLINE
        ),
        {C, S, Y},
    ),
    "receive post": (
        lambda c, e, o: dossier_service.receive_dossier(
            c,
            procedure_code="1.004222",
            applicant=PERSON,
            channel=Channel.POST,
            post_receipt_no="RR123456789VN",
        ),
        {P, S, Y},
    ),
    "advance": (
        lambda c, e, o: dossier_service.advance_dossier(c, code=e.direct, to=Status.PROCESSING),
        {C, S, Y},
    ),
    "get dossier": (lambda c, e, o: dossier_service.get_dossier(c, code=e.direct), EVERYONE),
    "list dossiers": (lambda c, e, o: dossier_service.list_dossiers(c), EVERYONE),
    "deadline": (
        lambda c, e, o: dossier_service.compute_deadline(
            c, procedure_code="1.004222", received_at=NOW
        ),
        EVERYONE,
    ),
    "print form": (
        lambda c, e, o: printing.print_form(c, code=e.direct, form="receipt", out=o / "r.pdf"),
        {C, P, S, Y},
    ),
    "preview form": (
        lambda c, e, o: printing.render_for_preview(c, code=e.direct, form="receipt"),
        {C, P, S, Y},
    ),
    "tracking book": (
        lambda c, e, o: printing.tracking_book(
            c, date_from=date(2025, 7, 1), date_to=date(2025, 7, 31), out=o / "b.pdf"
        ),
        {S, Y},
    ),
    "report": (
        lambda c, e, o: reports.build_report(
            c, date_from=date(2025, 7, 1), date_to=date(2025, 7, 31)
        ),
        {S, Y},
    ),
    "export csv": (
        lambda c, e, o: report_export.write_report_csv(
            c,
            report=reports.build_report(
                c.with_actor(SYSTEM_ACTOR), date_from=date(2025, 7, 1), date_to=date(2025, 7, 31)
            ),
            out=o / "r.csv",
        ),
        {S, Y},
    ),
    "export xlsx": (
        lambda c, e, o: report_export.write_report_xlsx(
            c,
            report=reports.build_report(
                c.with_actor(SYSTEM_ACTOR), date_from=date(2025, 7, 1), date_to=date(2025, 7, 31)
            ),
            out=o / "r.xlsx",
        ),
        {S, Y},
    ),
    "find procedures": (lambda c, e, o: catalog.find_procedures(c, text="khai sinh"), EVERYONE),
    "list catalog": (lambda c, e, o: catalog.list_catalog(c), {S, Y}),
    "catalog entry": (lambda c, e, o: catalog.catalog_entry(c, code="1.004222"), {S, Y}),
    "add procedure": (
        lambda c, e, o: catalog.add_procedure(
            c, procedure=_new_proc(c.with_actor(SYSTEM_ACTOR), "9.900009")
        ),
        {S, Y},
    ),
    "edit procedure": (
        lambda c, e, o: catalog.update_procedure(
            c,
            procedure=replace(
                catalog.get_procedure(c.with_actor(SYSTEM_ACTOR), code="1.004222"), name="Tên mới"
            ),
        ),
        {S, Y},
    ),
    "deactivate procedure": (
        lambda c, e, o: catalog.set_procedure_active(c, code="1.004222", active=False),
        {S, Y},
    ),
    "seed catalog": (lambda c, e, o: catalog.seed_catalog(c), {S, Y}),
    "set calendar day": (
        lambda c, e, o: calendar_admin.set_calendar_day(
            c, day=date(2025, 8, 2), working=True, note="Làm bù"
        ),
        {S, Y},
    ),
    "clear calendar day": (
        lambda c, e, o: calendar_admin.clear_calendar_day(c, day=e.override_day),
        {S, Y},
    ),
    "list calendar": (lambda c, e, o: calendar_admin.list_calendar_overrides(c), EVERYONE),
    "calendar days": (
        lambda c, e, o: calendar_admin.calendar_days(
            c, date_from=date(2025, 8, 1), date_to=date(2025, 8, 31)
        ),
        EVERYONE,
    ),
    "create user": (
        lambda c, e, o: users.create_user(
            c, username="moi1", full_name="Người Mới", role=Role.CLERK, password="mat-khau-dai"
        ),
        {S, Y},
    ),
    "list users": (lambda c, e, o: users.list_users(c), {S, Y}),
    "get user": (lambda c, e, o: users.get_user(c, username="canbo2"), {S, Y}),
    "disable user": (
        lambda c, e, o: users.set_user_active(c, username="canbo2", active=False),
        {S, Y},
    ),
    "change role": (
        lambda c, e, o: users.set_user_role(c, username="canbo2", role=Role.VOLUNTEER),
        {S, Y},
    ),
    "reset password": (
        lambda c, e, o: users.reset_password(c, username="canbo2", new_password="mat-khau-moi"),
        {S, Y},
    ),
    "audit trail": (lambda c, e, o: users.audit_trail(c), {S, Y}),
    "pending post dossiers": (lambda c, e, o: post.pending_post_dossiers(c), {P, S, Y}),
    "create handover": (lambda c, e, o: post.create_handover(c, codes=[e.post_free]), {P, S, Y}),
    "print handover": (
        lambda c, e, o: post.print_handover(c, batch_id=e.batch_id, out=o / "h.pdf"),
        {C, P, S, Y},
    ),
    "preview handover": (
        lambda c, e, o: post.render_handover(c, batch_id=e.batch_id),
        {C, P, S, Y},
    ),
    "get handover": (lambda c, e, o: post.get_handover(c, batch_id=e.batch_id), EVERYONE),
    "list handovers": (lambda c, e, o: post.list_handovers(c), EVERYONE),
    "receive handover": (lambda c, e, o: post.receive_handover(c, payload=e.payload), {C, S, Y}),
    "record assisted submission": (
        lambda c, e, o: volunteer_service.record_assisted_submission(
            c,
            procedure_code="1.004222",
            outcome=volunteer_service.AssistOutcome.SUBMITTED,
            online_code="G22.99-250715-0001",
        ),
        {V, S, Y},
    ),
    "list assisted submissions": (
        lambda c, e, o: volunteer_service.list_assisted_submissions(c),
        {V, S, Y},
    ),
}


def _actor(path: Path, role: Role) -> Actor:
    if role is Role.SYSTEM:
        return SYSTEM_ACTOR
    con = sqlite3.connect(path)
    try:
        uid, full_name = con.execute(
            "SELECT id, full_name FROM user_account WHERE username = ?", (USERNAMES[role],)
        ).fetchone()
    finally:
        con.close()
    return Actor(USERNAMES[role], full_name, role, uid)


@pytest.mark.parametrize("role", [C, V, P, S, Y], ids=lambda r: r.value)
@pytest.mark.parametrize("name", list(ACTIONS))
def test_role_may_do_only_what_it_is_granted(template, tmp_path, name, role):
    source, env = template
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(source, data / "motcua.sqlite3")
    out = tmp_path / "out"
    out.mkdir()
    action, allowed = ACTIONS[name]
    ctx = open_desk(data, clock=lambda: NOW + timedelta(hours=1))
    try:
        actor_ctx = ctx.with_actor(_actor(data / "motcua.sqlite3", role))
        before = _digest(data / "motcua.sqlite3")
        if role in allowed:
            action(actor_ctx, env, out)
        else:
            with pytest.raises(DeskError) as info:
                action(actor_ctx, env, out)
            assert info.value.key == "auth.forbidden", info.value
            assert role.label_vi in info.value.message("vi")
            assert _digest(data / "motcua.sqlite3") == before
            assert list(out.iterdir()) == []
    finally:
        ctx.db.dispose()


def test_every_role_has_someone_allowed_and_someone_refused_where_it_matters():
    """A guard on the table itself: no action is open to all by mistake except look-ups."""
    open_to_all = {name for name, (_, allowed) in ACTIONS.items() if allowed == EVERYONE}
    assert open_to_all == {
        "get dossier",
        "list dossiers",
        "deadline",
        "find procedures",
        "list calendar",
        "calendar days",
        "get handover",
        "list handovers",
    }
    assert all({S, Y} <= allowed for _, allowed in ACTIONS.values())
