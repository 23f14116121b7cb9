"""Who is asking: device tokens (kiosk, board) and officer sessions (PIN login).

Tokens are 256-bit random strings shown once; the store keeps only their SHA-256 (a slow hash
buys nothing for a random secret of that size, and a fast one keeps every request cheap).
"""
from __future__ import annotations

import hashlib
import secrets
import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from shared.clock import to_iso
from shared.domain import AntreanError, AuthError, NotFound
from shared.store.database import write_transaction

DEVICE_ROLES = ("kiosk", "board")
STAFF_ROLES = ("officer", "supervisor", "admin")
DEVICE_PREFIX = "antd_"
SESSION_PREFIX = "ants_"
LAST_SEEN_EVERY_S = 60.0


@dataclass(frozen=True)
class Principal:
    """An authenticated caller."""

    kind: str                  # device | session
    name: str                  # device name or officer username
    role: str                  # kiosk | board | officer | supervisor | admin
    counter: str | None = None  # the counter an officer's session is bound to
    token_hash: str = ""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token(prefix: str) -> str:
    return prefix + secrets.token_urlsafe(32)


class Forbidden(AntreanError):
    """Authenticated, but this role may not do that (HTTP 403)."""

    code = "forbidden"


def unauthenticated() -> AuthError:
    return AuthError("Perlu masuk: token tidak ada, salah, kedaluwarsa atau dicabut",
                     "Not signed in: the token is missing, wrong, expired or revoked")


# --- devices ------------------------------------------------------------------------------------
def add_device(conn: sqlite3.Connection, name: str, role: str, now: datetime) -> str:
    """Create a device; returns its token (shown once, stored hashed)."""
    name = name.strip()
    if role not in DEVICE_ROLES:
        raise AntreanError(f"Peran perangkat harus salah satu dari {', '.join(DEVICE_ROLES)}",
                           f"A device role must be one of {', '.join(DEVICE_ROLES)}")
    if not name or len(name) > 60:
        raise AntreanError("Nama perangkat harus 1–60 karakter",
                           "A device name must be 1–60 characters")
    token = new_token(DEVICE_PREFIX)
    at = to_iso(now)
    with write_transaction(conn):
        if conn.execute("SELECT 1 FROM devices WHERE name = ? AND revoked_at IS NULL",
                        (name,)).fetchone():
            raise AntreanError(f"Perangkat {name!r} sudah ada: cabut dulu atau pakai nama lain",
                               f"Device {name!r} exists: revoke it first or use another name")
        conn.execute("INSERT INTO devices (name, role, token_hash, created_at) VALUES (?, ?, ?, ?)",
                     (name, role, hash_token(token), at))
        conn.execute("INSERT INTO events (at, type, detail) VALUES (?, 'device_added', ?)",
                     (at, f'{{"device": {_json_str(name)}, "role": "{role}"}}'))
    return token


def list_devices(conn: sqlite3.Connection) -> list[dict]:
    rows = conn.execute("SELECT id, name, role, created_at, revoked_at, last_seen_at FROM devices "
                        "ORDER BY revoked_at IS NOT NULL, name, id").fetchall()
    return [{"id": r[0], "name": r[1], "role": r[2], "created_at": r[3], "revoked_at": r[4],
             "last_seen_at": r[5]} for r in rows]


def revoke_device(conn: sqlite3.Connection, name: str, now: datetime) -> dict:
    at = to_iso(now)
    with write_transaction(conn):
        row = conn.execute("SELECT id, role FROM devices WHERE name = ? AND revoked_at IS NULL",
                           (name,)).fetchone()
        if row is None:
            raise NotFound(f"Perangkat {name!r} tidak ada (atau sudah dicabut)",
                           f"No device {name!r} (or it was already revoked)")
        conn.execute("UPDATE devices SET revoked_at = ? WHERE id = ?", (at, row[0]))
        conn.execute("INSERT INTO events (at, type, detail) VALUES (?, 'device_revoked', ?)",
                     (at, f'{{"device": {_json_str(name)}}}'))
    return {"name": name, "role": row[1], "revoked_at": at}


