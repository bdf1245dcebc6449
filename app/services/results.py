"""Results of a dossier: recorded from the back office through the hub (pulled with the
status change, the bytes fetched by hash after), or attached at the counter when the back
office hands over paper; shown with their signature state; handed over to the citizen
(status 10) with a short receipt.

Order of every write, as for the digitised documents (app/services/files.py): inputs are
checked first (a refusal keeps nothing), the bytes are made durable in the content-addressed
store, and only then the rows naming them commit in one transaction with the audit row and
the outbox event."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from app import docs
from app.domain import results as rules
from app.domain.dossier import DossierRecord, Status, clock_text
from app.domain.errors import DeskError
from app.domain.results import (
    RecipientKind,
    ResultDoc,
    ResultHandover,
    ResultMeta,
    ResultSource,
)
from app.domain.roles import Permission
from app.domain.signatures import SignatureCheck
from app.files.inputs import MIME, check_input, load_pages
from app.files.pdfa import Page, page_count, pages_to_pdfa
from app.services.context import DeskContext
from app.services.files import file_store
from app.store import results as repo
from app.store.models import Dossier, DossierResult, ResultHandoverRow
from app.store.repositories import add_audit, get_value, load_dossier, record_move, to_record

if TYPE_CHECKING:
    from app.sync.client import HubClient
    from app.sync.engine import RoundResult

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DossierResults:
    """What ``result CODE`` shows: the dossier's results and, once returned, the hand-over.
    ``signatures``: the check of each result's file, in the same order (None: the file is
    not on this counter yet, or the check was not asked)."""

    code: str
    status: Status
    results: tuple[ResultDoc, ...]
    handover: ResultHandover | None
    signatures: tuple[SignatureCheck | None, ...] = ()

    @property
    def electronic(self) -> bool:
        return any(r.electronic for r in self.results)

    def signature(self, index: int) -> SignatureCheck | None:
        return self.signatures[index] if index < len(self.signatures) else None

    @property
    def warnings(self) -> tuple[str, ...]:
        return self.warnings_in("vi")

    def warnings_in(self, lang: str) -> tuple[str, ...]:
        """The clerk's warning for every result whose signature is not valid (unsigned,
        broken, untrusted, expired, revoked) or whose file has not arrived: never a silent
        pass before the hand-over."""
        out = []
        for i, r in enumerate(self.results):
            check = self.signature(i)
            if not r.file_kept:
                out.append(DeskError("result.file_missing", name=r.name).message(lang))
            elif check is not None and not check.ok:
                out.append(f"{r.name}: {check.message(lang)}")
        return tuple(out)


@dataclass(frozen=True)
class HandoverOutcome:
    record: DossierRecord
    handover: ResultHandover
    results: tuple[ResultDoc, ...]


def _hub_url(s: Session) -> str:
    from app.services.sync_status import K_HUB_URL

    return get_value(s, K_HUB_URL) or ""


def _docs(s: Session, dossier_id: int, code: str) -> list[ResultDoc]:
    rows = repo.results_of(s, dossier_id)
    if not rows:
        return []
    hub = _hub_url(s)
    out = []
    for row in rows:
        stored = repo.stored_file(s, row.sha256)
        # The row commits only once the bytes are durable (``check`` verifies the store).
        kept = stored is not None
        out.append(
            repo.to_result_doc(
                row, code, stored, kept=kept, link=rules.result_link(hub, row.sha256)
            )
        )
    return out


def wire_results(
    s: Session, dossier_id: int, code: str
) -> tuple[list[ResultDoc], ResultHandover | None]:
    """The results and hand-over of a dossier for its outbox event, in the caller's
    transaction."""
    row = repo.handover_of(s, dossier_id)
    return _docs(s, dossier_id, code), (repo.to_handover(row, code) if row is not None else None)


def dossier_results(
    ctx: DeskContext, *, code: str, check_signatures: bool = False
) -> DossierResults:
    """The dossier's results; with ``check_signatures`` each file's signatures are checked
    against the city's trust roots (app.services.signatures; offline, a few ms a file)."""
    ctx.actor.require(Permission.VIEW)
    with ctx.db.read_session() as s:
        d = load_dossier(s, code)
        if d is None:
            raise DeskError("dossier.unknown", code=code)
        results, handover = wire_results(s, d.id, d.code)
    view = DossierResults(d.code, Status(d.status), tuple(results), handover)
    if not check_signatures or not results:
        return view
    return replace(view, signatures=tuple(_check(ctx, r) for r in results))


