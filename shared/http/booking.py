"""Antrean online over HTTP: the booking methods of `HttpQueueService` (a mixin needing only
`_request`, `_write` and `token`). With a staff or kiosk token the staff routes are used; without
one (a visitor's program) the public routes, as the phone page does. A cancel or reschedule that
carries the contact goes through the public route, whose proof check is the store's."""
from __future__ import annotations

from datetime import date, datetime

from shared.booking.codes import parse_scanned
from shared.domain import Booking, BookingSlot, IssuedTicket, NotFound, PriorityGroup
from shared.http.wire import booking_from_json, issued_from_json, slot_from_json


def _code(code: str) -> str:
    norm = parse_scanned(code)
    if norm is None:   # as the store says it, without asking the server
        raise NotFound(f"Booking {code.strip()} tidak ditemukan",
                       f"Booking {code.strip()} not found", code=code.strip())
    return norm


class BookingClientMixin:
    def booking_slots(self, service: str, day: date) -> list[BookingSlot]:
        path = (f"/api/services/{self._seg(service)}/slots" if self.token
                else f"/api/public/booking/services/{self._seg(service)}/slots")
        return [slot_from_json(d) for d in
                self._request("GET", path, params={"day": day.isoformat()})]

    def book(self, service: str, slot_start: datetime, name: str, contact: str,
             *, staff: str | None = None) -> Booking:
        body = {"service": service, "slot_start": slot_start.isoformat(), "name": name,
                "contact": contact}
        if self.token:
            return booking_from_json(self._write("/api/bookings", {**body, "staff": staff}))
        return booking_from_json(self._write("/api/public/bookings", body))

    def booking(self, code: str) -> Booking:
        prefix = "/api/bookings" if self.token else "/api/public/bookings"
        return booking_from_json(self._request("GET", f"{prefix}/{_code(code)}"))

    def cancel_booking(self, code: str, contact: str | None = None) -> Booking:
        if contact is not None or not self.token:
            return booking_from_json(self._write(f"/api/public/bookings/{_code(code)}/cancel",
                                                 {"contact": contact}))
        return booking_from_json(self._write(f"/api/bookings/{_code(code)}/cancel"))

    def reschedule_booking(self, code: str, slot_start: datetime,
                           contact: str | None = None) -> Booking:
        body = {"slot_start": slot_start.isoformat(), "contact": contact}
        prefix = "/api/public/bookings" if contact is not None or not self.token \
            else "/api/bookings"
        return booking_from_json(self._write(f"{prefix}/{_code(code)}/reschedule", body))

    def check_in(self, code: str, priority: PriorityGroup | str | None = None) -> IssuedTicket:
        if not (code or "").strip():
            from shared.booking.texts import check_in_refusal
            raise check_in_refusal("unknown", None, self.config)
        return issued_from_json(self._write("/api/check-in", {
            "code": code, "priority": str(priority) if priority else None}))

    def bookings(self, day: date, service: str | None = None) -> list[Booking]:
        params = {"day": day.isoformat(), **({"service": service} if service else {})}
        return [booking_from_json(d) for d in self._request("GET", "/api/bookings", params=params)]

    def release_bookings(self) -> int:
        return self._request("POST", "/api/bookings/release")["released"]
