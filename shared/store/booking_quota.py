"""The daily quota split between bookings and walk-ins: while today's slots can still be booked,
the booked share (`booking_share`) is held whole; once booking has closed for the day, only the
bookings still alive (checked in, or booked and inside their check-in window) hold places and the
rest goes back to walk-ins. Worked out from times in the same transaction as the issue, so it is
right with or without the periodic release of no-shows."""
from __future__ import annotations

from datetime import datetime, timedelta

from shared.booking.slots import booking_open_today, booking_share
from shared.clock import to_iso
from shared.config import OfficeConfig, ServiceConfig
from shared.domain import IssueRefused

__all__ = ["booking_share", "held_for_bookings", "walk_in_refusal", "walk_ins_left"]


def held_for_bookings(conn, config: OfficeConfig, svc: ServiceConfig, day: str,
                      now: datetime) -> int:
    share = booking_share(svc)
    if share is None:
        return 0
    if booking_open_today(config, svc, now):
        return share
    alive_after = to_iso(now - timedelta(minutes=svc.booking.late_minutes))
    alive = conn.execute(
        "SELECT COUNT(*) FROM bookings WHERE service = ? AND business_day = ? AND "
        "(status = 'checked_in' OR (status = 'booked' AND slot_start >= ?))",
        (svc.code, day, alive_after)).fetchone()[0]
    return min(share, alive)


def walk_ins_left(conn, config: OfficeConfig, svc: ServiceConfig, day: str, now: datetime,
                  numbered: int) -> int | None:
    """Walk-in numbers still to give today, `numbered` being how many numbers the day's sequence
    gave so far (walk-ins and check-ins alike); None when the service has no quota or no booking.
    The check-ins are counted from the day's bookings (a handful), never by scanning tickets."""
    if svc.booking is None or svc.daily_quota is None:
        return None
    checked_in = conn.execute(
        "SELECT COUNT(*) FROM bookings WHERE business_day = ? AND service = ? "
        "AND ticket_id IS NOT NULL", (day, svc.code)).fetchone()[0]
    return svc.daily_quota - held_for_bookings(conn, config, svc, day, now) - \
        (numbered - checked_in)


def walk_in_refusal(svc: ServiceConfig, walk_in_part: int) -> IssueRefused:
    return IssueRefused(
        f"Kuota pengunjung langsung {svc.name} hari ini ({walk_in_part}) sudah habis; sisanya "
        "untuk antrean online",
        f"Today's walk-in quota for {svc.name_en} ({walk_in_part}) is used up; the rest is "
        "held for online bookings", reason="quota", service=svc.code, walk_in=True)
