"""The daily backup that `antrean serve` and `antrean start` run: a background thread that looks
every few minutes whether a backup is due (`shared.store.backup.due`) and makes one."""
from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta
from pathlib import Path

from shared.clock import Clock, SystemClock, to_iso
from shared.domain import AntreanError
from shared.store import backup
from shared.store.database import connect, write_transaction

log = logging.getLogger(__name__)

CHECK_EVERY_S = 300.0
# a backup another process started this recently is left to it (serve and start on one file)
CLAIM_FOR = timedelta(minutes=30)


class PeriodicJob:
    """A daemon thread that calls `tick()` every `every_s` seconds until `stop()`; a failed tick is
    logged and the next one retries. `start()` returns the job."""

    thread_name = "antrean-job"
    failure = "periodic job failed"
    tick_at_start = True           # False: the first tick comes after one interval

    def __init__(self, every_s: float):
        self.every_s = every_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def tick(self) -> object:
        raise NotImplementedError

    def start(self):
        self._thread = threading.Thread(target=self._run, name=self.thread_name, daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        if not self.tick_at_start and self._stop.wait(self.every_s):
            return
        while not self._stop.is_set():
            try:
                self.tick()
            except Exception:   # noqa: BLE001 — logged; the next tick retries
                log.exception(self.failure)
            self._stop.wait(self.every_s)


class BackupScheduler(PeriodicJob):
    """`start()` a daemon thread; `run_pending()` is one look (tests call it directly)."""

    thread_name = "antrean-backup"
    failure = "daily backup check failed"

    def __init__(self, db_path: str | Path, clock: Clock | None = None,
                 check_every_s: float = CHECK_EVERY_S, actor: str = "jadwal"):
        super().__init__(check_every_s)
        self.db_path = Path(db_path)
        self.clock = clock or SystemClock()
        self.actor = actor

    def tick(self) -> backup.BackupInfo | None:
        return self.run_pending()

    def run_pending(self) -> backup.BackupInfo | None:
        """Make a backup when one is due and no other process has just begun one."""
        now = self.clock.now()
        if not self._claim(now):
            return None
        try:
            info = backup.backup_now(self.db_path, actor=self.actor, now=now)
        except AntreanError as exc:
            log.error("daily backup failed: %s", exc.message_en)
            return None
        log.info("daily backup: %s (%d tickets)", info.path, info.tickets)
        return info

    def _claim(self, now: datetime) -> bool:
        conn = connect(self.db_path)
        try:
            with write_transaction(conn):
                settings, last = backup.read_settings(conn), backup.last_backup(conn)
                if not backup.due(settings, last, now, backup.office_zone(conn)):
                    return False
                claim = conn.execute("SELECT value FROM settings WHERE key = 'backup_claim'"
                                     ).fetchone()
                if claim and now - datetime.fromisoformat(claim[0]) < CLAIM_FOR and \
                        (last is None or claim[0] > last.made_at):
                    return False
                conn.execute("INSERT INTO settings (key, value) VALUES ('backup_claim', ?) ON "
                             "CONFLICT (key) DO UPDATE SET value = excluded.value", (to_iso(now),))
                conn.execute("INSERT INTO events (at, type, officer, detail) VALUES (?, "
                             "'backup_started', ?, '{}')", (to_iso(now), self.actor))
                return True
        finally:
            conn.close()
