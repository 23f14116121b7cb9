"""The office configuration: a TOML file the office writes, checked key by key.

`load_config(path)` reads and validates; every problem is one ConfigError naming the file, the
key and what is wrong. The parsed config is also stored in the database (as plain data) so every
process and the LAN server see the same office.
"""
from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from shared.domain import ConfigError

WEEKDAYS_ID = ("senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu")
WEEKDAYS_EN = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
PRIORITY_POLICIES = ("strict", "interleave", "dedicated")
ROLES = ("officer", "supervisor", "admin")
PRINTER_KINDS = ("none", "usb", "network", "serial", "file", "cups", "win32raw")
_PREFIX_RE = re.compile(r"^[A-Z]{1,3}$")
_CODE_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
_USER_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")
_RANGE_RE = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*-\s*(\d{1,2})[:.](\d{2})\s*$")

Window = tuple[time, time]
WeekHours = tuple[tuple[Window, ...], ...]   # 7 entries, Monday first


@dataclass(frozen=True)
class HoursOverride:
    name: str
    start: date
    end: date
    hours: WeekHours


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


def load_config(path: str | Path) -> OfficeConfig:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")   # Notepad on Windows writes a BOM
    except FileNotFoundError:
        raise ConfigError(str(path), "(file)", "file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), "(file)", f"cannot read: {exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), "(syntax)", f"not valid TOML: {exc}") from None
    config = parse_config(data, str(path))
    changed = False
    if config.logo and not Path(config.logo).is_absolute():
        resolved = (path.parent / config.logo).resolve()
        config.raw.setdefault("office", {})["logo"] = str(resolved)
        changed = True
    for key in ("sounds_dir", "media_dir"):   # relative to the config file, like the logo
        folder = getattr(config.board, key)
        if folder and not Path(folder).expanduser().is_absolute():
            config.raw["board"][key] = str((path.parent / folder).resolve())
            changed = True
    if changed:
        config = parse_config(config.raw, str(path))
    return config


def config_from_json(text: str, source: str = "(database)") -> OfficeConfig:
    return parse_config(json.loads(text), source)


class _Reader:
    """Typed access to one table of the TOML, naming the full key in every error."""

    def __init__(self, source: str, table: dict, prefix: str):
        self.source, self.table, self.prefix = source, table, prefix

    def key(self, name: str) -> str:
        return f"{self.prefix}.{name}" if self.prefix else name

    def fail(self, name: str, problem: str) -> ConfigError:
        return ConfigError(self.source, self.key(name), problem)

    def get(self, name, kind, default=..., *, allow_none=False):
        if name not in self.table or (allow_none and self.table[name] is None):
            if default is ...:
                raise self.fail(name, "is required but missing")
            return default
        value = self.table[name]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if kind is int and isinstance(value, bool):
            raise self.fail(name, f"must be a whole number, not {value!r}")
        if not isinstance(value, kind):
            names = {str: "text", int: "a whole number", float: "a number", bool: "true or false",
                     list: "a list", dict: "a table"}
            kinds = kind if isinstance(kind, tuple) else (kind,)
            want = " or ".join(names.get(k, k.__name__) for k in kinds)
            raise self.fail(name, f"must be {want}, not {value!r}")
        return value

    def sub(self, name: str, default=...) -> "_Reader":
        return _Reader(self.source, self.get(name, dict, {} if default is ... else default),
                       self.key(name))

    def check_unknown(self, known: set[str]) -> None:
        for k in self.table:
            if k not in known:
                raise self.fail(k, f"unknown key (expected one of: {', '.join(sorted(known))})")


def _parse_windows(r: _Reader, name: str, value) -> tuple[Window, ...]:
    if not isinstance(value, list):
        raise r.fail(name, f"must be a list of time ranges like \"07:30-12:00\", not {value!r}")
    windows: list[Window] = []
    for item in value:
        m = _RANGE_RE.match(item) if isinstance(item, str) else None
        if not m:
            raise r.fail(name, f"{item!r} is not a time range like \"07:30-12:00\"")
        h1, m1, h2, m2 = map(int, m.groups())
        if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59 or (h2 == 24 and m2):
            raise r.fail(name, f"{item!r} has an impossible time")
        start = time(h1, m1)
        end = time.max if h2 == 24 else time(h2, m2)  # 24:00 = to the end of the day
        if end <= start:
            raise r.fail(name, f"{item!r} ends before it starts")
        if windows and start < windows[-1][1]:
            raise r.fail(name, f"{item!r} overlaps or comes before the previous range")
        windows.append((start, end))
    return tuple(windows)


