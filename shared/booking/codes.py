"""Booking codes: 8 characters with no look-alikes (0/O, 1/I/L), shown as "K7Q4-M2XA"."""
from __future__ import annotations

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"   # 31 symbols: 31^8 ≈ 8.5 × 10^11 codes
LENGTH = 8
_CODE_RE = re.compile(f"^[{ALPHABET}]{{{LENGTH}}}$")
_SEPARATORS = re.compile(r"[\s\-_.]+")


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def display_code(code: str) -> str:
    """'K7Q4M2XA' → 'K7Q4-M2XA' (easier to read aloud and to type)."""
    return f"{code[:4]}-{code[4:]}" if len(code) == LENGTH else code


def parse_scanned(text: str) -> str | None:
    """What a USB scanner or a person typed → the 8-character code, or None.

    Accepts the bare code, with dash, spaces or lower case, and a URL ending in the code (the
    booking QR holds `{base}/booking/K7Q4M2XA`; a scanner may add a trailing Enter)."""
    if not isinstance(text, str):
        return None
    text = text.strip()
    if "/" in text:
        text = re.split(r"[?#]", text, maxsplit=1)[0].rstrip("/")
        text = text.rsplit("/", 1)[-1]
    text = _SEPARATORS.sub("", text).upper()
    return text if _CODE_RE.match(text) else None


def booking_url(status_base_url: str, code: str) -> str:
    """What the booking's QR holds: the phone page of that booking on the office's public base
    (`office.status_base_url` without its `/t/`), e.g. http://host:8080/booking/K7Q4M2XA — the
    same QR opens the booking on a phone and checks in at the kiosk (`parse_scanned`)."""
    base = status_base_url.rstrip("/")
    if base.endswith("/t"):
        base = base[:-2]
    return f"{base}/booking/{code}"
