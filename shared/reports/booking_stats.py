"""Antrean online against the standard: booked visitors' waits beside walk-ins', per service, with
the bookings made, checked in, released as no-shows and cancelled — for any period (the
supervisor's tabs, the XLSX sheet, the PDF section) and the staff's list of a day's bookings.

How it is counted (the README repeats this):
- a ticket is **booked** when a booking's check-in issued it (`tickets.booking_id` is set), else a
  **walk-in**; both are counted for the service that issued the number, on its business day;
- a walk-in's wait = first call − issue (as everywhere); a booked visitor's wait = first call −
  the later of check-in and the slot start: someone who comes early by choice is not counted as
  kept waiting before the time they were promised (a call before the slot start counts as 0);
- within the standard: wait ≤ the service's `target_wait_min` (equal is within); median and P90
  as in `shared.reports.stats`;
- bookings are counted by the day booked for: made (every status), checked in, released as
  no-show (`release_bookings`: nobody checked in by slot start + late_minutes), cancelled, and
  still booked (the window has not passed yet);
- a service appears when it takes bookings now or had bookings in the period.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace
from datetime import date

from shared.config import OfficeConfig
from shared.domain import BOOKING_STATUS_LABELS, Booking, BookingStatus
from shared.indonesian import format_time
from shared.reports.stats import TimeFigures, figures
from shared.reports.table import INT, MINUTES, SHARE, TEXT, Column, Table, format_value

_MIN = "ROUND((julianday(t.first_called_at) - julianday({start})) * 86400, 3) / 60.0"
_WALK_IN_WAIT = _MIN.format(start="t.issued_at")
# ISO UTC strings of one format compare as times: MAX picks the later of check-in and slot start
_BOOKED_WAIT = _MIN.format(start="MAX(t.issued_at, b.slot_start)")


@dataclass(frozen=True)
class BookingServiceStats:
    service: str
    name: str
    target_wait_min: float | None
    bookings: int               # made for the period's days, any status
    checked_in: int
    no_shows: int               # released at the end of their check-in window
    cancelled: int
    still_booked: int
    booked_issued: int          # tickets issued by a check-in
    walk_in_issued: int
    booked_wait: TimeFigures
    walk_in_wait: TimeFigures

    @property
    def booked_share(self) -> float | None:
        """Share of the service's tickets that came from a booking."""
        n = self.booked_issued + self.walk_in_issued
        return self.booked_issued / n if n else None

    @property
    def no_show_share(self) -> float | None:
        """Share of the bookings whose window passed that nobody claimed."""
        n = self.checked_in + self.no_shows
        return self.no_shows / n if n else None


@dataclass(frozen=True)
class BookingReport:
    first: date
    last: date
    services: list[BookingServiceStats]
    total: BookingServiceStats


class _Acc:
    def __init__(self):
        self.counts = dict.fromkeys(("booked", "checked_in", "no_show", "cancelled"), 0)
        self.issued = [0, 0]                        # walk-in, booked
        self.waits: tuple[list[float], list[float]] = ([], [])

    def stats(self, code: str, name: str, target: float | None) -> BookingServiceStats:
        c = self.counts
        return BookingServiceStats(
            code, name, target, bookings=sum(c.values()), checked_in=c["checked_in"],
            no_shows=c["no_show"], cancelled=c["cancelled"], still_booked=c["booked"],
            booked_issued=self.issued[1], walk_in_issued=self.issued[0],
            booked_wait=figures(self.waits[1], target), walk_in_wait=figures(self.waits[0], target))


def booking_report(conn: sqlite3.Connection, config: OfficeConfig, first: date, last: date
                   ) -> BookingReport:
    """The period's booked-vs-walk-in figures: two indexed reads (the bookings of the days,
    the tickets of the days with their booking's slot)."""
    span = (first.isoformat(), last.isoformat())
    acc: dict[str, _Acc] = {}
    for service, status, n in conn.execute(
            "SELECT service, status, COUNT(*) FROM bookings WHERE business_day BETWEEN ? AND ? "
            "GROUP BY 1, 2", span):
        acc.setdefault(service, _Acc()).counts[status] += n
    wanted = {s.code for s in config.services if s.booking is not None} | set(acc)
    for s in wanted:
        acc.setdefault(s, _Acc())
    for service, booked, wait in conn.execute(
            f"SELECT t.issued_service, t.booking_id IS NOT NULL, CASE WHEN t.first_called_at IS "
            f"NOT NULL THEN CASE WHEN t.booking_id IS NULL THEN {_WALK_IN_WAIT} ELSE "
            f"MAX(0, {_BOOKED_WAIT}) END END FROM tickets t LEFT JOIN bookings b "
            "ON b.id = t.booking_id WHERE t.business_day BETWEEN ? AND ?", span):
        a = acc.get(service)
        if a is None:
            continue
        a.issued[booked] += 1
        if wait is not None:
            a.waits[booked].append(wait)
    services, total = [], _Acc()
    names = {s.code: (s.name, s.target_wait_min) for s in config.services}
    order = [s.code for s in config.services if s.code in acc] + sorted(set(acc) - set(names))
    waits_within: list[int] = [0, 0]
    for code in order:
        a = acc[code]
        name, target = names.get(code, (code, None))
        row = a.stats(code, name, target)
        services.append(row)
        for key in total.counts:
            total.counts[key] += a.counts[key]
        for i in (0, 1):
            total.issued[i] += a.issued[i]
            total.waits[i].extend(a.waits[i])
        waits_within[0] += row.walk_in_wait.within
        waits_within[1] += row.booked_wait.within
    total_row = total.stats("total", "Semua layanan booking", None)
    # each wait was compared with its own service's standard
    total_row = _with_within(total_row, waits_within)
    return BookingReport(first, last, services, total_row)


