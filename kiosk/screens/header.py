"""The kiosk's header: logo, office name, live clock with its zone (WIB/WITA/WIT) and date, and
the ID/EN button."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from shared.indonesian import format_date, format_time, zone_abbreviation
from shared.qt.theme import YELLOW
from shared.qt.widgets import ClockLabel

from kiosk.screens.common import make_button, make_label


class KioskHeader(QWidget):
    def __init__(self, config, now_local: Callable, lang: Callable[[], str], parent=None):
        super().__init__(parent)
        self.setObjectName("Header")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        row = QHBoxLayout(self)
        row.setContentsMargins(40, 18, 40, 18)
        row.setSpacing(28)
        self.logo = make_label("", "Logo", wrap=False)
        if config.logo and Path(config.logo).is_file():
            pixmap = QPixmap(config.logo)
            if not pixmap.isNull():
                self.logo.setPixmap(pixmap.scaledToHeight(
                    100, Qt.TransformationMode.SmoothTransformation))
        self.logo.setVisible(self.logo.pixmap() is not None and not self.logo.pixmap().isNull())
        self.office_name = make_label(config.name, "OfficeName")
        self.office_sub = make_label("", "OfficeSub")
        names = QVBoxLayout()
        names.setSpacing(2)
        names.addWidget(self.office_name)
        names.addWidget(self.office_sub)
        self.date_label = ClockLabel(lambda: format_date(now_local(), lang()), 5000)
        self.date_label.setObjectName("HeaderDate")
        self.date_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.clock_label = ClockLabel(lambda: format_time(now_local(), lang()))
        self.clock_label.setObjectName("HeaderClock")
        self.clock_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        # the zone beside the clock, as on the board: the office's, even on a PC set otherwise
        self.zone_label = ClockLabel(lambda: zone_of(now_local()), 5000)
        self.zone_label.setObjectName("HeaderZone")
        self.zone_label.setStyleSheet(f"font-size: 30px; font-weight: bold; color: {YELLOW};")
        self.zone_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
        self.zone_label.setContentsMargins(0, 0, 0, 8)
        self._follow = _SameVisibility(self.zone_label, self)
        self.clock_label.installEventFilter(self._follow)
        clock_row = QHBoxLayout()
        clock_row.setSpacing(10)
        clock_row.addStretch(1)
        clock_row.addWidget(self.clock_label)
        clock_row.addWidget(self.zone_label)
        when = QVBoxLayout()
        when.setSpacing(0)
        when.addLayout(clock_row)
        when.addWidget(self.date_label)
        self.lang_button = make_button("", "LangButton", 96)
        self.lang_button.setMinimumWidth(260)
        self.lang_button.setSizePolicy(self.lang_button.sizePolicy().horizontalPolicy(),
                                       self.lang_button.sizePolicy().Policy.Fixed)
        row.addWidget(self.logo)
        row.addLayout(names, 1)
        row.addLayout(when)
        row.addWidget(self.lang_button)


def zone_of(local) -> str:
    """WIB / WITA / WIT of a local (office-zone) datetime."""
    return zone_abbreviation(getattr(local.tzinfo, "key", "") or "")


class _SameVisibility(QObject):
    """Shows and hides the zone with the clock (the idle screen hides the header's clock)."""

    def __init__(self, follower: QWidget, parent=None):
        super().__init__(parent)
        self.follower = follower

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if event.type() in (QEvent.Type.Show, QEvent.Type.Hide):
            self.follower.setVisible(event.type() == QEvent.Type.Show)
        return False
