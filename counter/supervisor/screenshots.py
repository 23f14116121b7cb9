"""Render the supervisor's dashboard and the PDF report to PNG for the README:

    python -m counter.supervisor.screenshots [DIR] [--db SIMULATED.db]
    python -m counter.supervisor.screenshots [DIR] --voice-only

Without --db it simulates six weeks of the Mal Pelayanan Publik (about 125 000 tickets) ending on
Monday 30 November 2026 at 11.00 WIB, so the pictures are the same on every run. The survey and
complaints pictures (supervisor-ikm, supervisor-complaints, report-ikm; `--voice-only` makes only
these) use a simulated year with seeded survey answers and complaints.
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

from assets import PROJECT_ROOT as ROOT
NOW = datetime(2026, 11, 30, 11, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from shared.clock import ManualClock
    from shared.reports.tables import month_bounds, write_pdf
    from shared.simulate import simulate
    from shared.store.service import SqliteQueueService
    from shared.reports.stats import period_report

    from counter.supervisor.window import SupervisorWindow

    out = Path(argv[0]) if argv and not argv[0].startswith("--") else ROOT / "assets" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp())
    if "--voice-only" in argv:
        voice_screenshots(out, tmp)
        print(f"screenshots in {out}")
        return 0
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


def seed_voice(svc, rng) -> None:
    """Survey answers for about 350 served tickets a month (scores drifting over the year, weaker
    on waiting time) and ten complaints in November in every state.

    The answers go straight into the survey tables, as `shared.store.survey.submit_survey` would write
    them: that function finds a ticket by today's code or by a long status token, and the
    simulator's history has neither."""
    from datetime import timedelta

    from shared.store import survey
    from shared.ikm import ELEMENT_KEYS
    from shared.store.database import write_transaction
    conn = svc._conn
    months = [r[0] for r in conn.execute("SELECT DISTINCT substr(business_day, 1, 7) FROM tickets "
                                         "ORDER BY 1")]
    weak = {"waktu": -0.6, "sarana": -0.3, "biaya": 0.5, "perilaku": 0.2}
    with write_transaction(conn):
        for n, month in enumerate(months):
            done = conn.execute("SELECT id, service, business_day, finished_at FROM tickets "
                                "WHERE business_day LIKE ? AND status = 'done'",
                                (month + "%",)).fetchall()
            # the last month ends early (the simulated "now"): too few answers, as in real life
            size = 120 if n == len(months) - 1 else 350
            base = 2.85 + 0.06 * n - (0.4 if month.endswith("-05") else 0)   # a bad May
            for tid, service, day, finished in rng.sample(done, min(size, len(done))):
                rid = conn.execute(
                    "INSERT INTO survey_responses (ticket_id, service, business_day, answered_at, "
                    "channel) VALUES (?, ?, ?, ?, ?)",
                    (tid, service, day, finished, rng.choice(("web", "kiosk")))).lastrowid
                conn.executemany(
                    "INSERT INTO survey_answers (response_id, element, score) VALUES (?, ?, ?)",
                    [(rid, k, max(1, min(4, round(rng.gauss(base + weak.get(k, 0), 0.6)))))
                     for k in ELEMENT_KEYS])
    # (days before now, category, text, contact, diproses after h, selesai after h)
    items = [
        (9, "sarana", "Kursi ruang tunggu kurang, banyak lansia berdiri.", None, 2, 26),
        (8, "petugas", "Petugas loket 14 bermain ponsel saat melayani.", "rina.s@example.id", 1, 5),
        (7, "pelayanan", "Persyaratan di papan informasi berbeda dengan yang diminta di loket.",
         None, 3, 50),
        (7, "biaya", "Diminta uang fotokopi Rp 5.000 padahal layanan gratis.", "0857-2211-3344",
         1, 8),
        (6, "saran", "Mohon ada layanan antrean online supaya tidak datang subuh.", None, 4, None),
        (4, "sarana", "Toilet pria di lantai 2 tidak ada air.", None, None, None),
        (3, "lainnya", "Parkir motor penuh sejak pukul 08.00.", None, None, None),
        (2, "petugas", "Terima kasih, petugas loket 3 sangat membantu ibu saya.", None, None, None),
    ]
    clock = svc.clock
    for days, category, text, contact, busy, closed in items:
        clock.set(NOW - timedelta(days=days, hours=1 + days % 3))
        cid = survey.file_complaint(svc, category, text, contact)
        filed = clock.now()
        if busy is not None:
            clock.set(filed + timedelta(hours=busy))
            survey.update_complaint(svc, cid, "kepala", "diproses",
                                    "Diteruskan ke koordinator layanan untuk ditindaklanjuti.")
        if closed is not None:
            clock.set(filed + timedelta(hours=closed))
            survey.update_complaint(svc, cid, "kepala", "selesai",
                                    "Sudah ditindaklanjuti; pelapor dihubungi.")
    # today: a visitor who waited long, with the number of the ticket and a phone number
    clock.set(NOW - timedelta(hours=2))
    code = conn.execute("SELECT code FROM tickets WHERE business_day = ? AND status = 'done' "
                        "AND service = 'ktp' ORDER BY finished_at LIMIT 1",
                        (NOW.date().isoformat(),)).fetchone()
    cid = survey.file_complaint(
        svc, "waktu", "Menunggu hampir dua jam untuk rekam KTP-el, padahal sudah datang sejak "
        "pukul 07.00. Papan antrean sempat mati dan tidak ada pengumuman.", "0812-7788-1020",
        code[0] if code else None)
    clock.set(NOW - timedelta(minutes=40))
    survey.update_complaint(svc, cid, "kepala", "diproses",
                            "Koordinator Dukcapil diminta membuka loket tambahan.")
    clock.set(NOW)


