"""The embedded `QueueService`: one SQLite file, any number of processes and threads.

Each write is `BEGIN IMMEDIATE` + the state change + one event row + `COMMIT`, so two counters
calling at the same instant never read the same "next" ticket. Hot paths (issue, call) use plain
parametrised SQL; sqlite-utils is used for schema, configuration and reports.
"""
from __future__ import annotations

import json
import logging
import secrets
import sqlite3
import threading
import time as _time
from datetime import datetime, timedelta
from pathlib import Path

from shared import pins
from shared.clock import Clock, SystemClock, to_iso
from shared.config import OfficeConfig, config_from_json
from shared.hours import issuing_state, next_opening
from shared.domain import (AntreanError, AuthError, CounterPaused, CounterState, CounterStatus, Event,
                     IllegalTransition, IssuedTicket, IssueRefused, NobodyWaiting, NotFound,
                     PriorityGroup, ServiceQueue, Ticket, TicketStatus)
from shared.estimate import estimate_wait_minutes
from shared.store.rows import TICKET_COLUMNS, event_from_row, ticket_from_row
from shared.service import QueueService
from shared.store.database import connect, schema_is_current, write_transaction

log = logging.getLogger(__name__)

MAX_FAILED_LOGINS = 5
LOCKOUT_SECONDS = 5 * 60
CONFIG_CHECK_SECONDS = 2.0
# queue_key = issue time in µs × scale: room to slot a reactivated ticket between two others
QUEUE_KEY_SCALE = 1024
QUEUE_HOURS = 12


