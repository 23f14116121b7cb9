"""Survey, step 1: which ticket? The visitor scans the receipt's QR code (the scanner types the
status URL and Enter into the focused field) or types the number on the on-screen keypad."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout

from kiosk.screens.common import Screen, Texts, make_button, make_label
from kiosk.survey.lookup import looks_like_status_url
from kiosk.screens.keyboard import OnScreenKeyboard

T = Texts({
    "title": ("Beri Penilaian atas Pelayanan Kami", "Rate our service"),
    "subtitle": ("Pindai kode QR pada struk Anda, atau ketik nomor antrean Anda",
                 "Scan the QR code on your ticket, or type your queue number"),
    "placeholder": ("Contoh: A-012", "For example: A-012"),
    "scanned": ("Kode QR terbaca", "QR code read"),
    "hint": ("Survei ini tanpa nama: jawaban Anda hanya dikaitkan dengan nomor antrean.",
             "This survey is anonymous: your answers are linked to the queue number only."),
    "back": ("‹  Kembali", "‹  Back"),
    "next": ("Lanjut  ›", "Next  ›"),
    "checking": ("Memeriksa…", "Checking…"),
})


class TicketField(QLineEdit):
    """The number being typed. Takes the scanner's keystrokes; shows a scanned URL as 'read'."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("EntryField")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMaxLength(300)               # a status URL is long
        self.setMinimumHeight(100)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)


class SurveyEntryScreen(Screen):
    """Emits `entered(text)` (Lanjut or the scanner's Enter) and `back()`."""

    name = "survey_entry"
    entered = Signal(str)
    back = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.busy = False
        self.title = make_label("", "ScreenTitle", align=Qt.AlignmentFlag.AlignCenter)
        self.subtitle = make_label("", "ScreenSubtitle", align=Qt.AlignmentFlag.AlignCenter)
        self.field = TicketField()
        self.field.returnPressed.connect(self.submit)
        self.field.textChanged.connect(self._update)
        self.keyboard = OnScreenKeyboard("code")
        self.keyboard.set_target(self.field)
        self.hint = make_label("", "Hint", align=Qt.AlignmentFlag.AlignCenter)
        self.back_button = make_button("", "BackButton", 100)
        self.back_button.setMaximumWidth(360)
        self.back_button.clicked.connect(self.back.emit)
        self.next_button = make_button("", "PrimaryButton", 110)
        self.next_button.clicked.connect(self.submit)
        field_row = QHBoxLayout()
        field_row.addStretch(1)
        field_row.addWidget(self.field, 4)
        field_row.addStretch(1)
        bottom = QHBoxLayout()
        bottom.setSpacing(24)
        bottom.addWidget(self.back_button, 1)
        bottom.addWidget(self.next_button, 3)
        outer = QVBoxLayout(self)
        self.outer = outer
        outer.setContentsMargins(60, 20, 60, 24)
        outer.setSpacing(10)
        outer.addWidget(self.title)
        outer.addWidget(self.subtitle)
        outer.addLayout(field_row)
        outer.addWidget(self.keyboard, 1)
        outer.addWidget(self.hint)
        outer.addLayout(bottom)
        self.retranslate()

    def reset(self) -> None:
        self.busy = False
        self.field.clear()
        self.field.setFocus()
        self._update()

    def set_busy(self, busy: bool) -> None:
        """While the ticket is checked (a server may take a moment): no second submit."""
        self.busy = busy
        self._update()

    def submit(self) -> None:
        text = self.field.text().strip()
        if text and not self.busy:
            self.entered.emit(text)

    def _update(self) -> None:
        self.next_button.setEnabled(bool(self.field.text().strip()) and not self.busy)
        self.next_button.setText(T("checking" if self.busy else "next", self.lang))
        # a scanned URL is long and means nothing to a visitor: say it was read
        scanned = looks_like_status_url(self.field.text())
        self.field.setProperty("scanned", "true" if scanned else "false")
        self.field.style().unpolish(self.field)
        self.field.style().polish(self.field)

    def apply_orientation(self) -> None:
        self.keyboard.set_portrait(self.portrait)
        side = 40 if self.portrait else 60
        self.outer.setContentsMargins(side, 20, side, 24)

    def retranslate(self) -> None:
        self.title.setText(T("title", self.lang))
        self.subtitle.setText(T("subtitle", self.lang))
        self.field.setPlaceholderText(T("placeholder", self.lang))
        self.hint.setText(T("hint", self.lang))
        self.back_button.setText(T("back", self.lang))
        self._update()
