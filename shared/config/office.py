"""The office-wide tables: [office], [hours], [[overrides]] and [[holidays]]."""
from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from shared.config.model import HoursOverride, WeekHours
from shared.config.reader import Reader, parse_date, parse_overrides, parse_week
from shared.domain import ConfigError

OFFICE_KEYS = {"name", "short_name", "timezone", "status_base_url", "logo", "footer",
               "running_text"}
DEFAULT_HOURS = {"hari_kerja": ["07:30-12:00"]}


def office_table(root: Reader) -> Reader:
    """The required [office] table, its keys checked against the known ones."""
    office = root.sub("office", None) if "office" in root.table else None
    if office is None:
        raise ConfigError(root.source, "office", "is required but missing")
    office.check_unknown(OFFICE_KEYS)
    return office


def parse_office(office: Reader) -> tuple[str, str, str, tuple[str, ...]]:
    """[office]: name, time zone, status page base URL and receipt footer lines."""
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
    return name, tz_name, base_url, tuple(footer)


def parse_hours(root: Reader) -> tuple[WeekHours, tuple[HoursOverride, ...]]:
    """[hours] (weekdays 07:30–12:00 when absent) and the office's [[overrides]] of them."""
    if "hours" in root.table:
        default_hours = parse_week(root.sub("hours"))
    else:
        default_hours = parse_week(Reader(root.source, DEFAULT_HOURS, "hours"))
    return default_hours, parse_overrides(root, root.table.get("overrides", []), default_hours)


def parse_holidays(root: Reader) -> dict[date, str]:
    """[[holidays]]: tables with `date` and `name`, or bare dates."""
    holidays: dict[date, str] = {}
    hol = root.table.get("holidays", [])
    if not isinstance(hol, list):
        raise root.fail("holidays", "must be a list of [[holidays]] tables or dates")
    for i, item in enumerate(hol):
        h = Reader(root.source, item if isinstance(item, dict) else {"date": item},
                   f"holidays[{i}]")
        h.check_unknown({"date", "name"})
        holidays[parse_date(h, "date", h.get("date", object))] = h.get("name", str, "Libur")
    return holidays
