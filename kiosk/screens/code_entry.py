"""A page where the visitor enters a code — scanned (a USB scanner types it and Enter into the
focused field) or typed on the on-screen keyboard: the survey's ticket and the booking check-in."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout

from kiosk.screens.common import Screen, Texts, make_button, make_label
from kiosk.screens.keyboard import OnScreenKeyboard


class EntryField(QLineEdit):
    """The code being typed: large, centred, long enough for a scanned URL, no context menu."""

    def __init__(self, height: int = 100, parent=None):
        super().__init__(parent)
        self.setObjectName("EntryField")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMaxLength(300)               # a scanned URL is long
        self.setMinimumHeight(height)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)


class CodeEntryScreen(Screen):
    """Title, subtitle, the field, a hint, the keyboard, Back and the submit button. Emits
    `entered(text)` (the button, or Enter from a scanner) and `back()`. A subclass gives its
    texts (`T`, with title, subtitle, placeholder, hint, back, checking and `submit_key`), may
    give its own field, and says what a scanned text looks like (`scanned`)."""

    entered = Signal(str)
    back = Signal()
    T: Texts
    submit_key = "next"
    field_stretch = 4
    hint_object = "Hint"
    hint_above_keyboard = False

    def __init__(self, parent=None):
        super().__init__(parent)
        self.busy = False
        self.title = make_label("", "ScreenTitle", align=Qt.AlignmentFlag.AlignCenter)
        self.subtitle = make_label("", "ScreenSubtitle", align=Qt.AlignmentFlag.AlignCenter)
        self.field = self.make_field()
        self.field.returnPressed.connect(self.submit)
        self.field.textChanged.connect(self._update)
        self.hint = make_label("", self.hint_object, align=Qt.AlignmentFlag.AlignCenter)
        self.keyboard = OnScreenKeyboard("code")
        self.keyboard.set_target(self.field)
        self.back_button = make_button("", "BackButton", 100)
        self.back_button.setMaximumWidth(360)
        self.back_button.clicked.connect(self.back.emit)
        self.submit_button = make_button("", "PrimaryButton", 110)
        self.submit_button.clicked.connect(self.submit)
        field_row = QHBoxLayout()
        field_row.addStretch(1)
        field_row.addWidget(self.field, self.field_stretch)
        field_row.addStretch(1)
        bottom = QHBoxLayout()
        bottom.setSpacing(24)
        bottom.addWidget(self.back_button, 1)
        bottom.addWidget(self.submit_button, 3)
        self.outer = outer = QVBoxLayout(self)
        # no taller than this: a landscape screen with the offline strip has little height
        outer.setContentsMargins(60, 20, 60, 24)
        outer.setSpacing(10)
        outer.addWidget(self.title)
        outer.addWidget(self.subtitle)
        outer.addLayout(field_row)
        if self.hint_above_keyboard:
            outer.addWidget(self.hint)
        outer.addWidget(self.keyboard, 1)
        if not self.hint_above_keyboard:
            outer.addWidget(self.hint)
        outer.addLayout(bottom)
        self.retranslate()

    def make_field(self) -> QLineEdit:
        return EntryField()

    def scanned(self, text: str) -> bool:
        """Whether the field holds a scan (a URL), shown as read rather than as its text."""
        return "/" in text

    def reset(self) -> None:
        self.busy = False
        self.field.clear()
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
        T = self.T
        self.submit_button.setEnabled(bool(self.field.text().strip()) and not self.busy)
        self.submit_button.setText(T("checking" if self.busy else self.submit_key, self.lang))
        # a scanned URL is long and means nothing to a visitor: say it was read
        scanned = self.scanned(self.field.text())
        self.field.setProperty("scanned", "true" if scanned else "false")
        self.field.style().unpolish(self.field)
        self.field.style().polish(self.field)

    def apply_orientation(self) -> None:
        self.keyboard.set_portrait(self.portrait)
        side = 40 if self.portrait else 60
        self.outer.setContentsMargins(side, 20, side, 24)

    def retranslate(self) -> None:
        T = self.T
        self.title.setText(T("title", self.lang))
        self.subtitle.setText(T("subtitle", self.lang))
        self.field.setPlaceholderText(T("placeholder", self.lang))
        self.hint.setText(T("hint", self.lang))
        self.back_button.setText(T("back", self.lang))
        self._update()
