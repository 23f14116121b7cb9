"""Keyboards on the touchscreen (the kiosk has no physical keyboard, only perhaps a QR scanner).

- `code`: for a ticket number (A-012): the letters in alphabetical order (people hunt for a
  letter, they do not touch-type) beside a numeric pad with the dash and erase.
- `text`: for a suggestion or a contact: digits, QWERTY letters, a few punctuation marks, shift,
  space and erase.

Every key is at least 90 px square. The keyboard types into a target with `insert(text)` and
`backspace()` (a `QLineEdit`, or `TextArea` below); it takes no focus, so a scanner's keystrokes
still reach the focused field.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QPlainTextEdit, QPushButton, QWidget

from kiosk.screens.common import Texts, make_button

T = Texts({
    "space": ("spasi", "space"),
    "erase": ("⌫  Hapus", "⌫  Delete"),
    "shift": ("⇧  Kapital", "⇧  Caps"),
})

KEY_SIZE = 92
TEXT_KEY_SIZE = 90    # ten keys across a portrait screen: 10 × 90 px + gaps fit in 1080 px
ERASE = "\b"
LETTERS_ABC = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
QWERTY = ("1234567890", "qwertyuiop", "asdfghjkl-", "zxcvbnm,.@")


class TextArea(QPlainTextEdit):
    """A read-only text box the on-screen keyboard writes into (no caret blinking needed)."""

    def __init__(self, max_length: int, parent=None):
        super().__init__(parent)
        self.max_length = max_length
        self.setReadOnly(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:  # noqa: N802 (Qt naming)
        self.setPlainText(text[: self.max_length])
        self.moveCursor(QTextCursor.MoveOperation.End)
        self.ensureCursorVisible()

    def insert(self, text: str) -> None:
        self.setText(self.text() + text)

    def backspace(self) -> None:
        self.setText(self.text()[:-1])


class OnScreenKeyboard(QWidget):
    """`typed(str)` after every key (ERASE for erase). `mode`: 'code' or 'text'."""

    typed = Signal(str)

    def __init__(self, mode: str = "text", parent=None):
        super().__init__(parent)
        self.mode = mode
        self.lang = "id"
        self.target = None
        self.shift = False
        self.keys: dict[str, QPushButton] = {}
        self.setObjectName("Keyboard")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.grid = QGridLayout()
        self.grid.setSpacing(10)
        if mode == "code":
            self._build_code()
        else:
            self._build_text()
        self.retranslate()

    def _key(self, value: str, label: str | None = None, name: str = "KeyButton") -> QPushButton:
        size = KEY_SIZE if self.mode == "code" else TEXT_KEY_SIZE
        button = make_button(label if label is not None else value, name, size)
        button.setMinimumWidth(size)
        button.setAutoRepeat(value == ERASE)
        button.clicked.connect(lambda _=False, v=value: self.press(v))
        self.keys[value] = button
        return button

    def _build_code(self) -> None:
        letters = QGridLayout()
        letters.setSpacing(10)
        for i, ch in enumerate(LETTERS_ABC):
            letters.addWidget(self._key(ch), i // 7, i % 7)
        pad = QGridLayout()
        pad.setSpacing(10)
        for i, ch in enumerate("123456789"):
            pad.addWidget(self._key(ch, name="DigitKey"), i // 3, i % 3)
        pad.addWidget(self._key("-", "–", "DigitKey"), 3, 0)
        pad.addWidget(self._key("0", name="DigitKey"), 3, 1)
        pad.addWidget(self._key(ERASE, "⌫", "EraseKey"), 3, 2)
        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSpacing(36)
        self.box.addLayout(letters, 7)
        self.box.addLayout(pad, 3)

    def _build_text(self) -> None:
        for r, line in enumerate(QWERTY):
            for c, ch in enumerate(line):
                self.grid.addWidget(self._key(ch), r, c)
        self.grid.addWidget(self._key("shift", "", "ShiftKey"), 4, 0, 1, 2)
        self.grid.addWidget(self._key(" ", "", "SpaceKey"), 4, 2, 1, 5)
        self.grid.addWidget(self._key("?", name="KeyButton"), 4, 7)
        self.grid.addWidget(self._key(ERASE, "", "EraseKey"), 4, 8, 1, 2)
        self.setLayout(self.grid)

    def set_portrait(self, portrait: bool) -> None:
        """Portrait: the code keyboard puts its number pad under the letters; the text keyboard
        packs its keys closer (ten of them must fit across 1080 px)."""
        if self.mode == "code":
            self.box.setDirection(QBoxLayout.Direction.TopToBottom if portrait
                                  else QBoxLayout.Direction.LeftToRight)
            self.box.setSpacing(24 if portrait else 36)
        else:
            self.grid.setSpacing(8 if portrait else 10)
        self.layout().invalidate()
        self.layout().activate()
        self.updateGeometry()

    def set_target(self, target) -> None:
        """Where keys type: anything with `insert(str)` and `backspace()`."""
        self.target = target

    def press(self, value: str) -> None:
        if value == "shift":
            self.shift = not self.shift
            self.retranslate()
            return
        if value != ERASE and self.shift and value.isalpha():
            value = value.upper()
            self.shift = False               # one capital, as phones do
            self.retranslate()
        if self.target is not None:
            if value == ERASE:
                self.target.backspace()
            else:
                self.target.insert(value)
        self.typed.emit(value)

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.retranslate()

    def retranslate(self) -> None:
        if self.mode != "text":
            return
        for value, button in self.keys.items():
            if len(value) == 1 and value.isalpha():
                button.setText(value.upper() if self.shift else value)
        self.keys[" "].setText(T("space", self.lang))
        self.keys[ERASE].setText(T("erase", self.lang))
        self.keys["shift"].setText(T("shift", self.lang))
        self.keys["shift"].setProperty("on", "true" if self.shift else "false")
        self.keys["shift"].style().unpolish(self.keys["shift"])
        self.keys["shift"].style().polish(self.keys["shift"])
