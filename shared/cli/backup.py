"""`antrean backup` (now, status, list, where and how many) and `antrean restore FILE`."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from shared.cli.common import _out
from shared.domain import AntreanError


def register(sub) -> dict:
    s = sub.add_parser("backup", help="back the database up now (online), or set the daily backup")
    s.add_argument("--to", type=Path, help="this folder instead of the configured one")
    s.add_argument("--status", action="store_true", help="the last backup and the settings")
    s.add_argument("--list", action="store_true", help="the backups in the folder")
    s.add_argument("--folder", help="set the folder of the daily backup (USB disk, share)")
    s.add_argument("--keep", type=int, help="set how many backups are kept")
    s.add_argument("--at", help="set the local time of the daily backup (HH:MM)")
    s.add_argument("--daily", choices=["on", "off"], help="switch the daily backup on or off")
    r = sub.add_parser("restore", help="restore a backup (the current database is kept aside)")
    r.add_argument("file", type=Path)
    return {"backup": cmd_backup, "restore": cmd_restore}


def _local_db(args) -> Path:
    if args.server:
        raise AntreanError("Cadangan dibuat di PC server: jalankan tanpa --server",
                           "Backups are made on the server PC: run without --server")
    return Path(args.db)


def cmd_backup(args) -> int:
    from dataclasses import asdict, replace

    from shared.store import backup
    db = _local_db(args)
    if not db.exists():
        raise AntreanError(f"Basis data {db} belum ada", f"Database {db} does not exist")
    if any(v is not None for v in (args.folder, args.keep, args.at, args.daily)):
        from shared.store.database import connect
        conn = connect(db)
        try:
            current = backup.read_settings(conn)
        finally:
            conn.close()
        new = replace(current, **{k: v for k, v in (
            ("folder", args.folder), ("keep", args.keep), ("at", args.at),
            ("enabled", None if args.daily is None else args.daily == "on")) if v is not None})
        backup.save_settings(db, new, "cli")
        _out(args, asdict(new), _settings_text(new, db))
        return 0
    if args.status:
        st = backup.backup_status(db)
        last = st["last"]
        lines = [_settings_text(st["settings"], db)]
        if last is None:
            lines.append("Belum pernah dicadangkan.")
        else:
            hours = st["age"].total_seconds() / 3600
            lines.append(f"Cadangan terakhir: {last.path} ({hours:.1f} jam lalu, "
                         f"{last.size / 1e6:.1f} MB, {last.tickets} tiket)")
        if st["stale"]:
            lines.append("PERINGATAN: cadangan terakhir lebih dari sehari yang lalu.")
        if st["last_failure"]:
            lines.append(f"Gagal terakhir: {st['last_failure']['error']}")
        _out(args, {"folder": st["folder"], "stale": st["stale"],
                    "last_failure": st["last_failure"], "settings": asdict(st["settings"]),
                    "last": asdict(last) if last else None,
                    "age_s": st["age"].total_seconds() if st["age"] else None}, "\n".join(lines))
        return 0
    if args.list:
        from shared.store.database import connect
        conn = connect(db)
        try:
            folder = Path(args.to) if args.to else backup.read_settings(conn).folder_for(db)
        finally:
            conn.close()
        files = backup.list_backups(folder)
        _out(args, [{"path": str(p), "size": p.stat().st_size} for p in files],
             "\n".join(f"{p}  {p.stat().st_size / 1e6:.1f} MB" for p in files)
             or f"Tidak ada cadangan di {folder}")
        return 0
    info = backup.backup_now(db, args.to, actor="cli")
    _out(args, asdict(info), f"Cadangan dibuat: {info.path} ({info.size / 1e6:.1f} MB, "
                             f"{info.tickets} tiket)")
    return 0


def _settings_text(s, db: Path) -> str:
    state = "aktif" if s.enabled else "mati"
    return (f"Cadangan harian {state}, pukul {s.at}, ke {s.folder_for(db)}, "
            f"{s.keep} cadangan terakhir disimpan")


def cmd_restore(args) -> int:
    from shared.store.backup import restore_database
    db = _local_db(args)
    done = restore_database(db, args.file, actor="cli", now=datetime.now(timezone.utc))
    aside = done["kept_aside"]
    _out(args, done, f"Dipulihkan dari {done['restored']} ({done['tickets']} tiket)."
         + (f"\nBasis data sebelumnya disimpan di {aside} — kembalikan dengan "
            f"'antrean restore {aside}'." if aside else ""))
    return 0
