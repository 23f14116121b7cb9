"""`antrean serve` (the office LAN server) and `antrean device add|list|revoke` (kiosk and board
tokens). Loaded by `shared.cli.main` through `CLI_EXTENSIONS`."""
from __future__ import annotations

import json
import logging
from datetime import datetime, timezone

from shared.domain import AntreanError

log = logging.getLogger(__name__)


def register(sub) -> dict:
    s = sub.add_parser("serve", help="the office LAN server: HTTP API, status page /t/<token>, "
                                     "web board /board")
    s.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1; 0.0.0.0 for the office LAN)")
    s.add_argument("--port", type=int, default=8080, help="port (default 8080)")
    s.add_argument("--trust-proxy", action="append", default=[], metavar="ADDR",
                   help="a reverse proxy's address whose X-Forwarded-For is trusted "
                        "(repeatable; e.g. 127.0.0.1 behind Caddy or nginx on the same PC)")
    s.add_argument("--log-level", default="info",
                   choices=["critical", "error", "warning", "info", "debug"])

    s = sub.add_parser("device", help="kiosk and board devices of the LAN server (tokens)")
    dsub = s.add_subparsers(dest="device_command", required=True)
    d = dsub.add_parser("add", help="create a device and print its token (shown once)")
    d.add_argument("name", help="e.g. kiosk-1, papan-lobi")
    d.add_argument("--role", required=True, choices=["kiosk", "board"])
    dsub.add_parser("list", help="list devices")
    d = dsub.add_parser("revoke", help="revoke a device's token at once")
    d.add_argument("name")
    return {"serve": cmd_serve, "device": cmd_device}


def _open(args):
    from shared.store.database import connect
    from shared.store.migrations import schema_is_current
    if not args.db.exists():
        raise AntreanError(f"Basis data {args.db} belum ada: jalankan 'antrean init --config FILE'",
                           f"Database {args.db} does not exist: run 'antrean init --config FILE'")
    conn = connect(args.db)
    if not schema_is_current(conn):
        raise AntreanError(f"Basis data {args.db} perlu dimigrasi: jalankan 'antrean init'",
                           f"Database {args.db} needs migrating: run 'antrean init'")
    return conn


def cmd_serve(args) -> int:
    try:
        from shared.server import ServerSettings
        from shared.server.runner import serve
    except ImportError as exc:
        raise AntreanError("Server belum terpasang: pip install 'antrean[server]'",
                           f"The server is not installed: pip install 'antrean[server]' ({exc})")
    _open(args).close()
    if not 1 <= args.port <= 65535:
        raise AntreanError("Port harus 1–65535", "The port must be 1–65535")
    settings = ServerSettings(db_path=args.db, host=args.host, port=args.port,
                              trusted_proxies=tuple(args.trust_proxy))
    shown = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host
    print(f"antrean serve: {args.db} di http://{shown}:{args.port}  "
          f"(API: /openapi.json, papan: /board, status tiket: /t/<token>)", flush=True)
    from shared.store.scheduler import BackupScheduler
    backups = BackupScheduler(args.db).start()      # the daily backup (antrean backup --status)
    from shared.store.booking_release import ReleaseScheduler
    releases = ReleaseScheduler(args.db).start()   # booking no-shows, every minute
    try:
        serve(settings, args.log_level)
    finally:
        backups.stop()
        releases.stop()
    return 0


def cmd_device(args) -> int:
    from shared.server import auth
    conn = _open(args)
    now = datetime.now(timezone.utc)
    try:
        if args.device_command == "add":
            token = auth.add_device(conn, args.name, args.role, now)
            if args.json:
                print(json.dumps({"name": args.name, "role": args.role, "token": token}))
            else:
                print(f"Perangkat {args.name} ({args.role}) dibuat. Token (hanya ditampilkan "
                      f"sekali, simpan sekarang):\n{token}")
        elif args.device_command == "list":
            rows = auth.list_devices(conn)
            if args.json:
                print(json.dumps(rows, ensure_ascii=False, indent=2))
            else:
                for r in rows:
                    state = f"dicabut {r['revoked_at'][:16]}" if r["revoked_at"] else "aktif"
                    seen = (r["last_seen_at"] or "-")[:16]
                    print(f"{r['name']:<20} {r['role']:<6} {state:<24} terakhir terlihat {seen}")
        else:
            out = auth.revoke_device(conn, args.name, now)
            print(json.dumps(out) if args.json else f"Perangkat {args.name} dicabut.")
    finally:
        conn.close()
    return 0
