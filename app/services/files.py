"""Digitised documents of a dossier: attach imported files or scanned pages to one of its
components, list them, check the store, carry the files with a backup.

Order of every attach: every input is checked first (a refusal keeps nothing), the bytes
are made durable in the content-addressed store (app/files/store.py), and only then the
rows naming them commit in one transaction with their audit row. A file already attached to
the same component (same bytes) is returned as it was, never attached twice."""

from __future__ import annotations

import logging
import sqlite3
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.errors import DeskError
from app.domain.files import AttachedFile, ComponentFiles, FileSource
from app.domain.roles import Permission
from app.files.inputs import MIME, CheckedInput, check_input, load_pages
from app.files.pdfa import Page as Page  # re-exported: the screens stage pages
from app.files.pdfa import pages_to_pdfa
from app.files.scan import ScanRequest as ScanRequest  # re-exported for the screens
from app.files.store import FileStore
from app.services.context import DeskContext
from app.store.db import DB_FILENAME
from app.store.models import Dossier, DossierDocument, DossierFile, StoredFile
from app.store.repositories import load_dossier
from app.store.schema import open_for_inspection

if TYPE_CHECKING:
    from app.sync.client import HubClient
    from app.sync.engine import RoundResult

log = logging.getLogger(__name__)


def file_store(ctx: DeskContext) -> FileStore:
    return FileStore.of(ctx.data_dir)


def _component(d: Dossier, component: int) -> DossierDocument:
    docs = sorted(d.documents, key=lambda x: x.position)
    if not 1 <= component <= len(docs):
        raise DeskError("files.component", code=d.code, component=component, count=len(docs))
    return docs[component - 1]


def _to_attached(
    f: DossierFile, d: Dossier, doc: DossierDocument, number: int, stored: StoredFile | None
) -> AttachedFile:
    return AttachedFile(
        uid=f.uid,
        dossier_code=d.code,
        component=number,
        component_code=doc.code,
        component_name=doc.name,
        name=f.name,
        sha256=f.sha256,
        size=f.size,
        pages=f.pages,
        mime=stored.mime if stored else "application/pdf",
        source=FileSource(f.source),
        digitised=f.digitised,
        reused=f.reused,
        from_national=f.from_national,
        created_at=f.created_at,
        created_by=f.created_by,
        on_hub=bool(stored and stored.hub_acked_at),
    )


@dataclass(frozen=True)
class _Blob:
    sha256: str
    name: str
    size: int
    pages: int
    mime: str


def _safe_name(name: str) -> str:
    cleaned = "".join(ch for ch in name if ch.isprintable() and ch not in '/\\:*?"<>|').strip()
    return (cleaned or "tep")[:200]


def _record(
    ctx: DeskContext,
    *,
    code: str,
    component: int,
    blobs: Sequence[_Blob],
    source: FileSource,
    reused: bool,
    from_national: bool,
    origins: Sequence[str] = (),
) -> list[AttachedFile]:
    now = ctx.now()
    out: list[AttachedFile] = []
    with ctx.db.session() as s:
        d = load_dossier(s, code)
        if d is None:
            raise DeskError("dossier.unknown", code=code)
        doc = _component(d, component)
        added: list[str] = []
        for blob in blobs:
            stored = s.get(StoredFile, blob.sha256)
            if stored is None:
                stored = StoredFile(
                    sha256=blob.sha256,
                    size=blob.size,
                    mime=blob.mime,
                    pages=blob.pages,
                    created_at=now,
                )
                s.add(stored)
            row = s.scalar(
                select(DossierFile).where(
                    DossierFile.document_id == doc.id, DossierFile.sha256 == blob.sha256
                )
            )
            if row is None:
                position = len(
                    list(s.scalars(select(DossierFile.id).where(DossierFile.document_id == doc.id)))
                )
                row = DossierFile(
                    uid=str(uuid.uuid4()),
                    dossier_id=d.id,
                    document_id=doc.id,
                    position=position,
                    name=blob.name,
                    sha256=blob.sha256,
                    size=blob.size,
                    pages=blob.pages,
                    source=source.value,
                    digitised=True,
                    reused=reused,
                    from_national=from_national,
                    created_at=now,
                    created_by=ctx.actor.username,
                )
                s.add(row)
                s.flush()
                added.append(row.uid)
            out.append(_to_attached(row, d, doc, component, stored))
        if added:
            from app.services.dossiers import record_change

            # A new version of the dossier: its event carries the new TaiLieuNop entries.
            d.version += 1
            d.updated_at = now
            record_change(
                ctx,
                s,
                d,
                action="files.attach",
                detail={
                    "component": component,
                    "files": added,
                    "source": source.value,
                    "sha256": [b.sha256 for b in blobs],
                    "origins": list(origins),
                },
            )
        s.commit()
    return out


