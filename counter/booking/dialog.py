"""Booking for a phone caller: service → day → slot → name and phone number or NIK → the code to
read out (with how to spell it aloud) and when the caller should check in at the kiosk.

Reads and the booking go through `ServiceWorker`s (at once with the embedded store, off the GUI
thread with `antrean serve`); a refusal (full, past the cut-off, a bad NIK, the per-person limit)
shows the store's words and keeps what was typed.
"""
from __future__ import annotations

import logging
from datetime import date, datetime, timedelta, timezone
from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QPushButton, QStackedWidget,
                               QVBoxLayout, QWidget)

from shared.config import OfficeConfig
from shared.domain import AntreanError, Booking, BookingSlot
from shared.indonesian import format_date, format_time, letter_name, number_words, zone_abbreviation
from shared.qt.remote import ServiceWorker, is_offline_error

from counter.style import combo_qss, dialog_qss

log = logging.getLogger(__name__)

WORDS = {
    "title": ("Booking untuk penelepon", "Booking for a phone caller"),
    "service": ("Layanan", "Service"),
    "day": ("Tanggal", "Date"),
    "slot": ("Jam", "Time"),
    "name": ("Nama", "Name"),
    "phone": ("Nomor HP", "Phone number"),
    "nik": ("NIK (16 angka)", "NIK (16 digits)"),
    "either": ("Nomor HP atau NIK", "Phone number or NIK"),
    "today": ("hari ini", "today"),
    "tomorrow": ("besok", "tomorrow"),
    "left": ("sisa {n} dari {of}", "{n} of {of} left"),
    "full": ("penuh", "full"),
    "closed": ("sudah ditutup", "closed"),
    "loading": ("Memuat jam…", "Loading times…"),
    "no_slots": ("Tidak ada jam layanan pada hari ini (tutup atau libur).",
                 "No service hours on this day (closed or a holiday)."),
    "no_service": ("Belum ada layanan yang menerima antrean online.",
                   "No service takes online bookings yet."),
    "need_slot": ("Pilih jam dulu.", "Choose a time first."),
    "need_name": ("Tulis nama penelepon.", "Write the caller's name."),
    "need_contact": ("Tulis {what} penelepon.", "Write the caller's {what}."),
    "offline": ("Tidak terhubung ke server: booking belum dibuat. Coba lagi sebentar lagi.",
                "Not connected to the server: no booking was made. Try again in a moment."),
    "unexpected": ("Terjadi gangguan; booking belum dibuat. Lihat log.",
                   "Something went wrong; no booking was made. See the log."),
    "book": ("Buat booking", "Book"),
    "booking": ("Membuat booking…", "Booking…"),
    "close": ("Tutup", "Close"),
    "again": ("Booking lain", "Another booking"),
    "done": ("Booking berhasil — bacakan kode ini:", "Booked — read out this code:"),
    "spoken": ("Dieja: {words}", "Spelled: {words}"),
    "summary": ("{service} · {when} · a.n. {name} · {contact}",
                "{service} · {when} · for {name} · {contact}"),
    "tell": ("Sampaikan: datang dan check-in di anjungan pukul {opens}–{closes} {zone} dengan kode "
             "ini (atau kode QR di halaman booking). Lewat pukul {closes} booking hangus.",
             "Tell the caller: come and check in at the kiosk between {opens} and {closes} {zone} "
             "with this code (or the QR code on the booking page). After {closes} the booking "
             "lapses."),
}


def t(key: str, lang: str, **fmt) -> str:
    text_id, text_en = WORDS[key]
    text = text_en if lang == "en" else text_id
    return text.format(**fmt) if fmt else text


