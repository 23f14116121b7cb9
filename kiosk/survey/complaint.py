"""Complaints and suggestions (*pengaduan, saran dan masukan*) at the kiosk, step 1: what is it
about? Seven large category buttons; the text and an optional contact follow on the keyboard
pages (`TextEntryScreen`)."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout

from shared.store.survey import COMPLAINT_CATEGORIES

from kiosk.screens.common import Screen, Texts, make_button, make_label
from shared.store.survey import CATEGORY_LABELS

from kiosk.survey.lookup import MAX_CONTACT

T = Texts({
    "title": ("Pengaduan / Saran", "Complaints / Suggestions"),
    "subtitle": ("Apa yang ingin Anda sampaikan? Pilih salah satu.",
                 "What would you like to tell us about? Choose one."),
    "hint": ("Pengaduan dicatat dan ditindaklanjuti oleh atasan (UU 25/2009 Pasal 21).",
             "Complaints are recorded and followed up by the head of unit (Law 25/2009, Art. 21)."),
    "back": ("‹  Kembali", "‹  Back"),
})

TEXT_WORDS = {
    "title": ("Tulis pengaduan atau saran Anda", "Write your complaint or suggestion"),
    "subtitle": ("Gunakan papan ketik di layar. Tanpa nama pun boleh.",
                 "Use the on-screen keyboard. You need not give your name."),
    "placeholder": ("Ketik di sini…", "Type here…"),
    "submit": ("Lanjut  ›", "Next  ›"),
}
CONTACT_WORDS = {
    "title": ("Nomor HP atau email (boleh dikosongkan)", "Phone or e-mail (optional)"),
    "subtitle": ("Agar kami dapat mengabarkan tindak lanjutnya. Hanya dilihat petugas.",
                 "So we can tell you what was done. Seen by staff only."),
    "placeholder": ("Contoh: 0812…", "For example: 0812…"),
    "skip": ("Kirim tanpa kontak", "Send without contact"),
    "submit": ("Kirim pengaduan", "Send complaint"),
}
CONTACT_MAX = MAX_CONTACT


class ComplaintCategoryScreen(Screen):
    """Emits `chosen(category)` or `back()`."""

    name = "complaint_category"
    chosen = Signal(str)
    back = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.title = make_label("", "ScreenTitle", align=Qt.AlignmentFlag.AlignCenter)
        self.subtitle = make_label("", "ScreenSubtitle", align=Qt.AlignmentFlag.AlignCenter)
        self.hint = make_label("", "Hint", align=Qt.AlignmentFlag.AlignCenter)
        self.buttons = {}
        for category in COMPLAINT_CATEGORIES:
            button = make_button("", "PriorityButton", 110)
            button.clicked.connect(lambda _=False, c=category: self.chosen.emit(c))
            self.buttons[category] = button
        self.grid = QGridLayout()
        self.grid.setSpacing(24)
        self.back_button = make_button("", "BackButton", 100)
        self.back_button.setMaximumWidth(360)
        self.back_button.clicked.connect(self.back.emit)
        bottom = QHBoxLayout()
        bottom.addWidget(self.back_button, 1)
        bottom.addStretch(3)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(60, 36, 60, 48)
        outer.setSpacing(14)
        outer.addWidget(self.title)
        outer.addWidget(self.subtitle)
        outer.addSpacing(20)
        outer.addLayout(self.grid, 1)
        outer.addWidget(self.hint)
        outer.addSpacing(12)
        outer.addLayout(bottom)
        self.apply_orientation()
        self.retranslate()

    def apply_orientation(self) -> None:
        while self.grid.count():
            self.grid.takeAt(0)
        cols = 1 if self.portrait else 3
        buttons = list(self.buttons.values())
        for i, button in enumerate(buttons):
            self.grid.addWidget(button, i // cols, i % cols)
        rows = (len(buttons) + cols - 1) // cols
        for r in range(8):
            self.grid.setRowStretch(r, 1 if r < rows else 0)
        for c in range(3):
            self.grid.setColumnStretch(c, 1 if c < cols else 0)
        self.grid.invalidate()

    def retranslate(self) -> None:
        lang = self.lang
        pick = 1 if lang == "en" else 0
        self.title.setText(T("title", lang))
        self.subtitle.setText(T("subtitle", lang))
        self.hint.setText(T("hint", lang))
        for category, button in self.buttons.items():
            button.setText(CATEGORY_LABELS[category][pick])
        self.back_button.setText(T("back", lang))