def _check(ctx: DeskContext, r: ResultDoc) -> SignatureCheck | None:
    from app.services.signatures import check_pdf_signatures, trust_roots_for

    if not r.file_kept:
        return None
    return check_pdf_signatures(file_store(ctx).read(r.sha256), trust_roots_for(ctx), at=ctx.now())


def result_bytes(ctx: DeskContext, *, code: str, number: int = 1) -> bytes:
    """The file of result ``number`` (1-based) of the dossier."""
    view = dossier_results(ctx, code=code)
    if not 1 <= number <= len(view.results):
        raise DeskError("result.unknown", code=code, number=number)
    doc = view.results[number - 1]
    if not doc.file_kept:
        raise DeskError("result.file_missing", name=doc.name)
    return file_store(ctx).read(doc.sha256)


# --- a result attached at the counter ----------------------------------------------------------


def attach_result(
    ctx: DeskContext,
    *,
    code: str,
    paths: Sequence[Path | str] = (),
    pages: Sequence[Page] = (),
    name: str = "",
    result_code: str = "",
    so_ky_hieu: str = "",
    issuer: str = "",
    signer: str = "",
    signed_on: str | Any = "",
    colour: bool = False,
) -> ResultDoc:
    """Record the result of a dossier from a file (a PDF kept byte for byte, so a signature
    stays intact) or from scanned pages / images (made into one PDF/A-2b)."""
    ctx.actor.require(Permission.RECEIVE)
    meta = rules.check_meta(
        name=name,
        code=result_code,
        so_ky_hieu=so_ky_hieu,
        issuer=issuer,
        signer=signer,
        signed_on=signed_on,
    )
    with ctx.db.read_session() as s:
        d = load_dossier(s, code)
        if d is None:
            raise DeskError("dossier.unknown", code=code)
        rules.check_result_status(d.code, Status(d.status))
    if not paths and not pages:
        raise DeskError("files.no_pages")
    checked = [check_input(Path(p)) for p in paths]
    store = file_store(ctx)
    pdfs = [c for c in checked if c.kind == "pdf"]
    if pdfs and (len(checked) > 1 or pages):
        # A result file is one document: a PDF is never merged with other pages.
        raise DeskError("result.not_pdf", name=", ".join(c.path.name for c in checked))
    source = ResultSource.IMPORT
    if pdfs:
        c = pdfs[0]
        data = c.path.read_bytes()
        count = c.pages
    else:
        images = list(pages) + [Page(im) for c in checked for im in load_pages(c)]  # type: ignore[arg-type]  # PIL images, untyped
        data = pages_to_pdfa(images, colour=colour, title=meta.name or code, now=ctx.now())
        count = len(images)
        source = ResultSource.SCAN if pages else ResultSource.IMPORT
    sha = store.put_bytes(data)
    return _record_local(
        ctx, code=code, meta=meta, sha=sha, size=len(data), pages=count, source=source
    )


def scan_result(
    ctx: DeskContext,
    *,
    code: str,
    request: Any,
    scanner: Any = None,
    name: str = "",
    result_code: str = "",
    so_ky_hieu: str = "",
    issuer: str = "",
    signer: str = "",
    signed_on: str | Any = "",
) -> ResultDoc:
    """Scan the back office's paper result (SANE, app/files/scan.py) into one PDF/A-2b and
    record it. A scan that fails before any page records nothing and says why; the scan
    folder goes once the result's row has committed."""
    import shutil

    from PIL import Image

    from app.services.files import scan_pages

    ctx.actor.require(Permission.RECEIVE)
    rules.check_meta(name=name, code=result_code, so_ky_hieu=so_ky_hieu, signed_on=signed_on)
    with ctx.db.read_session() as s:
        d = load_dossier(s, code)
        if d is None:
            raise DeskError("dossier.unknown", code=code)
        rules.check_result_status(d.code, Status(d.status))
    folder, result = scan_pages(ctx, request, scanner=scanner)
    if not result.pages:
        shutil.rmtree(folder, ignore_errors=True)
        raise result.error or DeskError("files.no_pages")
    pages = []
    for p in result.pages:
        with Image.open(p) as im:
            pages.append(Page(im.copy()))
    doc = attach_result(
        ctx,
        code=code,
        pages=pages,
        name=name,
        result_code=result_code,
        so_ky_hieu=so_ky_hieu,
        issuer=issuer,
        signer=signer,
        signed_on=signed_on,
        colour=request.colour,
    )
    shutil.rmtree(folder, ignore_errors=True)
    return doc


