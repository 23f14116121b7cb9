"""Next week's visitors from the office's own history: arrivals per service, weekday and local
hour, each service's holding times, and a day's demand ready to simulate.

Forecast = the mean over the history's open days of that weekday (a day with no ticket at all in
the office was closed and is left out). On a date with other issuing hours than the history's
(an override, a shorter Friday) the day's total is kept and spread over the hours still open in
the proportions of the history; a daily quota caps the total. Within an hour arrivals are a
Poisson stream over the minutes the service issues. A service without at least `MIN_SAMPLES`
recorded holding times is assumed to take its standard service time (exponential).
"""
from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, time
from typing import Callable

from shared.config import OfficeConfig, ServiceConfig
from shared.hours import windows_on
from shared.planning.history import History
from shared.planning.simulation import empirical_draw, exponential_draw

MIN_SAMPLES = 20
MAX_SAMPLES = 5000


@dataclass(frozen=True)
class ServiceProfile:
    code: str
    holding: tuple[float, ...]        # seconds; empty: the standard, exponential
    mean_holding: float
    priority_share: float
    source: str                        # 'riwayat' (history) or 'standar'

    def draw(self, rng: random.Random) -> Callable[[], float]:
        if self.holding:
            return empirical_draw(rng, self.holding)
        return exponential_draw(rng, self.mean_holding)


@dataclass
class Forecast:
    first: date
    last: date
    rates: dict[tuple[str, int], dict[int, float]]  # (service, weekday) → hour → tickets
    extra: dict[tuple[str, int], dict[int, float]]  # transfers in: load only
    open_days: dict[int, int]                       # weekday → days the history had
    profiles: dict[str, ServiceProfile]


@dataclass
class Demand:
    """One service on one date: where its visitors come from."""
    service: str
    hours: tuple[int, ...]
    # Poisson (forecast): (start, end, arrivals per second) segments, scored and load-only
    segments: list[tuple[float, float, float]] = field(default_factory=list)
    extra_segments: list[tuple[float, float, float]] = field(default_factory=list)
    # replay (what happened): arrival instants and priority flags
    fixed: list[tuple[float, bool, bool]] | None = None     # (arrival, priority, scored)
    expected: dict[int, float] = field(default_factory=dict)         # hour → scored tickets
    expected_extra: dict[int, float] = field(default_factory=dict)   # hour → load-only jobs
    fraction: dict[int, float] = field(default_factory=dict)  # hour → share of it issuing
    breaks_apply: bool = True


def profiles_from(history: History, config: OfficeConfig) -> dict[str, ServiceProfile]:
    samples = history.holding_samples()
    prio: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for rec in history.days.values():
        for j in rec.jobs:
            if j.scored:
                prio[j.service][0] += j.priority
                prio[j.service][1] += 1
    turn = history.turnaround.get("*", 0.0)
    out = {}
    for s in config.services:
        sample = samples.get(s.code, [])[-MAX_SAMPLES:]
        p, n = prio.get(s.code, (0, 0))
        share = p / n if n else 0.0
        if len(sample) >= MIN_SAMPLES:
            out[s.code] = ServiceProfile(s.code, tuple(sample), sum(sample) / len(sample), share,
                                         "riwayat")
        else:
            out[s.code] = ServiceProfile(s.code, (), s.target_service_min * 60.0 + turn, share,
                                         "standar")
    return out


