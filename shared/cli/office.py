"""`antrean` office subcommands: init (database and config), officer PINs, stats, bench."""
from __future__ import annotations

import getpass
import sys
from datetime import date
from pathlib import Path

from shared.cli.common import _local_service, _out
from shared.config import load_config
from shared.domain import AntreanError


def register(sub) -> dict:
    s = sub.add_parser("init", help="create or migrate the database and load the office config")
    s.add_argument("--config", type=Path, required=True, help="office config (TOML)")

    s = sub.add_parser("officer", help="manage officers")
    osub = s.add_subparsers(dest="officer_command", required=True)
    o = osub.add_parser("set-pin", help="set an officer's PIN (asked twice, or --pin-stdin)")
    o.add_argument("username")
    o.add_argument("--pin-stdin", action="store_true", help="read the PIN from standard input")
    osub.add_parser("list", help="list officers")

    s = sub.add_parser("stats", help="waiting and service times against the standards")
    s.add_argument("--from", dest="date_from", type=date.fromisoformat, required=True,
                   help="first local date, YYYY-MM-DD")
    s.add_argument("--to", dest="date_to", type=date.fromisoformat, required=True,
                   help="last local date (inclusive)")

    s = sub.add_parser("bench", help="benchmark the store: issue and call rates against bare SQLite")
    s.add_argument("--tickets", type=int, default=10_000)
    s.add_argument("--dir", type=Path, default=None, help="folder for the benchmark databases")
    return {"init": cmd_init, "officer": cmd_officer, "stats": cmd_stats, "bench": cmd_bench}


def cmd_init(args) -> int:
    from shared.store.setup import init_database
    config = load_config(args.config)
    summary = init_database(args.db, config)
    _out(args, {"db": str(args.db), **summary},
         f"{args.db}: {config.name} — {summary['services']} layanan, {summary['counters']} loket, "
         f"{summary['officers']} petugas, {summary['tickets']} tiket tersimpan"
         + (f"; migrasi: {', '.join(summary['migrations'])}" if summary["migrations"] else ""))
    return 0


def cmd_officer(args) -> int:
    svc = _local_service(args)
    if args.officer_command == "list":
        rows = svc._conn.execute("SELECT username, full_name, role, active, pin_hash IS NOT NULL "
                                 "FROM officers ORDER BY username").fetchall()
        data = [{"username": r[0], "full_name": r[1], "role": r[2], "active": bool(r[3]),
                 "pin_set": bool(r[4])} for r in rows]
        _out(args, data, "\n".join(f"{d['username']:<12} {d['role']:<10} "
                                   f"{'PIN ok' if d['pin_set'] else 'tanpa PIN':<9} "
                                   f"{'' if d['active'] else '(nonaktif) '}{d['full_name']}"
                                   for d in data))
        return 0
    if args.pin_stdin:
        pin = sys.stdin.readline().strip()
    else:
        pin = getpass.getpass("PIN baru: ")
        if getpass.getpass("Ulangi PIN: ") != pin:
            raise AntreanError("PIN tidak sama", "The PINs do not match")
    svc.set_pin(args.username, pin)
    _out(args, {"username": args.username, "pin_set": True}, f"PIN {args.username} disimpan.")
    return 0


def cmd_stats(args) -> int:
    from shared.reports.stats import format_stats_table, service_stats
    if args.date_from > args.date_to:
        raise AntreanError(f"--from {args.date_from} jatuh sesudah --to {args.date_to}",
                           f"--from {args.date_from} is after --to {args.date_to}")
    svc = _local_service(args)
    rows = service_stats(svc._conn, svc.config, args.date_from, args.date_to)
    _out(args, rows, format_stats_table(rows, args.date_from, args.date_to))
    return 0


def cmd_bench(args) -> int:
    from shared.bench.store import run_bench
    return run_bench(args)