def _record_local(
    ctx: DeskContext,
    *,
    code: str,
    meta: ResultMeta,
    sha: str,
    size: int,
    pages: int,
    source: ResultSource,
) -> ResultDoc:
    from app.services.dossiers import record_change

    now = ctx.now()
    with ctx.db.session() as s:
        d = load_dossier(s, code)
        if d is None:
            raise DeskError("dossier.unknown", code=code)
        rules.check_result_status(d.code, Status(d.status))  # again, inside the transaction
        repo.add_stored_file(
            s, sha256=sha, size=size, mime=MIME["pdf"], pages=pages, at=now, on_hub=False
        )
        row = repo.result_by_sha(s, d.id, sha)
        if row is None:
            position = len(repo.results_of(s, d.id))
            row = DossierResult(
                uid=str(uuid.uuid4()),
                dossier_id=d.id,
                position=position,
                name=meta.name or repo.procedure_name(s, d.procedure_id),
                code=meta.code or rules.default_result_code(d.code, position),
                so_ky_hieu=meta.so_ky_hieu,
                issuer=meta.issuer or _agency_name(s, d),
                signer=meta.signer,
                signed_on=meta.signed_on,
                sha256=sha,
                size=size,
                pages=pages,
                source=source.value,
                created_at=now,
                created_by=ctx.actor.username,
            )
            s.add(row)
            d.version += 1
            d.updated_at = now
            s.flush()
            record_change(
                ctx,
                s,
                d,
                action="result.attach",
                detail={"result": row.uid, "sha256": sha, "source": source.value},
            )
        uid = row.uid
        s.commit()
    view = dossier_results(ctx, code=code)
    return next(r for r in view.results if r.uid == uid)


def _agency_name(s: Session, d: Dossier) -> str:
    from app.store.repositories import agency_by_id

    # The body that issues the result: the competent one of a dossier received for it.
    agency = agency_by_id(s, d.competent_agency_id or d.agency_id)
    return agency.name if agency is not None else ""


# --- results from the back office, through the hub's change feed -------------------------------


def take_hub_results(
    s: Session, d: Dossier, entries: Sequence[dict[str, Any]], *, seq: int, now: datetime
) -> int:
    """Inside the change feed's transaction: record the result entries of a back-office
    change (checked by app.sync.protocol.validate_change). Their bytes are fetched after
    the pull (``fetch_results_step``); an entry seen before (a replayed page) is a no-op."""
    added = 0
    for entry in entries:
        sha = str(entry["MaHashTep"])
        if repo.result_by_sha(s, d.id, sha) is not None:
            continue
        day = str(entry.get("NgayKy") or "")
        try:
            meta = rules.check_meta(
                name=str(entry.get("TenGiayTo") or ""),
                code=str(entry.get("MaKetQua") or ""),
                so_ky_hieu=str(entry.get("SoKyHieu") or ""),
                issuer=str(entry.get("CoQuanBanHanh") or ""),
                signer=str(entry.get("NguoiKy") or ""),
                signed_on=f"{day[:4]}-{day[4:6]}-{day[6:8]}" if day else "",
            )
        except DeskError as err:
            log.warning("skipping a result of %s from change %s: %s", d.code, seq, err)
            continue
        position = len(repo.results_of(s, d.id))
        s.add(
            DossierResult(
                uid=str(entry.get("GiayToId") or uuid.uuid4())[:36],
                dossier_id=d.id,
                position=position,
                name=meta.name or "Kết quả giải quyết hồ sơ",
                code=meta.code or rules.default_result_code(d.code, position),
                so_ky_hieu=meta.so_ky_hieu,
                issuer=meta.issuer,
                signer=meta.signer,
                signed_on=meta.signed_on,
                sha256=sha,
                size=int(entry.get("KichThuocTep") or 0),
                pages=int(entry.get("SoTrang") or 0),
                source=ResultSource.HUB.value,
                hub_seq=seq,
                fetch_error="",
                created_at=now,
                created_by="hub",
            )
        )
        s.flush()
        add_audit(
            s,
            at=now,
            actor="hub",
            action="result.hub",
            entity="dossier",
            key=d.code,
            detail={"sha256": sha, "seq": seq, "code": meta.code},
        )
        added += 1
    return added


