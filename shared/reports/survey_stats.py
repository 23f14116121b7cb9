"""What the visitors said over a period: the satisfaction survey (SKM/IKM) per service and per
month, and the summary of the office's complaints (issue 8).

`shared.store.survey` computes each IKM and the complaints summary; this module gathers them for a
period, as the supervisor's IKM screen, the XLSX and the PDF report show them.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import TYPE_CHECKING

from shared.config import OfficeConfig

if TYPE_CHECKING:
    from shared.store.survey import IkmReport


@dataclass(frozen=True)
class ServiceIkm:
    service: str
    name: str
    prefix: str
    ikm: "IkmReport"


@dataclass(frozen=True)
class MonthIkm:
    month: date                    # the first day of the month
    ikm: "IkmReport"


@dataclass(frozen=True)
class VoiceReport:
    """What the visitors said over local days [first, last]: the IKM (of `service`, or of all
    services when None) with the Krejcie–Morgan check, the IKM of every service, the monthly
    trend (of `service`) and the summary of the office's complaints."""
    first: date
    last: date
    service: str | None
    ikm: "IkmReport"               # of `service` (or of all services)
    overall: "IkmReport"           # of all services
    services: list[ServiceIkm]
    trend: list[MonthIkm]          # oldest first, ending with the month of `last`
    complaints: dict               # shared.store.survey.complaint_summary


def trend_months(last: date, months: int = 12) -> list[tuple[date, date]]:
    """The `months` calendar months up to the month of `last`: [(first, last day)], oldest first."""
    out = []
    y, m = last.year, last.month
    for _ in range(months):
        first = date(y, m, 1)
        nxt = date(y + (m == 12), m % 12 + 1, 1)
        out.append((first, nxt - timedelta(days=1)))
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return out[::-1]


def ikm_trend(svc, last: date, service: str | None = None, months: int = 12) -> list[MonthIkm]:
    from shared.store.survey import ikm_report
    return [MonthIkm(first, ikm_report(svc, first, end, service))
            for first, end in trend_months(last, months)]


def local_day_bounds_utc(config: OfficeConfig, first: date, last: date
                         ) -> tuple[datetime, datetime]:
    """[start of `first`, start of the day after `last`) in the office's zone, as UTC."""
    tz = config.tz
    return (datetime.combine(first, time(0), tz).astimezone(timezone.utc),
            datetime.combine(last + timedelta(days=1), time(0), tz).astimezone(timezone.utc))


def voice_report(svc, first: date, last: date, months: int = 12,
                 service: str | None = None) -> VoiceReport:
    """IKM, per-service IKM, the monthly trend and the complaints of a period (`svc`: the embedded
    store, as `shared.store.survey` takes it)."""
    from shared.clock import to_iso
    from shared.store.survey import complaint_summary, ikm_report
    config = svc.config
    services = []
    for s in config.services:
        rep = ikm_report(svc, first, last, s.code)
        if s.active or rep.visitors or rep.result.respondents:
            services.append(ServiceIkm(s.code, s.name, s.prefix, rep))
    overall = ikm_report(svc, first, last)
    chosen = overall if service is None else next(
        (x.ikm for x in services if x.service == service), None) or ikm_report(
            svc, first, last, service)
    start, end = local_day_bounds_utc(config, first, last)
    complaints = complaint_summary(svc, start, end)
    # the true median (the mean of the two middle values for an even count), as everywhere in
    # the statistics; shared.store.survey.complaint_summary takes the upper middle value
    hours = [r[0] for r in svc._conn.execute(
        "SELECT (julianday(closed_at) - julianday(created_at)) * 24 FROM complaints "
        "WHERE created_at >= ? AND created_at < ? AND closed_at IS NOT NULL",
        (to_iso(start), to_iso(end)))]
    complaints["median_hours_to_close"] = statistics.median(hours) if hours else None
    return VoiceReport(first, last, service, chosen, overall, services,
                       ikm_trend(svc, last, service, months), complaints)
