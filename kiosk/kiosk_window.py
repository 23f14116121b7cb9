"""The kiosk window: a header (office, clock, ID/EN) over a stack of screens, and the controller
that issues tickets, guards against double taps, prints off the GUI thread and falls back to the
start screen after idle time or any unexpected error."""
from __future__ import annotations

import logging
import sys
import time
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QApplication, QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from shared.clock import SystemClock
from shared.domain import AntreanError, IssuedTicket, IssueRefused
from shared.indonesian import format_date, format_time
from shared.qt.events import EventFollower
from shared.qt.widgets import ClockLabel
from shared.service import QueueService

from .kiosk_banner import Banner, still_open_text
from .kiosk_common import KIOSK_QSS, Texts, make_button, make_label
from .kiosk_idle import IdleScreen
from .kiosk_priority import PriorityScreen
from .kiosk_start import StartScreen
from .kiosk_ticket import TicketScreen
from .print_worker import PrintQueue, PrintResult

log = logging.getLogger(__name__)

T = Texts({
    "kiosk": ("Anjungan Nomor Antrean", "Queue Ticket Kiosk"),
    "toggle": ("English", "Bahasa Indonesia"),
})

ACTIVITY_EVENTS = (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin)
QUEUE_REFRESH_MS = 15_000


class KioskWindow(QWidget):
    ticket_issued = Signal(object)    # IssuedTicket
    refused = Signal(object)          # IssueRefused / AntreanError
    print_done = Signal(object)       # PrintResult
    screen_changed = Signal(str)
    first_shown = Signal()

    ISSUE_GUARD_MS = 1000    # taps ignored after an issue: a double tap never gives two tickets
    SCREEN_GUARD_MS = 400    # taps ignored after a screen change: the 2nd tap hits the new screen

    def __init__(self, service: QueueService, clock=None, print_fn=None, parent=None):
        super().__init__(parent)
        self.service = service
        self.clock = clock or getattr(service, "clock", None) or SystemClock()
        self.lang = "id"
        self._busy = False
        self._ignore_until = 0.0
        self._pending_service: str | None = None
        self._first_paint = False
        self._forced_portrait: bool | None = None
        config = service.config
        self.setObjectName("KioskRoot")
        self.setWindowTitle(f"{T('kiosk', 'id')} — {config.short_name or config.name}")
        self.setStyleSheet(KIOSK_QSS)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)

        self.header = self._build_header(config)
        self.start = StartScreen()
        self.priority = PriorityScreen()
        self.ticket = TicketScreen(self._service_names())
        self.idle = IdleScreen(config.short_name or config.name, self.now_local)
        self.stack = QStackedWidget()
        for screen in (self.start, self.priority, self.ticket, self.idle):
            self.stack.addWidget(screen)
        self.banner = Banner(self.stack)
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        root.addWidget(self.header)
        root.addWidget(self.stack, 1)

        self.start.tile_guard_ms = self.ISSUE_GUARD_MS
        self.start.service_chosen.connect(self._on_service)
        self.priority.chosen.connect(self._on_priority)
        self.priority.back.connect(lambda: self._tap_ok() and self.show_screen("start"))
        self.ticket.tapped.connect(lambda: self._tap_ok() and self.show_screen("start"))
        self.idle.tapped.connect(lambda: self.show_screen("start"))

        self.printer = PrintQueue(service, print_fn, self)
        self.printer.finished.connect(self._on_printed)
        if config.printer.kind != "none":
            self.printer.warm_up()
        self.follower = EventFollower(service, parent=self)
        self.follower.events.connect(lambda _events: self.refresh_queues())
        self.follower.start()
        self.refresh_timer = QTimer(self, interval=QUEUE_REFRESH_MS)
        self.refresh_timer.timeout.connect(self.refresh_queues)   # opening hours pass by
        self.refresh_timer.start()
        self.idle_timer = QTimer(self, singleShot=True)
        self.idle_timer.timeout.connect(self._on_idle)
        self.ticket_timer = QTimer(self, interval=1000)
        self.ticket_timer.timeout.connect(self._tick_ticket)
        QApplication.instance().installEventFilter(self)
        self.refresh_queues()
        self.set_language("id")
        self.show_screen("start")

    # --- header --------------------------------------------------------------------------------
    def _build_header(self, config) -> QWidget:
        header = QWidget()
        header.setObjectName("Header")
        header.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        row = QHBoxLayout(header)
        row.setContentsMargins(40, 18, 40, 18)
        row.setSpacing(28)
        self.logo = make_label("", "Logo", wrap=False)
        if config.logo and Path(config.logo).is_file():
            pixmap = QPixmap(config.logo)
            if not pixmap.isNull():
                self.logo.setPixmap(pixmap.scaledToHeight(
                    100, Qt.TransformationMode.SmoothTransformation))
        self.logo.setVisible(self.logo.pixmap() is not None and not self.logo.pixmap().isNull())
        self.office_name = make_label(config.name, "OfficeName")
        self.office_sub = make_label("", "OfficeSub")
        names = QVBoxLayout()
        names.setSpacing(2)
        names.addWidget(self.office_name)
        names.addWidget(self.office_sub)
        self.date_label = ClockLabel(lambda: format_date(self.now_local(), self.lang), 5000)
        self.date_label.setObjectName("HeaderDate")
        self.date_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.clock_label = ClockLabel(lambda: format_time(self.now_local(), self.lang))
        self.clock_label.setObjectName("HeaderClock")
        self.clock_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        when = QVBoxLayout()
        when.setSpacing(0)
        when.addWidget(self.clock_label)
        when.addWidget(self.date_label)
        self.lang_button = make_button("", "LangButton", 96)
        self.lang_button.setMinimumWidth(260)
        self.lang_button.setSizePolicy(self.lang_button.sizePolicy().horizontalPolicy(),
                                       self.lang_button.sizePolicy().Policy.Fixed)
        self.lang_button.clicked.connect(self.toggle_language)
        row.addWidget(self.logo)
        row.addLayout(names, 1)
        row.addLayout(when)
        row.addWidget(self.lang_button)
        return header

    # --- state ---------------------------------------------------------------------------------
    def now_local(self) -> datetime:
        return self.clock.now().astimezone(self.service.config.tz)

    def current_screen(self) -> str:
        return self.stack.currentWidget().name

    def show_screen(self, name: str) -> None:
        screen = {"start": self.start, "priority": self.priority, "ticket": self.ticket,
                  "idle": self.idle}[name]
        if name != "ticket":
            self.ticket_timer.stop()
        if name == "start":
            self.refresh_queues()
        if name == "idle":
            self.banner.dismiss()
        for label in (self.clock_label, self.date_label):   # the idle screen has a big clock
            label.setVisible(name != "idle")
        if self.stack.currentWidget() is not screen:
            self._ignore_until = max(self._ignore_until,
                                     time.monotonic() + self.SCREEN_GUARD_MS / 1000)
        self.stack.setCurrentWidget(screen)
        self._restart_idle()
        self.screen_changed.emit(name)

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.office_sub.setText(T("kiosk", lang))
        self.lang_button.setText(T("toggle", lang))
        self.date_label.refresh()
        self.clock_label.refresh()
        for screen in (self.start, self.priority, self.ticket, self.idle):
            screen.set_language(lang)
        self.banner.set_language(lang)

    def toggle_language(self) -> None:
        self.set_language("en" if self.lang == "id" else "id")

    def refresh_queues(self) -> None:
        try:
            queues = self.service.queues()
        except Exception as exc:   # a busy or vanished database must not take the screen down
            log.warning("cannot read queues: %s", exc)
            return
        self.start.set_queues(queues, self.now_local())
        self.clock_label.refresh()
        self.date_label.refresh()

    def _service_names(self) -> dict[str, tuple[str, str]]:
        return {s.code: (s.name, s.name_en) for s in self.service.config.services}

    # --- taps ----------------------------------------------------------------------------------
    def _tap_ok(self) -> bool:
        """False while an issue runs or shortly after it, or right after a screen change."""
        return not self._busy and time.monotonic() >= self._ignore_until

    def _on_service(self, code: str) -> None:
        if not self._tap_ok():
            return
        self.banner.dismiss()
        queue = self.start.queue(code)
        if self.service.config.priority.ask_at_kiosk and queue is not None and queue.can_issue:
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
        """Issue in the GUI thread (one fast SQLite write), show the ticket, print in the background."""
        self._busy = True
        try:
            issued = self.service.issue(code, group)
        except IssueRefused as refusal:
            self._show_refusal(refusal)
            return None
        except AntreanError as exc:
            log.warning("issue %s refused: %s", code, exc.message)
            self.show_screen("start")
            self.banner.show_message("refused", (exc.message, exc.message_en))
            self.refused.emit(exc)
            return None
        except Exception as exc:   # a locked database, a bug: log it, apologise, carry on
            log.exception("issuing %s failed", code)
            self.recover(exc)
            return None
        finally:
            self._busy = False
            self._ignore_until = time.monotonic() + self.ISSUE_GUARD_MS / 1000
        self._pending_service = None
        printing = self.service.config.printer.kind != "none"
        self.ticket.service_names = self._service_names()
        self.ticket.show_ticket(issued, "printing" if printing else "none")
        self.show_screen("ticket")
        self._ignore_until = time.monotonic() + self.ISSUE_GUARD_MS / 1000
        self._start_ticket_countdown()
        if printing:
            self.printer.submit(issued, self.lang)
        self.ticket_issued.emit(issued)
        return issued

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
        self._seconds_left = max(1, self.service.config.kiosk.ticket_screen_seconds) + extra
        self.ticket.set_seconds_left(self._seconds_left)
        self.ticket_timer.start()

    def _tick_ticket(self) -> None:
        self._seconds_left -= 1
        self.ticket.set_seconds_left(self._seconds_left)
        if self._seconds_left <= 0:
            self.ticket_timer.stop()
            self.set_language("id")   # the next visitor starts in Indonesian
            self.show_screen("start")

    # --- idle and errors --------------------------------------------------------------------------
    def _restart_idle(self) -> None:
        self.idle_timer.start(max(1, self.service.config.kiosk.idle_seconds) * 1000)

    def _on_idle(self) -> None:
        if self.current_screen() in ("start", "priority"):
            self.set_language("id")
            self.show_screen("idle")

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in ACTIVITY_EVENTS:
            self._restart_idle()
        return False

    def recover(self, error: BaseException | None = None) -> None:
        """After an unexpected error: back to a safe start screen with an apology."""
        self._busy = False
        self._pending_service = None
        try:
            self.show_screen("start")
            self.banner.show_message("error")
        except Exception:   # never loop on a broken screen
            log.exception("recovery failed")

    def paintEvent(self, event) -> None:  # noqa: N802
        super().paintEvent(event)
        if not self._first_paint:
            self._first_paint = True
            QTimer.singleShot(0, self.first_shown.emit)

    def set_portrait(self, portrait: bool | None) -> None:
        """Fix the layout to portrait or landscape (None: follow the window's shape). Call before
        resizing, so the other orientation's minimum width does not hold the window wide."""
        self._forced_portrait = portrait
        self._apply_orientation()
        # flush the layout requests now: a top-level's minimum size follows its layout only then
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        self.layout().activate()

    def _apply_orientation(self) -> None:
        portrait = self._forced_portrait
        if portrait is None:
            portrait = self.height() > self.width()
        for screen in (self.start, self.priority, self.ticket, self.idle):
            screen.set_portrait(portrait)
        config = self.service.config   # a narrow header has room for the short name only
        self.office_name.setText((config.short_name or config.name) if portrait else config.name)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._apply_orientation()

    def closeEvent(self, event) -> None:  # noqa: N802
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self, timeout_ms: int = 3000) -> None:
        """Stop timers and wait for the running print job (tests and exit)."""
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.follower.stop()
        for timer in (self.refresh_timer, self.idle_timer, self.ticket_timer):
            timer.stop()
        self.printer.shutdown(timeout_ms)


def install_excepthook(window: KioskWindow):
    """Log any uncaught exception with its traceback and return the kiosk to the start screen:
    the public never sees a traceback. Returns the previous hook."""
    previous = sys.excepthook

    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            return previous(exc_type, exc, tb)
        log.error("unexpected error on the kiosk", exc_info=(exc_type, exc, tb))
        QTimer.singleShot(0, lambda: window.recover(exc))

    sys.excepthook = hook
    return previous