def _with_within(row: BookingServiceStats, within: list[int]) -> BookingServiceStats:
    def fix(f: TimeFigures, n: int) -> TimeFigures:
        return replace(f, within=n, within_share=n / f.count if f.count else None)
    return replace(row, walk_in_wait=fix(row.walk_in_wait, within[0]),
                   booked_wait=fix(row.booked_wait, within[1]))


# --- tables: the same figures on the screen, in the XLSX and the PDF ----------------------------
def booking_columns() -> list[Column]:
    return [
        Column("service", "Layanan", "Service", TEXT, lambda r: r.name),
        Column("bookings", "Booking", "Bookings", INT, lambda r: r.bookings),
        Column("checked_in", "Check-in", "Checked in", INT, lambda r: r.checked_in),
        Column("no_shows", "Tidak hadir (dilepas)", "No-shows released", INT,
               lambda r: r.no_shows),
        Column("cancelled", "Batal", "Cancelled", INT, lambda r: r.cancelled),
        # a plain share, not one against a standard: shown as a percentage, never coloured
        Column("booked_share", "Tiket dari booking", "Tickets from bookings", TEXT,
               lambda r: r.booked_share, lambda v: format_value(v, SHARE)),
        Column("wait_target", "Standar tunggu", "Waiting standard", MINUTES,
               lambda r: r.target_wait_min),
        Column("booked_n", "Booking dipanggil", "Booked called", INT,
               lambda r: r.booked_wait.count),
        Column("booked_median", "Median tunggu booking", "Booked wait median", MINUTES,
               lambda r: r.booked_wait.median),
        Column("booked_within", "Booking ≤ standar", "Booked within standard", SHARE,
               lambda r: r.booked_wait.within_share),
        Column("walk_in_n", "Langsung dipanggil", "Walk-ins called", INT,
               lambda r: r.walk_in_wait.count),
        Column("walk_in_median", "Median tunggu langsung", "Walk-in wait median", MINUTES,
               lambda r: r.walk_in_wait.median),
        Column("walk_in_within", "Langsung ≤ standar", "Walk-ins within standard", SHARE,
               lambda r: r.walk_in_wait.within_share),
    ]


def booking_table(report: BookingReport) -> Table:
    """Per service, and all booking services together in the last row."""
    return Table("booking", "Booking vs langsung", booking_columns(),
                 report.services + [report.total])


def booking_list_table(bookings: list[Booking], config: OfficeConfig) -> Table:
    """The staff's list of a day's bookings: time, code, name, contact (masked), service, status,
    the ticket issued at check-in, and who booked for a phone caller."""
    tz = config.tz
    names = {s.code: s.name for s in config.services}
    status = {s.value: label for s, (label, _en) in BOOKING_STATUS_LABELS.items()}
    cols = [
        Column("slot", "Jam", "Time", TEXT, lambda b: b.slot_start,
               lambda v: format_time(v.astimezone(tz))),
        Column("code", "Kode", "Code", TEXT, lambda b: b.display_code),
        Column("name", "Nama", "Name", TEXT, lambda b: b.name),
        Column("contact", "Kontak", "Contact", TEXT, lambda b: b.contact_masked),
        Column("service", "Layanan", "Service", TEXT, lambda b: names.get(b.service, b.service)),
        Column("status", "Status", "Status", TEXT, lambda b: BookingStatus(b.status).value,
               lambda v: status.get(v, v)),
        Column("ticket", "Tiket", "Ticket", TEXT, lambda b: b.ticket_code),
        Column("by", "Dibuat oleh", "Booked by", TEXT,
               lambda b: b.created_by or "ponsel pengunjung"),
    ]
    return Table("booking_list", "Booking", cols, bookings)


def booking_summary(bookings: list[Booking]) -> str:
    """'14 booking: 6 terpesan · 5 sudah check-in · 2 tidak hadir · 1 dibatalkan'."""
    counts = {s: 0 for s in (BookingStatus.BOOKED, BookingStatus.CHECKED_IN,
                             BookingStatus.NO_SHOW, BookingStatus.CANCELLED)}
    for b in bookings:
        counts[BookingStatus(b.status)] += 1
    parts = [f"{n} {BOOKING_STATUS_LABELS[s][0].lower()}" for s, n in counts.items() if n]
    return f"{len(bookings)} booking" + (": " + " · ".join(parts) if parts else "")
