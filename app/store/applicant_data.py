"""Queries of everything this counter stores about one applicant (for erasure)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.store.models import Applicant, AuditLog, Dossier, OutboxEvent, StatusHistory


def applicant_and_dossiers(session: Session, number: str) -> tuple[Applicant | None, list[Dossier]]:
    """The applicant row of ID ``number`` and every dossier with that number or that row."""
    person = session.scalar(select(Applicant).where(Applicant.id_number == number))
    cond = Dossier.id_number == number
    if person is not None:
        cond = cond | (Dossier.applicant_id == person.id)
    return person, list(session.scalars(select(Dossier).where(cond).order_by(Dossier.id)))


def events_in_states(session: Session, codes: Sequence[str], states: Sequence[str]) -> list[str]:
    """The dossier code of each outbox event of ``codes`` in one of ``states``."""
    return list(
        session.scalars(
            select(OutboxEvent.dossier_code).where(
                OutboxEvent.dossier_code.in_(codes), OutboxEvent.state.in_(states)
            )
        )
    )


def history_of(session: Session, dossier_ids: Sequence[int]) -> Sequence[StatusHistory]:
    return session.scalars(
        select(StatusHistory).where(StatusHistory.dossier_id.in_(dossier_ids))
    ).all()


def events_of(session: Session, codes: Sequence[str]) -> Sequence[OutboxEvent]:
    return session.scalars(select(OutboxEvent).where(OutboxEvent.dossier_code.in_(codes))).all()


def print_audits(session: Session, codes: Sequence[str]) -> Sequence[AuditLog]:
    """The audit rows of the prints and reprints of ``codes`` (they name the PDF files)."""
    return session.scalars(
        select(AuditLog).where(
            AuditLog.entity == "dossier",
            AuditLog.entity_key.in_(codes),
            AuditLog.action.in_(("print", "reprint")),
        )
    ).all()
