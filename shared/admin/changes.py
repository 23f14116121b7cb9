"""Applying an admin's change to the office config: one `BEGIN IMMEDIATE` that reads the stored
config, edits it as the TOML's data, checks it with the config loader (`parse_config`) and the
refusals of `antrean init` (`store_config`), stores it the way init does (`config_version`, so
every running process picks it up) and records who changed what, before → after, as a
`config_changed` event. Anything refused rolls back: nothing is half-applied.
"""
from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable

from shared import pins as pin_hashing
from shared.admin.labels import InvalidChange, explain
from shared.admin.live import CONFIG_EVENT
from shared.clock import Clock, SystemClock, to_iso
from shared.config import OfficeConfig, parse_config
from shared.domain import AntreanError, ConfigError, NotFound
from shared.store.database import connect, write_transaction
from shared.store.setup import store_config

SOURCE = "(admin)"
# actors that are not an officer: the command line (trusted like `antrean init`) and the wizard
SYSTEM_ACTORS = ("cli", "wizard")
# lists of tables and the key that names an item in the event's before → after
ITEM_KEYS = {"services": "code", "counters": "name", "officers": "username",
             "holidays": "date", "overrides": "name"}


@dataclass(frozen=True)
class Edit:
    """One admin action: what it is about (area, action, target) and how it edits the data."""
    area: str
    action: str
    target: str
    apply: Callable[[dict], None]
    pins: dict[str, str] = field(default_factory=dict)   # username → new PIN (never stored)


@dataclass(frozen=True)
class ChangeResult:
    changed: bool
    version: str
    event_seq: int | None
    changes: list[dict]
    config: OfficeConfig


class OfficeAdmin:
    """The office's settings as an admin edits them, on the database at `path`."""

    def __init__(self, path: str | Path, clock: Clock | None = None):
        self.path = Path(path)
        self.clock = clock or SystemClock()

    # --- reading ------------------------------------------------------------------------------
    def raw(self) -> dict:
        """The stored config as the TOML's data (a fresh copy to edit)."""
        conn = connect(self.path)
        try:
            return _stored_raw(conn)
        finally:
            conn.close()

    def config(self) -> OfficeConfig:
        return parse_config(self.raw(), SOURCE)

    def officers(self) -> list[dict]:
        """Every officer the database knows, also those no longer in the config (inactive)."""
        conn = connect(self.path)
        try:
            rows = conn.execute(
                "SELECT o.username, o.full_name, o.role, o.active, o.pin_hash IS NOT NULL, "
                "c.label FROM officers o LEFT JOIN counters c ON c.officer = o.username "
                "AND c.status != 'closed' ORDER BY o.active DESC, o.username").fetchall()
        finally:
            conn.close()
        return [{"username": r[0], "full_name": r[1], "role": r[2], "active": bool(r[3]),
                 "pin_set": bool(r[4]), "at_counter": r[5]} for r in rows]

    def preview(self, edit: Edit) -> OfficeConfig:
        """The config as it would be after `edit`, checked; nothing is saved (print tests)."""
        raw = self.raw()
        edit.apply(raw)
        return check_raw(raw)

    # --- writing ------------------------------------------------------------------------------
    def apply(self, actor: str, edit: Edit) -> ChangeResult:
        """Check and save one change; raises InvalidChange (or the store's refusal) unchanged."""
        hashes = {user: pin_hashing.hash_pin(pin) for user, pin in edit.pins.items()}  # slow:
        # scrypt runs before the write lock is taken
        now = self.clock.now()
        conn = connect(self.path)
        try:
            with write_transaction(conn):
                _require_admin(conn, actor)
                before = _stored_raw(conn)
                after = copy.deepcopy(before)
                edit.apply(after)
                config = check_raw(after)
                _refuse_stranding_officers(conn, before, after)
                _refuse_stranding_tickets(conn, config, now)
                try:
                    version, changed = store_config(conn, config, now)
                except ConfigError as exc:
                    raise explain(exc, after) from None
                for user, digest in hashes.items():
                    conn.execute("UPDATE officers SET pin_hash = ?, failed_attempts = 0, "
                                 "locked_until = NULL WHERE username = ?", (digest, user))
                changes = diff(before, after)
                seq = None
                if changed or hashes:
                    detail = {"area": edit.area, "action": edit.action, "target": edit.target,
                              "changes": changes, "version": version}
                    if hashes:
                        detail["pin_set"] = sorted(hashes)
                    seq = _event(conn, now, CONFIG_EVENT, actor, detail)
        finally:
            conn.close()
        return ChangeResult(changed or bool(hashes), version, seq, changes, config)

    def replace(self, actor: str, raw: dict, source: str) -> ChangeResult:
        """`antrean config import`: the whole config at once, checked and recorded the same way."""
        def put(data: dict) -> None:
            data.clear()
            data.update(copy.deepcopy(raw))
        return self.apply(actor, Edit("config", "import", source, put))

    def reset_pin(self, actor: str, username: str, pin: str) -> int:
        """A new PIN for an officer (and the lockout lifted); the event names who did it."""
        digest = pin_hashing.hash_pin(pin)
        now = self.clock.now()
        user = username.strip().lower()
        conn = connect(self.path)
        try:
            with write_transaction(conn):
                _require_admin(conn, actor)
                if conn.execute("UPDATE officers SET pin_hash = ?, failed_attempts = 0, "
                                "locked_until = NULL WHERE username = ?",
                                (digest, user)).rowcount != 1:
                    raise NotFound(f"Petugas {username!r} tidak dikenal",
                                   f"Unknown officer {username!r}")
                return _event(conn, now, "pin_reset", actor,
                              {"area": "officers", "action": "reset_pin", "target": user})
        finally:
            conn.close()


