"""The counter console: the current ticket, the eight actions with their keys, the queue beside.

Live: an `EventFollower` refreshes the screen whenever anything changes in the store (kiosk,
other counters, other processes), and a one-second tick redraws the timer from the injected
`now` callable, so tests drive the clock.

Every store call goes through two `ServiceWorker`s, one for actions and one for reads: with the
embedded store they run at once (as they always did); with `--server` they run off the GUI
thread. Then an action waits for the server's answer with its buttons off, keeps its idempotency
key through an outage (so it is applied once, never twice), and the red offline banner with
every action off shows while the server cannot be reached.

The actions themselves (dispatch, the pending action, dialogs, logout) live in
`counter.console.actions`.
"""
from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QCheckBox, QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton,
                               QVBoxLayout, QWidget)

from shared.admin.live import config_changed_in, expire_config
from shared.config import OfficeConfig
from shared.domain import CounterState, CounterStatus
from shared.indonesian import format_date, format_time, zone_abbreviation
from shared.qt.events import EventFollower
from shared.qt.remote import ConnectionMonitor, OfflineBanner, ServiceWorker, is_offline_error
from shared.service import QueueService

from counter.console.availability import ACTIONS, Availability, availability, waiting_for_counter
from counter.console.actions import ConsoleActions
from counter.console.keymap import Keymap, default_keymap, key_label
from counter.console.local_settings import LocalSettings
from counter.console.panels import SidePanel, TicketPanel
from counter.style import console_qss
from counter.console.texts import text

log = logging.getLogger(__name__)

REFRESH_EVERY_TICKS = 15     # the longest wait grows with time even when nothing happens
INFO_BANNER_MS = 6000
ACTION_RETRY_S = 120.0       # a remote action keeps its key and retries this long
SENDING_BANNER_MS = 400      # say "sending…" only when the server is slow to answer


def system_now() -> datetime:
    return datetime.now(timezone.utc)


