"""Who booked: an Indonesian phone number or a NIK, checked, normalised, masked and hashed.

A NIK is never stored: the store keeps a keyed hash (HMAC-SHA256 with the office's own random
key) to enforce the per-person limits and to check the proof on cancel, and the masked form for
screens. A phone number is kept normalised (+62…) since offices call back.
"""
from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass

from shared.domain import BookingRefused

_STRIP = re.compile(r"[\s\-.()/]+")


@dataclass(frozen=True)
class Contact:
    kind: str          # phone | nik
    value: str         # +628123456789 or the 16 digits (kept in memory only for a NIK)
    masked: str

    def digest(self, key: bytes) -> str:
        return contact_hash(key, self.kind, self.value)


def normalise_phone(text: str) -> str:
    """08…, +62…, 62… or 8… (a mobile number) → '+628…'; else BookingRefused 'bad_phone'."""
    raw = _STRIP.sub("", text or "")
    digits = raw[1:] if raw.startswith("+") else raw
    if digits.isdigit():
        if digits.startswith("62"):
            national = digits[2:]
        elif digits.startswith("0"):
            national = digits[1:]
        else:
            national = digits
        # Indonesian mobile numbers: 08xx plus 7–9 more digits (10–13 digits with the 0)
        if national.startswith("8") and 9 <= len(national) <= 12:
            return "+62" + national
    raise BookingRefused(
        f"Nomor HP {text.strip()!r} tidak sah: tulis nomor ponsel seperti 0812 3456 7890 "
        "atau +62 812 3456 7890",
        f"Phone number {text.strip()!r} is not valid: write a mobile number like "
        "0812 3456 7890 or +62 812 3456 7890", reason="bad_phone", field="contact")


def validate_nik(text: str) -> str:
    """16 digits, with a plausible structure: province code, date of birth (day + 40 for
    women), a serial that is not 0000. Raises BookingRefused 'bad_nik' (never echoing it)."""
    nik = _STRIP.sub("", text or "")
    problem_id = problem_en = None
    if not (nik.isdigit() and len(nik) == 16):
        problem_id, problem_en = "harus 16 angka", "must be 16 digits"
    else:
        day, month = int(nik[6:8]), int(nik[8:10])
        if nik[0] == "0" or not (1 <= day <= 31 or 41 <= day <= 71) or not 1 <= month <= 12 \
                or nik[12:] == "0000":
            problem_id, problem_en = "tidak sesuai susunan NIK", "does not look like a NIK"
    if problem_id:
        raise BookingRefused(f"NIK {problem_id}: periksa lagi 16 angka pada KTP/KK",
                             f"NIK {problem_en}: check the 16 digits on the KTP/KK again",
                             reason="bad_nik", field="contact")
    return nik


def mask_phone(phone: str) -> str:
    """'+6281234567890' → '0812*****7890' (the first four and last four digits)."""
    local = "0" + phone[3:] if phone.startswith("+62") else phone
    return local[:4] + "*" * max(0, len(local) - 8) + local[-4:]


def mask_nik(nik: str) -> str:
    """'3174015708900001' → '3174********0001': never the full NIK on a screen."""
    return nik[:4] + "*" * 8 + nik[-4:]


def parse_contact(identity: str, text: str) -> Contact:
    """The contact a visitor gave, under the service's `identity` (phone | nik | either).
    With 'either', 16 digits without a '+' are a NIK, anything else a phone number."""
    raw = _STRIP.sub("", text or "")
    kind = identity
    if identity == "either":
        kind = "nik" if raw.isdigit() and len(raw) == 16 else "phone"
    if kind == "nik":
        nik = validate_nik(text)
        return Contact("nik", nik, mask_nik(nik))
    phone = normalise_phone(text)
    return Contact("phone", phone, mask_phone(phone))


def contact_hash(key: bytes, kind: str, value: str) -> str:
    return hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()