def spoken_code(code: str, lang: str = "id") -> str:
    """How to read a code over the phone: 'ka · tujuh · ki · empat — em · dua · eks · a'."""
    def say(ch: str) -> str:
        if ch.isdigit():
            return number_words(int(ch)) if lang != "en" else ch
        return letter_name(ch, lang)
    code = code.replace("-", "").upper()
    halves = (code[:4], code[4:]) if len(code) == 8 else (code,)
    return " — ".join(" · ".join(say(ch) for ch in half) for half in halves)


def slot_text(slot: BookingSlot, tz, lang: str) -> str:
    """'09.30–10.00   sisa 3 dari 4' (or 'penuh', 'sudah ditutup')."""
    start, end = slot.start.astimezone(tz), slot.end.astimezone(tz)
    when = f"{format_time(start, lang)}–{format_time(end, lang)}"
    if slot.available <= 0:
        state = t("full", lang)
    elif not slot.bookable:
        state = t("closed", lang)
    else:
        state = t("left", lang, n=slot.available, of=slot.capacity)
    return f"{when}   {state}"


class StaffBookingDialog(QDialog):
    """Emits `booked(Booking)` after each booking made; stays open for the code to be read out."""

    booked = Signal(object)

    def __init__(self, reads: ServiceWorker, actions: ServiceWorker, config: OfficeConfig,
                 staff: str, lang: str = "id", now: Callable[[], datetime] | None = None,
                 parent=None):
        super().__init__(parent)
        self.reads, self.actions, self.config, self.staff, self.lang = (reads, actions, config,
                                                                         staff, lang)
        self.now = now or (lambda: datetime.now(timezone.utc))
        self.result: Booking | None = None
        self.slots: list[BookingSlot] = []
        self._generation = 0
        self._busy = False
        scale = getattr(parent, "scale", 1.0)
        self.setStyleSheet(dialog_qss(scale) + combo_qss() + _EXTRA_QSS)
        self.setWindowTitle(t("title", lang))
        self.setMinimumWidth(round(660 * scale))
        self.services = [s for s in config.services if s.active and s.booking is not None]

        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_form())
        self.pages.addWidget(self._build_result())
        heading = QLabel(t("title", lang), objectName="dialog_heading")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(self.pages, 1)
        for s in self.services:
            self.service.addItem(s.display_name(lang), s.code)
        self.service.currentIndexChanged.connect(lambda _i: self._fill_days())
        self.day.currentIndexChanged.connect(lambda _i: self.load_slots())
        self.slot_list.currentRowChanged.connect(lambda _r: self._update())
        self.name.textChanged.connect(lambda _t: self._update())
        self.contact.textChanged.connect(lambda _t: self._update())
        if not self.services:
            self.error.setText(t("no_service", lang))
        self._fill_days()

    # --- building -----------------------------------------------------------------------------
    def _build_form(self) -> QWidget:
        page = QWidget()
        self.service = QComboBox(objectName="service")
        self.day = QComboBox(objectName="day")
        self.slot_list = QListWidget(objectName="slots")
        self.slot_list.setMinimumHeight(230)
        self.slot_note = QLabel(objectName="slot_note")
        self.slot_note.setWordWrap(True)
        self.name = QLineEdit(objectName="name")
        self.name.setMaxLength(80)
        self.contact = QLineEdit(objectName="contact")
        self.contact.setMaxLength(24)
        self.contact_label = QLabel()
        self.error = QLabel(objectName="error")
        self.error.setWordWrap(True)
        self.book_button = QPushButton(t("book", self.lang), objectName="book")
        self.book_button.setDefault(True)
        self.book_button.setMinimumWidth(180)
        self.book_button.clicked.connect(self.submit)
        close = QPushButton(t("close", self.lang), objectName="close")
        close.setAutoDefault(False)       # Enter books; it never closes the form by surprise
        close.clicked.connect(self.reject)
        form = QFormLayout()
        form.setVerticalSpacing(8)
        form.addRow(t("service", self.lang), self.service)
        form.addRow(t("day", self.lang), self.day)
        form.addRow(t("slot", self.lang), self.slot_list)
        form.addRow("", self.slot_note)
        form.addRow(t("name", self.lang), self.name)
        form.addRow(self.contact_label, self.contact)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(close)
        buttons.addWidget(self.book_button)
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(form)
        box.addWidget(self.error)
        box.addLayout(buttons)
        return page

    def _build_result(self) -> QWidget:
        page = QWidget()
        self.done_label = QLabel(t("done", self.lang), objectName="done")
        self.code_label = QLabel(objectName="code")
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.spoken = QLabel(objectName="spoken")
        self.summary = QLabel(objectName="summary")
        self.tell = QLabel(objectName="tell")
        for label in (self.spoken, self.summary, self.tell):
            label.setWordWrap(True)
        self.spoken.setAlignment(Qt.AlignmentFlag.AlignCenter)
        again = QPushButton(t("again", self.lang), objectName="again")
        again.setAutoDefault(False)
        again.clicked.connect(self.another)
        close = QPushButton(t("close", self.lang), objectName="finish")
        close.setDefault(True)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(again)
        buttons.addWidget(close)
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(10)
        for w in (self.done_label, self.code_label, self.spoken, self.summary, self.tell):
            box.addWidget(w)
        box.addStretch(1)
        box.addLayout(buttons)
        return page

    # --- choosing -----------------------------------------------------------------------------
    def current_service(self):
        code = self.service.currentData()
        return next((s for s in self.services if s.code == code), None)

    def today(self) -> date:
        return self.now().astimezone(self.config.tz).date()

    def current_day(self) -> date | None:
        value = self.day.currentData()
        return date.fromisoformat(value) if value else None

    def _fill_days(self) -> None:
        svc = self.current_service()
        self.day.blockSignals(True)
        self.day.clear()
        if svc is not None:
            today = self.today()
            for n in range(svc.booking.days_ahead + 1):
                d = today + timedelta(days=n)
                label = format_date(d, self.lang)
                if n < 2:
                    label += f" ({t('today' if n == 0 else 'tomorrow', self.lang)})"
                self.day.addItem(label, d.isoformat())   # a date would not be found again
            what = {"phone": "phone", "nik": "nik"}.get(svc.booking.identity, "either")
            self.contact_label.setText(t(what, self.lang))
        self.day.blockSignals(False)
        self.load_slots()

    def select(self, service: str, day: date | None = None) -> None:
        """Choose a service and a day (tests, and a caller who says it at once)."""
        self.service.setCurrentIndex(self.service.findData(service))
        if day is not None:
            self.day.setCurrentIndex(self.day.findData(day.isoformat()))

    def select_slot(self, start: datetime) -> None:
        for row, slot in enumerate(self.slots):
            if slot.start == start:
                self.slot_list.setCurrentRow(row)
                return
        raise KeyError(start)

    def load_slots(self) -> None:
        svc, day = self.current_service(), self.current_day()
        self._generation += 1
        self.slot_list.clear()
        self.slots = []
        if svc is None or day is None:
            self._update()
            return
        generation, code = self._generation, svc.code
        self.slot_note.setText(t("loading", self.lang))
        self.reads.submit(lambda s: s.booking_slots(code, day),
                          lambda slots: generation == self._generation and self._show_slots(slots),
                          lambda exc: generation == self._generation and self._show_error(exc))

    def _show_slots(self, slots: list[BookingSlot]) -> None:
        self.slots = list(slots)
        tz = self.config.tz
        for slot in self.slots:
            item = QListWidgetItem(slot_text(slot, tz, self.lang))
            if not (slot.bookable and slot.available > 0):
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled
                              & ~Qt.ItemFlag.ItemIsSelectable)
            self.slot_list.addItem(item)
        self.slot_note.setText("" if self.slots else t("no_slots", self.lang))
        self._update()

    def chosen_slot(self) -> BookingSlot | None:
        row = self.slot_list.currentRow()
        if 0 <= row < len(self.slots) and self.slots[row].bookable:
            return self.slots[row]
        return None

    def _update(self) -> None:
        ready = (self.chosen_slot() is not None and bool(self.name.text().strip())
                 and bool(self.contact.text().strip()) and not self._busy)
        self.book_button.setEnabled(ready)
        self.book_button.setText(t("booking" if self._busy else "book", self.lang))

    # --- booking ------------------------------------------------------------------------------
    def submit(self) -> None:
        if self._busy:
            return
        svc, slot = self.current_service(), self.chosen_slot()
        name, contact = self.name.text().strip(), self.contact.text().strip()
        problem = (t("need_slot", self.lang) if slot is None else
                   t("need_name", self.lang) if not name else
                   t("need_contact", self.lang, what=self.contact_label.text().split(" (")[0])
                   if not contact else None)
        if svc is None or problem:
            self.error.setText(problem or t("no_service", self.lang))
            return
        self._busy = True
        self.error.setText("")
        self._update()
        code, start, staff = svc.code, slot.start, self.staff
        self.actions.submit(lambda s: s.book(code, start, name, contact, staff=staff),
                            self._on_booked, self._on_failed)

    def _on_booked(self, booking: Booking) -> None:
        self._busy = False
        self.result = booking
        log.info("booking %s made by %s for a phone caller", booking.code, self.staff)
        self._show_result(booking)
        self.pages.setCurrentIndex(1)
        self.booked.emit(booking)

    def _on_failed(self, exc: BaseException) -> None:
        self._busy = False
        self._show_error(exc)
        self.load_slots()            # a slot may have filled meanwhile

    def _show_error(self, exc: BaseException) -> None:
        if is_offline_error(exc):
            self.error.setText(t("offline", self.lang))
        elif isinstance(exc, AntreanError):
            self.error.setText(exc.text(self.lang))
        else:
            log.error("staff booking failed", exc_info=exc)
            self.error.setText(t("unexpected", self.lang))
        self.slot_note.setText("")
        self._update()

    def _show_result(self, b: Booking) -> None:
        tz, lang = self.config.tz, self.lang
        svc = self.config.service(b.service)
        zone = zone_abbreviation(self.config.timezone)
        local = b.slot_start.astimezone(tz)
        when = f"{format_date(local, lang)} {'at' if lang == 'en' else 'pukul'} " \
               f"{format_time(local, lang)} {zone}"
        self.code_label.setText(b.display_code)
        self.spoken.setText(t("spoken", lang, words=spoken_code(b.code, lang)))
        self.summary.setText(t("summary", lang, service=svc.display_name(lang) if svc else b.service,
                               when=when, name=b.name, contact=b.contact_masked))
        rules = svc.booking if svc is not None else None
        early = rules.early_minutes if rules else 30
        late = rules.late_minutes if rules else 15
        self.tell.setText(t("tell", lang, zone=zone,
                            opens=format_time(local - timedelta(minutes=early), lang),
                            closes=format_time(local + timedelta(minutes=late), lang)))

    def another(self) -> None:
        """Back to the form for the next caller: the service and day stay, the rest is cleared."""
        self.name.clear()
        self.contact.clear()
        self.error.setText("")
        self.pages.setCurrentIndex(0)
        self.load_slots()


_EXTRA_QSS = """
QLabel#code { font-size: 46px; font-weight: bold; color: #0b2545; background: #fff4cc;
              border: 2px solid #ffd23f; border-radius: 10px; padding: 10px 24px; }
QLabel#done { font-size: 19px; font-weight: bold; color: #1b998b; }
QLabel#spoken { font-size: 18px; color: #334e68; }
QLabel#tell { font-size: 17px; background: #e6f4f1; border-radius: 8px; padding: 10px; }
QLabel#error { color: #d1495b; font-weight: bold; }
QLabel#slot_note { color: #52606d; }
"""
