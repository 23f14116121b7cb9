"""Checking in a booking at the kiosk: the start screen's button → the check-in screen (code on
the on-screen keyboard, or a scan), or a scan straight from the idle, start, ticket or thank-you
screen → the priority question (when the kiosk asks walk-ins) → the ticket and its slip, printed
like a walk-in's. Refusals (too early, too late, another day, cancelled, checked in already,
unknown code) show in the kiosk's banner with what to do next.

A USB barcode scanner is a keyboard: it types the QR code's text in a quick burst and Enter.
Wherever no field waits for text, the window's invisible scan field takes it; a pause longer than
`SCAN_GAP_S` between two keys starts a new scan, so a stray key never spoils the next one.
"""
from __future__ import annotations

import logging
import time
from datetime import timedelta

from shared.booking.codes import parse_scanned
from shared.domain import (AntreanError, Booking, BookingRefused, BookingStatus, CheckInRefused,
                           IssuedTicket, NotFound)
from shared.qt.remote import is_offline_error

from kiosk.screens.checkin import CheckInScreen
from kiosk.screens.checkin_words import booking_line, refusal_texts
from kiosk.survey.lookup import looks_like_status_url

log = logging.getLogger(__name__)

SCAN_GAP_S = 0.3          # a scanner sends a code within a few ms a key; a person is slower
BOOKING_SCAN_SCREENS = ("start", "idle", "ticket", "thanks")


