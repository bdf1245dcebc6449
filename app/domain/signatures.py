"""What a signature check says about a PDF, and where a signing key lives: plain values,
no cryptography here (that is app/files/signatures.py, through pyHanko)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.domain.dossier import VN_TZ
from app.domain.messages import MESSAGES

#: The states of a check, from the best to the worst a clerk must stop at.
VALID = "valid"
UNSIGNED = "unsigned"
BROKEN = "broken"
UNTRUSTED = "untrusted"
EXPIRED = "expired"
REVOKED = "revoked"
STATES = (VALID, UNSIGNED, BROKEN, UNTRUSTED, EXPIRED, REVOKED)
#: When a file carries several signatures, the worst state wins, in this order.
SEVERITY = {VALID: 0, UNTRUSTED: 1, EXPIRED: 2, REVOKED: 3, BROKEN: 4}


@dataclass(frozen=True)
class SignatureCheck:
    """The verdict on the signatures of one PDF.

    ``signer`` and ``signed_at`` are those of the last signature (the one that must cover
    the whole file); ``intact`` says the document is unchanged since every signature and
    the last one covers the whole file; ``trusted`` says every signer chains to a trust
    root of the city and none is expired or revoked. ``message_key`` names the sentence of
    the message catalogue the clerk sees (:meth:`message`)."""

    state: str
    signer: str | None
    signed_at: datetime | None
    intact: bool
    trusted: bool
    message_key: str
    signatures: int = 0

    @property
    def ok(self) -> bool:
        return self.state == VALID

    def message(self, lang: str = "vi") -> str:
        vi, en = MESSAGES[self.message_key]
        when = f"{self.signed_at.astimezone(VN_TZ):%d/%m/%Y %H:%M}" if self.signed_at else "?"
        return (vi if lang == "vi" else en).format(signer=self.signer or "?", signed_at=when)

    def as_dict(self) -> dict[str, object]:
        return {
            "state": self.state,
            "ok": self.ok,
            "signer": self.signer,
            "signed_at": self.signed_at.isoformat() if self.signed_at else None,
            "intact": self.intact,
            "trusted": self.trusted,
            "signatures": self.signatures,
            "message_key": self.message_key,
            "message": self.message("vi"),
            "message_en": self.message("en"),
        }


def check_message_key(state: str) -> str:
    return f"signature.{state}"


@dataclass(frozen=True)
class Pkcs12Source:
    """A key and its certificate in a PKCS#12 file (.p12 / .pfx), opened with the PIN."""

    path: Path


@dataclass(frozen=True)
class Pkcs11Source:
    """A key on a PKCS#11 token (the USB tokens of Vietnamese CAs): the module (the
    vendor's .so / .dll) and the slot's position in the module's list (0 = the first)."""

    library: Path
    slot: int


SignerSpec = Pkcs12Source | Pkcs11Source
