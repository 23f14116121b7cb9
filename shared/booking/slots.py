"""The slots of a service on a local day: laid inside its issuing hours (weekday hours, breaks,
date overrides; none on a holiday), each `slot_minutes` long; and the rules of booking one (cut-off,
how far ahead, the share of the daily quota held for bookings)."""
from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta

from shared.booking import texts
from shared.config import BookingConfig, OfficeConfig, ServiceConfig
from shared.domain import BookingRefused
from shared.hours import windows_on

Slot = tuple[datetime, datetime]     # aware, office zone


def slot_times(config: OfficeConfig, svc: ServiceConfig, day: date) -> list[Slot]:
    """Every slot of the day in order; [] on a holiday, a closed day or without [services.booking].
    A slot lies wholly inside one window: a break never cuts one in two."""
    b = svc.booking
    if b is None or not svc.active or day in config.holidays:
        return []
    tz = config.tz
    step = timedelta(minutes=b.slot_minutes)
    out: list[Slot] = []
    for start_t, end_t in windows_on(svc, day):
        start = datetime.combine(day, start_t, tzinfo=tz)
        end = (datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz) if end_t == time.max
               else datetime.combine(day, end_t, tzinfo=tz))
        while start + step <= end:
            out.append((start, start + step))
            start += step
    return out


def booking_share(svc: ServiceConfig) -> int | None:
    """Places of the daily quota held for bookings, rounded down (30% of a quota of 2 holds none:
    walk-ins keep the whole quota); None: no quota, only the slots' capacity caps bookings."""
    if svc.booking is None or svc.daily_quota is None:
        return None
    return math.floor(svc.daily_quota * svc.booking.share + 1e-9)


def closes_at(b: BookingConfig, slot_start: datetime) -> datetime:
    """The last moment a slot can still be booked."""
    return slot_start - timedelta(minutes=b.cutoff_minutes)


def last_day(b: BookingConfig, today: date) -> date:
    return today + timedelta(days=b.days_ahead)


def booking_open_today(config: OfficeConfig, svc: ServiceConfig, now: datetime) -> bool:
    """Whether any slot of today can still be booked (before its cut-off): while so, the whole
    booked share of the quota is held; after, what was not booked goes to walk-ins."""
    slots = slot_times(config, svc, now.astimezone(config.tz).date())
    return bool(slots) and now < closes_at(svc.booking, slots[-1][0])


def find_slot(config: OfficeConfig, svc: ServiceConfig, start: datetime, now: datetime) -> Slot:
    """The slot beginning at `start`, if it may be booked now (capacity aside). Raises
    BookingRefused closed_day | no_slot | too_far | past_cutoff."""
    b = svc.booking
    if start.tzinfo is None:
        raise BookingRefused("Waktu slot harus menyertakan zona waktu",
                             "The slot time must carry a time zone", reason="no_slot")
    local = start.astimezone(config.tz)
    today = now.astimezone(config.tz).date()
    day = local.date()
    if day < today:
        raise texts.past_cutoff(svc, local, config)
    if day > last_day(b, today):
        raise texts.too_far(svc, b.days_ahead, last_day(b, today), config)
    slots = slot_times(config, svc, day)
    if not slots:
        raise texts.closed_day(svc, day, config)
    for s, e in slots:
        if s == local:
            if now >= closes_at(b, s):
                raise texts.past_cutoff(svc, s, config)
            return s, e
    raise BookingRefused(
        f"Pukul {local:%H.%M} bukan awal slot {svc.name} pada hari itu",
        f"{local:%H:%M} is not the start of a {svc.name_en} slot that day",
        reason="no_slot", service=svc.code)
