"""The estimator: for a waiting ticket, what the store knows now — who is at each counter and for
how long, which counters are open or expected, who is before the ticket under the priority
policy, how long this service's tickets take at this hour — projected forward to the minute the
ticket is called (`shared.estimate.projection`).

One `Estimator` per store object keeps what changes slowly (service times for a few minutes,
counters' usual days for the business day) and follows the event log for what changes with every
ticket (`shared.estimate.tail`), so an estimate costs well under a millisecond at any queue length.
"""
from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from shared.config import OfficeConfig
from shared.estimate.history import ServiceTimes, load_service_times, priority_rates
from shared.estimate.plans import LATE_STEP_MIN, CounterNow, plan_counter
from shared.estimate.profiles import CounterProfile, learn_profiles
from shared.estimate.projection import HORIZON_MIN, CounterPlan, call_targets, project
from shared.estimate.queue import Place, work_ahead
from shared.estimate.tail import QueueTail, window_key
from shared.hours import windows_on

TIMES_TTL = timedelta(minutes=5)


@dataclass(frozen=True)
class WaitEstimate:
    """When a waiting ticket is expected to be called, in minutes from now."""

    minutes: float            # the figure: as likely sooner as later (the median)
    low_min: float            # the range: one in four is called sooner …
    high_min: float           # … and one in four later
    expected_min: float       # when the expected number of calls reaches this ticket
    people_ahead: int         # QueueService.people_ahead
    work_ahead: float         # tickets of this service's length the counters call first
    counters: int             # counters expected to call it today
    from_history: bool        # service times learned from recent days (else the target)


