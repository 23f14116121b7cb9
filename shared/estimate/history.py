"""What recent days say about a service: how long a ticket keeps a counter (from the call until
the counter is free again — walking up, service, or waiting for a no-show), by local hour where
that differs, and how often priority tickets arrive.

A counter's time per ticket is one segment of the store: called_at → ended_at, whatever its
outcome (done, no-show, transferred). Fewer than MIN_SAMPLES of them and the service's published
target service time stands in, as a memoryless (exponential) time.
"""
from __future__ import annotations

import bisect
import statistics
import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from shared.clock import to_iso
from shared.estimate.projection import exp_first_free

HISTORY_DAYS = 28
MAX_SAMPLES = 600
MIN_SAMPLES = 10
PRIOR_WEIGHT = 5          # the target counts as this many samples while history is thin

LONGEST_MIN = 240.0       # a segment left open over lunch is not a service time
PARTS = 10            # first-free times of a counter: the means of ten equal slices


@dataclass(frozen=True)
class ServiceTimes:
    """Minutes a ticket of one service keeps a counter: sorted samples and what follows from them."""

    service: str
    samples: tuple[float, ...]             # sorted; empty when the target stands in
    mean: float
    dispersion: float                      # squared coefficient of variation
    hour_factor: dict[int, float] = field(default_factory=dict)   # local hour → mean ratio
    prefix: tuple[float, ...] = ()

    @property
    def from_history(self) -> bool:
        return bool(self.samples)

    def factor(self, hour: int) -> float:
        return self.hour_factor.get(hour, 1.0)

    def mean_at(self, hour: int) -> float:
        return self.mean * self.factor(hour)

    def first_free(self, elapsed: float, hour: int) -> tuple[tuple[float, float, float], ...]:
        """When a counter that called a ticket of this service `elapsed` minutes ago (in local
        `hour`) is free again: ten slices (from, to, probability) of the samples longer than
        `elapsed` — the remaining time of this ticket, not a fresh one's."""
        f = self.factor(hour)
        if not self.samples:
            return exp_first_free(self.mean * f)
        a = max(0.0, elapsed) / f
        start = bisect.bisect_right(self.samples, a)
        tail = len(self.samples) - start
        if tail < PARTS:
            # longer than nearly every ticket before it: no telling, so memoryless from here
            rest = (self.prefix[-1] - self.prefix[start]) / tail - a if tail else 0.0
            return exp_first_free(max(rest, 0.5 * self.mean) * f)
        out = []
        for j in range(PARTS):
            lo = start + tail * j // PARTS
            hi = start + tail * (j + 1) // PARTS
            out.append(((self.samples[lo] - a) * f, (self.samples[hi - 1] - a) * f,
                        (hi - lo) / tail))
        return tuple(out)


def prior_times(service: str, target_min: float, samples: list[float] | None = None
                ) -> ServiceTimes:
    """The published target as a memoryless time, nudged by the few samples there are."""
    samples = samples or []
    mean = (sum(samples) + PRIOR_WEIGHT * target_min) / (len(samples) + PRIOR_WEIGHT)
    return ServiceTimes(service, (), max(mean, 0.1), 1.0)


def service_times(service: str, target_min: float, rows: list[tuple[float, int]]
                  ) -> ServiceTimes:
    """ServiceTimes from (minutes, local hour of the call) pairs. The samples are kept divided by
    their hour's factor, so the shape of the distribution is the same at every hour and only its
    scale changes."""
    rows = [(m, h) for m, h in rows if 0 < m <= LONGEST_MIN]
    if len(rows) < MIN_SAMPLES:
        return prior_times(service, target_min, [m for m, _ in rows])
    mean = sum(m for m, _ in rows) / len(rows)
    factor = _hour_factors(rows, mean)
    values = sorted(m / factor.get(h, 1.0) for m, h in rows)
    n = len(values)
    base = sum(values) / n
    var = sum((v - base) ** 2 for v in values) / (n - 1)
    prefix = [0.0]
    for v in values:
        prefix.append(prefix[-1] + v)
    return ServiceTimes(service, tuple(values), base, var / (base * base), factor, tuple(prefix))


def _hour_factors(rows: list[tuple[float, int]], mean: float) -> dict[int, float]:
    """Each local hour's mean over the overall mean, believed only as far as the hours really
    differ: an hour's own mean is shrunk towards the overall one by τ² ÷ (τ² + σ²/n), σ² the
    variance within hours, τ² the spread of the hours' true means (their observed spread less
    that sampling noise) — so a few long services in one hour do not make its every ticket slow,
    while a real afternoon slowdown shows."""
    by_hour: dict[int, list[float]] = {}
    for m, h in rows:
        by_hour.setdefault(h, []).append(m)
    hours = {h: (sum(v) / len(v), len(v)) for h, v in by_hour.items() if len(v) >= 2}
    if len(hours) < 2:
        return {}
    within = sum((m - hours[h][0]) ** 2 for m, h in rows if h in hours)
    sigma2 = within / max(1, sum(n for _, n in hours.values()) - len(hours))
    spread = statistics.fmean((m - mean) ** 2 for m, _ in hours.values())
    tau2 = max(0.0, spread - statistics.fmean(sigma2 / n for _, n in hours.values()))
    if tau2 <= 0:
        return {}
    return {h: (mean + (m - mean) * tau2 / (tau2 + sigma2 / n)) / mean
            for h, (m, n) in hours.items()}


def load_service_times(conn: sqlite3.Connection, service: str, target_min: float,
                       now: datetime, tz: ZoneInfo) -> ServiceTimes:
    """The last MAX_SAMPLES segments of the service that ended in the last HISTORY_DAYS."""
    rows = conn.execute(
        "SELECT called_at, (julianday(ended_at) - julianday(called_at)) * 1440.0 FROM segments "
        "WHERE service = ? AND ended_at >= ? ORDER BY ended_at DESC LIMIT ?",
        (service, to_iso(now - timedelta(days=HISTORY_DAYS)), MAX_SAMPLES)).fetchall()
    pairs = [(minutes, datetime.fromisoformat(called).astimezone(tz).hour)
             for called, minutes in rows if minutes is not None]
    return service_times(service, target_min, pairs)


def priority_rates(conn: sqlite3.Connection, today: date, minutes_open) -> dict[str, float]:
    """Priority tickets issued per issuing minute, per service, over the days before today;
    `minutes_open(service, day)` gives a day's issuing minutes."""
    first = (today - timedelta(days=HISTORY_DAYS)).isoformat()
    counts: dict[str, list[tuple[str, int]]] = {}
    for service, day, prio in conn.execute(
            "SELECT issued_service, business_day, SUM(is_priority) FROM tickets "
            "WHERE business_day >= ? AND business_day < ? GROUP BY issued_service, business_day",
            (first, today.isoformat())):
        counts.setdefault(service, []).append((day, prio or 0))
    rates = {}
    for service, days in counts.items():
        minutes = sum(minutes_open(service, date.fromisoformat(d)) for d, _ in days)
        rates[service] = sum(p for _, p in days) / minutes if minutes > 0 else 0.0
    return rates