def voice_screenshots(out: Path, tmp: Path) -> None:
    """supervisor-ikm.png, supervisor-complaints.png and report-ikm.png (the PDF page with the
    survey section) from a simulated year with seeded answers and complaints."""
    import random

    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from pypdf import PdfReader

    from shared.clock import ManualClock
    from shared.reports.tables import month_bounds, write_pdf
    from shared.simulate import simulate
    from shared.store.service import SqliteQueueService
    from shared.reports.stats import period_report, voice_report

    from counter.supervisor.window import SupervisorWindow

    db = tmp / "voice.db"
    simulate(db, tickets=150_000, days=365, now=NOW, seed=2026)
    app = QApplication.instance() or QApplication([])
    svc = SqliteQueueService(db, ManualClock(NOW))
    seed_voice(svc, random.Random(2026))
    user = {"username": "kepala", "full_name": "Dra. Kartika Sari, M.AP.", "role": "supervisor"}
    window = SupervisorWindow(svc, user, now=svc.clock.now)
    window.resize(1600, 900)
    window.show()
    window.tabs.setCurrentWidget(window.ikm)
    while window.ikm.voice is None:
        QTest.qWait(50)
    QTest.qWait(300)
    window.grab().save(str(out / "supervisor-ikm.png"))
    window.tabs.setCurrentWidget(window.complaints)
    view = window.complaints
    view.select(max(c.id for c in view.complaints))
    view.note.setPlainText("Kursi tambahan 20 buah sudah dipesan, tiba Senin.")
    QTest.qWait(300)
    window.grab().save(str(out / "supervisor-complaints.png"))
    window.shutdown()
    first, last = month_bounds("2026-11")
    pdf = write_pdf(period_report(svc._conn, svc.config, first, last), tmp / "laporan-ikm.pdf",
                    voice=voice_report(svc, first, last))
    page = next(i for i, p in enumerate(PdfReader(pdf).pages, start=1)
                if "8. Survei Kepuasan Masyarakat" in p.extract_text())
    if shutil.which("pdftoppm"):
        for n, name in ((page, "report-ikm"), (page + 1, "report-ikm-2")):
            subprocess.run(["pdftoppm", "-png", "-r", "90", "-f", str(n), "-l", str(n),
                            "-singlefile", str(pdf), str(out / name)], check=True)
    svc.close()
    del app


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