class SqliteQueueService(QueueService):
    def __init__(self, path: str | Path, clock: Clock | None = None):
        self.path = Path(path)
        self.clock = clock or SystemClock()
        self._local = threading.local()
        if not self.path.exists():
            raise AntreanError(f"Basis data {self.path} belum ada: jalankan 'antrean init'",
                               f"Database {self.path} does not exist: run 'antrean init'")
        if not schema_is_current(self._conn):
            raise AntreanError(f"Basis data {self.path} perlu dimigrasi: jalankan 'antrean init'",
                               f"Database {self.path} needs migrating: run 'antrean init'")
        self._config: OfficeConfig | None = None
        self._config_version: str | None = None
        self._config_checked = 0.0
        self._load_config()

    # --- plumbing -------------------------------------------------------------------------
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

    def _load_config(self) -> None:
        rows = dict(self._conn.execute(
            "SELECT key, value FROM settings WHERE key IN ('config', 'config_version')"))
        if "config" not in rows:
            raise AntreanError(f"Basis data {self.path} belum berisi konfigurasi kantor: "
                               "jalankan 'antrean init --config FILE'",
                               f"Database {self.path} has no office config: run 'antrean init'")
        self._config = config_from_json(rows["config"])
        self._config_version = rows.get("config_version")
        self._config_checked = _time.monotonic()

    @property
    def config(self) -> OfficeConfig:
        # another process may run 'antrean init' again: look for a new version now and then
        if _time.monotonic() - self._config_checked > CONFIG_CHECK_SECONDS:
            version = self._conn.execute(
                "SELECT value FROM settings WHERE key = 'config_version'").fetchone()
            self._config_checked = _time.monotonic()
            if version and version[0] != self._config_version:
                self._load_config()
        return self._config

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

    # --- issue -------------------------------------------------------------------------------
    def issue(self, service: str, priority: PriorityGroup | str | None = None) -> IssuedTicket:
        ticket = self.issue_ticket(service, priority)
        ahead = self.people_ahead(ticket.code)
        return IssuedTicket(ticket, ahead, self._estimate(ticket, ahead),
                            self.config.status_url(ticket.token))

    def issue_ticket(self, service: str, priority: PriorityGroup | str | None = None) -> Ticket:
        """Issue and return the ticket alone (the hot path; `issue` adds position and estimate)."""
        svc = self._service(service)
        group = PriorityGroup(priority) if priority else None
        now, at, day = self._now()
        local = now.astimezone(self.config.tz)
        ok, reason, nxt = issuing_state(self.config, svc, local)
        if not ok:
            raise _refusal(svc, reason, nxt, self.config)
        conn = self._conn
        token = secrets.token_urlsafe(16)
        key = int(now.timestamp() * 1_000_000) * QUEUE_KEY_SCALE
        with write_transaction(conn):
            number = conn.execute(
                "INSERT INTO day_sequences (service, business_day, last_number) VALUES (?, ?, 1) "
                "ON CONFLICT (service, business_day) DO UPDATE SET last_number = last_number + 1 "
                "RETURNING last_number", (svc.code, day)).fetchone()[0]
            if svc.daily_quota is not None and number > svc.daily_quota:
                raise IssueRefused(
                    f"Kuota harian {svc.name} ({svc.daily_quota}) sudah habis",
                    f"Today's quota for {svc.name_en} ({svc.daily_quota}) is used up",
                    reason="quota", service=svc.code)
            code = f"{svc.prefix}-{number:03d}"
            ticket_id = conn.execute(
                "INSERT INTO tickets (code, number, issued_service, service, business_day, status, "
                "priority_group, is_priority, queue_key, token, issued_at) "
                "VALUES (?, ?, ?, ?, ?, 'waiting', ?, ?, ?, ?, ?)",
                (code, number, svc.code, svc.code, day, group.value if group else None,
                 1 if group else 0, key, token, at)).lastrowid
            self._event(conn, at, "issued", ticket_id=ticket_id, ticket_code=code,
                        service=svc.code, detail={"priority": group.value} if group else None)
        return Ticket(id=ticket_id, code=code, number=number, service=svc.code,
                      issued_service=svc.code, business_day=local.date(),
                      status=TicketStatus.WAITING, priority_group=group, issued_at=now, token=token)

    def cancel(self, code: str) -> Ticket:
        conn = self._conn
        now, at, _ = self._now()
        with write_transaction(conn):
            t = self._find_ticket(conn, code)
            _require(t, ("waiting",), "membatalkan", "cancel")
            conn.execute("UPDATE tickets SET status = 'cancelled', cancelled_at = ? WHERE id = ?",
                         (at, t.id))
            self._event(conn, at, "cancelled", ticket_id=t.id, ticket_code=t.code,
                        service=t.service)
            return self._ticket_by_id(conn, t.id)

    # --- calling ------------------------------------------------------------------------------
    def call_next(self, counter: str, officer: str | None = None) -> Ticket:
        conn = self._conn
        now, at, day = self._now()
        with write_transaction(conn):
            c = self._ready_counter(conn, counter, at)
            services = [s for s in self._counter_services(c[0])]
            pick = self._pick_next(conn, services, self._window(now), bool(c[7]), c[6])
            if pick is None:
                label = c[1]
                raise NobodyWaiting(f"Tidak ada antrean untuk {label}",
                                    f"Nobody is waiting for {label}", counter=c[0])
            ticket_id, is_priority = pick
            streak = c[6] + 1 if is_priority else 0
            return self._do_call(conn, c, ticket_id, at, officer, streak, "called",
                                 {"opened": True} if c[2] == "closed" else None)

    def call_ticket(self, counter: str, code: str, officer: str | None = None) -> Ticket:
        conn = self._conn
        now, at, day = self._now()
        with write_transaction(conn):
            c = self._ready_counter(conn, counter, at)
            t = self._find_ticket(conn, code)
            _require(t, ("waiting", "no_show"), "memanggil", "call")
            if t.service not in self._counter_services(c[0]):
                raise IllegalTransition(
                    f"{c[1]} tidak melayani layanan tiket {t.code}",
                    f"{c[1]} does not serve the service of ticket {t.code}", code=t.code)
            return self._do_call(conn, c, t.id, at, officer, c[6], "called",
                                 {"specific": True, "from": t.status.value,
                                  **({"opened": True} if c[2] == "closed" else {})})

    def _counter_services(self, counter: str) -> list[str]:
        cfg = self.config.counter(counter)
        if cfg is None:
            return []
        active = {s.code for s in self.config.services if s.active}
        return [s for s in cfg.services if s in active]

    def _ready_counter(self, conn, counter: str, at: str) -> tuple:
        c = self._counter_row(conn, counter)
        if c[2] == "paused":
            raise CounterPaused(f"{c[1]} sedang istirahat: lanjutkan dulu",
                                f"{c[1]} is on a break: resume first", counter=c[0])
        if c[5] is not None:
            cur = self._ticket_by_id(conn, c[5])
            raise IllegalTransition(
                f"{c[1]} masih memegang tiket {cur.code}: selesaikan, alihkan atau tandai tidak hadir",
                f"{c[1]} still has ticket {cur.code}: finish, transfer or mark it no-show",
                counter=c[0], code=cur.code)
        if c[2] == "closed":
            # calling opens a closed counter; the 'called' event says so (detail.opened)
            conn.execute("UPDATE counters SET status = 'open' WHERE name = ?", (c[0],))
        return c

    def _pick_next(self, conn, services: list[str], window: int, priority_only: bool,
                   streak: int) -> tuple[int, bool] | None:
        """The next (ticket id, is priority) under the office's policy; None when nobody waits."""
        def head(is_priority: int):
            best = None
            for svc in services:  # one index lookup per service beats sorting the whole queue
                row = conn.execute(
                    "SELECT queue_key, id FROM tickets WHERE status = 'waiting' AND service = ? "
                    "AND is_priority = ? AND queue_key >= ? ORDER BY queue_key, id LIMIT 1",
                    (svc, is_priority, window)).fetchone()
                if row and (best is None or row < best):
                    best = row
            return best

        prio = head(1)
        if priority_only:
            return (prio[1], True) if prio else None
        regular = head(0)
        policy = self.config.priority
        if prio and regular:
            if policy.policy == "strict":
                take_priority = True
            elif policy.policy == "interleave":
                take_priority = streak < policy.max_in_a_row
            else:  # dedicated: priority counters jump the line, ordinary counters go by time
                take_priority = prio < regular
            return (prio[1], True) if take_priority else (regular[1], False)
        if prio:
            return prio[1], True
        if regular:
            return regular[1], False
        return None

    def _do_call(self, conn, c, ticket_id: int, at: str, officer: str | None, streak: int,
                 event: str, detail: dict | None = None) -> Ticket:
        officer = officer or c[4]
        changed = conn.execute(
            "UPDATE tickets SET status = 'called', counter = ?, officer = ?, called_at = ?, "
            "first_called_at = COALESCE(first_called_at, ?), started_at = NULL "
            "WHERE id = ? AND status IN ('waiting', 'no_show')",
            (c[0], officer, at, at, ticket_id)).rowcount
        if changed != 1:  # cannot happen inside BEGIN IMMEDIATE; refuse rather than double-call
            raise IllegalTransition("Tiket sudah dipanggil loket lain",
                                    "The ticket was already called by another counter")
        conn.execute("UPDATE counters SET current_ticket = ?, priority_streak = ?, officer = ? "
                     "WHERE name = ?", (ticket_id, streak, officer, c[0]))
        t = self._ticket_by_id(conn, ticket_id)
        conn.execute("INSERT INTO segments (ticket_id, service, counter, officer, called_at) "
                     "VALUES (?, ?, ?, ?, ?)", (ticket_id, t.service, c[0], officer, at))
        self._event(conn, at, event, ticket_id=ticket_id, ticket_code=t.code, service=t.service,
                    counter=c[0], officer=officer, detail=detail)
        return t

    # --- acting on the counter's current ticket ---------------------------------------------
    def _current(self, conn, counter: str, allowed: tuple[str, ...], verb_id: str, verb_en: str):
        c = self._counter_row(conn, counter)
        if c[5] is None:
            raise IllegalTransition(f"{c[1]} tidak sedang memegang tiket: tidak bisa {verb_id}",
                                    f"{c[1]} has no ticket in hand: cannot {verb_en}",
                                    counter=c[0])
        t = self._ticket_by_id(conn, c[5])
        _require(t, allowed, verb_id, verb_en)
        return c, t

    def recall(self, counter: str) -> Ticket:
        conn = self._conn
        _, at, _ = self._now()
        with write_transaction(conn):
            c, t = self._current(conn, counter, ("called",), "memanggil ulang", "recall")
            limit = self.config.recall.max_recalls
            if t.recalls >= limit:
                raise IllegalTransition(
                    f"Tiket {t.code} sudah dipanggil ulang {t.recalls} kali (batas {limit}): "
                    "tandai tidak hadir", f"Ticket {t.code} was already recalled {t.recalls} "
                    f"times (limit {limit}): mark it no-show", code=t.code)
            conn.execute("UPDATE tickets SET recalls = recalls + 1, called_at = ? WHERE id = ?",
                         (at, t.id))
            self._event(conn, at, "recalled", ticket_id=t.id, ticket_code=t.code,
                        service=t.service, counter=c[0], officer=c[4],
                        detail={"recall": t.recalls + 1})
            return self._ticket_by_id(conn, t.id)

    def start(self, counter: str) -> Ticket:
        conn = self._conn
        _, at, _ = self._now()
        with write_transaction(conn):
            c, t = self._current(conn, counter, ("called",), "memulai layanan", "start")
            conn.execute("UPDATE tickets SET status = 'serving', started_at = ? WHERE id = ?",
                         (at, t.id))
            conn.execute("UPDATE segments SET started_at = ? WHERE ticket_id = ? AND ended_at IS NULL",
                         (at, t.id))
            self._event(conn, at, "started", ticket_id=t.id, ticket_code=t.code,
                        service=t.service, counter=c[0], officer=c[4])
            return self._ticket_by_id(conn, t.id)

    def _release(self, conn, c, t: Ticket, at: str, status: str, outcome: str, stamp: str | None,
                 event: str, detail: dict | None = None, extra_sql: str = "", extra=()) -> Ticket:
        stamp_sql = f", {stamp} = ?" if stamp else ""
        conn.execute(f"UPDATE tickets SET status = ?{stamp_sql}{extra_sql} WHERE id = ?",
                     (status, *((at,) if stamp else ()), *extra, t.id))
        conn.execute("UPDATE segments SET ended_at = ?, outcome = ? "
                     "WHERE ticket_id = ? AND ended_at IS NULL", (at, outcome, t.id))
        conn.execute("UPDATE counters SET current_ticket = NULL WHERE name = ?", (c[0],))
        self._event(conn, at, event, ticket_id=t.id, ticket_code=t.code, service=t.service,
                    counter=c[0], officer=c[4], detail=detail)
        return self._ticket_by_id(conn, t.id)

    def finish(self, counter: str) -> Ticket:
        conn = self._conn
        _, at, _ = self._now()
        with write_transaction(conn):
            c, t = self._current(conn, counter, ("serving",), "menyelesaikan", "finish")
            return self._release(conn, c, t, at, "done", "done", "finished_at", "finished")

    def no_show(self, counter: str) -> Ticket:
        conn = self._conn
        _, at, _ = self._now()
        with write_transaction(conn):
            c, t = self._current(conn, counter, ("called",), "menandai tidak hadir", "mark no-show")
            return self._release(conn, c, t, at, "no_show", "no_show", "no_show_at", "no_show")

    def transfer(self, counter: str, service: str) -> Ticket:
        conn = self._conn
        _, at, _ = self._now()
        target = self._service(service)
        if not target.active:
            raise IllegalTransition(f"Layanan {target.name} tidak aktif",
                                    f"Service {target.name_en} is not active")
        with write_transaction(conn):
            c, t = self._current(conn, counter, ("called", "serving"), "mengalihkan", "transfer")
            if target.code == t.service:
                raise IllegalTransition(f"Tiket {t.code} sudah di layanan {target.name}",
                                        f"Ticket {t.code} is already in {target.name_en}")
            # the ticket keeps its number and issue time, so it keeps its place by issue time
            return self._release(
                conn, c, t, at, "waiting", "transferred", None, "transferred",
                {"from": t.service, "to": target.code},
                ", service = ?, counter = NULL, called_at = NULL, started_at = NULL, "
                "transfers = transfers + 1", (target.code,))

    def reactivate(self, code: str) -> Ticket:
        conn = self._conn
        now, at, _ = self._now()
        rule = self.config.recall
        with write_transaction(conn):
            t = self._find_ticket(conn, code)
            _require(t, ("no_show",), "mengaktifkan kembali", "reactivate")
            if t.reactivations >= rule.max_reactivations:
                raise IllegalTransition(
                    f"Tiket {t.code} sudah {t.reactivations} kali diaktifkan kembali "
                    f"(batas {rule.max_reactivations})",
                    f"Ticket {t.code} was already reactivated {t.reactivations} times "
                    f"(limit {rule.max_reactivations})", code=t.code)
            # re-queued behind the next N waiting numbers of its service and class
            cls = (t.service, int(t.is_priority), self._window(now))
            ahead = conn.execute(
                "SELECT queue_key, id FROM tickets WHERE status = 'waiting' AND service = ? "
                "AND is_priority = ? AND queue_key >= ? ORDER BY queue_key, id LIMIT ?",
                (*cls, rule.reactivate_after)).fetchall()
            if ahead and len(ahead) == rule.reactivate_after:
                key_n, id_n = ahead[-1]
                # make room right after the N-th ticket, even when issue times tie
                conn.execute(
                    "UPDATE tickets SET queue_key = queue_key + 2 WHERE status = 'waiting' "
                    "AND service = ? AND is_priority = ? AND queue_key >= ? "
                    "AND (queue_key > ? OR (queue_key = ? AND id > ?))", (*cls, key_n, key_n, id_n))
                new_key = key_n + 1
            else:
                last = conn.execute(
                    "SELECT MAX(queue_key) FROM tickets WHERE status = 'waiting' AND service = ? "
                    "AND is_priority = ? AND queue_key >= ?", cls).fetchone()[0]
                # nobody (else) waits: a key from now, not from the issue time, which may be
                # outside the calling window already (the ticket would wait for no counter)
                new_key = (last + 1 if last is not None else
                           int(now.timestamp() * 1_000_000) * QUEUE_KEY_SCALE)
            conn.execute(
                "UPDATE tickets SET status = 'waiting', queue_key = ?, counter = NULL, "
                "called_at = NULL, recalls = 0, reactivations = reactivations + 1 WHERE id = ?",
                (new_key, t.id))
            self._event(conn, at, "reactivated", ticket_id=t.id, ticket_code=t.code,
                        service=t.service, detail={"after": len(ahead)})
            return self._ticket_by_id(conn, t.id)

    # --- counters ------------------------------------------------------------------------------
    def open_counter(self, counter: str, officer: str | None = None,
                     takeover: bool = False) -> CounterState:
        conn = self._conn
        _, at, _ = self._now()
        with write_transaction(conn):
            c = self._counter_row(conn, counter)
            if officer:
                officer = officer.lower()
                if conn.execute("SELECT 1 FROM officers WHERE username = ? AND active = 1",
                                (officer,)).fetchone() is None:
                    raise NotFound(f"Petugas {officer!r} tidak dikenal",
                                   f"Unknown officer {officer!r}")
                elsewhere = conn.execute(
                    "SELECT name, label, current_ticket FROM counters WHERE officer = ? "
                    "AND status != 'closed' AND name != ?", (officer, c[0])).fetchone()
                if elsewhere:
                    if not takeover:
                        raise IllegalTransition(
                            f"{officer} masih masuk di {elsewhere[1]}",
                            f"{officer} is still logged in at {elsewhere[1]}",
                            counter=elsewhere[0])
                    if elsewhere[2] is not None:  # a closed counter must not hold a ticket
                        held = self._ticket_by_id(conn, elsewhere[2])
                        raise IllegalTransition(
                            f"{elsewhere[1]} masih memegang tiket {held.code}: selesaikan, alihkan "
                            f"atau tandai tidak hadir di sana dulu",
                            f"{elsewhere[1]} still holds ticket {held.code}: finish, transfer or "
                            f"mark it no-show there first", counter=elsewhere[0], code=held.code)
                    self._close(conn, elsewhere[0], at, {"reason": "takeover", "to": c[0]})
                if c[4] and c[4] != officer and c[2] != "closed" and not takeover:
                    raise IllegalTransition(f"{c[1]} sedang dipakai {c[4]}",
                                            f"{c[1]} is in use by {c[4]}", counter=c[0])
            conn.execute("UPDATE counters SET status = CASE status WHEN 'paused' THEN 'paused' "
                         "ELSE 'open' END, officer = ? WHERE name = ?", (officer, c[0]))
            self._event(conn, at, "counter_opened", counter=c[0], officer=officer,
                        detail={"takeover": True} if takeover else None)
        return self.counter_state(c[0])

    def _close(self, conn, name: str, at: str, detail: dict | None = None) -> None:
        row = conn.execute("SELECT current_ticket, officer FROM counters WHERE name = ?",
                           (name,)).fetchone()
        conn.execute("UPDATE counters SET status = 'closed', pause_reason = NULL, officer = NULL "
                     "WHERE name = ?", (name,))
        self._event(conn, at, "counter_closed", counter=name, officer=row[1], detail=detail)

    def close_counter(self, counter: str) -> CounterState:
        conn = self._conn
        _, at, _ = self._now()
        with write_transaction(conn):
            c = self._counter_row(conn, counter)
            if c[5] is not None:
                cur = self._ticket_by_id(conn, c[5])
                raise IllegalTransition(
                    f"{c[1]} masih memegang tiket {cur.code}: selesaikan dulu",
                    f"{c[1]} still has ticket {cur.code}: finish it first", counter=c[0])
            self._close(conn, c[0], at)
        return self.counter_state(c[0])

    def pause(self, counter: str, reason: str = "") -> CounterState:
        conn = self._conn
        _, at, _ = self._now()
        with write_transaction(conn):
            c = self._counter_row(conn, counter)
            if c[2] == "paused":
                raise IllegalTransition(f"{c[1]} sudah istirahat", f"{c[1]} is already on a break")
            if c[5] is not None:
                cur = self._ticket_by_id(conn, c[5])
                raise IllegalTransition(
                    f"{c[1]} masih memegang tiket {cur.code}: selesaikan dulu sebelum istirahat",
                    f"{c[1]} still has ticket {cur.code}: finish it before a break", counter=c[0])
            conn.execute("UPDATE counters SET status = 'paused', pause_reason = ? WHERE name = ?",
                         (reason.strip() or None, c[0]))
            self._event(conn, at, "paused", counter=c[0], officer=c[4],
                        detail={"reason": reason.strip()})
        return self.counter_state(c[0])

    def resume(self, counter: str) -> CounterState:
        conn = self._conn
        _, at, _ = self._now()
        with write_transaction(conn):
            c = self._counter_row(conn, counter)
            if c[2] != "paused":
                raise IllegalTransition(f"{c[1]} tidak sedang istirahat", f"{c[1]} is not on a break")
            conn.execute("UPDATE counters SET status = 'open', pause_reason = NULL WHERE name = ?",
                         (c[0],))
            self._event(conn, at, "resumed", counter=c[0], officer=c[4])
        return self.counter_state(c[0])

    def record_event(self, type: str, *, ticket_code: str | None = None,
                     counter: str | None = None, detail: dict | None = None) -> Event:
        conn = self._conn
        _, at, _ = self._now()
        with write_transaction(conn):
            t = self._find_ticket(conn, ticket_code) if ticket_code else None
            seq = self._event(conn, at, type, ticket_id=t.id if t else None,
                              ticket_code=t.code if t else None, service=t.service if t else None,
                              counter=counter, detail=detail)
        return self.events_after(seq - 1, 1)[0]

    # --- staff ---------------------------------------------------------------------------------
    def authenticate(self, username: str, pin: str) -> dict:
        conn = self._conn
        now, at, _ = self._now()
        user = username.strip().lower()
        row = conn.execute("SELECT username, full_name, role, pin_hash, locked_until FROM officers "
                           "WHERE username = ? AND active = 1", (user,)).fetchone()
        bad = AuthError("Nama pengguna atau PIN salah", "Wrong username or PIN")
        if row is None or row[3] is None:
            # the same scrypt cost as a real check, and the same answer: no probing for names
            pins.verify_pin(pin, _dummy_pin_hash())
            raise bad
        if row[4] and row[4] > at:
            raise self._locked(user, row[4], now)
        ok = pins.verify_pin(pin, row[3])   # slow on purpose: outside the write lock
        with write_transaction(conn):
            # read the lock again inside the transaction: parallel guesses are counted one by one
            locked_until = conn.execute("SELECT locked_until FROM officers WHERE username = ?",
                                        (user,)).fetchone()[0]
            if locked_until and locked_until > at:
                raise self._locked(user, locked_until, now)
            if ok:
                conn.execute("UPDATE officers SET failed_attempts = 0, locked_until = NULL "
                             "WHERE username = ?", (user,))
                self._event(conn, at, "login", officer=user)
                return {"username": row[0], "full_name": row[1], "role": row[2]}
            failed = conn.execute("UPDATE officers SET failed_attempts = failed_attempts + 1 "
                                  "WHERE username = ? RETURNING failed_attempts", (user,)).fetchone()[0]
            locked = None
            if failed >= MAX_FAILED_LOGINS:
                locked = to_iso(datetime.fromtimestamp(now.timestamp() + LOCKOUT_SECONDS, now.tzinfo))
                conn.execute("UPDATE officers SET failed_attempts = 0, locked_until = ? "
                             "WHERE username = ?", (locked, user))
            self._event(conn, at, "login_failed", officer=user, detail={"locked": bool(locked)})
        if locked:
            raise AuthError(f"PIN salah {MAX_FAILED_LOGINS} kali: akun {user} dikunci "
                            f"{LOCKOUT_SECONDS // 60} menit",
                            f"Wrong PIN {MAX_FAILED_LOGINS} times: {user} is locked for "
                            f"{LOCKOUT_SECONDS // 60} minutes", locked=True)
        raise bad

    @staticmethod
    def _locked(user: str, until: str, now: datetime) -> AuthError:
        minutes = max(1, round((datetime.fromisoformat(until) - now).total_seconds() / 60))
        return AuthError(f"Akun {user} dikunci sementara: coba lagi dalam {minutes} menit",
                         f"Account {user} is locked: try again in {minutes} min", locked=True)

    def set_pin(self, username: str, pin: str) -> None:
        digest = pins.hash_pin(pin)
        conn = self._conn
        _, at, _ = self._now()
        with write_transaction(conn):
            if conn.execute("UPDATE officers SET pin_hash = ?, failed_attempts = 0, "
                            "locked_until = NULL WHERE username = ?",
                            (digest, username.lower())).rowcount != 1:
                raise NotFound(f"Petugas {username!r} tidak dikenal",
                               f"Unknown officer {username!r}")
            self._event(conn, at, "pin_set", officer=username.lower())

    # --- reads -----------------------------------------------------------------------------
    def ticket(self, code: str) -> Ticket:
        return self._find_ticket(self._conn, code)

    def waiting(self, service: str) -> list[Ticket]:
        svc = self._service(service)
        now, _, _ = self._now()
        order = "is_priority DESC, " if self.config.priority.policy in ("strict", "interleave") else ""
        rows = self._conn.execute(
            f"SELECT {TICKET_COLUMNS} FROM tickets WHERE status = 'waiting' AND service = ? "
            f"AND queue_key >= ? ORDER BY {order}queue_key, id",
            (svc.code, self._window(now))).fetchall()
        return [ticket_from_row(r) for r in rows]

    def people_ahead(self, code: str) -> int:
        conn = self._conn
        t = self._find_ticket(conn, code)
        if t.status.value != "waiting":
            return 0
        key = conn.execute("SELECT queue_key FROM tickets WHERE id = ?", (t.id,)).fetchone()[0]
        window = self._window(self.clock.now())
        same_class = conn.execute(
            "SELECT COUNT(*) FROM tickets WHERE status = 'waiting' AND service = ? "
            "AND is_priority = ? AND queue_key >= ? AND (queue_key < ? OR (queue_key = ? AND id < ?))",
            (t.service, int(t.is_priority), window, key, key, t.id)).fetchone()[0]
        if t.is_priority or self.config.priority.policy == "dedicated":
            return same_class
        # strict and interleave: waiting priority tickets go first (interleave: roughly so)
        prio = conn.execute(
            "SELECT COUNT(*) FROM tickets WHERE status = 'waiting' AND service = ? "
            "AND is_priority = 1 AND queue_key >= ?", (t.service, window)).fetchone()[0]
        return same_class + prio

    def _estimate(self, t: Ticket, ahead: int) -> float:
        return estimate_wait_minutes(self._conn, self.config, t.service, ahead, t.is_priority,
                                     self.clock.now())

    def estimated_wait(self, code: str) -> float:
        t = self.ticket(code)
        if t.status.value != "waiting":
            return 0.0
        return self._estimate(t, self.people_ahead(code))

    def current_ticket(self, counter: str) -> Ticket | None:
        conn = self._conn
        c = self._counter_row(conn, counter)
        return self._ticket_by_id(conn, c[5]) if c[5] is not None else None

    def counters(self) -> list[CounterState]:
        conn = self._conn
        rows = conn.execute(
            "SELECT name, label, status, pause_reason, officer, current_ticket, priority_only "
            "FROM counters WHERE active = 1 ORDER BY position, name").fetchall()
        out = []
        for r in rows:
            cfg = self.config.counter(r[0])
            out.append(CounterState(
                name=r[0], label=r[1], services=cfg.services if cfg else (),
                priority_only=bool(r[6]), status=CounterStatus(r[2]), pause_reason=r[3],
                officer=r[4], current=self._ticket_by_id(conn, r[5]) if r[5] is not None else None))
        return out

    def queues(self) -> list[ServiceQueue]:
        conn = self._conn
        now, _, day = self._now()
        local = now.astimezone(self.config.tz)
        counts = {r[0]: r[1:] for r in conn.execute(
            "SELECT service, COUNT(*), SUM(is_priority), MIN(issued_at) FROM tickets "
            "WHERE status = 'waiting' AND queue_key >= ? GROUP BY service", (self._window(now),))}
        issued = dict(conn.execute(
            "SELECT service, last_number FROM day_sequences WHERE business_day = ?", (day,)))
        out = []
        for svc in self.config.services:
            if not svc.active:
                continue
            waiting, prio, oldest = counts.get(svc.code, (0, 0, None))
            n_issued = issued.get(svc.code, 0)
            if svc.daily_quota is not None:
                n_issued = min(n_issued, svc.daily_quota)  # refused attempts roll back anyway
            ok, reason, nxt = issuing_state(self.config, svc, local)
            if ok and svc.daily_quota is not None and n_issued >= svc.daily_quota:
                ok, reason = False, "quota"
                nxt = next_opening(self.config, svc, local.replace(hour=23, minute=59))
            longest = ((now - datetime.fromisoformat(oldest)).total_seconds() / 60) if oldest else 0.0
            out.append(ServiceQueue(svc.code, svc.name, svc.name_en, svc.prefix, waiting, prio or 0,
                                    n_issued, svc.daily_quota, max(0.0, longest), ok, reason, nxt))
        return out

    def officer_day(self, officer: str) -> dict:
        _, _, day = self._now()
        targets = {s.code: s.target_service_min for s in self.config.services}
        rows = self._conn.execute(
            "SELECT g.service, g.outcome, ROUND((julianday(g.ended_at) - julianday(g.started_at)) * 86400, 3) / 60.0 "
            "FROM segments g JOIN tickets t ON t.id = g.ticket_id "
            "WHERE g.officer = ? AND t.business_day = ? AND g.ended_at IS NOT NULL",
            (officer.lower(), day)).fetchall()
        done = [(svc, minutes) for svc, outcome, minutes in rows
                if outcome == "done" and minutes is not None]
        return {
            "served": len(done),
            "no_shows": sum(1 for r in rows if r[1] == "no_show"),
            "avg_service_min": sum(m for _, m in done) / len(done) if done else None,
            "target_service_min": (sum(targets.get(s, 0) for s, _ in done) / len(done)
                                   if done else None),
            "within_target": sum(1 for s, m in done if m <= targets.get(s, 0)),
        }

    def events_after(self, seq: int, limit: int = 1000) -> list[Event]:
        rows = self._conn.execute(
            "SELECT seq, at, type, ticket_id, ticket_code, service, counter, officer, detail "
            "FROM events WHERE seq > ? ORDER BY seq LIMIT ?", (seq, limit)).fetchall()
        return [event_from_row(r) for r in rows]

    def last_event_seq(self) -> int:
        return self._conn.execute("SELECT COALESCE(MAX(seq), 0) FROM events").fetchone()[0]


