"""The erasure of an applicant's personal data on request (pseudonymisation where the
archive rules keep the dossier)."""

from __future__ import annotations

import json
import logging
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.domain.errors import DeskError
from app.domain.lookup import name_key
from app.domain.roles import Permission
from app.domain.text import fold
from app.services.context import DeskContext
from app.store.applicant_data import (
    applicant_and_dossiers,
    events_in_states,
    events_of,
    history_of,
    print_audits,
)
from app.store.notices import notices_of_dossiers
from app.store.payments import payment_rows_of_dossiers
from app.store.ratings import ratings_of_dossiers
from app.store.repositories import add_audit

log = logging.getLogger(__name__)


_OPEN_STATES = ("pending", "sending", "dead")
#: National payload fields that carry the applicant's person (app/sync/mapping.py).
_PERSON_FIELDS = {
    "ChuHoSo": "name",
    "NguoiDaiDien": "name",
    "DiaChiChuHoSo": "",
    "SoDienThoai": "",
    "Email": "",
}


@dataclass(frozen=True)
class ErasureResult:
    id_number: str
    dossier_codes: tuple[str, ...]
    done: bool  # False: a preview, nothing changed
    pseudonym: str = ""
    outbox_scrubbed: int = 0
    files_deleted: tuple[str, ...] = ()


