"""Benchmark the supervisor's figures on a (simulated) database:

    antrean simulate --tickets 1000000 --out /tmp/mpp.db
    python -m counter.supervisor.bench --db /tmp/mpp.db [--repeats 9]

Prints the machine, then median / min / max over the repeats of: today's live figures (the core
query and the whole screen refresh), a month's report (wall and CPU time), and a bare indexed scan
of the month's tickets as a yardstick, so a result on a busy shared machine can be read as a ratio.
Targets: live refresh < 200 ms, month report < 1 s.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

LIVE_TARGET_MS = 200
MONTH_TARGET_MS = 1000


def machine() -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return {"cpu": cpu, "cores": os.cpu_count(), "platform": platform.platform(),
            "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
            "load_average": [round(x, 2) for x in load] if load else None}


def timed(fn, repeats: int) -> dict:
    wall, cpu = [], []
    for _ in range(repeats):
        c, t = time.process_time(), time.perf_counter()
        fn()
        wall.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return {"median_ms": round(statistics.median(wall), 1), "min_ms": round(min(wall), 1),
            "max_ms": round(max(wall), 1), "cpu_median_ms": round(statistics.median(cpu), 1)}


def simulated_now(conn, tz) -> datetime:
    row = conn.execute("SELECT at FROM events WHERE type = 'simulated' ORDER BY seq DESC LIMIT 1"
                       ).fetchone() or conn.execute("SELECT MAX(issued_at) FROM tickets").fetchone()
    return datetime.fromisoformat(row[0])


def run(db: Path, repeats: int, month: str | None) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from shared.clock import ManualClock
    from shared.reports.tables import month_bounds, period_tables, write_pdf, write_xlsx
    from shared.store.service import SqliteQueueService
    from shared.reports.stats import period_report
    from shared.reports.live import live_snapshot

    from counter.supervisor.live import LiveView

    probe = SqliteQueueService(db)
    now = simulated_now(probe._conn, probe.config.tz)
    probe.close()
    svc = SqliteQueueService(db, ManualClock(now))
    conn, config = svc._conn, svc.config
    tickets = conn.execute("SELECT COUNT(*) FROM tickets").fetchone()[0]
    first, last = month_bounds(month or now.astimezone(config.tz).strftime("%Y-%m"))
    span = (first.isoformat(), last.isoformat())
    month_tickets = conn.execute("SELECT COUNT(*) FROM tickets WHERE business_day BETWEEN ? AND ?",
                                 span).fetchone()[0]
    app = QApplication.instance() or QApplication([])
    view = LiveView(svc, lambda: now)
    results = {"machine": machine(), "db": str(db), "tickets": tickets, "now": now.isoformat(),
               "month": f"{first} … {last}", "month_tickets": month_tickets, "repeats": repeats}
    # warm the page cache once, as a dashboard that is already open has it
    period_report(conn, config, first, last)
    results["scan_month_tickets"] = timed(lambda: conn.execute(
        "SELECT COUNT(*), SUM(length(issued_at)), SUM(length(first_called_at)) FROM tickets "
        "WHERE business_day BETWEEN ? AND ?", span).fetchone(), repeats)
    results["live_snapshot"] = timed(lambda: live_snapshot(conn, config, now), repeats)
    results["live_screen_refresh"] = timed(view.refresh, repeats)
    results["month_report"] = timed(lambda: period_report(conn, config, first, last), repeats)
    report = period_report(conn, config, first, last)
    tmp = Path(tempfile.mkdtemp())
    results["month_xlsx"] = timed(lambda: write_xlsx(report, tmp / "r.xlsx",
                                                     period_tables(report)), max(1, repeats // 3))
    results["month_pdf"] = timed(lambda: write_pdf(report, tmp / "r.pdf"), max(1, repeats // 3))
    base = results["scan_month_tickets"]["median_ms"] or 1
    results["ratios_to_scan"] = {k: round(results[k]["median_ms"] / base, 1)
                                 for k in ("live_snapshot", "month_report")}
    results["targets_met"] = {
        "live_refresh_under_200ms": results["live_screen_refresh"]["median_ms"] < LIVE_TARGET_MS,
        "month_report_under_1s": results["month_report"]["median_ms"] < MONTH_TARGET_MS}
    view.stop()
    svc.close()
    del app
    return results


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--db", type=Path, required=True, help="a database from 'antrean simulate'")
    p.add_argument("--repeats", type=int, default=9)
    p.add_argument("--month", help="YYYY-MM (default: the month of the simulated 'now')")
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    r = run(args.db, args.repeats, args.month)
    if args.json:
        print(json.dumps(r, indent=2))
        return 0
    m = r["machine"]
    print(f"machine: {m['cpu']} · {m['cores']} cores · {m['platform']} · Python {m['python']} · "
          f"SQLite {m['sqlite']} · load average {m['load_average']}")
    print(f"database: {r['db']} — {r['tickets']:,} tickets; now {r['now']}; month {r['month']} "
          f"({r['month_tickets']:,} tickets); {r['repeats']} repeats")
    print(f"{'measure':<34}{'median':>10}{'min':>10}{'max':>10}{'CPU med.':>10}")
    for key, label in (("scan_month_tickets", "yardstick: scan the month's tickets"),
                       ("live_snapshot", "today live: figures (core)"),
                       ("live_screen_refresh", "today live: screen refresh"),
                       ("month_report", "month report: all figures"),
                       ("month_xlsx", "month report: XLSX file"),
                       ("month_pdf", "month report: PDF file")):
        t = r[key]
        print(f"{label:<34}{t['median_ms']:>8.1f}ms{t['min_ms']:>8.1f}ms{t['max_ms']:>8.1f}ms"
              f"{t['cpu_median_ms']:>8.1f}ms")
    print(f"ratios to the yardstick: live {r['ratios_to_scan']['live_snapshot']}×, "
          f"month {r['ratios_to_scan']['month_report']}×")
    print("targets: live refresh < 200 ms: "
          f"{'met' if r['targets_met']['live_refresh_under_200ms'] else 'NOT met'}; "
          f"month report < 1 s: {'met' if r['targets_met']['month_report_under_1s'] else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
