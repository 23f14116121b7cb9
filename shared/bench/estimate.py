"""`python -m shared.bench.estimate`: how close the estimated wait on the slip comes to the wait
that followed, on simulated days replayed through the real store (`shared.bench.replay`) —
the old estimator (people ahead × average service time ÷ open counters) beside the new one.

Per scenario: WARMUP_DAYS ordinary days first (the history the estimator learns from: service
times, the officers' usual opening and lunch break), then MEASURED_DAYS days whose every ticket
counts: absolute error |estimate − actual wait| (median, 90th percentile), bias (mean of
estimate − actual), and how often the actual wait fell inside the phone's range. Then what the
estimate costs at issue with 10 000 tickets waiting. Seeded: the same figures on every run of
the same code.
"""
from __future__ import annotations

import argparse
import json
import math
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from shared.bench.kit import machine, machine_line
from shared.bench.replay import (Scenario, mmc_floor, office_days, percentile, run_day,
                                 scenario_config)
from shared.clock import ManualClock, to_iso
from shared.store.service import SqliteQueueService
from shared.store.setup import init_database

WARMUP_DAYS, MEASURED_DAYS = 3, 8
TARGET_MEDIAN_MIN = 3.0
STEADY = ((7.5, 15.0, 0.8),)
OVERLOADED = ((7.5, 15.0, 1.2),)
RUSH = ((7.5, 9.0, 1.6), (9.0, 15.0, 0.6))
# counters and the mean service time of each office size: a quick service at a one-counter
# office, e-KTP-like services at three and five
SIZES = ((1, 3.5), (3, 10.0), (5, 15.0))

SCENARIOS = [
    *(Scenario(f"{k} loket, {label}", k, minutes, load, stable=kind == "steady", kind=kind)
      for k, minutes in SIZES
      for label, load, kind in (("steady", STEADY, "steady"), ("overloaded", OVERLOADED,
                                                                "overloaded"),
                                ("morning rush", RUSH, "rush"))),
    # counters 20-45 min late on the measured days only: the history shows them on time, so
    # nothing tells the estimator until the morning shows it (see the noise floor)
    *(Scenario(f"{k} loket, late, unannounced", k, minutes, STEADY, late_min=(20.0, 45.0),
               kind="late") for k, minutes in SIZES),
    # ... and every day, history included: the officers' usual start is late, and learnable
    *(Scenario(f"{k} loket, late every day", k, minutes, STEADY, late_min=(20.0, 45.0),
               late_every_day=True, kind="late") for k, minutes in SIZES),
    *(Scenario(f"{k} loket, regular service (CV² 0.3)", k, minutes, STEADY, service_cv2=0.3,
               kind="regular") for k, minutes in SIZES),
    Scenario("3 loket, 15 % priority (strict)", 3, 10.0, STEADY, priority_share=0.15,
             policy="strict", kind="priority"),
    Scenario("3 loket, 15 % priority (interleave)", 3, 10.0, STEADY, priority_share=0.15,
             policy="interleave", kind="priority"),
]


# --- the estimator this project had before: kept here to measure against ---------------------
def old_estimate(svc: SqliteQueueService, issued) -> float:
    """people ahead × mean of the last 20 service times (7 days; the target below 3) ÷ open
    counters (all configured when none is open)."""
    ahead = issued.people_ahead
    if ahead <= 0:
        return 0.0
    conn, config, t = svc._conn, svc.config, issued.ticket
    now = svc.clock.now()
    rows = conn.execute(
        "SELECT ROUND((julianday(ended_at) - julianday(started_at)) * 86400, 3) / 60.0 "
        "FROM segments WHERE service = ? AND outcome = 'done' AND started_at IS NOT NULL "
        "AND ended_at >= ? ORDER BY ended_at DESC LIMIT 20",
        (t.service, to_iso(now - timedelta(days=7)))).fetchall()
    avg = (config.service(t.service).target_service_min if len(rows) < 3
           else sum(r[0] for r in rows) / len(rows))
    names = [c.name for c in config.counters
             if t.service in c.services and (t.is_priority or not c.priority_only)]
    marks = ",".join("?" * len(names))
    open_now = conn.execute(f"SELECT COUNT(*) FROM counters WHERE status = 'open' AND active = 1 "
                            f"AND name IN ({marks})", names).fetchone()[0]
    return ahead * avg / (open_now or len(names) or 1)


