"""The supervisor's "Booking" tab: a day's bookings (today by default) with their status — booked,
checked in, no-show, cancelled — filtered by service, a booking for a phone caller, cancelling a
booking, and that day's booked-vs-walk-in waits against the standard. A booking made, checked in,
released or cancelled in any process shows up within a fraction of a second (the events feed).
"""
from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from typing import Callable

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtWidgets import (QComboBox, QDateEdit, QHBoxLayout, QLabel, QMessageBox,
                               QPushButton, QVBoxLayout, QWidget)

from shared.domain import AntreanError, Booking, BookingStatus
from shared.qt.remote import ServiceWorker
from shared.reports.booking_stats import (booking_list_table, booking_report, booking_summary,
                                          booking_table)
from shared.store.database import connect

from counter.booking.dialog import StaffBookingDialog
from counter.supervisor.models import SORT_ROLE, StatsTableModel, sorted_view

log = logging.getLogger(__name__)

DEBOUNCE_MS = 120
# what changes a booking's row or the day's waits
WATCHED = ("booking_", "issued", "called", "cancelled", "no_show", "reactivated")


class BookingsView(QWidget):
    changed = Signal()             # the list was (re)loaded

    def __init__(self, service, user: dict, today: Callable[[], date],
                 now: Callable[[], datetime] | None = None, parent=None):
        super().__init__(parent, objectName="bookings")
        self.service = service
        self.user = user
        self.today = today
        self.now = now
        config = service.config
        self.config = config
        self.bookings: list[Booking] = []
        self.worker = ServiceWorker(service, name="antrean-bookings", parent=self)

        self.heading = QLabel("Booking antrean online", objectName="view_heading")
        self.day = QDateEdit(objectName="booking_day")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd/MM/yyyy")
        self.prev_button = QPushButton("◀", objectName="prev")
        self.next_button = QPushButton("▶", objectName="next")
        self.today_button = QPushButton("Hari ini", objectName="today")
        self.filter = QComboBox(objectName="service_filter")
        self.filter.addItem("Semua layanan", None)
        for s in config.services:
            if s.booking is not None:
                self.filter.addItem(s.name, s.code)
        self.new_button = QPushButton("☎ Booking telepon", objectName="new_booking")
        self.new_button.setProperty("primary", True)
        self.cancel_button = QPushButton("Batalkan booking", objectName="cancel_booking")
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addSpacing(16)
        for w in (self.prev_button, self.day, self.next_button, self.today_button):
            top.addWidget(w)
        top.addSpacing(12)
        top.addWidget(QLabel("Layanan"))
        top.addWidget(self.filter)
        top.addStretch(1)
        top.addWidget(self.cancel_button)
        top.addWidget(self.new_button)
        self.summary = QLabel(objectName="updated")
        self.message = QLabel(objectName="action_message")
        self.message.setWordWrap(True)

        self.list_model = StatsTableModel(parent=self)
        self.list_view = sorted_view(self.list_model, "booking_list")
        self.list_view.setSelectionMode(self.list_view.SelectionMode.SingleSelection)
        self.list_view.horizontalHeader().setStretchLastSection(True)
        self.list_view.selectionModel().selectionChanged.connect(lambda *_: self._update())
        self.figures_title = QLabel(objectName="card_title")
        self.figures_model = StatsTableModel(parent=self)
        self.figures_view = sorted_view(self.figures_model, "booking_figures")
        self.figures_view.setMaximumHeight(200)
        note = QLabel("Tunggu booking dihitung dari jam slot (atau saat check-in bila datang "
                      "terlambat); tunggu langsung dari saat ambil nomor. Hijau ≥ 80 %, kuning "
                      "≥ 60 % dalam standar.", objectName="note")
        note.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        layout.addWidget(self.list_view, 3)
        layout.addWidget(self.figures_title)
        layout.addWidget(self.figures_view, 1)
        layout.addWidget(note)

        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self.reload)
        self.prev_button.clicked.connect(lambda: self.set_day(self.current_day() - timedelta(1)))
        self.next_button.clicked.connect(lambda: self.set_day(self.current_day() + timedelta(1)))
        self.today_button.clicked.connect(lambda: self.set_day(self.today()))
        self.day.dateChanged.connect(lambda _d: self.reload())
        self.filter.currentIndexChanged.connect(lambda _i: self.reload())
        self.new_button.clicked.connect(self.open_new_booking)
        self.cancel_button.clicked.connect(self.ask_cancel)
        self.dialog: StaffBookingDialog | None = None
        self.set_day(self.today())

    # --- reading --------------------------------------------------------------------------
    def current_day(self) -> date:
        return self.day.date().toPython()

    def set_day(self, day: date) -> None:
        if self.day.date().toPython() == day:
            self.reload()
        else:
            self.day.setDate(QDate(day.year, day.month, day.day))

    def reload(self) -> None:
        day, service = self.current_day(), self.filter.currentData()
        try:
            self.bookings = self.service.bookings(day, service)
            conn = connect(self.service.path)
            try:
                report = booking_report(conn, self.config, day, day)
            finally:
                conn.close()
        except AntreanError as exc:
            self._say(exc.message, "error")
            return
        self.list_model.set_table(booking_list_table(self.bookings, self.config))
        if service is not None:
            report.services[:] = [s for s in report.services if s.service == service]
        self.figures_model.set_table(booking_table(report))
        label = "hari ini" if day == self.today() else f"{day:%d/%m/%Y}"
        self.figures_title.setText(f"Booking vs pengunjung langsung — {label}")
        self.summary.setText(booking_summary(self.bookings))
        self._update()
        self.changed.emit()

    def on_events(self, events) -> None:
        """Reload soon after a booking or queue change anywhere (a burst reloads once)."""
        if any(e.type.startswith(WATCHED) for e in events):
            self._debounce.start()

    # --- acting ---------------------------------------------------------------------------
    def selected(self) -> Booking | None:
        rows = self.list_view.selectionModel().selectedRows()
        if not rows:
            return None
        proxy = self.list_view.model()
        code = proxy.index(rows[0].row(), 1).data(SORT_ROLE)
        return next((b for b in self.bookings if b.display_code.lower() == code), None)

    def select_code(self, code: str) -> None:
        proxy = self.list_view.model()
        for row in range(proxy.rowCount()):
            if proxy.index(row, 1).data(SORT_ROLE) == code.lower():
                self.list_view.selectRow(row)
                return
        raise KeyError(code)

    def _update(self) -> None:
        b = self.selected()
        self.cancel_button.setEnabled(b is not None and b.status == BookingStatus.BOOKED)

    def open_new_booking(self) -> None:
        self.dialog = StaffBookingDialog(self.worker, self.worker, self.config,
                                         self.user["username"], "id", self.now, self)
        self.dialog.booked.connect(lambda b: (self._say(
            f"Booking {b.display_code} dibuat untuk {b.name}.", "ok"), self.reload()))
        self.dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog.open()

    def ask_cancel(self) -> None:
        b = self.selected()
        if b is None or b.status != BookingStatus.BOOKED:
            return
        box = QMessageBox(QMessageBox.Icon.Question, "Batalkan booking",
                          f"Batalkan booking {b.display_code} ({b.name}, "
                          f"{b.slot_start.astimezone(self.config.tz):%H.%M})? "
                          "Tempatnya kembali tersedia untuk orang lain.",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setObjectName("confirm_cancel")
        yes = box.button(QMessageBox.StandardButton.Yes)
        yes.setText("Ya, batalkan")
        box.button(QMessageBox.StandardButton.No).setText("Tidak")
        box.finished.connect(lambda _r: box.clickedButton() is yes and self.cancel(b.code))
        self.confirm = box
        box.open()

    def cancel(self, code: str) -> None:
        """Cancel a booking for the caller (staff need no proof of the contact)."""
        try:
            b = self.service.cancel_booking(code)
        except AntreanError as exc:
            self._say(exc.message, "error")
        else:
            log.info("booking %s cancelled by %s", b.code, self.user["username"])
            self._say(f"Booking {b.display_code} dibatalkan.", "ok")
        self.reload()

    def _say(self, text: str, level: str) -> None:
        self.message.setText(text)
        self.message.setProperty("level", level)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)

    def shutdown(self) -> None:
        self._debounce.stop()
        self.worker.shutdown()
