"""The one message catalogue of DeskError: key -> (Vietnamese, English) template.

Each area keeps its wording in its own module here (a plain ``TEXTS`` dict, importing
nothing); this module imports every part by name and merges them once. No module adds to
the catalogue at import, so importing ``app.domain.errors`` alone gives all of it. A new
area: a module beside these, added to ``PARTS``. The result is read-only, and two parts
giving the same key is an error when this module loads, not a silent override."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from app.domain.messages import (
    agency_catalog,
    agency_handover,
    backup,
    calendar,
    catalog,
    citizen,
    cli,
    core,
    corrections,
    fees,
    files,
    handover,
    index766,
    interagency,
    national,
    ratings,
    results,
    roles,
    signatures,
    sync,
    users,
    volunteer,
)

#: Every part of the catalogue.
PARTS: tuple[Mapping[str, tuple[str, str]], ...] = (
    core.TEXTS,
    roles.TEXTS,
    users.TEXTS,
    catalog.TEXTS,
    calendar.TEXTS,
    corrections.TEXTS,
    files.TEXTS,
    handover.TEXTS,
    results.TEXTS,
    volunteer.TEXTS,
    ratings.TEXTS,
    index766.TEXTS,
    backup.TEXTS,
    sync.TEXTS,
    signatures.TEXTS,
    cli.TEXTS,
    national.TEXTS,
    fees.TEXTS,
    citizen.TEXTS,
    agency_handover.TEXTS,
    interagency.TEXTS,
    agency_catalog.TEXTS,
)


def merge(parts: tuple[Mapping[str, tuple[str, str]], ...]) -> Mapping[str, tuple[str, str]]:
    """One read-only mapping of all ``parts``; a key given twice raises ValueError."""
    merged: dict[str, tuple[str, str]] = {}
    for part in parts:
        twice = merged.keys() & part.keys()
        if twice:
            raise ValueError(f"message keys defined twice: {sorted(twice)}")
        merged.update(part)
    return MappingProxyType(merged)


MESSAGES: Mapping[str, tuple[str, str]] = merge(PARTS)
