"""The parsed office configuration: frozen dataclasses and the allowed values of its keys."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

WEEKDAYS_ID = ("senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu")
WEEKDAYS_EN = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
PRIORITY_POLICIES = ("strict", "interleave", "dedicated")
ROLES = ("officer", "supervisor", "admin")
PRINTER_KINDS = ("none", "usb", "network", "serial", "file", "cups", "win32raw")
BOOKING_IDENTITIES = ("phone", "nik", "either")

Window = tuple[time, time]
WeekHours = tuple[tuple[Window, ...], ...]   # 7 entries, Monday first


@dataclass(frozen=True)
class HoursOverride:
    name: str
    start: date
    end: date
    hours: WeekHours


@dataclass(frozen=True)
class BookingConfig:
    """[services.booking]: booking a time ahead (antrean online) for one service."""
    slot_minutes: int = 30          # slot length
    per_slot: int = 4               # capacity of one slot
    share: float = 0.4              # share of daily_quota held for bookings; walk-ins get the rest
    days_ahead: int = 14            # how far ahead one may book (from today, office zone)
    cutoff_minutes: int = 60        # booking closes this long before the slot starts
    early_minutes: int = 30         # check-in opens this long before the slot start
    late_minutes: int = 15          # check-in closes this long after the slot start (no-show)
    identity: str = "phone"         # phone | nik | either: what the visitor must give


@dataclass(frozen=True)
class ServiceConfig:
    code: str
    prefix: str
    name: str
    name_en: str
    target_wait_min: float
    target_service_min: float
    daily_quota: int | None
    hours: WeekHours
    overrides: tuple[HoursOverride, ...] = ()          # this service's own date ranges
    office_overrides: tuple[HoursOverride, ...] = ()   # the office's ([[overrides]])
    own_hours: bool = False                            # the service sets its own `hours`
    active: bool = True
    booking: BookingConfig | None = None               # None: this service takes no bookings

    def display_name(self, lang: str = "id") -> str:
        return self.name_en if lang == "en" else self.name


@dataclass(frozen=True)
class CounterConfig:
    name: str
    label: str
    services: tuple[str, ...]
    priority_only: bool = False


@dataclass(frozen=True)
class OfficerConfig:
    username: str
    full_name: str
    role: str


@dataclass(frozen=True)
class PriorityPolicy:
    ask_at_kiosk: bool = True
    policy: str = "strict"
    max_in_a_row: int = 2


@dataclass(frozen=True)
class RecallRule:
    max_recalls: int = 3
    reactivate_after: int = 3
    max_reactivations: int = 2


@dataclass(frozen=True)
class PrinterConfig:
    kind: str = "none"
    profile: str = "TM-T88V"
    paper_mm: int = 80
    usb_vendor: int | None = None
    usb_product: int | None = None
    host: str | None = None
    port: int = 9100
    device: str | None = None       # serial port or device file
    baudrate: int = 9600
    printer_name: str | None = None  # CUPS queue or Windows printer
    timeout_s: float = 5.0
    native_qr: bool | None = None    # None: decide from the profile


@dataclass(frozen=True)
class KioskConfig:
    ticket_screen_seconds: int = 12
    idle_seconds: int = 60


@dataclass(frozen=True)
class BoardConfig:
    """The display board and its voice ([board]); kiosk.board.app.BoardSettings reads the same table."""
    voice: str = "clips"                  # clips | tts | off
    languages: tuple[str, ...] = ("id",)
    volume: int = 80
    chime: bool = True
    sounds_dir: str | None = None         # the office's own recordings
    tts_engine: str = ""
    media_dir: str | None = None
    media_interval_s: int = 10
    recent_calls: int = 5
    flash_seconds: float = 5.0


VOICE_SOURCES = ("clips", "tts", "off")
VOICE_LANGUAGES = ("id", "en")


@dataclass(frozen=True)
class OfficeConfig:
    name: str
    timezone: str
    status_base_url: str
    services: tuple[ServiceConfig, ...]
    counters: tuple[CounterConfig, ...]
    officers: tuple[OfficerConfig, ...] = ()
    short_name: str = ""
    logo: str | None = None
    footer: tuple[str, ...] = ()
    holidays: dict[date, str] = field(default_factory=dict)
    priority: PriorityPolicy = PriorityPolicy()
    recall: RecallRule = RecallRule()
    printer: PrinterConfig = PrinterConfig()
    kiosk: KioskConfig = KioskConfig()
    board: BoardConfig = BoardConfig()
    running_text: str = ""
    raw: dict = field(default_factory=dict, compare=False, repr=False)
    source: str = field(default="(config)", compare=False, repr=False)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def service(self, key: str) -> ServiceConfig | None:
        """A service by code or prefix, case-insensitive."""
        k = key.strip()
        for s in self.services:
            if s.code == k.lower() or s.prefix == k.upper():
                return s
        return None

    def counter(self, name: str) -> CounterConfig | None:
        for c in self.counters:
            if c.name.lower() == name.strip().lower():
                return c
        return None

    def status_url(self, token: str) -> str:
        return self.status_base_url.rstrip("/") + "/" + token

    def to_json(self) -> str:
        return json.dumps(self.raw, default=_json_default, ensure_ascii=False, sort_keys=True)


def _json_default(value):
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__} in the config")
