"""Real PKCS#11 tokens for the tests: SoftHSM2 (Debian ``softhsm2``) with its own token
folder under a temporary directory, each token holding a key and a certificate made by the
test CA, imported with ``softhsm2-util`` and ``pkcs11-tool`` (OpenSC) as a CA loads a USB
token. SoftHSM reads its configuration once per process, so every token of a test run lives
in one token folder; each token is a sub-folder there, and deleting it pulls that token out."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.helpers.pki import Issued

MODULE = Path("/usr/lib/softhsm/libsofthsm2.so")
SO_PIN = "12345678"


@dataclass(frozen=True)
class Token:
    slot: int  # position in the module's slot list
    label: str
    folder: Path  # this token's own folder in the token directory


@dataclass(frozen=True)
class SoftHsm:
    conf: Path  # the SOFTHSM2_CONF of these tokens
    pin: str
    tokens: tuple[Token, ...]

    def env(self, base: dict[str, str]) -> dict[str, str]:
        return {**base, "SOFTHSM2_CONF": str(self.conf)}


def make_tokens(folder: Path, holders: list[tuple[str, Issued]], *, pin: str) -> SoftHsm:
    """One token per (label, holder), in this order of slots, each with the holder's key
    and certificate under CKA_ID 01."""
    tokendir = folder / "tokens"
    tokendir.mkdir(parents=True)
    conf = folder / "softhsm2.conf"
    conf.write_text(
        f"directories.tokendir = {tokendir}\nobjectstore.backend = file\nlog.level = ERROR\n"
    )
    env = {"SOFTHSM2_CONF": str(conf), "PATH": "/usr/bin:/bin"}

    def run(*args: str) -> None:
        subprocess.run(args, env=env, check=True, capture_output=True, timeout=60)

    made: list[tuple[str, Path]] = []
    for label, holder in holders:
        before = set(tokendir.iterdir())
        run("softhsm2-util", "--init-token", "--free", "--label", label, "--pin", pin,
            "--so-pin", SO_PIN)  # fmt: skip
        (own,) = set(tokendir.iterdir()) - before
        key = folder / "key.pem"
        key.write_bytes(holder.key_pem())
        run("softhsm2-util", "--import", str(key), "--token", label, "--label", "signer",
            "--id", "01", "--pin", pin)  # fmt: skip
        key.unlink()
        cert = folder / "cert.der"
        cert.write_bytes(holder.der)
        run("pkcs11-tool", "--module", str(MODULE), "--token-label", label, "--login",
            "--pin", pin, "--write-object", str(cert), "--type", "cert", "--id", "01",
            "--label", "signer")  # fmt: skip
        made.append((label, own))
    # SoftHSM orders its slots by their ids (drawn from each token's folder name): ask it.
    listing = subprocess.run(
        ["pkcs11-tool", "--module", str(MODULE), "-L"],
        env=env, check=True, capture_output=True, text=True, timeout=60,
    ).stdout  # fmt: skip
    position: dict[str, int] = {}
    current = -1
    for line in listing.splitlines():
        if m := re.match(r"Slot (\d+) ", line):
            current = int(m[1])
        elif m := re.match(r"\s+token label\s+:\s+(.*\S)", line):
            position[m[1]] = current
    return SoftHsm(conf, pin, tuple(Token(position[lb], lb, own) for lb, own in made))