def _check_dossier(ctx: DeskContext, code: str, component: int) -> None:
    with ctx.db.read_session() as s:
        d = load_dossier(s, code)
        if d is None:
            raise DeskError("dossier.unknown", code=code)
        _component(d, component)


def attach_files(
    ctx: DeskContext,
    *,
    code: str,
    component: int,
    paths: Sequence[Path | str],
    colour: bool = False,
    source: FileSource = FileSource.IMPORT,
    reused: bool = False,
    from_national: bool = False,
    origins: Sequence[str] = (),
) -> list[AttachedFile]:
    """Attach files (PDF, JPEG, PNG, TIFF) to component ``component`` (1-based): their
    pages, in the order given, become one PDF/A-2b (each PDF rewritten by Ghostscript,
    app/files/convert.py; a PDF that cannot be is refused and nothing is kept)."""
    ctx.actor.require(Permission.RECEIVE)
    _check_dossier(ctx, code, component)
    if not paths:
        raise DeskError("files.no_pages")
    checked: list[CheckedInput] = [check_input(Path(p)) for p in paths]
    blobs = [_component_blob(ctx, checked, colour=colour)]
    return _record(
        ctx,
        code=code,
        component=component,
        blobs=blobs,
        source=source,
        reused=reused,
        from_national=from_national,
        origins=origins,
    )


def _component_blob(ctx: DeskContext, checked: Sequence[CheckedInput], *, colour: bool) -> _Blob:
    """The checked inputs' pages, in order, as one PDF/A-2b in the store. Images only: the
    scan path (pages_to_pdfa); one PDF: its conversion, dated as its source; a mix: each run
    of images and each converted PDF joined."""
    from app.files.convert import join_to_pdfa, pdf_to_pdfa

    first = checked[0].path
    name = _safe_name(first.stem) + ".pdf"
    if all(c.kind != "pdf" for c in checked):
        pages = [Page(im) for c in checked for im in load_pages(c)]  # type: ignore[arg-type]  # PIL images, untyped
        return _pdf_blob(ctx, pages, colour=colour, name=name)
    if len(checked) == 1:
        only = checked[0]
        data = pdf_to_pdfa(only.path, pages=only.pages, title=_safe_name(first.name))
        name = _safe_name(first.name)
    else:
        parts: list[bytes] = []
        run: list[Page] = []
        for c in checked:
            if c.kind == "pdf":
                if run:
                    parts.append(pages_to_pdfa(run, colour=colour, now=ctx.now()))
                    run = []
                parts.append(pdf_to_pdfa(c.path, pages=c.pages))
            else:
                run.extend(Page(im) for im in load_pages(c))  # type: ignore[arg-type]  # PIL images, untyped
        if run:
            parts.append(pages_to_pdfa(run, colour=colour, now=ctx.now()))
        data = join_to_pdfa(parts, title=name, now=ctx.now())
    sha = file_store(ctx).put_bytes(data)
    return _Blob(sha, name, len(data), sum(c.pages for c in checked), MIME["pdf"])


