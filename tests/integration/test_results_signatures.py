"""The signature state of a result, shown with it and before its hand-over: a valid
signature says who signed; an unsigned, broken or untrusted result is a warning (in
``result`` and ``handover-result``), never a silent pass."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

import pytest
from reportlab.pdfgen import canvas

from app.domain.dossier import Status
from app.domain.signatures import Pkcs12Source
from app.services.dossiers import ApplicantInput, advance_dossier, receive_dossier
from app.services.results import attach_result, dossier_results
from app.services.signatures import sign_pdf
from tests.helpers.pki import Authority, make_ca

PIN = "123456"
PERSON = ApplicantInput("Nguyễn Thị Hằng", "001190001234")


@pytest.fixture(scope="module")
def ca() -> Authority:
    return make_ca()


def _pdf(text: str = "Ket qua giai quyet") -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pageCompression=0)
    c.drawString(72, 720, text)
    c.showPage()
    c.save()
    return buf.getvalue()


def _signed(tmp_path, who) -> bytes:  # type: ignore[no-untyped-def]
    p12 = tmp_path / f"{who.cert.serial_number}.p12"
    p12.write_bytes(who.pkcs12(PIN))
    return sign_pdf(_pdf(), Pkcs12Source(p12), PIN)


@pytest.fixture
def counter(desk, clock, ca, tmp_path):  # type: ignore[no-untyped-def]
    clock.now = datetime.now(UTC).replace(microsecond=0)  # the test CA is valid now
    ca.write_trust_folder(desk.data_dir / "trust-roots")
    rec = receive_dossier(desk, procedure_code="1.004222", applicant=PERSON)
    advance_dossier(desk, code=rec.code, to=Status.PROCESSING)
    return desk, rec.code


def _attach(desk, code: str, data: bytes, name: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    attach_result(desk, code=code, paths=[path], name=name)


def test_each_result_shows_its_signature_state_and_the_bad_ones_warn(counter, ca, tmp_path):
    desk, code = counter
    good = _signed(tmp_path, ca.signer)
    at = good.index(b"Ket qua giai quyet")
    broken = good[:at] + b"Ket qua GIAI quyet" + good[at + 18 :]
    _attach(desk, code, good, "ky-hop-le", tmp_path)
    _attach(desk, code, _pdf("chua ky"), "chua-ky", tmp_path)
    _attach(desk, code, broken, "bi-sua", tmp_path)
    _attach(desk, code, _signed(tmp_path, ca.stranger), "ky-la", tmp_path)
    view = dossier_results(desk, code=code, check_signatures=True)
    states = [c.state if c else None for c in view.signatures]
    assert states == ["valid", "unsigned", "broken", "untrusted"]
    assert view.signatures[0] is not None and view.signatures[0].signer == "Nguyễn Văn Ký"
    assert [w.split(":")[0] for w in view.warnings] == ["chua-ky", "bi-sua", "ky-la"]
    assert all(w for w in view.warnings_in("en"))
    assert dossier_results(desk, code=code).signatures == ()  # unchecked unless asked


def test_the_cli_shows_the_signature_and_warns_before_the_hand_over(counter, ca, tmp_path, capsys):
    from app.cli import main

    desk, code = counter
    data = ["--data-dir", str(desk.data_dir)]
    _attach(desk, code, _signed(tmp_path, ca.signer), "ky-hop-le", tmp_path)
    assert main(["result", code, *data]) == 0
    out = capsys.readouterr().out
    assert "✓ Chữ ký số: Chữ ký số hợp lệ: ký bởi Nguyễn Văn Ký" in out
    _attach(desk, code, _pdf("chua ky"), "chua-ky", tmp_path)
    assert main(["result", code, "--json", *data]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert [r["signature"]["state"] for r in shown["results"]] == ["valid", "unsigned"]
    assert shown["warnings"] and "không có chữ ký số" in shown["warnings"][0]
    advance_dossier(desk, code=code, to=Status.RESOLVED)
    assert main(["handover-result", code, "--to", "applicant", "--json", *data]) == 0
    captured = capsys.readouterr()
    assert "CẢNH BÁO / WARNING: chua-ky: Tệp không có chữ ký số" in captured.err
    assert json.loads(captured.out)["warnings"] == shown["warnings"]
