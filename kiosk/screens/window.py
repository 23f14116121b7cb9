"""The kiosk window: a header (office, clock, ID/EN) over a stack of screens, and the controller
that guards against double taps, routes taps to the issuing (`kiosk.screens.issue.Issuing`) and to the
survey and complaint pages (`kiosk.survey.flow.VoiceFlow`), and falls back to the start screen
after idle time or any unexpected error.

Every store call goes through a `ServiceWorker` (shared.qt.remote): with the embedded store it
runs at once, as it always did; with `antrean serve` it runs off the GUI thread. Then the red
offline strip shows while the server cannot be reached (the event follower notices within about
half a second), the tiles are off and say why, and the kiosk carries on when the server is back.
"""
from __future__ import annotations

import logging
import sys
import time
from datetime import datetime

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLineEdit, QStackedWidget, QVBoxLayout, QWidget

from shared.admin.live import config_changed_in, expire_config
from shared.backend import is_remote
from shared.clock import SystemClock
from shared.qt.events import EventFollower
from shared.qt.remote import ConnectionMonitor, OfflineBanner, ServerTime, ServiceWorker
from shared.service import QueueService

from kiosk.screens.banner import Banner
from kiosk.screens.checkin_flow import CheckingIn
from kiosk.screens.common import KIOSK_QSS, Texts
from kiosk.screens.header import KioskHeader
from kiosk.screens.idle import IdleScreen
from kiosk.screens.lockdown import Lockdown
from kiosk.screens.issue import ISSUE_RETRY_S, Issuing
from kiosk.screens.priority import PriorityScreen
from kiosk.screens.start import StartScreen
from kiosk.survey.lookup import looks_like_status_url
from kiosk.survey.flow import VoiceFlow
from kiosk.screens.ticket import TicketScreen
from kiosk.printing.worker import PrintQueue

log = logging.getLogger(__name__)

T = Texts({
    "kiosk": ("Anjungan Nomor Antrean", "Queue Ticket Kiosk"),
    "toggle": ("English", "Bahasa Indonesia"),
    "offline_detail": ("Pengambilan nomor antrean dan survei menunggu sampai tersambung lagi",
                       "Tickets and the survey wait until the connection is back"),
})

ACTIVITY_EVENTS = (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress)
QUEUE_REFRESH_MS = 15_000
SCAN_SCREENS = ("start", "idle", "ticket", "thanks")   # a receipt scanned here opens the survey
FORM_SCREENS = ("survey_entry", "survey_question", "survey_profile", "survey_suggestion",
                "complaint_category", "complaint_text", "complaint_contact")