class CheckingIn:
    """The check-in half of `KioskWindow` (a mixin before `Issuing`: it takes the priority answer
    when a booking asked the question)."""

    def _build_checkin(self) -> CheckInScreen:
        self._pending_checkin: str | None = None
        self._last_scan_key = 0.0
        self.checkin = CheckInScreen()
        return self.checkin

    def _wire_checkin(self) -> None:
        self.start.checkin_requested.connect(self.open_checkin)
        self.checkin.entered.connect(self.check_in_text)
        self.checkin.back.connect(lambda: self._tap_ok() and self.show_screen("start"))
        # leaving the priority question (Kembali, idle, a walk-in's tap) drops the booking
        self.screen_changed.connect(
            lambda name: name == "priority" or setattr(self, "_pending_checkin", None))

    def booking_enabled(self) -> bool:
        """Whether any active service takes bookings (the start screen then offers check-in)."""
        return any(s.active and s.booking is not None for s in self.config.services)

    # --- entering a code --------------------------------------------------------------------
    def open_checkin(self) -> None:
        if not self._tap_ok():
            return
        self.banner.dismiss()
        self.checkin.reset()
        self.show_screen("checkin")
        self.checkin.field.setFocus()

    def scan_key(self, event) -> None:
        """A key for the invisible scan field: after a pause, what it held is a stale half."""
        now = time.monotonic()
        if now - self._last_scan_key > SCAN_GAP_S:
            self.scan_sink.clear()
        self._last_scan_key = now

    def scanned_booking(self, text: str) -> bool:
        """A scan on the idle/start/ticket/thanks screen: a booking code checks in at once."""
        if self._busy or self.current_screen() not in BOOKING_SCAN_SCREENS \
                or looks_like_status_url(text) or not self.booking_enabled():
            return False
        code = parse_scanned(text)
        if code is None:
            return False
        self.banner.dismiss()
        log.info("booking %s scanned on the %s screen", code, self.current_screen())
        self.check_in_text(text)
        return True

    def check_in_text(self, text: str) -> None:
        """Check in whatever was typed or scanned (a code, or the booking QR's URL)."""
        if self._busy:
            return
        code = parse_scanned(text)
        if code is None:
            log.info("check-in: not a booking code: %r", text[:60])
            self._show_checkin_refusal("unknown", code=text.strip()[:12])
            return
        self._busy = True
        self.checkin.set_busy(True)
        if self.config.priority.ask_at_kiosk:   # ask like a walk-in, once the booking is real
            self.actions.submit(lambda svc: svc.booking(code),
                                lambda booking: self._on_booking_found(code, booking),
                                lambda exc: self._on_checkin_failed(code, exc))
        else:
            self._do_check_in(code, None)

    def _on_booking_found(self, code: str, booking: Booking) -> None:
        if booking.status == BookingStatus.BOOKED and self._window_open(booking):
            self._busy = False
            self.checkin.set_busy(False)
            queue = self.start.queue(booking.service)
            name_id = queue.name_id if queue else booking.service
            name_en = queue.name_en if queue else booking.service
            self.priority.set_service(f"{name_id} · booking {booking.display_code}",
                                      f"{name_en} · booking {booking.display_code}")
            self.show_screen("priority")
            self._pending_checkin = code
        else:          # the store refuses it in its own words (too early, cancelled, …)
            self._do_check_in(code, None)

    def _window_open(self, booking: Booking) -> bool:
        """Today, and within the check-in window: only then is the priority question worth it."""
        svc = self.config.service(booking.service)
        rules = svc.booking if svc is not None else None
        now = self.clock.now()
        if rules is None or booking.business_day != now.astimezone(self.config.tz).date():
            return False
        return (booking.slot_start - timedelta(minutes=rules.early_minutes) <= now
                <= booking.slot_start + timedelta(minutes=rules.late_minutes))

    def _on_priority(self, group: str) -> None:
        code = self._pending_checkin
        if code is None:
            super()._on_priority(group)
            return
        if not self._tap_ok():
            return
        self._pending_checkin = None
        self._do_check_in(code, group or None)

    def _do_check_in(self, code: str, group: str | None) -> None:
        self._busy = True

        def work(svc):
            issued = svc.check_in(code, group) if group else svc.check_in(code)
            try:
                booking = svc.booking(code)
            except Exception:  # noqa: BLE001 — the ticket is issued; the slot line can wait
                log.warning("booking %s: checked in, but cannot read it back", code)
                booking = None
            return issued, booking
        self.actions.submit(work, self._on_checked_in,
                            lambda exc: self._on_checkin_failed(code, exc))

    def _on_checked_in(self, result: tuple[IssuedTicket, Booking | None]) -> None:
        issued, booking = result
        self.checkin.set_busy(False)
        log.info("booking %s checked in: ticket %s", issued.ticket.booking_code,
                 issued.ticket.code)
        self._on_issued(issued)          # the ticket screen and the slip, as for a walk-in
        if booking is not None:
            tz = self.config.tz
            self.ticket.set_booking_line((booking_line(booking, tz, "id"),
                                          booking_line(booking, tz, "en")))

    # --- refusals ---------------------------------------------------------------------------
    def _on_checkin_failed(self, code: str, exc: BaseException) -> None:
        self._busy = False
        self.checkin.set_busy(False)
        self._ignore_until = time.monotonic() + self.ISSUE_GUARD_MS / 1000
        if isinstance(exc, CheckInRefused):
            log.info("check-in %s refused (%s): %s", code, exc.reason, exc.message)
            self._show_checkin_refusal(exc.reason, exc.booking, exc.opens_at, code=code,
                                       message=(exc.message, exc.message_en))
        elif isinstance(exc, NotFound) or (isinstance(exc, BookingRefused)
                                           and exc.reason == "no_booking"):
            log.info("check-in %s: no such booking", code)
            self._show_checkin_refusal("unknown", code=code)
        elif is_offline_error(exc):
            log.warning("check-in %s: server unreachable: %s", code, exc)
            self._show_checkin_refusal("offline", code=code)
        elif isinstance(exc, AntreanError):
            log.warning("check-in %s refused: %s", code, exc.message)
            self._show_checkin_refusal("other", code=code, message=(exc.message, exc.message_en))
        else:   # a locked database, a bug: log it, apologise, carry on
            log.error("check-in %s failed", code, exc_info=exc)
            self.recover(exc)

    def _show_checkin_refusal(self, reason: str, booking: Booking | None = None,
                              opens_at=None, *, code: str = "",
                              message: tuple[str, str] = ("", "")) -> None:
        late = None
        if booking is not None:
            svc = self.config.service(booking.service)
            late = svc.booking.late_minutes if svc is not None and svc.booking else None
        title, text, next_step = refusal_texts(
            reason, booking, opens_at, tz=self.config.tz, service_names=self._service_names(),
            late_minutes=late, code=code, message=message)
        if reason == "unknown" and self.current_screen() == "checkin":
            self.checkin.field.selectAll()    # a typo: the next key replaces the code
        else:
            self.show_screen("start")
        self.banner.show_message("checkin", text, next_step, title=title)
        self.checkin_refused.emit(reason)