class _Scrubber:
    """Replaces the erased values wherever they appear in text and JSON payloads."""

    def __init__(self, names: set[str], others: set[str], pseudonym: str) -> None:
        self.names = sorted({n for n in names if n}, key=len, reverse=True)
        self.others = {o for o in others if o}
        self.pseudonym = pseudonym

    def text(self, value: str) -> str:
        if value in self.others:
            return ""
        for name in self.names:
            if value == name:
                return self.pseudonym
            if len(name) >= 4:
                value = value.replace(name, self.pseudonym)
        return value

    def json(self, value: Any, key: str = "") -> Any:
        if isinstance(value, dict):
            return {k: self.json(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [self.json(v) for v in value]
        if isinstance(value, str):
            if key in _PERSON_FIELDS:
                return self.pseudonym if _PERSON_FIELDS[key] == "name" else ""
            return self.text(value)
        return value


def erase_applicant(ctx: DeskContext, *, id_number: str, confirm: bool = False) -> ErasureResult:
    """Pseudonymise one applicant's personal data where the law allows erasure.

    The name becomes a pseudonym (``Đã xóa XXXXXXXX``); address, phone, email, birth date,
    sex and the old ID number are cleared, on the applicant row and on every dossier's
    snapshot, in status notes and summaries, and in the local sent copies of the outbox.
    What the archive rules require stays: the dossier code, the ID number, the procedure,
    the dates, the statuses and the documents list. Local PDFs of the dossiers' printed
    forms are deleted once the erasure has committed (never before: a failed erasure keeps
    them). One audit row records the erasure without the erased data; no outbox
    event is queued (the city system keeps its own record; the request must go to the city
    too). Older backups keep the data until they rotate out.

    Without ``confirm`` nothing changes: the result lists what would be erased. Refused
    while a change of these dossiers is not yet acknowledged by the city (it must be
    delivered whole first). Supervisor only."""
    ctx.actor.require(Permission.ERASE)
    number = id_number.strip()
    with ctx.db.read_session() as s:
        person, dossiers = applicant_and_dossiers(s, number)
        codes = tuple(d.code for d in dossiers)
    if person is None and not dossiers:
        raise DeskError("privacy.unknown", id_number=number)
    if not confirm:
        return ErasureResult(number, codes, done=False)
    pseudonym = f"Đã xóa {secrets.token_hex(4).upper()}"
    scrubbed = 0
    with ctx.db.session() as s:
        person, dossiers = applicant_and_dossiers(s, number)  # again, under the write lock
        codes = tuple(d.code for d in dossiers)
        unsent = events_in_states(s, codes, _OPEN_STATES)
        if unsent:
            raise DeskError(
                "privacy.unsent", count=len(unsent), codes=", ".join(sorted(set(unsent))[:5])
            )
        names = {d.applicant_name for d in dossiers} | {d.representative for d in dossiers}
        others = (
            {d.address for d in dossiers}
            | {d.phone for d in dossiers}
            | {d.email for d in dossiers}
        )
        if person is not None:
            names |= {person.full_name, person.representative}
            others |= {person.address, person.phone, person.email, person.old_id_number}
        scrub = _Scrubber(names, others, pseudonym)
        now = ctx.now()
        if person is not None:
            person.full_name = pseudonym
            person.name_folded = fold(pseudonym)
            person.old_id_number = ""
            person.birth_date = None
            person.sex = ""
            person.address = ""
            person.phone = ""
            person.email = ""
            person.representative = ""
            person.updated_at = now
        ids = [d.id for d in dossiers]
        for d in dossiers:
            d.applicant_name = pseudonym
            d.name_folded = fold(pseudonym)
            d.name_key = name_key(pseudonym)  # the search key must not keep the real name
            d.address = ""
            d.phone = ""
            d.email = ""
            d.old_id_number = ""
            d.representative = ""
            d.birth_date = None
            d.sex = ""
            d.summary = scrub.text(d.summary)
        for h in history_of(s, ids):
            h.note = scrub.text(h.note)
        for d in dossiers:  # what a supplement request asked for may name the person
            for r in d.supplements:
                r.note = scrub.text(r.note)
                r.items = json.dumps(scrub.json(json.loads(r.items or "[]")), ensure_ascii=False)
        for event in events_of(s, codes):
            # A settled, sent copy: its payload_hash stays the hash of what was sent.
            cleaned = json.dumps(
                scrub.json(json.loads(event.payload)),
                ensure_ascii=False,
                sort_keys=True,
                separators=(",", ":"),
            )
            if cleaned != event.payload:
                event.payload = cleaned
                scrubbed += 1
        files = set()
        for row in print_audits(s, codes):
            try:
                file = json.loads(row.detail).get("file")
            except ValueError:
                file = None
            if file:
                files.add(Path(file))
        for code in codes:
            files.update(ctx.output_dir.glob(f"{code}-*.pdf"))
        printed = sorted(f for f in files if f.is_file())
        from app.services.files import delete_bytes, forget_files

        doomed = forget_files(s, ids)  # their digitised documents too
        from app.services.results import forget_results

        doomed += forget_results(s, ids, pseudonym)  # and their results
        for notice in notices_of_dossiers(s, ids):  # where the hub's messages went
            notice.recipient = ""
        for rating in ratings_of_dossiers(s, ids):  # the citizen's own words
            rating.note = scrub.text(rating.note)
            rating.handled_note = scrub.text(rating.handled_note)
        for payment in payment_rows_of_dossiers(s, ids):  # who paid
            payment.payer_name = pseudonym
        add_audit(
            s,
            at=now,
            actor=ctx.actor.username,
            action="applicant.erase",
            entity="applicant",
            key=pseudonym,
            detail={
                "dossiers": list(codes),
                "outbox_copies_scrubbed": scrubbed,
                "printed_files_deleted": len(printed),
                "documents_deleted": len(doomed),
                "fields": [
                    "full_name",
                    "birth_date",
                    "sex",
                    "address",
                    "phone",
                    "email",
                    "old_id_number",
                ],
            },
        )
        s.commit()
    # Only once the erasure is durable: a failure before the commit leaves the data and
    # its printed forms together, so the request can simply be made again.
    deleted = _delete_files(printed)
    delete_bytes(ctx.data_dir, doomed)  # after the commit: never a row without its file
    return ErasureResult(number, codes, True, pseudonym, scrubbed, tuple(deleted))


def _delete_files(files: list[Path]) -> list[str]:
    """Delete the printed PDFs; one that cannot be deleted is logged, not fatal (the
    erasure itself is already committed)."""
    deleted: list[str] = []
    for file in files:
        try:
            file.unlink()
            deleted.append(str(file))
        except FileNotFoundError:
            continue
        except OSError as exc:
            log.warning("could not delete printed file %s: %s", file, exc)
    return deleted
