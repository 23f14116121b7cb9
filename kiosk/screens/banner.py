"""A large, friendly message over the current screen: a refusal (closed, holiday, quota) or an
apology after an unexpected error. A tap anywhere, the button, or time closes it."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from kiosk.screens.common import Texts, make_button, make_label

T = Texts({
    "refused": ("Mohon maaf, nomor antrean belum dapat diambil",
                "Sorry, a queue number cannot be taken now"),
    "error": ("Mohon maaf, terjadi gangguan", "Sorry, something went wrong"),
    "survey": ("Mohon maaf", "Sorry"),
    "offline": ("Tidak terhubung ke server", "Not connected to the server"),
    "checkin": ("Check-in belum dapat dilakukan", "Check-in is not possible"),
    "error_text": ("Silakan coba lagi. Jika masih gagal, silakan hubungi petugas.",
                   "Please try again. If it still fails, please ask an officer."),
    "still_open": ("Layanan yang masih buka: {names}", "Services still open: {names}"),
    "ok": ("Mengerti", "OK"),
})

BANNER_SECONDS = 10


def still_open_text(names_id: list[str], names_en: list[str]) -> tuple[str, str]:
    """'Layanan yang masih buka: …' in both languages (after a quota refusal)."""
    return (T("still_open", "id", names=", ".join(names_id)),
            T("still_open", "en", names=", ".join(names_en)))


class Banner(QWidget):
    """Covers its parent area with a dim backdrop and a card. `show_message()` / `dismiss()`."""

    dismissed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.lang = "id"
        self.tone = "refused"
        self.message = ("", "")
        self.extra = ("", "")
        self.heading: tuple[str, str] | None = None   # a title of the caller's own
        self.card = QFrame(self)
        self.card.setObjectName("Banner")
        self.card.setFixedWidth(1300)
        self.title = make_label("", "BannerTitle", align=Qt.AlignmentFlag.AlignCenter)
        self.text = make_label("", "BannerText", align=Qt.AlignmentFlag.AlignCenter)
        self.extra_label = make_label("", "BannerExtra", align=Qt.AlignmentFlag.AlignCenter)
        self.button = make_button("", "BannerButton", 100)
        self.button.setMaximumWidth(420)
        self.button.clicked.connect(self.dismiss)
        card = QVBoxLayout(self.card)
        card.setContentsMargins(60, 50, 60, 50)
        card.setSpacing(26)
        card.addWidget(self.title)
        card.addWidget(self.text)
        card.addWidget(self.extra_label)
        card.addSpacing(10)
        card.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(80, 60, 80, 60)
        outer.addStretch(1)
        outer.addWidget(self.card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(1)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.dismiss)
        if parent is not None:   # always cover the whole parent, whatever its size
            parent.installEventFilter(self)
        self.hide()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if obj is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.setGeometry(obj.rect())
            # a fixed width lets the wrapped texts take the height they need
            self.card.setFixedWidth(max(400, min(1300, obj.width() - 120)))
        return False

    def show_message(self, tone: str, message: tuple[str, str] = ("", ""),
                     extra: tuple[str, str] = ("", ""), seconds: int = BANNER_SECONDS,
                     title: tuple[str, str] | None = None) -> None:
        """tone: 'refused' (a known refusal of a ticket), 'survey' (of a survey or complaint),
        'checkin' (of a booking's check-in), 'offline' (the server cannot be reached) or 'error'
        (an unexpected fault). `title` replaces the tone's own title."""
        self.tone = tone
        self.heading = title
        self.message = message if any(message) else (T.table["error_text"] if tone == "error"
                                                     else ("", ""))
        self.extra = extra
        self.card.setProperty("tone", tone)
        for widget in (self.card, self.extra_label):   # the label's look follows the tone
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        self.retranslate()
        if self.parentWidget() is not None:
            self.setGeometry(self.parentWidget().rect())
        self.show()
        self.raise_()
        self.timer.start(seconds * 1000)

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.retranslate()

    def retranslate(self) -> None:
        lang = self.lang
        pick = 1 if lang == "en" else 0
        self.title.setText(self.heading[pick] if self.heading else T(self.tone, lang))
        self.text.setText(self.message[pick])
        self.extra_label.setText(self.extra[pick])
        self.extra_label.setVisible(bool(self.extra[pick]))
        self.button.setText(T("ok", lang))

    def dismiss(self) -> None:
        self.timer.stop()
        if self.isVisible():
            self.hide()
            self.dismissed.emit()

    def mousePressEvent(self, event) -> None:  # noqa: N802
        self.dismiss()

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(4, 14, 30, 190))
        painter.end()
