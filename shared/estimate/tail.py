"""Following the event log: how many tickets wait in each queue, and what each counter has done
today — kept up to date from the new events, so an estimate costs the same at 10 waiting as at
10 000 (a full count reads every waiting ticket: about half a millisecond per 10 000).

The counts are exact: every change of a waiting ticket is an event (issued, called, cancelled,
transferred, reactivated); a ticket that leaves the 12-hour calling window silently, an event of
a kind this module does not know, or a large backlog makes it count again.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta

from shared.clock import to_iso
from shared.store.base import QUEUE_HOURS, QUEUE_KEY_SCALE

Bucket = tuple[str, int]                 # (service, is_priority)
BACKLOG = 200                            # more new events than this: count again
RECOUNT_EVERY = timedelta(minutes=15)    # and now and then anyway
COUNTER_TYPES = ("counter_opened", "counter_closed", "paused", "resumed", "called")
QUIET = frozenset({
    "started", "finished", "no_show", "recalled", "counter_opened", "counter_closed", "paused",
    "resumed", "login", "login_failed", "pin_set", "printer_fault", "reprinted",
    "survey_submitted", "complaint_filed", "complaint_updated", "device_added", "device_revoked",
    "backup_started", "backup_made", "backup_failed"})


def window_key(when: datetime) -> int:
    """The smallest queue_key still callable at `when` (as `StoreBase._window`)."""
    return int((when.timestamp() - QUEUE_HOURS * 3600) * 1_000_000) * QUEUE_KEY_SCALE


def key_expiry(key: int) -> datetime:
    """When a ticket with this queue_key leaves the calling window."""
    from datetime import timezone
    return datetime.fromtimestamp(key / QUEUE_KEY_SCALE / 1_000_000 + QUEUE_HOURS * 3600,
                                  timezone.utc)


def first_seq_from(conn: sqlite3.Connection, when: datetime) -> int:
    """The first event at or after `when` (events are appended in time order): a binary search
    on the primary key, since `events.at` has no index."""
    lo, hi = conn.execute("SELECT COALESCE(MIN(seq), 1), COALESCE(MAX(seq), 0) FROM events"
                          ).fetchone()
    stamp = to_iso(when)
    hi += 1
    while lo < hi:
        mid = (lo + hi) // 2
        row = conn.execute("SELECT seq, at FROM events WHERE seq >= ? ORDER BY seq LIMIT 1",
                           (mid,)).fetchone()
        if row is None or row[1] >= stamp:
            hi = mid
        else:
            lo = row[0] + 1
    return lo


def _detail(text: str | None) -> dict:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


@dataclass
class CounterDay:
    """One counter's day so far, from the event log."""

    first_open: datetime | None = None
    paused_at: datetime | None = None
    closed_at: datetime | None = None


