"""The password checked before the database is open: the start of the app runs scrypt
(0.4 s at N=2^17, the interpreter left free) while the core and the window's data load.

Only the stored hash is read here, with plain sqlite3; the log-in itself (lock-out,
disabled accounts, the audit, the re-hash) stays app.services.users.log_in, which takes
this check only while the account still has that very hash."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.domain.passwords import PasswordCheck, verify_password
from app.store.schema import DB_FILENAME, stored_password_hash


def check_password_early(data_dir: Path, username: str, password: str) -> PasswordCheck | None:
    """The check of ``password`` against the hash stored for ``username``; None when it
    cannot be made yet (no database, no such account, a file that does not read): the
    log-in then checks as always."""
    name = username.strip().lower()
    try:
        stored = stored_password_hash(Path(data_dir) / DB_FILENAME, name)
    except sqlite3.Error:
        return None
    if stored is None:
        return None
    try:
        ok = verify_password(password, stored)
    except ValueError:  # a malformed hash: the log-in meets it and says so
        return None
    return PasswordCheck(name, password, stored, ok)
