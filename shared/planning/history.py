"""What the store recorded, in the planner's terms: each day's jobs at the counters (a visitor's
work at one service), each stretch at a counter, the officers' turnaround between visitors, and
the share of waits within the standard per service and hour.

The rules (the README repeats them):
- a job is one ticket's work at one service: its issuing service (the job that counts for the
  standard: it arrives when the number is issued), or a service it was transferred to (load only:
  it arrives when the transfer was made);
- its holding time is the time its stretches at that service kept a counter, from the call to the
  end of the stretch (walking up, serving, a no-show's recalls, a reactivated no-show's second
  stretch), plus the officer's turnaround once per stretch;
- the turnaround is the median time from the end of a stretch to the counter's next call while
  somebody was already waiting (per service; the office's median when a service has fewer than
  20 such gaps; none when nobody ever waited);
- a ticket cancelled before any call is an abandonment and brings no job;
- the recorded wait is first call − issue (as in `shared.reports.stats`), filed under the local
  hour the number was issued in.
"""
from __future__ import annotations

import sqlite3
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple
from datetime import date, datetime, time

from shared.config import OfficeConfig

_UNIX = "ROUND((julianday({}) - 2440587.5) * 86400.0, 3)"   # ms, as stored
MIN_GAPS = 20
MAX_GAP_S = 600.0


class Job(NamedTuple):
    service: str
    arrival: float              # seconds from local midnight of the business day
    priority: bool
    scored: bool                # counts for the waiting standard (the issuing service)
    stretches: int              # finished stretches at the service (0: unfinished)
    busy: float                 # their seconds at counters, call to end
    wait: float | None          # recorded first call − issue (scored jobs that were called)


class Stretch(NamedTuple):
    counter: str
    service: str
    called: float
    ended: float | None


@dataclass
class DayRecord:
    day: date
    jobs: list[Job] = field(default_factory=list)
    stretches: list[Stretch] = field(default_factory=list)
    # waiting intervals (issue → first call, or → cancel) per service, for `presence`
    waiting: dict[str, list[tuple[float, float, bool]]] = field(default_factory=dict)


@dataclass
class History:
    first: date
    last: date
    days: dict[date, DayRecord]
    turnaround: dict[str, float]            # seconds per service

    def holding_samples(self) -> dict[str, list[float]]:
        """Per service, each finished job's holding time: its busy time plus one turnaround
        per stretch."""
        office = self.turnaround.get("*", 0.0)
        out: dict[str, list[float]] = defaultdict(list)
        for rec in self.days.values():
            for j in rec.jobs:
                if j.stretches:
                    out[j.service].append(j.busy + j.stretches * self.turnaround.get(j.service,
                                                                                      office))
        return dict(out)


def midnight_unix(config: OfficeConfig, day: date) -> float:
    return datetime.combine(day, time(0), config.tz).timestamp()


def load_history(conn: sqlite3.Connection, config: OfficeConfig, first: date, last: date,
                 detail: bool = True) -> History:
    """Every job of the business days [first, last]; with `detail` also every stretch and
    waiting interval (what `presence` needs)."""
    rows = conn.execute(
        f"SELECT t.id, t.business_day, t.issued_service, t.is_priority, {_UNIX.format('t.issued_at')}, "
        f"{_UNIX.format('t.first_called_at')}, {_UNIX.format('t.cancelled_at')}, t.status, "
        f"g.service, g.counter, {_UNIX.format('g.called_at')}, {_UNIX.format('g.ended_at')} "
        "FROM tickets t LEFT JOIN segments g ON g.ticket_id = t.id "
        "WHERE t.business_day BETWEEN ? AND ? ORDER BY t.id, g.id",
        (first.isoformat(), last.isoformat()))
    days: dict[date, DayRecord] = {}
    midnights: dict[str, tuple[DayRecord, float]] = {}
    raw_stretches: list[tuple[str, str, float, float | None, float]] = []
    current_id = None
    ticket: tuple = ()
    parts: list[tuple] = []

    def close_ticket() -> None:
        if current_id is not None:
            _ticket_jobs(ticket, parts, raw_stretches, detail)

    for (tid, day_iso, issued_svc, is_prio, issued, first_call, cancelled, status,
         g_svc, g_counter, g_called, g_ended) in rows:
        if tid != current_id:
            close_ticket()
            current_id = tid
            entry = midnights.get(day_iso)
            if entry is None:
                d = date.fromisoformat(day_iso)
                entry = midnights[day_iso] = (DayRecord(d), midnight_unix(config, d))
                days[d] = entry[0]
            ticket = (entry[0], entry[1], issued_svc, bool(is_prio), issued, first_call,
                      cancelled, status)
            parts = []
        if g_svc is not None:
            parts.append((g_svc, g_counter, g_called, g_ended))
    close_ticket()
    return History(first, last, dict(sorted(days.items())), _turnarounds(raw_stretches))