def _errors(visits, field: str) -> list[float]:
    return [getattr(v, field) - v.actual for v in visits if v.actual is not None]


def _figures(errors: list[float]) -> dict:
    absolute = [abs(e) for e in errors]
    return {"median_abs": statistics.median(absolute), "p90_abs": percentile(absolute, 90),
            "bias": statistics.fmean(errors)}


def run_scenario(s: Scenario, folder: Path, seed: int) -> dict:
    import random
    path = folder / "estimate-bench.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    days = office_days(WARMUP_DAYS + MEASURED_DAYS)
    start = datetime.combine(days[0], datetime.min.time()).replace(tzinfo=scenario_config(s).tz)
    init_database(path, scenario_config(s), now=start)
    clock = ManualClock(start)
    svc = SqliteQueueService(path, clock)
    rng = random.Random(seed)
    measured = []
    try:
        for i, day in enumerate(days):
            visits = run_day(svc, clock, s, day, rng, i >= WARMUP_DAYS, old_estimate)
            if i >= WARMUP_DAYS:
                measured += visits
    finally:
        svc.close()
    served = [v for v in measured if v.actual is not None]
    waits = [v.actual for v in served]
    inside = [v for v in served if v.low is not None and v.low - 0.5 <= v.actual <= v.high + 0.5]
    early = [v for v in served if v.before_open]
    idle_ahead = [v for v in served if v.ahead == 0 and v.all_busy]
    return {"scenario": s.name, "kind": s.kind, "counters": s.counters,
            "service_min": s.service_min, "stable": s.stable, "tickets": len(served),
            "before_open": {"tickets": len(early), "old": _errors(early, "old"),
                            "new": _errors(early, "estimate")},
            "after_open": {"old": _errors([v for v in served if not v.before_open], "old"),
                           "new": _errors([v for v in served if not v.before_open], "estimate")},
            "nobody_ahead_all_busy": {"tickets": len(idle_ahead),
                                      "actual": [v.actual for v in idle_ahead],
                                      "old": [v.old for v in idle_ahead],
                                      "new": [v.estimate for v in idle_ahead]},
            "floor": (mmc_floor(s.counters, s.service_min, STEADY[0][2])
                      if s.kind == "steady" else None),
            "actual": {"median": statistics.median(waits), "p90": percentile(waits, 90)},
            "old": _figures(_errors(served, "old")), "new": _figures(_errors(served, "estimate")),
            "expected": _figures(_errors(served, "expected")),
            "oracle": (_figures(_errors(served, "oracle")) if s.kind == "late" else None),
            "oracle_after_open": (_figures(_errors([v for v in served if not v.before_open],
                                                   "oracle")) if s.kind == "late" else None),
            "in_range": len(inside) / len(served) if served else 0.0}


