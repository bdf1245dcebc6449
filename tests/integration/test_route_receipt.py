"""The receipt of a dossier received for another body (issue 18) names the receiving point,
the competent body and where the result is returned; an own dossier's receipt does not.
Read back from the PDF with pdftotext (poppler-utils: a missing tool fails the test)."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sync_helpers import bulk_receive

from app.docs import render_form
from app.domain.dossier import VN_TZ, AgencyInfo
from app.domain.interagency import ReturnPlace, RouteState
from app.services.context import DeskContext
from app.services.printing import render_for_preview
from app.store.agencies import upsert_agency
from app.store.models import Dossier
from tests.helpers.records import make_agency, make_record

RECEIPTS = ("receipt", "receipt_a4", "thermal")
BODY = AgencyInfo(code="000.00.32.H26", name="Phường Ngọc Hà", address="25 Hoàng Hoa Thám, Ba Đình")


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return " ".join(done.stdout.split())  # one line: rows may wrap anywhere


@pytest.mark.parametrize("form", RECEIPTS)
def test_a_routed_receipt_names_both_bodies_and_the_return_place(form: str, tmp_path: Path) -> None:
    own = make_record(agency=make_agency(payee=True))
    routed = replace(
        own, competent=BODY, route_state=RouteState.RECEIVED, return_place=ReturnPlace.COMPETENT
    )
    text = _text(render_form(form, routed), tmp_path)
    assert "Nơi tiếp nhận: Phường Tây Hồ" in text
    assert "Cơ quan có thẩm quyền giải quyết: Phường Ngọc Hà" in text
    assert "Nơi trả kết quả: Phường Ngọc Hà (25 Hoàng Hoa Thám, Ba Đình)" in text
    # Where the result is collected agrees with the return place (item 7; thermal: its line).
    assert "kết quả: Tại Bộ phận Một cửa của Phường Ngọc Hà" in text
    here = replace(routed, return_place=ReturnPlace.RECEIVING)
    assert "Nơi trả kết quả: Phường Tây Hồ (nơi tiếp nhận hồ sơ)" in _text(
        render_form(form, here), tmp_path
    )
    # An own dossier: no such rows, and the bytes are those of a record without the route.
    own_text = _text(render_form(form, own), tmp_path)
    assert "thẩm quyền" not in own_text and "Nơi tiếp nhận" not in own_text
    assert "Nơi trả kết quả" not in own_text
    same_body = replace(own, competent=own.agency)  # competent = receiving: not routed
    assert render_form(form, same_body) == render_form(form, own)


def test_the_stored_routed_dossier_prints_both_bodies(desk: DeskContext, tmp_path: Path) -> None:
    """Through the store: the competent agency id on the dossier row (what engineer R's
    intake writes) reaches the printed receipt through to_record."""
    [code] = bulk_receive(desk, 1)
    with desk.db.session() as s:
        body = upsert_agency(
            s,
            code=BODY.code,
            name=BODY.name,
            kind="commune",
            address=BODY.address,
            at=datetime(2025, 7, 15, tzinfo=VN_TZ),
        )
        d = s.scalar(select(Dossier).where(Dossier.code == code))
        assert d is not None
        d.competent_agency_id, d.route_state = body.id, int(RouteState.RECEIVED)
        d.return_place = ReturnPlace.RECEIVING.value
        s.commit()
    text = _text(render_for_preview(desk, code=code, form="receipt"), tmp_path)
    home = desk.service_point()[0].name
    assert f"Nơi tiếp nhận: {home}; Cơ quan có thẩm quyền giải quyết: Phường Ngọc Hà" in text
    assert f"Nơi trả kết quả: {home} (nơi tiếp nhận hồ sơ)" in text
