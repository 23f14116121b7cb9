"""`antrean init`: create or migrate the database and load the office configuration into it.

Running it again applies changes and keeps every ticket and all history: services, counters and
officers that left the config are marked inactive, never deleted; PINs are kept.
"""
from __future__ import annotations

import hashlib
import json
import logging
from datetime import datetime, timezone
from pathlib import Path

from shared.clock import to_iso
from shared.config import OfficeConfig
from shared.domain import ConfigError
from shared.store.database import connect, write_transaction
from shared.store.migrations import migrate

log = logging.getLogger(__name__)


def init_database(path: str | Path, config: OfficeConfig, now: datetime | None = None) -> dict:
    """Migrate and load `config`. Returns a summary of what changed."""
    conn = connect(path)
    try:
        applied = migrate(conn)
        summary = apply_config(conn, config, now or datetime.now(timezone.utc))
        summary["migrations"] = applied
        return summary
    finally:
        conn.close()


def apply_config(conn, config: OfficeConfig, now: datetime) -> dict:
    at = to_iso(now)
    with write_transaction(conn):
        version, changed = store_config(conn, config, now)
        if changed:
            conn.execute("INSERT INTO events (at, type, detail) VALUES (?, 'config_loaded', ?)",
                         (at, json.dumps({"version": version, "office": config.name})))
    counts = {t: conn.execute(f"SELECT COUNT(*) FROM {t}{where}").fetchone()[0]
              for t, where in (("services", " WHERE active = 1"), ("counters", " WHERE active = 1"),
                               ("officers", " WHERE active = 1"), ("tickets", ""), ("events", ""))}
    return {"config_version": version, "changed": changed, **counts}


def store_config(conn, config: OfficeConfig, now: datetime) -> tuple[str, bool]:
    """Inside the caller's write transaction: refuse a config that strands today's work, write
    its rows and the stored copy every process reads. Returns (version, changed); the caller
    writes the event (`config_loaded` for init, `config_changed` for an admin's edit)."""
    text = config.to_json()
    version = hashlib.sha256(text.encode()).hexdigest()[:16]
    today = now.astimezone(config.tz).date().isoformat()
    _check_safe_to_apply(conn, config, today)
    old = conn.execute("SELECT value FROM settings WHERE key = 'config_version'").fetchone()
    conn.execute("UPDATE services SET active = 0")
    for pos, s in enumerate(config.services):
        clash = conn.execute("SELECT code FROM services WHERE prefix = ? AND code != ?",
                             (s.prefix, s.code)).fetchone()
        if clash:  # a prefix moved to another service: free it on the old (now inactive) one
            conn.execute("UPDATE services SET prefix = ? WHERE code = ?",
                         (f"~{clash[0]}", clash[0]))
        conn.execute(
            "INSERT INTO services (code, prefix, name, name_en, target_wait_min, "
            "target_service_min, daily_quota, active, position) VALUES (?,?,?,?,?,?,?,?,?) "
            "ON CONFLICT (code) DO UPDATE SET prefix = excluded.prefix, name = excluded.name, "
            "name_en = excluded.name_en, target_wait_min = excluded.target_wait_min, "
            "target_service_min = excluded.target_service_min, "
            "daily_quota = excluded.daily_quota, active = excluded.active, "
            "position = excluded.position",
            (s.code, s.prefix, s.name, s.name_en, s.target_wait_min, s.target_service_min,
             s.daily_quota, int(s.active), pos))
    conn.execute("UPDATE officers SET active = 0")
    for o in config.officers:
        conn.execute(
            "INSERT INTO officers (username, full_name, role, active) VALUES (?, ?, ?, 1) "
            "ON CONFLICT (username) DO UPDATE SET full_name = excluded.full_name, "
            "role = excluded.role, active = 1", (o.username, o.full_name, o.role))
    conn.execute("UPDATE counters SET active = 0")
    conn.execute("DELETE FROM counter_services")
    for pos, c in enumerate(config.counters):
        conn.execute(
            "INSERT INTO counters (name, label, priority_only, active, position) "
            "VALUES (?, ?, ?, 1, ?) ON CONFLICT (name) DO UPDATE SET label = excluded.label, "
            "priority_only = excluded.priority_only, active = 1, position = excluded.position",
            (c.name, c.label, int(c.priority_only), pos))
        conn.executemany("INSERT INTO counter_services (counter, service) VALUES (?, ?)",
                         [(c.name, s) for s in c.services])
    # a counter that left the config is closed (its ticket, if any, stays recorded)
    conn.execute("UPDATE counters SET status = 'closed', officer = NULL WHERE active = 0")
    conn.execute("INSERT INTO settings (key, value) VALUES ('config', ?) "
                 "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (text,))
    conn.execute("INSERT INTO settings (key, value) VALUES ('config_version', ?) "
                 "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (version,))
    return version, old is None or old[0] != version


def _check_safe_to_apply(conn, config: OfficeConfig, today: str) -> None:
    """Refuse a config that would strand today's work: a prefix moved to another service while
    today's numbers of the old one exist (codes would clash), or a counter removed while it holds
    a ticket (nobody could finish it)."""
    for i, s in enumerate(config.services):
        used = conn.execute(
            "SELECT t.service, COUNT(*) FROM tickets t JOIN services v ON v.code = t.issued_service "
            "WHERE v.prefix = ? AND v.code != ? AND t.business_day = ? GROUP BY t.service",
            (s.prefix, s.code, today)).fetchone()
        if used:
            raise ConfigError(config.source, f"services[{i}].prefix",
                              f"prefix {s.prefix!r} already numbered {used[1]} tickets of service "
                              f"{used[0]!r} today; move it to {s.code!r} after midnight")
    keep = {c.name.lower() for c in config.counters}
    for name, label, code in conn.execute(
            "SELECT c.name, c.label, t.code FROM counters c JOIN tickets t ON t.id = c.current_ticket "
            "WHERE c.active = 1"):
        if name.lower() not in keep:
            raise ConfigError(config.source, "counters",
                              f"{label} was removed but still holds ticket {code}: finish, "
                              f"transfer or mark it no-show first")
