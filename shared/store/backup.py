"""Backups of the office database while kiosks and counters write, and restoring one.

A backup is `VACUUM INTO` a `.part` file in the chosen folder (one read transaction: a
consistent snapshot of every commit made before it began, while writers carry on in WAL), then
checked (`integrity_check`) and renamed, so a file named `antrean-cadangan-*.db` is always whole.
The newest `keep` backups stay; older ones in that folder are removed. Restoring checks the file
first (integrity, an antrean database, no migration this version does not know), keeps the
current database aside, then copies the backup into the live file with SQLite's backup API (the
other processes see the restored data at their next read), migrates it and writes a
`database_restored` event numbered after every event the screens have seen.
"""
from __future__ import annotations

import json
import logging
import os
import re
import sqlite3
from dataclasses import asdict, dataclass
from datetime import datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from shared.clock import to_iso
from shared.domain import AntreanError
from shared.store.database import connect, write_transaction
from shared.store.migrations import migrate, migrations

log = logging.getLogger(__name__)

PREFIX = "antrean-cadangan-"
_NAME_RE = re.compile(rf"^{PREFIX}\d{{8}}-\d{{6}}(-\d+)?\.db$")
STALE_AFTER = timedelta(days=1)


class BackupError(AntreanError):
    code = "backup"


class RestoreRefused(AntreanError):
    """The file is not restored: it fails the integrity check, is no antrean database, or comes
    from a newer version of antrean."""

    code = "restore_refused"


@dataclass(frozen=True)
class BackupSettings:
    folder: str = ""          # "" = `cadangan` beside the database
    keep: int = 14            # the newest N backups stay
    at: str = "12:00"         # local time of the daily backup
    enabled: bool = True

    def folder_for(self, db_path: Path) -> Path:
        return Path(self.folder).expanduser() if self.folder else Path(db_path).parent / "cadangan"


@dataclass(frozen=True)
class BackupInfo:
    path: str
    made_at: str              # UTC ISO
    size: int
    tickets: int
    last_event: int


# --- settings --------------------------------------------------------------------------------
def read_settings(conn) -> BackupSettings:
    row = conn.execute("SELECT value FROM settings WHERE key = 'backup'").fetchone()
    if row is None:
        return BackupSettings()
    data = json.loads(row[0])
    return BackupSettings(**{k: v for k, v in data.items() if k in BackupSettings.__annotations__})


def save_settings(db_path: str | Path, settings: BackupSettings, actor: str,
                  now: datetime | None = None) -> BackupSettings:
    """Check and store where and when backups go; recorded as a `backup_settings` event."""
    if not 1 <= settings.keep <= 365:
        raise BackupError(f"Jumlah cadangan yang disimpan {settings.keep}: harus 1–365",
                          f"Backups kept {settings.keep}: must be 1–365")
    try:
        time.fromisoformat(settings.at)
    except ValueError:
        raise BackupError(f"Jam cadangan {settings.at!r} bukan jam seperti 12:00",
                          f"Backup time {settings.at!r} is not a time like 12:00") from None
    if settings.folder:
        folder = Path(settings.folder).expanduser()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            probe = folder / ".antrean-uji-tulis"
            probe.write_bytes(b"ok")
            probe.unlink()
        except OSError as exc:
            raise BackupError(f"Folder cadangan {folder} tidak bisa ditulisi: {exc}",
                              f"Cannot write to the backup folder {folder}: {exc}") from None
    now = now or datetime.now(timezone.utc)
    conn = connect(db_path)
    try:
        with write_transaction(conn):
            before = read_settings(conn)
            conn.execute("INSERT INTO settings (key, value) VALUES ('backup', ?) ON CONFLICT (key) "
                         "DO UPDATE SET value = excluded.value", (json.dumps(asdict(settings)),))
            _event(conn, now, "backup_settings", actor,
                   {"before": asdict(before), "after": asdict(settings)})
    finally:
        conn.close()
    return settings


def last_backup(conn) -> BackupInfo | None:
    row = conn.execute("SELECT value FROM settings WHERE key = 'backup_last'").fetchone()
    return BackupInfo(**json.loads(row[0])) if row else None


def backup_status(db_path: str | Path, now: datetime | None = None) -> dict:
    """What the admin screen and `antrean backup --status` show."""
    now = now or datetime.now(timezone.utc)
    conn = connect(db_path)
    try:
        settings, last = read_settings(conn), last_backup(conn)
        failed = conn.execute("SELECT at, detail FROM events WHERE type = 'backup_failed' "
                              "ORDER BY seq DESC LIMIT 1").fetchone()
    finally:
        conn.close()
    age = now - datetime.fromisoformat(last.made_at) if last else None
    last_failure = None
    if failed and (last is None or failed[0] > last.made_at):
        last_failure = {"at": failed[0], **json.loads(failed[1])}
    return {"settings": settings, "folder": str(settings.folder_for(Path(db_path))),
            "last": last, "age": age, "stale": age is None or age > STALE_AFTER,
            "last_failure": last_failure}


