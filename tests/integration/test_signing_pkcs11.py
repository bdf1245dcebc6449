"""Signing with a real PKCS#11 token (SoftHSM2) holding a key and certificate of the test
CA: a good signature, a wrong PIN, an unknown slot, a wrong module path, an expired
certificate, and the token pulled out while signing; nothing is written on a failure."""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

from app.domain.errors import DeskError
from app.services.signatures import Pkcs11Source, check_pdf_signatures, sign_file, sign_pdf
from tests.helpers.pki import Authority, make_ca
from tests.helpers.softhsm import MODULE, SoftHsm, make_tokens

PIN = "246813"


@pytest.fixture(scope="module")
def ca() -> Authority:
    return make_ca()


@pytest.fixture(scope="module")
def hsm(ca: Authority, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SoftHsm]:
    folder = tmp_path_factory.mktemp("softhsm")
    tokens = make_tokens(
        folder,
        [("ky-so", ca.signer), ("het-han", ca.expired), ("rut-ra", ca.signer)],
        pin=PIN,
    )
    with pytest.MonkeyPatch.context() as mp:
        # SoftHSM reads it when the module is first loaded in this process
        mp.setenv("SOFTHSM2_CONF", str(tokens.conf))
        yield tokens


def slot(hsm: SoftHsm, label: str) -> int:
    return next(t.slot for t in hsm.tokens if t.label == label)


def pdf_bytes() -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(72, 720, "Ban sao dien tu")
    c.showPage()
    c.save()
    return buf.getvalue()


def roots(ca: Authority) -> list[bytes]:
    return [ca.root.pem, ca.intermediate.der, ca.crl_der]


def test_token_signature_is_valid(hsm: SoftHsm, ca: Authority) -> None:
    assert os.environ["SOFTHSM2_CONF"] == str(hsm.conf)
    stages: list[str] = []
    signed = sign_pdf(
        pdf_bytes(), Pkcs11Source(MODULE, slot(hsm, "ky-so")), PIN, progress=stages.append
    )
    check = check_pdf_signatures(signed, roots(ca))
    assert check.state == "valid" and check.signer == "Nguyễn Văn Ký"
    assert stages == ["token-open", "signing"]


def test_wrong_pin_writes_nothing(hsm: SoftHsm, tmp_path: Path) -> None:
    source = tmp_path / "in.pdf"
    source.write_bytes(pdf_bytes())
    out = tmp_path / "out.pdf"
    out.write_bytes(b"an earlier file the clerk keeps")
    with pytest.raises(DeskError) as err:
        sign_file(source, out, Pkcs11Source(MODULE, slot(hsm, "ky-so")), "999999")
    assert err.value.key == "sign.pin_wrong"
    assert "Mã PIN không đúng" in err.value.message("vi")
    assert out.read_bytes() == b"an earlier file the clerk keeps"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.pdf", "out.pdf"]


def test_unknown_slot_and_wrong_module(hsm: SoftHsm) -> None:
    with pytest.raises(DeskError) as err:
        sign_pdf(pdf_bytes(), Pkcs11Source(MODULE, 17), PIN)
    assert err.value.key == "sign.token_absent"
    assert "khe 17" in err.value.message("vi")
    with pytest.raises(DeskError) as err:
        sign_pdf(pdf_bytes(), Pkcs11Source(Path("/usr/lib/khong-co/libtoken.so"), 0), PIN)
    assert err.value.key == "sign.module"


def test_expired_certificate_on_the_token(hsm: SoftHsm) -> None:
    with pytest.raises(DeskError) as err:
        sign_pdf(pdf_bytes(), Pkcs11Source(MODULE, slot(hsm, "het-han")), PIN)
    assert err.value.key == "sign.cert_expired"
    assert "Trần Thị Hết Hạn" in err.value.message("vi")


def test_token_pulled_out_while_signing(hsm: SoftHsm, tmp_path: Path) -> None:
    token = next(t for t in hsm.tokens if t.label == "rut-ra")
    source = tmp_path / "in.pdf"
    source.write_bytes(pdf_bytes())
    out = tmp_path / "out.pdf"

    def pull_out(stage: str) -> None:
        if stage == "signing":  # logged in, key found: now the token goes
            shutil.rmtree(token.folder)

    with pytest.raises(DeskError) as err:
        sign_file(source, out, Pkcs11Source(MODULE, token.slot), PIN, progress=pull_out)
    assert err.value.key == "sign.token_lost"
    assert "rút ra" in err.value.message("vi")
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["in.pdf"]
    # and the token no longer answers at all
    with pytest.raises(DeskError) as again:
        sign_pdf(pdf_bytes(), Pkcs11Source(MODULE, token.slot), PIN)
    assert again.value.key in ("sign.token_absent", "sign.no_key")


def test_not_a_pdf_is_refused_before_the_token_signs(hsm: SoftHsm) -> None:
    with pytest.raises(DeskError) as err:
        sign_pdf(b"%PDF-1.7 but nothing more", Pkcs11Source(MODULE, slot(hsm, "ky-so")), PIN)
    assert err.value.key == "sign.failed"
