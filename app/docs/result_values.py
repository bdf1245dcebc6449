"""The texts the result hand-over receipt (``result_receipt``) places besides the dossier's
own (app/docs/values.py): who received the result, the results, the originals given back."""

from __future__ import annotations

from collections.abc import Sequence

from app.docs.vn_format import short_date, vn_datetime
from app.domain.results import ResultDoc, ResultHandover

#: Names only the result receipt fills (checked when its layout is loaded).
RESULT_RECEIPT_NAMES = frozenset(
    {
        "recipient_kind",
        "recipient_name",
        "recipient_id",
        "post_batch",
        "handed_at",
        "handed_by",
        "results",
        "originals",
        "result_count",
    }
)


def _result_line(n: int, r: ResultDoc) -> str:
    parts = [f"{n}. {r.name}"]
    if r.so_ky_hieu:
        parts.append(f"số {r.so_ky_hieu}")
    if r.signed_on:
        parts.append(f"ký ngày {short_date(r.signed_on)}")
    parts.append(f"mã {r.code}")
    if r.link:
        parts.append("có bản điện tử")
    return ", ".join(parts)


def result_receipt_values(
    handover: ResultHandover, results: Sequence[ResultDoc], *, blank: str
) -> dict[str, str]:
    kind = handover.kind
    name = handover.name
    return {
        "recipient_kind": kind.label_vi,
        "recipient_name": name,
        "recipient_id": handover.id_number,
        "post_batch": handover.post_batch,
        "handed_at": vn_datetime(handover.at),
        "handed_by": handover.by,
        "results": "; ".join(_result_line(i, r) for i, r in enumerate(results, start=1))
        or "Kết quả giải quyết hồ sơ (bản giấy)",
        "originals": "; ".join(handover.originals) or "Không có",
        "result_count": str(len(results)) if results else blank,
    }
