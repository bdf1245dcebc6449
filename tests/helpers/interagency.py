"""Test helpers of receiving for another body (issue 18): a second body's counter database
and the catalog rows each side needs (until the hub's catalog brings them, the tests write
them with app.store.agencies.upsert_agency)."""

from __future__ import annotations

from pathlib import Path

from app.services.catalog import seed_catalog
from app.services.context import DeskContext, open_desk
from app.services.demo import DEMO_AGENCY, setup_service_point
from app.store.agencies import KIND_CITY, KIND_COMMUNE, upsert_agency

#: The demo point (receiving point A) and a second ward (competent body B).
A_CODE = DEMO_AGENCY["code"]
A_NAME = DEMO_AGENCY["name"]
B_CODE = "000.00.32.H26"
B_NAME = "Ủy ban nhân dân phường Ba Đình"
CITY_CODE = "000.00.00.G14"
CITY_NAME = "Sở Tư pháp thành phố Hà Nội"


def add_catalog(ctx: DeskContext, code: str, name: str, kind: str = KIND_COMMUNE) -> None:
    with ctx.db.session() as s:
        upsert_agency(s, code=code, name=name, kind=kind, at=ctx.now())
        s.commit()


def catalog_for_a(ctx: DeskContext) -> None:
    """Point A's catalog: ward B and a city department."""
    add_catalog(ctx, B_CODE, B_NAME)
    add_catalog(ctx, CITY_CODE, CITY_NAME, KIND_CITY)


def open_body_b(folder: Path, clock, *, demo: bool = True) -> DeskContext:  # type: ignore[no-untyped-def]
    """Ward B's counter: its own agency, the city's shared procedure catalog, no dossiers.
    ``demo=False`` leaves it without a slot until the hub gives one (to enroll it)."""
    ctx = open_desk(folder, clock=clock)
    setup_service_point(
        ctx, agency={"code": B_CODE, "name": B_NAME}, slot=1, counter_name="Quầy 1", demo=demo
    )
    seed_catalog(ctx)
    return ctx
