"""A week or a month planned, next to what happened: per service and hour the counters needed,
the counters that were really open and the share of waits the store recorded within the standard.

Two bases: `forecast` plans from the history before the first day (what the planner says ahead
of time — next week); `actual` plans each day from the visitors who really came (what would
have met the standard — hindsight, for a week or month gone by).
"""
from __future__ import annotations

import dataclasses
import sqlite3
import time as _time
from dataclasses import dataclass, field
from datetime import date, timedelta

from shared.config import OfficeConfig
from shared.domain import AntreanError
from shared.planning.forecast import (ServiceProfile, actual_demand, build_forecast,
                                      forecast_demand, profiles_from)
from shared.planning.history import History, load_history, recorded_shares
from shared.planning.presence import open_intervals, open_per_hour
from shared.planning.recommend import DayPlan, PlanSettings, demand_signature, plan_day

BASES = ("forecast", "actual")
MAX_DAYS = 62


@dataclass
class DayResult:
    day: date
    closed: str | None                          # why there is no plan (holiday, no hours)
    plan: DayPlan | None
    open_actual: dict[tuple[str, int], float] = field(default_factory=dict)
    recorded: dict[tuple[str, int], tuple[int, int]] = field(default_factory=dict)

    def broke(self, service: str, hour: int, target: float) -> bool | None:
        """Did the recorded share of that hour miss the target (None: nothing recorded)?"""
        within, n = self.recorded.get((service, hour), (0, 0))
        return None if not n else within / n < target


@dataclass
class PeriodPlan:
    first: date
    last: date
    basis: str
    settings: PlanSettings
    history_first: date
    history_last: date
    history_days: int
    profiles: dict[str, ServiceProfile]
    days: list[DayResult]
    seconds: float = 0.0

    @property
    def simulated(self) -> int:
        return sum(d.plan.simulated for d in self.days if d.plan)


def week_of(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def _validate(first: date, last: date, basis: str, settings: PlanSettings) -> None:
    if basis not in BASES:
        raise AntreanError(f"Dasar rencana {basis!r} tidak dikenal: pilih forecast atau actual",
                           f"Unknown basis {basis!r}: choose forecast or actual")
    if last < first or (last - first).days >= MAX_DAYS:
        raise AntreanError(f"Rentang tanggal harus 1 sampai {MAX_DAYS} hari",
                           f"The range must be 1 to {MAX_DAYS} days")
    if not 0.05 <= settings.target_share <= 0.99:
        raise AntreanError("Target harus antara 5 dan 99 persen",
                           "The target must be between 5 and 99 percent")
    if not 1 <= settings.history_weeks <= 52:
        raise AntreanError("Riwayat harus 1 sampai 52 minggu",
                           "The history must be 1 to 52 weeks")
    if settings.break_minutes < 0 or settings.break_minutes > 180:
        raise AntreanError("Lama istirahat harus 0 sampai 180 menit",
                           "The break must be 0 to 180 minutes")


def _closed_reason(config: OfficeConfig, day: date) -> str:
    name = config.holidays.get(day)
    return f"Libur: {name}" if name else "Tutup (tidak ada jam pelayanan)"


def plan_period(conn: sqlite3.Connection, config: OfficeConfig, first: date, last: date,
                settings: PlanSettings = PlanSettings(), basis: str = "forecast",
                reuse_equal_days: bool = True) -> PeriodPlan:
    """Plan every date in [first, last] and put it beside what the store recorded for it.
    Dates whose demand is the same are planned once (`reuse_equal_days=False`: each anew —
    the same result, for the benchmark)."""
    _validate(first, last, basis, settings)
    started = _time.perf_counter()
    history_first = first - timedelta(weeks=settings.history_weeks)
    if basis == "forecast":
        history = load_history(conn, config, history_first, first - timedelta(days=1),
                               detail=False)
        happened = load_history(conn, config, first, last)
        forecast = build_forecast(history, config)
        profiles = forecast.profiles
    else:
        history = load_history(conn, config, history_first, last)
        happened = History(first, last, {d: r for d, r in history.days.items() if d >= first},
                           history.turnaround)
        profiles = profiles_from(history, config)
    used = [d for d, r in history.days.items() if r.jobs and d < first]
    if basis == "forecast" and not used:
        raise AntreanError(
            f"Belum ada riwayat antrean dalam {settings.history_weeks} minggu sebelum "
            f"{first:%d-%m-%Y}: rencana butuh riwayat kedatangan",
            f"No queue history in the {settings.history_weeks} weeks before {first}: "
            "the plan needs the history of arrivals")
    recorded_all = recorded_shares(happened, config)
    days = []
    # dates with the same demand (every Tuesday of a forecast month) are planned once
    memo: dict[tuple, DayPlan] = {}
    d = first
    while d <= last:
        if basis == "forecast":
            demand = forecast_demand(forecast, config, d, settings.break_window)
        else:
            demand = actual_demand(history, config, d, settings.break_window)
        result = DayResult(d, None, None)
        if not demand:
            result.closed = (_closed_reason(config, d) if basis == "forecast" or
                             d in config.holidays else "Tidak ada pengunjung tercatat")
        else:
            key = tuple((c, demand_signature(v)) for c, v in sorted(demand.items()))
            same = memo.get(key) if reuse_equal_days else None
            if same is None:
                same = memo[key] = plan_day(d, demand, profiles, config, settings)
                result.plan = same
            else:
                result.plan = dataclasses.replace(same, day=d, simulated=0)
        rec = happened.days.get(d)
        if rec is not None and rec.stretches:
            result.open_actual = open_per_hour(open_intervals(rec, config), config)
        result.recorded = {(s, h): v for (day, s, h), v in recorded_all.items() if day == d}
        days.append(result)
        d += timedelta(days=1)
    return PeriodPlan(first, last, basis, settings, history_first,
                      (first - timedelta(days=1)) if basis == "forecast" else last,
                      len(used), profiles, days, _time.perf_counter() - started)


def hour_span(plan: PeriodPlan) -> list[int]:
    """Every local hour with a plan or a record in the period, in order."""
    hours = set()
    for d in plan.days:
        if d.plan:
            hours |= {h for _s, h in d.plan.cells}
        hours |= {h for _s, h in d.recorded}
    return sorted(hours)
