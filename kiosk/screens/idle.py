"""The idle (attract) screen: a big clock and an invitation; a tap anywhere starts."""
from __future__ import annotations

from datetime import datetime
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from shared.indonesian import format_date, format_time, zone_abbreviation
from shared.qt.theme import YELLOW
from shared.qt.widgets import ClockLabel

from kiosk.screens.common import Screen, Texts, make_label

T = Texts({
    "welcome": ("Selamat datang di", "Welcome to"),
    "call": ("Sentuh layar untuk mengambil nomor antrean",
             "Touch the screen to take a queue number"),
})


class IdleScreen(Screen):
    name = "idle"

    def __init__(self, office_name: str, now_local: Callable[[], datetime], parent=None):
        super().__init__(parent)
        self.now_local = now_local
        self.welcome = make_label("", "IdleWelcome", align=Qt.AlignmentFlag.AlignCenter)
        self.office = make_label(office_name, "IdleOffice", align=Qt.AlignmentFlag.AlignCenter)
        self.clock = ClockLabel(lambda: format_time(self.now_local(), self.lang))
        self.clock.setObjectName("IdleClock")
        self.clock.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # the office's zone beside the big clock (WIB/WITA/WIT), as on the board
        self.zone = ClockLabel(lambda: zone_abbreviation(
            getattr(self.now_local().tzinfo, "key", "") or ""), 5000)
        self.zone.setObjectName("IdleZone")
        self.zone.setStyleSheet(f"font-size: 64px; font-weight: bold; color: {YELLOW};")
        self.zone.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
        self.zone.setContentsMargins(0, 0, 0, 36)
        clock_row = QHBoxLayout()
        clock_row.setSpacing(24)
        clock_row.addStretch(1)
        clock_row.addWidget(self.clock)
        clock_row.addWidget(self.zone)
        clock_row.addStretch(1)
        self.date = ClockLabel(lambda: format_date(self.now_local(), self.lang), 5000)
        self.date.setObjectName("IdleDate")
        self.date.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.call = make_label("", "IdleCall", align=Qt.AlignmentFlag.AlignCenter)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(80, 60, 80, 90)
        outer.setSpacing(16)
        outer.addStretch(2)
        outer.addWidget(self.welcome)
        outer.addWidget(self.office)
        outer.addStretch(1)
        outer.addLayout(clock_row)
        outer.addWidget(self.date)
        outer.addStretch(2)
        outer.addWidget(self.call, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(1)
        self.apply_orientation()
        self.retranslate()

    def apply_orientation(self) -> None:
        # a fixed width lets the wrapped invitation take the height it needs
        self.call.setFixedWidth(880 if self.portrait else 1300)

    def retranslate(self) -> None:
        self.welcome.setText(T("welcome", self.lang))
        self.call.setText(T("call", self.lang))
        self.clock.refresh()
        self.date.refresh()