# --- making a backup -----------------------------------------------------------------------
def backup_now(db_path: str | Path, folder: str | Path | None = None, actor: str = "cli",
               now: datetime | None = None, keep: int | None = None) -> BackupInfo:
    """One backup into `folder` (default: the stored setting), then retention. Any failure is
    recorded as a `backup_failed` event and raised as a BackupError; the database is untouched."""
    db_path = Path(db_path)
    now = now or datetime.now(timezone.utc)
    conn = connect(db_path)
    try:
        settings = read_settings(conn)
        target = Path(folder).expanduser() if folder else settings.folder_for(db_path)
        keep = keep or settings.keep
        try:
            info = _make_backup(conn, target, now)
        except (OSError, sqlite3.Error, BackupError) as exc:
            message = getattr(exc, "message", None) or str(exc)
            with write_transaction(conn):
                _event(conn, now, "backup_failed", actor, {"folder": str(target),
                                                           "error": message})
            if isinstance(exc, BackupError):
                raise
            raise BackupError(f"Cadangan ke {target} gagal: {message}",
                              f"Backup to {target} failed: {message}") from None
        with write_transaction(conn):
            conn.execute("INSERT INTO settings (key, value) VALUES ('backup_last', ?) ON CONFLICT "
                         "(key) DO UPDATE SET value = excluded.value",
                         (json.dumps(asdict(info)),))
            _event(conn, now, "backup_made", actor, asdict(info))
    finally:
        conn.close()
    removed = prune(target, keep)
    if removed:
        log.info("backups removed (keeping %d): %s", keep, ", ".join(p.name for p in removed))
    return info


def _make_backup(conn, folder: Path, now: datetime) -> BackupInfo:
    folder.mkdir(parents=True, exist_ok=True)
    local = now.astimezone(office_zone(conn))
    name = f"{PREFIX}{local:%Y%m%d-%H%M%S}"
    final, n = folder / f"{name}.db", 1
    while final.exists():                    # two backups in one second: never overwrite
        final, n = folder / f"{name}-{n}.db", n + 1
    part = final.with_name(final.name + ".part")
    part.unlink(missing_ok=True)
    try:
        conn.execute("VACUUM INTO ?", (str(part),))
        check = sqlite3.connect(str(part))
        try:
            result = [r[0] for r in check.execute("PRAGMA integrity_check")]
            tickets = check.execute("SELECT COUNT(*) FROM tickets").fetchone()[0]
            last_event = check.execute("SELECT COALESCE(MAX(seq), 0) FROM events").fetchone()[0]
        finally:
            check.close()
        if result != ["ok"]:
            raise BackupError(f"Cadangan {part.name} rusak: {'; '.join(result[:3])}",
                              f"Backup {part.name} is damaged: {'; '.join(result[:3])}")
        os.replace(part, final)
    finally:
        part.unlink(missing_ok=True)
    return BackupInfo(str(final), to_iso(now), final.stat().st_size, tickets, last_event)


def office_zone(conn) -> ZoneInfo:
    """The office's zone from the stored config (backup names are in local time)."""
    row = conn.execute("SELECT value FROM settings WHERE key = 'config'").fetchone()
    try:
        return ZoneInfo(json.loads(row[0])["office"].get("timezone", "Asia/Jakarta"))
    except (TypeError, KeyError, ValueError):
        return ZoneInfo("Asia/Jakarta")


