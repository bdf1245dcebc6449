"""The 766 scorecard's per-dossier figures, kept on the dossier row (migration 0016) so
that a year's scorecard is one range scan of ``ix_dossier_index766`` with no table lookup
and no side table read.

- ``dossier.side_flags``: what the scorecard needs of the dossier's side rows (files,
  results, supplement requests, ratings, outbox events not yet acknowledged). Its one rule is :func:`flags_of`, a SQL
  expression of one dossier id. Every writer keeps it through the triggers migration 0016
  installs on the side tables (files, components, results, stored files, supplement
  requests, ratings, outbox) and on the dossier's own insert and change of code, in the
  writer's own transaction: a writer of the ORM or of plain SQL, the change-feed applier,
  an erasure, all alike. A backup from before 0016 is
  upgraded (and backfilled) when opened.
- ``score_a`` .. ``score_e``: VIRTUAL generated columns, each three counts of the scorecard
  packed in 20-bit fields (:data:`SCORE_FIELDS`), so that the sum of a column over a
  period is three counts at once (SQLite pays per aggregate per row). SQLite computes them
  from the row; the index stores them.

The migration carries frozen copies of both (migrations never import the app);
tests/integration/test_dossier_flags.py checks that they say the same as this module."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.domain.fee_receipts import KIND_ERECEIPT

#: Every component of the dossier has a file (and there is at least one file): 4.2.
FILED = 1
#: One of its files was reused from an earlier dossier (DuocTaiSuDung): 4.3.
REUSED = 2
#: One of its files came from the national data store (DuocLayTuKhoDMQG): 4.4 and 4.5.
NATIONAL = 4
#: It has a result whose file is kept here (an electronic result): 2.x and 4.2.
E_RESULT = 8
#: More than one supplement request: the index counts it late.
REPEAT = 16
#: A citizen rated it "not satisfied".
UNHAPPY = 32
#: An event of it in the outbox is not acknowledged by the city (a gateway's aside).
UNSYNCED = 64
#: The outbox states short of the hub's acknowledgement, and the kinds of a gateway lane
#: (app.store.outbox.GATEWAY_KINDS: not part of the national record).
UNACKED_STATES = ("pending", "sending", "rejected", "dead")
GATEWAY_KINDS = (KIND_ERECEIPT,)


def flags_of(dossier_id: str) -> str:
    """The side flags of the dossier whose id is the SQL expression ``dossier_id``."""
    x = dossier_id
    states = ", ".join(f"'{v}'" for v in UNACKED_STATES)
    gateway = ", ".join(f"'{v}'" for v in GATEWAY_KINDS)
    return (
        f"((EXISTS (SELECT 1 FROM dossier_file f WHERE f.dossier_id = {x})"
        f" AND NOT EXISTS (SELECT 1 FROM dossier_document c WHERE c.dossier_id = {x}"
        f" AND NOT EXISTS (SELECT 1 FROM dossier_file y WHERE y.document_id = c.id)))"
        f" | (EXISTS (SELECT 1 FROM dossier_file f WHERE f.dossier_id = {x}"
        f" AND f.reused) << 1)"
        f" | (EXISTS (SELECT 1 FROM dossier_file f WHERE f.dossier_id = {x}"
        f" AND f.from_national) << 2)"
        f" | (EXISTS (SELECT 1 FROM dossier_result r JOIN stored_file sf"
        f" ON sf.sha256 = r.sha256 WHERE r.dossier_id = {x}) << 3)"
        f" | ((SELECT count(*) > 1 FROM supplement_request s WHERE s.dossier_id = {x}) << 4)"
        f" | (EXISTS (SELECT 1 FROM rating g WHERE g.dossier_id = {x} AND g.level = 3) << 5)"
        f" | (EXISTS (SELECT 1 FROM outbox o WHERE o.dossier_code ="
        f" (SELECT dd.code FROM dossier dd WHERE dd.id = {x}) AND o.state IN ({states})"
        f" AND o.kind NOT IN ({gateway})) << 6))"
    )


#: The rule, of the dossier row ``d``.
FLAGS_OF = flags_of("d.id")

#: Bits of one packed field: a period holds fewer dossiers than this (else the wide query).
PACK = 20
FIELD_MASK = (1 << PACK) - 1
_DONE = "status IN (9, 10)"  # resolved, result returned
_QR = "(identity_source = 'qr' AND applicant_kind = 1)"
#: column -> its three conditions on the dossier row (counted where true).
SCORE_FIELDS: dict[str, tuple[str, ...]] = {
    "score_a": ("timeliness IS 3", "channel = 2", _DONE),
    "score_b": ("fee_total > 0", "fee_total > 0 AND paid_online", f"channel = 2 AND {_DONE}"),
    "score_c": (
        f"side_flags & {FILED} AND (NOT {_DONE} OR side_flags & {E_RESULT})",  # digitised
        f"side_flags & {REUSED}",
        f"side_flags & {NATIONAL}",
    ),
    "score_d": (
        f"side_flags & {E_RESULT} AND {_DONE}",
        f"side_flags & {E_RESULT} AND {_DONE} AND channel = 2",
        f"{_QR} OR side_flags & {NATIONAL}",  # the citizen's data from the QR or the store
    ),
    "score_e": (
        f"side_flags & {REPEAT} AND timeliness IS NOT 3",
        f"side_flags & {UNHAPPY}",
        f"side_flags & {UNSYNCED}",
    ),
}


def score_expression(fields: tuple[str, ...]) -> str:
    """The packed value of one score column: field i at bit PACK * i, each 0 or 1."""
    return " | ".join(
        f"(coalesce(({cond}) != 0, 0) << {PACK * i})" for i, cond in enumerate(fields)
    )


SCORE_COLUMNS: dict[str, str] = {c: score_expression(f) for c, f in SCORE_FIELDS.items()}


def recomputed(session: Session) -> dict[int, int]:
    """Every dossier whose kept flags differ from the rule: id -> the rule's flags (an
    empty dict when all agree)."""
    rows = session.execute(
        text(f"SELECT d.id, {FLAGS_OF} FROM dossier d WHERE d.side_flags != {FLAGS_OF}")
    )
    return {int(i): int(f) for i, f in rows}