class Estimator:
    """Estimates for one store; thread-safe (the LAN server shares one store across threads)."""

    def __init__(self):
        self._lock = threading.Lock()
        self.tail = QueueTail()
        self._times: dict[str, tuple[datetime, ServiceTimes]] = {}
        self._profiles: tuple[date | None, dict[str, CounterProfile]] = (None, {})
        self._prio: tuple[date | None, dict[str, float]] = (None, {})

    # --- what changes slowly -----------------------------------------------------------------
    def times(self, conn, config: OfficeConfig, service: str, now: datetime) -> ServiceTimes:
        cached = self._times.get(service)
        if cached is None or not (timedelta(0) <= now - cached[0] < TIMES_TTL):
            svc = config.service(service)
            target = svc.target_service_min if svc else 10.0
            cached = (now, load_service_times(conn, service, target, now, config.tz))
            self._times[service] = cached
        return cached[1]

    def profiles(self, conn, config: OfficeConfig, today: date) -> dict[str, CounterProfile]:
        if self._profiles[0] != today:
            self._profiles = (today, learn_profiles(conn, config.tz, today))
        return self._profiles[1]

    def priority_rates(self, conn, config: OfficeConfig, today: date) -> dict[str, float]:
        if self._prio[0] != today:
            def minutes_open(service: str, day: date) -> float:
                svc = config.service(service)
                if svc is None:
                    return 0.0
                return sum(_minutes(end) - _minutes(start) for start, end in windows_on(svc, day))
            self._prio = (today, priority_rates(conn, today, minutes_open))
        return self._prio[1]

    # --- the estimate ----------------------------------------------------------------------------
    def sync(self, conn, config: OfficeConfig, now: datetime) -> QueueTail:
        local = now.astimezone(config.tz)
        day_start = datetime.combine(local.date(), time(0), tzinfo=config.tz)
        self.tail.sync(conn, now, day_start)
        return self.tail

    def estimate(self, conn: sqlite3.Connection, config: OfficeConfig, place: Place,
                 now: datetime) -> WaitEstimate:
        with self._lock:
            return self._estimate(conn, config, place, now)

    def _estimate(self, conn, config: OfficeConfig, place: Place, now: datetime) -> WaitEstimate:
        tail = self.sync(conn, config, now)
        tz = config.tz
        local = now.astimezone(tz)
        today = local.date()
        active = {s.code for s in config.services if s.active}
        rows = {r[0]: r for r in conn.execute(
            "SELECT c.name, c.status, c.priority_streak, s.service, s.called_at FROM counters c "
            "LEFT JOIN segments s ON s.ticket_id = c.current_ticket AND s.ended_at IS NULL "
            "WHERE c.active = 1")}
        serving = {c.name: ({s for s in c.services if s in active}, c.priority_only)
                   for c in config.counters if c.name in rows}
        eligible = {n for n, (svcs, prio_only) in serving.items()
                    if place.service in svcs and (place.priority or not prio_only)}
        services = set().union(*(serving[n][0] for n in eligible)) if eligible else set()
        callers = {(s, p): {n for n, (svcs, prio_only) in serving.items()
                            if s in svcs and (p or not prio_only)}
                   for s in services for p in (0, 1)}
        involved = set().union(*callers.values()) if callers else set()
        profiles = self.profiles(conn, config, today)
        svc_cfg = config.service(place.service)
        windows = windows_on(svc_cfg, today) if svc_cfg else ()
        fresh_open = _minutes(windows[0][0]) if windows and today not in config.holidays else None
        have_history = any(profiles.get(n) and profiles[n].start_min is not None for n in involved)

        def first_free_of(service: str, elapsed: float, hour: int):
            return self.times(conn, config, service, now).first_free(elapsed, hour)

        plans: dict[str, CounterPlan] = {}
        for name in sorted(involved):
            r = rows[name]
            held_since = datetime.fromisoformat(r[4]) if r[4] else None
            plan = plan_counter(CounterNow(name, r[1], r[3], held_since, r[2]),
                                tail.counters.get(name), profiles.get(name), now, tz,
                                first_free_of, fresh_open_min=fresh_open,
                                others_have_history=have_history)
            if plan is not None:
                plans[name] = plan
        mine = [plans[n] for n in sorted(eligible) if n in plans]
        if not mine:   # nobody expected: say what it would be once they come
            mine = [CounterPlan(n, ((LATE_STEP_MIN, 1.0),)) for n in sorted(eligible)] or \
                [CounterPlan("-", ((LATE_STEP_MIN, 1.0),))]
        hour = local.hour
        own = self.times(conn, config, place.service, now)

        def mean_of(service: str) -> float:
            return self.times(conn, config, service, now).mean_at(hour)

        ordinary = [rows[n][2] for n in eligible if not serving[n][1]]
        streak = sum(ordinary) / len(ordinary) if ordinary else 0.0
        ahead = work_ahead(conn, tail, config, place, window_key(now), callers, eligible,
                           set(plans), mean_of, streak)
        overtake = 0.0
        if ahead.overtake_services:
            rates = self.priority_rates(conn, config, today)
            for s in ahead.overtake_services:
                who = callers.get((s, 1), set())
                here = (who & set(plans)) or who
                if here:
                    share = len(here & eligible) / len(here)
                    overtake += rates.get(s, 0.0) * share * mean_of(s) / mean_of(place.service)
        low, mid, high = call_targets(ahead.work, min(max(own.dispersion, 0.0), 2.0))
        expected = ahead.work + 1.0
        order = sorted({low, mid, high, expected})
        times = dict(zip(order, project(mine, _rate_steps(own, local), order, overtake)))
        pick = {k: (v if v is not None else HORIZON_MIN) for k, v in times.items()}
        return WaitEstimate(minutes=pick[mid], low_min=pick[low], high_min=pick[high],
                            expected_min=pick[expected], people_ahead=ahead.people,
                            work_ahead=ahead.work, counters=len(mine),
                            from_history=own.from_history)


def _minutes(t: time) -> float:
    return 24 * 60.0 if t == time.max else t.hour * 60 + t.minute + t.second / 60


def _rate_steps(times: ServiceTimes, local: datetime) -> list[tuple[float, float]]:
    """Calls per minute per free counter, hour by hour from now (local hours)."""
    steps = [(0.0, 1.0 / times.mean_at(local.hour))]
    if not times.hour_factor:
        return steps
    top = local.replace(minute=0, second=0, microsecond=0)
    for k in range(1, 25):
        at = top + timedelta(hours=k)
        steps.append(((at - local).total_seconds() / 60, 1.0 / times.mean_at(at.hour)))
    return steps
