"""A test certificate authority made by the test with the cryptography library: a root, an
intermediate under it and signing certificates under the intermediate (valid, expired,
revoked with a CRL), plus a stranger root the city does not trust."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

NOW = datetime.now(UTC)


@dataclass
class Issued:
    """A certificate with its private key."""

    cert: x509.Certificate
    key: rsa.RSAPrivateKey
    chain: list[x509.Certificate] = field(default_factory=list)

    @property
    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    @property
    def der(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.DER)

    def key_pem(self) -> bytes:
        return self.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    def key_der(self) -> bytes:
        return self.key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    def pkcs12(self, password: str) -> bytes:
        return pkcs12.serialize_key_and_certificates(
            b"signer",
            self.key,
            self.cert,
            self.chain or None,
            serialization.BestAvailableEncryption(password.encode()),
        )


def _name(cn: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "UBND Phường Thử Nghiệm"),
            x509.NameAttribute(NameOID.COMMON_NAME, cn),
        ]
    )


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def issue(
    cn: str,
    issuer: Issued | None,
    *,
    ca: bool,
    not_before: datetime | None = None,
    not_after: datetime | None = None,
) -> Issued:
    key = _key()
    subject = _name(cn)
    signer_key = issuer.key if issuer else key
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.cert.subject if issuer else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before or NOW - timedelta(days=30))
        .not_valid_after(not_after or NOW + timedelta(days=365))
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
    )
    if issuer is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), False
        )
    if ca:
        builder = builder.add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        builder = builder.add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            True,
        )
    else:
        builder = builder.add_extension(x509.BasicConstraints(ca=False, path_length=None), True)
        # As the CAs' certificates do: where the CRL is published (never fetched offline).
        builder = builder.add_extension(
            x509.CRLDistributionPoints(
                [
                    x509.DistributionPoint(
                        [x509.UniformResourceIdentifier("http://ca.invalid/intermediate.crl")],
                        None,
                        None,
                        None,
                    )
                ]
            ),
            False,
        )
        builder = builder.add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            True,
        )
    cert = builder.sign(signer_key, hashes.SHA256())
    chain = ([issuer.cert, *issuer.chain]) if issuer else []
    return Issued(cert, key, chain)


@dataclass
class Authority:
    root: Issued
    intermediate: Issued
    signer: Issued
    expired: Issued
    revoked: Issued
    stranger_root: Issued
    stranger: Issued
    crl_der: bytes

    def write_trust_folder(self, folder: Path, *, with_crl: bool = True) -> Path:
        """The city's trust folder: the root (PEM), the intermediate (DER) and the CRL."""
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "root.pem").write_bytes(self.root.pem)
        (folder / "intermediate.cer").write_bytes(self.intermediate.der)
        if with_crl:
            (folder / "intermediate.crl").write_bytes(self.crl_der)
        return folder


def make_ca() -> Authority:
    root = issue("Root CA Thử Nghiệm", None, ca=True, not_before=NOW - timedelta(days=3650))
    inter = issue("CA Trung Gian Thử Nghiệm", root, ca=True)
    signer = issue("Nguyễn Văn Ký", inter, ca=False)
    expired = issue(
        "Trần Thị Hết Hạn",
        inter,
        ca=False,
        not_before=NOW - timedelta(days=400),
        not_after=NOW - timedelta(days=2),
    )
    revoked = issue("Lê Văn Thu Hồi", inter, ca=False)
    stranger_root = issue("Root CA Lạ", None, ca=True)
    stranger = issue("Người Ký Lạ", stranger_root, ca=False)
    crl = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(inter.cert.subject)
        .last_update(NOW - timedelta(days=1))
        .next_update(NOW + timedelta(days=30))
        .add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(revoked.cert.serial_number)
            .revocation_date(NOW - timedelta(hours=12))
            .build()
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(inter.key.public_key()), False
        )
        .add_extension(x509.CRLNumber(1), False)
        .sign(inter.key, hashes.SHA256())
    )
    return Authority(
        root,
        inter,
        signer,
        expired,
        revoked,
        stranger_root,
        stranger,
        crl.public_bytes(serialization.Encoding.DER),
    )
