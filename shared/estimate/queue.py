"""Who is before a ticket at the counters that can call it, under the office's priority policy —
counted in tickets of its own service (a ticket of a slower service on a shared counter counts
for more than one).

The calling order is `shared.store.calling._pick_next`: per counter, by issue time across the
services it serves, with priority tickets first (strict), at most N priority calls in a row
(interleave), or only at priority counters plus by issue time at ordinary ones (dedicated).
A waiting ticket of another service on a shared counter, or of the other class, is before this
one only for the share of its counters that can also call this one.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from shared.estimate.tail import Bucket, QueueTail

DIRECT_BELOW = 64   # small queues: count the tickets before directly


@dataclass(frozen=True)
class Place:
    """A ticket's place in the calling order."""

    service: str
    priority: bool
    key: int          # queue_key
    ticket_id: int


def _count(conn, bucket: Bucket, where: str, params: tuple, limit: int | None = None) -> int:
    sql = ("SELECT 1 FROM tickets WHERE status = 'waiting' AND service = ? AND is_priority = ? "
           f"AND {where}")
    if limit is None:
        return conn.execute(f"SELECT COUNT(*) FROM ({sql})", (*bucket, *params)).fetchone()[0]
    return conn.execute(f"SELECT COUNT(*) FROM ({sql} LIMIT ?)", (*bucket, *params, limit)
                        ).fetchone()[0]


def before(conn: sqlite3.Connection, tail: QueueTail, bucket: Bucket, place: Place,
           window: int) -> int:
    """Waiting tickets of `bucket` earlier in the queue than `place`: counted from whichever end
    of the queue is nearer, so a ticket just issued costs a few rows at any queue length."""
    total = tail.total(bucket)
    mine = bucket == (place.service, int(place.priority))
    if total > DIRECT_BELOW:
        half = total // 2
        # the range bound first, so the index seeks straight to the ticket's place
        after = _count(conn, bucket, "queue_key >= ? AND (queue_key > ? OR id > ?)",
                       (place.key, place.key, place.ticket_id), half + 1)
        if after <= half:
            return max(0, total - after - (1 if mine else 0))
    return _count(conn, bucket, "queue_key >= ? AND queue_key <= ? AND (queue_key < ? OR id < ?)",
                  (window, place.key, place.key, place.ticket_id))


@dataclass(frozen=True)
class Ahead:
    people: int             # what the slip says: QueueService.people_ahead
    work: float             # tickets of this service's length the counters must call first
    overtake_services: tuple[str, ...] = ()   # whose priority arrivals will still pass


def work_ahead(conn: sqlite3.Connection, tail: QueueTail, config, place: Place, window: int,
               callers: dict[Bucket, set[str]], eligible: set[str], present: set[str],
               mean_of, streak: float = 0.0) -> Ahead:
    """The tickets before `place` at the counters `eligible` to call it (`present`: those
    expected today; `callers[bucket]`: the counters that may call a bucket; `mean_of(service)`:
    minutes per ticket; `streak`: priority calls in a row the ordinary counters have made)."""
    policy, n_row = config.priority.policy, max(1, config.priority.max_in_a_row)
    mine = (place.service, int(place.priority))
    own_mean = mean_of(place.service)

    def share(bucket: Bucket) -> float:
        who = callers.get(bucket, set())
        if not who:
            return 0.0
        here = who & present or who
        return len(here & eligible) / len(here)

    same_work = 0.0
    same_own = before(conn, tail, mine, place, window)
    other = {}
    overtake = []
    for bucket in callers:
        s = share(bucket)
        if s <= 0:
            continue
        weight = s * mean_of(bucket[0]) / own_mean
        if bucket[1] == mine[1]:
            n = same_own if bucket == mine else before(conn, tail, bucket, place, window)
            same_work += n * weight
        elif policy == "dedicated":
            other[bucket] = before(conn, tail, bucket, place, window) * weight
        else:
            other[bucket] = tail.total(bucket) * weight
            if policy == "strict" and bucket[1] == 1:
                overtake.append(bucket[0])
    other_work = sum(other.values())
    if policy == "interleave":
        # at most N priority calls in a row: before a regular ticket with R regular ones ahead
        # come N − streak priority calls, then N after each regular one; before a priority
        # ticket, one regular call each time a run of N priority ones is complete
        other_work = (min(other_work, max(0.0, n_row * (same_work + 1) - streak))
                      if not place.priority
                      else min(other_work, float(int((same_work + streak) // n_row))))
    elif policy == "strict" and place.priority:
        other_work = 0.0     # a priority ticket is called before every regular one
    prio_own = tail.total((place.service, 1)) if not place.priority else 0
    people = same_own + (prio_own if policy in ("strict", "interleave") else 0)
    return Ahead(people, same_work + other_work, tuple(overtake))
