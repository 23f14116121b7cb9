"""The periodic release of booking no-shows that `antrean serve` and `antrean start` run beside
the daily backup: a daemon thread that calls `release_bookings()` every minute, so the counts and
the staff list are current even when nobody reads. Correctness does not depend on it: every rule
works from the times, and reads release lazily."""
from __future__ import annotations

import logging
from pathlib import Path

from shared.clock import Clock
from shared.store.scheduler import PeriodicJob

log = logging.getLogger(__name__)

EVERY_S = 60.0


class ReleaseScheduler(PeriodicJob):
    """`start()` a daemon thread; `run_once()` is one pass (tests call it directly)."""

    thread_name = "antrean-release"
    failure = "releasing booking no-shows failed"
    tick_at_start = False

    def __init__(self, db_path: str | Path, clock: Clock | None = None, every_s: float = EVERY_S):
        super().__init__(every_s)
        self.db_path, self.clock = Path(db_path), clock

    def tick(self) -> int:
        return self.run_once()

    def run_once(self) -> int:
        from shared.store.service import SqliteQueueService
        svc = SqliteQueueService(self.db_path, self.clock)
        try:
            released = svc.release_bookings()
        finally:
            svc.close()
        if released:
            log.info("released %d booking(s) nobody checked in", released)
        return released