class QueueTail:
    """Waiting counts per (service, priority) in the calling window, and today per counter."""

    def __init__(self):
        self.seq = -1
        self.counts: dict[Bucket, int] = {}
        self.expires: datetime | None = None
        self.counted_at: datetime | None = None
        self.day_start: datetime | None = None
        self.counters: dict[str, CounterDay] = {}

    def total(self, bucket: Bucket) -> int:
        return self.counts.get(bucket, 0)

    def sync(self, conn: sqlite3.Connection, now: datetime, day_start: datetime) -> None:
        """Catch up with the log; count again when needed."""
        if self.day_start != day_start or self.seq < 0:
            self._recount(conn, now)
            self._replay_day(conn, day_start)
            return
        rows = conn.execute(
            "SELECT seq, at, type, ticket_id, service, counter, detail FROM events WHERE seq > ? "
            "ORDER BY seq LIMIT ?", (self.seq, BACKLOG + 1)).fetchall()
        if len(rows) > BACKLOG or self._stale(conn, now):
            self._recount(conn, now)
            self._replay_day(conn, day_start)
            return
        for row in rows:
            if not self._apply(conn, row):
                self._recount(conn, now)
                self._replay_day(conn, day_start)
                return
            self.seq = row[0]

    def _stale(self, conn, now: datetime) -> bool:
        if self.expires is not None and now >= self.expires:
            return True
        if self.counted_at is None or now - self.counted_at > RECOUNT_EVERY or now < self.counted_at:
            return True
        # a restored backup starts another log: the last event we saw is no longer there
        return conn.execute("SELECT 1 FROM events WHERE seq = ?", (self.seq,)).fetchone() is None \
            and self.seq > 0

    def _recount(self, conn, now: datetime) -> None:
        self.seq = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM events").fetchone()[0]
        self.counts, oldest = {}, None
        for service, prio, n, first in conn.execute(
                "SELECT service, is_priority, COUNT(*), MIN(queue_key) FROM tickets "
                "WHERE status = 'waiting' AND queue_key >= ? GROUP BY service, is_priority",
                (window_key(now),)):
            self.counts[(service, prio)] = n
            oldest = first if oldest is None else min(oldest, first)
        self.expires = key_expiry(oldest) if oldest is not None else None
        self.counted_at = now

    def _replay_day(self, conn, day_start: datetime) -> None:
        self.day_start = day_start
        self.counters = {}
        marks = ",".join("?" * len(COUNTER_TYPES))
        for at, type_, counter, detail in conn.execute(
                f"SELECT at, type, counter, detail FROM events WHERE seq >= ? AND seq <= ? "
                f"AND type IN ({marks}) ORDER BY seq",
                (first_seq_from(conn, day_start), self.seq, *COUNTER_TYPES)):
            self._counter_event(type_, counter, datetime.fromisoformat(at), detail)

    def _counter_event(self, type_: str, counter: str | None, at: datetime, detail: str) -> None:
        if not counter:
            return
        day = self.counters.setdefault(counter, CounterDay())
        if type_ == "counter_opened" or (type_ == "called" and _detail(detail).get("opened")):
            if day.first_open is None:
                day.first_open = at
            day.closed_at = None
        elif type_ == "called" and day.first_open is None:
            day.first_open = at          # open since before today's first event
        elif type_ == "counter_closed":
            day.closed_at, day.paused_at = at, None
        elif type_ == "paused":
            day.paused_at = at
        elif type_ == "resumed":
            day.paused_at = None

    def _lookup(self, conn, ticket_id) -> tuple[int, int] | None:
        return conn.execute("SELECT is_priority, queue_key FROM tickets WHERE id = ?",
                            (ticket_id,)).fetchone()

    def _add(self, bucket: Bucket, n: int) -> None:
        self.counts[bucket] = self.counts.get(bucket, 0) + n

    def _apply(self, conn, row) -> bool:
        """One new event; False when only a full count can tell what it changed."""
        _seq, at_text, type_, ticket_id, service, counter, detail = row
        at = datetime.fromisoformat(at_text)
        if type_ in COUNTER_TYPES:
            self._counter_event(type_, counter, at, detail)
        if type_ == "issued":
            self._add((service, 1 if _detail(detail).get("priority") else 0), 1)
            return True
        if type_ in ("called", "cancelled", "transferred", "reactivated"):
            found = self._lookup(conn, ticket_id)
            if found is None:
                return False
            prio, key = found
            if type_ == "called":
                if _detail(detail).get("from") == "no_show" or key < window_key(at):
                    return True
                self._add((service, prio), -1)
            elif type_ == "cancelled":
                if key >= window_key(at):
                    self._add((service, prio), -1)
            else:
                target = _detail(detail).get("to", service) if type_ == "transferred" else service
                if key >= window_key(at):
                    self._add((target, prio), 1)
                    expiry = key_expiry(key)
                    self.expires = expiry if self.expires is None else min(self.expires, expiry)
            return True
        # any other kind (a bulk import by `antrean simulate`, a restored backup, a kind added
        # later) may have changed tickets behind the log's back: count again
        return type_ in QUIET
