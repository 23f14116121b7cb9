"""The periodic release of booking no-shows that `antrean serve` and `antrean start` run beside
the daily backup: a daemon thread that calls `release_bookings()` every minute, so the counts and
the staff list are current even when nobody reads. Correctness does not depend on it: every rule
works from the times, and reads release lazily."""
from __future__ import annotations

import logging
import threading
from pathlib import Path

from shared.clock import Clock

log = logging.getLogger(__name__)

EVERY_S = 60.0


class ReleaseScheduler:
    """`start()` a daemon thread; `run_once()` is one pass (tests call it directly)."""

    def __init__(self, db_path: str | Path, clock: Clock | None = None, every_s: float = EVERY_S):
        self.db_path, self.clock, self.every_s = Path(db_path), clock, every_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> "ReleaseScheduler":
        self._thread = threading.Thread(target=self._run, name="antrean-release", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

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

    def _run(self) -> None:
        while not self._stop.wait(self.every_s):
            try:
                self.run_once()
            except Exception:   # noqa: BLE001 — logged; the next pass retries
                log.exception("releasing booking no-shows failed")
