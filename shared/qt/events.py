"""Follow the events feed: poll `events_after(last)` on a timer and emit what is new.

Polling the indexed events table every 150 ms is cheap (one indexed query) and works the same for
several processes on one SQLite file on Windows and Linux.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from shared.service import QueueService

log = logging.getLogger(__name__)


class EventFollower(QObject):
    """Emits `events(list[Event])` whenever the store has new events; `failed(str)` on errors."""

    events = Signal(list)
    failed = Signal(str)

    def __init__(self, service: QueueService, interval_ms: int = 150, parent=None,
                 from_start: bool = False):
        super().__init__(parent)
        self.service = service
        self.last_seq = 0 if from_start else service.last_event_seq()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.poll)

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def poll(self) -> None:
        try:
            new = self.service.events_after(self.last_seq)
        except Exception as exc:  # a locked or vanished database must not kill the screen
            log.warning("cannot read events: %s", exc)
            self.failed.emit(str(exc))
            return
        if new:
            self.last_seq = new[-1].seq
            self.events.emit(new)