class ConsoleWindow(ConsoleActions, QWidget):
    """One officer at one counter. Emits `logged_out` after a successful logout."""

    logged_out = Signal()

    def __init__(self, service: QueueService, counter: str, user: dict,
                 settings: LocalSettings | None = None, keymap: Keymap | None = None,
                 now: Callable[[], datetime] = system_now, follow: bool = True, parent=None,
                 *, config: OfficeConfig | None = None):
        super().__init__(parent)
        self.service = service
        self.config = config or service.config
        cfg = self.config.counter(counter)
        self.counter = cfg.name if cfg else counter
        self.counter_label = cfg.label if cfg else counter
        self.user = user
        self.officer = user["username"]
        self.settings = settings or LocalSettings()
        self.lang = self.settings.language
        self.keymap = keymap or default_keymap()
        self.now = now
        self.state: CounterState | None = None
        self.availability: dict[str, Availability] = {}
        self.dialog = None
        self.pending: str | None = None           # the action waiting for the server
        self._ticks = 0
        self._state_data = None
        self._refreshing = False
        self._refresh_again = False
        self.actions_worker = ServiceWorker(service, retry_for_s=ACTION_RETRY_S, timeout=5.0,
                                            name="antrean-counter-actions", parent=self)
        self.reads = ServiceWorker(service, retry_for_s=0.5, timeout=3.0,
                                   name="antrean-counter-reads", parent=self)
        self.monitor = ConnectionMonitor(self)
        self.setObjectName("console")
        self._scale = 1.0
        self.setStyleSheet(console_qss(self._scale))
        self.setMinimumSize(1024, 640)
        self._build()
        self._build_actions()

        self.follower = EventFollower(service, parent=self)
        self.follower.events.connect(self._on_events)
        self.follower.synced.connect(self._on_synced)
        self.follower.failed.connect(self._follow_failed)
        for source in (self.follower, self.actions_worker, self.reads):
            self.monitor.watch(source)
        self.monitor.changed.connect(self._connection_changed)
        self._sending_timer = QTimer(self, singleShot=True, interval=SENDING_BANNER_MS)
        self._sending_timer.timeout.connect(self._say_sending)
        self.ticker = QTimer(self)
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self._on_tick)
        self._banner_timer = QTimer(self, singleShot=True, interval=INFO_BANNER_MS)
        self._banner_timer.timeout.connect(self.clear_banner)
        self.retranslate()
        self.refresh()
        if follow:
            self.follower.start()
            self.ticker.start()

    # --- building ---------------------------------------------------------------------------
    def _build(self) -> None:
        header = QFrame(objectName="header")
        self.title = QLabel(objectName="counter_title")
        self.officer_label = QLabel(objectName="officer")
        self.clock_label = QLabel(objectName="clock")
        self.language_button = QPushButton(objectName="language")
        self.logout_button = QPushButton(objectName="logout")
        self.language_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.logout_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.language_button.clicked.connect(self.toggle_language)
        self.logout_button.clicked.connect(self.logout)
        self.booking_button = QPushButton(objectName="phone_booking")   # a caller books a slot
        self.booking_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.booking_button.clicked.connect(self.open_phone_booking)
        self.booking_button.setVisible(any(s.active and s.booking for s in self.config.services))
        names = QVBoxLayout()
        names.setSpacing(0)
        names.addWidget(self.title)
        names.addWidget(self.officer_label)
        h = QHBoxLayout(header)
        h.setContentsMargins(20, 8, 16, 8)
        h.addLayout(names)
        h.addStretch(1)
        h.addWidget(self.clock_label)
        h.addSpacing(16)
        h.addWidget(self.booking_button)
        h.addWidget(self.language_button)
        h.addWidget(self.logout_button)

        self.banner = QLabel(objectName="banner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.offline_banner = OfflineBanner("staff", self.lang)
        self.ticket_panel = TicketPanel(self.config)
        self.side_panel = SidePanel(self.config, self.counter)
        self.side_panel.setMinimumWidth(330)

        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        grid.setSpacing(10)
        for i, action in enumerate(ACTIONS):
            b = QPushButton(objectName=action)
            b.setProperty("action", "true")
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys go to the shortcuts, not a button
            b.clicked.connect(lambda _=False, a=action: self.trigger(a))
            grid.addWidget(b, i // 4, i % 4)
            self.buttons[action] = b
        self.auto_start = QCheckBox(objectName="auto_start")
        self.auto_start.setChecked(self.settings.auto_start)
        self.auto_start.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.auto_start.toggled.connect(self._auto_start_toggled)

        left = QVBoxLayout()
        left.setSpacing(10)
        left.addWidget(self.ticket_panel, 1)
        left.addLayout(grid)
        left.addWidget(self.auto_start)
        body = QHBoxLayout()
        body.setSpacing(14)
        body.addLayout(left, 5)
        body.addWidget(self.side_panel, 3)
        content = QVBoxLayout()
        content.setContentsMargins(16, 12, 16, 12)
        content.setSpacing(10)
        content.addWidget(self.offline_banner)
        content.addWidget(self.banner)
        content.addLayout(body, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(header)
        outer.addLayout(content, 1)

    def _build_actions(self) -> None:
        """One QAction per action, application-wide, with the keys of this PC's keymap."""
        self.actions_: dict[str, QAction] = {}
        for action in ACTIONS:
            qa = QAction(self)
            qa.setObjectName(f"action_{action}")
            qa.setShortcuts(list(self.keymap.get(action, ())))
            qa.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
            qa.triggered.connect(lambda _=False, a=action: self.trigger(a))
            self.addAction(qa)
            self.actions_[action] = qa

    # --- language ---------------------------------------------------------------------------
    def retranslate(self) -> None:
        lang = self.lang
        self.setWindowTitle(text("window_title", lang, counter=self.counter_label))
        self.title.setText(self.counter_label)
        self.officer_label.setText(self.user.get("full_name") or self.officer)
        self.language_button.setText(text("language_other", lang))
        self.logout_button.setText(text("logout", lang))
        self.booking_button.setText(text("phone_booking", lang))
        self.auto_start.setText(text("auto_start", lang))
        self.offline_banner.set_language(lang)
        self.offline_banner.set_detail(text("offline_detail", "id"), text("offline_detail", "en"))
        self._update_clock()
        self._redraw()

    def toggle_language(self) -> None:
        self.lang = "en" if self.lang == "id" else "id"
        self.settings.language = self.lang
        self.settings.save()
        self.retranslate()

    def _auto_start_toggled(self, on: bool) -> None:
        self.settings.auto_start = on
        self.settings.save()

    # --- reading the store ------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the counter, the queues and the officer's day, and redraw everything (at once
        with the embedded store; a remote read in flight is followed by one more)."""
        if self._refreshing:
            self._refresh_again = True
            return
        self._refreshing = True
        officer = self.officer

        def read(service):
            return service.counters(), service.queues(), service.officer_day(officer)

        self.reads.submit(read, self._refreshed, self._refresh_failed)

    def _refresh_done(self) -> None:
        self._refreshing = False
        if self._refresh_again:
            self._refresh_again = False
            self.refresh()

    def _refreshed(self, data) -> None:
        counters, queues, day = data
        state = next((c for c in counters if c.name == self.counter), None)
        if state is None:
            self.show_banner(text("why_closed", self.lang), "error")
        else:
            self._queues, self._day, self._counters = queues, day, counters
            self._state_data = (state, queues, day, counters)
            self._show(state, queues, day, counters)
        self._refresh_done()

    def _refresh_failed(self, exc: BaseException) -> None:
        if not is_offline_error(exc):   # offline: the red banner says it, the last state stays
            log.warning("refresh failed: %s", exc)
            self.show_banner(text("db_unreadable", self.lang, error=exc), "error")
        self._refresh_done()

    def _redraw(self) -> None:
        if self._state_data is not None:
            self._show(*self._state_data)

    def _show(self, state, queues, day, counters) -> None:
        self.state = state
        current = state.current
        others = sum(1 for s in self.config.services
                     if s.active and (current is None or s.code != current.service))
        self.waiting = waiting_for_counter(state, queues)
        self.availability = availability(state, self.officer, self.waiting,
                                         self.config.recall.max_recalls, others)
        if not self.monitor.online:
            self.availability = {a: _not_now("why_offline") for a in self.availability}
        elif self.pending is not None:
            self.availability = {a: _not_now("why_pending") for a in self.availability}
        self.logout_button.setEnabled(self.monitor.online and self.pending is None)
        for action, ok in self.availability.items():
            label = action
            if action == "pause" and state.status == CounterStatus.PAUSED:
                label = "resume"
            key = key_label(self.keymap, action)
            b = self.buttons[action]
            b.setText(f"{text(label, self.lang)}\n{key}" if key else text(label, self.lang))
            b.setEnabled(ok.enabled)
            b.setToolTip(ok.reason(self.lang))
            self.actions_[action].setEnabled(ok.enabled)
        if state.status == CounterStatus.PAUSED:
            key = key_label(self.keymap, "pause") or text("resume", self.lang)
            hint = text("paused_hint", self.lang, button=key)
        elif self.waiting:
            key = key_label(self.keymap, "call_next") or text("call_next", self.lang)
            hint = text("idle_hint", self.lang, n=self.waiting, button=key)
        else:
            hint = text("idle_nobody", self.lang)
        self.ticket_panel.show_state(state, self.lang, hint)
        self.ticket_panel.update_timer(self.now())
        self.side_panel.show_data(self.lang, state.priority_only, queues, day, counters)

    def _on_events(self, events) -> None:
        if config_changed_in(events):       # an admin's change: taken now, no restart
            expire_config(self.service)
            self.reads.submit(lambda s: s.config, self._take_config, self._refresh_failed)
        self.refresh()

    def _take_config(self, config: OfficeConfig) -> None:
        self.config = self.ticket_panel.config = config
        cfg = config.counter(self.counter)
        self.counter_label = cfg.label if cfg else self.counter
        side = SidePanel(config, self.counter)    # its rows are the counter's services
        side.setMinimumWidth(self.side_panel.minimumWidth())
        self.layout().replaceWidget(self.side_panel, side)
        self.side_panel.deleteLater()
        self.side_panel = side
        self.retranslate()
        self.refresh()

    def _on_synced(self, _seq: int) -> None:
        """A remote follower learnt where the feed is only now, after the first read was sent:
        what happened in between comes as no event, so read again (after that point)."""
        self.refresh()

    def _follow_failed(self, error: str) -> None:
        if not self.follower.threaded:     # remote: the offline banner says it
            self.show_banner(text("db_unreadable", self.lang, error=error), "error")

    def _connection_changed(self, up: bool) -> None:
        self.offline_banner.set_offline(not up, self.now(), self.config.tz)
        if self.pending is not None:
            self._say_sending()
        if up:
            self.refresh()
        self._redraw()

    def _on_tick(self) -> None:
        self.tick()
        self._ticks += 1
        if self._ticks % REFRESH_EVERY_TICKS == 0:
            self.refresh()

    def tick(self) -> str:
        """Redraw the clock and the timer from `now()`; returns the timer level."""
        self._update_clock()
        return self.ticket_panel.update_timer(self.now())

    def _update_clock(self) -> None:
        local = self.now().astimezone(self.config.tz)
        self.clock_label.setText(f"{format_date(local, self.lang)} · {format_time(local, self.lang)} "
                                 f"{zone_abbreviation(self.config.timezone)}")

    # --- the banner -------------------------------------------------------------------------
    def show_banner(self, message: str, kind: str = "info") -> None:
        self.banner.setText(message)
        if self.banner.property("kind") != kind:
            self.banner.setProperty("kind", kind)
            self.banner.style().unpolish(self.banner)
            self.banner.style().polish(self.banner)
        self.banner.show()
        if kind == "info":
            self._banner_timer.start()
        else:
            self._banner_timer.stop()

    def clear_banner(self) -> None:
        self.banner.hide()
        self.banner.setText("")

    @property
    def scale(self) -> float:
        """Size of the type relative to 1366×768 (dialogs opened here use it too)."""
        return self._scale

    def resizeEvent(self, event) -> None:  # noqa: N802 — Qt's name
        """Type grows with the screen: 1.0 at 1366×768, about 1.4 at 1920×1080."""
        size = event.size()
        scale = min(size.width() / 1366, size.height() / 768)
        scale = round(max(0.85, min(1.6, scale)) * 20) / 20
        if scale != self._scale:
            self._scale = scale
            self.setStyleSheet(console_qss(scale))
        super().resizeEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802 — Qt's name
        self.follower.stop()
        self.ticker.stop()
        self.reads.shutdown()
        super().closeEvent(event)


def _not_now(key: str) -> Availability:
    return Availability(False, text(key, "id"), text(key, "en"))
