"""Which counters were really open, and when, read from the stretches the store recorded — the
same way for a real office and for `antrean simulate` (whose history has no counter events).

A counter is open from its first call of the day to the end of its last stretch. A gap between two
stretches is open (idle) time, unless a visitor it could call — a ticket of one of its services,
only priority tickets for a priority-only counter — was left waiting longer than `GRACE_S`
meanwhile: an open, idle counter would have called them, so from the moment that visitor was
waiting the counter was closed or on a break, until its next call.
"""
from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass

from shared.config import OfficeConfig
from shared.planning.history import DayRecord

GRACE_S = 180.0


@dataclass(frozen=True)
class _Waits:
    starts: list[float]          # long waits only, sorted by start
    max_end: list[float]         # running maximum of their ends


def _long_waits(record: DayRecord, services: tuple[str, ...], priority_only: bool) -> _Waits:
    items = sorted((a, b) for s in services for a, b, prio in record.waiting.get(s, ())
                   if b - a > GRACE_S and (prio or not priority_only))
    starts, ends, top = [], [], float("-inf")
    for a, b in items:
        starts.append(a)
        top = max(top, b)
        ends.append(top)
    return _Waits(starts, ends)


def _closed_from(w: _Waits, idle_from: float, next_call: float) -> float | None:
    """When, in the idle gap [idle_from, next_call), a visitor was first left waiting too long."""
    i = bisect.bisect_right(w.starts, idle_from)
    if i and w.max_end[i - 1] > idle_from + GRACE_S:
        return idle_from                       # somebody was already waiting
    if i < len(w.starts) and w.starts[i] < next_call - GRACE_S:
        return w.starts[i]
    return None


def open_intervals(record: DayRecord, config: OfficeConfig) -> dict[str, list[tuple[float, float]]]:
    """Counter name → its open intervals (seconds from local midnight) on that day."""
    by_counter: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for s in record.stretches:
        by_counter[s.counter].append((s.called, s.ended if s.ended is not None else s.called))
    cache: dict[tuple, _Waits] = {}
    out: dict[str, list[tuple[float, float]]] = {}
    for name, spans in by_counter.items():
        spans.sort()
        cfg = config.counter(name)
        services = cfg.services if cfg else tuple({s.service for s in record.stretches
                                                   if s.counter == name})
        key = (services, bool(cfg and cfg.priority_only))
        waits = cache.get(key)
        if waits is None:
            waits = cache[key] = _long_waits(record, *key)
        intervals: list[tuple[float, float]] = []
        start, end = spans[0]
        for called, ended in spans[1:]:
            if called - end > GRACE_S:
                closed = _closed_from(waits, end, called)
                if closed is not None:
                    intervals.append((start, closed))
                    start = called
            end = max(end, ended)
        intervals.append((start, end))
        out[name] = [(a, b) for a, b in intervals if b > a]
    return out


def open_per_hour(intervals: dict[str, list[tuple[float, float]]], config: OfficeConfig
                  ) -> dict[tuple[str, int], float]:
    """(service, local hour) → counters serving it that were open, averaged over the hour
    (2.5 = two counters all hour and one for half of it)."""
    out: dict[tuple[str, int], float] = defaultdict(float)
    for name, spans in intervals.items():
        cfg = config.counter(name)
        if cfg is None:
            continue
        for a, b in spans:
            for h in range(int(a // 3600), int(b // 3600) + 1):
                part = min(b, (h + 1) * 3600.0) - max(a, h * 3600.0)
                if part > 0:
                    for s in cfg.services:
                        out[(s, h)] += part / 3600.0
    return dict(out)
