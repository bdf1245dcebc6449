"""Files by hash on the hub: ``PUT /api/v1/files/{sha256}`` in chunks, ``HEAD`` to ask,
``GET`` to read back, each for devices of the agency that sent the file only.

Upload protocol (resumable, idempotent):
- ``HEAD /files/{sha}``: 200 with ``Content-Length`` when this agency holds the file; else
  404 with ``Upload-Offset: N``, the bytes of an unfinished upload the hub already keeps.
- ``GET /files?person=ID``: the files this agency holds of the person with that ID number
  (from the latest snapshot of each of their dossiers): what a counter can reuse.
- ``PUT /files/{sha}`` with ``Content-Range: bytes START-END/TOTAL`` (or no Content-Range:
  the whole file). START must equal the hub's offset, else 409 with ``{"offset": N}``. A
  chunk is fsynced before the answer ``202 {"offset": END+1}``; the last chunk is re-hashed
  and the file kept only when the hash matches (else 422, and the partial is dropped):
  ``200 {"sha256", "size", "complete": true}``. A PUT of a file already held answers 200
  without reading anything. Chunks are at most MAX_CHUNK bytes (the body-size middleware
  gives this path its own bound).

The bytes live behind :class:`FileBackend`; :class:`DirectoryBackend` keeps them in a folder
(the same on SQLite and PostgreSQL); an object store could take its place."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from app.sync.protocol import API_PREFIX
from hub.limits import body_limit_for
from hub.models import DossierSnapshot, HubFile, utc_now

MAX_CHUNK = 8 * 1024 * 1024
MAX_FILE = 512 * 1024 * 1024
FILES_PREFIX = f"{API_PREFIX}/files/"
_SHA_RE = re.compile(r"[0-9a-f]{64}")
_RANGE_RE = re.compile(r"bytes (\d{1,12})-(\d{1,12})/(\d{1,12})")


def limit_for(path: str) -> int:
    """The body bound of a path: a file chunk gets MAX_CHUNK (plus a little), the rest as
    hub.limits says."""
    if path.startswith(FILES_PREFIX):
        return MAX_CHUNK + 1024
    return body_limit_for(path)


class FileBackend(Protocol):
    def has(self, sha256: str) -> int | None: ...  # size when complete
    def offset(self, key: str) -> int: ...  # bytes of an unfinished upload
    def append(self, key: str, start: int, data: bytes) -> int: ...
    def finish(self, key: str, sha256: str) -> bool: ...  # verify and keep
    def drop(self, key: str) -> None: ...
    def read(self, sha256: str) -> bytes: ...


def _fsync_dir(folder: Path) -> None:
    if os.name == "posix":
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class DirectoryBackend:
    """``<root>/ab/<sha256>`` complete files, ``<root>/.partial/<key>`` unfinished uploads
    (one per agency and hash, so two agencies never write into each other's upload)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        (self.root / ".partial").mkdir(parents=True, exist_ok=True)

    def _final(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def _partial(self, key: str) -> Path:
        return self.root / ".partial" / key

    def has(self, sha256: str) -> int | None:
        p = self._final(sha256)
        return p.stat().st_size if p.is_file() else None

    def offset(self, key: str) -> int:
        p = self._partial(key)
        return p.stat().st_size if p.is_file() else 0

    def append(self, key: str, start: int, data: bytes) -> int:
        p = self._partial(key)
        with open(p, "r+b" if p.exists() else "wb") as fh:
            fh.truncate(start)  # a torn tail after a crash is cut at the agreed offset
            fh.seek(start)
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        return start + len(data)

    def finish(self, key: str, sha256: str) -> bool:
        p = self._partial(key)
        h = hashlib.sha256()
        with open(p, "rb") as fh:
            while chunk := fh.read(1 << 20):
                h.update(chunk)
        if h.hexdigest() != sha256:
            p.unlink(missing_ok=True)
            return False
        target = self._final(sha256)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(p, target)
        _fsync_dir(target.parent)
        return True

    def drop(self, key: str) -> None:
        self._partial(key).unlink(missing_ok=True)

    def read(self, sha256: str) -> bytes:
        return self._final(sha256).read_bytes()


def files_dir_for(engine: Engine) -> Path:
    """MOTCUA_HUB_FILES, else ``hub-files`` beside a SQLite database, else in the working
    folder (a PostgreSQL hub)."""
    env = os.environ.get("MOTCUA_HUB_FILES")
    if env:
        return Path(env)
    db = engine.url.database if engine.url.get_backend_name() == "sqlite" else None
    if db and db != ":memory:":
        return Path(db).resolve().parent / "hub-files"
    return Path.cwd() / "hub-files"


def _json(obj: dict[str, Any], status: int = 200) -> JSONResponse:
    return JSONResponse(obj, status_code=status)


def register(
    app: FastAPI,
    factory: sessionmaker[Session],
    device_of: Callable[..., Any],
    backend: FileBackend,
) -> None:
    """The file routes, before the API's catch-all route."""

    def held(agency: str, sha: str) -> int | None:
        with factory() as s:
            row = s.get(HubFile, (sha, agency))
            if backend.has(sha) is None:
                return None
            if row is None:  # the other side of a dossier routed between them (hub.routing)
                from hub.routing import shared_size

                return shared_size(s, agency, sha)
            return int(row.size)

    def remember(agency: str, device: str, sha: str, size: int) -> None:
        with factory() as s:
            if s.get(HubFile, (sha, agency)) is None:
                s.add(
                    HubFile(
                        sha256=sha,
                        agency_code=agency,
                        size=size,
                        device_id=device,
                        received_at=utc_now(),
                    )
                )
                try:
                    s.commit()
                except IntegrityError:  # the same file finished twice at once
                    s.rollback()

    def _sha(text: str) -> str:
        if not _SHA_RE.fullmatch(text):
            raise _Bad(400, "the file name must be its lower-case sha256")
        return text

    @app.get(FILES_PREFIX.rstrip("/"))
    async def person_files(request: Request) -> Response:
        device = await device_of(request)
        person = request.query_params.get("person", "")
        if not (person.isascii() and person.isdigit() and len(person) in (9, 12)):
            raise _Bad(400, "person must be a 9- or 12-digit ID number")

        def work() -> list[dict[str, Any]]:
            with factory() as s:
                return files_of_person(s, device.agency_code, person, backend)

        return _json({"files": await run_in_threadpool(work)})

    @app.head(f"{FILES_PREFIX}{{sha}}")
    async def head_file(request: Request, sha: str) -> Response:
        device = await device_of(request)
        _sha(sha)
        size = await run_in_threadpool(held, device.agency_code, sha)
        if size is not None:
            return Response(status_code=200, headers={"Content-Length": str(size)})
        offset = await run_in_threadpool(backend.offset, f"{device.agency_code}-{sha}")
        return Response(status_code=404, headers={"Upload-Offset": str(offset)})

    @app.get(f"{FILES_PREFIX}{{sha}}")
    async def get_file(request: Request, sha: str) -> Response:
        device = await device_of(request)
        _sha(sha)
        size = await run_in_threadpool(held, device.agency_code, sha)
        if size is None:  # another agency's file is as good as absent
            return _json({"detail": "no such file for this agency"}, 404)
        data = await run_in_threadpool(backend.read, sha)
        return Response(data, media_type="application/octet-stream")

    @app.put(f"{FILES_PREFIX}{{sha}}")
    async def put_file(request: Request, sha: str) -> Response:
        device = await device_of(request)
        _sha(sha)
        agency = device.agency_code
        size = await run_in_threadpool(held, agency, sha)
        if size is not None:
            return _json({"sha256": sha, "size": size, "complete": True})
        text = request.headers.get("content-range")
        body = await request.body()  # bounded while it streams by limit_for
        if text is None:
            start, total = 0, len(body)
        else:
            m = _RANGE_RE.fullmatch(text.strip())
            if m is None:
                raise _Bad(400, "Content-Range must be 'bytes START-END/TOTAL'")
            start, end, total = int(m[1]), int(m[2]), int(m[3])
            if end < start or end - start + 1 != len(body) or end >= total:
                raise _Bad(400, "Content-Range does not match the body")
        if total > MAX_FILE:
            raise _Bad(413, f"a file is at most {MAX_FILE} bytes")
        if len(body) > MAX_CHUNK:
            raise _Bad(413, f"a chunk is at most {MAX_CHUNK} bytes")
        key = f"{agency}-{sha}"

        def work() -> tuple[int, dict[str, Any]]:
            if backend.has(sha) is not None and start == 0 and len(body) == total:
                # Bytes another agency sent: checked against the hash all the same.
                if hashlib.sha256(body).hexdigest() != sha:
                    return 422, {"detail": "the bytes do not match their sha256"}
                remember(agency, device.id, sha, total)
                return 200, {"sha256": sha, "size": total, "complete": True}
            current = backend.offset(key)
            if start != current:
                return 409, {"detail": "resume from the hub's offset", "offset": current}
            offset = backend.append(key, start, body)
            if offset < total:
                return 202, {"offset": offset}
            if not backend.finish(key, sha):
                return 422, {"detail": "the bytes do not match their sha256"}
            remember(agency, device.id, sha, total)
            return 200, {"sha256": sha, "size": total, "complete": True}

        status, obj = await run_in_threadpool(work)
        return _json(obj, status)


class _Bad(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status, self.detail = status, detail


def install_errors(app: FastAPI) -> None:
    @app.exception_handler(_Bad)
    async def _bad(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, _Bad)
        return _json({"detail": exc.detail}, exc.status)


def files_of_person(
    s: Session, agency: str, person: str, backend: FileBackend
) -> list[dict[str, Any]]:
    """Files the agency holds that its dossiers of ``person`` name, newest dossier first,
    one entry per distinct file."""
    import json

    rows = s.scalars(
        select(DossierSnapshot)
        .where(DossierSnapshot.agency_code == agency, DossierSnapshot.snapshot.contains(person))
        .order_by(DossierSnapshot.received_at.desc())
    )
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for row in rows:
        payload = json.loads(row.snapshot)
        national = payload.get("dossier", payload)
        if national.get("SoGiayToChuHoSo") != person:
            continue
        for t in national.get("TaiLieuNop", []):
            sha = t.get("MaHashTep")
            if not isinstance(sha, str) or sha in seen or not _SHA_RE.fullmatch(sha):
                continue
            if s.get(HubFile, (sha, agency)) is None or backend.has(sha) is None:
                continue
            seen.add(sha)
            out.append(
                {
                    "sha256": sha,
                    "name": t.get("TenTepDinhKem", ""),
                    "size": t.get("KichThuocTep", 0),
                    "pages": t.get("SoTrang", 0),
                    "component_code": t.get("MaThanhPhanHoSo", ""),
                    "component_name": t.get("TenThanhPhanHoSo", ""),
                    "dossier_code": row.code,
                    "from_national": bool(t.get("DuocLayTuKhoDMQG")),
                }
            )
    return out


# --- hub-admin files DOSSIER-CODE -------------------------------------------------------------


def dossier_files(s: Session, code: str, backend: FileBackend) -> dict[str, Any] | None:
    """The files a dossier's latest snapshot names and whether each arrived: the dossier is
    digitised on the hub only when every one did."""
    import json

    row = s.get(DossierSnapshot, code)
    if row is None:
        return None
    payload = json.loads(row.snapshot)
    national = payload.get("dossier", payload)
    entries = [t for t in national.get("TaiLieuNop", []) if t.get("MaHashTep")]
    held = {
        f.sha256
        for f in s.scalars(
            select(HubFile).where(
                HubFile.agency_code == row.agency_code,
                HubFile.sha256.in_([t["MaHashTep"] for t in entries]),
            )
        )
    }
    files = [
        {
            "id": t.get("TepDinhKemId"),
            "name": t.get("TenTepDinhKem"),
            "component": t.get("MaThanhPhanHoSo"),
            "sha256": t["MaHashTep"],
            "size": t.get("KichThuocTep"),
            "pages": t.get("SoTrang"),
            "reused": bool(t.get("DuocTaiSuDung")),
            "arrived": t["MaHashTep"] in held and backend.has(t["MaHashTep"]) is not None,
        }
        for t in entries
    ]
    return {
        "code": code,
        "agency_code": row.agency_code,
        "files": files,
        "digitised": bool(files) and all(f["arrived"] for f in files),
    }
