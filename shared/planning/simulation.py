"""A discrete-event simulation of one office day: visitors arrive, wait in their service's queue,
and are called by the counters that serve that service — as the store calls them.

What Erlang C cannot say and this does: a counter may serve several services (it calls the
earliest ticket across them, `shared.store.calling`), priority tickets follow the office's policy
(`strict`: first; `interleave`: at most N in a row; `dedicated`: priority-only counters call only
priority tickets, the others go by time; `fifo`: priority ignored), and a counter is open only in
its intervals (shifts and breaks). A counter that is serving when its interval ends finishes that
visitor, then stops — the store refuses a break while a counter holds a ticket — and calls again
when its next interval opens. Times are seconds from local midnight.
"""
from __future__ import annotations

import heapq
import math
import random
from collections import deque
from dataclasses import dataclass
from typing import Callable, Sequence

POLICIES = ("strict", "interleave", "dedicated", "fifo")
# at one instant a counter closes before it frees, then opens
_DRAIN, _CLOSE, _FREE, _OPEN = -1, 0, 1, 2


@dataclass(frozen=True)
class SimCounter:
    name: str
    services: tuple[int, ...]                       # indices into the day's services
    priority_only: bool = False
    # sorted, disjoint [start, end) seconds; a third item True: at the end the counter goes on
    # calling until nobody it can call is waiting (issuing has closed), then closes
    open: tuple[tuple, ...] = ()


def run_day(counters: Sequence[SimCounter], times: Sequence[float], service: Sequence[int],
            priority: Sequence[bool], draws: Sequence[Callable[[], float]],
            policy: str = "strict", max_in_a_row: int = 2) -> list[float]:
    """The wait (seconds) of each arrival, in the order given (`times` ascending); math.inf for a
    visitor never called because no counter of the service opened again.

    `draws[s]()` gives one holding time of service s: from the call to the next call the counter
    can make (walking up, serving, a no-show's recalls, the officer's turnaround)."""
    if policy not in POLICIES:
        raise ValueError(f"unknown policy {policy!r}: one of {', '.join(POLICIES)}")
    n_services = len(draws)
    n = len(times)
    waits = [math.inf] * n
    q_prio = [deque() for _ in range(n_services)]
    q_reg = [deque() for _ in range(n_services)]
    k_count = len(counters)
    busy = [False] * k_count
    is_open = [False] * k_count
    draining = [False] * k_count
    idle_since = [0.0] * k_count
    streak = [0] * k_count
    serves = [c.services for c in counters]
    prio_only = [c.priority_only for c in counters]
    by_service: list[list[int]] = [[] for _ in range(n_services)]
    heap: list[tuple[float, int, int]] = []
    for k, c in enumerate(counters):
        for s in c.services:
            by_service[s].append(k)
        for span in c.open:
            heap.append((span[0], _OPEN, k))
            heap.append((span[1], _DRAIN if len(span) > 2 and span[2] else _CLOSE, k))
    heapq.heapify(heap)
    push, pop = heapq.heappush, heapq.heappop
    strict, interleave, fifo = policy == "strict", policy == "interleave", policy == "fifo"

    def start(k: int, j: int, now: float) -> None:
        waits[j] = now - times[j]
        streak[k] = streak[k] + 1 if priority[j] else 0
        busy[k] = True
        push(heap, (now + draws[service[j]](), _FREE, k))

    def call_next(k: int, now: float) -> bool:
        best_p = None
        t_p = math.inf
        for s in serves[k]:
            q = q_prio[s]
            if q and times[q[0]] < t_p:
                t_p, best_p = times[q[0]], q
        if prio_only[k]:
            q = best_p
        else:
            best_r = None
            t_r = math.inf
            for s in serves[k]:
                q = q_reg[s]
                if q and times[q[0]] < t_r:
                    t_r, best_r = times[q[0]], q
            if best_p is not None and best_r is not None:
                if strict:
                    q = best_p
                elif interleave:
                    q = best_p if streak[k] < max_in_a_row else best_r
                else:                  # dedicated: the ordinary counters go by time
                    q = best_p if t_p < t_r else best_r
            else:
                q = best_p if best_p is not None else best_r
        if q is None:
            return False
        start(k, q.popleft(), now)
        return True

    i = 0
    while True:
        next_event = heap[0][0] if heap else math.inf
        if i < n and times[i] < next_event:
            now = times[i]
            s = service[i]
            p = priority[i] and not fifo
            best, best_idle = -1, math.inf
            for k in by_service[s]:
                if is_open[k] and not busy[k] and (p or not prio_only[k]) \
                        and idle_since[k] < best_idle:
                    best, best_idle = k, idle_since[k]
            if best >= 0:
                start(best, i, now)
            else:
                (q_prio if p else q_reg)[s].append(i)
            i += 1
        elif heap:
            now, kind, k = pop(heap)
            if kind == _FREE:
                busy[k] = False
                if is_open[k] and not call_next(k, now):
                    idle_since[k] = now
                    if draining[k]:
                        is_open[k] = draining[k] = False
            elif kind == _OPEN:
                is_open[k] = True
                draining[k] = False
                if not busy[k] and not call_next(k, now):
                    idle_since[k] = now
            elif kind == _DRAIN and busy[k]:
                draining[k] = True
            else:
                is_open[k] = False
        else:
            break
    return waits


def poisson_times(rng: random.Random, segments: Sequence[tuple[float, float, float]]
                  ) -> list[float]:
    """Arrival instants of a Poisson stream with a piecewise-constant rate: `segments` are
    (start, end, arrivals per second), in order."""
    out: list[float] = []
    expo = rng.expovariate
    for start, end, rate in segments:
        if rate <= 0 or end <= start:
            continue
        t = start + expo(rate)
        while t < end:
            out.append(t)
            t += expo(rate)
    return out


def empirical_draw(rng: random.Random, sample: Sequence[float]) -> Callable[[], float]:
    """Draws from a recorded sample (the bootstrap: every recorded time equally likely)."""
    values = list(sample)
    n = len(values)
    r = rng.random
    return lambda: values[int(r() * n)]


def exponential_draw(rng: random.Random, mean: float) -> Callable[[], float]:
    rate = 1.0 / mean
    e = rng.expovariate
    return lambda: e(rate)
