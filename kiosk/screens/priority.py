"""The optional priority step: the five groups of UU 25/2009 Pasal 29, "Tidak", and back."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from shared.domain import PRIORITY_LABELS, PriorityGroup

from kiosk.screens.common import Screen, Texts, clear_layout, make_button, make_label

T = Texts({
    "title": ("Apakah Anda termasuk kelompok prioritas?",
              "Do you belong to a priority group?"),
    "subtitle": ("Pelayanan khusus tanpa biaya tambahan (UU 25/2009 Pasal 29)",
                 "Special service at no extra charge (Law 25/2009, Article 29)"),
    "service": ("Layanan: {name}", "Service: {name}"),
    "no": ("Tidak, saya bukan prioritas", "No, I am not in a priority group"),
    "back": ("‹  Kembali", "‹  Back"),
})


class PriorityScreen(Screen):
    """Emits `chosen(group_value)` ('' for "Tidak") or `back()`."""

    name = "priority"
    chosen = Signal(str)
    back = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.service_name = ("", "")
        self.title = make_label("", "ScreenTitle", align=Qt.AlignmentFlag.AlignCenter)
        self.subtitle = make_label("", "ScreenSubtitle", align=Qt.AlignmentFlag.AlignCenter)
        self.service_label = make_label("", "Hint", align=Qt.AlignmentFlag.AlignCenter)
        self.group_buttons: dict[PriorityGroup, object] = {}
        for group in PriorityGroup:
            button = make_button("", "PriorityButton", 130)
            button.clicked.connect(lambda _=False, g=group: self.chosen.emit(g.value))
            self.group_buttons[group] = button
        self.no_button = make_button("", "PrimaryButton", 130)
        self.no_button.clicked.connect(lambda: self.chosen.emit(""))
        self.back_button = make_button("", "BackButton", 100)
        self.back_button.clicked.connect(self.back.emit)
        self.grid = QGridLayout()
        self.grid.setSpacing(24)
        self.grid_host = grid_host = QWidget()
        grid_host.setObjectName("Grid")
        grid_host.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        grid_host.setLayout(self.grid)
        bottom = QHBoxLayout()
        bottom.setSpacing(24)
        self.bottom = bottom
        outer = QVBoxLayout(self)
        outer.setContentsMargins(60, 36, 60, 48)
        outer.setSpacing(14)
        outer.addWidget(self.title)
        outer.addWidget(self.subtitle)
        outer.addWidget(self.service_label)
        outer.addSpacing(20)
        outer.addWidget(grid_host, 1)
        outer.addSpacing(12)
        outer.addLayout(bottom)
        self.apply_orientation()
        self.retranslate()

    def set_service(self, name_id: str, name_en: str) -> None:
        self.service_name = (name_id, name_en)
        self.retranslate()

    def apply_orientation(self) -> None:
        clear_layout(self.grid)
        cols = 1 if self.portrait else 3
        for i, button in enumerate(self.group_buttons.values()):
            self.grid.addWidget(button, i // cols, i % cols)
        rows = (len(self.group_buttons) + cols - 1) // cols
        for r in range(6):
            self.grid.setRowStretch(r, 1 if r < rows else 0)
        for c in range(3):
            self.grid.setColumnStretch(c, 1 if c < cols else 0)
        self.grid.invalidate()   # cached minimum sizes would keep the old orientation's width
        self.grid_host.updateGeometry()
        clear_layout(self.bottom)
        self.back_button.setMinimumWidth(260)
        self.back_button.setMaximumWidth(360)
        self.bottom.addWidget(self.back_button, 1)
        self.bottom.addWidget(self.no_button, 3)
        self.no_button.setMinimumHeight(150 if self.portrait else 130)

    def retranslate(self) -> None:
        lang = self.lang
        self.title.setText(T("title", lang))
        self.subtitle.setText(T("subtitle", lang))
        name = self.service_name[1] if lang == "en" else self.service_name[0]
        self.service_label.setText(T("service", lang, name=name))
        self.service_label.setVisible(bool(name))
        for group, button in self.group_buttons.items():
            label_id, label_en = PRIORITY_LABELS[group]
            button.setText(label_en if lang == "en" else label_id)
        self.no_button.setText(T("no", lang))
        self.back_button.setText(T("back", lang))
