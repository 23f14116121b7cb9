"""Issuing hours: which windows apply on a local date, whether a service issues now, and when it
opens next. Weekday hours with breaks, the office's date overrides (Ramadan) and holidays."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from shared.config import OfficeConfig, ServiceConfig, Window

def windows_on(service: ServiceConfig, day: date) -> tuple[Window, ...]:
    """The issuing windows of a service on a local date. The office's date overrides (Ramadan)
    apply to every service, but never open a service outside its own hours (they intersect);
    the service's own overrides win over both. Among overrides of one kind the later wins."""
    wd = day.weekday()
    windows = service.hours[wd]
    for o in service.office_overrides:
        if o.start <= day <= o.end:
            windows = (_intersect(o.hours[wd], service.hours[wd]) if service.own_hours
                       else o.hours[wd])
    for o in service.overrides:
        if o.start <= day <= o.end:
            windows = o.hours[wd]
    return windows


def _intersect(a: tuple[Window, ...], b: tuple[Window, ...]) -> tuple[Window, ...]:
    out = []
    for s1, e1 in a:
        for s2, e2 in b:
            start, end = max(s1, s2), min(e1, e2)
            if start < end:
                out.append((start, end))
    return tuple(sorted(out))


def issuing_state(config: OfficeConfig, service: ServiceConfig, local: datetime
                  ) -> tuple[bool, str | None, datetime | None]:
    """(open?, reason if not: 'holiday' | 'closed' | 'inactive', next opening as local datetime)."""
    if not service.active:
        return False, "inactive", None
    day = local.date()
    now_t = local.time()
    if day not in config.holidays:
        for start, end in windows_on(service, day):
            if start <= now_t and (now_t < end or end == time.max):
                return True, None, None
    reason = "holiday" if day in config.holidays else "closed"
    return False, reason, next_opening(config, service, local)


def next_opening(config: OfficeConfig, service: ServiceConfig, local: datetime) -> datetime | None:
    """The next local instant (within 60 days) when the service issues tickets."""
    for offset in range(0, 61):
        day = local.date() + timedelta(days=offset)
        if day in config.holidays:
            continue
        for start, _end in windows_on(service, day):
            candidate = datetime.combine(day, start, tzinfo=local.tzinfo)
            if candidate > local:
                return candidate
    return None
