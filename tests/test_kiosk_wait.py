"""What the kiosk's ticket screen says about the wait: the slip's rounded figure, and under it
the range the phone will show — the real widget under pytest-qt, from real estimates."""
from __future__ import annotations

import pytest

from kiosk.screens.ticket import TicketScreen
from tests.test_estimate import ONE, busy_since, make, office

pytestmark = pytest.mark.gui


@pytest.fixture
def screen(qtbot):
    w = TicketScreen({"umum": ("Layanan Umum", "General service")})
    qtbot.addWidget(w)
    w.resize(1920, 960)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_an_exact_estimate_shows_one_figure(screen, tmp_path):
    svc, clock = make(tmp_path, office(ONE))
    try:
        busy_since(svc, clock, 4)
        svc.issue("umum")
        issued = svc.issue("umum")                  # 6 + 10 minutes, every service exact
        screen.show_ticket(issued, "ok")
        assert screen.wait_value.text() == "± 15 menit"
        assert screen.wait_range.isHidden()         # "sekitar 15 menit" would only repeat it
        assert screen.ahead_value.text() == "1"
    finally:
        svc.close()


def test_an_uncertain_estimate_shows_its_range_in_both_languages(screen, tmp_path):
    from datetime import datetime
    from zoneinfo import ZoneInfo
    from shared.clock import ManualClock
    from shared.config import parse_config
    from shared.store.service import SqliteQueueService
    from shared.store.setup import init_database
    path = tmp_path / "fresh.db"
    clock = ManualClock(datetime(2026, 11, 26, 8, 0, tzinfo=ZoneInfo("Asia/Jakarta")))
    init_database(path, parse_config(office(ONE), "uji.toml"), now=clock.now())
    svc = SqliteQueueService(path, clock)     # no history: the target as a memoryless time
    try:
        for _ in range(3):
            svc.issue("umum")
        issued = svc.issue("umum")
        screen.show_ticket(issued, "ok")
        low, high = issued.estimated_wait_low_min, issued.estimated_wait_high_min
        assert low < issued.estimated_wait_min < high
        assert screen.wait_value.text().startswith("± ")
        assert screen.wait_range.isVisible()
        assert screen.wait_range.text().startswith("(sekitar ") and "menit)" in \
            screen.wait_range.text()
        screen.set_language("en")
        assert screen.wait_range.text().startswith("(about ") and "min)" in \
            screen.wait_range.text()
        assert screen.wait_value.text().endswith("min")
    finally:
        svc.close()
