"""The post's hand-over list as a printed document of app/docs (render_handover_list), drawn
from a frozen batch with no service, database or disk."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

import pytest
from pypdf import PdfReader

from app.docs import render_handover_list
from app.domain.dossier import VN_TZ, AgencyInfo
from app.domain.errors import DeskError
from app.domain.handover import MAX_BATCH_SIZE, HandoverBatch, HandoverLine

AGENCY = AgencyInfo(
    "000.00.01.H26", "Phường Tây Hồ", center_name="Trung tâm Phục vụ hành chính công phường Tây Hồ"
)
AT = datetime(2025, 7, 15, 9, 0, tzinfo=VN_TZ)


def _batch(n: int) -> HandoverBatch:
    lines = tuple(
        HandoverLine(
            f"000.00.01.H26-250715-{1001 + i}",
            f"Nguyễn Văn {chr(65 + i % 26)}",
            "1.004222",
            "Đăng ký thường trú",
            f"RR{i:09d}VN",
            AT + timedelta(minutes=10 * i),
        )
        for i in range(n)
    )
    return HandoverBatch(
        "000.00.01.H26-BG-250715-1001",
        "000.00.01.H26",
        lines,
        "buudien1",
        "Phạm Quốc Việt",
        AT + timedelta(hours=8),
    )


def test_one_page_with_every_dossier_and_the_batch_facts():
    batch = _batch(3)
    pdf = render_handover_list(batch, agency=AGENCY)
    reader = PdfReader(io.BytesIO(pdf))
    assert (
        len(reader.pages) == 1
        and reader.metadata.title == f"Danh sách bàn giao hồ sơ {batch.batch_id}"
    )
    text = reader.pages[0].extract_text()
    assert "DANH SÁCH BÀN GIAO HỒ SƠ" in text and batch.batch_id in text
    assert "Phạm Quốc Việt (buudien1)" in text and "17:00 15/07/2025" in text
    for line in batch.lines:
        assert line.code in text and line.post_receipt_no in text
    assert "09:20 15/07/2025" in text  # the third dossier's post acceptance time, Vietnam time
    assert render_handover_list(batch, agency=AGENCY) == pdf  # same batch, same bytes


def test_a_batch_over_the_limit_is_refused():
    with pytest.raises(DeskError) as err:
        render_handover_list(_batch(MAX_BATCH_SIZE + 1), agency=AGENCY)
    assert err.value.key == "handover.too_many"
