"""The check-in screen for a booking made ahead (antrean online): a large code field, the format
hint and the on-screen keyboard. A USB scanner types the QR code's URL (or the bare code) and
Enter into the focused field, which checks in at once."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt

from shared.booking.codes import ALPHABET

from kiosk.screens.code_entry import CodeEntryScreen, EntryField
from kiosk.screens.common import Texts

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


class CodeField(EntryField):
    """The booking code. Keys from the on-screen keyboard insert; a burst of physical keys (the
    scanner) replaces whatever was typed on screen, so a scan never lands after a half code."""

    def __init__(self, parent=None):
        super().__init__(104, parent)
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


class CheckInScreen(CodeEntryScreen):
    """Emits `entered(text)` (the button, or Enter from a scanner) and `back()`."""

    name = "checkin"
    T = T
    submit_key = "submit"
    field_stretch = 5
    hint_object = "CheckinHint"
    hint_above_keyboard = True

    def __init__(self, parent=None):
        super().__init__(parent)
        for key, button in self.keyboard.keys.items():   # 0/O, 1/I/L are never in a code
            if key.isalnum() and key not in ALPHABET:
                button.setEnabled(False)

    def make_field(self) -> CodeField:
        return CodeField()

    def reset(self) -> None:
        self.field.typed_on_screen = False
        super().reset()

    def _update(self) -> None:
        super()._update()
        self.hint.setText(T("scanned" if self.scanned(self.field.text()) else "hint", self.lang))