def _pdf_blob(ctx: DeskContext, pages: Sequence[Page], *, colour: bool, name: str) -> _Blob:
    store = file_store(ctx)
    data = pages_to_pdfa(pages, colour=colour, title=name, now=ctx.now())
    return _Blob(store.put_bytes(data), name, len(data), len(pages), MIME["pdf"])


def attach_pages(
    ctx: DeskContext,
    *,
    code: str,
    component: int,
    pages: Sequence[Page],
    colour: bool = False,
    name: str = "",
    source: FileSource = FileSource.SCAN,
) -> AttachedFile:
    """Scanned (or edited: rotated, reordered, some deleted) pages as one PDF/A-2b."""
    ctx.actor.require(Permission.RECEIVE)
    _check_dossier(ctx, code, component)
    if not pages:
        raise DeskError("files.no_pages")
    blob = _pdf_blob(
        ctx, pages, colour=colour, name=_safe_name(name or f"thanh-phan-{component}") + ".pdf"
    )
    return _record(
        ctx,
        code=code,
        component=component,
        blobs=[blob],
        source=source,
        reused=False,
        from_national=False,
    )[0]


def attach_existing(
    ctx: DeskContext,
    *,
    code: str,
    component: int,
    sha256: str,
    name: str,
    from_national: bool = False,
) -> AttachedFile:
    """Attach a file already in the store (a document digitised before for the same person):
    flagged DuocTaiSuDung."""
    ctx.actor.require(Permission.RECEIVE)
    with ctx.db.read_session() as s:
        stored = s.get(StoredFile, sha256)
        if stored is None or not file_store(ctx).has(sha256):
            raise DeskError("files.unknown", file_id=sha256[:16])
        blob = _Blob(sha256, _safe_name(name), stored.size, stored.pages, stored.mime)
    return _record(
        ctx,
        code=code,
        component=component,
        blobs=[blob],
        source=FileSource.REUSE,
        reused=True,
        from_national=from_national,
    )[0]


def _components(s: Session, d: Dossier) -> list[ComponentFiles]:
    docs = sorted(d.documents, key=lambda x: x.position)
    rows = list(
        s.scalars(
            select(DossierFile)
            .where(DossierFile.dossier_id == d.id)
            .order_by(DossierFile.document_id, DossierFile.position)
        )
    )
    stored = {
        f.sha256: f
        for f in s.scalars(
            select(StoredFile).where(StoredFile.sha256.in_({r.sha256 for r in rows}))
        )
    }
    out = []
    for number, doc in enumerate(docs, start=1):
        files = tuple(
            _to_attached(r, d, doc, number, stored.get(r.sha256))
            for r in rows
            if r.document_id == doc.id
        )
        out.append(ComponentFiles(number, doc.code, doc.name, files))
    return out


def wire_files(s: Session, code: str) -> list[AttachedFile]:
    """The files of a dossier for its outbox event, inside the caller's transaction."""
    d = load_dossier(s, code)
    if d is None:
        return []
    return [f for c in _components(s, d) for f in c.files]


def dossier_components(ctx: DeskContext, *, code: str) -> list[ComponentFiles]:
    """Every component of the dossier with its files (empty tuple: not digitised yet)."""
    ctx.actor.require(Permission.VIEW)
    with ctx.db.read_session() as s:
        d = load_dossier(s, code)
        if d is None:
            raise DeskError("dossier.unknown", code=code)
        return _components(s, d)


def list_files(ctx: DeskContext, *, code: str) -> list[AttachedFile]:
    return [f for c in dossier_components(ctx, code=code) for f in c.files]


def file_bytes(ctx: DeskContext, *, sha256: str) -> bytes:
    ctx.actor.require(Permission.VIEW)
    return file_store(ctx).read(sha256)


