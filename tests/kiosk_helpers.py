"""What the kiosk tests share: the example office, a kiosk window, taps that wait out the guard."""
from __future__ import annotations

import tomllib
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from conftest import EXAMPLE_CONFIG, JAKARTA, make_service
from kiosk.screens.window import KioskWindow
from tests.conftest import screenshot_dir

ROOT = Path(__file__).resolve().parent.parent
SHOTS = screenshot_dir()
MONDAY_4PM = datetime(2026, 11, 23, 16, 0, tzinfo=JAKARTA)
SUNDAY_10AM = datetime(2026, 11, 22, 10, 0, tzinfo=JAKARTA)
CHRISTMAS = datetime(2026, 12, 25, 9, 0, tzinfo=JAKARTA)


def raw_config(**changes) -> dict:
    """The example office as a dict, with top-level tables updated (`kiosk={...}`)."""
    raw = tomllib.loads(EXAMPLE_CONFIG.read_text(encoding="utf-8"))
    for table, values in changes.items():
        raw.setdefault(table, {}).update(values)
    return raw


def open_kiosk(qtbot, service, portrait: bool = False, print_fn=None) -> KioskWindow:
    window = KioskWindow(service, print_fn=print_fn)
    qtbot.addWidget(window)
    window.set_portrait(portrait)
    window.resize(*((1080, 1920) if portrait else (1920, 1080)))
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def kiosk(qtbot, service):
    window = open_kiosk(qtbot, service)
    yield window
    window.shutdown()


@pytest.fixture
def direct(qtbot, tmp_path, clock):
    """A kiosk whose office does not ask about priority: one tap issues."""
    svc = make_service(tmp_path, raw_config(priority={"ask_at_kiosk": False}), clock)
    window = open_kiosk(qtbot, svc)
    yield window
    window.shutdown()
    svc.close()


def settle(qtbot, window: KioskWindow) -> None:
    """Wait out the double-tap guard, as a visitor's next deliberate tap would."""
    qtbot.waitUntil(lambda: window._tap_ok()
                    and all(t.isEnabled() for t in window.start.tiles.values()), timeout=3000)


def tap(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def issued_events(service) -> list:
    return [e for e in service.events_after(0) if e.type == "issued"]


def visible_texts(window: KioskWindow) -> dict:
    """Every visible label and button of the window, with its text."""
    out = {}
    for widget in window.findChildren(QLabel) + window.findChildren(QPushButton):
        if widget.isVisibleTo(window) and widget.text().strip():
            out[widget] = widget.text()
    return out
