"""What one running app holds: the store, the authenticator, the rate limiter and the broker.
Built by `create_app`; reached from routes as `request.app.state.antrean`."""
from __future__ import annotations

import asyncio
import functools
import sqlite3
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Callable

from shared.clock import to_iso
from shared.store.database import BUSY_TIMEOUT_MS
from shared.domain import AntreanError

from shared.server.auth import Authenticator, Principal
from shared.server.broker import EventBroker
from shared.server.ratelimit import TokenBucket
from shared.server.service import Action, ServerQueueService
from shared.server.settings import ServerSettings

log = logging.getLogger(__name__)


class IdempotencyConflict(AntreanError):
    code = "idempotency_conflict"


@dataclass
class ServerState:
    settings: ServerSettings
    service: ServerQueueService
    auth: Authenticator
    bucket: TokenBucket
    broker: EventBroker
    # the hot writes (issue, call) run here, off the event loop: one thread, so they queue without
    # contending for `write_lock` and keep one connection (and its page cache) warm
    writer: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(
        1, thread_name_prefix="antrean-writer"))

    async def off_loop(self, fn: Callable, *args):
        """`fn(*args)` without ever stalling the event loop (health checks, event streams) on a
        write that waits for SQLite's lock. Fast path: when nobody holds the lock, run it right
        here with SQLite's busy timeout at 0 — no thread hop, ~0.2 ms. If the server's lock is
        taken or SQLite says busy (another process, a checkpoint), nothing was written (BEGIN
        IMMEDIATE is the first write step) and the call goes to the writer thread to wait there."""
        lock = self.service.write_lock
        if lock.acquire(blocking=False):
            conn = self.service._conn
            try:
                conn.execute("PRAGMA busy_timeout = 0")
                try:
                    return fn(*args)
                except sqlite3.OperationalError as exc:
                    if "locked" not in str(exc) and "busy" not in str(exc):
                        raise
                finally:
                    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            finally:
                lock.release()
        return await asyncio.get_running_loop().run_in_executor(
            self.writer, functools.partial(fn, *args))

    @classmethod
    def build(cls, settings: ServerSettings) -> "ServerState":
        service = ServerQueueService(settings.db_path, settings.clock)
        state = cls(settings, service, Authenticator(service.write_lock),
                    TokenBucket(settings.public_rate_per_s, settings.public_burst),
                    EventBroker(service, settings.poll_interval_s))
        state.forget_old_keys()
        return state

    def forget_old_keys(self) -> None:
        cutoff = to_iso(self.service.clock.now() - timedelta(hours=self.settings.idempotency_hours))
        with self.service.write_lock:
            self.service._conn.execute("DELETE FROM idempotency_keys WHERE created_at < ?", (cutoff,))

    def perform(self, principal: Principal, key: str | None, scope: str, action: Callable,
                serialize: Callable, rebuild: Callable) -> tuple[dict, bool]:
        """Run one write as `principal`; with an idempotency key, a retry returns the first result.

        Returns (JSON body, replayed). The key is stored in the action's own transaction (no
        second write per request); a retry answers with `rebuild(ticket_id, counter)`: the same
        ticket or counter as the first time, as it is now.
        """
        svc = self.service
        conn = svc._conn
        with svc.write_lock:
            if key:
                row = conn.execute("SELECT scope, principal, ticket_id, counter "
                                   "FROM idempotency_keys WHERE key = ?", (key,)).fetchone()
                if row is not None:
                    if row[0] != scope or row[1] != principal.name:
                        raise IdempotencyConflict(
                            "Kunci idempotensi ini sudah dipakai untuk permintaan lain",
                            "This idempotency key was already used for another request",
                            scope=row[0])
                    return serialize(rebuild(row[2], row[3])), True
            with svc.acting(Action(principal.name, principal.role, key, scope)):
                result = action()
            body = serialize(result)
        self.broker.notify()
        return body, False
