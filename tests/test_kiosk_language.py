"""The kiosk in two languages: every visible text changes with the ID/EN button, and the next
visitor starts in Indonesian again."""
from __future__ import annotations


import pytest

from conftest import make_service
from kiosk.screens.window import KioskWindow
from shared.domain import PriorityGroup
from tests.kiosk_helpers import (MONDAY_4PM, open_kiosk, raw_config, settle, tap, visible_texts)
from tests.kiosk_helpers import kiosk  # noqa: F401 (fixtures)

pytestmark = pytest.mark.gui


# --- language ---------------------------------------------------------------------------------

# names and numbers; the zone beside the clock (WIB/WITA/WIT) is a name in English too
ALLOWED_SAME = {"TilePrefix", "TicketNumber", "TicketInfoValue", "OfficeName", "IdleOffice",
                "HeaderZone", "IdleZone"}


def assert_every_text_translates(qtbot, window: KioskWindow) -> None:
    before = visible_texts(window)
    assert len(before) >= 5
    tap(qtbot, window.lang_button)
    assert window.lang == "en"
    after = visible_texts(window)
    unchanged = [(w.objectName(), t) for w, t in before.items()
                 if after.get(w) == t and w.objectName() not in ALLOWED_SAME]
    assert unchanged == [], f"texts without an English version: {unchanged}"
    tap(qtbot, window.lang_button)
    assert visible_texts(window) == before


def test_language_toggle_translates_the_start_screen(qtbot, kiosk, service):
    service.issue("ktp")
    kiosk.refresh_queues()
    assert_every_text_translates(qtbot, kiosk)
    tap(qtbot, kiosk.lang_button)
    assert kiosk.start.title.text() == "Please choose a service"
    assert kiosk.start.tiles["kk"].name.text() == "Family Card"
    assert kiosk.date_label.text() == "Monday, 23 November 2026"


def test_language_toggle_translates_closed_tiles_and_banner(qtbot, kiosk, clock):
    clock.set(MONDAY_4PM)
    kiosk.refresh_queues()
    tap(qtbot, kiosk.start.tiles["kk"])
    assert kiosk.banner.isVisible()
    assert_every_text_translates(qtbot, kiosk)
    tap(qtbot, kiosk.lang_button)
    assert kiosk.start.tiles["kk"].status.text() == "Closed · Opens Tuesday 07:30"


def test_language_toggle_translates_the_priority_screen(qtbot, kiosk):
    tap(qtbot, kiosk.start.tiles["kk"])
    assert_every_text_translates(qtbot, kiosk)


def test_language_toggle_translates_the_ticket_screen(qtbot, kiosk):
    tap(qtbot, kiosk.start.tiles["kk"])
    settle(qtbot, kiosk)
    tap(qtbot, kiosk.priority.group_buttons[PriorityGroup.LANSIA])
    assert_every_text_translates(qtbot, kiosk)


def test_language_toggle_translates_the_idle_screen(qtbot, kiosk):
    kiosk.show_screen("idle")
    assert_every_text_translates(qtbot, kiosk)


def test_english_choice_issues_too_and_the_next_visitor_gets_indonesian(qtbot, tmp_path, clock):
    svc = make_service(tmp_path, raw_config(priority={"ask_at_kiosk": False},
                                            kiosk={"ticket_screen_seconds": 1}), clock)
    window = open_kiosk(qtbot, svc)
    try:
        tap(qtbot, window.lang_button)
        tap(qtbot, window.start.tiles["kk"])
        assert window.ticket.service.text() == "Family Card"
        qtbot.waitUntil(lambda: window.current_screen() == "start", timeout=4000)
        assert window.lang == "id" and window.start.title.text() == "Silakan pilih layanan"
    finally:
        window.shutdown()
        svc.close()
