"""How the kiosk looks: large touch targets, a layout that follows the screen's shape, and a
screenshot of every screen in both orientations."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QPushButton

from conftest import JAKARTA, make_service
from kiosk.screens.window import KioskWindow
from shared.domain import PriorityGroup
from shared.indonesian import format_time
from tests.kiosk_helpers import (MONDAY_4PM, SHOTS, open_kiosk, raw_config, settle, tap)

pytestmark = pytest.mark.gui


# --- look -------------------------------------------------------------------------------------

@pytest.mark.parametrize("portrait", [False, True])
def test_touch_targets_are_large_and_the_layout_adapts(qtbot, service, portrait):
    window = open_kiosk(qtbot, service, portrait=portrait)
    try:
        assert window.size().toTuple() == ((1080, 1920) if portrait else (1920, 1080))
        assert window.start.columns() == (1 if portrait else 3)
        for screen in ("start", "priority"):
            window.show_screen(screen)
            qtbot.wait(10)
            buttons = [b for b in window.findChildren(QPushButton) if b.isVisibleTo(window)]
            assert buttons
            for b in buttons:
                assert b.height() >= 90, (b.objectName(), b.text(), b.height())
                assert b.width() >= 90
    finally:
        window.shutdown()


def _save(window: KioskWindow, screen: str, orientation: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"kiosk-{screen}-{orientation}.png"
    QApplication.processEvents()   # pending layout requests (a text that now wraps)
    window.grab().save(str(path))
    image = QImage(str(path))
    assert (image.width(), image.height()) == ((1080, 1920) if orientation == "portrait"
                                               else (1920, 1080))
    return path


@pytest.mark.parametrize("orientation", ["landscape", "portrait"])
def test_screenshots_of_every_screen(qtbot, tmp_path, clock, orientation):
    from kiosk.printing.printer import PrinterError
    outcome = {"fail": False}

    def fake_print(config, issued, lang):
        if outcome["fail"]:
            raise PrinterError("Kertas printer habis", "Out of paper", kind="paper_out")
        return True

    svc = make_service(tmp_path, raw_config(printer={"kind": "network", "host": "127.0.0.1"}),
                       clock)
    for code, n in (("ktp", 12), ("kk", 5), ("akta", 2), ("kia", 1)):
        for _ in range(n):
            svc.issue(code)
    window = open_kiosk(qtbot, svc, portrait=orientation == "portrait", print_fn=fake_print)
    try:
        window.refresh_queues()
        _save(window, "start", orientation)
        tap(qtbot, window.start.tiles["kk"])
        _save(window, "priority", orientation)
        for fail, name in ((False, "ticket"), (True, "ticket-print-failed")):
            outcome["fail"] = fail
            window.show_screen("start")
            settle(qtbot, window)
            tap(qtbot, window.start.tiles["kk"])
            settle(qtbot, window)
            with qtbot.waitSignal(window.print_done, timeout=3000):
                tap(qtbot, window.priority.group_buttons[PriorityGroup.LANSIA] if fail
                    else window.priority.no_button)
            assert window.ticket.print_state == ("failed" if fail else "ok")
            _save(window, name, orientation)
        window.show_screen("start")
        clock.set(MONDAY_4PM)
        window.refresh_queues()
        settle(qtbot, window)
        tap(qtbot, window.start.tiles["ktp"])
        assert window.banner.isVisible()
        _save(window, "refused", orientation)
        window.banner.dismiss()
        _save(window, "closed", orientation)
        clock.set(datetime(2026, 11, 23, 9, 41, tzinfo=JAKARTA))
        window.show_screen("idle")
        window.idle.clock.refresh()
        assert window.idle.clock.text() == format_time(clock.now().astimezone(JAKARTA))
        _save(window, "idle", orientation)
    finally:
        window.shutdown()
        svc.close()
