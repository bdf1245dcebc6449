"""PDF signatures through pyHanko: the check of every embedded signature against the trust
roots the city gives, and signing with a PKCS#12 file or a PKCS#11 token.

The check is offline by design: no certificate, CRL or OCSP answer is fetched from the
network. Revocation is known only from the CRLs handed in with the trust roots (the city's
trust folder); without a CRL for an issuer, its certificates are taken as not revoked
("soft-fail"), which is what an offline counter can know."""

from __future__ import annotations

import io
import logging
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from asn1crypto import crl as asn1_crl
from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.ades.report import AdESIndeterminate
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.general import SigningError
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError, ValidationInfoReadingError
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from app.domain.errors import DeskError
from app.domain.signatures import (
    BROKEN,
    EXPIRED,
    REVOKED,
    SEVERITY,
    UNSIGNED,
    UNTRUSTED,
    VALID,
    SignatureCheck,
    check_message_key,
)

log = logging.getLogger(__name__)

_EXPIRED_INDICATIONS = {
    AdESIndeterminate.OUT_OF_BOUNDS_NO_POE,
    AdESIndeterminate.OUT_OF_BOUNDS_NOT_REVOKED,
    AdESIndeterminate.EXPIRED,
    AdESIndeterminate.NOT_YET_VALID,
}


@dataclass(frozen=True)
class TrustMaterial:
    """What the city's trust folder holds, sorted: self-signed roots, other certificates
    (intermediates, helping to build the chain, never trusted by themselves) and CRLs."""

    roots: tuple[asn1_x509.Certificate, ...] = ()
    others: tuple[asn1_x509.Certificate, ...] = ()
    crls: tuple[asn1_crl.CertificateList, ...] = ()


def _der_blocks(blob: bytes) -> list[tuple[str, bytes]]:
    if pem.detect(blob):
        return [(kind, der) for kind, _headers, der in pem.unarmor(blob, multiple=True)]
    return [("", blob)]


def trust_material(blobs: Sequence[bytes], names: Sequence[str] = ()) -> TrustMaterial:
    """Sort certificates (PEM, several per file allowed, or DER) and CRLs. A blob that is
    neither raises DeskError naming it (by ``names`` when given)."""
    roots: list[asn1_x509.Certificate] = []
    others: list[asn1_x509.Certificate] = []
    crls: list[asn1_crl.CertificateList] = []
    for i, blob in enumerate(blobs):
        name = names[i] if i < len(names) else f"#{i + 1}"
        try:
            for kind, der in _der_blocks(blob):
                if "CRL" in kind:
                    crls.append(_load_crl(der))
                    continue
                try:
                    cert = asn1_x509.Certificate.load(der)
                    cert.native  # noqa: B018 - parses it fully: a CRL fails here
                except ValueError:
                    crls.append(_load_crl(der))
                    continue
                (roots if cert.self_issued else others).append(cert)
        except ValueError as err:
            raise DeskError("signature.trust_unreadable", name=name) from err
    return TrustMaterial(tuple(roots), tuple(others), tuple(crls))


def _load_crl(der: bytes) -> asn1_crl.CertificateList:
    crl = asn1_crl.CertificateList.load(der)
    crl.native  # noqa: B018 - parses it fully, raising ValueError when it is not one
    return crl


def _common_name(status: PdfSignatureStatus) -> str | None:
    cert = status.signing_cert
    if cert is None:
        return None
    native = cert.subject.native
    cn = native.get("common_name")
    return str(cn) if cn else cert.subject.human_friendly


def _state(status: PdfSignatureStatus, *, last: bool) -> str:
    if not (status.intact and status.valid):
        return BROKEN
    if (
        last
        and status.coverage != SignatureCoverageLevel.ENTIRE_FILE
        # validation data (DSS, document timestamps) added after signing changes nothing
        and status.modification_level != ModificationLevel.LTA_UPDATES
    ):
        return BROKEN
    if not last and not status.docmdp_ok:
        return BROKEN
    if status.revoked:
        return REVOKED
    if status.trusted:
        return VALID
    if status.trust_problem_indic in _EXPIRED_INDICATIONS:
        return EXPIRED
    return UNTRUSTED


