"""PINs of register users, stored only as scrypt hashes.

>>> stored = hash_pin("2567")
>>> stored.startswith("scrypt$"), check_pin("2567", stored), check_pin("0000", stored)
(True, True, False)
"""

from __future__ import annotations

import hashlib
import hmac
import os

from docengine.errors import DocengineError

# scrypt cost: 2**14 × 8 × 1 ≈ 16 MB and tens of milliseconds per check.
N, R, P = 2 ** 14, 8, 1
MIN_LENGTH = 4


def check_pin_format(pin: str) -> str:
    if not pin or len(pin) < MIN_LENGTH or len(pin) > 128:
        raise DocengineError(f"a PIN has {MIN_LENGTH} to 128 characters",
                             f"รหัส PIN ต้องมี {MIN_LENGTH} ถึง 128 ตัวอักษร")
    return pin


def hash_pin(pin: str) -> str:
    """``scrypt$N$r$p$salt$hash`` (hex) of ``pin`` with a fresh random salt."""
    check_pin_format(pin)
    salt = os.urandom(16)
    digest = hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=N, r=R, p=P, dklen=32)
    return f"scrypt${N}${R}${P}${salt.hex()}${digest.hex()}"


def check_pin(pin: str, stored: str) -> bool:
    """True when ``pin`` is the one ``stored`` was made from (constant-time comparison)."""
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        got = hashlib.scrypt(pin.encode("utf-8"), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p),
                             dklen=len(digest) // 2)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got.hex(), digest)
