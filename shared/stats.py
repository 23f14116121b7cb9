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
"""
from __future__ import annotations

import math
import sqlite3
import statistics
from dataclasses import dataclass
from datetime import date

from .config import OfficeConfig


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


def service_stats(conn: sqlite3.Connection, config: OfficeConfig, first: date, last: date
                  ) -> list[ServiceStats]:
    """One row per configured service (active or not) with any activity, plus configured ones."""
    span = (first.isoformat(), last.isoformat())
    waits: dict[str, list[float]] = {}
    issued: dict[str, int] = {}
    for svc, minutes in conn.execute(
            "SELECT issued_service, ROUND((julianday(first_called_at) - julianday(issued_at)) * 86400, 3) / 60.0 "
            "FROM tickets WHERE business_day BETWEEN ? AND ?", span):
        issued[svc] = issued.get(svc, 0) + 1
        if minutes is not None:
            waits.setdefault(svc, []).append(minutes)
    finals: dict[tuple[str, str], int] = {}
    for svc, status, n in conn.execute(
            "SELECT service, status, COUNT(*) FROM tickets WHERE business_day BETWEEN ? AND ? "
            "GROUP BY service, status", span):
        finals[(svc, status)] = n
    services_times: dict[str, list[float]] = {}
    served: dict[str, int] = {}
    transferred: dict[str, int] = {}
    for svc, outcome, minutes in conn.execute(
            "SELECT g.service, g.outcome, ROUND((julianday(g.ended_at) - julianday(g.started_at)) * 86400, 3) / 60.0 "
            "FROM segments g JOIN tickets t ON t.id = g.ticket_id "
            "WHERE t.business_day BETWEEN ? AND ? AND g.ended_at IS NOT NULL", span):
        if outcome == "done":
            served[svc] = served.get(svc, 0) + 1
        if outcome == "transferred":
            transferred[svc] = transferred.get(svc, 0) + 1
        if minutes is not None and outcome in ("done", "transferred"):
            services_times.setdefault(svc, []).append(minutes)

    rows = []
    for s in config.services:
        rows.append(ServiceStats(
            service=s.code, name=s.name, issued=issued.get(s.code, 0),
            served=served.get(s.code, 0), no_shows=finals.get((s.code, "no_show"), 0),
            cancelled=finals.get((s.code, "cancelled"), 0),
            transferred_out=transferred.get(s.code, 0),
            target_wait_min=s.target_wait_min, target_service_min=s.target_service_min,
            waiting=figures(waits.get(s.code, []), s.target_wait_min),
            service_time=figures(services_times.get(s.code, []), s.target_service_min)))
    return rows


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