def check_pdf_signatures(
    data: bytes,
    trust_roots: Sequence[bytes] | None = None,
    *,
    at: datetime | None = None,
    name: str = "PDF",
) -> SignatureCheck:
    """The verdict on every signature of the PDF ``data``.

    ``trust_roots``: certificates (PEM or DER; self-signed ones are the roots, the others
    help build chains) and CRLs (revocation), as :func:`trust_material` sorts them; None or
    empty trusts nobody. ``at``: the moment to validate at (default: now). Nothing is
    fetched from the network. An unreadable PDF raises DeskError("signature.unreadable")."""
    material = trust_material(trust_roots or ())
    moment = (at or datetime.now(UTC)).astimezone(UTC)
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except (PdfReadError, ValueError, KeyError, TypeError) as err:
        raise DeskError("signature.unreadable", name=name, detail=str(err)[:200]) from err
    if not embedded:
        return SignatureCheck(UNSIGNED, None, None, False, False, check_message_key(UNSIGNED))
    worst = VALID
    signer: str | None = None
    signed_at: datetime | None = None
    intact = True
    trusted = True
    for i, sig in enumerate(embedded):
        last = i == len(embedded) - 1
        vc = ValidationContext(
            trust_roots=list(material.roots),
            other_certs=list(material.others),
            crls=list(material.crls),
            allow_fetching=False,
            revocation_mode="soft-fail",
            moment=moment,
        )
        try:
            status = validate_pdf_signature(sig, vc)
        except (SignatureValidationError, ValidationInfoReadingError, ValueError) as err:
            log.info("signature %d of %s does not validate: %s", i, name, err)
            state, cn, when = BROKEN, None, None
            sig_intact = sig_trusted = False
        else:
            state = _state(status, last=last)
            cn, when = _common_name(status), status.signer_reported_dt
            sig_intact = state != BROKEN
            sig_trusted = state == VALID
        if SEVERITY[state] > SEVERITY[worst]:
            worst = state
        intact = intact and sig_intact
        trusted = trusted and sig_trusted
        if last:
            signer, signed_at = cn, when
        elif signer is None:
            signer = cn
    return SignatureCheck(
        worst, signer, signed_at, intact, trusted, check_message_key(worst), len(embedded)
    )


# --- signing -------------------------------------------------------------------------------


def _check_validity(cert: asn1_x509.Certificate, now: datetime) -> None:
    validity = cert["tbs_certificate"]["validity"]
    not_before = validity["not_before"].native
    not_after = validity["not_after"].native
    if not not_before <= now <= not_after:
        cn = cert.subject.native.get("common_name") or cert.subject.human_friendly
        raise DeskError("sign.cert_expired", signer=cn, until=f"{not_after:%d/%m/%Y}")


def _signature_meta() -> Any:
    from pyhanko.sign import fields, signers

    return signers.PdfSignatureMetadata(
        field_name=f"MotCuaSig-{secrets.token_hex(4)}",  # a new field, never an existing one
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
    )


def _sign_with(data: bytes, signer: Any) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    out = signers.sign_pdf(writer, _signature_meta(), signer=signer)
    return bytes(out.getbuffer())


def sign_with_pkcs12(data: bytes, blob: bytes, pin: str, *, now: datetime, name: str) -> bytes:
    """``data`` signed with the key of the PKCS#12 ``blob`` opened with ``pin``."""
    from pyhanko.sign import signers

    try:
        signer = signers.SimpleSigner.load_pkcs12_data(blob, (), passphrase=pin.encode())
    except (ValueError, TypeError) as err:
        raise DeskError("sign.p12_unreadable", name=name) from err
    if signer is None or signer.signing_cert is None:
        raise DeskError("sign.p12_unreadable", name=name)
    _check_validity(signer.signing_cert, now)
    try:
        return _sign_with(data, signer)
    except (PdfReadError, SigningError, ValueError) as err:
        raise DeskError("sign.failed", detail=str(err)[:200]) from err


