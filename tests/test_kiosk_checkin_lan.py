"""Checking in a booking at a kiosk on the office LAN: a real `antrean serve` on 127.0.0.1 and the
kiosk's device token; the lookup, the priority question and the check-in go over HTTP, off the
GUI thread."""
from __future__ import annotations

import json
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from conftest import example_raw, open_all_day
from kiosk.screens.window import KioskWindow
from shared.backend import open_service
from shared.config import parse_config
from shared.domain import PriorityGroup
from shared.store.service import SqliteQueueService
from shared.store.setup import init_database
from tests.kiosk_helpers import settle, tap
from tests.test_kiosk_checkin import PHONE, scan
from tests.test_kiosk_remote import Server, cli, free_port

pytestmark = pytest.mark.gui


def office_zone_at_midday():
    """A zone where the real clock now reads 08.00–16.59, so today still has slots ahead."""
    for name in ("Asia/Jakarta", "Europe/London", "America/New_York", "Asia/Tokyo",
                 "America/Los_Angeles", "Asia/Kolkata", "Pacific/Honolulu", "America/Sao_Paulo",
                 "Pacific/Auckland", "Europe/Moscow"):
        zone = ZoneInfo(name)
        if 8 <= datetime.now(timezone.utc).astimezone(zone).hour < 17:
            return zone
    raise AssertionError("no zone at midday: extend the list")


def test_a_scan_checks_in_through_antrean_serve(qtbot, tmp_path):
    """Scan → priority → ticket over HTTP; the same code again is refused with the ticket."""
    raw = open_all_day(example_raw())            # the server runs on the real clock: an
    zone = office_zone_at_midday()               # office where it is daytime now
    raw["office"]["timezone"] = zone.key
    kk = next(s for s in raw["services"] if s["code"] == "kk")
    kk["booking"].update(cutoff_minutes=0, early_minutes=240)
    db = tmp_path / "kantor.db"
    init_database(db, parse_config(raw, "test.toml"))
    token = json.loads(cli(db, "--json", "device", "add", "kiosk-1", "--role", "kiosk"))["token"]
    store = SqliteQueueService(db)
    today = datetime.now(timezone.utc).astimezone(zone).date()
    slot = next(s for s in store.booking_slots("kk", today) if s.bookable)
    booking = store.book("kk", slot.start, "Budi Santoso", PHONE)
    store.close()
    server = Server(db, free_port()).start()
    window = KioskWindow(open_service(None, server.url, token))
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    qtbot.waitExposed(window)
    try:
        qtbot.waitUntil(lambda: window.start.checkin_button.isVisible(), timeout=5000)
        window.activateWindow()
        scan(qtbot, window, f"{server.url}/booking/{booking.code}")
        qtbot.waitUntil(lambda: window.current_screen() == "priority", timeout=10_000)
        settle(qtbot, window)
        with qtbot.waitSignal(window.ticket_issued, timeout=10_000) as issued:
            tap(qtbot, window.priority.group_buttons[PriorityGroup.HAMIL])
        ticket = issued.args[0].ticket
        assert ticket.booking_code == booking.code and ticket.priority_group == PriorityGroup.HAMIL
        qtbot.waitUntil(lambda: window.ticket.booking.text().startswith(
            f"Booking {booking.display_code} · slot"), timeout=5000)
        settle(qtbot, window)
        window.show_screen("start")
        with qtbot.waitSignal(window.checkin_refused, timeout=10_000) as refused:
            scan(qtbot, window, booking.code)                    # the same code again
        assert refused.args[0] == "already"
        assert f"Nomor antrean Anda: {ticket.code}." in window.banner.text.text()
    finally:
        window.shutdown()
        server.stop()