def build_forecast(history: History, config: OfficeConfig) -> Forecast:
    rates: dict[tuple[str, int], dict[int, float]] = defaultdict(lambda: defaultdict(float))
    extra: dict[tuple[str, int], dict[int, float]] = defaultdict(lambda: defaultdict(float))
    open_days: dict[int, int] = defaultdict(int)
    for d, rec in history.days.items():
        if not rec.jobs:
            continue
        wd = d.weekday()
        open_days[wd] += 1
        for j in rec.jobs:
            (rates if j.scored else extra)[(j.service, wd)][int(j.arrival // 3600)] += 1
    for table in (rates, extra):
        for (code, wd), hours in table.items():
            for h in hours:
                hours[h] /= open_days[wd]
    return Forecast(history.first, history.last,
                    {k: dict(v) for k, v in rates.items()}, {k: dict(v) for k, v in extra.items()},
                    dict(open_days), profiles_from(history, config))


def _seconds(t: time) -> float:
    return 86400.0 if t == time.max else t.hour * 3600 + t.minute * 60 + t.second


def open_seconds(service: ServiceConfig, day: date) -> dict[int, list[tuple[float, float]]]:
    """Local hour → the parts of it (seconds from midnight) the service issues tickets."""
    out: dict[int, list[tuple[float, float]]] = defaultdict(list)
    for start, end in windows_on(service, day):
        a, b = _seconds(start), _seconds(end)
        for h in range(int(a // 3600), int((b - 1e-9) // 3600) + 1):
            lo, hi = max(a, h * 3600.0), min(b, (h + 1) * 3600.0)
            if hi > lo:
                out[h].append((lo, hi))
    return dict(out)


def covers(service: ServiceConfig, day: date, window: tuple[time, time]) -> bool:
    """Does the service issue tickets throughout `window` that day (then officers' breaks fall
    in open hours; otherwise they take them while issuing is closed)."""
    a, b = _seconds(window[0]), _seconds(window[1])
    return any(_seconds(s) <= a and _seconds(e) >= b for s, e in windows_on(service, day))


def forecast_demand(forecast: Forecast, config: OfficeConfig, day: date,
                    break_window: tuple[time, time] | None) -> dict[str, Demand] | None:
    """Each active service's demand on `day`; None when the office is closed (holiday, no hours)."""
    if day in config.holidays:
        return None
    wd = day.weekday()
    out = {}
    for s in config.services:
        if not s.active:
            continue
        parts = open_seconds(s, day)
        if not parts:
            continue
        hist = forecast.rates.get((s.code, wd), {})
        hist_extra = forecast.extra.get((s.code, wd), {})
        total = sum(hist.values())
        kept = sum(v for h, v in hist.items() if h in parts)
        scale = total / kept if kept else 0.0
        if s.daily_quota is not None and kept * scale > s.daily_quota:
            scale = s.daily_quota / kept
        d = Demand(s.code, tuple(sorted(parts)),
                   breaks_apply=break_window is not None and covers(s, day, break_window))
        for h, spans in sorted(parts.items()):
            length = sum(b - a for a, b in spans)
            n, x = hist.get(h, 0.0) * scale, hist_extra.get(h, 0.0) * scale
            d.expected[h], d.expected_extra[h] = n, x
            d.fraction[h] = length / 3600.0
            for a, b in spans:
                d.segments.append((a, b, n / length))
                d.extra_segments.append((a, b, x / length))
        out[s.code] = d
    return out


def actual_demand(history: History, config: OfficeConfig, day: date,
                  break_window: tuple[time, time] | None) -> dict[str, Demand] | None:
    """What really came on `day` (every arrival, as recorded); None when nobody did."""
    rec = history.days.get(day)
    if rec is None or not rec.jobs:
        return None
    out: dict[str, Demand] = {}
    by_service: dict[str, list] = defaultdict(list)
    for j in rec.jobs:
        by_service[j.service].append((j.arrival, j.priority, j.scored))
    for s in config.services:
        arrivals = sorted(by_service.get(s.code, ()))
        if not arrivals:
            continue
        d = Demand(s.code, (), fixed=arrivals,
                   breaks_apply=break_window is not None and covers(s, day, break_window))
        for at, _p, scored in arrivals:
            table = d.expected if scored else d.expected_extra
            h = int(at // 3600)
            table[h] = table.get(h, 0) + 1
        # the hours visitors took numbers; transfers after them are served by the counters
        # that serve on after issuing closes
        d.hours = tuple(sorted(d.expected))
        parts = open_seconds(s, day)
        d.fraction = {h: (sum(b - a for a, b in parts[h]) / 3600.0 if h in parts else 1.0)
                      for h in d.hours}
        out[s.code] = d
    return out