@dataclass(frozen=True)
class FetchReport:
    kept: int
    waiting: int
    error: str = ""


def fetch_results(ctx: DeskContext, client: HubClient) -> FetchReport:
    """Fetch the bytes of every result the hub named that this counter does not hold yet,
    verify their hash and that they are a readable PDF, and only then keep them (a
    ``stored_file`` row, already on the hub). A failure is written on the result and
    leaves it for the next round; nothing of a bad file is kept."""
    from app.sync.client import HubError
    from app.sync.filepush import fetch_raw

    with ctx.db.read_session() as s:
        todo = [(r.id, r.sha256, code) for r, code in repo.results_waiting_for_bytes(s)]
    kept = 0
    first_error = ""
    store = file_store(ctx)
    for row_id, sha, code in todo:
        problem = ""
        data = b""
        try:
            data = fetch_raw(client, sha)
        except HubError as exc:
            problem = DeskError("result.fetch_refused", code=code, detail=exc.detail).message()
        if not problem and not _hash_ok(data, sha):
            problem = DeskError("result.hash_mismatch", code=code, sha=sha[:12]).message()
        if not problem:
            problem = _not_a_pdf(store, data, sha, code)
        with ctx.db.session() as s:
            row = repo.result_by_id(s, row_id)
            if row is None:
                continue
            if problem:
                row.fetch_error = problem
                add_audit(
                    s,
                    at=ctx.now(),
                    actor="sync",
                    action="result.fetch_failed",
                    entity="dossier",
                    key=code,
                    detail={"sha256": sha, "error": problem},
                )
                s.commit()
                first_error = first_error or problem
                log.warning("%s", problem)
                continue
            got = store.put_bytes(data)  # durable before the row that names it commits
            assert got == sha
            repo.add_stored_file(
                s,
                sha256=sha,
                size=len(data),
                mime=MIME["pdf"],
                pages=page_count(data),
                at=ctx.now(),
                on_hub=True,
            )
            row.fetch_error = ""
            row.size = len(data)
            row.pages = page_count(data)
            s.commit()
            kept += 1
    return FetchReport(kept, len(todo) - kept, first_error)


def _hash_ok(data: bytes, sha: str) -> bool:
    import hashlib

    return hashlib.sha256(data).hexdigest() == sha


def _not_a_pdf(store: Any, data: bytes, sha: str, code: str) -> str:
    """ "" when ``data`` passes the same checks as a PDF attached at the counter."""
    if not rules.looks_like_pdf(data):
        return DeskError("result.fetch_not_pdf", code=code, detail="no PDF header").message()
    probe = store.root / ".tmp" / f"{sha}.pdf"
    probe.parent.mkdir(parents=True, exist_ok=True)
    try:
        probe.write_bytes(data)
        checked = check_input(probe)
        if checked.kind != "pdf":
            return DeskError("result.fetch_not_pdf", code=code, detail=checked.kind).message()
    except DeskError as err:
        return DeskError("result.fetch_not_pdf", code=code, detail=err.message()).message()
    finally:
        probe.unlink(missing_ok=True)
    return ""


def fetch_results_step(ctx: DeskContext, client: HubClient, result: RoundResult) -> RoundResult:
    """The results part of a sync round, after the pull: a round that reached the hub
    fetches the result files it named. A file that failed its checks makes the round's
    outcome an error with the clerk's message (the status change itself is applied)."""
    from app.sync.states import ERROR, OK

    if result.outcome != OK:
        return result
    report = fetch_results(ctx, client)
    if not report.error:
        return result
    return replace(result, outcome=ERROR, detail=report.error)


# --- the hand-over of the result (status 10) ---------------------------------------------------


