"""The first cut: Erlang C hour by hour, with the queue carried from one hour to the next.

Plain Erlang C assumes every hour is a steady state of its own, so in a morning peak it asks for
more counters than the arrivals' load (c > A) — yet with a 30-minute standard a queue may build
up for a while and still be called in time. So each hour is walked in 5-minute steps with the
expected backlog B (visitors waiting) carried in from the hour before:

    B ← max(0, B + arrivals in the step − c_eff · step / h)

and a visitor arriving in a step waits about w = B · h / c_eff for the queue ahead (h the mean
holding time, c_eff the counters open net of breaks). The share within the standard t of that
step is Erlang C's on what is left of the standard:

    P(W ≤ t) ≈ 1 − C(c, A) · exp(−(c − A) · (t − w) / h)     (A < c, w ≤ t)

and, in an overloaded step (A ≥ c), 1 when w ≤ 0.85 t, else 0. The hour's count is the fewest
counters whose share over its arrivals reaches the target. With no backlog this is plain
Erlang C; the simulation checks and corrects what this approximation leaves out.
"""
from __future__ import annotations

import math

from shared.planning.erlang import erlang_c

STEPS = 12                  # 5-minute steps per hour
OVERLOAD_SLACK = 0.85


def hour_share(c_eff: float, arrivals: list[float], mean_holding: float, target_wait: float,
               backlog: float) -> tuple[float, float]:
    """(share within the standard, backlog at the end) of one hour: `arrivals` per step."""
    step = 3600.0 / len(arrivals)
    total = sum(arrivals)
    if c_eff <= 0:
        return (0.0 if total else 1.0), backlog + total
    capacity = c_eff * step / mean_holding
    c_int = max(1, math.floor(c_eff))
    within = 0.0
    for a in arrivals:
        load = a / step * mean_holding
        wait = backlog * mean_holding / c_eff
        if a > 0:
            if load < c_int and wait <= target_wait:
                share = 1.0 - erlang_c(c_int, load) * math.exp(
                    -(c_int - load) * (target_wait - wait) / mean_holding)
            else:
                share = 1.0 if wait <= OVERLOAD_SLACK * target_wait else 0.0
            within += a * share
        backlog = max(0.0, backlog + a - capacity)
    return (within / total if total else 1.0), backlog


def carried_counts(hours: list[int], arrivals: dict[int, list[float]],
                   available: dict[int, float], mean_holding: float, target_wait: float,
                   target_share: float, limit: int) -> dict[int, int]:
    """Hour → the fewest counters meeting the target, given the backlog the hours before left.

    `arrivals[h]` are the expected arrivals per 5-minute step (STEPS of them, load-only ones
    included); `available[h]` the share of a counter's hour not on a break (1.0 without)."""
    out: dict[int, int] = {}
    backlog = 0.0
    previous = None
    for h in hours:
        if previous is not None and h != previous + 1:
            backlog = 0.0            # issuing closed in between: the counters drained the queue
        previous = h
        steps = arrivals.get(h) or [0.0] * STEPS
        if sum(steps) <= 0 and backlog < 0.5:
            out[h] = 0
            continue
        avail = max(available.get(h, 1.0), 0.05)

        def trial(c: int) -> tuple[bool, float]:
            share, left = hour_share(c * avail, steps, mean_holding, target_wait, backlog)
            return share >= target_share, left

        # start at the hour's load and walk to the fewest counters that meet the target
        c = min(limit, max(1, math.ceil(sum(steps) * mean_holding / 3600.0 / avail)))
        ok, left = trial(c)
        while not ok and c < limit:
            c += 1
            ok, left = trial(c)
        while ok and c > 1:
            lower_ok, lower_left = trial(c - 1)
            if not lower_ok:
                break
            c, left = c - 1, lower_left
        out[h] = c
        backlog = left
    return out
