"""The receipt of delivery of a result ("Biên nhận trả kết quả giải quyết hồ sơ").

Neither Circular 01/2018 nor the 2025 annex gives a form for handing a result over
(reference/vn-standards.md section 2), so this is a short receipt in the forms' house
layout (resources/forms/result_receipt.json): who received which results, the originals
given back, and when, signed by the recipient and the clerk."""

from __future__ import annotations

from collections.abc import Sequence

from app.docs.forms import render_form
from app.docs.layouts import common
from app.docs.result_values import result_receipt_values
from app.domain.dossier import DossierRecord
from app.domain.results import ResultDoc, ResultHandover


def render_result_receipt(
    record: DossierRecord, handover: ResultHandover, results: Sequence[ResultDoc]
) -> bytes:
    extra = result_receipt_values(handover, results, blank=str(common()["blank"]))
    return render_form("result_receipt", record, printed_at=handover.at, extra=extra)
