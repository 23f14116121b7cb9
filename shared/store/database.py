"""The SQLite store: where the file lives, how a connection is opened, how a write is wrapped.

Every connection: WAL, foreign keys on, a busy timeout, autocommit mode so that each write opens
its own `BEGIN IMMEDIATE` (two processes never read the same "next" row).
"""
from __future__ import annotations

import logging
import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path

import platformdirs

log = logging.getLogger(__name__)

DB_ENV = "ANTREAN_DB"
BUSY_TIMEOUT_MS = 10_000
# a 16 MB WAL between checkpoints: hot index pages are copied back once, not every ~70 tickets
WAL_AUTOCHECKPOINT_PAGES = 4000


def default_db_path() -> Path:
    """`$ANTREAN_DB`, else antrean.db in the user data directory (platformdirs)."""
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir("antrean", appauthor=False)) / "antrean.db"


def connect(path: str | Path) -> sqlite3.Connection:
    """One connection with the store's pragmas. Connections belong to the thread that opened them."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    except (OSError, sqlite3.DatabaseError) as exc:
        from shared.domain import AntreanError
        raise AntreanError(f"Basis data {path} tidak bisa dibuka: {exc}",
                           f"Cannot open the database {path}: {exc}") from None
    if mode.lower() != "wal":
        log.warning("SQLite journal mode is %s, not WAL (%s)", mode, path)
    # NORMAL is durable across application crashes in WAL mode; a power cut may lose the last
    # commits but never corrupts the file.
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_AUTOCHECKPOINT_PAGES}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


@contextmanager
def write_transaction(conn: sqlite3.Connection):
    """BEGIN IMMEDIATE … COMMIT, rolled back on any exception."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")
