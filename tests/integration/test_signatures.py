"""The signature check of a PDF against the city's trust roots, with a test CA made here
(root, intermediate, signers): valid, unsigned, broken, untrusted, expired, revoked."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

from app.domain.errors import DeskError
from app.domain.signatures import SignatureCheck
from app.services.context import DeskContext
from app.services.signatures import (
    Pkcs12Source,
    check_pdf_signatures,
    sign_file,
    sign_pdf,
    trust_roots_for,
)
from app.store.db import Database
from tests.helpers.pki import Authority, make_ca

PIN = "246813"


@pytest.fixture(scope="module")
def ca() -> Authority:
    return make_ca()


def plain_pdf(text: str = "Ket qua giai quyet") -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pageCompression=0)
    c.drawString(72, 720, text)
    c.showPage()
    c.save()
    return buf.getvalue()


def p12(tmp_path: Path, who) -> Pkcs12Source:  # type: ignore[no-untyped-def]
    path = tmp_path / f"{who.cert.serial_number}.p12"
    path.write_bytes(who.pkcs12(PIN))
    return Pkcs12Source(path)


def roots(ca: Authority, *, crl: bool = True) -> list[bytes]:
    return [ca.root.pem, ca.intermediate.der] + ([ca.crl_der] if crl else [])


def test_valid_signature_names_signer_and_time(ca: Authority, tmp_path: Path) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    signed = sign_pdf(plain_pdf(), p12(tmp_path, ca.signer), PIN)
    check = check_pdf_signatures(signed, roots(ca))
    assert isinstance(check, SignatureCheck)
    assert check.state == "valid" and check.ok
    assert check.signer == "Nguyễn Văn Ký"
    assert check.intact and check.trusted
    assert check.signed_at is not None and before <= check.signed_at <= datetime.now(UTC)
    assert check.message_key == "signature.valid"
    assert "Nguyễn Văn Ký" in check.message("vi") and "hợp lệ" in check.message("vi")
    with pytest.raises(AttributeError):
        check.state = "broken"  # type: ignore[misc]


def test_unsigned_pdf(ca: Authority) -> None:
    check = check_pdf_signatures(plain_pdf(), roots(ca))
    assert check.state == "unsigned" and not check.ok
    assert check.signer is None and check.signed_at is None
    assert not check.intact and not check.trusted
    assert "không có chữ ký số" in check.message("vi")


def test_bytes_changed_inside_the_signed_range_are_broken(ca: Authority, tmp_path: Path) -> None:
    signed = sign_pdf(plain_pdf(), p12(tmp_path, ca.signer), PIN)
    at = signed.index(b"Ket qua giai quyet")
    tampered = signed[:at] + b"Ket qua GIAI quyet" + signed[at + 18 :]
    assert len(tampered) == len(signed)
    check = check_pdf_signatures(tampered, roots(ca))
    assert check.state == "broken" and not check.intact and not check.trusted
    assert "đã bị thay đổi" in check.message("vi")


def test_bytes_added_after_signing_are_not_covered(ca: Authority, tmp_path: Path) -> None:
    signed = sign_pdf(plain_pdf(), p12(tmp_path, ca.signer), PIN)
    check = check_pdf_signatures(signed + b"\n% appended later\n", roots(ca))
    assert check.state == "broken" and not check.intact


def test_signer_of_an_unknown_root_is_untrusted(ca: Authority, tmp_path: Path) -> None:
    signed = sign_pdf(plain_pdf(), p12(tmp_path, ca.stranger), PIN)
    check = check_pdf_signatures(signed, roots(ca))
    assert check.state == "untrusted" and check.intact and not check.trusted
    assert check.signer == "Người Ký Lạ"
    # and with no trust roots at all, even the city's own signer is not trusted
    own = sign_pdf(plain_pdf(), p12(tmp_path, ca.signer), PIN)
    assert check_pdf_signatures(own, None).state == "untrusted"
    # an intermediate alone is no trust root
    assert check_pdf_signatures(own, [ca.intermediate.der]).state == "untrusted"


def test_expired_signer(ca: Authority, tmp_path: Path) -> None:
    # signed while the certificate was valid (its clock), checked today: expired
    long_ago = datetime.now(UTC) - timedelta(days=100)
    signed = sign_pdf(plain_pdf(), p12(tmp_path, ca.expired), PIN, now=long_ago)
    check = check_pdf_signatures(signed, roots(ca))
    assert check.state == "expired" and check.intact and not check.trusted
    assert check.signer == "Trần Thị Hết Hạn"
    assert "hết hạn" in check.message("vi")


def test_revoked_signer_through_the_city_crl(ca: Authority, tmp_path: Path) -> None:
    signed = sign_pdf(plain_pdf(), p12(tmp_path, ca.revoked), PIN)
    check = check_pdf_signatures(signed, roots(ca))
    assert check.state == "revoked" and check.intact and not check.trusted
    assert "thu hồi" in check.message("vi")
    # the same file without the CRL: offline, nothing tells it is revoked
    assert check_pdf_signatures(signed, roots(ca, crl=False)).state == "valid"
    # judged at a moment before the revocation: valid then
    earlier = datetime.now(UTC) - timedelta(days=1)
    assert check_pdf_signatures(signed, roots(ca), at=earlier).state in ("valid",)


def test_a_later_tampered_signature_makes_the_whole_file_broken(
    ca: Authority, tmp_path: Path
) -> None:
    once = sign_pdf(plain_pdf(), p12(tmp_path, ca.signer), PIN)
    twice = sign_pdf(once, p12(tmp_path, ca.signer), PIN)
    check = check_pdf_signatures(twice, roots(ca))
    assert check.state == "valid" and check.signatures == 2
    at = twice.index(b"Ket qua giai quyet")
    tampered = twice[:at] + b"Ket qua GIAI quyet" + twice[at + 18 :]
    assert check_pdf_signatures(tampered, roots(ca)).state == "broken"


def test_not_a_pdf_is_a_clear_error() -> None:
    with pytest.raises(DeskError) as err:
        check_pdf_signatures(b"this is no PDF at all")
    assert err.value.key == "signature.unreadable"


def test_trust_roots_come_from_the_data_folder(ca: Authority, tmp_path: Path) -> None:
    ctx = DeskContext(tmp_path, Database(tmp_path / "x.sqlite3"))
    assert trust_roots_for(ctx) == []
    folder = tmp_path / "trust-roots"
    folder.mkdir()
    (folder / "root.pem").write_bytes(ca.root.pem)
    (folder / "intermediate.cer").write_bytes(ca.intermediate.der)
    (folder / "ca.crl").write_bytes(ca.crl_der)
    (folder / "readme.txt").write_text("not a certificate")
    got = trust_roots_for(ctx)
    assert sorted(got) == sorted([ca.root.pem, ca.intermediate.der, ca.crl_der])
    revoked = sign_pdf(plain_pdf(), p12(tmp_path, ca.revoked), PIN)
    assert check_pdf_signatures(revoked, got).state == "revoked"
    (folder / "junk.pem").write_bytes(
        b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
    )
    with pytest.raises(DeskError) as err:
        check_pdf_signatures(revoked, trust_roots_for(ctx))
    assert err.value.key == "signature.trust_unreadable"


def test_pkcs12_wrong_pin_and_expired_certificate_write_nothing(
    ca: Authority, tmp_path: Path
) -> None:
    source = tmp_path / "in.pdf"
    source.write_bytes(plain_pdf())
    out = tmp_path / "out.pdf"
    with pytest.raises(DeskError) as err:
        sign_file(source, out, p12(tmp_path, ca.signer), "000000")
    assert err.value.key == "sign.p12_unreadable"
    with pytest.raises(DeskError) as err:
        sign_file(source, out, p12(tmp_path, ca.expired), PIN)
    assert err.value.key == "sign.cert_expired"
    assert "Trần Thị Hết Hạn" in err.value.message("vi")
    with pytest.raises(DeskError) as err:
        sign_file(source, out, p12(tmp_path, ca.signer), "")
    assert err.value.key == "sign.pin_empty"
    assert not out.exists() and not list(tmp_path.glob("out.pdf*"))
    check = sign_file(source, out, p12(tmp_path, ca.signer), PIN, trust_roots=roots(ca))
    assert check.state == "valid" and out.exists()
    assert check_pdf_signatures(out.read_bytes(), roots(ca)).ok


def test_the_trust_folder_may_be_configured_elsewhere(
    ca: Authority, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = DeskContext(tmp_path / "data", Database(tmp_path / "x.sqlite3"))
    city = ca.write_trust_folder(tmp_path / "city-roots", with_crl=False)
    monkeypatch.setenv("MOTCUA_TRUST_ROOTS", str(city))
    assert sorted(trust_roots_for(ctx)) == sorted([ca.root.pem, ca.intermediate.der])
    signed = sign_pdf(plain_pdf(), p12(tmp_path, ca.signer), PIN)
    assert check_pdf_signatures(signed, trust_roots_for(ctx)).ok


def test_validation_data_added_later_keeps_it_valid_but_new_content_breaks_it(
    ca: Authority, tmp_path: Path
) -> None:
    # a DSS update (certificates, CRLs added after signing, as long-term signatures carry)
    # changes no content; drawing on the page after signing does
    from asn1crypto import crl as asn1_crl
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import add_validation_info
    from pyhanko_certvalidator import ValidationContext

    signed = sign_pdf(plain_pdf(), p12(tmp_path, ca.signer), PIN)
    vc = ValidationContext(
        trust_roots=[asn1_x509.Certificate.load(ca.root.der)],
        crls=[asn1_crl.CertificateList.load(ca.crl_der)],
        allow_fetching=False,
    )
    reader = PdfFileReader(io.BytesIO(signed))
    with_dss = add_validation_info(reader.embedded_signatures[0], vc).getvalue()
    assert len(with_dss) > len(signed)
    assert check_pdf_signatures(with_dss, roots(ca)).state == "valid"
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    box = writer.add_object(generic.StreamObject(stream_data=b"0 0 1 rg 0 0 100 100 re f"))
    writer.add_stream_to_page(0, box)
    drawn = io.BytesIO()
    writer.write(drawn)
    check = check_pdf_signatures(drawn.getvalue(), roots(ca))
    assert check.state == "broken" and not check.intact
