"""The push channel's engine: one task follows the events table and fans new events out to every
subscriber (server-sent events, WebSocket, status pages).

Writes through the API wake it at once (`notify`); it also looks every `interval` seconds, so
writes by other processes on the server PC (the CLI) reach the screens as well.
"""
from __future__ import annotations

import asyncio
import logging

from anyio import to_thread

log = logging.getLogger(__name__)

QUEUE_SIZE = 256
CLOSED = None  # sentinel put in every queue when the server shuts down


class EventBroker:
    def __init__(self, service, interval_s: float = 0.25):
        self.service = service
        self.interval = interval_s
        self.last_seq = 0
        self.subscribers: set[asyncio.Queue] = set()
        self.closed = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None
        self._task: asyncio.Task | None = None

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        self.last_seq = await to_thread.run_sync(self.service.last_event_seq)
        self._task = asyncio.create_task(self._run(), name="antrean-event-broker")

    async def stop(self) -> None:
        self.close()
        if self._task:
            self._task.cancel()
            try:
                await self._task
            except (asyncio.CancelledError, Exception):
                pass

    def close(self) -> None:
        """End every subscription (the server is stopping); callable from any thread."""
        if self.closed:
            return
        self.closed = True

        def _close():
            for q in list(self.subscribers):
                _put(q, CLOSED)
            if self._wake:
                self._wake.set()
        if self._loop and not self._loop.is_closed():
            try:
                self._loop.call_soon_threadsafe(_close)
            except RuntimeError:
                pass

    def notify(self) -> None:
        """Something was written: look now (thread-safe, cheap)."""
        if self._loop is not None and self._wake is not None and not self._loop.is_closed():
            try:
                self._loop.call_soon_threadsafe(self._wake.set)
            except RuntimeError:  # loop already closed
                pass

    def subscribe(self) -> asyncio.Queue:
        q: asyncio.Queue = asyncio.Queue(QUEUE_SIZE)
        if self.closed:
            q.put_nowait(CLOSED)
        self.subscribers.add(q)
        return q

    def unsubscribe(self, q: asyncio.Queue) -> None:
        self.subscribers.discard(q)

    async def _run(self) -> None:
        while not self.closed:
            try:
                await asyncio.wait_for(self._wake.wait(), self.interval)
            except asyncio.TimeoutError:
                pass
            self._wake.clear()
            if self.closed:
                break
            try:
                while True:
                    events = await to_thread.run_sync(self.service.events_after, self.last_seq, 500)
                    if not events:
                        break
                    self.last_seq = events[-1].seq
                    for q in list(self.subscribers):
                        if not _put(q, events):
                            # too slow a reader: end its stream; it reconnects with Last-Event-ID
                            self.subscribers.discard(q)
                            _force_close(q)
                    if len(events) < 500:
                        break
            except Exception:  # a busy database must not stop the feed
                log.exception("event broker: cannot read events")
                await asyncio.sleep(self.interval)


def _put(q: asyncio.Queue, item) -> bool:
    try:
        q.put_nowait(item)
        return True
    except asyncio.QueueFull:
        return False


def _force_close(q: asyncio.Queue) -> None:
    try:
        while True:
            q.get_nowait()
    except asyncio.QueueEmpty:
        pass
    q.put_nowait(CLOSED)
