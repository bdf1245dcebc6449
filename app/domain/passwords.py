"""Password hashes (scrypt) and their check: pure, no database.

Apart from app.services.users so that the start of the app can check the password (0.4 s
of scrypt at N=2^17, the interpreter left free) while the core still loads."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass, field

# scrypt's r and p; N is the context's password_work (2^17 in production: 128 MiB, ~0.4 s).
SCRYPT_R, SCRYPT_P = 8, 1


def _maxmem(n: int, r: int) -> int:
    return 128 * r * n + 32 * 1024 * 1024  # scrypt needs 128*r*N bytes, plus headroom


def hash_password(password: str, *, n: int) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(
        password.encode("utf-8"),
        salt=salt,
        n=n,
        r=SCRYPT_R,
        p=SCRYPT_P,
        maxmem=_maxmem(n, SCRYPT_R),
        dklen=32,
    )
    return f"scrypt${n}${SCRYPT_R}${SCRYPT_P}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt_b64, digest_b64 = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt" or int(n) > 2**20:
        return False
    digest = hashlib.scrypt(
        password.encode("utf-8"),
        salt=base64.b64decode(salt_b64),
        n=int(n),
        r=int(r),
        p=int(p),
        maxmem=_maxmem(int(n), int(r)),
        dklen=32,
    )
    return hmac.compare_digest(digest, base64.b64decode(digest_b64))


def needs_rehash(stored: str, *, n: int) -> bool:
    """A hash made with less work than ``n`` (e.g. the old N=2^14) is replaced at log-in."""
    try:
        scheme, stored_n, r, p, _salt, _digest = stored.split("$")
        return scheme != "scrypt" or int(stored_n) < n or (int(r), int(p)) != (SCRYPT_R, SCRYPT_P)
    except ValueError:
        return True


@dataclass(frozen=True)
class PasswordCheck:
    """A password checked ahead of the log-in against the hash stored for ``username``.

    The log-in uses ``ok`` only while the account still has exactly ``stored_hash``
    (otherwise it checks again); lock-out, disabled accounts and the audit are the log-in's
    as always."""

    username: str  # as the log-in looks it up (stripped, lower case)
    password: str = field(repr=False)
    stored_hash: str = field(repr=False)
    ok: bool = False

    def answers(self, username: str, password: str, stored_hash: str) -> bool:
        """This check is of this password against this very hash."""
        return (
            self.username == username
            and hmac.compare_digest(self.password.encode("utf-8"), password.encode("utf-8"))
            and hmac.compare_digest(self.stored_hash, stored_hash)
        )
