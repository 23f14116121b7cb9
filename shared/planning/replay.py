"""The planner's model checked against the store: replay days that happened — every recorded
arrival, the counters that were really open (`presence`) — through the simulation with holding
times drawn from the recorded distributions, and compare the predicted share of waits within the
standard with the share the store recorded, per service and hour.
"""
from __future__ import annotations

import random
import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from shared.config import OfficeConfig
from shared.planning.forecast import profiles_from
from shared.planning.history import load_history, recorded_shares
from shared.planning.presence import open_intervals
from shared.planning.simulation import SimCounter, run_day


@dataclass(frozen=True)
class ReplayCell:
    day: date
    service: str
    hour: int
    predicted_within: float          # expected visitors within the standard (mean over runs)
    visitors: int                    # recorded waits (visitors called)
    recorded_within: int


def replay(conn: sqlite3.Connection, config: OfficeConfig, first: date, last: date,
           runs: int = 10, seed: int = 15) -> list[ReplayCell]:
    """Per day, service and local hour of issue: predicted vs recorded waits within standard."""
    history = load_history(conn, config, first, last)
    profiles = profiles_from(history, config)
    recorded = recorded_shares(history, config)
    codes = [s.code for s in config.services]
    index = {c: i for i, c in enumerate(codes)}
    targets = [s.target_wait_min * 60.0 + 1e-6 for s in config.services]
    out = []
    for day, rec in history.days.items():
        counters = []
        for name, spans in open_intervals(rec, config).items():
            cfg = config.counter(name)
            if cfg is None or not spans:
                continue
            shaped = tuple((a, b, k == len(spans) - 1) for k, (a, b) in enumerate(spans))
            counters.append(SimCounter(name, tuple(index[s] for s in cfg.services if s in index),
                                       cfg.priority_only, shaped))
        jobs = sorted((j.arrival, index[j.service], j.priority, j.scored) for j in rec.jobs
                      if j.service in index)
        times = [j[0] for j in jobs]
        services = [j[1] for j in jobs]
        prio = [j[2] for j in jobs]
        within: dict[tuple[int, int], int] = defaultdict(int)
        for r in range(runs):
            rng = random.Random(hash((seed, day.toordinal(), r)))
            draws = [profiles[c].draw(rng) for c in codes]
            waits = run_day(counters, times, services, prio, draws, config.priority.policy,
                            config.priority.max_in_a_row)
            for (t, s, _p, scored), w in zip(jobs, waits):
                if scored:
                    within[(s, int(t // 3600))] += w <= targets[s]
        for (d, code, hour), (rec_within, n) in recorded.items():
            if d == day:
                out.append(ReplayCell(day, code, hour, within[(index[code], hour)] / runs, n,
                                      rec_within))
    return out
