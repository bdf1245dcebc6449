"""Queries of the post's hand-over batches and of the post dossiers they carry."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from app.domain.dossier import Channel, DossierId, DossierRow, Status
from app.store.models import Agency, Dossier, Handover, HandoverItem, Procedure
from app.store.repositories import synced_codes


def batch_lines(
    session: Session,
    handover_id: int,
) -> list[tuple[HandoverItem, str, str, str, str]]:
    """A batch's items in order, each with its dossier's applicant name and post receipt
    number and its procedure's code and name."""
    rows = session.execute(
        select(
            HandoverItem,
            Dossier.applicant_name,
            Dossier.post_receipt_no,
            Procedure.code,
            Procedure.name,
        )
        .join(Dossier, Dossier.id == HandoverItem.dossier_id)
        .join(Procedure, Procedure.id == Dossier.procedure_id)
        .where(HandoverItem.handover_id == handover_id)
        .order_by(HandoverItem.position)
    )
    return [(item, name, receipt, pcode, pname) for item, name, receipt, pcode, pname in rows]


def handover_by_batch_id(session: Session, batch_id: str) -> Handover | None:
    return session.scalar(select(Handover).where(Handover.batch_id == batch_id))


def handovers(
    session: Session, *, received: bool | None, limit: int, kind: str = "post"
) -> Sequence[Handover]:
    """Batches of ``kind``, newest first; ``received`` False: those still waiting for the
    other end."""
    stmt = select(Handover).where(Handover.kind == kind)
    if received is True:
        stmt = stmt.where(Handover.received_at.is_not(None))
    elif received is False:
        stmt = stmt.where(Handover.received_at.is_(None))
    return session.scalars(stmt.order_by(Handover.id.desc()).limit(limit)).all()


def unbatched_post_rows(session: Session, statuses: Sequence[int], limit: int) -> list[DossierRow]:
    """Post dossiers in ``statuses`` that no batch holds yet, oldest first."""
    batched = select(HandoverItem.dossier_id).where(HandoverItem.kind == "post")
    stmt = (
        select(
            Dossier.id,
            Dossier.code,
            Procedure.code,
            Procedure.name,
            Dossier.applicant_name,
            Dossier.id_number,
            Dossier.status,
            Dossier.received_at,
            Dossier.appointment_at,
        )
        .join(Procedure, Procedure.id == Dossier.procedure_id)
        .where(
            Dossier.channel == int(Channel.POST),
            Dossier.status.in_(statuses),
            Dossier.id.not_in(batched),
        )
        .order_by(Dossier.received_at, Dossier.id)
        .limit(limit)
    )
    rows = list(session.execute(stmt))
    synced = synced_codes(session, [r[1] for r in rows])
    return [
        DossierRow(
            DossierId(r[0]),
            r[1],
            r[2],
            r[3],
            r[4],
            r[5],
            Channel.POST,
            Status(r[6]),
            r[7],
            r[8],
            synced=r[1] in synced,
        )
        for r in rows
    ]


def dossiers_by_code(session: Session, codes: Sequence[str]) -> dict[str, Dossier]:
    return {d.code: d for d in session.scalars(select(Dossier).where(Dossier.code.in_(codes)))}


def first_batched(
    session: Session, dossier_ids: Sequence[int], kind: str = "post"
) -> tuple[str, str] | None:
    """(dossier code, batch id) of one of ``dossier_ids`` already in a batch of ``kind``
    (a dossier travels in one batch of each kind), if any."""
    taken = session.execute(
        select(HandoverItem.dossier_code, Handover.batch_id)
        .join(Handover, Handover.id == HandoverItem.handover_id)
        .where(HandoverItem.dossier_id.in_(dossier_ids), HandoverItem.kind == kind)
    ).first()
    return None if taken is None else (taken[0], taken[1])


