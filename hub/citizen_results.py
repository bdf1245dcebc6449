"""The electronic results a citizen may download from the status page (``/tra-cuu``): the
back office's (``hub_result``, hub/results.py) and those the counter attached (the
snapshot's DanhSachGiayToKetQua), one per file, each only when the hub holds its bytes for
the dossier's agency (hub/files.py). The page offers them after the right ID number; the
download (``POST /tra-cuu/ket-qua``) checks the ID number again and names the file by its
sha256, which must be one of these."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.sync.protocol import RESULTS_FIELD
from hub.files import FileBackend
from hub.models import DossierSnapshot, HubFile, HubResult
from hub.routing import shared_size

_SHA_RE = re.compile(r"[0-9a-f]{64}")
_DAY_RE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_UNSAFE_RE = re.compile(r"[^A-Za-z0-9.-]")


@dataclass(frozen=True)
class CitizenResult:
    """One downloadable result: what the page shows of it, and its file's hash."""

    sha256: str
    name: str
    so_ky_hieu: str
    signed_on: str  # dd/mm/yyyy, or ""
    size: int
    filename: str  # ASCII, safe in Content-Disposition: KQ-<code>.pdf, KQ-<code>-2.pdf


def _day(wire: object) -> str:
    m = _DAY_RE.match(str(wire or ""))
    return f"{m[3]}/{m[2]}/{m[1]}" if m else ""


def _entries(s: Session, row: DossierSnapshot, dossier: Mapping[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for text in s.scalars(
        select(HubResult.entry).where(HubResult.dossier_code == row.code).order_by(HubResult.id)
    ):
        try:
            entry = json.loads(text)
        except ValueError:
            continue
        if isinstance(entry, dict):
            out.append(entry)
    out.extend(e for e in dossier.get(RESULTS_FIELD) or [] if isinstance(e, dict))
    return out


def results_of(
    s: Session, row: DossierSnapshot, dossier: Mapping[str, Any], backend: FileBackend
) -> tuple[CitizenResult, ...]:
    """The dossier's results whose file the hub holds, in the order they came."""
    found: list[tuple[str, dict[str, Any], int]] = []
    seen: set[str] = set()
    for entry in _entries(s, row, dossier):
        sha = entry.get("MaHashTep")
        if not isinstance(sha, str) or not _SHA_RE.fullmatch(sha) or sha in seen:
            continue
        held = s.get(HubFile, (sha, row.agency_code))
        # A routed dossier's result may be held by its competent body (hub.routing).
        size = int(held.size) if held is not None else shared_size(s, row.agency_code, sha)
        if size is None or backend.has(sha) is None:
            continue
        seen.add(sha)
        found.append((sha, entry, size))
    many = len(found) > 1
    safe = _UNSAFE_RE.sub("_", row.code)
    return tuple(
        CitizenResult(
            sha256=sha,
            name=str(entry.get("TenGiayTo") or ""),
            so_ky_hieu=str(entry.get("SoKyHieu") or ""),
            signed_on=_day(entry.get("NgayKy")),
            size=size,
            filename=f"KQ-{safe}-{i}.pdf" if many else f"KQ-{safe}.pdf",
        )
        for i, (sha, entry, size) in enumerate(found, start=1)
    )


def result_file(backend: FileBackend, result: CitizenResult) -> bytes | None:
    """The result's bytes, checked against their hash (None when the kept file is damaged:
    the citizen is not handed bytes the hub cannot vouch for)."""
    data = backend.read(result.sha256)
    return data if hashlib.sha256(data).hexdigest() == result.sha256 else None