def issue_cost(folder: Path, waiting: int = 10_000, samples: int = 300) -> dict:
    """issue vs issue_ticket with `waiting` tickets of one service waiting and two counters busy."""
    s = Scenario("cost", 3, 8.0, STEADY)
    path = folder / "estimate-cost.db"
    day = office_days(1)[0]
    start = datetime.combine(day, datetime.min.time()).replace(tzinfo=scenario_config(s).tz)
    raw_config = scenario_config(s)
    init_database(path, raw_config, now=start)
    clock = ManualClock(start + timedelta(hours=9))
    svc = SqliteQueueService(path, clock)
    try:
        conn = svc._conn
        stamp = to_iso(clock.now())
        key = int(clock.now().timestamp() * 1_000_000) * 1024
        conn.execute("BEGIN IMMEDIATE")   # the queue, written directly: the figure is the issue
        conn.executemany(
            "INSERT INTO tickets (code, number, issued_service, service, business_day, status, "
            "is_priority, queue_key, token, issued_at) VALUES (?, ?, 'umum', 'umum', ?, 'waiting', "
            "?, ?, ?, ?)", [(f"A-{n:03d}", n, day.isoformat(), int(n % 10 == 3), key + n,
                             f"tok{n:012d}", stamp) for n in range(1, waiting + 1)])
        conn.execute("INSERT INTO day_sequences VALUES ('umum', ?, ?)", (day.isoformat(), waiting))
        conn.execute("COMMIT")
        for name in ("1", "2"):
            svc.open_counter(name)
            svc.call_next(name)
            svc.start(name)
        clock.advance(minutes=1)
        svc.issue("umum")                  # the estimator's first look (history, counts)
        timings = {"issue_ticket": [], "issue": [], "old_issue": []}

        def old_issue(service):    # this project's issue before: number, people ahead, estimate
            from shared.domain import IssuedTicket
            t = svc.issue_ticket(service)
            return old_estimate(svc, IssuedTicket(t, svc.people_ahead(t.code), 0.0, ""))

        calls = {"issue_ticket": svc.issue_ticket, "issue": svc.issue, "old_issue": old_issue}
        for i in range(samples):     # alternating, so a busy machine slows them alike
            for kind, fn in calls.items():
                t0 = time.perf_counter_ns()
                fn("umum")
                timings[kind].append((time.perf_counter_ns() - t0) / 1e6)
                clock.advance(seconds=0.1)
        waiting_now = conn.execute("SELECT COUNT(*) FROM tickets WHERE status = 'waiting'"
                                   ).fetchone()[0]
    finally:
        svc.close()
    med = {k: statistics.median(v) for k, v in timings.items()}
    p99 = {k: percentile(v, 99) for k, v in timings.items()}
    return {"waiting": waiting_now, "issue_ticket_p50_ms": med["issue_ticket"],
            "issue_p50_ms": med["issue"], "extra_p50_ms": med["issue"] - med["issue_ticket"],
            "old_issue_p50_ms": med["old_issue"],
            "old_extra_p50_ms": med["old_issue"] - med["issue_ticket"],
            "issue_ticket_p99_ms": p99["issue_ticket"], "issue_p99_ms": p99["issue"],
            "old_issue_p99_ms": p99["old_issue"]}


def measure(folder: Path, only: str | None = None) -> dict:
    started = time.monotonic()
    chosen = [s for s in SCENARIOS if not only or only.lower() in s.name.lower()]
    results = [run_scenario(s, folder, seed=1000 + i) for i, s in enumerate(SCENARIOS)
               if s in chosen]
    cost = issue_cost(folder)
    return {"machine": machine(), "machine_line": machine_line(), "scenarios": results,
            "cost": cost, "seconds": time.monotonic() - started,
            "warmup_days": WARMUP_DAYS, "measured_days": MEASURED_DAYS}