def documents_of_person(
    ctx: DeskContext, *, id_number: str, exclude_code: str = ""
) -> list[AttachedFile]:
    """Files already digitised for the person with this ID number, newest first, one per
    distinct content: what the counter can reuse instead of asking for a new copy."""
    ctx.actor.require(Permission.VIEW)
    number = id_number.strip()
    with ctx.db.read_session() as s:
        dossiers = list(s.scalars(select(Dossier).where(Dossier.id_number == number)))
        seen: set[str] = set()
        out: list[AttachedFile] = []
        for d in dossiers:
            if d.code == exclude_code:
                continue
            for comp in _components(s, d):
                out.extend(comp.files)
    out.sort(key=lambda f: f.created_at, reverse=True)
    unique = []
    for f in out:
        if f.sha256 not in seen:
            seen.add(f.sha256)
            unique.append(f)
    return unique


# --- The store as a whole: check, backup, restore, erasure -------------------------------------


def referenced_hashes(db_path: Path) -> set[str]:
    """Every sha256 the (closed or live) database names; read-only, plain sqlite3."""
    try:
        con = open_for_inspection(db_path)
    except sqlite3.Error:
        return set()
    try:
        found: set[str] = set()
        for table in ("stored_file", "dossier_file"):
            try:
                found |= {str(r[0]) for r in con.execute(f"SELECT sha256 FROM {table}")}
            except sqlite3.Error:
                continue  # an older schema: no files yet
        return found
    finally:
        con.close()


def check_files(data_dir: Path | str) -> list[str]:
    """Re-hash every file the database names: one problem line per missing or damaged file."""
    folder = Path(data_dir)
    wanted = referenced_hashes(folder / DB_FILENAME)
    return [p.text() for p in FileStore.of(folder).verify(wanted)]


def carry_files(data_dir: Path | str, db_copy: Path) -> int:
    """Give the backup ``db_copy`` its files: into ``<its folder>/files`` (shared by every
    backup in that folder), hard-linked or copied, only those not already there. Those
    already there are touched: a prune running meanwhile (prune_backup_files) leaves a
    file touched within its grace alone, so it never takes one this copy needs."""
    import os

    wanted = referenced_hashes(db_copy)
    kept = FileStore(db_copy.parent / "files")
    for sha in wanted:
        if kept.has(sha):
            try:
                os.utime(kept.path(sha))
            except OSError:
                continue  # copy_into below puts it back if it is gone
    return FileStore.of(data_dir).copy_into(kept, wanted)


#: A backup file untouched this long may go when no backup names it (carry_files touches
#: the ones it needs, so a backup being made right now keeps its own).
BACKUP_FILE_GRACE_SECONDS = 3600.0
_SQLITE_MAGIC = b"SQLite format 3\x00"


def _names_in_backup(path: Path) -> set[str] | None:
    """Every sha256 one backup copy names; None when it cannot be read (then nothing may
    be pruned: an unreadable copy might still need any file)."""
    try:
        con = open_for_inspection(path)
    except sqlite3.Error:
        return None
    try:
        tables = {str(r[0]) for r in con.execute("SELECT name FROM sqlite_master")}
        found: set[str] = set()
        for table in ("stored_file", "dossier_file"):
            if table in tables:
                found |= {str(r[0]) for r in con.execute(f"SELECT sha256 FROM {table}")}
        return found
    except sqlite3.Error:
        return None
    finally:
        con.close()


