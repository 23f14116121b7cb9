"""What the counter console does: the eight actions, their dialogs and the logout.

`ConsoleActions` is mixed into `ConsoleWindow` (which owns the widgets, the workers and the
banner). Every action runs as `work(service)` on the action worker; while it is pending the
buttons stay off, and a failure says why in the banner.
"""
from __future__ import annotations

import logging

from shared.domain import AntreanError, CounterStatus
from shared.indonesian import format_time
from shared.qt.remote import is_offline_error

from counter.booking.dialog import StaffBookingDialog
from counter.console.dialogs import CallNumberDialog, PauseDialog, TransferDialog
from counter.console.texts import text

log = logging.getLogger(__name__)


class ConsoleActions:
    """The acting half of `ConsoleWindow`; expects the attributes that window sets up."""

    def trigger(self, action: str) -> None:
        """Run an action (button, key or test); refused actions say why in the banner."""
        if self.dialog is not None:
            return
        ok = self.availability.get(action)
        if ok is not None and not ok.enabled:
            self.show_banner(ok.reason(self.lang), "warn")
            return
        handler = {
            "call_next": self._call_next, "recall": self._recall, "start": self._start,
            "finish": self._finish, "no_show": self._no_show, "transfer": self._open_transfer,
            "call_number": self._open_call_number, "pause": self._pause_or_resume,
        }[action]
        handler()

    def _act(self, action: str, work, done) -> None:
        """`work(service)` on the action worker, then `done(result)`; a refusal shows the reason.
        Remote: the buttons stay off until the server answers (the same idempotency key for
        every retry, so an action is applied once even across an outage)."""
        self.pending = action
        self._redraw()
        self._sending_timer.start()

        def finished():
            self.pending = None
            self._sending_timer.stop()
            self.refresh()

        def ok(result):
            try:
                done(result)
            finally:
                finished()

        def failed(exc):
            try:
                self._show_failure(action, exc)
            finally:
                finished()

        self.actions_worker.submit(work, ok, failed)

    def _show_failure(self, action: str, exc: BaseException) -> None:
        if is_offline_error(exc):
            log.warning("%s not sent: %s", action, exc)
            self.show_banner(text("not_sent", self.lang, action=self._action_name(action)),
                             "error")
        elif isinstance(exc, AntreanError):
            log.info("refused: %s", exc.message_en)
            self.show_banner(exc.text(self.lang), "error")
        else:   # log the traceback, show a plain message
            log.error("counter action failed", exc_info=exc)
            self.show_banner(text("unexpected", self.lang), "error")

    def _action_name(self, action: str) -> str:
        return text("logout_action" if action == "logout" else action, self.lang)

    def _say_sending(self) -> None:
        if self.pending is None:
            return
        key = "sending" if self.monitor.online else "sending_offline"
        self.show_banner(text(key, self.lang, action=self._action_name(self.pending)), "warn")

    def _called_work(self, call):
        """A call, then (with auto start) the start of service, in one background job."""
        counter, auto = self.counter, self.auto_start.isChecked()

        def work(service):
            ticket = call(service)
            return service.start(counter) if auto else ticket
        return work

    def _banner_for(self, key: str):
        return lambda t: self.show_banner(text(key, self.lang, code=t.code), "info")

    def _call_next(self) -> None:
        counter, officer = self.counter, self.officer
        self._act("call_next", self._called_work(lambda s: s.call_next(counter, officer)),
                  self._banner_for("done_called"))

    def _recall(self) -> None:
        counter = self.counter
        self._act("recall", lambda s: s.recall(counter), self._banner_for("done_recalled"))

    def _start(self) -> None:
        counter = self.counter
        self._act("start", lambda s: s.start(counter), self._banner_for("done_started"))

    def _finish(self) -> None:
        counter = self.counter
        self._act("finish", lambda s: s.finish(counter), self._banner_for("done_finished"))

    def _no_show(self) -> None:
        counter = self.counter
        self._act("no_show", lambda s: s.no_show(counter), self._banner_for("done_no_show"))

    def _pause_or_resume(self) -> None:
        if self.state is not None and self.state.status == CounterStatus.PAUSED:
            counter = self.counter
            self._act("pause", lambda s: s.resume(counter),
                      lambda _: self.show_banner(text("done_resumed", self.lang), "info"))
        else:
            self._open_dialog(PauseDialog(self.lang, self), self._do_pause)

    def _open_transfer(self) -> None:
        current = self.state.current if self.state else None
        if current is None:
            return
        waiting = {q.service: q.waiting for q in getattr(self, "_queues", [])}
        self._open_dialog(TransferDialog(None, current, self.lang, self, config=self.config,
                                         waiting=waiting), self._do_transfer)

    def _open_call_number(self) -> None:
        services = self.side_panel.services
        dialog = CallNumberDialog(None, services, self.lang, self, config=self.config,
                                  tickets=[])
        self._open_dialog(dialog, self._do_call_number)

        def read(service):
            tickets = []
            for code in services:
                try:
                    tickets.extend(service.waiting(code))
                except Exception as exc:  # noqa: BLE001 — an inactive service lists nothing
                    if is_offline_error(exc):
                        raise
            return tickets

        def loaded(tickets):
            if self.dialog is dialog:
                dialog.set_tickets(tickets)

        self.reads.submit(read, loaded, lambda exc: log.warning("cannot list waiting: %s", exc))

    def open_phone_booking(self) -> None:
        """Book a slot for a caller on the phone; the console's keys rest meanwhile."""
        if self.dialog is not None:
            return
        dialog = StaffBookingDialog(self.reads, self.actions_worker, self.config, self.officer,
                                    self.lang, self.now, self)
        dialog.booked.connect(self._say_booked)
        self._open_dialog(dialog, lambda _dialog: None)

    def _say_booked(self, booking) -> None:
        svc = self.config.service(booking.service)
        local = booking.slot_start.astimezone(self.config.tz)
        self.show_banner(text("done_booked", self.lang, code=booking.display_code,
                              service=svc.display_name(self.lang) if svc else booking.service,
                              time=format_time(local, self.lang), name=booking.name), "info")

    def _open_dialog(self, dialog, on_accept) -> None:
        """Window-modal and non-blocking (`open()`), so the console keeps updating behind it."""
        self.dialog = dialog

        def done(result: int) -> None:
            self.dialog = None
            dialog.deleteLater()
            if result:
                on_accept(dialog)

        dialog.finished.connect(done)
        dialog.open()

    def _do_transfer(self, dialog: TransferDialog) -> None:
        target = dialog.selected_service()
        if not target:
            return
        svc = self.config.service(target)
        name = svc.display_name(self.lang) if svc else target
        counter = self.counter
        self._act("transfer", lambda s: s.transfer(counter, target),
                  lambda t: self.show_banner(text("done_transferred", self.lang, code=t.code,
                                                  service=name), "info"))

    def _do_call_number(self, dialog: CallNumberDialog) -> None:
        counter, officer, code = self.counter, self.officer, dialog.code()
        self._act("call_number",
                  self._called_work(lambda s: s.call_ticket(counter, code, officer)),
                  self._banner_for("done_called"))

    def _do_pause(self, dialog: PauseDialog) -> None:
        counter, reason = self.counter, dialog.reason()
        self._act("pause", lambda s: s.pause(counter, reason),
                  lambda _: self.show_banner(text("done_paused", self.lang), "info"))

    def logout(self) -> None:
        """Close the counter (refused while holding a ticket) and go back to the login."""
        if self.dialog is not None or self.pending is not None or not self.monitor.online:
            return
        counter = self.counter

        def closed(_state) -> None:
            log.info("%s logged out of counter %s", self.officer, self.counter)
            self.follower.stop()
            self.ticker.stop()
            self.logged_out.emit()
            self.close()

        self._act("logout", lambda s: s.close_counter(counter), closed)
