"""Reads: tickets, waiting lists, places and estimates, counters, queues and the event log."""
from __future__ import annotations

import threading
from datetime import datetime

from shared.domain import CounterState, CounterStatus, Event, IssuedTicket, ServiceQueue, Ticket
from shared.estimate.estimator import Estimator, WaitEstimate
from shared.estimate.queue import Place
from shared.hours import issuing_state, next_opening
from shared.store.base import StoreBase
from shared.store.booking_quota import walk_ins_left
from shared.store.rows import TICKET_COLUMNS, event_from_row, ticket_from_row

_ESTIMATOR_LOCK = threading.Lock()


class ReadsMixin(StoreBase):
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

    @property
    def estimator(self) -> Estimator:
        """This store's estimator (it keeps what it learned between estimates)."""
        est = self.__dict__.get("_wait_estimator")
        if est is None:
            with _ESTIMATOR_LOCK:
                est = self.__dict__.setdefault("_wait_estimator", Estimator())
        return est

    def estimate_for(self, t: Ticket) -> WaitEstimate | None:
        """The estimate of a ticket already read (None unless it is waiting)."""
        if t.status.value != "waiting":
            return None
        conn = self._conn
        key = conn.execute("SELECT queue_key FROM tickets WHERE id = ?", (t.id,)).fetchone()[0]
        return self.estimator.estimate(conn, self.config, Place(t.service, t.is_priority, key, t.id),
                                       self.clock.now())

    def wait_estimate(self, code: str) -> WaitEstimate | None:
        """When a waiting ticket is expected to be called (figure and range); None otherwise."""
        return self.estimate_for(self.ticket(code))

    def estimated_wait(self, code: str) -> float:
        est = self.wait_estimate(code)
        return est.minutes if est is not None else 0.0

    def issued_ticket(self, t: Ticket) -> IssuedTicket:
        """A ticket as the kiosk shows it: people ahead, the estimate and its range, the URL."""
        est = self.estimate_for(t)
        url = self.config.status_url(t.token)
        if est is None:
            return IssuedTicket(t, 0, 0.0, url)
        return IssuedTicket(t, est.people_ahead, est.minutes, url,
                            estimated_wait_low_min=est.low_min,
                            estimated_wait_high_min=est.high_min)

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
            if ok and svc.daily_quota is not None and (n_issued >= svc.daily_quota or (
                    svc.booking and walk_ins_left(conn, self.config, svc, day, now,
                                                  n_issued) <= 0)):
                ok, reason = False, "quota"
                nxt = next_opening(self.config, svc, local.replace(hour=23, minute=59))
            longest = ((now - datetime.fromisoformat(oldest)).total_seconds() / 60) if oldest else 0.0
            out.append(ServiceQueue(svc.code, svc.name, svc.name_en, svc.prefix, waiting, prio or 0,
                                    n_issued, svc.daily_quota, max(0.0, longest), ok, reason, nxt))
        return out

    def events_after(self, seq: int, limit: int = 1000) -> list[Event]:
        rows = self._conn.execute(
            "SELECT seq, at, type, ticket_id, ticket_code, service, counter, officer, detail "
            "FROM events WHERE seq > ? ORDER BY seq LIMIT ?", (seq, limit)).fetchall()
        return [event_from_row(r) for r in rows]

    def last_event_seq(self) -> int:
        return self._conn.execute("SELECT COALESCE(MAX(seq), 0) FROM events").fetchone()[0]
