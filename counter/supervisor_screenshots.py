"""Render the supervisor's dashboard and the PDF report to PNG for the README:

    python -m counter.supervisor_screenshots [DIR] [--db SIMULATED.db]

Without --db it simulates six weeks of the Mal Pelayanan Publik (about 125 000 tickets) ending on
Monday 30 November 2026 at 11.00 WIB, so the pictures are the same on every run.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 30, 11, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from shared.clock import ManualClock
    from shared.reports import month_bounds, write_pdf
    from shared.simulate import simulate
    from shared.sqlite_service import SqliteQueueService
    from shared.stats import period_report

    from .supervisor_window import SupervisorWindow

    out = Path(argv[0]) if argv and not argv[0].startswith("--") else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp())
    if "--db" in argv:
        db = Path(argv[argv.index("--db") + 1])
    else:
        db = tmp / "mpp.db"
        simulate(db, tickets=125_000, days=42, now=NOW, seed=2026)
    app = QApplication.instance() or QApplication([])
    svc = SqliteQueueService(db, ManualClock(NOW))
    user = {"username": "kepala", "full_name": "Dra. Kartika Sari, M.AP.", "role": "supervisor"}
    window = SupervisorWindow(svc, user, now=svc.clock.now)
    window.resize(1600, 900)
    window.show()
    QTest.qWait(200)
    window.grab().save(str(out / "supervisor-live.png"))
    window.tabs.setCurrentIndex(1)
    while window.period.report is None:
        QTest.qWait(50)
    QTest.qWait(200)
    window.grab().save(str(out / "supervisor-period.png"))
    window.period.tabs.setCurrentIndex(5)
    QTest.qWait(300)
    window.grab().save(str(out / "supervisor-charts.png"))
    window.shutdown()
    first, last = month_bounds("2026-11")
    pdf = write_pdf(period_report(svc._conn, svc.config, first, last), tmp / "laporan.pdf")
    if shutil.which("pdftoppm"):
        for page in (1, 2):
            subprocess.run(["pdftoppm", "-png", "-r", "90", "-f", str(page), "-l", str(page),
                            "-singlefile", str(pdf), str(out / f"report-page{page}")], check=True)
    svc.close()
    del app
    print(f"screenshots in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