def _stored_raw(conn) -> dict:
    row = conn.execute("SELECT value FROM settings WHERE key = 'config'").fetchone()
    if row is None:
        raise AntreanError("Basis data belum berisi konfigurasi kantor: jalankan 'antrean init'",
                           "The database has no office config yet: run 'antrean init'")
    return json.loads(row[0])


def check_raw(raw: dict) -> OfficeConfig:
    """Check config data with the loader; a problem is an InvalidChange naming the field."""
    try:
        return parse_config(raw, SOURCE)
    except ConfigError as exc:
        raise explain(exc, raw) from None


def _event(conn, now: datetime, type_: str, actor: str, detail: dict) -> int:
    return conn.execute("INSERT INTO events (at, type, officer, detail) VALUES (?, ?, ?, ?)",
                        (to_iso(now), type_, actor,
                         json.dumps(detail, ensure_ascii=False, default=str))).lastrowid


def _require_admin(conn, actor: str) -> None:
    """Only an active admin changes the office (the command line is trusted like `init`)."""
    if actor.split(":", 1)[0] in SYSTEM_ACTORS:
        return
    row = conn.execute("SELECT role, active FROM officers WHERE username = ?",
                       (actor,)).fetchone()
    if row is None or row[0] != "admin" or not row[1]:
        raise AntreanError(f"Hanya admin yang dapat mengubah pengaturan kantor ({actor} bukan "
                           "admin aktif)", f"Only an admin may change the office settings "
                           f"({actor} is not an active admin)", reason="not_admin")


def _refuse_stranding_officers(conn, before: dict, after: dict) -> None:
    """An officer serving at an open counter is not disabled under their own hands, and an
    office that had an admin keeps one (nobody could change anything otherwise)."""
    kept = {o.get("username", "").lower(): o for o in after.get("officers", [])}
    for o in before.get("officers", []):
        user = o.get("username", "").lower()
        if user in kept:
            continue
        at = conn.execute("SELECT label FROM counters WHERE officer = ? AND status != 'closed' "
                          "AND active = 1", (user,)).fetchone()
        if at:
            raise InvalidChange(
                f"Petugas {user} sedang bertugas di {at[0]}: minta ia keluar (logout) atau tutup "
                "loketnya dulu", f"Officer {user} is signed in at {at[0]}: sign out or close "
                "the counter first", "officers", "Petugas")
    had_admin = any(o.get("role") == "admin" for o in before.get("officers", []))
    if had_admin and not any(o.get("role") == "admin" for o in kept.values()):
        raise InvalidChange("Paling sedikit satu petugas harus tetap berperan admin",
                            "At least one officer must stay an admin", "officers", "Petugas")


def _refuse_stranding_tickets(conn, config: OfficeConfig, now: datetime) -> None:
    """Today's waiting tickets must stay callable: their service active and served by a counter
    (an inactive or unserved service is never called, so they would wait in vain)."""
    today = now.astimezone(config.tz).date().isoformat()
    for code, waiting, regular in conn.execute(
            "SELECT service, COUNT(*), SUM(is_priority = 0) FROM tickets WHERE status = 'waiting' "
            "AND business_day = ? GROUP BY service", (today,)):
        svc = config.service(code)
        name = svc.name if svc else code
        serving = [c for c in config.counters if code in c.services]
        if svc is None or not svc.active:
            why_id, why_en = "dinonaktifkan", "made inactive"
        elif not serving or (regular and all(c.priority_only for c in serving)):
            # a priority counter calls only priority tickets: the others need an ordinary one
            why_id, why_en = "tidak dilayani loket mana pun lagi", "left without a counter"
        else:
            continue
        raise InvalidChange(
            f"Layanan {name} masih punya {waiting} nomor menunggu hari ini dan akan {why_id}: "
            "layani, alihkan atau batalkan nomor itu dulu", f"Service {name} still has {waiting} "
            f"waiting tickets today and would be {why_en}: serve, transfer or cancel them first",
            "services", "Layanan")


# --- before → after ---------------------------------------------------------------------------
def flatten(raw: dict) -> dict[str, object]:
    """Every setting under one readable key: `services[kk].daily_quota`, `hours.jumat`."""
    out: dict[str, object] = {}
    for table, value in raw.items():
        if isinstance(value, dict):
            for k, v in value.items():
                out[f"{table}.{k}"] = v
        elif isinstance(value, list) and table in ITEM_KEYS:
            for i, item in enumerate(value):
                if not isinstance(item, dict):
                    out[f"{table}[{item}]"] = True
                    continue
                name = item.get(ITEM_KEYS[table], item.get("prefix", i))
                for k, v in item.items():
                    out[f"{table}[{name}].{k}"] = v
        else:
            out[table] = value
    return out


def diff(before: dict, after: dict) -> list[dict]:
    """The settings that differ, each with its value before and after (None: absent)."""
    a, b = flatten(before), flatten(after)
    keys = list(a) + [k for k in b if k not in a]
    return [{"key": k, "before": a.get(k), "after": b.get(k)} for k in keys
            if _plain(a.get(k)) != _plain(b.get(k))]


def _plain(value):
    return json.loads(json.dumps(value, default=str))