def last_batch_seq(session: Session, *, agency_code: str, day: str, slot: int) -> int:
    """The highest batch number this slot used on ``day`` (yymmdd), 0 for none."""
    last = session.scalar(
        select(func.max(Handover.seq)).where(
            Handover.agency_code == agency_code, Handover.day == day, Handover.slot == slot
        )
    )
    return int(last or 0)


def _papers_here() -> ColumnElement[bool]:
    """A dossier whose papers are at this point: not a post dossier, or one the point has
    received from the post (its post batch scanned here)."""
    from_post = (
        select(HandoverItem.dossier_id)
        .join(Handover, Handover.id == HandoverItem.handover_id)
        .where(HandoverItem.kind == "post", Handover.received_at.is_not(None))
    )
    return or_(Dossier.channel != int(Channel.POST), Dossier.id.in_(from_post))


def papers_here(session: Session, dossier_ids: Sequence[int]) -> set[int]:
    """Those of ``dossier_ids`` whose papers are at this point (see ``_papers_here``)."""
    return set(
        session.scalars(select(Dossier.id).where(Dossier.id.in_(dossier_ids), _papers_here()))
    )


def unsent_for_agency_rows(
    session: Session,
    *,
    home_ids: Sequence[int],
    competent_id: int,
    route_states: Sequence[int],
    limit: int,
) -> list[DossierRow]:
    """Dossiers received here for the body ``competent_id`` whose papers have not travelled
    yet (in ``route_states``, in no hand-over list of kind "agency"), oldest first."""
    sent = select(HandoverItem.dossier_id).where(HandoverItem.kind == "agency")
    stmt = (
        select(
            Dossier.id,
            Dossier.code,
            Procedure.code,
            Procedure.name,
            Dossier.applicant_name,
            Dossier.id_number,
            Dossier.channel,
            Dossier.status,
            Dossier.received_at,
            Dossier.appointment_at,
        )
        .join(Procedure, Procedure.id == Dossier.procedure_id)
        .where(
            Dossier.agency_id.in_(home_ids),
            Dossier.competent_agency_id == competent_id,
            Dossier.route_state.in_(route_states),
            Dossier.id.not_in(sent),
            _papers_here(),
        )
        .order_by(Dossier.received_at, Dossier.id)
        .limit(limit)
    )
    rows = list(session.execute(stmt))
    synced = synced_codes(session, [r[1] for r in rows])
    return [
        DossierRow(
            DossierId(r[0]),
            r[1],
            r[2],
            r[3],
            r[4],
            r[5],
            Channel(r[6]),
            Status(r[7]),
            r[8],
            r[9],
            synced=r[1] in synced,
        )
        for r in rows
    ]


def unsent_by_body(
    session: Session, *, home_ids: Sequence[int], route_states: Sequence[int]
) -> list[tuple[str, str, int]]:
    """(code, name, count) of each body that dossiers received here wait to have their
    papers carried to, by name."""
    sent = select(HandoverItem.dossier_id).where(HandoverItem.kind == "agency")
    rows = session.execute(
        select(Agency.code, Agency.name, func.count(Dossier.id))
        .join(Agency, Agency.id == Dossier.competent_agency_id)
        .where(
            Dossier.agency_id.in_(home_ids),
            Dossier.competent_agency_id.not_in(home_ids),
            Dossier.route_state.in_(route_states),
            Dossier.id.not_in(sent),
            _papers_here(),
        )
        .group_by(Agency.code, Agency.name)
        .order_by(Agency.name, Agency.code)
    )
    return [(code, name, int(n)) for code, name, n in rows]


def procedure_of(session: Session, d: Dossier) -> Procedure:
    proc = session.get(Procedure, d.procedure_id)
    assert proc is not None
    return proc


__all__ = [
    "batch_lines",
    "dossiers_by_code",
    "first_batched",
    "handover_by_batch_id",
    "handovers",
    "last_batch_seq",
    "papers_here",
    "procedure_of",
    "unbatched_post_rows",
    "unsent_by_body",
    "unsent_for_agency_rows",
]
