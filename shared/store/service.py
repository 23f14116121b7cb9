"""The embedded `QueueService`: one SQLite file, any number of processes and threads.

Each write is `BEGIN IMMEDIATE` + the state change + one event row + `COMMIT`, so two counters
calling at the same instant never read the same "next" ticket. Hot paths (issue, call) use plain
parametrised SQL; sqlite-utils is used for schema, configuration and reports.
"""
from __future__ import annotations

import threading
import time as _time
from pathlib import Path

from shared.clock import Clock, SystemClock
from shared.config import OfficeConfig, config_from_json
from shared.domain import AntreanError
from shared.store.booking import BookingMixin
from shared.store.calling import CallingMixin
from shared.store.counters import CountersMixin
from shared.store.issuing import IssuingMixin
from shared.store.migrations import schema_is_current
from shared.store.officers import OfficersMixin
from shared.store.reads import ReadsMixin

CONFIG_CHECK_SECONDS = 2.0


class SqliteQueueService(IssuingMixin, CallingMixin, CountersMixin, OfficersMixin, ReadsMixin,
                         BookingMixin):
    """One concern per mixin (see their modules); the plumbing they share is `StoreBase`."""

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

    # --- configuration -------------------------------------------------------------------------
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