def list_backups(folder: str | Path) -> list[Path]:
    """The backups antrean made in `folder`, oldest first (other files are never touched)."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.iterdir() if _NAME_RE.match(p.name)),
                  key=lambda p: (p.name[len(PREFIX):len(PREFIX) + 15], p.stat().st_mtime))


def prune(folder: str | Path, keep: int) -> list[Path]:
    """Remove all but the newest `keep` backups; returns what was removed."""
    old = list_backups(folder)[:-keep] if keep > 0 else []
    removed = []
    for path in old:
        try:
            path.unlink()
            removed.append(path)
        except OSError as exc:
            log.warning("cannot remove the old backup %s: %s", path, exc)
    return removed


def due(settings: BackupSettings, last: BackupInfo | None, now: datetime, tz: ZoneInfo) -> bool:
    """A daily backup is due: none yet, the last is a day old, or today's time has come and
    today has none (an office PC that is off at night still gets one a day)."""
    if not settings.enabled:
        return False
    if last is None:
        return True
    made = datetime.fromisoformat(last.made_at)
    if now - made >= STALE_AFTER:
        return True
    local, made_local = now.astimezone(tz), made.astimezone(tz)
    return made_local.date() < local.date() and local.time() >= time.fromisoformat(settings.at)


# --- restoring -------------------------------------------------------------------------------
def known_migrations() -> list[str]:
    return [m.name for m in migrations.pending(Database(memory=True))]


def check_backup_file(path: str | Path) -> dict:
    """Refuse (RestoreRefused) a file that is missing, damaged, no antrean database, or from a
    newer schema; otherwise what it holds."""
    path = Path(path)
    if not path.is_file():
        raise RestoreRefused(f"Berkas {path} tidak ada", f"File {path} does not exist")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise RestoreRefused(f"{path.name} tidak bisa dibuka: {exc}",
                             f"Cannot open {path.name}: {exc}") from None
    try:
        try:
            result = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        except sqlite3.DatabaseError as exc:
            raise RestoreRefused(f"{path.name} bukan basis data yang utuh ({exc}): tidak "
                                 "dipulihkan", f"{path.name} is not a sound database ({exc}): "
                                 "not restored") from None
        if result != ["ok"]:
            raise RestoreRefused(f"{path.name} gagal pemeriksaan integritas ({'; '.join(result[:3])})"
                                 ": tidak dipulihkan", f"{path.name} fails integrity_check "
                                 f"({'; '.join(result[:3])}): not restored")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not {"settings", "tickets", "events", "_sqlite_migrations"} <= tables or \
                conn.execute("SELECT 1 FROM settings WHERE key = 'config'").fetchone() is None:
            raise RestoreRefused(f"{path.name} bukan basis data antrean: tidak dipulihkan",
                                 f"{path.name} is not an antrean database: not restored")
        applied = [r[0] for r in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = 'antrean'")]
        unknown = [m for m in applied if m not in known_migrations()]
        if unknown:
            raise RestoreRefused(
                f"{path.name} dibuat oleh versi antrean yang lebih baru (migrasi "
                f"{', '.join(unknown)} tidak dikenal versi ini): perbarui antrean dulu",
                f"{path.name} comes from a newer antrean (unknown migrations "
                f"{', '.join(unknown)}): update antrean first")
        return {"tickets": conn.execute("SELECT COUNT(*) FROM tickets").fetchone()[0],
                "last_event": conn.execute("SELECT COALESCE(MAX(seq), 0) FROM events").fetchone()[0],
                "migrations": applied}
    finally:
        conn.close()


def restore_database(db_path: str | Path, backup: str | Path, actor: str = "cli",
                     now: datetime | None = None) -> dict:
    """Put `backup` in place of the database at `db_path`, keeping the current one aside."""
    db_path, backup = Path(db_path), Path(backup)
    info = check_backup_file(backup)
    now = now or datetime.now(timezone.utc)
    if db_path.exists() and db_path.resolve() == backup.resolve():
        raise RestoreRefused("Berkas cadangan adalah basis data itu sendiri",
                             "The backup is the database itself")
    aside, previous_seq = None, 0
    live = connect(db_path)
    try:
        if _has_table(live, "events"):
            previous_seq = live.execute("SELECT COALESCE(MAX(seq), 0) FROM events").fetchone()[0]
            aside = db_path.with_name(f"{db_path.stem}.sebelum-pulih-"
                                      f"{now.astimezone(office_zone(live)):%Y%m%d-%H%M%S}"
                                      f"{db_path.suffix}")
            live.execute("VACUUM INTO ?", (str(aside),))     # the current data, whole
        source = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
        try:
            source.backup(live)     # under the live file's locks: other processes wait, then see it
        finally:
            source.close()
        applied = migrate(live)
        with write_transaction(live):
            seq = max(previous_seq, info["last_event"]) + 1   # after all the screens have seen
            live.execute("INSERT INTO events (seq, at, type, officer, detail) VALUES "
                         "(?, ?, 'database_restored', ?, ?)",
                         (seq, to_iso(now), actor, json.dumps(
                             {"file": str(backup), "kept_aside": str(aside) if aside else None,
                              "tickets": info["tickets"], "migrations": applied})))
    finally:
        live.close()
    return {"restored": str(backup), "kept_aside": str(aside) if aside else None,
            "tickets": info["tickets"], "migrations": applied}


def _has_table(conn, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                        (name,)).fetchone() is not None


def _event(conn, now: datetime, type_: str, actor: str, detail: dict) -> int:
    return conn.execute("INSERT INTO events (at, type, officer, detail) VALUES (?, ?, ?, ?)",
                        (to_iso(now), type_, actor, json.dumps(detail, ensure_ascii=False))
                        ).lastrowid