class KioskWindow(CheckingIn, Issuing, QWidget):
    ticket_issued = Signal(object)    # IssuedTicket
    refused = Signal(object)          # IssueRefused / AntreanError
    checkin_refused = Signal(str)     # the reason a booking's check-in was refused
    print_done = Signal(object)       # PrintResult
    screen_changed = Signal(str)
    first_shown = Signal()
    connection_changed = Signal(bool)

    ISSUE_GUARD_MS = 1000    # taps ignored after an issue: a double tap never gives two tickets
    SCREEN_GUARD_MS = 400    # taps ignored after a screen change: the 2nd tap hits the new screen

    def __init__(self, service: QueueService, clock=None, print_fn=None, parent=None):
        super().__init__(parent)
        self.service = service
        self.lang = "id"
        self._busy = False
        self._ignore_until = 0.0
        self._pending_service: str | None = None
        self._first_paint = False
        self._forced_portrait: bool | None = None
        self._reading = self._read_again = False
        self.remote = is_remote(service)
        self._config = service.config      # remote: main() fetched it already; then refreshed
        self.actions = ServiceWorker(service, retry_for_s=ISSUE_RETRY_S, timeout=5.0,
                                     name="antrean-kiosk-actions", parent=self)
        self.reads = ServiceWorker(service, retry_for_s=0.5, timeout=3.0,
                                   name="antrean-kiosk-reads", parent=self)
        self.monitor = ConnectionMonitor(self)
        if clock is None and self.remote:   # the server's clock, measured off the GUI thread
            clock = ServerTime(self.reads)
        self.clock = clock or getattr(service, "clock", None) or SystemClock()
        config = self.config
        self.setObjectName("KioskRoot")
        self.setWindowTitle(f"{T('kiosk', 'id')} — {config.short_name or config.name}")
        self.setStyleSheet(KIOSK_QSS)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)

        self.header = KioskHeader(config, self.now_local, lambda: self.lang)
        self.header.lang_button.clicked.connect(self.toggle_language)
        self.lang_button, self.office_name = self.header.lang_button, self.header.office_name
        self.clock_label, self.date_label = self.header.clock_label, self.header.date_label
        self.offline_banner = OfflineBanner("public")
        self.offline_banner.title.setWordWrap(True)   # both languages on one line: too wide
                                                      # for a portrait screen
        self.start = StartScreen()
        self.priority = PriorityScreen()
        self.ticket = TicketScreen(self._service_names())
        self.idle = IdleScreen(config.short_name or config.name, self.now_local)
        self.flow = VoiceFlow(self)
        self.screens = {s.name: s for s in (self.start, self.priority, self.ticket, self.idle,
                                             self._build_checkin(), *self.flow.screens)}
        self.stack = QStackedWidget()
        for screen in self.screens.values():
            self.stack.addWidget(screen)
        self.banner = Banner(self.stack)
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        root.addWidget(self.header)
        root.addWidget(self.offline_banner)
        root.addWidget(self.stack, 1)
        # A QR scanner is a keyboard: it types the receipt's status URL and Enter. This
        # invisible field takes it wherever no text field is waiting for it.
        self.scan_sink = QLineEdit(self)
        self.scan_sink.setObjectName("ScanSink")
        self.scan_sink.setMaxLength(300)
        self.scan_sink.setGeometry(0, 0, 1, 1)
        self.scan_sink.setStyleSheet("background: transparent; border: none; color: transparent;")
        self.scan_sink.returnPressed.connect(self._on_scanned)
        self.lockdown = Lockdown(self, self.actions, lambda: self.config)  # engaged fullscreen
        self.lockdown.unlocked.connect(lambda _admin: self.close())

        self.start.tile_guard_ms = self.ISSUE_GUARD_MS
        self.start.service_chosen.connect(self._on_service)
        self.start.survey_requested.connect(lambda: self._tap_ok() and self.flow.start_survey())
        self.start.complaint_requested.connect(
            lambda: self._tap_ok() and self.flow.start_complaint())
        self.priority.chosen.connect(self._on_priority)
        self.priority.back.connect(lambda: self._tap_ok() and self.show_screen("start"))
        self.ticket.tapped.connect(lambda: self._tap_ok() and self.show_screen("start"))
        self.idle.tapped.connect(lambda: self.show_screen("start"))
        self._wire_checkin()

        self.printer = PrintQueue(service, print_fn, self)
        self.printer.finished.connect(self._on_printed)
        if config.printer.kind != "none":
            self.printer.warm_up()
        self.follower = EventFollower(service, parent=self)
        self.follower.events.connect(self._take_new_config)   # first: the refresh reads it
        self.follower.events.connect(lambda _events: self.refresh_queues())
        # a remote follower learns where the feed starts after the first read: read again then
        self.follower.synced.connect(lambda _seq: self.refresh_queues())
        for source in (self.follower, self.actions, self.reads):
            self.monitor.watch(source)
        self.monitor.changed.connect(self._on_connection)
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

    # --- state ---------------------------------------------------------------------------------
    @property
    def config(self):
        """The office config: the store's own (embedded), or the copy last read from the server
        (remote: refreshed with the queues off the GUI thread, so reading it never blocks)."""
        return self._config if self.remote else self.service.config

    def now_local(self) -> datetime:
        return self.clock.now().astimezone(self.config.tz)

    def current_screen(self) -> str:
        return self.stack.currentWidget().name

    def show_screen(self, name: str) -> None:
        screen = self.screens[name]
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
        if name in SCAN_SCREENS:
            self.scan_sink.setFocus()
        self._restart_idle()
        self.screen_changed.emit(name)

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.header.office_sub.setText(T("kiosk", lang))
        self.lang_button.setText(T("toggle", lang))
        self.date_label.refresh()
        self.clock_label.refresh()
        for screen in self.screens.values():
            screen.set_language(lang)
        self.banner.set_language(lang)
        self.offline_banner.set_detail(T("offline_detail", "id"), T("offline_detail", "en"))

    def toggle_language(self) -> None:
        self.set_language("en" if self.lang == "id" else "id")

    def finish_visit(self) -> None:
        """The visitor is done: the next one starts in Indonesian on the start screen."""
        self.set_language("id")
        self.show_screen("start")

    def refresh_queues(self) -> None:
        """Read the queues (and, remote, the config) through the read worker: one read at a
        time, and one more after it when asked again meanwhile."""
        if self._reading:
            self._read_again = True
            return
        self._reading = True
        remote = self.remote
        self.reads.submit(lambda svc: (svc.config if remote else None, svc.queues()),
                          self._on_queues, self._on_queues_failed)

    def _on_queues(self, result) -> None:
        config, queues = result
        if config is not None:
            self._config = config
        self.start.set_queues(queues, self.now_local())
        self.start.set_booking(self.booking_enabled())
        self.clock_label.refresh()
        self.date_label.refresh()
        self._read_done()

    def _on_queues_failed(self, exc: BaseException) -> None:
        # a busy or vanished database, or no server: the screen keeps what it shows
        log.warning("cannot read queues: %s", getattr(exc, "message_en", None) or exc)
        self._read_done()

    def _read_done(self) -> None:
        self._reading = False
        if self._read_again:
            self._read_again = False
            self.refresh_queues()

    def _on_connection(self, up: bool) -> None:
        self.offline_banner.set_offline(not up, self.monitor.since, self.config.tz)
        self.start.set_offline(not up)
        if up:
            self.refresh_queues()
        self.connection_changed.emit(up)

    def _take_new_config(self, events) -> None:
        """An admin changed the office (or a backup was restored): use it now, no restart."""
        if config_changed_in(events):
            expire_config(self.service)
            if not self.remote:      # remote: the next read brings the config along
                self.ticket.service_names = self._service_names()
                self._apply_orientation()

    def _service_names(self) -> dict[str, tuple[str, str]]:
        return {s.code: (s.name, s.name_en) for s in self.config.services}

    def _tap_ok(self) -> bool:
        """False while an issue runs or shortly after it, or right after a screen change."""
        return not self._busy and time.monotonic() >= self._ignore_until

    # --- idle, scans and errors ------------------------------------------------------------------
    def _restart_idle(self) -> None:
        self.idle_timer.start(max(1, self.config.kiosk.idle_seconds) * 1000)

    def _on_idle(self) -> None:
        screen = self.current_screen()
        if screen in ("start", "priority", "checkin"):
            self.set_language("id")
            self.show_screen("idle")
        elif screen in FORM_SCREENS:
            log.info("survey/complaint left on %s: dropped after the idle time", screen)
            self.flow.reset()          # a half-filled form is never left for the next visitor
            self.banner.dismiss()
            self.finish_visit()

    def _on_scanned(self) -> None:
        text = self.scan_sink.text()
        self.scan_sink.clear()
        if looks_like_status_url(text) and self.current_screen() in SCAN_SCREENS \
                and not self._busy:
            self.banner.dismiss()
            self.flow.start_survey(scanned=text)
        else:
            self.scanned_booking(text)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in ACTIVITY_EVENTS:
            self._restart_idle()
            if obj is self.scan_sink and event.type() == QEvent.Type.KeyPress:
                self.scan_key(event)
        return False

    def recover(self, error: BaseException | None = None) -> None:
        """After an unexpected error: back to a safe start screen with an apology."""
        self._busy = False
        self._pending_service = None
        try:
            self.flow.reset()
            self.show_screen("start")
            self.banner.show_message("error")
        except Exception:   # never loop on a broken screen
            log.exception("recovery failed")

    # --- look and life -------------------------------------------------------------------------
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
        for screen in self.screens.values():
            if screen.portrait != portrait:
                screen.set_portrait(portrait)
                # a hidden page keeps its old minimum size until its layout is redone: the
                # other orientation's width would hold the window wide
                screen.layout().invalidate()
                screen.layout().activate()
                screen.updateGeometry()
        config = self.config   # a narrow header has room for the short name only
        self.office_name.setText((config.short_name or config.name) if portrait else config.name)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._apply_orientation()

    def closeEvent(self, event) -> None:  # noqa: N802
        if self.lockdown.holds():   # Alt+F4, the window manager: only the admin PIN closes it
            event.ignore()
            return
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self, timeout_ms: int = 3000) -> None:
        """Stop timers, drop background calls, wait for the running print job (tests, exit)."""
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.follower.stop()
        self.lockdown.shutdown()
        for timer in (self.refresh_timer, self.idle_timer, self.ticket_timer,
                      self.flow.thanks_timer):
            timer.stop()
        self.actions.shutdown()
        self.reads.shutdown()
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
