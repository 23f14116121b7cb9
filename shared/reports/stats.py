"""Waiting and service times against the office's standards, per service, over local dates.

How tickets are counted (the README repeats this):
- issued: tickets whose number the service issued (a transferred ticket stays issued by its first service);
- served: stretches of service that ended 'done' in the service (a transferred ticket is served by
  the service it was transferred to);
- no-shows and cancelled: tickets whose final status is that, in their final service (a no-show that
  was reactivated and then served counts as served only);
- waiting time = first call − issue, counted for the issuing service; a ticket never called has none;
- service time = finish − start of each stretch at a counter that was started, in that stretch's
  service (a transfer ends one stretch);
- within the standard: waiting ≤ target_wait_min, service ≤ target_service_min (equal is within);
- median: the middle value (mean of the two middle values for an even count);
  90th percentile: nearest rank, the value at rank ⌈0.9 × n⌉ — always an observed time.

The same rules split a period by counter, officer, hour of day and day (`period_report`):
- a ticket belongs to the business day it was issued on, even when served after midnight;
- waiting time goes to the counter and officer that first called the ticket, to the local hour it
  was issued in, and is compared with the issuing service's standard;
- a stretch of service (served, service time, transferred) goes to its counter, its officer, the
  local hour it ended in, and is compared with the standard of the stretch's service;
- a no-show goes to the counter and officer that marked it last, and the local hour of that mark;
  a cancelled ticket has no counter and goes to the hour it was issued in.

What the visitors said (IKM, complaints) is in `shared.reports.survey_stats`; its names are re-exported here.
"""
from __future__ import annotations

import bisect
import math
import sqlite3
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from shared.config import OfficeConfig
# re-exported: the visitor's voice lived here first
from shared.reports.survey_stats import (MonthIkm, ServiceIkm, VoiceReport, ikm_trend,  # noqa: F401
                                         local_day_bounds_utc, trend_months, voice_report)

# share of visitors within the standard: at least 80 % green, at least 60 % amber, below that red
SHARE_GREEN = 0.80
SHARE_AMBER = 0.60


@dataclass(frozen=True)
class TimeFigures:
    count: int
    average: float | None
    median: float | None
    p90: float | None
    maximum: float | None
    within: int
    within_share: float | None     # 0..1


@dataclass(frozen=True)
class ServiceStats:
    service: str
    name: str
    issued: int
    served: int
    no_shows: int
    cancelled: int
    transferred_out: int
    target_wait_min: float
    target_service_min: float
    waiting: TimeFigures
    service_time: TimeFigures
    prefix: str = ""


@dataclass(frozen=True)
class GroupStats:
    """The figures of one slice of a period: a counter, an officer, an hour of day, a day, or all."""
    key: str
    label: str
    issued: int | None          # None where it does not apply (counters, officers)
    served: int
    no_shows: int
    cancelled: int | None
    transferred_out: int
    waiting: TimeFigures
    service_time: TimeFigures


@dataclass
class PeriodReport:
    first: date
    last: date
    office: str
    timezone: str
    services: list[ServiceStats]
    counters: list[GroupStats]
    officers: list[GroupStats]
    hours: list[GroupStats]        # local hours of day with any activity, "08" = 08.00–09.00
    days: list[GroupStats]         # business days with any activity
    total: GroupStats
    # per service: its waits (minutes, sorted) and, per day, the share of waits within the standard
    waits: dict[str, list[float]] = field(default_factory=dict)
    daily_wait_share: dict[str, dict[date, float]] = field(default_factory=dict)
    # antrean online, booked vs walk-in (`booking_stats.booking_report`), set by the callers
    # that show it: it cannot be computed here without an import circle
    booking: object | None = None


def share_level(share: float | None) -> str | None:
    """'green' / 'amber' / 'red' for a share within the standard (None when there is no figure)."""
    if share is None:
        return None
    return "green" if share >= SHARE_GREEN else "amber" if share >= SHARE_AMBER else "red"


def percentile_nearest_rank(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(q * len(ordered)))
    return ordered[rank - 1]


