"""Issuing at the kiosk: a tap on a service (and the priority step) → a ticket on screen, its slip
printed in the background; refusals in the store's own words.

The issue goes through the window's action `ServiceWorker`. Embedded: at once, in the GUI thread
(one fast SQLite write). With `antrean serve`: off the GUI thread, taps ignored until the answer.
`HttpQueueService` gives the request one idempotency key and keeps it through its retries for
`ISSUE_RETRY_S`, so a tap as the link drops gives exactly one ticket when the server answers
again. If the server stays away longer, the visitor is told to try again; that later tap is a
new request (the kiosk never re-sends a request under a new key by itself).
"""
from __future__ import annotations

import logging
import time

from shared.domain import AntreanError, IssuedTicket, IssueRefused
from shared.qt.remote import is_offline_error

from kiosk.screens.banner import still_open_text
from kiosk.screens.common import Texts
from kiosk.printing.worker import PrintResult

log = logging.getLogger(__name__)

ISSUE_RETRY_S = 20.0   # a remote issue keeps its idempotency key and retries this long

T = Texts({
    "offline_issue": ("Nomor antrean belum dapat diambil karena kios tidak terhubung ke server. "
                      "Silakan coba lagi sebentar lagi.",
                      "A queue number cannot be taken now: the kiosk is not connected to the "
                      "server. Please try again in a moment."),
})


class Issuing:
    """The issuing half of `KioskWindow` (a mixin: it uses the window's screens and workers)."""

    def _on_service(self, code: str) -> None:
        if not self._tap_ok():
            return
        self.banner.dismiss()
        queue = self.start.queue(code)
        if self.config.priority.ask_at_kiosk and queue is not None and queue.can_issue:
            self._pending_service = code
            self.priority.set_service(queue.name_id, queue.name_en)
            self.show_screen("priority")
        else:   # closed services are refused by the store itself, with its own words
            self.issue(code, None)

    def _on_priority(self, group: str) -> None:
        if not self._tap_ok() or self._pending_service is None:
            return
        self.issue(self._pending_service, group or None)

    def issue(self, code: str, group: str | None) -> IssuedTicket | None:
        """Issue, show the ticket, print in the background. Returns the ticket when it was
        issued at once (embedded); remote, the answer arrives later by `ticket_issued`."""
        self._busy = True
        issued: list[IssuedTicket] = []

        def done(ticket: IssuedTicket) -> None:
            issued.append(ticket)
            self._on_issued(ticket)
        self.actions.submit(lambda svc: svc.issue(code, group), done,
                            lambda exc: self._on_issue_failed(code, exc))
        return issued[0] if issued else None

    def _on_issued(self, issued: IssuedTicket) -> None:
        self._busy = False
        self._pending_service = None
        printing = self.config.printer.kind != "none"
        self.ticket.service_names = self._service_names()
        self.ticket.show_ticket(issued, "printing" if printing else "none")
        self.show_screen("ticket")
        self._ignore_until = time.monotonic() + self.ISSUE_GUARD_MS / 1000
        self._start_ticket_countdown()
        if printing:
            self.printer.submit(issued, self.lang, config=self.config)
        self.ticket_issued.emit(issued)

    def _on_issue_failed(self, code: str, exc: BaseException) -> None:
        self._busy = False
        self._ignore_until = time.monotonic() + self.ISSUE_GUARD_MS / 1000
        if isinstance(exc, IssueRefused):
            self._show_refusal(exc)
        elif is_offline_error(exc):
            log.warning("issue %s: server unreachable: %s", code, exc)
            self.show_screen("start")
            self.banner.show_message("offline", (T("offline_issue", "id"),
                                                 T("offline_issue", "en")))
            self.refused.emit(exc)
        elif isinstance(exc, AntreanError):
            log.warning("issue %s refused: %s", code, exc.message)
            self.show_screen("start")
            self.banner.show_message("refused", (exc.message, exc.message_en))
            self.refused.emit(exc)
        else:   # a locked database, a bug: log it, apologise, carry on
            log.error("issuing %s failed", code, exc_info=exc)
            self.recover(exc)

    def _show_refusal(self, refusal: IssueRefused) -> None:
        log.info("issue refused (%s): %s", refusal.reason, refusal.message)
        self.show_screen("start")
        extra = ("", "")
        if refusal.reason == "quota":
            self.refresh_queues()
            still = [q for q in self.start.queues if q.can_issue]
            if still:
                extra = still_open_text([q.name_id for q in still], [q.name_en for q in still])
        self.banner.show_message("refused", (refusal.message, refusal.message_en), extra)
        self.refused.emit(refusal)

    # --- printing and the ticket screen ---------------------------------------------------------
    def _on_printed(self, result: PrintResult) -> None:
        issued = self.ticket.issued
        if issued is not None and issued.ticket.code == result.code:
            self.ticket.set_print_state("ok" if result.ok else "failed")
            if not result.ok and self.current_screen() == "ticket":
                self._start_ticket_countdown(extra=10)   # time to take the photo
        self.print_done.emit(result)

    def _start_ticket_countdown(self, extra: int = 0) -> None:
        self._seconds_left = max(1, self.config.kiosk.ticket_screen_seconds) + extra
        self.ticket.set_seconds_left(self._seconds_left)
        self.ticket_timer.start()

    def _tick_ticket(self) -> None:
        self._seconds_left -= 1
        self.ticket.set_seconds_left(self._seconds_left)
        if self._seconds_left <= 0:
            self.ticket_timer.stop()
            self.finish_visit()   # the next visitor starts in Indonesian