def hand_over_result(
    ctx: DeskContext,
    *,
    code: str,
    to: RecipientKind | str,
    name: str = "",
    id_number: str = "",
    originals: str | Sequence[str] = "",
    post_batch: str = "",
) -> HandoverOutcome:
    """Hand the result of a resolved dossier over: who received it, the originals given
    back, the time; the dossier moves to "result returned" (10) in the same transaction as
    the hand-over row, its history, audit row and outbox event."""
    from app.services.dossiers import record_change

    ctx.actor.require(Permission.ADVANCE)
    kind = to if isinstance(to, RecipientKind) else RecipientKind.parse(to)
    given_back = rules.parse_originals(originals if isinstance(originals, str) else list(originals))
    now = ctx.now()
    with ctx.db.session() as s:
        d = load_dossier(s, code)
        if d is None:
            raise DeskError("dossier.unknown", code=code)
        previous = repo.handover_of(s, d.id)
        if previous is not None:
            raise DeskError("result.handed_over", code=d.code, at=clock_text(previous.at))
        rules.check_handover_status(d.code, Status(d.status))
        batch = post_batch or (_post_batch(s, d) if kind == RecipientKind.POST else "")
        who = rules.check_recipient(
            kind,
            name=name,
            id_number=id_number,
            applicant_name=d.applicant_name,
            applicant_id=d.id_number,
            post_batch=batch,
        )
        s.add(
            ResultHandoverRow(
                dossier_id=d.id,
                recipient_kind=who.kind.value,
                recipient_name=who.name,
                recipient_id=who.id_number,
                post_batch=who.post_batch,
                originals=json.dumps(list(given_back), ensure_ascii=False),
                at=now,
                actor=ctx.actor.username,
            )
        )
        src = Status(d.status)
        from app.services.dossiers import route_after_move

        route_after_move(s, d, src, Status.RETURNED)  # who may, for another body's dossier
        note = f"Trả kết quả cho {who.kind.label_vi.lower()}: {who.name}".strip()
        record_move(s, d, Status.RETURNED, now, actor=ctx.actor.username, note=note)
        d.updated_at = now
        s.flush()
        record = record_change(
            ctx,
            s,
            d,
            action="result.handover",
            detail={
                "from": int(src),
                "to": int(Status.RETURNED),
                "recipient": who.kind.value,
                "name": who.name,
                "id_number": who.id_number,
                "post_batch": who.post_batch,
                "originals": list(given_back),
            },
        )
        results, handover = wire_results(s, d.id, d.code)
        s.commit()
    assert handover is not None
    return HandoverOutcome(record, handover, tuple(results))


def _post_batch(s: Session, d: Dossier) -> str:
    """The hand-over batch the dossier travelled in with the post, if any."""
    return repo.batch_of_dossier(s, d.id) or ""


def result_receipt(ctx: DeskContext, *, code: str) -> bytes:
    """The receipt of delivery of a returned result ("Biên nhận trả kết quả") as PDF."""
    ctx.actor.require(Permission.PRINT)
    with ctx.db.read_session() as s:
        d = load_dossier(s, code)
        if d is None:
            raise DeskError("dossier.unknown", code=code)
        record = to_record(s, d)
        results, handover = wire_results(s, d.id, d.code)
    if handover is None:
        raise DeskError(
            "result.not_resolved",
            code=code,
            status=record.status.label_vi,
            status_en=record.status.label_en,
        )
    if handover.by == ctx.actor.username and ctx.actor.full_name:
        handover = replace(handover, by=ctx.actor.full_name)  # the name the clerk signs
    return docs.render_result_receipt(record, handover, results)


def write_receipt(ctx: DeskContext, *, code: str, out: Path | None = None) -> Path:
    from app.services.printing import output_target, save_output

    data = result_receipt(ctx, code=code)
    # Named <code>-*.pdf in the output folder, as every printed form: erasure finds it.
    return save_output(output_target(ctx, out, f"{code}-bien-nhan-tra-ket-qua.pdf"), data)


def forget_results(s: Session, dossier_ids: Sequence[int], pseudonym: str) -> list[str]:
    """Inside an erasure's transaction: the dossiers' result rows go (their files hold the
    person's data), the hand-over keeps its kind and time with the recipient's name and ID
    number replaced by the pseudonym. Returns the hashes whose bytes the caller deletes
    after the commit (those no other dossier's document or result names)."""
    doomed: list[str] = []
    for dossier_id in dossier_ids:
        for row in repo.results_of(s, dossier_id):
            s.delete(row)
            doomed.append(row.sha256)
        handover = repo.handover_of(s, dossier_id)
        if handover is not None:
            handover.recipient_name = pseudonym
            handover.recipient_id = ""
    s.flush()
    return [sha for sha in sorted(set(doomed)) if repo.forget_unnamed_file(s, sha)]
