"""Where the device token lives: the operating system's keyring, never a file or a log.

The backend is keyring's own choice (``PYTHON_KEYRING_BACKEND`` is honoured). Where none is
usable (the "fail" backend, the "null" one, or a backend that errors), storing stops with a
clear message and nothing is kept. A backend that keeps secrets in a clear-text file
(keyrings.alt's PlaintextKeyring) is no OS keyring: it is refused unless the user named a
backend explicitly (``PYTHON_KEYRING_BACKEND`` or keyring's own configuration file)."""

from __future__ import annotations

import os
from typing import Protocol

import keyring
import keyring.backend
import keyring.backends.chainer
import keyring.backends.fail
import keyring.backends.null
import keyring.core
import keyring.errors

from app.domain.errors import DeskError

SERVICE = "motcua-desk"


class TokenStore(Protocol):
    """The device token per key: the hub URL and the counter's device uid
    (app.services.identity.token_key), so two data folders never share one."""

    def check_usable(self) -> None:
        """Raise DeskError("sync.no_keyring") when a token could not be kept."""

    def get(self, hub_url: str) -> str | None: ...

    def put(self, hub_url: str, token: str) -> None: ...

    def forget(self, hub_url: str) -> None: ...


_UNUSABLE = (keyring.backends.fail.Keyring, keyring.backends.null.Keyring)


def _writer(backend: keyring.backend.KeyringBackend) -> keyring.backend.KeyringBackend:
    """The backend a token would land in: a chainer writes to its first backend."""
    if isinstance(backend, keyring.backends.chainer.ChainerBackend):
        chained = list(backend.backends)
        return chained[0] if chained else backend
    return backend


def stores_in_clear(backend: keyring.backend.KeyringBackend) -> bool:
    """keyrings.alt's clear-text file backends (``file.PlaintextKeyring``,
    ``pyfs.PlaintextKeyring``): the secret is readable by anyone who copies the file."""
    for cls in type(backend).__mro__:
        if cls.__module__.startswith("keyrings.alt") and "Plaintext" in cls.__name__:
            return True
    return False


def named_by_user() -> bool:
    """The user chose the backend: ``PYTHON_KEYRING_BACKEND`` or a keyringrc.cfg."""
    if os.environ.get("PYTHON_KEYRING_BACKEND"):
        return True
    try:
        return keyring.core.load_config() is not None
    except Exception:  # a broken config file is keyring's to report, not a choice
        return False


class KeyringTokenStore:
    """The token in the OS keyring: service "motcua-desk", user name = the key (the hub URL
    and the counter's device uid; the hub URL alone for an entry of before)."""

    def check_usable(self) -> None:
        backend = _writer(keyring.get_keyring())
        name = type(backend).__module__ + "." + type(backend).__name__
        if isinstance(backend, _UNUSABLE):
            raise DeskError("sync.no_keyring", detail=name)
        if stores_in_clear(backend) and not named_by_user():
            raise DeskError("sync.plaintext_keyring", backend=name)

    def get(self, hub_url: str) -> str | None:
        try:
            return keyring.get_password(SERVICE, hub_url)
        except keyring.errors.KeyringError as exc:
            raise DeskError("sync.no_keyring", detail=type(exc).__name__) from None

    def put(self, hub_url: str, token: str) -> None:
        self.check_usable()
        try:
            keyring.set_password(SERVICE, hub_url, token)
            kept = keyring.get_password(SERVICE, hub_url) == token
        except keyring.errors.KeyringError as exc:
            # The message of a backend error is shown, never the token (it is not in it).
            raise DeskError("sync.no_keyring", detail=type(exc).__name__) from None
        if not kept:
            self.forget(hub_url)
            raise DeskError("sync.no_keyring", detail="the keyring did not keep the token")

    def forget(self, hub_url: str) -> None:
        try:
            keyring.delete_password(SERVICE, hub_url)
        except keyring.errors.KeyringError:
            pass