def figures(values: list[float], target: float | None) -> TimeFigures:
    if not values:
        return TimeFigures(0, None, None, None, None, 0, None)
    within = sum(1 for v in values if target is not None and v <= target)
    return TimeFigures(len(values), sum(values) / len(values), statistics.median(values),
                       percentile_nearest_rank(values, 0.9), max(values), within,
                       within / len(values))


def figures_counted(values: list[float], within: int) -> TimeFigures:
    """`figures` when `within` was counted already (values compared with different standards).

    Sorts `values` in place once; the results are those of `figures`."""
    if not values:
        return TimeFigures(0, None, None, None, None, 0, None)
    values.sort()
    n = len(values)
    mid = n // 2
    median = values[mid] if n % 2 else (values[mid - 1] + values[mid]) / 2
    return TimeFigures(n, math.fsum(values) / n, median, values[max(1, math.ceil(0.9 * n)) - 1],
                       values[-1], within, within / n)


def _sorted_figures(values: list[float], target: float | None) -> TimeFigures:
    values.sort()
    within = bisect.bisect_right(values, target) if target is not None else 0
    return figures_counted(values, within)


def service_stats(conn: sqlite3.Connection, config: OfficeConfig, first: date, last: date
                  ) -> list[ServiceStats]:
    """One row per configured service (active or not) with any activity, plus configured ones."""
    return period_report(conn, config, first, last, breakdowns=False).services


# --- a period split every way -------------------------------------------------------------------
_WAIT = "ROUND((julianday(t.first_called_at) - julianday(t.issued_at)) * 86400, 3) / 60.0"
_SERVICE = "ROUND((julianday(g.ended_at) - julianday(g.started_at)) * 86400, 3) / 60.0"


class _Acc:
    __slots__ = ("issued", "served", "no_shows", "cancelled", "transferred", "waits",
                 "wait_within", "times", "time_within")

    def __init__(self):
        self.issued = self.served = self.no_shows = self.cancelled = self.transferred = 0
        self.waits: list[float] = []
        self.times: list[float] = []
        self.wait_within = self.time_within = 0

    def group(self, key: str, label: str, counts_issue: bool = True) -> GroupStats:
        return GroupStats(key, label, self.issued if counts_issue else None, self.served,
                          self.no_shows, self.cancelled if counts_issue else None,
                          self.transferred, figures_counted(self.waits, self.wait_within),
                          figures_counted(self.times, self.time_within))


