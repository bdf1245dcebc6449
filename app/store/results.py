"""Queries of a dossier's results and their hand-over (tables of migration 0008)."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.results import RecipientKind, ResultDoc, ResultHandover, ResultSource
from app.store.models import Dossier, DossierResult, ResultHandoverRow, StoredFile


def results_of(session: Session, dossier_id: int) -> list[DossierResult]:
    return list(
        session.scalars(
            select(DossierResult)
            .where(DossierResult.dossier_id == dossier_id)
            .order_by(DossierResult.position, DossierResult.id)
        )
    )


def result_by_sha(session: Session, dossier_id: int, sha256: str) -> DossierResult | None:
    return session.scalar(
        select(DossierResult).where(
            DossierResult.dossier_id == dossier_id, DossierResult.sha256 == sha256
        )
    )


def stored_file(session: Session, sha256: str) -> StoredFile | None:
    return session.get(StoredFile, sha256)


def add_stored_file(
    session: Session, *, sha256: str, size: int, mime: str, pages: int, at: datetime, on_hub: bool
) -> StoredFile:
    """The store's row of bytes already durable (app/files/store.py), once per sha256."""
    row = session.get(StoredFile, sha256)
    if row is None:
        row = StoredFile(
            sha256=sha256,
            size=size,
            mime=mime,
            pages=pages,
            created_at=at,
            hub_acked_at=at if on_hub else None,
        )
        session.add(row)
    elif on_hub and row.hub_acked_at is None:
        row.hub_acked_at = at
    return row


def results_waiting_for_bytes(session: Session) -> list[tuple[DossierResult, str]]:
    """Results that name a file this counter has no row for yet, with their dossier code,
    oldest first: what the next sync round fetches from the hub."""
    rows = session.execute(
        select(DossierResult, Dossier.code)
        .join(Dossier, Dossier.id == DossierResult.dossier_id)
        .outerjoin(StoredFile, StoredFile.sha256 == DossierResult.sha256)
        .where(StoredFile.sha256.is_(None))
        .order_by(DossierResult.id)
    ).all()
    return [(r, str(code)) for r, code in rows]


def handover_of(session: Session, dossier_id: int) -> ResultHandoverRow | None:
    return session.scalar(
        select(ResultHandoverRow).where(ResultHandoverRow.dossier_id == dossier_id)
    )


def to_result_doc(
    row: DossierResult, dossier_code: str, stored: StoredFile | None, *, kept: bool, link: str
) -> ResultDoc:
    return ResultDoc(
        uid=row.uid,
        dossier_code=dossier_code,
        position=row.position,
        name=row.name,
        code=row.code,
        so_ky_hieu=row.so_ky_hieu,
        issuer=row.issuer,
        signer=row.signer,
        signed_on=row.signed_on,
        sha256=row.sha256,
        size=row.size,
        pages=row.pages,
        source=ResultSource(row.source),
        created_at=row.created_at,
        created_by=row.created_by,
        file_kept=kept,
        fetch_error=row.fetch_error,
        on_hub=bool(stored and stored.hub_acked_at) or row.source == ResultSource.HUB.value,
        link=link,
    )


def to_handover(row: ResultHandoverRow, dossier_code: str) -> ResultHandover:
    return ResultHandover(
        dossier_code=dossier_code,
        kind=RecipientKind(row.recipient_kind),
        name=row.recipient_name,
        id_number=row.recipient_id,
        post_batch=row.post_batch,
        originals=tuple(json.loads(row.originals or "[]")),
        at=row.at,
        by=row.actor,
    )


def count_with_electronic_result(session: Session, start: datetime, end: datetime) -> int:
    """Dossiers received in [start, end) that hold a result whose file is in the store."""
    return int(
        session.scalar(
            select(func.count(func.distinct(DossierResult.dossier_id)))
            .join(Dossier, Dossier.id == DossierResult.dossier_id)
            .join(StoredFile, StoredFile.sha256 == DossierResult.sha256)
            .where(Dossier.received_at >= start, Dossier.received_at < end)
        )
        or 0
    )


def result_by_id(session: Session, row_id: int) -> DossierResult | None:
    return session.get(DossierResult, row_id)


def procedure_name(session: Session, procedure_id: int) -> str:
    from app.store.models import Procedure

    row = session.get(Procedure, procedure_id)
    return row.name[:300] if row is not None else ""


def batch_of_dossier(session: Session, dossier_id: int) -> str | None:
    """The post hand-over batch a dossier travelled in, if any."""
    from app.store.models import Handover, HandoverItem

    value = session.scalar(
        select(Handover.batch_id)
        .join(HandoverItem, HandoverItem.handover_id == Handover.id)
        .where(HandoverItem.dossier_id == dossier_id)
    )
    return str(value) if value else None


def forget_unnamed_file(session: Session, sha256: str) -> bool:
    """Delete the stored-file row of ``sha256`` when no document and no result names it;
    True when it went (its bytes are then the caller's to delete, after the commit)."""
    from app.store.models import DossierFile

    for model in (DossierFile, DossierResult):
        if session.scalar(select(model.id).where(model.sha256 == sha256).limit(1)) is not None:
            return False
    row = session.get(StoredFile, sha256)
    if row is not None:
        session.delete(row)
    return True
