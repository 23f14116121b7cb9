"""One day's recommendation: which counters to open each hour so that, per service and hour, the
share of visitors called within the waiting standard reaches the office's target.

1. Services that share counters form a pool (a counter serving two services joins them); each
   pool is planned alone.
2. First cut, per service and hour: Erlang C's fewest counters for that hour's arrivals
   (`erlang.counters_needed`, the service alone, steady state). Counters are opened to cover it,
   the most specialised first (a counter serving fewer services); a priority-only counter is
   open whenever priority visitors are expected. When the office has no more counters for a
   service, the plan adds a counter it does not have (*loket tambahan*) and says so.
3. The simulation (`simulation.run_day`) then plays the day with these counters — the office's
   priority policy, shared counters, staggered breaks, the queue carried from hour to hour,
   counters that serve on after issuing closes until their queue is empty — a few times over
   (`PlanSettings.min_jobs` visitors in all). Where a service's hour still falls short of the
   target, one more counter opens in that hour (and, when it fell short the round before too,
   in the hour before and — if fewer were open there — the hour after). Up to `max_rounds`
   rounds; a recommendation is never lowered below the first cut.
"""
from __future__ import annotations

import math
import random
import zlib
from dataclasses import dataclass, field
from datetime import date, time

from shared.config import OfficeConfig
from shared.planning.erlang import counters_needed
from shared.planning.firstcut import STEPS, carried_counts
from shared.planning.forecast import Demand, ServiceProfile
from shared.planning.simulation import SimCounter, poisson_times, run_day

MAX_PER_SERVICE = 80


@dataclass(frozen=True)
class PlanSettings:
    target_share: float = 0.80
    history_weeks: int = 8
    break_window: tuple[time, time] | None = (time(12, 0), time(13, 30))
    break_minutes: int = 45
    min_jobs: int = 1000
    max_rounds: int = 10
    seed: int = 15


@dataclass
class CellPlan:
    service: str
    hour: int
    arrivals: float                 # visitors of the service issued in that hour
    erlang: int                     # Erlang C's first cut
    counters: int                   # recommended: open counters serving the service
    predicted: float | None         # simulated share within the standard with `counters`
    extra: int = 0                  # of them, counters the office does not have
    effective: float = 0.0          # counters open on average over the hour, net of breaks


@dataclass
class DayPlan:
    day: date
    cells: dict[tuple[str, int], CellPlan] = field(default_factory=dict)
    open_counters: dict[int, list[str]] = field(default_factory=dict)   # hour → counter names
    rounds: int = 0
    simulated: int = 0              # visitors simulated, all rounds


@dataclass
class _Counter:
    name: str
    services: tuple[int, ...]
    priority_only: bool
    extra: bool
    rank: int


class _Pool:
    def __init__(self, codes: list[str], counters: list, config: OfficeConfig):
        self.codes = codes
        self.index = {c: i for i, c in enumerate(codes)}
        self.counters: list[_Counter] = []
        for rank, c in enumerate(counters):
            idx = tuple(self.index[s] for s in c.services if s in self.index)
            self.counters.append(_Counter(c.name, idx, c.priority_only, False, rank))
        self.open: dict[int, set[int]] = {}

    def coverage(self, s: int, h: int) -> int:
        return sum(1 for k in self.open.get(h, ()) if s in self.counters[k].services
                   and not self.counters[k].priority_only)

    def add(self, s: int, h: int) -> bool:
        """Open one more counter serving service `s` in hour `h` (an extra one if need be)."""
        if self.coverage(s, h) >= MAX_PER_SERVICE:
            return False
        now = self.open.setdefault(h, set())
        free = [k for k, c in enumerate(self.counters) if k not in now and s in c.services
                and not c.priority_only]
        if not free:
            n = sum(1 for c in self.counters if c.extra and c.services == (s,))
            self.counters.append(_Counter(f"+{self.codes[s]}{n + 1}", (s,), False, True,
                                          len(self.counters)))
            free = [len(self.counters) - 1]
        now.add(min(free, key=lambda k: (self.counters[k].extra,
                                         len(self.counters[k].services), self.counters[k].rank)))
        return True


