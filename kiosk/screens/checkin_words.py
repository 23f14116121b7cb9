"""What the kiosk says about a booking at check-in: the line on the ticket and the refusals —
a title, what happened (with the booked time, the opening time or the ticket number) and what to
do next — in Indonesian and English. No Qt here, so the words are tested on their own."""
from __future__ import annotations

from datetime import datetime, timedelta

from shared.indonesian import format_date, format_time, zone_abbreviation

Pair = tuple[str, str]

TITLES: dict[str, Pair] = {
    "too_early": ("Terlalu awal untuk check-in", "Too early to check in"),
    "too_late": ("Waktu check-in sudah lewat", "The check-in time has passed"),
    "wrong_day": ("Booking Anda bukan untuk hari ini", "Your booking is not for today"),
    "cancelled": ("Booking ini sudah dibatalkan", "This booking has been cancelled"),
    "already": ("Booking ini sudah check-in", "This booking is already checked in"),
    "no_show": ("Waktu booking ini sudah habis", "This booking has expired"),
    "unknown": ("Kode booking tidak dikenali", "Booking code not recognised"),
    "offline": ("Tidak terhubung ke server", "Not connected to the server"),
}

NEXT: dict[str, Pair] = {
    "too_early": ("Silakan kembali ke anjungan ini mulai pukul {opens} {zone}, atau ambil nomor "
                  "antrean biasa sekarang.",
                  "Please come back to this kiosk from {opens} {zone}, or take a regular queue "
                  "number now."),
    "too_late": ("Silakan ambil nomor antrean biasa, atau pesan waktu lain dari ponsel Anda.",
                 "Please take a regular queue number, or book another time on your phone."),
    "wrong_day": ("Silakan datang pada hari booking Anda, atau ambil nomor antrean biasa hari ini.",
                  "Please come on the day you booked, or take a regular queue number today."),
    "cancelled": ("Silakan ambil nomor antrean biasa, atau pesan lagi dari ponsel Anda.",
                  "Please take a regular queue number, or book again on your phone."),
    "already": ("Silakan tunggu sampai nomor {ticket} dipanggil. Struk hilang? Silakan hubungi "
                "petugas.",
                "Please wait until number {ticket} is called. Lost the slip? Please ask an "
                "officer."),
    "no_show": ("Silakan ambil nomor antrean biasa, atau pesan waktu lain dari ponsel Anda.",
                "Please take a regular queue number, or book another time on your phone."),
    "unknown": ("Periksa lagi kode pada pesan booking Anda (contoh: K7Q4-M2XA). Jika tetap gagal, "
                "silakan ambil nomor antrean biasa atau hubungi petugas.",
                "Check the code in your booking message (for example: K7Q4-M2XA). If it still "
                "fails, please take a regular queue number or ask an officer."),
    "offline": ("Silakan coba lagi sebentar lagi, atau hubungi petugas.",
                "Please try again in a moment, or ask an officer."),
}


def show_code(code: str) -> str:
    """'K7Q4M2XA' → 'K7Q4-M2XA', as printed and as the visitor reads it."""
    code = (code or "").replace("-", "").upper()
    return f"{code[:4]}-{code[4:]}" if len(code) == 8 else code


def _when(booking, tz, lang: str) -> str:
    """'Senin, 23 November 2026 pukul 09.30 WIB' — the booked slot in the office's zone."""
    local = booking.slot_start.astimezone(tz)
    word = "at" if lang == "en" else "pukul"
    return f"{format_date(local, lang)} {word} {format_time(local, lang)} {_zone(tz)}"


def _zone(tz) -> str:
    return zone_abbreviation(getattr(tz, "key", "") or str(tz))


def booking_line(booking, tz, lang: str) -> str:
    """The ticket screen's line: 'Booking K7Q4-M2XA · slot 09.30 WIB'."""
    slot = format_time(booking.slot_start.astimezone(tz), lang)
    return f"Booking {show_code(booking.code)} · slot {slot} {_zone(tz)}"


def refusal_texts(reason: str, booking=None, opens_at: datetime | None = None, *, tz,
                  service_names: dict[str, Pair] | None = None, late_minutes: int | None = None,
                  code: str = "", message: Pair = ("", "")) -> tuple[Pair, Pair, Pair]:
    """(title, what happened, what to do next), each (id, en), for a refused check-in.

    `booking` and `opens_at` are those of `CheckInRefused`; `late_minutes` (the service's
    [services.booking] setting) names when check-in closed; `message` is the store's own words,
    used for a reason this kiosk does not know."""
    names = service_names or {}
    if reason not in TITLES:
        return (("Check-in belum dapat dilakukan", "Check-in is not possible"), message,
                NEXT["unknown"])
    zone = _zone(tz)
    fmt_id: dict[str, str] = {"zone": zone, "ticket": "", "opens": ""}
    fmt_en = dict(fmt_id)
    text: Pair = ("", "")
    if booking is not None:
        name_id, name_en = names.get(booking.service, (booking.service, booking.service))
        shown = show_code(booking.code)
        text = (f"Booking {shown}: {name_id}, {_when(booking, tz, 'id')}.",
                f"Booking {shown}: {name_en}, {_when(booking, tz, 'en')}.")
        ticket = booking.ticket_code or ""
        fmt_id["ticket"] = fmt_en["ticket"] = ticket
        if reason == "already" and ticket:
            text = (f"{text[0]} Nomor antrean Anda: {ticket}.",
                    f"{text[1]} Your queue number: {ticket}.")
        if reason in ("too_late", "no_show") and late_minutes is not None:
            closed = (booking.slot_start + timedelta(minutes=late_minutes)).astimezone(tz)
            text = (f"{text[0]} Check-in ditutup pukul {format_time(closed, 'id')} {zone}.",
                    f"{text[1]} Check-in closed at {format_time(closed, 'en')} {zone}.")
    elif reason == "unknown" and code:
        text = (f"Kode {show_code(code)} tidak ada dalam daftar booking.",
                f"Code {show_code(code)} is not in the list of bookings.")
    elif any(message):
        text = message
    if opens_at is not None:
        local = opens_at.astimezone(tz)
        fmt_id["opens"], fmt_en["opens"] = format_time(local, "id"), format_time(local, "en")
        opens = (f"Check-in dibuka pukul {fmt_id['opens']} {zone}.",
                 f"Check-in opens at {fmt_en['opens']} {zone}.")
        text = (f"{text[0]} {opens[0]}".strip(), f"{text[1]} {opens[1]}".strip())
    next_id, next_en = NEXT[reason]
    if reason == "too_early" and opens_at is None:
        next_id, next_en = NEXT["wrong_day"]
    if reason == "already" and not fmt_id["ticket"]:
        next_id, next_en = ("Silakan tunggu panggilan nomor antrean Anda.",
                            "Please wait for your queue number to be called.")
    return (TITLES[reason], text, (next_id.format(**fmt_id), next_en.format(**fmt_en)))
