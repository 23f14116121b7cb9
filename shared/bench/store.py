"""`antrean bench`: how fast the embedded store issues and calls, against bare SQLite on the
same disk.

One run measures, each phase on a fresh database file in the same folder:

- **baseline**: a bare prepared single-row `INSERT` transaction (`BEGIN IMMEDIATE; INSERT INTO t
  VALUES (?,?,?); COMMIT`) on a connection from `shared.store.database.connect` (same pragmas: WAL,
  synchronous=NORMAL, busy timeout, foreign keys) — the most a one-row-per-transaction writer
  can do;
- **issue_ticket**: the kiosk's hot path (number, ticket row and event in one transaction);
- **issue**: the full kiosk call (adds people ahead and the estimated wait);
- **call**: call_next → start → finish cycles at one counter with N tickets waiting (the queue is
  topped up after each cycle, outside the timing, so every call sees exactly N waiting);
  call_next latency is timed on its own.

Targets: issue_ticket ≥ 50 % of the baseline rate; call_next p99 < 5 ms with 10 000 waiting.
The office config is the example one, opened around the clock without quotas, on a manual clock
(Monday 23 November 2026, 09:00 WIB, 0.1 s further per ticket). No Qt here.
"""
from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from shared.clock import ManualClock
from shared.domain import PriorityGroup
from shared.store.setup import init_database
from shared.store.service import SqliteQueueService
from shared.store.database import connect

START = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
ISSUE_TARGET_RATIO = 0.5
CALL_P99_TARGET_MS = 5.0
CALL_CYCLES = 2000
ROUNDS = 10
STEP_S = 0.1


from shared.bench.kit import all_day_office, machine  # noqa: E402