def report(r: dict) -> str:
    lines = ["antrean estimate bench — estimated wait at issue vs the wait that followed",
             f"  machine  {r['machine_line']}",
             f"  {r['warmup_days']} days of history, then {r['measured_days']} measured days per "
             "scenario; minutes; error = estimate − actual",
             "",
             f"  {'scenario':36} {'mean':>5} {'tickets':>7} {'actual':>6} │ {'old: median':>11} "
             f"{'p90':>5} {'bias':>6} │ {'new: median':>11} {'p90':>5} {'bias':>6} {'range':>6}",
             f"  {'':36} {'svc':>5} {'':>7} {'median':>6} │ {'abs err':>11} {'':>5} {'':>6} │ "
             f"{'abs err':>11} {'':>5} {'':>6} {'hits':>6}"]
    missed = []
    for x in r["scenarios"]:
        o, n = x["old"], x["new"]
        mark = {"overloaded": " *", "rush": " †"}.get(x["kind"], "")
        lines.append(
            f"  {x['scenario'] + mark:36} {x['service_min']:5.1f} {x['tickets']:7d} "
            f"{x['actual']['median']:6.1f} │ {o['median_abs']:11.1f} {o['p90_abs']:5.1f} "
            f"{o['bias']:+6.1f} │ {n['median_abs']:11.1f} {n['p90_abs']:5.1f} {n['bias']:+6.1f} "
            f"{x['in_range']:6.0%}")
        if x["stable"] and n["median_abs"] > TARGET_MEDIAN_MIN:
            floor = x.get("oracle") or {}
            missed.append(x["scenario"] + (f" ({n['median_abs']:.1f}; floor "
                                           f"{floor['median_abs']:.1f})" if floor else ""))
    c = r["cost"]
    steady = [x for x in r["scenarios"] if x["kind"] == "steady"]
    early = {k: [e for x in steady for e in x["before_open"][k]] for k in ("old", "new")}
    idle = {k: [e for x in steady for e in x["nobody_ahead_all_busy"][k]]
            for k in ("actual", "old", "new")}
    floors = ", ".join(f"{x['counters']} loket {x['floor']:.1f}" for x in steady)
    lines += ["",
              "  * arrivals exceed capacity all day, † from 07.30 to 09.00 (1.6 ×): the queue is "
              "not stable (no target)"]
    if floors:
        lines.append(f"  noise floor, steady load (a perfect estimator in M/M/c at the same load: "
                     f"it knows who is ahead, not how long their services will take): {floors}")
    if early["old"]:
        lines.append(f"  taken before the counters open (steady days, {len(early['old'])} tickets): "
                     f"median abs err old {statistics.median(map(abs, early['old'])):.1f}, new "
                     f"{statistics.median(map(abs, early['new'])):.1f}")
    late = [x for x in r["scenarios"] if x["kind"] == "late"]
    if late:
        def med(key, part):
            values = [abs(e) for x in late for e in x[part][key]]
            return statistics.median(values) if values else math.nan
        floors = ", ".join(f"{x['counters']} loket {x['oracle']['median_abs']:.1f} "
                           f"(after opening {x['oracle_after_open']['median_abs']:.1f})"
                           for x in late)
        lines.append(f"  noise floor, counters opening late (an estimator told exactly when each "
                     f"counter will open; it cannot know how long the services will take): "
                     f"{floors}")
        lines.append(f"  opening late: taken before the counters opened, median abs err old "
                     f"{med('old', 'before_open'):.1f}, new {med('new', 'before_open'):.1f} (how "
                     f"late is not known yet); taken after, old {med('old', 'after_open'):.1f}, "
                     f"new {med('new', 'after_open'):.1f}")
    if idle["actual"]:
        lines.append(f"  nobody ahead, every open counter busy (steady days, {len(idle['actual'])} "
                     f"tickets): waited {statistics.fmean(idle['actual']):.1f} on average; told "
                     f"old {statistics.fmean(idle['old']):.1f}, new {statistics.fmean(idle['new']):.1f}")
    lines += [
              "  range hits: actual wait inside the phone's range (the middle half: 25th–75th "
              "percentile), ±½ min",
              "",
              f"  median absolute error ≤ {TARGET_MEDIAN_MIN:g} min in every stable scenario: "
              + ("OK" if not missed else "MISSED in " + "; ".join(missed)),
              "",
              f"  issuing with {c['waiting']:,} waiting in one service (two counters busy), "
              f"p50 / p99 ms:",
              f"    issue_ticket (number only)          {c['issue_ticket_p50_ms']:.3f} / "
              f"{c['issue_ticket_p99_ms']:.3f}",
              f"    issue, old estimator                {c['old_issue_p50_ms']:.3f} / "
              f"{c['old_issue_p99_ms']:.3f}   → {c['old_extra_p50_ms']:.3f} ms extra",
              f"    issue, new estimator                {c['issue_p50_ms']:.3f} / "
              f"{c['issue_p99_ms']:.3f}   → {c['extra_p50_ms']:.3f} ms extra",
              f"  ran in {r['seconds']:.0f} s"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shared.bench.estimate",
                                     description="How close the estimated wait comes to the "
                                                 "actual wait on simulated days.")
    parser.add_argument("--json", action="store_true", help="the figures as JSON")
    parser.add_argument("--only", help="run only the scenarios whose name contains this")
    parser.add_argument("--dir", help="folder for the temporary databases (default: a new "
                                      "temporary folder)")
    args = parser.parse_args(argv)
    folder = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="antrean-estimate-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        result = measure(folder, args.only)
    except (OSError, sqlite3.Error) as exc:
        print(f"antrean estimate bench: {exc}", file=sys.stderr)
        return 1
    finally:
        if not args.dir:
            shutil.rmtree(folder, ignore_errors=True)
    if not result["scenarios"]:
        print(f"antrean estimate bench: no scenario matches {args.only!r}", file=sys.stderr)
        return 2
    print(json.dumps(result, indent=2) if args.json else report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
