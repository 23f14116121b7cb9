"""`python -m shared.bench.plan`: plan a month of a 30-service Mal Pelayanan Publik (target < 5 s).

The office is `antrean simulate`'s MPP with ten more agencies' services (30 services, about
170 counters, some 4 300 visitors a weekday), nine weeks of history ending Monday 30 November
2026. Timed: `plan_period` for December 2026 from the eight weeks before it (forecast basis:
history read, forecast, Erlang C, the simulation rounds), then November in hindsight (actual
basis: every recorded arrival). Yardstick: the month's report (`period_report`) on the same file.

    python -m shared.bench.plan [--repeats 3] [--db FILE]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from shared.bench.kit import machine_line

NOW = datetime(2026, 11, 30, 11, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
EXTRA_SERVICES = (
    ("kua", "U", "Kemenag — Nikah (KUA)", 30, 15, 0.03, False),
    ("bea", "V", "Bea Cukai — Barang Kiriman", 30, 10, 0.02, False),
    ("bpom", "W", "BPOM — Izin Edar", 45, 20, 0.015, False),
    ("taspen", "X", "Taspen — Pensiun", 30, 15, 0.03, False),
    ("bank", "Y", "Bank Daerah — Setoran", 15, 6, 0.05, False),
    ("dinkes", "Z", "Dinas Kesehatan — Izin Praktik", 45, 20, 0.015, False),
    ("dishub", "AA", "Dishub — Uji KIR", 30, 12, 0.02, True),
    ("pupr", "AB", "PUPR — Izin Jalan", 45, 20, 0.01, False),
    ("dinsos", "AC", "Dinas Sosial — Bansos", 30, 12, 0.04, True),
    ("kominfo", "AD", "Diskominfo — Pengaduan", 20, 8, 0.015, False),
)


@contextmanager
def thirty_services():
    """`antrean simulate`'s office with ten more services, while the block runs."""
    import shared.simulate as sim
    saved = sim.MPP_SERVICES
    sim.MPP_SERVICES = saved + EXTRA_SERVICES
    try:
        yield sim
    finally:
        sim.MPP_SERVICES = saved


def make_office(path: Path) -> dict:
    with thirty_services() as sim:
        return sim.simulate(path, tickets=240_000, days=63, now=NOW, seed=2026)


def run(db: Path, repeats: int) -> dict:
    from shared.planning.planner import plan_period
    from shared.planning.recommend import PlanSettings
    from shared.reports.stats import period_report
    from shared.store.service import SqliteQueueService

    svc = SqliteQueueService(db)
    conn, config = svc._conn, svc.config
    timings: dict[str, list[float]] = {"forecast": [], "each_day": [], "actual": [], "report": []}
    plans = {}
    runs = (("forecast", "forecast", date(2026, 12, 1), date(2026, 12, 31), True),
            ("each_day", "forecast", date(2026, 12, 1), date(2026, 12, 31), False),
            ("actual", "actual", date(2026, 11, 1), date(2026, 11, 30), True))
    for _ in range(repeats):
        for name, basis, first, last, reuse in runs:
            t0 = time.perf_counter()
            plans[name] = plan_period(conn, config, first, last, PlanSettings(), basis, reuse)
            timings[name].append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        period_report(conn, config, date(2026, 11, 1), date(2026, 11, 30))
        timings["report"].append(time.perf_counter() - t0)
    out = {"services": len(config.services), "counters": len(config.counters)}
    for name, plan in plans.items():
        cells = [c for d in plan.days if d.plan for c in d.plan.cells.values()]
        out[name] = {
            "median_s": statistics.median(timings[name]), "min_s": min(timings[name]),
            "days_planned": sum(1 for d in plan.days if d.plan),
            "cells": len(cells), "visitors_simulated": plan.simulated,
            "rounds_max": max((d.plan.rounds for d in plan.days if d.plan), default=0),
            "cells_meeting_target": sum(1 for c in cells if c.predicted is None
                                        or c.predicted >= plan.settings.target_share)}
    out["report"] = {"median_s": statistics.median(timings["report"])}
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m shared.bench.plan", description=__doc__.split("\n")[0])
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--db", type=Path, help="reuse an office made by an earlier run")
    args = p.parse_args(argv)
    print(f"machine: {machine_line()}")
    db = args.db
    if db is None or not db.exists():
        db = db or Path(tempfile.mkdtemp()) / "mpp30.db"
        t0 = time.perf_counter()
        made = make_office(db)
        print(f"office: {made['services']} services, {made['counters']} counters, "
              f"{made['tickets']:,} tickets {made['first_day']} – {made['last_day']} "
              f"(made in {time.perf_counter() - t0:.1f} s, not timed) at {db}")
    r = run(db, max(1, args.repeats))
    f, e, a = r["forecast"], r["each_day"], r["actual"]
    print(f"plan December 2026 (forecast, {f['days_planned']} days × {r['services']} services, "
          f"{f['cells']:,} service-hours, {f['visitors_simulated']:,} visitors simulated, up to "
          f"{f['rounds_max']} rounds a pool): median {f['median_s']:.2f} s, min {f['min_s']:.2f} s "
          f"— target < 5 s: {'met' if f['median_s'] < 5 else 'MISSED'}")
    print(f"  {f['cells_meeting_target']:,} of {f['cells']:,} service-hours reach the target "
          "in the simulation (the rest: not reachable within the round limit)")
    print(f"  every date planned anew (no reuse of equal days; {e['visitors_simulated']:,} "
          f"visitors simulated): median {e['median_s']:.2f} s, min {e['min_s']:.2f} s")
    print(f"plan November 2026 in hindsight (actual, {a['days_planned']} days, "
          f"{a['visitors_simulated']:,} visitors simulated): median {a['median_s']:.2f} s, "
          f"min {a['min_s']:.2f} s")
    print(f"yardstick: November's report (period_report) {r['report']['median_s']:.2f} s; "
          f"planning a month = {f['median_s'] / r['report']['median_s']:.1f}× the month's report")
    return 0


if __name__ == "__main__":
    sys.exit(main())
