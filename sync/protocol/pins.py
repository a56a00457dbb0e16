"""Supervisor PIN hashes: made at the central office, checked on the kiosk.

PBKDF2-SHA256 from the standard library, so a kiosk needs no extra native package; the
format carries its own parameters: ``<algorithm>$<iterations>$<salt hex>$<hash hex>``.

A 4-digit PIN has 10,000 values, so a hash alone is cracked in seconds by whoever reads it (the
retained config, a stolen Pi's SQLite). The site's pepper, a secret written once per site by
the office and carried to its stations in their provisioning bundle (never to the broker), is
mixed in with HMAC first: without it a hash is useless (docs/security.md). Hashes made with no
pepper keep the old algorithm name and still verify, so a site is never locked out while its
PINs are set again.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets

ALGORITHM = "pbkdf2_sha256"
PEPPERED = "pbkdf2_sha256_pepper"
ITERATIONS = 200_000


def _secret(pin: str, pepper: bytes) -> bytes:
    return hmac.new(pepper, pin.encode(), hashlib.sha256).digest() if pepper else pin.encode()


def hash_pin(pin: str, pepper: bytes, *, salt: bytes | None = None, iterations: int = ITERATIONS) -> str:
    """The hash of `pin` under the site's `pepper` (b"": none, the old unpeppered format)."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", _secret(pin, pepper), salt, iterations)
    return f"{PEPPERED if pepper else ALGORITHM}${iterations}${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, encoded: str, pepper: bytes) -> bool:
    """True when `pin` matches `encoded` under `pepper`; a malformed hash never matches, nor does a
    peppered one without the pepper."""
    try:
        algorithm, iterations, salt, expected = encoded.split("$")
        if algorithm == ALGORITHM:
            pepper = b""
        elif algorithm != PEPPERED or not pepper:
            return False
        digest = hashlib.pbkdf2_hmac("sha256", _secret(pin, pepper), bytes.fromhex(salt), int(iterations))
    except ValueError:
        return False
    return hmac.compare_digest(digest.hex(), expected)


def read_pepper(path: str | os.PathLike[str] | None) -> bytes:
    """The pepper in the file at `path` (its first line); b"" when no file is configured."""
    if not path:
        return b""
    with open(path, encoding="utf-8") as file:
        return file.readline().strip().encode()
