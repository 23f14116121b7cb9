"""Antrean online in the store: slots, booking, cancel, reschedule, check-in and the release of
no-shows. Every write is one BEGIN IMMEDIATE transaction with its event; capacity (the slot's and
the day's booked share) is counted inside it, so concurrent requests can never over-book."""
from __future__ import annotations

import secrets
import sqlite3
from datetime import date, datetime, timedelta

from shared.booking import limits, texts
from shared.booking.codes import new_code, parse_scanned
from shared.booking.identity import Contact, parse_contact
from shared.booking.slots import booking_share, closes_at, find_slot, last_day, slot_times
from shared.clock import to_iso
from shared.domain import (Booking, BookingRefused, BookingSlot, BookingStatus, IssuedTicket,
                           NotFound, PriorityGroup)
from shared.store.base import QUEUE_KEY_SCALE, StoreBase
from shared.store.database import write_transaction

COLUMNS = ("b.code, b.service, b.business_day, b.slot_start, b.slot_end, b.status, b.name, "
           "b.contact_masked, b.created_at, b.created_by, b.checked_in_at, b.cancelled_at, "
           "t.code, b.reschedules, b.released_at")
SELECT = f"SELECT {COLUMNS} FROM bookings b LEFT JOIN tickets t ON t.id = b.ticket_id"
ACTIVE = "('booked', 'checked_in')"


def _key(t: datetime) -> int:
    return int(t.timestamp() * 1_000_000) * QUEUE_KEY_SCALE


