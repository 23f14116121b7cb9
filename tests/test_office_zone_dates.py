"""Dates and clocks in the office's zone, not the PC's: the PDF report's "dibuat" and signature
dates for an office in Asia/Jayapura (WIT) printed on a PC set to another zone, and the kiosk's
clock with WIB/WITA/WIT beside it (the real widgets under pytest-qt)."""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from shared.indonesian import format_date
from shared.reports.pdf import build_pdf
from shared.reports.stats import period_report
from shared.reports.tables import month_bounds, period_tables
from tests.conftest import make_service
from tests.kiosk_helpers import open_kiosk, raw_config

ROOT = Path(__file__).resolve().parent.parent
JAYAPURA = ZoneInfo("Asia/Jayapura")


def _jayapura_report(tmp_path, clock):
    svc = make_service(tmp_path, raw_config(office={"timezone": "Asia/Jayapura"}), clock)
    first, last = month_bounds("2026-11")
    report = period_report(svc._conn, svc.config, first, last)
    svc.close()
    return report


def _text(path: Path) -> str:
    """The PDF's text with its line breaks folded into spaces."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def test_the_report_is_dated_in_the_office_zone(tmp_path, clock):
    report = _jayapura_report(tmp_path, clock)
    # 30 November 20.00 UTC: still Monday 30 November in Jakarta or on a UTC PC, already
    # Tuesday 1 December 05.00 WIT in Jayapura
    now = datetime(2026, 11, 30, 20, 0, tzinfo=timezone.utc)
    text = _text(build_pdf(report, tmp_path / "laporan.pdf", period_tables(report), now=now))
    assert "dibuat Selasa, 1 Desember 2026" in text
    assert text.count("Selasa, 1 Desember 2026") == 2          # the heading and the signature
    assert "dibuat Senin, 30 November 2026" not in text


@pytest.mark.parametrize("pc_zone", ["Etc/GMT+12", "Pacific/Kiritimati"])
def test_a_pc_in_another_zone_still_dates_the_report_in_the_office_zone(tmp_path, clock, pc_zone):
    """A real process whose own zone (TZ) is 12 hours behind UTC, or 14 ahead: the report of
    the Jayapura office carries Jayapura's date, as the office reads it at that moment."""
    report = _jayapura_report(tmp_path, clock)
    out = tmp_path / "laporan.pdf"
    script = (
        "import pickle, sys; from pathlib import Path\n"
        "from shared.reports.pdf import build_pdf; from shared.reports.tables import period_tables\n"
        "report = pickle.loads(sys.stdin.buffer.read())\n"
        f"build_pdf(report, Path({str(out)!r}), period_tables(report))\n"
        "import datetime; print(datetime.date.today().isoformat())\n")
    import pickle
    before = datetime.now(JAYAPURA).date()
    done = subprocess.run([sys.executable, "-c", script], input=pickle.dumps(report),
                          capture_output=True, cwd=ROOT, env={**os.environ, "TZ": pc_zone},
                          timeout=120, check=True)
    after = datetime.now(JAYAPURA).date()
    pc_today = done.stdout.decode().strip()
    text = _text(out)
    office_dates = {format_date(before), format_date(after)}
    assert any(f"dibuat {d}" in text for d in office_dates)
    if pc_today not in {before.isoformat(), after.isoformat()}:
        # the PC's own date differs from the office's right now: it must not be on the report
        pc = format_date(datetime.fromisoformat(pc_today).date())
        assert f"dibuat {pc}" not in text


@pytest.mark.gui
@pytest.mark.parametrize("zone, abbreviation", [("Asia/Jakarta", "WIB"),
                                                ("Asia/Makassar", "WITA"),
                                                ("Asia/Jayapura", "WIT")])
def test_the_kiosk_clock_shows_the_office_zone(qtbot, tmp_path, clock, zone, abbreviation):
    svc = make_service(tmp_path, raw_config(office={"timezone": zone}), clock)
    window = open_kiosk(qtbot, svc)
    try:
        header = window.header
        local = clock.now().astimezone(ZoneInfo(zone))
        assert header.clock_label.text() == f"{local.hour:02d}.{local.minute:02d}"
        assert header.zone_label.text() == abbreviation
        assert header.zone_label.isVisible()
        # right of the clock, on its line, inside the header
        assert header.zone_label.x() > header.clock_label.x()
        assert header.zone_label.geometry().intersects(header.clock_label.geometry()) is False
        window.show_screen("idle")        # the idle screen has its own big clock …
        assert not header.clock_label.isVisible() and not header.zone_label.isVisible()
        assert window.idle.zone.text() == abbreviation and window.idle.zone.isVisible()
        window.show_screen("start")       # … and the header's comes back with its zone
        assert header.clock_label.isVisible() and header.zone_label.isVisible()
    finally:
        window.shutdown()
        svc.close()
