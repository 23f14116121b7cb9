"""`QueueService`: the one interface every screen talks to.

Two implementations pass the same contract tests: the embedded SQLite one
(`shared.store.service.SqliteQueueService`) and, for an office LAN, an HTTP client.
Every write is one transaction plus one event; an illegal action raises an `AntreanError`
subclass (see `shared.domain`) and changes nothing.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import date, datetime

from shared.config import OfficeConfig
from shared.domain import (Booking, BookingSlot, CounterState, Event, IssuedTicket, PriorityGroup,
                           ServiceQueue, Ticket)


class QueueService(ABC):
    # --- the office ---------------------------------------------------------------------
    @property
    @abstractmethod
    def config(self) -> OfficeConfig:
        """The office configuration in force."""

    # --- the visitor --------------------------------------------------------------------
    @abstractmethod
    def issue(self, service: str, priority: PriorityGroup | str | None = None) -> IssuedTicket:
        """Issue the next number of a service (code or prefix). Raises IssueRefused."""

    @abstractmethod
    def cancel(self, code: str) -> Ticket:
        """Cancel a waiting ticket."""

    # --- the counter --------------------------------------------------------------------
    @abstractmethod
    def call_next(self, counter: str, officer: str | None = None) -> Ticket:
        """Call the next ticket for a counter under the office's priority policy."""

    @abstractmethod
    def call_ticket(self, counter: str, code: str, officer: str | None = None) -> Ticket:
        """Call one specific waiting (or no-show) ticket: a late visitor."""

    @abstractmethod
    def recall(self, counter: str) -> Ticket:
        """Call the counter's current ticket again (counted)."""

    @abstractmethod
    def start(self, counter: str) -> Ticket:
        """The visitor has arrived at the counter: service starts."""

    @abstractmethod
    def finish(self, counter: str) -> Ticket:
        """Service is done."""

    @abstractmethod
    def no_show(self, counter: str) -> Ticket:
        """The called visitor did not come."""

    @abstractmethod
    def transfer(self, counter: str, service: str) -> Ticket:
        """Send the current ticket to another service's queue, keeping number and issue time."""

    @abstractmethod
    def reactivate(self, code: str) -> Ticket:
        """Put a no-show back in the queue, after the configured number of tickets."""

    @abstractmethod
    def open_counter(self, counter: str, officer: str | None = None,
                     takeover: bool = False) -> CounterState:
        """An officer sits down at a counter (one officer at one counter at a time)."""

    @abstractmethod
    def close_counter(self, counter: str) -> CounterState:
        """The officer leaves; the counter must have no ticket in hand."""

    @abstractmethod
    def pause(self, counter: str, reason: str = "") -> CounterState:
        """Istirahat: the counter calls nobody until resumed."""

    @abstractmethod
    def resume(self, counter: str) -> CounterState:
        """Back from a break."""

    @abstractmethod
    def record_event(self, type: str, *, ticket_code: str | None = None,
                     counter: str | None = None, detail: dict | None = None) -> Event:
        """Log something that is not a state change (a printer fault, a reprint)."""

    # --- staff -------------------------------------------------------------------------
    @abstractmethod
    def authenticate(self, username: str, pin: str) -> dict:
        """Check a PIN; returns {'username', 'full_name', 'role'}. Raises AuthError, with lockout."""

    # --- reads ----------------------------------------------------------------------------
    @abstractmethod
    def ticket(self, code: str) -> Ticket:
        """Today's ticket with this code (or a ticket token)."""

    @abstractmethod
    def waiting(self, service: str) -> list[Ticket]:
        """The waiting tickets of a service, in calling order."""

    @abstractmethod
    def people_ahead(self, code: str) -> int:
        """How many tickets will be called before this one."""

    @abstractmethod
    def estimated_wait(self, code: str) -> float:
        """Estimated minutes until this ticket is called."""

    @abstractmethod
    def current_ticket(self, counter: str) -> Ticket | None:
        """The ticket a counter has called or is serving."""

    @abstractmethod
    def counters(self) -> list[CounterState]:
        """Every active counter and its state."""

    @abstractmethod
    def queues(self) -> list[ServiceQueue]:
        """Every active service with its waiting count and whether the kiosk can issue now."""

    @abstractmethod
    def officer_day(self, officer: str) -> dict:
        """An officer's day so far: {'served', 'no_shows', 'avg_service_min',
        'target_service_min' (mean target of the services served), 'within_target'}."""

    @abstractmethod
    def events_after(self, seq: int, limit: int = 1000) -> list[Event]:
        """Events with a sequence number above `seq`, oldest first."""

    @abstractmethod
    def last_event_seq(self) -> int:
        """The newest event's sequence number (0 when none)."""

    # --- antrean online: bookings (shared.booking; SQLite in shared.store.booking) -----------
    @abstractmethod
    def booking_slots(self, service: str, day: date) -> list[BookingSlot]:
        """The slots of a service on a local day with their free places ([] when closed)."""

    @abstractmethod
    def book(self, service: str, slot_start: datetime, name: str, contact: str,
             *, staff: str | None = None) -> Booking:
        """Book a slot; `contact` is a phone number or NIK per the service's `identity`;
        `staff` names the officer booking for a phone caller. Raises BookingRefused."""

    @abstractmethod
    def booking(self, code: str) -> Booking:
        """A booking by its code (with or without the dash, any case, or the QR's URL)."""

    @abstractmethod
    def cancel_booking(self, code: str, contact: str | None = None) -> Booking:
        """Cancel; `contact` (the phone number or NIK) is the proof the public page asks for."""

    @abstractmethod
    def reschedule_booking(self, code: str, slot_start: datetime,
                           contact: str | None = None) -> Booking:
        """Move a booking to another slot of its service (capacity and limits as when booking)."""

    @abstractmethod
    def check_in(self, code: str, priority: PriorityGroup | str | None = None) -> IssuedTicket:
        """The visitor is here: issue their ticket under the ordering rule. Raises
        CheckInRefused (too_early, too_late, wrong_day, cancelled, already, unknown, no_show)."""

    @abstractmethod
    def bookings(self, day: date, service: str | None = None) -> list[Booking]:
        """A day's bookings (the staff list), by slot."""

    @abstractmethod
    def release_bookings(self) -> int:
        """Bookings nobody checked in within their window become no-shows; returns how many."""

    def counter_state(self, counter: str) -> CounterState:
        from shared.domain import NotFound
        for c in self.counters():
            if c.name.lower() == counter.lower():
                return c
        raise NotFound(f"Loket {counter!r} tidak dikenal", f"Unknown counter {counter!r}")
