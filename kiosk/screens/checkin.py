"""The check-in screen for a booking made ahead (antrean online): a large code field, the format
hint and the on-screen keyboard. A USB scanner types the QR code's URL (or the bare code) and
Enter into the focused field, which checks in at once."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout

from shared.booking.codes import ALPHABET

from kiosk.screens.common import Screen, Texts, make_button, make_label
from kiosk.screens.keyboard import OnScreenKeyboard

T = Texts({
    "title": ("Check-in Booking Online", "Check in your online booking"),
    "subtitle": ("Pindai kode QR booking Anda di pemindai, atau ketik kode booking",
                 "Scan your booking QR code at the scanner, or type your booking code"),
    "placeholder": ("Kode booking", "Booking code"),
    "hint": ("contoh: K7Q4-M2XA", "example: K7Q4-M2XA"),
    "scanned": ("Kode QR terbaca", "QR code read"),
    "back": ("‹  Kembali", "‹  Back"),
    "submit": ("Check-in  ›", "Check in  ›"),
    "checking": ("Memeriksa…", "Checking…"),
})

class CodeField(QLineEdit):
    """The booking code. Keys from the on-screen keyboard insert; a burst of physical keys (the
    scanner) replaces whatever was typed on screen, so a scan never lands after a half code."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("EntryField")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMaxLength(300)               # a scanned URL is long
        self.setMinimumHeight(104)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.typed_on_screen = False

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.text() and event.text().isprintable() and self.typed_on_screen:
            self.clear()
            self.typed_on_screen = False
        super().keyPressEvent(event)

    def insert(self, text: str) -> None:  # noqa: A003 — the keyboard's target protocol
        self.typed_on_screen = True
        super().insert(text)

    def event(self, event) -> bool:
        # Tab would move the focus away from the field: a scanner may end a code with it
        if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Tab:
            self.returnPressed.emit()
            return True
        return super().event(event)


class CheckInScreen(Screen):
    """Emits `entered(text)` (the button, or Enter from a scanner) and `back()`."""

    name = "checkin"
    entered = Signal(str)
    back = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.busy = False
        self.title = make_label("", "ScreenTitle", align=Qt.AlignmentFlag.AlignCenter)
        self.subtitle = make_label("", "ScreenSubtitle", align=Qt.AlignmentFlag.AlignCenter)
        self.field = CodeField()
        self.field.returnPressed.connect(self.submit)
        self.field.textChanged.connect(self._update)
        self.hint = make_label("", "CheckinHint", align=Qt.AlignmentFlag.AlignCenter)
        self.keyboard = OnScreenKeyboard("code")
        self.keyboard.set_target(self.field)
        for key, button in self.keyboard.keys.items():   # 0/O, 1/I/L are never in a code
            if key.isalnum() and key not in ALPHABET:
                button.setEnabled(False)
        self.back_button = make_button("", "BackButton", 100)
        self.back_button.setMaximumWidth(360)
        self.back_button.clicked.connect(self.back.emit)
        self.submit_button = make_button("", "PrimaryButton", 110)
        self.submit_button.clicked.connect(self.submit)
        field_row = QHBoxLayout()
        field_row.addStretch(1)
        field_row.addWidget(self.field, 5)
        field_row.addStretch(1)
        bottom = QHBoxLayout()
        bottom.setSpacing(24)
        bottom.addWidget(self.back_button, 1)
        bottom.addWidget(self.submit_button, 3)
        self.outer = outer = QVBoxLayout(self)
        # no taller than the survey's pages: a landscape screen with the offline strip has
        # little height to spare
        outer.setContentsMargins(60, 20, 60, 24)
        outer.setSpacing(10)
        outer.addWidget(self.title)
        outer.addWidget(self.subtitle)
        outer.addLayout(field_row)
        outer.addWidget(self.hint)
        outer.addWidget(self.keyboard, 1)
        outer.addLayout(bottom)
        self.retranslate()

    def reset(self) -> None:
        self.busy = False
        self.field.clear()
        self.field.typed_on_screen = False
        self.field.setFocus()
        self._update()

    def set_busy(self, busy: bool) -> None:
        """While the code is checked (a server may take a moment): no second submit."""
        self.busy = busy
        self._update()

    def submit(self) -> None:
        text = self.field.text().strip()
        if text and not self.busy:
            self.entered.emit(text)

    def _update(self) -> None:
        self.submit_button.setEnabled(bool(self.field.text().strip()) and not self.busy)
        self.submit_button.setText(T("checking" if self.busy else "submit", self.lang))
        # a scanned URL is long and means nothing to a visitor: say it was read
        scanned = "/" in self.field.text()
        self.hint.setText(T("scanned" if scanned else "hint", self.lang))
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
        self.back_button.setText(T("back", self.lang))
        self._update()