def pools_of(config: OfficeConfig, codes: list[str]) -> list[tuple[list[str], list]]:
    """Services joined by the counters they share, each with its counters."""
    parent = {c: c for c in codes}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    usable = [c for c in config.counters if any(s in parent for s in c.services)]
    for c in usable:
        mine = [s for s in c.services if s in parent]
        for s in mine[1:]:
            parent[find(s)] = find(mine[0])
    groups: dict[str, list[str]] = {}
    for c in codes:
        groups.setdefault(find(c), []).append(c)
    return [(members, [c for c in usable if any(s in members for s in c.services)])
            for members in groups.values()]


def plan_day(day: date, demand: dict[str, Demand], profiles: dict[str, ServiceProfile],
             config: OfficeConfig, settings: PlanSettings) -> DayPlan:
    plan = DayPlan(day)
    order = [s.code for s in config.services if s.code in demand]
    for number, (codes, counters) in enumerate(pools_of(config, order)):
        _plan_pool(plan, number, _Pool(codes, counters, config), demand, profiles, config,
                   settings)
    plan.cells = dict(sorted(plan.cells.items(), key=lambda kv: (order.index(kv[0][0]),
                                                                  kv[0][1])))
    plan.open_counters = dict(sorted(plan.open_counters.items()))
    return plan


