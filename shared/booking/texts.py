"""What a refused booking or check-in says, in Indonesian and English: the kiosk shows these as
they are ("Terlalu awal — check-in dibuka pukul 09.30 WIB"), the phone page too."""
from __future__ import annotations

from datetime import date, datetime

from shared.config import OfficeConfig, ServiceConfig
from shared.domain import Booking, BookingRefused, CheckInRefused
from shared.indonesian import format_date, format_time, zone_abbreviation


def _when(config: OfficeConfig, at: datetime, lang: str) -> str:
    local = at.astimezone(config.tz)
    return f"{format_time(local, lang)} {zone_abbreviation(config.timezone)}"


def _day(config: OfficeConfig, d: date, lang: str) -> str:
    return format_date(d, lang)


def past_cutoff(svc: ServiceConfig, start: datetime, config: OfficeConfig) -> BookingRefused:
    m = svc.booking.cutoff_minutes
    return BookingRefused(
        f"Slot {_when(config, start, 'id')} {svc.name} sudah ditutup (pemesanan ditutup {m} "
        "menit sebelum slot): pilih jam lain",
        f"The {_when(config, start, 'en')} slot of {svc.name_en} is closed (booking closes {m} "
        "minutes before the slot): pick another time", reason="past_cutoff", service=svc.code)


def too_far(svc: ServiceConfig, days: int, last: date, config: OfficeConfig) -> BookingRefused:
    return BookingRefused(
        f"{svc.name} dapat dipesan paling jauh {days} hari ke depan (sampai "
        f"{_day(config, last, 'id')})",
        f"{svc.name_en} can be booked at most {days} days ahead (until "
        f"{_day(config, last, 'en')})", reason="too_far", service=svc.code)


def closed_day(svc: ServiceConfig, d: date, config: OfficeConfig) -> BookingRefused:
    why_id, why_en = ("libur: " + config.holidays[d], "a holiday: " + config.holidays[d]) \
        if d in config.holidays else ("tidak ada layanan", "no service")
    return BookingRefused(
        f"{_day(config, d, 'id')} {why_id} — {svc.name} tidak dapat dipesan hari itu",
        f"{_day(config, d, 'en')} is {why_en} — {svc.name_en} cannot be booked that day",
        reason="closed_day", service=svc.code, day=d.isoformat())


def full(svc: ServiceConfig, start: datetime, config: OfficeConfig, day_share: bool) -> BookingRefused:
    if day_share:
        return BookingRefused(
            f"Kuota antrean online {svc.name} pada hari itu sudah penuh: pilih hari lain",
            f"The online booking share of {svc.name_en} that day is full: pick another day",
            reason="full", service=svc.code)
    return BookingRefused(
        f"Slot {_when(config, start, 'id')} {svc.name} sudah penuh: pilih jam lain",
        f"The {_when(config, start, 'en')} slot of {svc.name_en} is full: pick another time",
        reason="full", service=svc.code)


def check_in_refusal(reason: str, b: Booking | None, config: OfficeConfig, *,
                     opens_at: datetime | None = None, closed_at: datetime | None = None
                     ) -> CheckInRefused:
    if reason == "unknown" or b is None:
        return CheckInRefused("Kode booking tidak dikenal: periksa lagi atau tanyakan petugas",
                              "Unknown booking code: check it or ask the staff", reason="unknown")
    svc = config.service(b.service)
    name_id, name_en = (svc.name, svc.name_en) if svc else (b.service, b.service)
    slot_id, slot_en = _when(config, b.slot_start, "id"), _when(config, b.slot_start, "en")
    texts = {
        "too_early": (f"Terlalu awal — check-in dibuka pukul {_when(config, opens_at, 'id')} "
                      f"(booking {name_id} pukul {slot_id})",
                      f"Too early — check-in opens at {_when(config, opens_at, 'en')} "
                      f"(your {name_en} booking is at {slot_en})") if opens_at else ("", ""),
        "too_late": (f"Terlambat — check-in booking pukul {slot_id} ditutup pukul "
                     f"{_when(config, closed_at, 'id')}. Silakan ambil nomor antrean biasa",
                     f"Too late — check-in for the {slot_en} booking closed at "
                     f"{_when(config, closed_at, 'en')}. Please take an ordinary number")
        if closed_at else ("", ""),
        "wrong_day": (f"Booking ini untuk {_day(config, b.business_day, 'id')} pukul {slot_id}, "
                      "bukan hari ini",
                      f"This booking is for {_day(config, b.business_day, 'en')} at {slot_en}, "
                      "not today"),
        "cancelled": ("Booking ini sudah dibatalkan", "This booking was cancelled"),
        "already": (f"Booking ini sudah check-in: nomor antrean {b.ticket_code}",
                    f"This booking is already checked in: queue number {b.ticket_code}"),
        "no_show": (f"Booking pukul {slot_id} sudah dilepas karena tidak check-in tepat waktu. "
                    "Silakan ambil nomor antrean biasa",
                    f"The {slot_en} booking was released: nobody checked in in time. "
                    "Please take an ordinary number"),
    }
    msg_id, msg_en = texts[reason]
    return CheckInRefused(msg_id, msg_en, reason=reason, booking=b, opens_at=opens_at,
                          code=b.code)
