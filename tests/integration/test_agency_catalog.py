"""The city's agency catalog (issue 18): kept on the hub (hub-admin agency add | list |
calendar), served to enrolled devices at GET /api/v1/agencies with a version, fetched by
the counter during a sync round only when it changed, cached for offline use, and the
competent body's calendar deciding a routed dossier's appointment."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import requests
from sqlalchemy import func, select
from sync_helpers import AGENCY, FakeHub, HubProcess, hub_admin

from app.cli import main as cli_main
from app.domain.dossier import VN_TZ
from app.services.agencies import catalog_state, fetch_catalog, list_catalog
from app.services.context import DeskContext
from app.services.dossiers import compute_deadline
from app.services.sync import sync_once
from app.store.models import Agency, AgencyCalendarDay
from app.sync.client import HubClient
from app.sync.tokens import SERVICE

B = "000.00.32.H26"  # a commune with a working Saturday
C = "000.00.01.H26"  # a city body with an extra day off
RECEIVED = datetime(2027, 3, 2, 9, 0, tzinfo=VN_TZ)  # a Tuesday
PROC = "1.004222"  # 7 working days


def _catalog_on_hub(db: str) -> None:
    hub_admin(db, "agency", "add", B, "--name", "Phường Ngọc Hà", "--kind", "commune")
    hub_admin(
        db,
        "agency",
        "add",
        C,
        "--name",
        "Sở Tư pháp",
        "--kind",
        "city",
        "--address",
        "1B Trần Phú, Hà Đông",
        "--phone",
        "024 3333 0000",
    )
    hub_admin(db, "agency", "calendar", B, "--day", "2027-03-06", "--working", "1", "--note", "Bù")
    hub_admin(db, "agency", "calendar", C, "--day", "2027-03-04", "--working", "0")


def _token(ring) -> str:  # type: ignore[no-untyped-def]
    [token] = [v for (svc, _user), v in ring.store.items() if svc == SERVICE]
    return str(token)


def test_hub_admin_agency_commands(hub: HubProcess) -> None:
    _catalog_on_hub(hub.db_url)
    listed = json.loads(hub_admin(hub.db_url, "agency", "list", "--json").stdout)
    by_code = {a["code"]: a for a in listed["agencies"]}
    assert by_code[C]["kind"] == "city" and by_code[C]["phone"] == "024 3333 0000"
    assert by_code[B]["days"] == [{"day": "2027-03-06", "working": True, "note": "Bù"}]
    assert by_code[C]["days"] == [{"day": "2027-03-04", "working": False, "note": ""}]
    # Updating a body keeps one row; a second calendar answer for a day replaces the first.
    again = hub_admin(
        hub.db_url,
        "agency",
        "add",
        B,
        "--name",
        "Phường Ngọc Hà (mới)",
        "--kind",
        "commune",
        "--json",
    )
    assert json.loads(again.stdout)["created"] is False
    hub_admin(hub.db_url, "agency", "calendar", B, "--day", "2027-03-06", "--working", "1")
    listed = json.loads(hub_admin(hub.db_url, "agency", "list", "--json").stdout)
    assert len(listed["agencies"]) == 2
    assert {a["code"]: a for a in listed["agencies"]}[B]["days"][0]["note"] == ""
    # Bad input: exit 2 with the Vietnamese message first, nothing stored.
    for args, words in (
        (("add", "X.1", "--name", "Xã", "--kind", "town"), "Loại cơ quan"),
        (("add", "x y", "--name", "Xã", "--kind", "commune"), ""),
        (("add", "000.00.40.H26", "--name", " ", "--kind", "commune"), "tên cơ quan"),
        (("calendar", "000.00.99.H26", "--day", "2027-01-04", "--working", "1"), "Không có"),
        (("calendar", B, "--day", "2027-02-30", "--working", "1"), ""),
        (("calendar", B, "--day", "2027-03-08", "--working", "yes"), "--working"),
    ):
        done = hub_admin(hub.db_url, "agency", *args, check=False)
        assert done.returncode == 2, (args, done.stdout, done.stderr)
        assert words in done.stderr
    listed = json.loads(hub_admin(hub.db_url, "agency", "list", "--json").stdout)
    assert len(listed["agencies"]) == 2
    assert len({a["code"]: a for a in listed["agencies"]}[B]["days"]) == 1
    # The older command still feeds the agency's counters and now also keeps the day.
    hub_admin(hub.db_url, "calendar", "--agency", B, "--day", "2027-03-13", "--off")
    listed = json.loads(hub_admin(hub.db_url, "agency", "list", "--json").stdout)
    assert len({a["code"]: a for a in listed["agencies"]}[B]["days"]) == 2


def test_the_endpoint_needs_a_device_and_answers_unchanged_by_version(
    enrolled: tuple[DeskContext, HubProcess], memory_keyring, http: requests.Session
) -> None:
    ctx, hub = enrolled
    _catalog_on_hub(hub.db_url)
    url = f"{hub.url}/api/v1/agencies"
    assert http.get(url, timeout=5).status_code == 401
    auth = {"Authorization": f"Bearer {_token(memory_keyring)}"}
    first = http.get(url, headers=auth, timeout=5)
    body = first.json()
    assert first.status_code == 200 and body["unchanged"] is False
    assert first.headers["ETag"] == f'"{body["version"]}"'
    assert [a["code"] for a in body["agencies"]] == [C, B]
    same = http.get(url, params={"version": body["version"]}, headers=auth, timeout=5).json()
    assert (
        same["unchanged"] is True and same["agencies"] == [] and same["version"] == body["version"]
    )
    hub_admin(hub.db_url, "agency", "calendar", B, "--day", "2027-03-20", "--working", "1")
    moved = http.get(url, params={"version": body["version"]}, headers=auth, timeout=5).json()
    assert moved["unchanged"] is False and moved["version"] != body["version"]


def test_sync_caches_the_catalog_and_the_appointment_follows_the_competent_body(
    enrolled: tuple[DeskContext, HubProcess], tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    ctx, hub = enrolled
    _catalog_on_hub(hub.db_url)
    home = compute_deadline(ctx, procedure_code=PROC, received_at=RECEIVED)
    assert catalog_state(ctx).checked_at is None and list_catalog(ctx) == []

    assert sync_once(ctx).outcome == "ok"
    got = {a.code: a for a in list_catalog(ctx)}
    assert set(got) == {B, C} and got[C].address == "1B Trần Phú, Hà Đông"
    assert got[B].kind == "commune" and got[C].kind == "city"
    state = catalog_state(ctx)
    assert state.checked_at is not None and len(state.version) == 64

    # 7 working days from Tue 2/3/2027: home 3,4,5,8,9,10,11 -> 11/3; B works Sat 6/3 ->
    # 10/3; C is off on Thu 4/3 -> 12/3.
    assert home is not None and home.date() == date(2027, 3, 11)
    for_b = compute_deadline(ctx, procedure_code=PROC, received_at=RECEIVED, competent_agency=B)
    for_c = compute_deadline(ctx, procedure_code=PROC, received_at=RECEIVED, competent_agency=C)
    assert for_b is not None and for_b.date() == date(2027, 3, 10)
    assert for_c is not None and for_c.date() == date(2027, 3, 12)
    # The home agency's code is the home calendar.
    assert (
        compute_deadline(ctx, procedure_code=PROC, received_at=RECEIVED, competent_agency=AGENCY)
        == home
    )

    # The CLI: deadline --for, agencies.
    data = ["--data-dir", str(ctx.data_dir)]
    assert (
        cli_main(
            [
                "deadline",
                "--procedure",
                PROC,
                "--received",
                "2027-03-02T09:00",
                "--for",
                B,
                "--json",
                *data,
            ]
        )
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert out["appointment_at"].startswith("2027-03-10") and out["for"] == B
    assert (
        cli_main(
            [
                "deadline",
                "--procedure",
                PROC,
                "--received",
                "2027-03-02T09:00",
                "--for",
                "000.00.77.H26",
                *data,
            ]
        )
        == 2
    )
    assert "«000.00.77.H26» không có trong danh mục" in capsys.readouterr().err
    assert cli_main(["agencies", "--json", *data]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [a["code"] for a in listed["agencies"]] == [B, C]  # by name: "Phường" < "Sở"
    assert listed["refreshed_at"] is not None
    assert cli_main(["agencies", *data]) == 0
    assert "Sở Tư pháp" in capsys.readouterr().out

    # A change on the hub arrives in the next round; the cached calendar is dropped.
    hub_admin(hub.db_url, "agency", "calendar", B, "--day", "2027-03-06", "--working", "0")
    assert sync_once(ctx).outcome == "ok"
    again = compute_deadline(ctx, procedure_code=PROC, received_at=RECEIVED, competent_agency=B)
    assert again is not None and again.date() == date(2027, 3, 11)

    # Offline: the hub is gone; the cached catalog and calendars stay in use.
    hub.stop()
    assert sync_once(ctx).outcome == "offline"
    assert {a.code for a in list_catalog(ctx)} == {B, C}
    assert (
        compute_deadline(ctx, procedure_code=PROC, received_at=RECEIVED, competent_agency=C)
        == for_c
    )


def test_an_unchanged_catalog_is_not_downloaded_again(
    enrolled: tuple[DeskContext, HubProcess], clock
) -> None:  # type: ignore[no-untyped-def]
    ctx, hub = enrolled
    _catalog_on_hub(hub.db_url)
    sync_once(ctx)
    with ctx.db.read_session() as s:
        stamped = {a.code: a.catalog_updated_at for a in s.scalars(select(Agency))}
    first = catalog_state(ctx)
    clock.now += timedelta(minutes=5)
    assert sync_once(ctx).outcome == "ok"
    with ctx.db.read_session() as s:
        # An "unchanged" answer rewrites nothing; only the time of the last answer moves.
        assert {a.code: a.catalog_updated_at for a in s.scalars(select(Agency))} == stamped
    later = catalog_state(ctx)
    assert later.version == first.version and later.changed_at == first.changed_at
    assert later.checked_at is not None and first.checked_at is not None
    assert later.checked_at > first.checked_at


def test_a_failed_or_portal_answer_changes_nothing(
    enrolled: tuple[DeskContext, HubProcess],
) -> None:
    ctx, hub = enrolled
    _catalog_on_hub(hub.db_url)
    sync_once(ctx)
    before = catalog_state(ctx)
    with ctx.db.read_session() as s:
        days = s.scalar(select(func.count()).select_from(AgencyCalendarDay))
    assert days == 2
    for portal in (True, False):  # a Wi-Fi login page; an older hub without the route (404)
        with FakeHub("500", portal=portal) as fake, requests.Session() as session:
            client = HubClient(fake.url, session, token="t" * 43)
            assert fetch_catalog(ctx, client) is None
            assert any(p.startswith("/api/v1/agencies?version=") for _m, p in fake.requests)
        assert catalog_state(ctx) == before
        with ctx.db.read_session() as s:
            assert s.scalar(select(func.count()).select_from(AgencyCalendarDay)) == 2


def test_a_body_the_hub_dropped_leaves_the_picker_but_its_row_stays(desk, clock) -> None:  # type: ignore[no-untyped-def]
    from app.services.agencies import refresh_catalog
    from app.sync.protocol import CatalogDay, CatalogEntry, catalog_version

    first = [
        CatalogEntry(
            B, "Phường Ngọc Hà", "commune", "", "", (CatalogDay(date(2027, 3, 6), True, ""),)
        ),
        CatalogEntry(C, "Sở Tư pháp", "city", "", "", ()),
        # The home agency in the city's catalog: never rewritten by it.
        CatalogEntry(
            AGENCY, "Tên khác", "commune", "", "", (CatalogDay(date(2027, 3, 8), False, ""),)
        ),
    ]
    assert refresh_catalog(desk, first, catalog_version(first)) == 2
    assert {a.code for a in list_catalog(desk)} == {B, C}
    home_name = desk.service_point()[0].name
    clock.now += timedelta(hours=1)
    second = first[:1]
    refresh_catalog(desk, second, catalog_version(second))
    assert [a.code for a in list_catalog(desk)] == [B]
    with desk.db.read_session() as s:
        rows = {a.code: a for a in s.scalars(select(Agency))}
        home_days = s.scalar(
            select(func.count())
            .select_from(AgencyCalendarDay)
            .where(AgencyCalendarDay.agency_code == AGENCY)
        )
    assert C in rows and rows[AGENCY].name == home_name and home_days == 0
    # The home calendar is untouched by the catalog's days for the home code.
    assert desk.calendar().is_working_day(date(2027, 3, 8))


def test_the_catalog_on_both_hub_databases(running: HubProcess, http: requests.Session) -> None:
    """The hub's own tables (created at start, no migration) on SQLite and PostgreSQL."""
    from sync_helpers import issue_code

    _catalog_on_hub(running.db_url)
    hub_admin(running.db_url, "agency", "calendar", B, "--day", "2027-03-06", "--working", "0")
    enrolled = http.post(
        f"{running.url}/api/v1/enroll",
        json={"code": issue_code(running.db_url), "counter_name": "Quầy 1"},
        timeout=10,
    ).json()
    got = http.get(
        f"{running.url}/api/v1/agencies",
        headers={"Authorization": f"Bearer {enrolled['token']}"},
        timeout=10,
    ).json()
    by_code = {a["code"]: a for a in got["agencies"]}
    assert by_code[B]["days"] == [{"day": "2027-03-06", "working": False, "note": ""}]
    assert by_code[C]["address"] == "1B Trần Phú, Hà Đông"