def local_offset_minutes(config: OfficeConfig, first: date, last: date) -> int | None:
    """The office zone's UTC offset in minutes when it is the same over the whole period
    (always so in Indonesia, which has no DST), else None."""
    tz = config.tz
    a = datetime.combine(first - timedelta(days=1), time(0), tz).utcoffset()
    b = datetime.combine(last + timedelta(days=2), time(0), tz).utcoffset()
    if a != b:
        return None
    for month_step in range(0, (last - first).days, 28):  # catch a DST change in between
        if datetime.combine(first + timedelta(days=month_step), time(12), tz).utcoffset() != a:
            return None
    return int(a.total_seconds() // 60)


def _hour_sql(column: str, offset: int | None) -> str:
    if offset is None:
        return column  # the caller converts in Python
    return f"CAST(strftime('%H', {column}, '{offset:+d} minutes') AS INTEGER)"


def _hour_of(value, offset: int | None, tz) -> int | None:
    if value is None or offset is not None:
        return value
    return datetime.fromisoformat(value).astimezone(tz).hour


def hour_label(hour: int) -> str:
    return f"{hour:02d}.00–{(hour + 1) % 24:02d}.00"


def period_report(conn: sqlite3.Connection, config: OfficeConfig, first: date, last: date,
                  breakdowns: bool = True) -> PeriodReport:
    """Every figure of the period [first, last] (local business days, inclusive).

    Two indexed queries: the period's tickets counted by SQLite (GROUP BY), and their stretches at
    counters, each with its service time and, for the stretch of the ticket's first call, the
    ticket's wait. One pass in Python files every time under its groups; each group's times are
    then sorted once, so percentiles are exact."""
    span = (first.isoformat(), last.isoformat())
    offset = local_offset_minutes(config, first, last)
    convert = breakdowns and offset is None      # a zone with DST: local hours in Python
    tz = config.tz
    wait_target = {s.code: s.target_wait_min for s in config.services}
    service_target = {s.code: s.target_service_min for s in config.services}
    svc_acc: dict[str, _Acc] = defaultdict(_Acc)
    counter_acc: dict[str, _Acc] = defaultdict(_Acc)
    officer_acc: dict[str, _Acc] = defaultdict(_Acc)
    hour_acc: dict[int, _Acc] = defaultdict(_Acc)
    day_acc: dict[str, _Acc] = defaultdict(_Acc)
    total = _Acc()
    daily: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])  # (service, day)

    issue_hour = _hour_sql("t.issued_at", offset) if breakdowns else "NULL"
    for issued_svc, svc, status, day, hour, n in conn.execute(
            f"SELECT t.issued_service, t.service, t.status, t.business_day, {issue_hour}, "
            "COUNT(*) FROM tickets t WHERE t.business_day BETWEEN ? AND ? "
            "GROUP BY 1, 2, 3, 4, 5", span):
        svc_acc[issued_svc].issued += n
        if status == "cancelled":
            svc_acc[svc].cancelled += n
        elif status == "no_show":
            svc_acc[svc].no_shows += n
        if breakdowns:
            a_hour = hour_acc[_hour_of(hour, offset, tz) if convert else hour]
            a_day = day_acc[day]
            a_hour.issued += n
            a_day.issued += n
            if status == "cancelled":
                a_hour.cancelled += n
                a_day.cancelled += n
            elif status == "no_show":
                a_day.no_shows += n   # its hour, counter and officer come from the stretch

    # outcome: 0 still at the counter, 1 done, 2 transferred, 3 no-show, 4 other
    first_call = "g.called_at = t.first_called_at"
    columns = (
        "g.service, CASE g.outcome WHEN 'done' THEN 1 WHEN 'transferred' THEN 2 "
        "WHEN 'no_show' THEN 3 WHEN 'cancelled' THEN 4 ELSE 0 END, "
        f"CASE WHEN g.outcome IN ('done', 'transferred') THEN {_SERVICE} END, "
        f"CASE WHEN {first_call} THEN {_WAIT} END, "
        f"CASE WHEN {first_call} THEN t.issued_service END")
    if breakdowns:
        columns += (
            f", g.counter, g.officer, {_hour_sql('g.ended_at', offset)}, t.business_day, "
            "g.outcome = 'no_show' AND t.status = 'no_show' AND g.ended_at = t.no_show_at, "
            f"CASE WHEN {first_call} THEN {_hour_sql('t.issued_at', offset)} END")
    else:
        columns += ", NULL, NULL, NULL, NULL, 0, NULL"
    for (svc, outcome, minutes, wait, issued_svc, counter, officer, hour, day, final_no_show,
         wait_hour) in conn.execute(
            f"SELECT {columns} FROM tickets t JOIN segments g ON g.ticket_id = t.id "
            "WHERE t.business_day BETWEEN ? AND ?", span):
        if breakdowns:
            a_counter = counter_acc[counter]
            a_officer = officer_acc[officer] if officer is not None else None
            a_day = day_acc[day]
        if wait is not None:      # the stretch of the ticket's first call: the ticket's wait
            ok = wait <= wait_target.get(issued_svc, -1)
            a = svc_acc[issued_svc]
            a.waits.append(wait)
            a.wait_within += ok
            if breakdowns:
                cell = daily[(issued_svc, day)]
                cell[0] += ok
                cell[1] += 1
                a_wait_hour = hour_acc[_hour_of(wait_hour, offset, tz) if convert else wait_hour]
                for a in (a_counter, a_day, a_wait_hour) if a_officer is None else (
                        a_counter, a_day, a_wait_hour, a_officer):
                    a.waits.append(wait)
                    a.wait_within += ok
        if outcome == 0:          # still at the counter
            continue
        a_svc = svc_acc[svc]
        groups = ()
        if breakdowns:
            a_hour = hour_acc[_hour_of(hour, offset, tz) if convert else hour]
            groups = (a_counter, a_hour) if a_officer is None else (a_counter, a_hour, a_officer)
            if final_no_show:
                for a in groups:
                    a.no_shows += 1
            groups += (a_day,)
        if outcome == 1:
            a_svc.served += 1
            for a in groups:
                a.served += 1
        elif outcome == 2:
            a_svc.transferred += 1
            for a in groups:
                a.transferred += 1
        if minutes is not None:
            ok = minutes <= service_target.get(svc, -1)
            a_svc.times.append(minutes)
            a_svc.time_within += ok
            for a in groups:
                a.times.append(minutes)
                a.time_within += ok

    services = []
    waits: dict[str, list[float]] = {}
    for s in config.services:
        a = svc_acc.get(s.code) or _Acc()
        for name in ("issued", "served", "no_shows", "cancelled", "transferred", "wait_within",
                     "time_within"):
            setattr(total, name, getattr(total, name) + getattr(a, name))
        total.waits += a.waits
        total.times += a.times
        waits[s.code] = a.waits
        services.append(ServiceStats(
            service=s.code, name=s.name, issued=a.issued, served=a.served, no_shows=a.no_shows,
            cancelled=a.cancelled, transferred_out=a.transferred,
            target_wait_min=s.target_wait_min, target_service_min=s.target_service_min,
            waiting=_sorted_figures(a.waits, s.target_wait_min),
            service_time=_sorted_figures(a.times, s.target_service_min), prefix=s.prefix))
    report = PeriodReport(first, last, config.name, config.timezone, services, [], [], [], [],
                          total.group("total", "Semua layanan"), waits)
    if not breakdowns:
        return report
    labels = dict(conn.execute("SELECT name, label FROM counters"))
    order = {name: i for i, (name,) in enumerate(conn.execute(
        "SELECT name FROM counters ORDER BY active DESC, position, name"))}
    report.counters = [counter_acc[k].group(k, labels.get(k, k), counts_issue=False)
                       for k in sorted(counter_acc, key=lambda k: (order.get(k, 1e9), k))]
    names = dict(conn.execute("SELECT username, full_name FROM officers"))
    report.officers = [officer_acc[k].group(k, names.get(k, k), counts_issue=False)
                       for k in sorted(officer_acc, key=lambda k: (names.get(k, k).lower(), k))]
    report.hours = [hour_acc[h].group(f"{h:02d}", hour_label(h)) for h in sorted(hour_acc)]
    report.days = [day_acc[d].group(d, d) for d in sorted(day_acc)]
    for (svc, day), (within, count) in daily.items():
        report.daily_wait_share.setdefault(svc, {})[date.fromisoformat(day)] = within / count
    return report