_DUMMY_HASH: list[str] = []


def _dummy_pin_hash() -> str:
    """One hash made once, to spend a real check's time on unknown names and unset PINs."""
    if not _DUMMY_HASH:
        _DUMMY_HASH.append(pins.hash_pin("000000"))
    return _DUMMY_HASH[0]


def _normalise_code(code: str) -> str:
    """'a1' / 'A001' / 'a-1' → 'A-001' so an officer can type a number the short way."""
    text = code.strip().upper().replace(" ", "")
    letters = "".join(ch for ch in text if ch.isalpha())
    digits = "".join(ch for ch in text if ch.isdigit())
    if letters and digits and text.replace("-", "") == letters + digits:
        return f"{letters}-{int(digits):03d}"
    return text


def _require(t: Ticket, allowed: tuple[str, ...], verb_id: str, verb_en: str) -> None:
    if t.status.value not in allowed:
        from shared.domain import STATUS_LABELS
        label_id, label_en = STATUS_LABELS[t.status]
        raise IllegalTransition(
            f"Tidak bisa {verb_id} tiket {t.code}: statusnya {label_id.lower()}",
            f"Cannot {verb_en} ticket {t.code}: it is {label_en.lower()}",
            code=t.code, status=t.status.value)


def _refusal(svc, reason: str, nxt: datetime | None, config: OfficeConfig) -> IssueRefused:
    from shared.indonesian import format_datetime_long
    when_id = f" Buka lagi {format_datetime_long(nxt, config.timezone)}." if nxt else ""
    when_en = f" Opens again {format_datetime_long(nxt, config.timezone, 'en')}." if nxt else ""
    if reason == "inactive":
        return IssueRefused(f"Layanan {svc.name} sedang tidak tersedia",
                            f"{svc.name_en} is not available", reason=reason, service=svc.code)
    if reason == "holiday":
        day = nxt and nxt.date()
        return IssueRefused(f"Hari ini libur: layanan {svc.name} tutup.{when_id}",
                            f"Today is a holiday: {svc.name_en} is closed.{when_en}",
                            reason=reason, next_opening=nxt, service=svc.code, day=str(day))
    return IssueRefused(f"Pengambilan nomor {svc.name} sedang tutup.{when_id}",
                        f"Tickets for {svc.name_en} are not being issued now.{when_en}",
                        reason=reason, next_opening=nxt, service=svc.code)