def prune_backup_files(backup_dir: Path | str, *, grace: float = BACKUP_FILE_GRACE_SECONDS) -> int:
    """After old backups were rotated away: remove the files of ``<backup_dir>/files`` that
    no backup left in the folder names (every SQLite file there counts, whatever its name:
    automatic, manual, pre-migrate, replaced). Nothing goes when one copy cannot be read,
    nor a file touched within ``grace`` seconds (a backup being made now). The copies
    are deleted before their files, so a crash leaves at worst files nobody names, taken
    by the next prune. Returns how many files were removed."""
    import time

    folder = Path(backup_dir)
    kept = FileStore(folder / "files")
    if not kept.root.is_dir():
        return 0
    wanted: set[str] = set()
    for path in sorted(folder.iterdir()):
        try:
            if not path.is_file():
                continue
            with open(path, "rb") as fh:
                if fh.read(16) != _SQLITE_MAGIC:
                    continue
        except OSError:
            return 0
        names = _names_in_backup(path)
        if names is None:
            log.warning("backup %s unreadable: no backup file pruned", path.name)
            return 0
        wanted |= names
    removed = 0
    for sha in list(kept.hashes()):
        if sha in wanted:
            continue
        try:
            if kept.path(sha).stat().st_mtime > time.time() - grace:
                continue
        except OSError:
            continue
        if kept.delete(sha):
            removed += 1
    return removed


def restore_files(data_dir: Path | str, candidate: Path) -> list[str]:
    """After a restore: bring back the files the restored database names that the data folder
    lacks, from the backup's ``files`` folder. Returns the hashes still missing."""
    folder = Path(data_dir)
    wanted = referenced_hashes(folder / DB_FILENAME)
    live = FileStore.of(folder)
    FileStore(candidate.parent / "files").copy_into(live, [h for h in wanted if not live.has(h)])
    return sorted(h for h in wanted if not live.has(h))


def forget_files(s: Session, dossier_ids: Iterable[int]) -> list[str]:
    """Inside an erasure's transaction: delete the dossiers' file rows, and the stored-file
    rows no other dossier names. Returns the hashes whose bytes the caller deletes AFTER the
    commit (a crash in between leaves only unnamed bytes, never a row without its file)."""
    ids = list(dossier_ids)
    rows = list(s.scalars(select(DossierFile).where(DossierFile.dossier_id.in_(ids))))
    hashes = {r.sha256 for r in rows}
    for r in rows:
        s.delete(r)
    s.flush()
    doomed: list[str] = []
    for sha in sorted(hashes):
        still = s.scalar(select(DossierFile.id).where(DossierFile.sha256 == sha).limit(1))
        if still is None:
            stored = s.get(StoredFile, sha)
            if stored is not None:
                s.delete(stored)
            doomed.append(sha)
    return doomed


def delete_bytes(data_dir: Path | str, hashes: Iterable[str]) -> int:
    store = FileStore.of(data_dir)
    return sum(1 for h in hashes if store.delete(h))


# --- Scanning and the scan-to-folder inbox -----------------------------------------------------


@dataclass(frozen=True)
class ScanOutcome:
    """What one scan into a component gave: the file made of the pages scanned (None when
    none were), and the error that stopped it (the pages before it are kept)."""

    file: AttachedFile | None
    pages: int
    error: DeskError | None


def scan_pages(
    ctx: DeskContext,
    request: ScanRequest,
    *,
    scanner: Any = None,
    progress: Any = None,
    cancel: Any = None,
) -> tuple[Path, Any]:
    """Scan into a new folder under ``<data>/scans/`` (the UI shows, rotates and reorders
    the pages before ``attach_pages``). Blocking: run it off the UI thread."""
    from app.files.scan import default_scanner

    ctx.actor.require(Permission.RECEIVE)
    folder = ctx.data_dir / "scans" / uuid.uuid4().hex[:12]
    result = (scanner or default_scanner()).scan(request, folder, progress=progress, cancel=cancel)
    return folder, result


