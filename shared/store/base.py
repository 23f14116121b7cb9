"""The plumbing every part of `SqliteQueueService` builds on: connection, clock, events, rows."""
from __future__ import annotations

import json
import sqlite3
import threading
from datetime import datetime, timedelta
from pathlib import Path

from shared.clock import Clock, to_iso
from shared.domain import IllegalTransition, IssueRefused, NotFound, Ticket
from shared.service import QueueService
from shared.store.database import connect
from shared.store.rows import TICKET_COLUMNS, ticket_from_row

# queue_key = issue time in µs × scale: room to slot a reactivated ticket between two others
QUEUE_KEY_SCALE = 1024
QUEUE_HOURS = 12


class StoreBase(QueueService):
    # set by SqliteQueueService.__init__, which also loads `config`; each mixin sees them here
    # rather than importing shared.store.service (that would be an import circle)
    path: Path
    clock: Clock
    _local: threading.local

    @property
    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = connect(self.path)
        return conn

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    def _window(self, now: datetime) -> int:
        """The smallest queue_key still callable: tickets wait at most QUEUE_HOURS after issue,
        so a queue runs on past local midnight but yesterday's leftovers are never called."""
        return int((now.timestamp() - QUEUE_HOURS * 3600) * 1_000_000) * QUEUE_KEY_SCALE

    def _now(self) -> tuple[datetime, str, str]:
        """(now UTC, ISO text, local business day)."""
        now = self.clock.now()
        local = now.astimezone(self.config.tz)
        return now, to_iso(now), local.date().isoformat()

    def _event(self, conn, at: str, type_: str, *, ticket_id=None, ticket_code=None,
               service=None, counter=None, officer=None, detail=None) -> int:
        cur = conn.execute(
            "INSERT INTO events (at, type, ticket_id, ticket_code, service, counter, officer, "
            "detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (at, type_, ticket_id, ticket_code, service, counter, officer,
             json.dumps(detail or {}, ensure_ascii=False)))
        return cur.lastrowid

    def _service(self, key: str):
        svc = self.config.service(key)
        if svc is None:
            raise IssueRefused(f"Layanan {key!r} tidak dikenal", f"Unknown service {key!r}",
                               reason="unknown_service")
        return svc

    def _counter_row(self, conn, counter: str) -> sqlite3.Row:
        row = conn.execute(
            "SELECT name, label, status, pause_reason, officer, current_ticket, priority_streak, "
            "priority_only, active FROM counters WHERE name = ? COLLATE NOCASE", (counter,)
        ).fetchone()
        if row is None or not row[8]:
            raise NotFound(f"Loket {counter!r} tidak dikenal", f"Unknown counter {counter!r}")
        return row

    def _ticket_row(self, conn, where: str, params) -> tuple | None:
        return conn.execute(f"SELECT {TICKET_COLUMNS} FROM tickets WHERE {where}", params).fetchone()

    def _ticket_by_id(self, conn, ticket_id: int) -> Ticket:
        return ticket_from_row(self._ticket_row(conn, "id = ?", (ticket_id,)))

    def _find_ticket(self, conn, code: str) -> Ticket:
        code = code.strip()
        now, _, _ = self._now()
        row = self._ticket_row(conn, "code = ? AND issued_at >= ? ORDER BY id DESC LIMIT 1",
                               (_normalise_code(code), to_iso(now - timedelta(hours=24))))
        if row is None and len(code) > 12:
            row = self._ticket_row(conn, "token = ?", (code,))
        if row is None:
            raise NotFound(f"Tiket {code} tidak ditemukan hari ini",
                           f"Ticket {code} not found today", code=code)
        return ticket_from_row(row)


def _normalise_code(code: str) -> str:
    """'a1' / 'A001' / 'a-1' → 'A-001' so an officer can type a number the short way."""
    text = code.strip().upper().replace(" ", "")
    letters = "".join(ch for ch in text if ch.isalpha())
    digits = "".join(ch for ch in text if ch.isdigit())
    if letters and digits and text.replace("-", "") == letters + digits:
        return f"{letters}-{int(digits):03d}"
    return text


def require_status(t: Ticket, allowed: tuple[str, ...], verb_id: str, verb_en: str) -> None:
    if t.status.value not in allowed:
        from shared.domain import STATUS_LABELS
        label_id, label_en = STATUS_LABELS[t.status]
        raise IllegalTransition(
            f"Tidak bisa {verb_id} tiket {t.code}: statusnya {label_id.lower()}",
            f"Cannot {verb_en} ticket {t.code}: it is {label_en.lower()}",
            code=t.code, status=t.status.value)
