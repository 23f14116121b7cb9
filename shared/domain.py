"""The queue's vocabulary: tickets, counters, priority groups, and the errors a user can act on."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class TicketStatus(StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    DONE = "done"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"


class CounterStatus(StrEnum):
    CLOSED = "closed"   # nobody at the counter
    OPEN = "open"       # ready to call, or busy with its current ticket
    PAUSED = "paused"   # istirahat


class PriorityGroup(StrEnum):
    """UU 25/2009 Pasal 29 (pelayanan khusus)."""

    DISABILITAS = "disabilitas"
    LANSIA = "lansia"
    HAMIL = "hamil"
    ANAK = "anak"
    KORBAN_BENCANA = "korban_bencana"


PRIORITY_LABELS = {
    PriorityGroup.DISABILITAS: ("Penyandang disabilitas", "Persons with disabilities"),
    PriorityGroup.LANSIA: ("Lanjut usia", "Senior citizens"),
    PriorityGroup.HAMIL: ("Wanita hamil", "Pregnant women"),
    PriorityGroup.ANAK: ("Anak-anak", "Children"),
    PriorityGroup.KORBAN_BENCANA: ("Korban bencana", "Disaster victims"),
}

STATUS_LABELS = {
    TicketStatus.WAITING: ("Menunggu", "Waiting"),
    TicketStatus.CALLED: ("Dipanggil", "Called"),
    TicketStatus.SERVING: ("Sedang dilayani", "Being served"),
    TicketStatus.DONE: ("Selesai", "Done"),
    TicketStatus.NO_SHOW: ("Tidak hadir", "No-show"),
    TicketStatus.CANCELLED: ("Dibatalkan", "Cancelled"),
}


class AntreanError(Exception):
    """Base of every error a person can understand and act on. `code` is stable for machines."""

    code = "error"

    def __init__(self, message: str, message_en: str | None = None, **detail):
        super().__init__(message)
        self.message = message
        self.message_en = message_en or message
        self.detail = detail

    def text(self, lang: str = "id") -> str:
        return self.message_en if lang == "en" else self.message


class NotFound(AntreanError):
    code = "not_found"


class IllegalTransition(AntreanError):
    """The ticket or counter is not in a state that allows this action."""

    code = "illegal_transition"


class IssueRefused(AntreanError):
    """The kiosk cannot issue: closed, holiday, quota reached, unknown or inactive service."""

    code = "issue_refused"

    def __init__(self, message: str, message_en: str | None = None, *, reason: str,
                 next_opening: datetime | None = None, **detail):
        super().__init__(message, message_en, **detail)
        self.reason = reason          # closed | holiday | quota | unknown_service | inactive
        self.next_opening = next_opening


class NobodyWaiting(AntreanError):
    code = "nobody_waiting"


class CounterPaused(AntreanError):
    code = "counter_paused"


class AuthError(AntreanError):
    code = "auth"


class ConfigError(AntreanError):
    """A bad office configuration: names the file, the key and what is wrong."""

    code = "config"

    def __init__(self, file: str, key: str, problem: str):
        super().__init__(f"{file}: {key}: {problem}")
        self.file, self.key, self.problem = file, key, problem


@dataclass(frozen=True)
class Ticket:
    id: int
    code: str                       # 'A-001'
    number: int
    service: str                    # current service code (changes on transfer)
    issued_service: str             # the service whose sequence gave the number
    business_day: date
    status: TicketStatus
    priority_group: PriorityGroup | None
    issued_at: datetime
    token: str                      # unguessable, for the status page URL
    counter: str | None = None      # the counter that has it (called/serving) or last had it
    officer: str | None = None
    first_called_at: datetime | None = None
    called_at: datetime | None = None   # the latest call
    started_at: datetime | None = None
    finished_at: datetime | None = None
    no_show_at: datetime | None = None
    cancelled_at: datetime | None = None
    recalls: int = 0
    transfers: int = 0
    reactivations: int = 0
    booking_code: str | None = None     # set on tickets issued by a booking's check-in

    @property
    def is_priority(self) -> bool:
        return self.priority_group is not None


@dataclass(frozen=True)
class IssuedTicket:
    """What the kiosk needs right after issuing: the ticket and what to tell the visitor."""

    ticket: Ticket
    people_ahead: int
    estimated_wait_min: float       # the figure on the slip (the median of the estimate)
    status_url: str
    # the range the phone shows: a quarter of visitors are called sooner, a quarter later
    estimated_wait_low_min: float | None = None
    estimated_wait_high_min: float | None = None


@dataclass(frozen=True)
class CounterState:
    name: str
    label: str
    services: tuple[str, ...]
    priority_only: bool
    status: CounterStatus
    pause_reason: str | None
    officer: str | None
    current: Ticket | None
    active: bool = True


@dataclass(frozen=True)
class ServiceQueue:
    service: str
    name_id: str
    name_en: str
    prefix: str
    waiting: int
    priority_waiting: int
    issued_today: int
    quota: int | None
    longest_wait_min: float
    can_issue: bool
    closed_reason: str | None = None          # closed | holiday | quota | inactive
    next_opening: datetime | None = None


@dataclass(frozen=True)
class Event:
    seq: int
    at: datetime
    type: str
    ticket_id: int | None
    ticket_code: str | None
    service: str | None
    counter: str | None
    officer: str | None
    detail: dict = field(default_factory=dict)


# --- antrean online: booking a time ahead, checking in at the kiosk ---------------------------
class BookingStatus(StrEnum):
    BOOKED = "booked"
    CANCELLED = "cancelled"
    CHECKED_IN = "checked_in"
    NO_SHOW = "no_show"


BOOKING_STATUS_LABELS = {
    BookingStatus.BOOKED: ("Terpesan", "Booked"),
    BookingStatus.CANCELLED: ("Dibatalkan", "Cancelled"),
    BookingStatus.CHECKED_IN: ("Sudah check-in", "Checked in"),
    BookingStatus.NO_SHOW: ("Tidak hadir", "No-show"),
}


@dataclass(frozen=True)
class BookingSlot:
    """One bookable time of a service on a day (aware datetimes, office zone)."""

    service: str
    start: datetime
    end: datetime
    capacity: int
    booked: int
    available: int
    bookable: bool                  # False past its cut-off, when full, or the day's share is used


@dataclass(frozen=True)
class Booking:
    code: str                       # 8 characters, no 0/O/1/I/L; shown as "K7Q4-M2XA"
    service: str
    business_day: date
    slot_start: datetime
    slot_end: datetime
    status: BookingStatus
    name: str
    contact_masked: str             # "0812****7890" or "3174********0001": never the full NIK
    created_at: datetime
    created_by: str | None = None   # the staff username when booked for a phone caller
    checked_in_at: datetime | None = None
    cancelled_at: datetime | None = None
    ticket_code: str | None = None  # the queue ticket issued at check-in
    reschedules: int = 0
    released_at: datetime | None = None   # marked no-show at the end of its check-in window

    @property
    def display_code(self) -> str:
        return f"{self.code[:4]}-{self.code[4:]}"


class BookingRefused(AntreanError):
    """A booking (or its cancel/reschedule) cannot be made; `reason` is stable for machines:
    full, past_cutoff, too_far, closed_day, limit, duplicate, bad_nik, bad_phone, no_booking
    (the service takes no bookings), no_slot (not a slot start), contact_mismatch (the proof
    given is not the booking's), not_active (already cancelled, checked in or released)."""

    code = "booking_refused"

    def __init__(self, message: str, message_en: str | None = None, *, reason: str, **detail):
        super().__init__(message, message_en, **detail)
        self.reason = reason


class CheckInRefused(AntreanError):
    """The kiosk cannot check this booking in; the messages are ready for the kiosk screen.
    reason: too_early, too_late, wrong_day, cancelled, already, unknown, no_show."""

    code = "check_in_refused"

    def __init__(self, message: str, message_en: str | None = None, *, reason: str,
                 booking: Booking | None = None, opens_at: datetime | None = None, **detail):
        super().__init__(message, message_en, **detail)
        self.reason = reason
        self.booking = booking
        self.opens_at = opens_at
