"""The server's `SqliteQueueService`: every event it writes names who acted, and an idempotency
key, when the request carries one, is stored in the same transaction as the action.

The acting principal and key travel in a context variable set by the route (in the worker thread
that runs the action), so the store's methods keep their signatures.
"""
from __future__ import annotations

import contextvars
import threading
from contextlib import contextmanager
from dataclasses import dataclass

from shared.clock import to_iso
from shared.store.service import SqliteQueueService


@dataclass
class Action:
    actor: str                      # officer username or device name
    role: str                       # kiosk | board | officer | supervisor | admin
    idempotency_key: str | None = None
    scope: str = ""                 # "POST /api/tickets"
    key_written: bool = False


CURRENT_ACTION: contextvars.ContextVar[Action | None] = contextvars.ContextVar(
    "antrean_action", default=None)


class ServerQueueService(SqliteQueueService):
    """One instance serves the whole thread pool (a connection per thread); writes are serialised
    by `write_lock` so requests queue in the server instead of spinning on SQLite's busy lock."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.write_lock = threading.RLock()

    @contextmanager
    def acting(self, action: Action):
        token = CURRENT_ACTION.set(action)
        try:
            yield action
        finally:
            CURRENT_ACTION.reset(token)

    def _event(self, conn, at, type_, *, ticket_id=None, ticket_code=None, service=None,
               counter=None, officer=None, detail=None) -> int:
        action = CURRENT_ACTION.get()
        if action is not None:
            detail = {**(detail or {}), "by": action.actor, "by_role": action.role}
            if officer is None and action.role in ("officer", "supervisor", "admin") \
                    and type_ not in ("issued", "login", "login_failed"):
                officer = action.actor
            if action.idempotency_key and not action.key_written:
                # same transaction as the action: a UNIQUE clash rolls the action back
                conn.execute(
                    "INSERT INTO idempotency_keys (key, scope, principal, ticket_id, counter, "
                    "created_at) VALUES (?, ?, ?, ?, ?, ?)",
                    (action.idempotency_key, action.scope, action.actor, ticket_id,
                     # a booking write replays by its code (no ticket, no counter)
                     counter if ticket_id is not None or counter is not None
                     or "booking" not in detail else f"booking:{detail['booking']}", at))
                action.key_written = True
        return super()._event(conn, at, type_, ticket_id=ticket_id, ticket_code=ticket_code,
                              service=service, counter=counter, officer=officer, detail=detail)

    def now_iso(self) -> str:
        return to_iso(self.clock.now())

    # --- reads the routes need by id or token (the visitor's URL carries only the token) --------
    @property
    def conn(self):
        return self._conn

    def ticket_by_id(self, ticket_id: int):
        from shared.store.rows import TICKET_COLUMNS, ticket_from_row
        row = self._conn.execute(f"SELECT {TICKET_COLUMNS} FROM tickets WHERE id = ?",
                                 (ticket_id,)).fetchone()
        return ticket_from_row(row) if row else None

    def ticket_by_token(self, token: str):
        from shared.domain import NotFound
        from shared.store.rows import TICKET_COLUMNS, ticket_from_row
        row = self._conn.execute(f"SELECT {TICKET_COLUMNS} FROM tickets WHERE token = ?",
                                 (token,)).fetchone()
        if row is None:
            raise NotFound("Tiket tidak ditemukan", "Ticket not found")
        return ticket_from_row(row)