def _plan_pool(plan: DayPlan, number: int, pool: _Pool, demand: dict[str, Demand],
               profiles: dict[str, ServiceProfile], config: OfficeConfig,
               settings: PlanSettings) -> None:
    services = {s.code: s for s in config.services}
    hours = sorted({h for c in pool.codes for h in demand[c].hours})
    breaks = any(demand[c].breaks_apply for c in pool.codes)
    available = _availability(hours, settings) if breaks else {}
    first_cut: dict[tuple[int, int], int] = {}
    high: dict[tuple[int, int], int] = {}
    priority_hours: set[int] = set()
    for i, code in enumerate(pool.codes):
        d = demand[code]
        profile = profiles[code]
        target = services[code].target_wait_min * 60.0
        for h in d.hours:
            n = d.expected.get(h, 0.0)
            x = d.expected_extra.get(h, 0.0)
            if n * profile.priority_share > 0:
                priority_hours.add(h)
            rate = (n + x) / max(d.fraction.get(h, 1.0), 1 / 60)
            first_cut[(i, h)] = counters_needed(rate, profile.mean_holding, target,
                                                settings.target_share, MAX_PER_SERVICE)
        carried = carried_counts(hours, step_arrivals(d), available, profile.mean_holding,
                                 target, settings.target_share, MAX_PER_SERVICE)
        for h, c in carried.items():
            high[(i, h)] = c
    # the seed comes from the pool's inputs: the same demand gives the same plan on any date
    seed = settings.seed * 1_000_003 + zlib.crc32(repr(
        [(c, demand_signature(demand[c])) for c in pool.codes]).encode())
    shares: dict[tuple[int, int], list[int]] = {}
    rounds = 0

    def play(counts: dict[tuple[int, int], int]) -> dict[tuple[int, int], list[int]]:
        nonlocal rounds
        _open_for(pool, hours, counts, priority_hours)
        result, simulated = simulate_pool(pool, hours, demand, profiles, config, settings, seed)
        plan.simulated += simulated
        rounds += 1
        return result

    def meets(cell: tuple[int, int]) -> bool:
        within, n = shares.get(cell, (0, 0))
        return not n or within / n >= settings.target_share

    counts = dict(high)
    failed_before: set[tuple[int, int]] = set()
    while True:
        shares = play(counts)
        failing = [k for k in shares if not meets(k)]
        if not failing or rounds >= settings.max_rounds:
            break
        changed = False
        for i, h in failing:
            changed |= _raise(pool, counts, i, h)
            if (i, h) in failed_before:
                k = hours.index(h)
                if k > 0:
                    changed |= _raise(pool, counts, i, hours[k - 1])
                if k + 1 < len(hours) and counts.get((i, hours[k + 1]), 0) < counts[(i, h)]:
                    changed |= _raise(pool, counts, i, hours[k + 1])
        failed_before = set(failing)
        if not changed:
            break
    _open_for(pool, hours, counts, priority_hours)     # the counts `shares` belong to
    plan.rounds = max(plan.rounds, rounds)
    effective: dict[tuple[int, int], float] = {}
    for c, spans in counter_intervals(pool, hours, settings.break_window,
                                      settings.break_minutes, breaks):
        if c.priority_only:
            continue
        for a, b, _drain in spans:
            for h in range(int(a // 3600), int((b - 1e-9) // 3600) + 1):
                part = (min(b, (h + 1) * 3600.0) - max(a, h * 3600.0)) / 3600.0
                for i in c.services:
                    effective[(i, h)] = effective.get((i, h), 0.0) + part
    for (i, h), c in first_cut.items():
        code = pool.codes[i]
        d = demand[code]
        if h not in d.hours:
            continue
        within, n = shares.get((i, h), (0, 0))
        opened = [pool.counters[k] for k in pool.open.get(h, ())
                  if i in pool.counters[k].services and not pool.counters[k].priority_only]
        plan.cells[(code, h)] = CellPlan(code, h, d.expected.get(h, 0.0), c, len(opened),
                                         within / n if n else None,
                                         sum(1 for k in opened if k.extra),
                                         effective.get((i, h), 0.0))
    for h, ks in pool.open.items():
        plan.open_counters.setdefault(h, []).extend(
            pool.counters[k].name for k in sorted(ks, key=lambda k: pool.counters[k].rank))


def _raise(pool: _Pool, counts: dict, i: int, h: int) -> bool:
    if counts.get((i, h), 0) >= MAX_PER_SERVICE:
        return False
    counts[(i, h)] = counts.get((i, h), 0) + 1
    return True


def _open_for(pool: _Pool, hours: list[int], counts: dict[tuple[int, int], int],
              priority_hours: set[int]) -> None:
    """Open, hour by hour, counters covering each service's count (largest need first)."""
    prio = [k for k, c in enumerate(pool.counters) if c.priority_only]
    for h in hours:
        pool.open[h] = {prio[0]} if prio and h in priority_hours else set()
        needs = sorted(((counts.get((i, h), 0), i) for i in range(len(pool.codes))), reverse=True)
        for c, i in needs:
            while pool.coverage(i, h) < c and pool.add(i, h):
                pass


def step_arrivals(d: Demand) -> dict[int, list[float]]:
    """Hour → expected arrivals (load-only ones included) per 5-minute step."""
    width = 3600.0 / STEPS
    out: dict[int, list[float]] = {}
    if d.fixed is not None:
        for t, _p, _s in d.fixed:
            h = int(t // 3600)
            out.setdefault(h, [0.0] * STEPS)[min(STEPS - 1, int((t - h * 3600) // width))] += 1
        return out
    for a, b, rate in d.segments + d.extra_segments:
        t = a
        while t < b - 1e-9:
            h = int(t // 3600)
            k = int((t - h * 3600) // width)
            edge = min(b, h * 3600 + (k + 1) * width)
            out.setdefault(h, [0.0] * STEPS)[k] += rate * (edge - t)
            t = edge
    return out


def _availability(hours: list[int], settings: PlanSettings) -> dict[int, float]:
    """Hour → share of a full-shift counter's hour not on its break (staggered slots)."""
    if not settings.break_window or settings.break_minutes <= 0:
        return {}
    ws = settings.break_window[0].hour * 3600 + settings.break_window[0].minute * 60
    we = settings.break_window[1].hour * 3600 + settings.break_window[1].minute * 60
    length = settings.break_minutes * 60
    slots = max(1, int((we - ws) // length))
    out = {}
    for h in hours:
        lo, hi = h * 3600, (h + 1) * 3600
        off = sum(max(0, min(hi, ws + k * length + length) - max(lo, ws + k * length))
                  for k in range(slots))
        out[h] = 1.0 - off / slots / 3600
    return out


def demand_signature(d: Demand) -> tuple:
    """What a service's day depends on: equal signatures, equal plans."""
    return (d.hours, tuple(d.segments), tuple(d.extra_segments),
            tuple(d.fixed) if d.fixed is not None else None, d.breaks_apply)


def counter_intervals(pool: _Pool, hours: list[int], break_window, break_minutes: int,
                      breaks_apply: bool) -> list[tuple[_Counter, list[tuple]]]:
    """Each counter's open intervals: consecutive hours merged; at the end of issuing (no
    visitor the next hour) it drains its queue; full shifts take staggered breaks."""
    out = []
    for k, c in enumerate(pool.counters):
        mine = [h for h in hours if k in pool.open.get(h, ())]
        if not mine:
            continue
        spans: list[list] = []
        for h in mine:
            if spans and spans[-1][1] == h * 3600.0:
                spans[-1][1] = (h + 1) * 3600.0
            else:
                spans.append([h * 3600.0, (h + 1) * 3600.0])
        out.append((c, spans))
    if breaks_apply and break_window and break_minutes > 0:
        ws = break_window[0].hour * 3600 + break_window[0].minute * 60
        we = break_window[1].hour * 3600 + break_window[1].minute * 60
        slots = max(1, int((we - ws) // (break_minutes * 60)))
        rank = 0
        for c, spans in out:
            for span in spans:
                if span[0] < ws and span[1] > we:
                    b0 = ws + (rank % slots) * break_minutes * 60
                    b1 = b0 + break_minutes * 60
                    rank += 1
                    spans[spans.index(span):spans.index(span) + 1] = [[span[0], b0], [b1, span[1]]]
                    break
    result = []
    for c, spans in out:
        shaped = []
        for a, b in spans:
            hour_after = int(b // 3600)
            drain = hour_after not in hours and b % 3600 == 0
            shaped.append((a, b, drain))
        result.append((c, shaped))
    return result


def simulate_pool(pool: _Pool, hours: list[int], demand: dict[str, Demand],
                  profiles: dict[str, ServiceProfile], config: OfficeConfig,
                  settings: PlanSettings, seed: int
                  ) -> tuple[dict[tuple[int, int], list[int]], int]:
    """(service index, hour) → [within the standard, visitors] over the replications."""
    breaks = any(demand[c].breaks_apply for c in pool.codes)
    shaped = counter_intervals(pool, hours, settings.break_window, settings.break_minutes, breaks)
    sim_counters = [SimCounter(c.name, c.services, c.priority_only, tuple(spans))
                    for c, spans in shaped]
    targets = [config.service(c).target_wait_min * 60.0 + 1e-6 for c in pool.codes]
    expected = sum(sum(demand[c].expected.values()) + sum(demand[c].expected_extra.values())
                   for c in pool.codes)
    reps = min(40, max(3, math.ceil(settings.min_jobs / max(expected, 1.0))))
    out: dict[tuple[int, int], list[int]] = {}
    simulated = 0
    for r in range(reps):
        arr_rng = random.Random(hash((seed, r, 1)))
        hold_rng = random.Random(hash((seed, r, 2)))
        items: list[tuple[float, int, bool, bool]] = []
        for i, code in enumerate(pool.codes):
            d = demand[code]
            if d.fixed is not None:
                items += [(t, i, p, sc) for t, p, sc in d.fixed]
                continue
            p_share = profiles[code].priority_share
            rnd = arr_rng.random
            items += [(t, i, rnd() < p_share, True) for t in poisson_times(arr_rng, d.segments)]
            items += [(t, i, False, False) for t in poisson_times(arr_rng, d.extra_segments)]
        items.sort()
        draws = [profiles[c].draw(hold_rng) for c in pool.codes]
        waits = run_day(sim_counters, [x[0] for x in items], [x[1] for x in items],
                        [x[2] for x in items], draws, config.priority.policy,
                        config.priority.max_in_a_row)
        simulated += len(items)
        for (t, i, _p, scored), w in zip(items, waits):
            if scored:
                cell = out.get((i, int(t // 3600)))
                if cell is None:
                    cell = out[(i, int(t // 3600))] = [0, 0]
                cell[0] += w <= targets[i]
                cell[1] += 1
    return out, simulated
