"""The city's agency catalog (issue 18): the communes and city bodies a service point may
receive a dossier for, and each body's calendar overrides (a working Saturday, an extra day
off), which the competent body's appointment follows.

The hub keeps them in its own tables (new tables: the hub has no migrations) and serves
them whole to any enrolled device at ``GET /api/v1/agencies``, with a version (the hash of
the content) so that a counter downloads the catalog again only when it changed. A
calendar day also still joins the agency's own change feed (hub/store.set_calendar_day),
for that agency's counters."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy import Boolean, Date, DateTime, String, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker
from starlette.concurrency import run_in_threadpool

from app.domain.codes import validate_agency_code
from app.domain.errors import DeskError
from app.sync.protocol import (
    AGENCIES_PATH,
    API_PREFIX,
    CATALOG_AGENCY_KINDS,
    MAX_CATALOG_AGENCIES,
    MAX_CATALOG_DAYS,
    CatalogDay,
    CatalogEntry,
    catalog_entry_data,
    catalog_version,
    wire_time,
)
from hub.models import HubBase, utc_now

#: The days a catalog carries: from this long ago (an appointment is computed from a
#: received time at most this far back), at most MAX_CATALOG_DAYS per body.
DAYS_BACK = timedelta(days=400)


class HubAgency(HubBase):
    """One body of the city's catalog."""

    __tablename__ = "hub_agency"
    code: Mapped[str] = mapped_column(String(35), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(10))  # "commune" | "city"
    address: Mapped[str] = mapped_column(String(500), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class HubAgencyDay(HubBase):
    """A calendar override of an agency, as the back office set it (the latest per day)."""

    __tablename__ = "hub_agency_day"
    agency_code: Mapped[str] = mapped_column(String(35), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    working: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(String(300), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime)


def add_agency(
    s: Session, *, code: str, name: str, kind: str, address: str = "", phone: str = ""
) -> tuple[HubAgency, bool]:
    """Add a body to the catalog or update it; (row, created)."""
    code = validate_agency_code(code.strip())
    name, address, phone = name.strip(), address.strip(), phone.strip()
    if kind not in CATALOG_AGENCY_KINDS:
        raise DeskError("catalog_agency.kind", value=kind)
    if not name or len(name) > 300:
        raise DeskError("catalog_agency.name")
    if len(address) > 500 or len(phone) > 40:
        raise DeskError("catalog_agency.too_long")
    row = s.get(HubAgency, code)
    created = row is None
    if row is None:
        if (s.scalar(select(func.count()).select_from(HubAgency)) or 0) >= MAX_CATALOG_AGENCIES:
            raise DeskError("catalog_agency.full", max=MAX_CATALOG_AGENCIES)
        row = HubAgency(code=code)
        s.add(row)
    row.name, row.kind, row.address, row.phone = name, kind, address, phone
    row.updated_at = utc_now()
    s.flush()
    return row, created


def keep_calendar_day(s: Session, *, agency: str, day: date, working: bool, note: str) -> None:
    """Keep one calendar override of ``agency`` (replacing that day's earlier one)."""
    if len(note) > 300:
        raise DeskError("catalog_agency.too_long")
    row = s.get(HubAgencyDay, (agency, day))
    if row is None:
        row = HubAgencyDay(agency_code=agency, day=day)
        s.add(row)
    row.working, row.note, row.updated_at = working, note, utc_now()
    s.flush()


def known_agency(s: Session, code: str) -> HubAgency:
    row = s.get(HubAgency, code.strip())
    if row is None:
        raise DeskError("catalog_agency.unknown", code=code)
    return row


def catalog(s: Session, *, today: date) -> list[CatalogEntry]:
    """The whole catalog by code, each body with its days from ``today - DAYS_BACK`` on."""
    since = today - DAYS_BACK
    days: dict[str, list[CatalogDay]] = {}
    rows = s.execute(
        select(HubAgencyDay.agency_code, HubAgencyDay.day, HubAgencyDay.working, HubAgencyDay.note)
        .where(HubAgencyDay.day >= since)
        .order_by(HubAgencyDay.agency_code, HubAgencyDay.day)
    )
    for r in rows:
        held = days.setdefault(r.agency_code, [])
        if len(held) < MAX_CATALOG_DAYS:
            held.append(CatalogDay(r.day, bool(r.working), r.note))
    agencies = s.scalars(select(HubAgency).order_by(HubAgency.code).limit(MAX_CATALOG_AGENCIES))
    return [
        CatalogEntry(a.code, a.name, a.kind, a.address, a.phone, tuple(days.get(a.code, ())))
        for a in agencies
    ]


def catalog_answer(s: Session, *, held_version: str, today: date) -> dict[str, Any]:
    entries = catalog(s, today=today)
    version = catalog_version(entries)
    unchanged = held_version == version
    return {
        "version": version,
        "unchanged": unchanged,
        "agencies": [] if unchanged else [catalog_entry_data(e) for e in entries],
    }


def register(app: FastAPI, factory: sessionmaker[Session], device_of: Callable[..., Any]) -> None:
    """The catalog's route, before the API's catch-all route."""

    def work(held: str) -> dict[str, Any]:
        from app.domain.dossier import VN_TZ

        with factory() as s:
            return catalog_answer(s, held_version=held, today=datetime.now(VN_TZ).date())

    @app.get(f"{API_PREFIX}{AGENCIES_PATH}")
    async def agencies(request: Request) -> JSONResponse:
        await device_of(request)
        held = request.query_params.get("version", "")[:64]
        answer = await run_in_threadpool(work, held)
        return JSONResponse(
            {**answer, "server_time": wire_time(datetime.now(UTC))},
            headers={"ETag": f'"{answer["version"]}"', "Cache-Control": "no-cache"},
        )


# --- hub-admin agency add | list | calendar -------------------------------------------------


def add_parsers(sub: Any, common: Any) -> None:
    """``hub-admin agency ...`` (hub/cli.py)."""
    p = sub.add_parser("agency", help="danh mục cơ quan, đơn vị của thành phố")
    what = p.add_subparsers(dest="agency_command", required=True)
    c = what.add_parser("add", parents=[common], help="thêm hoặc sửa một cơ quan")
    c.add_argument("code", metavar="CODE")
    c.add_argument("--name", required=True)
    c.add_argument("--kind", required=True, help="commune (xã, phường) | city (sở, ngành)")
    c.add_argument("--address", default="")
    c.add_argument("--phone", default="")
    what.add_parser("list", parents=[common], help="danh mục cơ quan và ngày điều chỉnh lịch")
    c = what.add_parser("calendar", parents=[common], help="ngày làm việc / nghỉ của một cơ quan")
    c.add_argument("code", metavar="CODE")
    c.add_argument("--day", required=True, help="YYYY-MM-DD")
    c.add_argument("--working", required=True, help="1 = làm việc (làm bù), 0 = nghỉ")
    c.add_argument("--note", default="")


def run_admin(s: Session, args: Any, out: Callable[[Any, dict[str, object], str], None]) -> None:
    from app.domain.dossier import VN_TZ
    from app.domain.entry import check_year_range

    if args.agency_command == "add":
        row, created = add_agency(
            s,
            code=args.code,
            name=args.name,
            kind=args.kind.strip(),
            address=args.address,
            phone=args.phone,
        )
        s.commit()
        out(
            args,
            {**_row_data(row), "created": created},
            f"{'Đã thêm' if created else 'Đã cập nhật'} {row.code}: {row.name} ({row.kind})",
        )
    elif args.agency_command == "list":
        entries = catalog(s, today=datetime.now(VN_TZ).date())
        data = [catalog_entry_data(e) for e in entries]
        lines = [
            f"{e.code:<20} {e.kind:<8} {e.name}  ({len(e.days)} ngày điều chỉnh lịch)"
            for e in entries
        ]
        out(
            args,
            {"version": catalog_version(entries), "agencies": data},
            "\n".join(lines) or "Danh mục chưa có cơ quan nào (the catalog is empty).",
        )
    elif args.agency_command == "calendar":
        from hub import store

        row = known_agency(s, args.code)
        try:
            day = date.fromisoformat(args.day)
        except ValueError:
            raise DeskError("date.invalid", value=args.day) from None
        check_year_range(day)
        if args.working not in ("0", "1"):
            raise DeskError("catalog_agency.working", value=args.working)
        working = args.working == "1"
        store.set_calendar_day(s, agency=row.code, day=day, working=working, note=args.note)
        s.commit()
        out(
            args,
            {
                "agency_code": row.code,
                "day": day.isoformat(),
                "working": working,
                "note": args.note,
            },
            f"{row.code} {day.isoformat()}: {'làm việc' if working else 'nghỉ'}",
        )


def _row_data(row: HubAgency) -> dict[str, object]:
    return {
        "code": row.code,
        "name": row.name,
        "kind": row.kind,
        "address": row.address,
        "phone": row.phone,
    }