def _ticket_jobs(ticket: tuple, parts: list[tuple], raw_stretches: list, detail: bool) -> None:
    rec, midnight, issued_svc, prio, issued, first_call, cancelled, status = ticket
    arrival = issued - midnight
    end_wait = first_call if first_call is not None else cancelled
    if detail and (end_wait is not None or status == "waiting"):
        rec.waiting.setdefault(issued_svc, []).append(
            (arrival, (end_wait - midnight) if end_wait is not None else float("inf"), prio))
    if first_call is None:
        if status == "waiting":          # a live day: it will need a counter
            rec.jobs.append(Job(issued_svc, arrival, prio, True, 0, 0.0, None))
        return                           # cancelled before a call: abandoned, no work
    if len(parts) == 1 and parts[0][0] == issued_svc and parts[0][3] is not None:
        svc, counter, called, ended = parts[0]      # most tickets: one stretch, where issued
        if detail:
            rec.stretches.append(Stretch(counter, svc, called - midnight, ended - midnight))
        raw_stretches.append((counter, svc, called, ended, issued))
        rec.jobs.append(Job(svc, arrival, prio, True, 1, ended - called, first_call - issued))
        return
    # per service: (stretches, busy seconds, arrival, complete?)
    work: dict[str, list] = {}
    previous_end = arrival
    for svc, counter, called, ended in parts:
        rel_called = called - midnight
        rel_ended = None if ended is None else ended - midnight
        if detail:
            rec.stretches.append(Stretch(counter, svc, rel_called, rel_ended))
        raw_stretches.append((counter, svc, rel_called + midnight, ended,
                              (arrival if svc == issued_svc else previous_end) + midnight))
        w = work.get(svc)
        if w is None:
            if detail and svc != issued_svc:     # a transferred visitor waits here too
                rec.waiting.setdefault(svc, []).append((previous_end, rel_called, prio))
            w = work[svc] = [0, 0.0, arrival if svc == issued_svc else previous_end, True]
        if rel_ended is None:
            w[3] = False
        else:
            w[0] += 1
            w[1] += rel_ended - rel_called
            previous_end = rel_ended
    wait = first_call - issued
    if issued_svc not in work:           # called elsewhere first (data repaired by hand)
        work[issued_svc] = [0, 0.0, arrival, False]
    for svc, (count, busy, at, complete) in work.items():
        scored = svc == issued_svc
        rec.jobs.append(Job(svc, at, prio, scored, count if complete else 0, busy,
                            wait if scored else None))


def _turnarounds(raw: list[tuple[str, str, float, float | None, float]]) -> dict[str, float]:
    """Median end-of-stretch → next call of the same counter, when that visitor was already
    waiting at the end (else the officer was idle, not turning round)."""
    by_counter: dict[str, list] = defaultdict(list)
    for counter, svc, called, ended, ready in raw:
        by_counter[counter].append((called, ended, svc, ready))
    gaps: dict[str, list[float]] = defaultdict(list)
    for items in by_counter.values():
        items.sort()
        for (_c0, e0, _s0, _r0), (c1, _e1, s1, r1) in zip(items, items[1:]):
            if e0 is None or r1 > e0:
                continue
            gap = c1 - e0
            if 0 <= gap <= MAX_GAP_S:
                gaps[s1].append(gap)
    everything = [g for v in gaps.values() for g in v]
    if not everything:
        return {}
    office = statistics.median(everything)
    return {s: (statistics.median(v) if len(v) >= MIN_GAPS else office) for s, v in gaps.items()} \
        | {"*": office}


def recorded_shares(history: History, config: OfficeConfig
                    ) -> dict[tuple[date, str, int], tuple[int, int]]:
    """(day, service, local hour of issue) → (waits within the standard, waits recorded)."""
    target = {s.code: s.target_wait_min * 60.0 for s in config.services}
    out: dict[tuple[date, str, int], list[int]] = defaultdict(lambda: [0, 0])
    for d, rec in history.days.items():
        for j in rec.jobs:
            if j.scored and j.wait is not None:
                cell = out[(d, j.service, int(j.arrival // 3600))]
                cell[0] += j.wait <= target.get(j.service, -1) + 1e-6
                cell[1] += 1
    return {k: (v[0], v[1]) for k, v in out.items()}
