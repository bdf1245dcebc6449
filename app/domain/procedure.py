"""A procedure (thủ tục hành chính) of the catalog, as the counter uses it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import time

from app.domain.dossier import DocumentLine, FeeItem, ProcessingTime
from app.domain.text import fold


@dataclass(frozen=True)
class RequiredDocument:
    name: str
    originals: int = 1
    copies: int = 0
    required: bool = True
    code: str = ""

    def as_line(self) -> DocumentLine:
        return DocumentLine(self.name, self.originals, self.copies, self.code)


@dataclass(frozen=True)
class ProcedureInfo:
    code: str
    name: str
    field_code: str
    field_name: str
    level: int
    processing: ProcessingTime
    cutoff: time | None
    documents: tuple[RequiredDocument, ...] = ()
    fees: tuple[FeeItem, ...] = ()
    active: bool = True

    # No fee_total here: the catalog may list a direct and an online variant of one fee,
    # and what a dossier pays depends on its channel (payment.charged_total).

    def matches(self, query: str) -> bool:
        """Accent-insensitive: every word of the query appears in the code or the name."""
        q = fold(query)
        hay = f"{self.code.lower()} {fold(self.name)} {fold(self.field_name)}"
        return all(word in hay for word in q.split())


def procedure_rank(proc: ProcedureInfo, query: str) -> tuple[int, int, str]:
    """Where ``proc`` sorts for ``query`` in every procedure picker (lower is better): the
    exact code, the exact name, a code prefix, a name that starts with the query, the query
    as a phrase of whole words in the name, every query word a whole word of the name, then
    any other match; ties go to the shorter name, then alphabetical order."""
    raw = query.strip()
    q = fold(raw)
    name = fold(proc.name)
    words = name.split()
    padded = f" {name} "
    if raw and proc.code == raw:
        tier = 0
    elif q and name == q:
        tier = 1
    elif raw and proc.code.startswith(raw):
        tier = 2
    elif q and name.startswith(q):
        tier = 3
    elif q and f" {q} " in padded:
        tier = 4
    elif q and all(w in words for w in q.split()):
        tier = 5
    else:
        tier = 6
    return tier, len(words), name


def rank_procedures(procedures: Iterable[ProcedureInfo], query: str) -> list[ProcedureInfo]:
    """The one picker rule: the procedures that match ``query`` (all of them, in the given
    order, when it is empty), best first by ``procedure_rank``."""
    raw = query.strip()
    found = [p for p in procedures if not raw or p.code == raw or p.matches(raw)]
    if not raw:
        return found
    return sorted(found, key=lambda p: procedure_rank(p, raw))


def parse_cutoff(text: str | None) -> time | None:
    if not text:
        return None
    hh, mm = text.split(":")
    return time(int(hh), int(mm))