def _m(v: float | None) -> str:
    return "-" if v is None else f"{v:.1f}"


def _pct(v: float | None) -> str:
    return "-" if v is None else f"{v * 100:.0f}%"


def format_stats_table(rows: list[ServiceStats], first: date, last: date) -> str:
    head = (f"Kinerja pelayanan {first.isoformat()} s.d. {last.isoformat()} (menit; "
            "rata-rata / median / P90 / maks; sesuai standar)")
    lines = [head,
             f"{'Layanan':<28} {'terbit':>6} {'layani':>6} {'absen':>5} {'batal':>5}  "
             f"{'tunggu (std)':<34} {'layanan (std)':<34}"]
    for r in rows:
        w, s = r.waiting, r.service_time
        lines.append(
            f"{r.name[:28]:<28} {r.issued:>6} {r.served:>6} {r.no_shows:>5} {r.cancelled:>5}  "
            f"{_m(w.average):>5}/{_m(w.median):>5}/{_m(w.p90):>5}/{_m(w.maximum):>5} "
            f"({r.target_wait_min:g}) {_pct(w.within_share):>4}  "
            f"{_m(s.average):>5}/{_m(s.median):>5}/{_m(s.p90):>5}/{_m(s.maximum):>5} "
            f"({r.target_service_min:g}) {_pct(s.within_share):>4}")
    return "\n".join(lines)