def scan_into(
    ctx: DeskContext,
    *,
    code: str,
    component: int,
    request: ScanRequest,
    scanner: Any = None,
    progress: Any = None,
    cancel: Any = None,
) -> ScanOutcome:
    """Scan ``request.pages`` pages into component ``component`` as one PDF/A-2b. The pages
    scanned before a failure or a cancel are attached all the same; the scan folder is
    removed only once the file's row has committed (a failing store keeps it and says
    where)."""
    import shutil

    from PIL import Image

    _check_dossier(ctx, code, component)
    folder, result = scan_pages(ctx, request, scanner=scanner, progress=progress, cancel=cancel)
    attached: AttachedFile | None = None
    if result.pages:
        images = []
        for p in result.pages:
            with Image.open(p) as im:
                images.append(Page(im.copy()))
        try:
            attached = attach_pages(
                ctx, code=code, component=component, pages=images, colour=request.colour
            )
        except DeskError as exc:
            if exc.key in ("disk.full", "files.disk"):
                raise DeskError("files.disk", detail=exc.message("vi"), kept=str(folder)) from exc
            raise
    shutil.rmtree(folder, ignore_errors=True)
    return ScanOutcome(attached, len(result.pages), result.error)


INBOX_EXTENSIONS = {".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff"}
#: A copier writes a file over seconds: one left alone this long is complete.
INBOX_SETTLE_SECONDS = 2.0


def inbox_folder(ctx: DeskContext) -> Path:
    """The scan-to-folder directory the office copier writes to (MOTCUA_SCAN_INBOX, else
    ``<data>/scan-inbox``)."""
    import os

    env = os.environ.get("MOTCUA_SCAN_INBOX")
    return Path(env) if env else ctx.data_dir / "scan-inbox"


def pending_scans(
    ctx: DeskContext, *, folder: Path | None = None, settle: float = INBOX_SETTLE_SECONDS
) -> list[Path]:
    """Files the copier left that nobody attached yet, oldest first. A file already attached
    (a crash came between the attach and moving it away) is moved away here, not offered."""
    import time

    from app.files.store import sha256_file

    root = folder or inbox_folder(ctx)
    if not root.is_dir():
        return []
    horizon = time.time() - settle
    out = []
    for p in sorted(root.iterdir(), key=lambda q: q.stat().st_mtime if q.exists() else 0):
        try:
            st = p.stat()
        except OSError:
            continue
        if not p.is_file() or p.suffix.lower() not in INBOX_EXTENSIONS or st.st_size == 0:
            continue
        if st.st_mtime > horizon:
            continue  # still being written
        if _origin_attached(ctx, sha256_file(p)):
            _file_away(root, p)
            continue
        out.append(p)
    return out


def _origin_attached(ctx: DeskContext, sha: str) -> bool:
    from app.store.models import AuditLog

    with ctx.db.read_session() as s:
        return (
            s.scalar(
                select(AuditLog.id)
                .where(AuditLog.action == "files.attach", AuditLog.detail.contains(sha))
                .limit(1)
            )
            is not None
        )


def _file_away(root: Path, path: Path) -> Path:
    import os

    from app.files.store import fsync_dir

    done = root / "attached"
    done.mkdir(exist_ok=True)
    target = done / path.name
    n = 1
    while target.exists():
        target = done / f"{path.stem}-{n}{path.suffix}"
        n += 1
    os.replace(path, target)
    fsync_dir(root)
    return target


def take_scan(
    ctx: DeskContext, *, path: Path, code: str, component: int, colour: bool = False
) -> list[AttachedFile]:
    """Attach one inbox file to the open dossier, then move it to ``attached/`` (never
    deleted: the copier's file is the only copy until the row commits). Taking the same
    file twice gives the entries of the first time."""
    from app.files.store import sha256_file

    origin = sha256_file(path)
    if _origin_attached(ctx, origin):
        _file_away(path.parent, path)
        with ctx.db.read_session() as s:
            from app.store.models import AuditLog

            row = s.scalar(
                select(AuditLog).where(
                    AuditLog.action == "files.attach", AuditLog.detail.contains(origin)
                )
            )
            import json

            uids = set(json.loads(row.detail).get("files", [])) if row is not None else set()
        return [f for f in list_files(ctx, code=code) if f.uid in uids]
    files = attach_files(
        ctx,
        code=code,
        component=component,
        paths=[path],
        colour=colour,
        source=FileSource.FOLDER,
        origins=[origin],
    )
    _file_away(path.parent, path)
    return files


