"""What the counter console tests share: an officer, a per-PC settings file, an active window."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from counter.console.local_settings import LocalSettings

SITI = {"username": "siti", "full_name": "Siti Nurhaliza", "role": "officer"}


@pytest.fixture
def settings(tmp_path):
    return LocalSettings(path=tmp_path / "counter.toml")


def show_active(qtbot, widget):
    """Show a window and make it the active one, so application shortcuts reach it."""
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget, timeout=2000)
    return widget


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def event_types(service, after):
    return [e.type for e in service.events_after(after)]