def _parse_week(r: _Reader, base: WeekHours | None = None) -> WeekHours:
    """A table of weekday → ranges. 'setiap_hari'/'everyday' and 'senin_kamis' fill several days."""
    days: list[tuple[Window, ...]] = list(base) if base else [() for _ in range(7)]
    groups = {"setiap_hari": range(7), "everyday": range(7), "hari_kerja": range(5),
              "weekdays": range(5), "senin_kamis": range(4), "monday_thursday": range(4)}
    # group keys first, so a single day can refine them
    for name in sorted(r.table, key=lambda k: k not in groups):
        value = r.table[name]
        key = name.lower()
        if key in groups:
            idx = groups[key]
        elif key in WEEKDAYS_ID:
            idx = [WEEKDAYS_ID.index(key)]
        elif key in WEEKDAYS_EN:
            idx = [WEEKDAYS_EN.index(key)]
        else:
            raise r.fail(name, "unknown weekday (use senin … minggu, hari_kerja, setiap_hari)")
        windows = _parse_windows(r, name, value)
        for i in idx:
            days[i] = windows
    return tuple(days)


def _parse_date(r: _Reader, name: str, value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise r.fail(name, f"{value!r} is not a date like 2026-12-25")


def _parse_overrides(r: _Reader, items, base: WeekHours) -> tuple[HoursOverride, ...]:
    out = []
    if not isinstance(items, list):
        raise r.fail("overrides", "must be a list of [[overrides]] tables")
    for i, item in enumerate(items):
        o = _Reader(r.source, item, f"{r.key('overrides')}[{i}]")
        o.check_unknown({"name", "from", "to", "hours"})
        start = _parse_date(o, "from", o.get("from", object))
        end = _parse_date(o, "to", o.get("to", object))
        if end < start:
            raise o.fail("to", f"{end} is before 'from' ({start})")
        hours = _parse_week(o.sub("hours"), base=None if "hours" in item else base)
        out.append(HoursOverride(o.get("name", str, f"override {i + 1}"), start, end, hours))
    return tuple(out)


def parse_config(data: dict, source: str = "(config)") -> OfficeConfig:
    root = _Reader(source, data, "")
    root.check_unknown({"office", "hours", "overrides", "holidays", "services", "counters",
                        "officers", "priority", "recall", "printer", "kiosk", "board"})
    office = root.sub("office", None) if "office" in data else None
    if office is None:
        raise ConfigError(source, "office", "is required but missing")
    office.check_unknown({"name", "short_name", "timezone", "status_base_url", "logo", "footer",
                          "running_text"})
    name = office.get("name", str).strip()
    if not name:
        raise office.fail("name", "must not be empty")
    tz_name = office.get("timezone", str, "Asia/Jakarta")
    try:
        ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise office.fail("timezone", f"{tz_name!r} is not an IANA time zone "
                                      "(Asia/Jakarta, Asia/Makassar, Asia/Jayapura)") from None
    base_url = office.get("status_base_url", str, "http://localhost:8080/t/")
    if not base_url.startswith(("http://", "https://")):
        raise office.fail("status_base_url", f"{base_url!r} must start with http:// or https://")
    footer = office.get("footer", list, [])
    if not all(isinstance(x, str) for x in footer):
        raise office.fail("footer", "must be a list of text lines")

    default_hours = _parse_week(root.sub("hours")) if "hours" in data else _parse_week(
        _Reader(source, {"hari_kerja": ["07:30-12:00"]}, "hours"))
    office_overrides = _parse_overrides(root, data.get("overrides", []), default_hours)

    holidays: dict[date, str] = {}
    hol = data.get("holidays", [])
    if not isinstance(hol, list):
        raise root.fail("holidays", "must be a list of [[holidays]] tables or dates")
    for i, item in enumerate(hol):
        h = _Reader(source, item if isinstance(item, dict) else {"date": item}, f"holidays[{i}]")
        h.check_unknown({"date", "name"})
        holidays[_parse_date(h, "date", h.get("date", object))] = h.get("name", str, "Libur")

    services = []
    items = data.get("services")
    if not isinstance(items, list) or not items:
        raise ConfigError(source, "services", "at least one [[services]] table is required")
    seen_prefix: set[str] = set()
    seen_code: set[str] = set()
    for i, item in enumerate(items):
        s = _Reader(source, item, f"services[{i}]")
        s.check_unknown({"code", "prefix", "name", "name_en", "target_wait_min",
                         "target_service_min", "daily_quota", "hours", "overrides", "active"})
        prefix = s.get("prefix", str).strip().upper()
        if not _PREFIX_RE.match(prefix):
            raise s.fail("prefix", f"{prefix!r} must be 1–3 letters A–Z")
        if prefix in seen_prefix:
            raise s.fail("prefix", f"{prefix!r} is used by another service")
        code = s.get("code", str, prefix.lower()).strip().lower()
        if not _CODE_RE.match(code):
            raise s.fail("code", f"{code!r} must be lowercase letters, digits, '-' or '_'")
        if code in seen_code:
            raise s.fail("code", f"{code!r} is used by another service")
        seen_prefix.add(prefix)
        seen_code.add(code)
        tw = s.get("target_wait_min", float)
        ts = s.get("target_service_min", float)
        for key, v in (("target_wait_min", tw), ("target_service_min", ts)):
            if v <= 0 or v > 24 * 60:
                raise s.fail(key, f"{v:g} must be more than 0 and at most 1440 minutes")
        quota = s.get("daily_quota", int, None, allow_none=True)
        if quota is not None and quota < 1:
            raise s.fail("daily_quota", f"{quota} must be at least 1 (leave it out for no quota)")
        hours = _parse_week(s.sub("hours"), base=default_hours) if "hours" in item else default_hours
        overrides = (_parse_overrides(s, item["overrides"], hours) if "overrides" in item else ())
        services.append(ServiceConfig(
            code=code, prefix=prefix, name=s.get("name", str).strip(),
            name_en=s.get("name_en", str, "").strip() or s.get("name", str).strip(),
            target_wait_min=tw, target_service_min=ts, daily_quota=quota,
            hours=hours, overrides=overrides, office_overrides=office_overrides,
            own_hours="hours" in item, active=s.get("active", bool, True)))

    counters = []
    items = data.get("counters")
    if not isinstance(items, list) or not items:
        raise ConfigError(source, "counters", "at least one [[counters]] table is required")
    seen = set()
    for i, item in enumerate(items):
        c = _Reader(source, item, f"counters[{i}]")
        c.check_unknown({"name", "label", "services", "priority_only"})
        cname = str(c.get("name", (str, int))).strip()
        if not cname or cname.lower() in seen:
            raise c.fail("name", f"{cname!r} is empty or used by another counter")
        seen.add(cname.lower())
        served = c.get("services", list)
        codes = []
        for j, key in enumerate(served):
            svc = next((s for s in services if isinstance(key, str) and
                        (s.code == key.lower() or s.prefix == key.upper())), None)
            if svc is None:
                raise c.fail(f"services[{j}]", f"{key!r} is not a service in [[services]]")
            codes.append(svc.code)
        if not codes:
            raise c.fail("services", "must name at least one service")
        counters.append(CounterConfig(cname, c.get("label", str, f"Loket {cname}"), tuple(codes),
                                      c.get("priority_only", bool, False)))

    officers = []
    users = set()
    for i, item in enumerate(data.get("officers", [])):
        o = _Reader(source, item, f"officers[{i}]")
        o.check_unknown({"username", "full_name", "role"})
        user = o.get("username", str).strip().lower()
        if not _USER_RE.match(user):
            raise o.fail("username", f"{user!r} must be 2–32 lowercase letters, digits, '.', '_' or '-'")
        if user in users:
            raise o.fail("username", f"{user!r} appears twice")
        users.add(user)
        role = o.get("role", str, "officer")
        if role not in ROLES:
            raise o.fail("role", f"{role!r} must be one of: {', '.join(ROLES)}")
        officers.append(OfficerConfig(user, o.get("full_name", str, user), role))

    p = root.sub("priority")
    p.check_unknown({"ask_at_kiosk", "policy", "max_in_a_row"})
    policy = p.get("policy", str, "strict")
    if policy not in PRIORITY_POLICIES:
        raise p.fail("policy", f"{policy!r} must be one of: {', '.join(PRIORITY_POLICIES)}")
    max_row = p.get("max_in_a_row", int, 2)
    if max_row < 1:
        raise p.fail("max_in_a_row", f"{max_row} must be at least 1")
    if policy == "dedicated" and not any(c.priority_only for c in counters):
        raise p.fail("policy", "'dedicated' needs at least one counter with priority_only = true")

    rc = root.sub("recall")
    rc.check_unknown({"max_recalls", "reactivate_after", "max_reactivations"})
    recall = RecallRule(rc.get("max_recalls", int, 3), rc.get("reactivate_after", int, 3),
                        rc.get("max_reactivations", int, 2))
    for key in ("max_recalls", "reactivate_after", "max_reactivations"):
        if getattr(recall, key) < 0:
            raise rc.fail(key, "must not be negative")

    pr = root.sub("printer")
    pr.check_unknown({"kind", "profile", "paper_mm", "usb_vendor", "usb_product", "host", "port",
                      "device", "baudrate", "printer_name", "timeout_s", "native_qr"})
    kind = pr.get("kind", str, "none")
    if kind not in PRINTER_KINDS:
        raise pr.fail("kind", f"{kind!r} must be one of: {', '.join(PRINTER_KINDS)}")
    paper = pr.get("paper_mm", int, 80)
    if paper not in (58, 80):
        raise pr.fail("paper_mm", f"{paper} must be 58 or 80")
    printer = PrinterConfig(
        kind=kind, profile=pr.get("profile", str, "TM-T88V"), paper_mm=paper,
        usb_vendor=_hex_int(pr, "usb_vendor"), usb_product=_hex_int(pr, "usb_product"),
        host=pr.get("host", str, None), port=pr.get("port", int, 9100),
        device=pr.get("device", str, None), baudrate=pr.get("baudrate", int, 9600),
        printer_name=pr.get("printer_name", str, None), timeout_s=pr.get("timeout_s", float, 5.0),
        native_qr=pr.get("native_qr", bool, None))
    needs = {"usb": ("usb_vendor", "usb_product"), "network": ("host",), "serial": ("device",),
             "file": ("device",), "cups": ("printer_name",), "win32raw": ("printer_name",)}
    for key in needs.get(kind, ()):
        if getattr(printer, key) is None:
            raise pr.fail(key, f"is required when kind = {kind!r}")

    k = root.sub("kiosk")
    k.check_unknown({"ticket_screen_seconds", "idle_seconds"})
    kiosk = KioskConfig(k.get("ticket_screen_seconds", int, 12), k.get("idle_seconds", int, 60))

    b = root.sub("board")
    b.check_unknown({f for f in BoardConfig.__dataclass_fields__})
    voice = b.get("voice", str, "clips")
    if voice not in VOICE_SOURCES:
        raise b.fail("voice", f"{voice!r} must be one of: {', '.join(VOICE_SOURCES)}")
    langs = b.table.get("languages", ["id"])
    langs = [langs] if isinstance(langs, str) else langs
    if not isinstance(langs, list) or not langs or not all(isinstance(x, str) and x in VOICE_LANGUAGES for x in langs):
        raise b.fail("languages", f"{langs!r} must be a list of languages from: "
                                  f"{', '.join(VOICE_LANGUAGES)} (e.g. [\"id\", \"en\"])")
    if len(set(langs)) != len(langs):
        raise b.fail("languages", f"{langs!r} names a language twice")
    volume = b.get("volume", int, 80)
    if not 0 <= volume <= 100:
        raise b.fail("volume", f"{volume} must be from 0 to 100")
    numbers = {}
    for key, low, high, default in (("media_interval_s", 2, 3600, 10), ("recent_calls", 1, 6, 5)):
        numbers[key] = b.get(key, int, default)
        if not low <= numbers[key] <= high:
            raise b.fail(key, f"{numbers[key]} must be from {low} to {high}")
    flash = b.get("flash_seconds", float, 5.0)
    if not 0 <= flash <= 60:
        raise b.fail("flash_seconds", f"{flash:g} must be from 0 to 60")
    board = BoardConfig(voice, tuple(langs), volume, b.get("chime", bool, True),
                        b.get("sounds_dir", str, "") or None, b.get("tts_engine", str, ""),
                        b.get("media_dir", str, "") or None, flash_seconds=flash, **numbers)

    return OfficeConfig(
        name=name, timezone=tz_name, status_base_url=base_url, services=tuple(services),
        counters=tuple(counters), officers=tuple(officers),
        short_name=office.get("short_name", str, ""), logo=office.get("logo", str, None) or None,
        footer=tuple(footer), holidays=holidays,
        priority=PriorityPolicy(p.get("ask_at_kiosk", bool, True), policy, max_row),
        recall=recall, printer=printer, kiosk=kiosk, board=board,
        running_text=office.get("running_text", str, ""), raw=data, source=source)


def _hex_int(r: _Reader, name: str) -> int | None:
    value = r.table.get(name)
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        try:
            return int(value, 16)
        except ValueError:
            pass
    raise r.fail(name, f"{value!r} must be a USB id like \"0x04b8\"")
