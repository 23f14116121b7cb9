"""PIN hashing with scrypt (a slow, memory-hard KDF): PINs are never stored in plain text."""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from shared.domain import AntreanError

# n=2**14, r=8 costs ~16 MiB and tens of milliseconds per check: cheap for a login,
# expensive for guessing every 6-digit PIN offline.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
MIN_LEN, MAX_LEN = 4, 12


def check_pin_format(pin: str) -> None:
    if not (pin.isdigit() and MIN_LEN <= len(pin) <= MAX_LEN):
        raise AntreanError(f"PIN harus {MIN_LEN}–{MAX_LEN} angka",
                           f"A PIN must be {MIN_LEN}–{MAX_LEN} digits")


def hash_pin(pin: str) -> str:
    check_pin_format(pin)
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    b64 = lambda b: base64.b64encode(b).decode()  # noqa: E731
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${b64(salt)}${b64(digest)}"


def verify_pin(pin: str, stored: str | None) -> bool:
    if not stored:
        return False
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expect = base64.b64decode(digest)
        got = hashlib.scrypt(pin.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r),
                             p=int(p), dklen=len(expect))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expect)
