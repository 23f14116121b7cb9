"""Follow the events feed: ask `events_after(last)` every 150 ms and emit what is new.

Embedded store: polled on a QTimer in the GUI thread. Polling the indexed events table every
150 ms is cheap (one indexed query) and works the same for several processes on one SQLite file
on Windows and Linux.

Remote store (`antrean serve`): polled from a background thread with its own HTTP client, so a
slow or vanished server never freezes the screen; batches are emitted on the GUI thread. The
follower is also the heartbeat of the link: `connection(False)` when a poll cannot reach the
server (within about half a second), `connection(True)` when one succeeds again, and it resumes
after the last event it delivered — nothing lost, nothing twice.

A remote follower started without `after` learns where the feed is from its own thread, at some
moment after the screen has already sent its first read: what happened in between is neither
in that read nor delivered as events. `synced(seq)` says when that point is known; a screen
reads again on it (or passes `after=` a number it read before its state) so nothing is missed.
"""
from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, QTimer, Signal

from shared.backend import is_remote
from shared.service import QueueService

log = logging.getLogger(__name__)

BATCH_LIMIT = 1000
OFFLINE_RETRY_S = 0.5      # how often a follower that lost the server tries again
POLL_RETRY_S = 0.3         # a poll retries this long before it reports the link down
POLL_TIMEOUT_S = 2.0


class EventFollower(QObject):
    """Emits `events(list[Event])` whenever the store has new events; `failed(str)` on errors;
    `connection(bool)` when a remote link goes down or comes back; `synced(int)` when a remote
    follower has learnt where the feed is (events up to that number are never delivered: a
    screen whose state was read earlier must read it again).

    `last_seq` is the last delivered event's number (None until a remote follower has learnt
    where the feed is). `after` starts after that number instead of at the newest event;
    `threaded` forces the background thread (default: for a remote service only)."""

    events = Signal(list)
    failed = Signal(str)
    connection = Signal(bool)
    synced = Signal(int)

    def __init__(self, service: QueueService, interval_ms: int = 150, parent=None,
                 from_start: bool = False, *, after: int | None = None,
                 threaded: bool | None = None):
        super().__init__(parent)
        self.service = service
        self.interval_ms = interval_ms
        self.threaded = is_remote(service) if threaded is None else threaded
        self.online = True
        if after is not None:
            self.last_seq: int | None = after
        elif from_start:
            self.last_seq = 0
        elif self.threaded:
            self.last_seq = None          # the thread asks the server: no request on this thread
        else:
            self.last_seq = service.last_event_seq()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.poll)
        self._generation = 0
        self._stop: threading.Event | None = None
        self._wake: threading.Event | None = None
        self._thread: threading.Thread | None = None
        self._mailbox: int | None = None

    def start(self) -> None:
        if not self.threaded:
            self._timer.start()
            return
        if self.is_running():
            return
        from shared.qt.remote import open_mailbox
        self._generation += 1
        self._stop, self._wake = threading.Event(), threading.Event()
        if self._mailbox is None:
            self._mailbox = open_mailbox(self._on_message)
        self._thread = threading.Thread(
            target=_follow, name="antrean-events", daemon=True,
            args=(self.service, self.interval_ms, self.last_seq, self._stop, self._wake,
                  self._mailbox, self._generation))
        self._thread.start()

    def stop(self) -> None:
        self._timer.stop()
        if self._stop is not None:
            self._stop.set()
            self._wake.set()
            self._generation += 1          # what the old thread still sends is dropped

    def is_running(self) -> bool:
        if not self.threaded:
            return self._timer.isActive()
        return self._stop is not None and not self._stop.is_set()

    def poll(self) -> None:
        """Look now: synchronously for the embedded store; a remote follower is woken."""
        if self.threaded:
            if self._wake is not None:
                self._wake.set()
            return
        try:
            new = self.service.events_after(self.last_seq)
        except Exception as exc:  # a locked or vanished database must not kill the screen
            log.warning("cannot read events: %s", exc)
            self.failed.emit(str(exc))
            return
        if new:
            self.last_seq = new[-1].seq
            self.events.emit(new)

    def _on_message(self, message) -> None:
        kind, generation, a, b = message
        if generation != self._generation:
            return
        if kind == "batch":
            new, seq = a, b
            learnt = self.last_seq is None
            self.last_seq = seq
            if new:
                self.events.emit(new)
            elif learnt:                          # the starting point, from the server
                self.synced.emit(seq)
        elif a != self.online:               # "link": up, problem
            self.online = a
            if not a:
                self.failed.emit(b)
            self.connection.emit(a)


def _follow(service: QueueService, interval_ms: int, seq: int | None, stop: threading.Event,
            wake: threading.Event, mailbox: int, generation: int) -> None:
    """A remote follower's thread: plain data in, plain data out (see `remote._Bridge`)."""
    from shared.qt.remote import _share_credentials, detached, post
    own = detached(service, retry_for_s=POLL_RETRY_S, timeout=POLL_TIMEOUT_S)
    up: bool | None = None

    def send(kind, a, b) -> None:
        if not post(mailbox, (kind, generation, a, b)):
            stop.set()                          # the screen is gone: so is this thread

    try:
        while not stop.is_set():
            _share_credentials(service, own)
            try:
                if seq is None:
                    seq = own.last_event_seq()
                    send("batch", [], seq)
                new = own.events_after(seq, BATCH_LIMIT)
            except Exception as exc:  # noqa: BLE001 — offline, refused, anything: retry
                if up is not False:
                    up = False
                    log.warning("cannot read events: %s", exc)
                    send("link", False, str(exc))
                stop.wait(OFFLINE_RETRY_S)
                continue
            if up is not True:
                up = True
                send("link", True, "")
            if new:
                seq = new[-1].seq
                send("batch", new, seq)
                if len(new) >= BATCH_LIMIT:
                    continue                      # catching up: the next batch at once
            wake.wait(interval_ms / 1000)
            wake.clear()
    finally:
        if own is not service:
            try:
                own.close()
            except Exception:  # noqa: BLE001
                pass
