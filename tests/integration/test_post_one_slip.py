"""A post dossier has one receipt: the commune's, printed after it received the hand-over
list, with the reception time, appointment and receiving clerk the dossier keeps."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

import pytest
from pypdf import PdfReader

from app.domain.dossier import VN_TZ, Channel
from app.domain.errors import DeskError
from app.services import post
from app.services.demo import DEMO_PASSWORD
from app.services.dossiers import ApplicantInput, get_dossier, receive_dossier
from app.services.printing import print_form, render_for_preview
from app.services.users import log_in


def test_the_receipt_is_printed_once_by_the_commune(desk, clock, tmp_path):
    agent = log_in(desk, username="buudien1", password=DEMO_PASSWORD)
    clerk = log_in(desk, username="canbo1", password=DEMO_PASSWORD)
    clock.now = datetime(2025, 7, 15, 9, 0, tzinfo=VN_TZ)
    rec = receive_dossier(
        agent,
        procedure_code="1.004194",
        channel=Channel.POST,
        post_receipt_no="RR123456789VN",
        applicant=ApplicantInput("Lê Văn An", "001090000001"),
    )
    for form in ("receipt", "receipt-a4", "thermal"):
        with pytest.raises(DeskError) as early:
            render_for_preview(agent, code=rec.code, form=form)
        assert early.value.key == "post.receipt_at_commune"
        assert "RR123456789VN" in early.value.message("vi")
    with pytest.raises(DeskError):
        print_form(agent, code=rec.code, form="receipt", out=tmp_path / "early.pdf")
    assert not (tmp_path / "early.pdf").exists()
    assert render_for_preview(agent, code=rec.code, form="cover")  # the other forms print

    batch = post.create_handover(agent, codes=[rec.code])
    clock.now += timedelta(days=1, hours=1)
    post.receive_handover(clerk, payload=post.handover_payload(batch))
    stored = get_dossier(clerk, code=rec.code)
    pdf = render_for_preview(clerk, code=rec.code, form="receipt")
    text = " ".join(
        " ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf)).pages).split()
    )
    # The commune's values: its reception time, the appointment counted from it, its clerk.
    assert "Thời gian nhận hồ sơ: 10 giờ 00 phút, ngày 16 tháng 7 năm 2025" in text
    assert "trả kết quả giải quyết hồ sơ: 10 giờ 00 phút, ngày 21 tháng 7 năm 2025" in text
    assert stored.receiver_name == "Nguyễn Thị Hằng" and "Nguyễn Thị Hằng" in text
