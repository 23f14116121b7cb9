"""The [[services]] tables: what a visitor can take a number for, with its prefix and hours."""
from __future__ import annotations

import re

from shared.config.model import (BOOKING_IDENTITIES, BookingConfig, HoursOverride, ServiceConfig,
                                 WeekHours)
from shared.config.reader import Reader, parse_overrides, parse_week
from shared.domain import ConfigError

_PREFIX_RE = re.compile(r"^[A-Z]{1,3}$")
_CODE_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
SERVICE_KEYS = {"code", "prefix", "name", "name_en", "target_wait_min", "target_service_min",
                "daily_quota", "hours", "overrides", "active", "booking"}
# (key, smallest, largest) of [services.booking]; the share is checked on its own
BOOKING_RANGES = (("slot_minutes", 5, 480), ("per_slot", 1, 1000), ("days_ahead", 0, 90),
                  ("cutoff_minutes", 0, 7 * 1440), ("early_minutes", 0, 240),
                  ("late_minutes", 0, 240))


def parse_services(root: Reader, default_hours: WeekHours,
                   office_overrides: tuple[HoursOverride, ...]) -> tuple[ServiceConfig, ...]:
    """[[services]]: at least one; prefixes and codes unique; hours default to the office's."""
    services = []
    items = root.table.get("services")
    if not isinstance(items, list) or not items:
        raise ConfigError(root.source, "services", "at least one [[services]] table is required")
    seen_prefix: set[str] = set()
    seen_code: set[str] = set()
    for i, item in enumerate(items):
        s = Reader(root.source, item, f"services[{i}]")
        s.check_unknown(SERVICE_KEYS)
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
        hours = parse_week(s.sub("hours"), base=default_hours) if "hours" in item else default_hours
        overrides = (parse_overrides(s, item["overrides"], hours) if "overrides" in item else ())
        services.append(ServiceConfig(
            code=code, prefix=prefix, name=s.get("name", str).strip(),
            name_en=s.get("name_en", str, "").strip() or s.get("name", str).strip(),
            target_wait_min=tw, target_service_min=ts, daily_quota=quota,
            hours=hours, overrides=overrides, office_overrides=office_overrides,
            own_hours="hours" in item, active=s.get("active", bool, True),
            booking=parse_booking(s.sub("booking")) if "booking" in item else None))
    return tuple(services)


def parse_booking(b: Reader) -> BookingConfig:
    """[services.booking]: every key optional (the defaults of BookingConfig), each in range."""
    b.check_unknown({name for name, _, _ in BOOKING_RANGES} | {"share", "identity"})
    values = {}
    for name, low, high in BOOKING_RANGES:
        value = b.get(name, int, getattr(BookingConfig, name))
        if not low <= value <= high:
            raise b.fail(name, f"{value} must be from {low} to {high}")
        values[name] = value
    share = b.get("share", float, BookingConfig.share)
    if not 0 < share <= 1:
        raise b.fail("share",
                     f"{share:g} must be more than 0 and at most 1 (0.4 = 40% of the quota)")
    identity = b.get("identity", str, BookingConfig.identity).strip().lower()
    if identity not in BOOKING_IDENTITIES:
        raise b.fail("identity", f"{identity!r} must be one of: {', '.join(BOOKING_IDENTITIES)}")
    return BookingConfig(share=share, identity=identity, **values)