# --- Pushing the bytes to the city hub ----------------------------------------------------------


@dataclass(frozen=True)
class FilePushReport:
    sent: int  # bytes went over the wire
    held: int  # the hub already had them (for this agency)
    waiting: int  # still not on the hub (the error says why)
    error: str = ""


def push_files(
    ctx: DeskContext, *, tokens: Any = None, http: Any = None, chunk: int | None = None
) -> FilePushReport:
    """Send every stored file the hub has not acknowledged, one at a time, resuming an
    upload the hub already started; each acknowledgement is committed at once, so a file
    is never sent again once the hub said it holds it."""
    ctx.actor.require(Permission.SYNC)
    todo = _not_on_hub(ctx)
    client, session, own = _hub(ctx, tokens, http)
    try:
        report, _failure = _send_files(ctx, client, todo, chunk=chunk)
    finally:
        if own:
            session.close()
    return report


def _not_on_hub(ctx: DeskContext) -> list[tuple[str, int]]:
    """(sha256, size) of every stored file the hub has not acknowledged, oldest first."""
    with ctx.db.read_session() as s:
        return [
            (f.sha256, f.size)
            for f in s.scalars(
                select(StoredFile)
                .where(StoredFile.hub_acked_at.is_(None))
                .order_by(StoredFile.created_at)
            )
        ]


def _send_files(
    ctx: DeskContext, client: Any, todo: Sequence[tuple[str, int]], *, chunk: int | None = None
) -> tuple[FilePushReport, Any]:
    """Push ``todo`` in order, committing each acknowledgement at once; stop at the first
    HubError. Returns the report and that HubError (None when every file went)."""
    from app.sync.client import HubError
    from app.sync.filepush import DEFAULT_CHUNK, push_file

    store = file_store(ctx)
    sent = held = 0
    for n, (sha, size) in enumerate(todo):
        path = store.path(sha)

        def read(offset: int, length: int, path: Path = path) -> bytes:
            with open(path, "rb") as fh:
                fh.seek(offset)
                return fh.read(length)

        try:
            if push_file(client, sha, size, read, chunk=chunk or DEFAULT_CHUNK):
                sent += 1
            else:
                held += 1
        except HubError as exc:
            return FilePushReport(sent, held, len(todo) - n, exc.detail), exc
        with ctx.db.session() as s:
            row = s.get(StoredFile, sha)
            if row is not None:
                row.hub_acked_at = ctx.now()
            s.commit()
    return FilePushReport(sent, held, 0, ""), None


def push_files_step(ctx: DeskContext, client: HubClient, result: RoundResult) -> RoundResult:
    """The files part of a sync round (app.services.sync), after the events: when the round
    reached the hub, send the files it has not acknowledged yet with the round's client.
    A failure becomes the round's outcome as the events' faults do (unreachable: offline,
    401: auth, anything else: error); the files acknowledged before it stay acknowledged,
    the rest wait for the next round (resumed at the hub's offset)."""
    from dataclasses import replace

    from app.sync.client import HubAuthError, HubUnreachable
    from app.sync.states import AUTH, ERROR, OFFLINE, OK

    if result.outcome != OK:
        return result  # the hub is not answering: the files wait for a round that reaches it
    todo = _not_on_hub(ctx)
    if not todo:
        return result
    try:
        report, failure = _send_files(ctx, client, todo)
    except OSError as exc:  # a stored file unreadable: the check (files check) says which
        return replace(result, outcome=ERROR, detail=str(exc.strerror or exc))
    if failure is None:
        return result
    log.info("file push stopped with %d file(s) waiting: %s", report.waiting, report.error)
    outcome = (
        OFFLINE
        if isinstance(failure, HubUnreachable)
        else AUTH
        if isinstance(failure, HubAuthError)
        else ERROR
    )
    return replace(result, outcome=outcome, detail=report.error)


