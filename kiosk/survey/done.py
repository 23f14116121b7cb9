"""The last page of a survey or a complaint: "Terima kasih", what was recorded, and back to the
start screen after a few seconds (or a tap)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QVBoxLayout

from kiosk.screens.common import Screen, Texts, make_label

T = Texts({
    "thanks": ("Terima kasih!", "Thank you!"),
    "survey": ("Penilaian Anda untuk nomor antrean {code} sudah kami terima. Masukan Anda "
               "membantu kami meningkatkan pelayanan.",
               "Your rating for queue number {code} has been received. Your feedback helps us "
               "improve our service."),
    "complaint": ("Pengaduan / saran Anda tercatat dengan nomor {number}. Kami akan "
                  "menindaklanjutinya.",
                  "Your complaint / suggestion is recorded as number {number}. We will follow "
                  "it up."),
    "countdown": ("Kembali ke layar awal dalam {n} detik · sentuh layar untuk kembali",
                  "Back to the start in {n} seconds · touch the screen to go back"),
})


class ThanksScreen(Screen):
    """`show_survey(code)` / `show_complaint(number)`; `set_seconds_left(n)`; emits `tapped`."""

    name = "thanks"

    def __init__(self, parent=None):
        super().__init__(parent)
        self.kind, self.value, self.seconds_left = "survey", "", 0
        self.card = QFrame()
        self.card.setObjectName("ThanksCard")
        self.mark = make_label("✓", "ThanksMark", wrap=False, align=Qt.AlignmentFlag.AlignCenter)
        self.mark.setFixedSize(180, 180)
        self.title = make_label("", "ThanksTitle", align=Qt.AlignmentFlag.AlignCenter)
        self.text = make_label("", "ThanksText", align=Qt.AlignmentFlag.AlignCenter)
        card = QVBoxLayout(self.card)
        card.setContentsMargins(80, 70, 80, 70)
        card.setSpacing(30)
        card.addWidget(self.mark, 0, Qt.AlignmentFlag.AlignHCenter)
        card.addWidget(self.title)
        card.addWidget(self.text)
        self.countdown = make_label("", "Countdown", align=Qt.AlignmentFlag.AlignCenter)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(80, 60, 80, 60)
        outer.addStretch(1)
        outer.addWidget(self.card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(1)
        outer.addWidget(self.countdown)
        for w in (self.card, self.mark, self.title, self.text, self.countdown):
            w.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.apply_orientation()
        self.retranslate()

    def show_survey(self, code: str) -> None:
        self.kind, self.value = "survey", code
        self.retranslate()

    def show_complaint(self, number: int) -> None:
        self.kind, self.value = "complaint", f"#{number}"
        self.retranslate()

    def set_seconds_left(self, n: int) -> None:
        self.seconds_left = n
        self.countdown.setText(T("countdown", self.lang, n=max(0, n)))

    def apply_orientation(self) -> None:
        self.card.setFixedWidth(900 if self.portrait else 1300)

    def retranslate(self) -> None:
        self.title.setText(T("thanks", self.lang))
        key = "survey" if self.kind == "survey" else "complaint"
        self.text.setText(T(key, self.lang, code=self.value, number=self.value))
        self.set_seconds_left(self.seconds_left)
