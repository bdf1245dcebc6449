"""A procedure (thủ tục hành chính) of the catalog, as the counter uses it."""

from __future__ import annotations

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

    @property
    def fee_total(self) -> int:
        return sum(f.amount for f in self.fees)

    def matches(self, query: str) -> bool:
        """Accent-insensitive: every word of the query appears in the code or the name."""
        q = fold(query)
        hay = f"{self.code.lower()} {fold(self.name)} {fold(self.field_name)}"
        return all(word in hay for word in q.split())


def parse_cutoff(text: str | None) -> time | None:
    if not text:
        return None
    hh, mm = text.split(":")
    return time(int(hh), int(mm))
