"""A page for writing on the touchscreen: a title, a text box and the on-screen keyboard. Used for
the survey's suggestion and for the complaint's text and contact, each with its own words."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QVBoxLayout

from kiosk.screens.common import Screen, Texts, make_button, make_label
from kiosk.screens.keyboard import OnScreenKeyboard, TextArea

COMMON = Texts({
    "back": ("‹  Sebelumnya", "‹  Previous"),
    "count": ("{n} / {max} huruf", "{n} / {max} characters"),
    "sending": ("Mengirim…", "Sending…"),
})


class TextEntryScreen(Screen):
    """`words` holds (id, en) pairs for 'title', 'subtitle', 'placeholder', 'submit' and
    optionally 'skip'. Emits `submitted(text)` (the skip button submits ''), and `previous()`."""

    submitted = Signal(str)
    previous = Signal()

    def __init__(self, name: str, words: dict[str, tuple[str, str]], max_length: int,
                 required: bool = False, lines: int = 4, parent=None):
        super().__init__(parent)
        self.name = name
        self.words = Texts(words)
        self.required = required
        self.busy = False
        self.title = make_label("", "ScreenTitle", align=Qt.AlignmentFlag.AlignCenter)
        self.subtitle = make_label("", "ScreenSubtitle", align=Qt.AlignmentFlag.AlignCenter)
        self.area = TextArea(max_length)
        self.area.setObjectName("TextArea")
        self.lines = lines
        self.area.setMinimumHeight(70 + 46 * lines)
        self.area.textChanged.connect(self._update)
        self.counter = make_label("", "Hint", wrap=False,
                                  align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.keyboard = OnScreenKeyboard("text")
        self.keyboard.set_target(self.area)
        self.back_button = make_button("", "BackButton", 100)
        self.back_button.setMaximumWidth(360)
        self.back_button.clicked.connect(self.previous.emit)
        self.skip_button = make_button("", "SecondaryButton", 110)
        self.skip_button.clicked.connect(lambda: self._submit(""))
        self.skip_button.setVisible("skip" in words)
        self.submit_button = make_button("", "PrimaryButton", 110)
        self.submit_button.clicked.connect(lambda: self._submit(self.area.text()))
        # landscape: the words on the left, the keyboard on the right; portrait: one column
        left = QVBoxLayout()
        left.setSpacing(12)
        left.addWidget(self.title)
        left.addWidget(self.subtitle)
        left.addWidget(self.area, 1)
        left.addWidget(self.counter)
        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.body.setSpacing(40)
        self.body.addLayout(left, 2)
        self.body.addWidget(self.keyboard, 3)
        self.bottom = QGridLayout()
        self.bottom.setSpacing(24)
        self.outer = outer = QVBoxLayout(self)
        outer.setContentsMargins(60, 30, 60, 40)
        outer.setSpacing(18)
        outer.addLayout(self.body, 1)
        outer.addLayout(self.bottom)
        self.apply_orientation()
        self.retranslate()

    def text(self) -> str:
        return self.area.text().strip()

    def reset(self) -> None:
        self.busy = False
        self.area.setText("")
        self.keyboard.shift = False
        self.keyboard.retranslate()
        self._update()

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        self._update()

    def _submit(self, text: str) -> None:
        if not self.busy and (text.strip() or not self.required):
            self.submitted.emit(text.strip())

    def _update(self) -> None:
        self.submit_button.setEnabled(not self.busy and (bool(self.text()) or not self.required))
        self.skip_button.setEnabled(not self.busy)
        self.submit_button.setText(COMMON("sending", self.lang) if self.busy
                                   else self.words("submit", self.lang))
        self.counter.setText(COMMON("count", self.lang, n=len(self.area.text()),
                                    max=self.area.max_length))

    def apply_orientation(self) -> None:
        portrait = self.portrait
        side = 30 if portrait else 60
        self.outer.setContentsMargins(side, 30, side, 40)
        self.keyboard.set_portrait(portrait)
        self.body.setDirection(QBoxLayout.Direction.TopToBottom if portrait
                               else QBoxLayout.Direction.LeftToRight)
        self.area.setMinimumHeight(70 + 46 * (self.lines if portrait else min(self.lines, 3)))
        while self.bottom.count():
            self.bottom.takeAt(0)
        skip = "skip" in self.words.table
        if portrait:   # three wide buttons do not fit across 1080 px: the main one on its own row
            self.bottom.addWidget(self.submit_button, 0, 0, 1, 2)
            self.bottom.addWidget(self.back_button, 1, 0)
            if skip:
                self.bottom.addWidget(self.skip_button, 1, 1)
        else:
            self.bottom.addWidget(self.back_button, 0, 0)
            if skip:
                self.bottom.addWidget(self.skip_button, 0, 1)
            self.bottom.addWidget(self.submit_button, 0, 2)
        for c, stretch in enumerate((1, 2, 3)):
            self.bottom.setColumnStretch(c, 0 if portrait and c == 2 else stretch)
        self.bottom.invalidate()

    def retranslate(self) -> None:
        lang = self.lang
        self.title.setText(self.words("title", lang))
        self.subtitle.setText(self.words("subtitle", lang))
        self.area.setPlaceholderText(self.words("placeholder", lang))
        if "skip" in self.words.table:
            self.skip_button.setText(self.words("skip", lang))
        self.back_button.setText(COMMON("back", lang))
        self.keyboard.set_language(lang)
        self._update()
