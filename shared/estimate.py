"""Estimated wait for a ticket.

    wait = people_ahead × average_service_minutes ÷ open_counters

- people_ahead: tickets that will be called first (see QueueService.people_ahead);
- average_service_minutes: the mean service time (start → finish) of the last 20 tickets of that
  service finished in the last 7 days; the service's target service time when there are fewer than 3;
- open_counters: counters serving that service that are open now (not paused, not closed;
  priority-only counters count only for priority tickets); when none is open, all counters
  configured for the service, at least 1.
"""
from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

from shared.clock import to_iso
from shared.config import OfficeConfig

RECENT = 20
MIN_HISTORY = 3
HISTORY_DAYS = 7


def average_service_minutes(conn: sqlite3.Connection, config: OfficeConfig, service: str,
                            now: datetime) -> float:
    rows = conn.execute(
        "SELECT ROUND((julianday(ended_at) - julianday(started_at)) * 86400, 3) / 60.0 FROM segments "
        "WHERE service = ? AND outcome = 'done' AND started_at IS NOT NULL AND ended_at >= ? "
        "ORDER BY ended_at DESC LIMIT ?",
        (service, to_iso(now - timedelta(days=HISTORY_DAYS)), RECENT)).fetchall()
    if len(rows) < MIN_HISTORY:
        return config.service(service).target_service_min
    return sum(r[0] for r in rows) / len(rows)


def serving_counters(conn: sqlite3.Connection, config: OfficeConfig, service: str,
                     priority: bool) -> int:
    candidates = [c for c in config.counters
                  if service in c.services and (priority or not c.priority_only)]
    if not candidates:
        return 1
    names = [c.name for c in candidates]
    marks = ",".join("?" * len(names))
    open_now = conn.execute(
        f"SELECT COUNT(*) FROM counters WHERE status = 'open' AND active = 1 AND name IN ({marks})",
        names).fetchone()[0]
    return open_now or len(candidates)


def estimate_wait_minutes(conn: sqlite3.Connection, config: OfficeConfig, service: str,
                          people_ahead: int, priority: bool, now: datetime) -> float:
    if people_ahead <= 0:
        return 0.0
    avg = average_service_minutes(conn, config, service, now)
    return people_ahead * avg / serving_counters(conn, config, service, priority)