def sign_with_pkcs11(
    data: bytes,
    library: str,
    slot: int,
    pin: str,
    *,
    now: datetime,
    progress: Callable[[str], None] | None = None,
) -> bytes:
    """``data`` signed with the (one) signing key of the token in ``slot`` (its position in
    the module's slot list) of the PKCS#11 module ``library``, logged in with ``pin``.

    The token's key and its certificate are matched by their common CKA_ID, as the CAs'
    tokens store them. Every token fault becomes a DeskError; nothing is returned then."""
    import pkcs11
    from pkcs11 import exceptions as p11e
    from pyhanko.sign import pkcs11 as hanko_p11

    where = {"slot": slot, "library": library}
    try:
        pkcs11.lib(library)  # loads the vendor's module (once per process)
    except (p11e.PKCS11Error, OSError) as err:
        raise DeskError("sign.module", library=library, detail=str(err)[:200]) from err
    try:
        session = hanko_p11.open_pkcs11_session(library, slot_no=slot, user_pin=pin)
    except (p11e.PinIncorrect, p11e.PinInvalid, p11e.PinLenRange) as err:
        raise DeskError("sign.pin_wrong") from err
    except p11e.PinLocked as err:
        raise DeskError("sign.pin_locked") from err
    except (
        p11e.TokenNotPresent,
        p11e.TokenNotRecognised,
        p11e.DeviceRemoved,
        p11e.SlotIDInvalid,
        p11e.NoSuchToken,
        p11e.DeviceError,
        p11e.GeneralError,
        p11e.UserPinNotInitialized,
    ) as err:
        raise DeskError("sign.token_absent", detail=type(err).__name__, **where) from err
    except p11e.PKCS11Error as err:
        # pyHanko's own "slot index too large" / "no token" (a subclass of python-pkcs11's)
        raise DeskError(
            "sign.token_absent", detail=str(err)[:200] or type(err).__name__, **where
        ) from err
    except (OSError, RuntimeError) as err:
        raise DeskError("sign.module", library=library, detail=str(err)[:200]) from err
    if progress is not None:
        progress("token-open")
    try:
        keys = list(
            session.get_objects(
                {
                    pkcs11.Attribute.CLASS: pkcs11.ObjectClass.PRIVATE_KEY,
                    pkcs11.Attribute.SIGN: True,
                }
            )
        )
        if not keys:
            raise DeskError("sign.no_key", detail="no private key")
        key_id = keys[0][pkcs11.Attribute.ID]
        signer = hanko_p11.PKCS11Signer(session, key_id=key_id, cert_id=key_id)
        cert = signer.signing_cert
        if cert is None:
            raise DeskError("sign.no_key", detail="no certificate")
        _check_validity(cert, now)
        if progress is not None:
            progress("signing")
        return _sign_with(data, signer)
    except DeskError:
        raise
    except (PdfReadError, SigningError, ValueError) as err:
        raise DeskError("sign.failed", detail=str(err)[:200]) from err
    except (
        p11e.DeviceRemoved,
        p11e.TokenNotPresent,
        p11e.SessionHandleInvalid,
        p11e.SessionClosed,
        p11e.DeviceError,
        p11e.GeneralError,
        p11e.FunctionFailed,
        p11e.ObjectHandleInvalid,
        p11e.KeyHandleInvalid,
    ) as err:
        raise DeskError("sign.token_lost", detail=type(err).__name__) from err
    except p11e.PKCS11Error as err:
        # pyHanko says "Could not find certificate ..." through this base class too.
        raise DeskError("sign.no_key", detail=str(err)[:200] or type(err).__name__) from err
    finally:
        try:
            session.close()
        except p11e.PKCS11Error:
            log.info("the token's session did not close cleanly (token gone?)")
