"""The agency catalog's wire shape (app.sync.protocol.parse_agency_catalog): the counter
takes a catalog only whole and well formed, so a bad answer never replaces its copy."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest

from app.sync.protocol import (
    CatalogDay,
    CatalogEntry,
    ProtocolError,
    catalog_entry_data,
    catalog_version,
    parse_agency_catalog,
)

ENTRIES = [
    CatalogEntry(
        "000.00.32.H26",
        "Phường Ngọc Hà",
        "commune",
        "",
        "",
        (CatalogDay(date(2027, 3, 6), True, "Bù"),),
    ),
    CatalogEntry("000.00.01.H26", "Sở Tư pháp", "city", "1B Trần Phú", "024", ()),
]


def _answer() -> dict[str, Any]:
    return {
        "version": catalog_version(ENTRIES),
        "unchanged": False,
        "agencies": [catalog_entry_data(e) for e in ENTRIES],
        "server_time": "20270302090000",
    }


def test_a_good_answer_round_trips() -> None:
    got = parse_agency_catalog(_answer())
    assert list(got.agencies) == ENTRIES and not got.unchanged
    same = {**_answer(), "unchanged": True, "agencies": []}
    assert parse_agency_catalog(same).agencies == ()


def _broken(change: Any) -> dict[str, Any]:
    obj = copy.deepcopy(_answer())
    change(obj)
    return obj


@pytest.mark.parametrize(
    "change",
    [
        lambda o: o.pop("version"),
        lambda o: o.update(version="abc"),
        lambda o: o.update(unchanged="no"),
        lambda o: o["agencies"].pop(),  # truncated: the version no longer matches
        lambda o: o.update(unchanged=True),  # "unchanged" yet carrying agencies
        lambda o: o["agencies"][0].update(kind="town"),
        lambda o: o["agencies"][0].update(code="x y"),
        lambda o: o["agencies"][0].update(name=" "),
        lambda o: o["agencies"][0]["days"][0].update(day="2027-02-30"),
        lambda o: o["agencies"][0]["days"][0].update(working=1),
        lambda o: o["agencies"][0]["days"].append(dict(o["agencies"][0]["days"][0])),
        lambda o: o["agencies"].append(dict(o["agencies"][0])),
        lambda o: o.pop("server_time"),
    ],
)
def test_a_bad_answer_is_refused(change: Any) -> None:
    with pytest.raises(ProtocolError):
        parse_agency_catalog(_broken(change))


def test_the_version_follows_the_content() -> None:
    other = [
        ENTRIES[0],
        CatalogEntry(*[*vars(ENTRIES[1]).values()][:5], (CatalogDay(date(2027, 3, 4), False, ""),)),
    ]
    assert catalog_version(other) != catalog_version(ENTRIES)
    assert catalog_version(list(ENTRIES)) == catalog_version(ENTRIES)
