"""Today, live: the queues now, today's figures per service and what every counter is doing.

One call (`live_snapshot`) reads everything a supervisor's live screen shows; it runs a handful of
indexed queries (today's tickets by business day, waiting tickets through the partial index of
the queue, the counters table) so it stays well under 200 ms on a year of a busy office.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime

from shared.config import OfficeConfig
from shared.store.base import QUEUE_HOURS, QUEUE_KEY_SCALE
from shared.reports.stats import GroupStats, ServiceStats, period_report


@dataclass(frozen=True)
class LiveService:
    stats: ServiceStats            # today's figures (the period rules over one business day)
    waiting_now: int
    priority_waiting: int
    longest_wait_min: float        # the longest-waiting visitor still in the queue, minutes


@dataclass(frozen=True)
class LiveCounter:
    name: str
    label: str
    status: str                    # closed | open | paused
    pause_reason: str | None
    officer: str | None
    officer_name: str | None
    ticket_code: str | None
    ticket_service: str | None
    ticket_status: str | None      # called | serving
    since_min: float | None        # serving: since start; called: since the (latest) call
    served_today: int


@dataclass(frozen=True)
class LiveSnapshot:
    at: datetime                   # UTC
    day: date                      # the office's business day
    services: list[LiveService]
    counters: list[LiveCounter]
    total: GroupStats

    @property
    def waiting_now(self) -> int:
        return sum(s.waiting_now for s in self.services)


def live_snapshot(conn: sqlite3.Connection, config: OfficeConfig, now: datetime) -> LiveSnapshot:
    day = now.astimezone(config.tz).date()
    report = period_report(conn, config, day, day, breakdowns=False)
    window = int((now.timestamp() - QUEUE_HOURS * 3600) * 1_000_000) * QUEUE_KEY_SCALE
    queue = {r[0]: r[1:] for r in conn.execute(
        "SELECT service, COUNT(*), SUM(is_priority), MIN(issued_at) FROM tickets "
        "WHERE status = 'waiting' AND queue_key >= ? GROUP BY service", (window,))}
    services = []
    for s in report.services:
        waiting, prio, oldest = queue.get(s.service, (0, 0, None))
        cfg = config.service(s.service)
        if cfg is not None and not cfg.active and not waiting and not s.issued and not s.served:
            continue
        longest = (now - datetime.fromisoformat(oldest)).total_seconds() / 60 if oldest else 0.0
        services.append(LiveService(s, waiting, prio or 0, max(0.0, longest)))

    served = dict(conn.execute(
        "SELECT g.counter, COUNT(*) FROM segments g JOIN tickets t ON t.id = g.ticket_id "
        "WHERE t.business_day = ? AND g.outcome = 'done' GROUP BY g.counter", (day.isoformat(),)))
    counters = []
    for (name, label, status, reason, officer, full_name, code, svc, t_status, called, started
         ) in conn.execute(
            "SELECT c.name, c.label, c.status, c.pause_reason, c.officer, o.full_name, t.code, "
            "t.service, t.status, t.called_at, t.started_at FROM counters c "
            "LEFT JOIN officers o ON o.username = c.officer "
            "LEFT JOIN tickets t ON t.id = c.current_ticket "
            "WHERE c.active = 1 ORDER BY c.position, c.name"):
        since_text = started if t_status == "serving" else called
        since = ((now - datetime.fromisoformat(since_text)).total_seconds() / 60
                 if since_text else None)
        counters.append(LiveCounter(name, label, status, reason, officer, full_name, code, svc,
                                    t_status, None if since is None else max(0.0, since),
                                    served.get(name, 0)))
    return LiveSnapshot(now, day, services, counters, report.total)

