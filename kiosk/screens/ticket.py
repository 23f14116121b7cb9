"""The ticket screen: the number very large, people ahead, estimated wait (the slip's rounded
figure, with the range under it), the status QR code, and what happened to the printed slip.
A tap (or the configured time) returns to the start screen."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QBoxLayout, QFrame, QGridLayout, QSizePolicy, QVBoxLayout

from shared.domain import PRIORITY_LABELS, IssuedTicket
from shared.estimate.words import range_text, slip_text
from shared.qt.theme import FONT_FAMILY
from shared.qt.widgets import QrLabel

from kiosk.screens.common import Screen, Texts, make_label

T = Texts({
    "caption": ("Nomor antrean Anda", "Your queue number"),
    "ahead": ("Orang di depan Anda", "People ahead of you"),
    "wait": ("Perkiraan waktu tunggu", "Estimated waiting time"),
    "range": ("({text})", "({text})"),
    "priority": ("Prioritas: {group}", "Priority: {group}"),
    "qr": ("Pindai untuk memantau antrean dari ponsel", "Scan to follow the queue on your phone"),
    "printing": ("Struk sedang dicetak…", "Printing your ticket…"),
    "ok": ("Silakan ambil tiket Anda", "Please take your ticket"),
    "failed": ("Struk tidak dapat dicetak — silakan foto nomor dan kode QR ini",
               "The ticket could not be printed — please take a photo of this number and QR code"),
    "none": ("Silakan foto atau catat nomor dan kode QR ini",
             "Please take a photo or note of this number and QR code"),
    "countdown": ("Sentuh layar untuk kembali · {n}", "Touch the screen to go back · {n}"),
})

PRINT_STATES = ("printing", "ok", "failed", "none")


class TicketScreen(Screen):
    """Shows one IssuedTicket; `set_print_state()` follows the slip. Emits `tapped` on a tap."""

    name = "ticket"

    def __init__(self, service_names: dict[str, tuple[str, str]] | None = None, parent=None):
        super().__init__(parent)
        self.service_names = service_names or {}
        self.issued: IssuedTicket | None = None
        self.print_state = "printing"
        self.seconds_left = 0

        self.card = QFrame()
        self.card.setObjectName("TicketCard")
        self.caption = make_label("", "TicketCaption", align=Qt.AlignmentFlag.AlignCenter)
        self.number = make_label("", "TicketNumber", wrap=False, align=Qt.AlignmentFlag.AlignCenter)
        # the number is fitted to the card by _fit_number: it must not hold the window wide
        self.number.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.service = make_label("", "TicketService", align=Qt.AlignmentFlag.AlignCenter)
        self.priority = make_label("", "TicketPriority", wrap=False,
                                   align=Qt.AlignmentFlag.AlignCenter)
        self.booking = make_label("", "TicketBooking", align=Qt.AlignmentFlag.AlignCenter)
        self.booking_text = ("", "")    # 'Booking K7Q4-M2XA · slot 09.30 WIB' after a check-in
        self.booking.hide()
        self.ahead_label = make_label("", "TicketInfoLabel", align=Qt.AlignmentFlag.AlignCenter)
        self.ahead_value = make_label("", "TicketInfoValue", align=Qt.AlignmentFlag.AlignCenter)
        self.wait_label = make_label("", "TicketInfoLabel", align=Qt.AlignmentFlag.AlignCenter)
        self.wait_value = make_label("", "TicketInfoValue", align=Qt.AlignmentFlag.AlignCenter)
        # the range behind the figure: the wait is an estimate, and the phone follows it live
        self.wait_range = make_label("", "TicketWaitRange", align=Qt.AlignmentFlag.AlignCenter)
        self.wait_range.setStyleSheet("font-size: 22px; color: #486581;")
        info = QGridLayout()
        info.setHorizontalSpacing(40)
        info.setVerticalSpacing(2)
        info.addWidget(self.ahead_value, 0, 0)
        info.addWidget(self.ahead_label, 1, 0)
        info.addWidget(self.wait_value, 0, 1)
        info.addWidget(self.wait_label, 1, 1)
        info.addWidget(self.wait_range, 2, 1)
        card = QVBoxLayout(self.card)
        card.setContentsMargins(40, 30, 40, 36)
        card.setSpacing(8)
        card.addWidget(self.caption)
        card.addWidget(self.number, 1)
        card.addWidget(self.service)
        card.addWidget(self.priority, 0, Qt.AlignmentFlag.AlignHCenter)
        card.addWidget(self.booking)
        card.addSpacing(18)
        card.addLayout(info)

        self.qr_card = QFrame()
        self.qr_card.setObjectName("QrCard")
        self.qr = QrLabel(380)
        self.qr_caption = make_label("", "QrCaption", align=Qt.AlignmentFlag.AlignCenter)
        self.qr_caption.setMinimumHeight(80)
        qr = QVBoxLayout(self.qr_card)
        qr.setContentsMargins(30, 30, 30, 30)
        qr.setSpacing(12)
        qr.addStretch(1)
        qr.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignHCenter)
        qr.addWidget(self.qr_caption)
        qr.addStretch(1)

        # the coloured box is a frame around the label: QLabel's height-for-width ignores
        # stylesheet padding and would clip a wrapped message
        self.status_box = QFrame()
        self.status_box.setObjectName("PrintStatus")
        self.status = make_label("", "PrintStatusText", align=Qt.AlignmentFlag.AlignCenter)
        box = QVBoxLayout(self.status_box)
        box.setContentsMargins(30, 20, 30, 20)
        box.addWidget(self.status)
        self.countdown = make_label("", "Countdown", align=Qt.AlignmentFlag.AlignCenter)

        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.body.setSpacing(36)
        self.body.addWidget(self.card, 3)
        self.body.addWidget(self.qr_card, 2)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(60, 40, 60, 30)
        outer.setSpacing(24)
        outer.addLayout(self.body, 1)
        outer.addWidget(self.status_box)
        outer.addWidget(self.countdown)
        for w in self.findChildren(QFrame):   # let a tap anywhere reach the screen
            w.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.apply_orientation()
        self.retranslate()

    def show_ticket(self, issued: IssuedTicket, print_state: str) -> None:
        self.issued = issued
        self.booking_text = ("", "")
        self.qr.set_qr_text(issued.status_url)
        self.set_print_state(print_state)

    def set_print_state(self, state: str) -> None:
        assert state in PRINT_STATES, state
        self.print_state = state
        self.status_box.setProperty("state", state)
        for widget in (self.status_box, self.status):
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        self.retranslate()

    def set_booking_line(self, text: tuple[str, str]) -> None:
        """The booking this ticket was checked in for (id, en); cleared by the next ticket."""
        self.booking_text = text
        self.retranslate()

    def set_seconds_left(self, seconds: int) -> None:
        self.seconds_left = seconds
        self.countdown.setText(T("countdown", self.lang, n=max(0, seconds)))

    def apply_orientation(self) -> None:
        if self.portrait:
            self.body.setDirection(QBoxLayout.Direction.TopToBottom)
            self.body.setStretch(0, 3)
            self.body.setStretch(1, 2)
        else:
            self.body.setDirection(QBoxLayout.Direction.LeftToRight)
            self.body.setStretch(0, 3)
            self.body.setStretch(1, 2)
        self._fit_number()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit_number()

    def _fit_number(self) -> None:
        """The largest size (≤ 230 px) at which the number fits the card's width."""
        text = self.number.text() or "A-000"
        room = max(200, (self.width() - 120) * (1.0 if self.portrait else 0.6) - 100)
        size = 230
        font = QFont(FONT_FAMILY)
        font.setBold(True)
        while size > 60:
            font.setPixelSize(size)
            if QFontMetrics(font).horizontalAdvance(text) <= room:
                break
            size -= 10
        # a widget's own style sheet: the window's sheet would override a plain setFont()
        if self.number.property("fitted") != size:
            self.number.setProperty("fitted", size)
            self.number.setStyleSheet(f"font-size: {size}px; font-weight: bold;")

    def retranslate(self) -> None:
        lang = self.lang
        self.caption.setText(T("caption", lang))
        self.ahead_label.setText(T("ahead", lang))
        self.wait_label.setText(T("wait", lang))
        self.qr_caption.setText(T("qr", lang))
        self.status.setText(T(self.print_state, lang))
        self.set_seconds_left(self.seconds_left)
        issued = self.issued
        if issued is None:
            return
        ticket = issued.ticket
        if self.number.text() != ticket.code:
            self.number.setText(ticket.code)
            self._fit_number()
        name_id, name_en = self.service_names.get(ticket.service, (ticket.service, ticket.service))
        self.service.setText(name_en if lang == "en" else name_id)
        if ticket.priority_group:
            label_id, label_en = PRIORITY_LABELS[ticket.priority_group]
            self.priority.setText(T("priority", lang, group=label_en if lang == "en" else label_id))
        self.priority.setVisible(ticket.priority_group is not None)
        self.booking.setText(self.booking_text[1 if lang == "en" else 0])
        self.booking.setVisible(bool(self.booking_text[0]))
        self.ahead_value.setText(str(issued.people_ahead))
        figure = slip_text(issued.estimated_wait_min, lang)
        self.wait_value.setText(figure)
        note = range_text(issued.estimated_wait_low_min, issued.estimated_wait_high_min, lang)
        # under the figure, the range it comes from — unless it only repeats it
        show = note != "-" and note.split(" ", 1)[-1] != figure.split(" ", 1)[-1]
        self.wait_range.setText(T("range", lang, text=note) if show else "")
        self.wait_range.setVisible(show)