def _hub(ctx: DeskContext, tokens: Any, http: Any) -> tuple[Any, Any, bool]:
    """(HubClient, session, whether the session is ours to close)."""
    import requests

    from app.services.sync_status import K_CA_BUNDLE, K_HUB_URL
    from app.store.repositories import get_value
    from app.sync.client import HubClient
    from app.sync.tokens import KeyringTokenStore

    with ctx.db.read_session() as s:
        url = get_value(s, K_HUB_URL)
        ca = get_value(s, K_CA_BUNDLE)
    if not url:
        raise DeskError("sync.not_enrolled")
    from app.services.identity import read_token

    token = read_token(ctx, tokens or KeyringTokenStore(), url)  # this counter's own entry
    session = http or requests.Session()
    return HubClient(url, session, token=token, ca_bundle=ca or None), session, http is None


def hub_documents_of_person(
    ctx: DeskContext, *, id_number: str, tokens: Any = None, http: Any = None
) -> list[AttachedFile]:
    """Documents the city hub holds for this agency of the person (digitised at any counter
    of the agency); those this counter already has are left out (documents_of_person lists
    them). Network work: run it off the UI thread."""
    from app.sync.client import HubError
    from app.sync.filepush import person_files

    ctx.actor.require(Permission.VIEW)
    client, session, own = _hub(ctx, tokens, http)
    try:
        found = person_files(client, id_number.strip())
    except HubError as exc:
        raise DeskError("files.hub", detail=exc.detail) from None
    finally:
        if own:
            session.close()
    store = file_store(ctx)
    now = ctx.now()
    return [
        AttachedFile(
            uid="",
            dossier_code=str(f.get("dossier_code", "")),
            component=0,
            component_code=str(f.get("component_code", "")),
            component_name=str(f.get("component_name", "")),
            name=str(f.get("name", "")),
            sha256=str(f["sha256"]),
            size=int(f.get("size") or 0),  # type: ignore[call-overload]  # a JSON number
            pages=int(f.get("pages") or 0),  # type: ignore[call-overload]  # a JSON number
            mime="application/pdf",
            source=FileSource.REUSE,
            digitised=True,
            reused=True,
            from_national=bool(f.get("from_national")),
            created_at=now,
            on_hub=True,
        )
        for f in found
        if not store.has(str(f["sha256"]))
    ]


def attach_from_hub(
    ctx: DeskContext,
    *,
    code: str,
    component: int,
    sha256: str,
    name: str,
    from_national: bool = False,
    tokens: Any = None,
    http: Any = None,
) -> AttachedFile:
    """Fetch a document the hub holds for the agency (hash-checked), keep it in the store as
    already on the hub, and attach it flagged DuocTaiSuDung."""
    from app.sync.client import HubError
    from app.sync.filepush import fetch_file

    ctx.actor.require(Permission.RECEIVE)
    _check_dossier(ctx, code, component)
    client, session, own = _hub(ctx, tokens, http)
    try:
        data = fetch_file(client, sha256)
    except HubError as exc:
        raise DeskError("files.hub", detail=exc.detail) from None
    finally:
        if own:
            session.close()
    store = file_store(ctx)
    probe = store.root / ".tmp" / f"{sha256}.pdf"
    probe.parent.mkdir(parents=True, exist_ok=True)
    try:
        probe.write_bytes(data)
        check_input(probe)  # the same checks as an imported file: never trust bytes blindly
    finally:
        probe.unlink(missing_ok=True)
    got = store.put_bytes(data)
    with ctx.db.session() as s:
        if s.get(StoredFile, got) is None:
            from app.files.pdfa import page_count

            s.add(
                StoredFile(
                    sha256=got,
                    size=len(data),
                    mime=MIME["pdf"],
                    pages=page_count(data),
                    created_at=ctx.now(),
                    hub_acked_at=ctx.now(),
                )
            )
            s.commit()
    return attach_existing(
        ctx, code=code, component=component, sha256=got, name=name, from_national=from_national
    )
