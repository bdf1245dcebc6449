"""A result from the back office (``hub-admin result DOSSIER-CODE --file RESULT.pdf``): the
file goes into the hub's file store (hub/files.py, listed for the dossier's agency so its
counters may fetch it), the record into ``hub_result``, and both reach the counter through
the change feed with the status change: a dossier in processing is resolved (status 9)
with its result; a dossier already resolved gets the result on its own change.

The bytes are durable (and their hash checked) before the rows naming them commit."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain import results as rules
from app.domain.dossier import Status
from app.domain.errors import DeskError
from app.sync.protocol import (
    API_PREFIX,
    CHANGE_STATUS,
    RESULTS_FIELD,
    result_entry_data,
    status_change_data,
)
from hub import routing, store
from hub.files import FileBackend
from hub.models import DossierSnapshot, HubFile, HubResult, utc_now

RESOLVED_NOTE = "Đã có kết quả giải quyết"


@dataclass(frozen=True)
class AttachedResult:
    code: str
    entry: dict[str, Any]
    src: Status
    to: Status


def _snapshot_value(row: DossierSnapshot, key: str) -> str:
    try:
        payload = json.loads(row.snapshot)
    except ValueError:
        return ""
    national = payload.get("dossier", payload) if isinstance(payload, dict) else {}
    value = national.get(key, "") if isinstance(national, dict) else ""
    return value if isinstance(value, str) else ""


def _keep_bytes(backend: FileBackend, agency: str, sha: str, data: bytes) -> None:
    """The file in the hub's store (once per hash), verified by the backend as an upload."""
    if backend.has(sha) is not None:
        return
    key = f"{agency}-{sha}"
    backend.drop(key)
    backend.append(key, 0, data)
    if not backend.finish(key, sha):  # the bytes changed between hashing and keeping
        raise DeskError("result.hub_file", path=sha[:12], detail="hash mismatch")


def attach_result(
    s: Session,
    backend: FileBackend,
    *,
    code: str,
    data: bytes,
    filename: str,
    name: str = "",
    result_code: str = "",
    so_ky_hieu: str = "",
    issuer: str = "",
    signer: str = "",
    signed_on: str | date | None = None,
    actor: str = store.BACK_OFFICE,
) -> AttachedResult:
    """Attach ``data`` (a PDF) as the result of dossier ``code``; the caller commits."""
    row = s.get(DossierSnapshot, code.strip(), with_for_update=True)
    if row is None:
        raise DeskError("dossier.unknown", code=code)
    src = Status(row.status)
    if not rules.result_allowed(src):
        raise DeskError(
            "result.hub_status", code=row.code, status=src.label_vi, status_en=src.label_en
        )
    if not rules.looks_like_pdf(data):
        raise DeskError("result.not_pdf", name=filename)
    meta = rules.check_meta(
        name=name,
        code=result_code,
        so_ky_hieu=so_ky_hieu,
        issuer=issuer,
        signer=signer,
        signed_on=signed_on,
    )
    sha = hashlib.sha256(data).hexdigest()
    _keep_bytes(backend, row.agency_code, sha, data)
    if s.get(HubFile, (sha, row.agency_code)) is None:
        s.add(
            HubFile(
                sha256=sha,
                agency_code=row.agency_code,
                size=len(data),
                device_id="back-office",
                received_at=utc_now(),
            )
        )
    routing.name_files(s, row.code, [sha])  # a routed dossier's other side reads it too
    position = int(
        s.scalar(select(func.count(HubResult.id)).where(HubResult.dossier_code == row.code)) or 0
    )
    uid = str(uuid.uuid4())
    entry = result_entry_data(
        uid=uid,
        name=meta.name or "Kết quả giải quyết hồ sơ",
        code=meta.code or rules.default_result_code(row.code, position),
        so_ky_hieu=meta.so_ky_hieu,
        issuer=meta.issuer or _snapshot_value(row, "DonViXuLy"),
        signer=meta.signer,
        signed_on=meta.signed_on,
        sha256=sha,
        size=len(data),
        pages=0,  # the counter counts them when it keeps the file
        link=f"{API_PREFIX}/files/{sha}",  # the counter prefixes its hub's address
    )
    s.add(
        HubResult(
            uid=uid,
            dossier_code=row.code,
            agency_code=row.agency_code,
            sha256=sha,
            entry=json.dumps(entry, ensure_ascii=False),
            created_at=utc_now(),
        )
    )
    extra = {RESULTS_FIELD: [entry]}
    if src == Status.RESOLVED:  # already resolved: the result comes on a change of its own
        row.updated_at = utc_now()
        data_ = status_change_data(
            code=row.code,
            to=src,
            src=src,
            note=RESOLVED_NOTE,
            at=store.as_utc(row.updated_at),
            actor=actor,
        )
        data_.update(extra)
        store._add_changes(s, routing.feeds_of(s, row.code, row.agency_code), CHANGE_STATUS, data_)
        return AttachedResult(row.code, entry, src, src)
    before, after = store.advance(
        s, code=row.code, to=Status.RESOLVED, note=RESOLVED_NOTE, actor=actor, extra=extra
    )
    return AttachedResult(row.code, entry, before, after)


def attach_from_file(s: Session, engine: Any, args: Any) -> AttachedResult:
    """``hub-admin result``: the file read whole (a result is a few MB at most), then
    :func:`attach_result` with the hub's own file store."""
    from pathlib import Path

    from hub.files import MAX_FILE, DirectoryBackend, files_dir_for

    path = Path(args.file)
    try:
        if path.stat().st_size > MAX_FILE:
            raise DeskError("result.hub_file", path=str(path), detail="too large")
        data = path.read_bytes()
    except OSError as exc:
        raise DeskError("result.hub_file", path=str(path), detail=exc.strerror or exc) from None
    return attach_result(
        s,
        DirectoryBackend(files_dir_for(engine)),
        code=args.code,
        data=data,
        filename=path.name,
        name=args.name,
        result_code=args.result_code,
        so_ky_hieu=args.so_ky_hieu,
        issuer=args.issuer,
        signer=args.signer,
        signed_on=args.signed_on,
    )