def bench_config():
    """The example office, issuing all day every day, with no quotas."""
    return all_day_office()


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest rank: the value at rank ⌈p·n⌉ (an observed value)."""
    if not sorted_values:
        return float("nan")
    rank = max(1, -(-len(sorted_values) * p // 100))
    return sorted_values[int(rank) - 1]


def _latency(ns: list[int]) -> dict:
    ms = sorted(x / 1e6 for x in ns)
    return {"p50_ms": percentile(ms, 50), "p99_ms": percentile(ms, 99), "max_ms": ms[-1],
            "mean_ms": sum(ms) / len(ms)}


def _remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def _fresh(folder: Path, name: str, config) -> SqliteQueueService:
    path = folder / name
    _remove_db(path)
    init_database(path, config, now=START)
    return SqliteQueueService(path, ManualClock(START))


class Baseline:
    """A bare prepared single-row INSERT transaction on a store connection (same pragmas)."""

    def __init__(self, folder: Path):
        self.path = folder / "bench-baseline.db"
        _remove_db(self.path)
        self.conn = connect(self.path)
        self.conn.execute(
            "CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT NOT NULL, c TEXT NOT NULL)")
        self.done = 0
        self.ns = 0

    def run(self, count: int) -> None:
        conn, sql = self.conn, "INSERT INTO t VALUES (?, ?, ?)"  # sqlite3 keeps it prepared
        stamp = "2026-11-23T02:00:00.000000+00:00"
        begin = time.perf_counter_ns()
        for i in range(self.done, self.done + count):
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(sql, (i, f"A-{i:03d}", stamp))
            conn.execute("COMMIT")
        self.ns += time.perf_counter_ns() - begin
        self.done += count

    def close(self) -> dict:
        self.conn.close()
        _remove_db(self.path)
        return {"count": self.done, "seconds": self.ns / 1e9,
                "per_second": self.done / (self.ns / 1e9)}


class Issuing:
    """Tickets issued round-robin over the services, one in ten with a priority group."""

    def __init__(self, folder: Path, config, full: bool):
        self.name = "bench-issue-full.db" if full else "bench-issue.db"
        self.folder = folder
        self.svc = _fresh(folder, self.name, config)
        self.fn = self.svc.issue if full else self.svc.issue_ticket
        self.services = _services(self.svc)
        self.groups = list(PriorityGroup)
        self.done = 0
        self.lat: list[int] = []

    def run(self, count: int) -> None:
        fn, services, groups, lat = self.fn, self.services, self.groups, self.lat
        clock: ManualClock = self.svc.clock
        for i in range(self.done, self.done + count):
            service = services[i % len(services)]
            priority = groups[i % len(groups)] if i % 10 == 3 else None
            t0 = time.perf_counter_ns()
            fn(service, priority)
            lat.append(time.perf_counter_ns() - t0)
            clock.advance(seconds=STEP_S)
        self.done += count

    def close(self) -> dict:
        self.svc.close()
        _remove_db(self.folder / self.name)
        total = sum(self.lat) / 1e9
        return {"count": self.done, "seconds": total, "per_second": self.done / total,
                **_latency(self.lat)}


def _services(svc: SqliteQueueService) -> list[str]:
    return [s.code for s in svc.config.services if s.active]


def bench_call(folder: Path, config, waiting: int, cycles: int) -> dict:
    """call_next latency and call_next → start → finish cycles with `waiting` tickets waiting."""
    name = "bench-call.db"
    svc = _fresh(folder, name, config)
    clock: ManualClock = svc.clock
    counter = next(c for c in svc.config.counters if not c.priority_only)
    service = counter.services[0]
    groups = list(PriorityGroup)
    try:
        def top_up(i: int) -> None:
            svc.issue_ticket(service, groups[i % len(groups)] if i % 10 == 3 else None)

        for i in range(waiting):
            top_up(i)
            clock.advance(seconds=STEP_S)
        call_ns, cycle_ns = [], []
        for i in range(cycles):
            t0 = time.perf_counter_ns()
            svc.call_next(counter.name)
            t1 = time.perf_counter_ns()
            clock.advance(seconds=STEP_S)
            svc.start(counter.name)
            clock.advance(seconds=STEP_S)
            svc.finish(counter.name)
            t2 = time.perf_counter_ns()
            call_ns.append(t1 - t0)
            cycle_ns.append(t2 - t0)
            top_up(waiting + i)
        still = svc._conn.execute(
            "SELECT COUNT(*) FROM tickets WHERE status = 'waiting'").fetchone()[0]
    finally:
        svc.close()
        _remove_db(folder / name)
    total = sum(cycle_ns) / 1e9
    return {"counter": counter.name, "service": service, "waiting": waiting,
            "waiting_at_end": still, "cycles": cycles, "seconds": total,
            "cycles_per_second": cycles / total, "call_next": _latency(call_ns),
            "cycle": _latency(cycle_ns)}


def measure(folder: Path, n: int, cycles: int = CALL_CYCLES, rounds: int = ROUNDS) -> dict:
    info = machine()
    config = bench_config()
    # the baseline and both issue paths run in alternating rounds, so a busy machine slows
    # them alike and the ratio stays fair
    phases = [Baseline(folder), Issuing(folder, config, full=False),
              Issuing(folder, config, full=True)]
    try:
        rounds = max(1, min(rounds, n))
        for r in range(rounds):
            count = n // rounds + (1 if r < n % rounds else 0)
            for phase in phases:
                phase.run(count)
    finally:
        baseline, hot, full = (phase.close() for phase in phases)
    call = bench_call(folder, config, n, min(cycles, max(n, 1)))
    ratio = hot["per_second"] / baseline["per_second"]
    return {
        "machine": info,
        "folder": str(folder),
        "tickets": n,
        "baseline_insert": baseline,
        "issue_ticket": hot,
        "issue_full": full,
        "call": call,
        "issue_vs_baseline": ratio,
        "issue_full_vs_baseline": full["per_second"] / baseline["per_second"],
        "targets": {
            "issue_ratio_min": ISSUE_TARGET_RATIO,
            "issue_ratio_ok": ratio >= ISSUE_TARGET_RATIO,
            "call_next_p99_max_ms": CALL_P99_TARGET_MS,
            "call_next_p99_ok": call["call_next"]["p99_ms"] < CALL_P99_TARGET_MS,
        },
    }


def report(r: dict) -> str:
    m, b, h, f, c, t = (r["machine"], r["baseline_insert"], r["issue_ticket"], r["issue_full"],
                        r["call"], r["targets"])
    ok = lambda flag: "OK" if flag else "MISSED"  # noqa: E731
    lines = [
        "antrean bench",
        f"  machine   {m['cpu']} ({m['cpus']} CPUs), {m['platform']}",
        f"            Python {m['python']}, SQLite {m['sqlite']}"
        + (f", load average {m['load_average'][0]:.2f} at the start" if m["load_average"] else ""),
        f"  folder    {r['folder']}",
        "",
        f"  {'':34} {'per s':>9} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}",
        f"  {'baseline: bare 1-row INSERT txn':34} {b['per_second']:9.0f}",
        f"  {'issue_ticket (hot path)':34} {h['per_second']:9.0f} {h['p50_ms']:8.3f} "
        f"{h['p99_ms']:8.3f} {h['max_ms']:8.3f}",
        f"  {'issue (+ people ahead, estimate)':34} {f['per_second']:9.0f} {f['p50_ms']:8.3f} "
        f"{f['p99_ms']:8.3f} {f['max_ms']:8.3f}",
        f"  {'call_next, ' + format(c['waiting'], ',') + ' waiting':34} "
        f"{1000 / c['call_next']['mean_ms']:9.0f} {c['call_next']['p50_ms']:8.3f} "
        f"{c['call_next']['p99_ms']:8.3f} {c['call_next']['max_ms']:8.3f}",
        f"  {'call_next+start+finish cycles':34} {c['cycles_per_second']:9.0f} "
        f"{c['cycle']['p50_ms']:8.3f} {c['cycle']['p99_ms']:8.3f} {c['cycle']['max_ms']:8.3f}",
        "",
        f"  issue_ticket / baseline = {r['issue_vs_baseline']:.0%} "
        f"(target ≥ {t['issue_ratio_min']:.0%}): {ok(t['issue_ratio_ok'])}",
        f"  issue / baseline        = {r['issue_full_vs_baseline']:.0%}",
        f"  call_next p99 = {c['call_next']['p99_ms']:.3f} ms with {c['waiting']:,} waiting "
        f"(target < {t['call_next_p99_max_ms']:g} ms): {ok(t['call_next_p99_ok'])}",
    ]
    return "\n".join(lines)


def run_bench(args) -> int:
    n = int(getattr(args, "tickets", None) or 10_000)
    if n < 1:
        print("antrean bench: --tickets must be at least 1", file=sys.stderr)
        return 2
    given = getattr(args, "dir", None)
    folder = Path(given) if given else Path(tempfile.mkdtemp(prefix="antrean-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        result = measure(folder, n)
    finally:
        if not given:
            shutil.rmtree(folder, ignore_errors=True)
    if getattr(args, "json", False):
        print(json.dumps(result, indent=2))
    else:
        print(report(result))
    return 0
