"""The kiosk's header: logo, office name, live clock and date, and the ID/EN button."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from shared.indonesian import format_date, format_time
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
        when = QVBoxLayout()
        when.setSpacing(0)
        when.addWidget(self.clock_label)
        when.addWidget(self.date_label)
        self.lang_button = make_button("", "LangButton", 96)
        self.lang_button.setMinimumWidth(260)
        self.lang_button.setSizePolicy(self.lang_button.sizePolicy().horizontalPolicy(),
                                       self.lang_button.sizePolicy().Policy.Fixed)
        row.addWidget(self.logo)
        row.addLayout(names, 1)
        row.addLayout(when)
        row.addWidget(self.lang_button)