class BookingMixin(StoreBase):
    # --- plumbing ---------------------------------------------------------------------------
    def _booking_key(self) -> bytes:
        """The office's own HMAC key for contact hashes, made once and kept in `settings`."""
        key = self.__dict__.get("_booking_hmac")
        if key is None:
            conn = self._conn
            row = conn.execute("SELECT value FROM settings WHERE key = 'booking_key'").fetchone()
            if row is None:
                with write_transaction(conn):
                    conn.execute("INSERT OR IGNORE INTO settings (key, value) VALUES "
                                 "('booking_key', ?)", (secrets.token_hex(32),))
                row = conn.execute("SELECT value FROM settings WHERE key = 'booking_key'").fetchone()
            key = self.__dict__["_booking_hmac"] = bytes.fromhex(row[0])
        return key

    def _booking_service(self, service: str):
        svc = self.config.service(service)
        if svc is None:
            raise NotFound(f"Layanan {service!r} tidak dikenal", f"Unknown service {service!r}")
        if svc.booking is None or not svc.active:
            raise BookingRefused(f"{svc.name} tidak menerima antrean online: ambil nomor di "
                                 "anjungan", f"{svc.name_en} takes no online bookings: take a "
                                 "number at the kiosk", reason="no_booking", service=svc.code)
        return svc

    def _to_booking(self, r) -> Booking:
        tz = self.config.tz
        dt = lambda v: None if v is None else datetime.fromisoformat(v).astimezone(tz)  # noqa: E731
        return Booking(code=r[0], service=r[1], business_day=date.fromisoformat(r[2]),
                       slot_start=dt(r[3]), slot_end=dt(r[4]), status=BookingStatus(r[5]),
                       name=r[6], contact_masked=r[7], created_at=dt(r[8]), created_by=r[9],
                       checked_in_at=dt(r[10]), cancelled_at=dt(r[11]), ticket_code=r[12],
                       reschedules=r[13], released_at=dt(r[14]))

    def _booking_row(self, conn, code: str):
        norm = parse_scanned(code)
        row = conn.execute(f"{SELECT} WHERE b.code = ?", (norm,)).fetchone() if norm else None
        if row is None:
            raise NotFound(f"Booking {code.strip()} tidak ditemukan",
                           f"Booking {code.strip()} not found", code=code.strip())
        return row

    def _proof(self, conn, code: str, contact: str | None) -> None:
        """The phone number or NIK given on the public page must be the booking's."""
        if contact is None:
            return
        kind, digest = conn.execute("SELECT contact_kind, contact_hash FROM bookings "
                                    "WHERE code = ?", (code,)).fetchone()
        try:
            given = parse_contact(kind, contact)
        except BookingRefused:
            given = None
        if given is None or given.digest(self._booking_key()) != digest:
            raise BookingRefused("Nomor HP/NIK tidak cocok dengan booking ini",
                                 "The phone number/NIK does not match this booking",
                                 reason="contact_mismatch", field="contact")

    def _counts(self, conn, service: str, day: str) -> tuple[dict[str, int], int]:
        per_slot = dict(conn.execute(
            f"SELECT slot_start, COUNT(*) FROM bookings WHERE service = ? AND business_day = ? "
            f"AND status IN {ACTIVE} GROUP BY slot_start", (service, day)))
        return per_slot, sum(per_slot.values())

    def _check_capacity(self, conn, svc, start: datetime, day: str, ignore: str | None = None):
        per_slot, total = self._counts(conn, svc.code, day)
        here = per_slot.get(to_iso(start), 0)
        if ignore is not None:     # a reschedule within the same day frees its own place
            row = conn.execute("SELECT slot_start FROM bookings WHERE code = ?", (ignore,)).fetchone()
            total -= 1 if row and row[0] in per_slot else 0
        if here >= svc.booking.per_slot:
            raise texts.full(svc, start, self.config, day_share=False)
        share = booking_share(svc)
        if share is not None and total >= share:
            raise texts.full(svc, start, self.config, day_share=True)

    def _check_person(self, conn, svc, digest: str, day: str, now: datetime,
                      ignore: str | None = None) -> None:
        rows = conn.execute(f"SELECT code, service FROM bookings WHERE contact_hash = ? AND "
                            f"business_day = ? AND status IN {ACTIVE}", (digest, day)).fetchall()
        rows = [r for r in rows if r[0] != ignore]
        if any(r[1] == svc.code for r in rows):
            raise BookingRefused(f"Sudah ada booking {svc.name} atas nomor HP/NIK ini pada hari "
                                 "itu", f"This phone number/NIK already has a {svc.name_en} "
                                 "booking that day", reason="duplicate", service=svc.code)
        made = conn.execute("SELECT COUNT(*) FROM bookings WHERE contact_hash = ? AND "
                            "created_at >= ?", (digest, to_iso(now - timedelta(hours=24)))
                            ).fetchone()[0]
        if len(rows) >= limits.MAX_ACTIVE_PER_DAY or (ignore is None and
                                                      made >= limits.MAX_CREATED_PER_24H):
            raise BookingRefused("Batas booking untuk nomor HP/NIK ini sudah tercapai: coba lagi "
                                 "besok atau datang langsung", "The booking limit for this phone "
                                 "number/NIK is reached: try again tomorrow or come in person",
                                 reason="limit")

    # --- reads ------------------------------------------------------------------------------
    def booking_slots(self, service: str, day: date) -> list[BookingSlot]:
        svc = self._booking_service(service)
        self.release_bookings()
        now = self.clock.now()
        today = now.astimezone(self.config.tz).date()
        per_slot, total = self._counts(self._conn, svc.code, day.isoformat())
        share = booking_share(svc)
        day_full = share is not None and total >= share
        in_range = today <= day <= last_day(svc.booking, today)
        out = []
        for start, end in slot_times(self.config, svc, day):
            booked = per_slot.get(to_iso(start), 0)
            available = max(0, svc.booking.per_slot - booked)
            if day_full:
                available = 0
            out.append(BookingSlot(svc.code, start, end, svc.booking.per_slot, booked, available,
                                   in_range and available > 0
                                   and now < closes_at(svc.booking, start)))
        return out

    def booking(self, code: str) -> Booking:
        self.release_bookings()
        return self._to_booking(self._booking_row(self._conn, code))

    def bookings(self, day: date, service: str | None = None) -> list[Booking]:
        self.release_bookings()
        where, params = "b.business_day = ?", [day.isoformat()]
        if service is not None:
            svc = self.config.service(service)
            where += " AND b.service = ?"
            params.append(svc.code if svc else service)
        rows = self._conn.execute(f"{SELECT} WHERE {where} ORDER BY b.slot_start, b.id", params)
        return [self._to_booking(r) for r in rows]

    # --- writes -----------------------------------------------------------------------------
    def book(self, service: str, slot_start: datetime, name: str, contact: str,
             *, staff: str | None = None) -> Booking:
        svc = self._booking_service(service)
        name = " ".join((name or "").split())
        if not name or len(name) > limits.MAX_NAME:
            raise BookingRefused(f"Nama wajib diisi, paling banyak {limits.MAX_NAME} huruf",
                                 f"A name is required, at most {limits.MAX_NAME} characters",
                                 reason="bad_name", field="name")
        person: Contact = parse_contact(svc.booking.identity, contact)
        digest = person.digest(self._booking_key())
        conn = self._conn
        now = self.clock.now()
        at = to_iso(now)
        with write_transaction(conn):
            start, end = find_slot(self.config, svc, slot_start, now)
            day = start.date().isoformat()
            self._check_capacity(conn, svc, start, day)
            self._check_person(conn, svc, digest, day, now)
            for _ in range(5):    # a clash of random codes is ~1 in 10^11; retry rather than fail
                code = new_code()
                try:
                    conn.execute(
                        "INSERT INTO bookings (code, service, business_day, slot_start, slot_end, "
                        "status, name, contact_kind, contact_hash, contact_masked, phone, "
                        "created_at, created_by) VALUES (?, ?, ?, ?, ?, 'booked', ?, ?, ?, ?, ?, "
                        "?, ?)", (code, svc.code, day, to_iso(start), to_iso(end), name,
                                  person.kind, digest, person.masked,
                                  person.value if person.kind == "phone" else None, at, staff))
                    break
                except sqlite3.IntegrityError:
                    continue
            # no contact in the event: the log is read by many, the NIK is kept by nobody
            self._event(conn, at, "booking_created", service=svc.code, officer=staff,
                        detail={"booking": code, "slot_start": start.isoformat(),
                                "channel": "staff" if staff else "web"})
            return self._to_booking(conn.execute(f"{SELECT} WHERE b.code = ?", (code,)).fetchone())

    def _changeable(self, conn, code: str, contact: str | None) -> Booking:
        """The booking a cancel or reschedule may change: its proof given, still booked."""
        b = self._to_booking(self._booking_row(conn, code))
        self._proof(conn, b.code, contact)
        self._require_booked(b)
        return b

    def cancel_booking(self, code: str, contact: str | None = None) -> Booking:
        conn = self._conn
        now = self.clock.now()
        at = to_iso(now)
        with write_transaction(conn):
            b = self._changeable(conn, code, contact)
            conn.execute("UPDATE bookings SET status = 'cancelled', cancelled_at = ? "
                         "WHERE code = ?", (at, b.code))
            self._event(conn, at, "booking_cancelled", service=b.service,
                        detail={"booking": b.code, "slot_start": b.slot_start.isoformat()})
            return self._to_booking(self._booking_row(conn, b.code))

    def reschedule_booking(self, code: str, slot_start: datetime,
                           contact: str | None = None) -> Booking:
        conn = self._conn
        now = self.clock.now()
        at = to_iso(now)
        with write_transaction(conn):
            b = self._changeable(conn, code, contact)
            svc = self._booking_service(b.service)
            if now >= closes_at(svc.booking, b.slot_start):
                raise texts.past_cutoff(svc, b.slot_start, self.config)
            if b.reschedules >= limits.MAX_RESCHEDULES:
                raise BookingRefused(f"Booking ini sudah {b.reschedules} kali dipindah: batalkan "
                                     "dan pesan yang baru", f"This booking was moved "
                                     f"{b.reschedules} times already: cancel it and book again",
                                     reason="limit")
            start, end = find_slot(self.config, svc, slot_start, now)
            if start == b.slot_start:
                return b
            day = start.date().isoformat()
            digest = conn.execute("SELECT contact_hash FROM bookings WHERE code = ?",
                                  (b.code,)).fetchone()[0]
            same_day = day == b.business_day.isoformat()
            self._check_capacity(conn, svc, start, day, ignore=b.code if same_day else None)
            self._check_person(conn, svc, digest, day, now, ignore=b.code)
            conn.execute("UPDATE bookings SET business_day = ?, slot_start = ?, slot_end = ?, "
                         "reschedules = reschedules + 1 WHERE code = ?",
                         (day, to_iso(start), to_iso(end), b.code))
            self._event(conn, at, "booking_rescheduled", service=b.service,
                        detail={"booking": b.code, "from": b.slot_start.isoformat(),
                                "slot_start": start.isoformat()})
            return self._to_booking(self._booking_row(conn, b.code))

    @staticmethod
    def _require_booked(b: Booking) -> None:
        if b.status != BookingStatus.BOOKED:
            from shared.domain import BOOKING_STATUS_LABELS
            label_id, label_en = BOOKING_STATUS_LABELS[b.status]
            raise BookingRefused(f"Booking {b.display_code} sudah {label_id.lower()}",
                                 f"Booking {b.display_code} is {label_en.lower()} already",
                                 reason="not_active", status=b.status.value)

    def check_in(self, code: str, priority: PriorityGroup | str | None = None) -> IssuedTicket:
        """The visitor is here: issue their ticket under the ordering rule (queue_key at the slot
        start when on time or early, at the check-in time when late). Raises CheckInRefused."""
        group = PriorityGroup(priority) if priority else None
        conn = self._conn
        now = self.clock.now()
        at = to_iso(now)
        config = self.config
        today = now.astimezone(config.tz).date()
        norm = parse_scanned(code or "")
        with write_transaction(conn):
            row = conn.execute(f"{SELECT} WHERE b.code = ?", (norm,)).fetchone() if norm else None
            if row is None:
                raise texts.check_in_refusal("unknown", None, config)
            b = self._to_booking(row)
            svc = config.service(b.service)
            early = timedelta(minutes=svc.booking.early_minutes if svc and svc.booking else 30)
            late = timedelta(minutes=svc.booking.late_minutes if svc and svc.booking else 15)
            status_reason = {BookingStatus.CANCELLED: "cancelled",
                             BookingStatus.CHECKED_IN: "already",
                             BookingStatus.NO_SHOW: "no_show"}.get(b.status)
            if status_reason:
                raise texts.check_in_refusal(status_reason, b, config)
            if b.business_day != today:
                raise texts.check_in_refusal("wrong_day", b, config)
            if now < b.slot_start - early:
                raise texts.check_in_refusal("too_early", b, config, opens_at=b.slot_start - early)
            if now > b.slot_start + late:
                raise texts.check_in_refusal("too_late", b, config, closed_at=b.slot_start + late)
            # the ordering rule: on time or early → at the slot start; late → as if issued now
            key = _key(max(b.slot_start, now))
            ticket_id, tcode = self._issue_for_booking(conn, svc, today.isoformat(), group, key,
                                                       at, b.code)
            booking_id = conn.execute("SELECT id FROM bookings WHERE code = ?", (b.code,)
                                      ).fetchone()[0]
            conn.execute("UPDATE tickets SET booking_id = ? WHERE id = ?", (booking_id, ticket_id))
            conn.execute("UPDATE bookings SET status = 'checked_in', checked_in_at = ?, "
                         "ticket_id = ? WHERE id = ?", (at, ticket_id, booking_id))
            self._event(conn, at, "booking_checked_in", ticket_id=ticket_id, ticket_code=tcode,
                        service=svc.code, detail={"booking": b.code, "late": now > b.slot_start})
            ticket = self._ticket_by_id(conn, ticket_id)
        return self.issued_ticket(ticket)

    def _issue_for_booking(self, conn, svc, day: str, group, key: int, at: str,
                           booking: str) -> tuple[int, str]:
        """A ticket numbered like a walk-in's (one sequence per service per day). The quota's
        walk-in part was capped, so a booking's place is there; it is never refused here."""
        number = conn.execute(
            "INSERT INTO day_sequences (service, business_day, last_number) VALUES (?, ?, 1) "
            "ON CONFLICT (service, business_day) DO UPDATE SET last_number = last_number + 1 "
            "RETURNING last_number", (svc.code, day)).fetchone()[0]
        code = f"{svc.prefix}-{number:03d}"
        ticket_id = conn.execute(
            "INSERT INTO tickets (code, number, issued_service, service, business_day, status, "
            "priority_group, is_priority, queue_key, token, issued_at) "
            "VALUES (?, ?, ?, ?, ?, 'waiting', ?, ?, ?, ?, ?)",
            (code, number, svc.code, svc.code, day, group.value if group else None,
             1 if group else 0, key, secrets.token_urlsafe(16), at)).lastrowid
        detail = {"booking": booking, **({"priority": group.value} if group else {})}
        self._event(conn, at, "issued", ticket_id=ticket_id, ticket_code=code, service=svc.code,
                    detail=detail)
        return ticket_id, code

    def release_bookings(self) -> int:
        """Bookings nobody checked in by slot start + late_minutes become no-shows (counted)."""
        conn = self._conn
        now = self.clock.now()
        due = []
        for svc in self.config.services:
            late = svc.booking.late_minutes if svc.booking else 15
            due.append((svc.code, to_iso(now - timedelta(minutes=late))))
        known = tuple(code for code, _ in due)
        # a cheap read first: most calls find nothing due and write nothing
        if not any(conn.execute("SELECT 1 FROM bookings WHERE service = ? AND status = 'booked' "
                                "AND slot_start < ? LIMIT 1", d).fetchone() for d in due) and \
                not self._orphans(conn, known, now, write=False):
            return 0
        at = to_iso(now)
        released = 0
        with write_transaction(conn):
            for code, before in due:
                rows = conn.execute(
                    "UPDATE bookings SET status = 'no_show', released_at = ? WHERE service = ? "
                    "AND status = 'booked' AND slot_start < ? RETURNING code, slot_start",
                    (at, code, before)).fetchall()
                for bcode, start in rows:
                    self._event(conn, at, "booking_released", service=code,
                                detail={"booking": bcode, "slot_start": start})
                released += len(rows)
            released += self._orphans(conn, known, now, write=True, at=at)
        return released

    def _orphans(self, conn, known: tuple[str, ...], now: datetime, *, write: bool,
                 at: str = "") -> int:
        """Bookings of a service that left the config: released after their slot like the rest."""
        marks = ",".join("?" * len(known)) or "''"
        where = (f"status = 'booked' AND service NOT IN ({marks}) AND slot_start < ?")
        params = (*known, to_iso(now - timedelta(minutes=15)))
        if not write:
            return conn.execute(f"SELECT COUNT(*) FROM bookings WHERE {where}", params).fetchone()[0]
        rows = conn.execute(f"UPDATE bookings SET status = 'no_show', released_at = ? WHERE "
                            f"{where} RETURNING code, service, slot_start", (at, *params)).fetchall()
        for bcode, service, start in rows:
            self._event(conn, at, "booking_released", service=service,
                        detail={"booking": bcode, "slot_start": start})
        return len(rows)