def _json_str(text: str) -> str:
    import json
    return json.dumps(text, ensure_ascii=False)


# --- sessions ------------------------------------------------------------------------------------
def create_session(conn: sqlite3.Connection, username: str, now: datetime, hours: float,
                   counter: str | None = None) -> tuple[str, str]:
    """A login session for an officer; returns (token, expires_at ISO)."""
    token = new_token(SESSION_PREFIX)
    expires = to_iso(now + timedelta(hours=hours))
    with write_transaction(conn):
        conn.execute("DELETE FROM sessions WHERE expires_at < ?", (to_iso(now),))
        conn.execute("INSERT INTO sessions (token_hash, username, counter, created_at, expires_at) "
                     "VALUES (?, ?, ?, ?, ?)",
                     (hash_token(token), username.lower(), counter, to_iso(now), expires))
    return token, expires


def bind_session(conn: sqlite3.Connection, token_hash: str, counter: str) -> None:
    with write_transaction(conn):
        conn.execute("UPDATE sessions SET counter = ? WHERE token_hash = ?", (counter, token_hash))


def end_session(conn: sqlite3.Connection, token_hash: str, now: datetime) -> None:
    with write_transaction(conn):
        conn.execute("UPDATE sessions SET revoked_at = ? WHERE token_hash = ?",
                     (to_iso(now), token_hash))


class Authenticator:
    """Resolves a bearer token to a `Principal` (one indexed lookup per request)."""

    def __init__(self, write_lock=None):
        import threading
        self._seen: dict[int, float] = {}
        self._lock = write_lock or threading.RLock()

    def resolve(self, conn: sqlite3.Connection, token: str | None, now: datetime) -> Principal:
        if not token or len(token) > 200:
            raise unauthenticated()
        digest = hash_token(token)
        if token.startswith(DEVICE_PREFIX):
            row = conn.execute("SELECT id, name, role FROM devices WHERE token_hash = ? "
                               "AND revoked_at IS NULL", (digest,)).fetchone()
            if row is None:
                raise unauthenticated()
            self._touch(conn, row[0], now)
            return Principal("device", row[1], row[2], token_hash=digest)
        if token.startswith(SESSION_PREFIX):
            row = conn.execute(
                "SELECT s.username, o.role, s.counter FROM sessions s JOIN officers o "
                "ON o.username = s.username WHERE s.token_hash = ? AND s.revoked_at IS NULL "
                "AND s.expires_at > ? AND o.active = 1", (digest, to_iso(now))).fetchone()
            if row is None:
                raise unauthenticated()
            return Principal("session", row[0], row[1], row[2], token_hash=digest)
        raise unauthenticated()

    def _touch(self, conn, device_id: int, now: datetime) -> None:
        # 'last seen' for `antrean device list`, written at most once a minute per device. It runs
        # on the event loop, so it never waits: when the write lock (ours or SQLite's) is taken,
        # it is skipped and tried again on the device's next request; it is only a hint.
        mono = time.monotonic()
        if mono - self._seen.get(device_id, -LAST_SEEN_EVERY_S) < LAST_SEEN_EVERY_S:
            return
        if not self._lock.acquire(blocking=False):
            return
        try:
            wait_ms = conn.execute("PRAGMA busy_timeout").fetchone()[0]
            conn.execute("PRAGMA busy_timeout = 0")
            try:
                conn.execute("UPDATE devices SET last_seen_at = ? WHERE id = ?",
                             (to_iso(now), device_id))
                self._seen[device_id] = mono
            except sqlite3.OperationalError:  # busy
                pass
            finally:
                conn.execute(f"PRAGMA busy_timeout = {int(wait_ms)}")
        finally:
            self._lock.release()
