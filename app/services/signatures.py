"""Signatures of PDF files, as the clerk's use cases: check a file against the city's trust
roots, sign a file with the agency's or the officer's certificate.

Trust roots: the certificates (PEM or DER: ``*.pem``, ``*.crt``, ``*.cer``, ``*.der``) and
the CRLs (``*.crl``) the city provides, in the folder ``trust-roots/`` of the data folder
(or the folder named by ``MOTCUA_TRUST_ROOTS``). The check never goes to the network: a
revoked certificate is known only through a CRL in that folder.

The PIN is a parameter of each call and goes no further than the signing library: it is
never stored, logged or kept between calls."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from app.domain.errors import DeskError
from app.domain.signatures import Pkcs11Source, Pkcs12Source, SignatureCheck, SignerSpec
from app.files.signatures import check_pdf_signatures as _check
from app.files.signatures import sign_with_pkcs11, sign_with_pkcs12
from app.services.context import DeskContext
from app.services.printing import write_atomically

__all__ = (
    "TRUST_DIR_ENV",
    "TRUST_DIRNAME",
    "Pkcs11Source",
    "Pkcs12Source",
    "SignatureCheck",
    "SignerSpec",
    "check_pdf_signatures",
    "sign_file",
    "sign_pdf",
    "trust_folder",
    "trust_roots_for",
)

TRUST_DIRNAME = "trust-roots"
TRUST_DIR_ENV = "MOTCUA_TRUST_ROOTS"
TRUST_SUFFIXES = frozenset({".pem", ".crt", ".cer", ".der", ".crl"})


def check_pdf_signatures(
    data: bytes, trust_roots: Sequence[bytes] | None = None, *, at: datetime | None = None
) -> SignatureCheck:
    """The verdict on the signatures of the PDF ``data`` (see app/files/signatures.py):
    ``trust_roots`` as :func:`trust_roots_for` gives them (certificates and CRLs), ``at``
    the moment to judge at (default now). Offline: nothing is fetched."""
    return _check(data, trust_roots, at=at)


def trust_folder(ctx: DeskContext) -> Path:
    """Where the city's trust roots and CRLs are read from."""
    configured = os.environ.get(TRUST_DIR_ENV)
    return Path(configured) if configured else ctx.data_dir / TRUST_DIRNAME


def trust_roots_for(ctx: DeskContext) -> list[bytes]:
    """The bytes of every certificate and CRL file in :func:`trust_folder` (empty when the
    folder does not exist: then no signature is trusted), in name order."""
    folder = trust_folder(ctx)
    if not folder.is_dir():
        return []
    return [
        p.read_bytes()
        for p in sorted(folder.iterdir())
        if p.is_file() and p.suffix.lower() in TRUST_SUFFIXES
    ]


def sign_pdf(
    data: bytes,
    signer_spec: SignerSpec,
    pin: str,
    *,
    now: datetime | None = None,
    progress: Callable[[str], None] | None = None,
) -> bytes:
    """``data`` with one more signature (PAdES, SHA-256) by the key ``signer_spec`` names,
    unlocked by ``pin``. A wrong PIN, a locked or absent token, an expired certificate:
    DeskError, and nothing comes back. ``progress`` hears "token-open" once logged in to a
    token and "signing" just before the key signs (a screen's status line)."""
    if not pin:
        raise DeskError("sign.pin_empty")
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    if isinstance(signer_spec, Pkcs12Source):
        try:
            blob = signer_spec.path.read_bytes()
        except OSError as err:
            raise DeskError("files.missing", path=str(signer_spec.path)) from err
        return sign_with_pkcs12(data, blob, pin, now=moment, name=signer_spec.path.name)
    return sign_with_pkcs11(
        data, str(signer_spec.library), signer_spec.slot, pin, now=moment, progress=progress
    )


def sign_file(
    source: Path,
    out: Path,
    signer_spec: SignerSpec,
    pin: str,
    *,
    trust_roots: Sequence[bytes] | None = None,
    now: datetime | None = None,
    progress: Callable[[str], None] | None = None,
) -> SignatureCheck:
    """Sign the PDF ``source`` into ``out``: written to a temporary file, fsynced and renamed
    only once the signature is made, so a failure leaves no ``out`` (and an existing ``out``
    untouched). Returns the check of the signed bytes against ``trust_roots``."""
    try:
        data = source.read_bytes()
    except OSError as err:
        raise DeskError("files.missing", path=str(source)) from err
    signed = sign_pdf(data, signer_spec, pin, now=now, progress=progress)
    try:
        write_atomically(out, signed)
    except OSError as err:
        raise DeskError("sign.output", path=str(out), detail=err.strerror or str(err)) from err
    return _check(signed, trust_roots, at=now)
