"""`antrean`: the one command. Scriptable: `--json` for machines, exit 1 with the reason on stderr
when an action is refused, exit 2 for bad usage.

The screens (kiosk, board, counter) are imported only when asked for, so the core CLI runs
without a display.
"""
from __future__ import annotations

import argparse
import getpass
import importlib.util
import json
import logging
import subprocess
import sys
import time
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from enum import Enum
from pathlib import Path

from shared.config import load_config
from shared.domain import AntreanError, PRIORITY_LABELS, PriorityGroup
from shared.store.database import DB_ENV, default_db_path

log = logging.getLogger(__name__)
from assets import EXAMPLE_CONFIG


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="antrean",
        description="Sistem antrean kantor pelayanan publik — front-desk queue system.")
    p.add_argument("--db", type=Path, default=None,
                   help=f"SQLite database file (default: ${DB_ENV} or {default_db_path()})")
    p.add_argument("--server", default=None, metavar="URL",
                   help="use 'antrean serve' at URL instead of a local database "
                        "(default: $ANTREAN_SERVER)")
    p.add_argument("--token", default=None,
                   help="device token for --server (kiosk, board; default: $ANTREAN_TOKEN)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("-v", "--verbose", action="store_true", help="log more")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    s = sub.add_parser("init", help="create or migrate the database and load the office config")
    s.add_argument("--config", type=Path, required=True, help="office config (TOML)")

    s = sub.add_parser("issue", help="issue a ticket (as the kiosk does)")
    s.add_argument("service", help="service code or prefix, e.g. ktp or A")
    s.add_argument("--priority", choices=[g.value for g in PriorityGroup],
                   help="priority group (UU 25/2009 Pasal 29)")

    s = sub.add_parser("call", help="call the next ticket (or --ticket CODE) at a counter")
    s.add_argument("counter")
    s.add_argument("--ticket", help="call this ticket (a late visitor) instead of the next")
    s.add_argument("--officer")
    for name, text in (("recall", "call the counter's current ticket again"),
                       ("finish", "finish the current ticket"),
                       ("no-show", "mark the current ticket as not present")):
        sub.add_parser(name, help=text).add_argument("counter")
    s = sub.add_parser("transfer", help="send the current ticket to another service")
    s.add_argument("counter")
    s.add_argument("service")
    sub.add_parser("cancel", help="cancel a waiting ticket").add_argument("code")
    sub.add_parser("reactivate", help="re-queue a no-show (a late visitor)").add_argument("code")
    s = sub.add_parser("pause", help="counter on a break (istirahat)")
    s.add_argument("counter")
    s.add_argument("--reason", default="")
    sub.add_parser("resume", help="counter back from a break").add_argument("counter")
    s = sub.add_parser("open", help="open a counter (optionally for an officer)")
    s.add_argument("counter")
    s.add_argument("--officer")
    s.add_argument("--takeover", action="store_true")
    sub.add_parser("close", help="close a counter").add_argument("counter")
    sub.add_parser("ticket", help="show one ticket of today").add_argument("code")

    sub.add_parser("status", help="queues and counters now")
    s = sub.add_parser("stats", help="waiting and service times against the standards")
    s.add_argument("--from", dest="date_from", type=date.fromisoformat, required=True,
                   help="first local date, YYYY-MM-DD")
    s.add_argument("--to", dest="date_to", type=date.fromisoformat, required=True,
                   help="last local date (inclusive)")
    s = sub.add_parser("events", help="the event log")
    s.add_argument("--after", type=int, default=0)
    s.add_argument("--limit", type=int, default=100)
    s.add_argument("--follow", action="store_true", help="keep printing new events")

    s = sub.add_parser("officer", help="manage officers")
    osub = s.add_subparsers(dest="officer_command", required=True)
    o = osub.add_parser("set-pin", help="set an officer's PIN (asked twice, or --pin-stdin)")
    o.add_argument("username")
    o.add_argument("--pin-stdin", action="store_true", help="read the PIN from standard input")
    osub.add_parser("list", help="list officers")

    s = sub.add_parser("bench", help="benchmark the store: issue and call rates against bare SQLite")
    s.add_argument("--tickets", type=int, default=10_000)
    s.add_argument("--dir", type=Path, default=None, help="folder for the benchmark databases")

    for name, text in (("kiosk", "the ticket kiosk (touchscreen)"),
                       ("board", "the lobby display board with voice calls"),
                       ("counter", "the counter officer's console")):
        s = sub.add_parser(name, help=text)
        s.add_argument("--windowed", action="store_true", help="not fullscreen (development)")
        if name == "counter":
            s.add_argument("--counter", dest="counter_name", help="counter name, e.g. 3")
        if name == "kiosk":
            s.add_argument("--portrait", action="store_true", help="1080×1920 window")
    s = sub.add_parser("start", help="without COUNTER: the whole front desk on one PC (kiosk, "
                                     "board, counter); with COUNTER: start serving its ticket")
    s.add_argument("counter", nargs="?", help="start serving this counter's current ticket")
    s.add_argument("--config", type=Path, default=None,
                   help="office config for a new database (default: the example office)")
    s.add_argument("--windowed", action="store_true")
    s.add_argument("--only", choices=["kiosk", "board", "counter"], action="append",
                   help="open only these screens")
    sub.add_parser("reprint", help="print a ticket's receipt again").add_argument("code")
    s = sub.add_parser("print-test", help="print a test receipt (and save its PNG preview)")
    s.add_argument("--png", type=Path, help="save the preview here")
    for module in CLI_EXTENSIONS:
        if importlib.util.find_spec(module) is not None:
            COMMANDS.update(importlib.import_module(module).register(sub))
    return p


# Feature modules add their own subcommands: each has `register(subparsers) -> {name: handler}`,
# a handler taking the parsed args and returning an exit code (AntreanError → exit 1).
CLI_EXTENSIONS = ("shared.cli.reports", "shared.cli.server", "shared.cli.survey")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    args.db = args.db or default_db_path()
    try:
        return COMMANDS[args.command](args) or 0
    except AntreanError as exc:
        if args.json:
            print(json.dumps({"error": exc.code, "message": exc.message,
                              "message_en": exc.message_en}, ensure_ascii=False), file=sys.stderr)
        else:
            print(f"antrean: {exc.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _service(args):
    """The queue the command acts on: local database, or the LAN server with --server."""
    from shared.backend import open_service
    return open_service(args.db, args.server, args.token)


def _local_service(args):
    """Commands that read the database file directly (statistics, officers)."""
    if args.server:
        raise AntreanError("Perintah ini membaca basis data langsung: jalankan di PC server "
                           "tanpa --server", "This command reads the database file directly: "
                           "run it on the server PC without --server")
    from shared.store.service import SqliteQueueService
    return SqliteQueueService(args.db)


def _jsonable(value):
    if is_dataclass(value):
        return {k: _jsonable(v) for k, v in asdict(value).items()}
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _out(args, value, text: str) -> None:
    print(json.dumps(_jsonable(value), ensure_ascii=False, indent=2) if args.json else text)


def cmd_init(args) -> int:
    from shared.store.setup import init_database
    config = load_config(args.config)
    summary = init_database(args.db, config)
    _out(args, {"db": str(args.db), **summary},
         f"{args.db}: {config.name} — {summary['services']} layanan, {summary['counters']} loket, "
         f"{summary['officers']} petugas, {summary['tickets']} tiket tersimpan"
         + (f"; migrasi: {', '.join(summary['migrations'])}" if summary["migrations"] else ""))
    return 0


def cmd_issue(args) -> int:
    svc = _service(args)
    issued = svc.issue(args.service, args.priority)
    t = issued.ticket
    prio = f" (prioritas: {PRIORITY_LABELS[t.priority_group][0]})" if t.priority_group else ""
    _out(args, issued, f"{t.code}{prio} — {issued.people_ahead} orang di depan, perkiraan "
                       f"{round(issued.estimated_wait_min)} menit — {issued.status_url}")
    return 0


def _ticket_line(t) -> str:
    from shared.domain import STATUS_LABELS
    where = f" di loket {t.counter}" if t.counter and t.status.value in ("called", "serving") else ""
    return f"{t.code} [{t.service}] {STATUS_LABELS[t.status][0].lower()}{where}"


def _counter_action(method: str):
    def run(args) -> int:
        t = getattr(_service(args), method)(args.counter)
        _out(args, t, _ticket_line(t))
        return 0
    return run


def cmd_call(args) -> int:
    svc = _service(args)
    t = (svc.call_ticket(args.counter, args.ticket, args.officer) if args.ticket
         else svc.call_next(args.counter, args.officer))
    _out(args, t, _ticket_line(t))
    return 0


def cmd_transfer(args) -> int:
    t = _service(args).transfer(args.counter, args.service)
    _out(args, t, _ticket_line(t))
    return 0


def cmd_ticket_action(method: str):
    def run(args) -> int:
        t = getattr(_service(args), method)(args.code)
        _out(args, t, _ticket_line(t))
        return 0
    return run


def cmd_counter_state(method: str):
    def run(args) -> int:
        svc = _service(args)
        if method == "pause":
            state = svc.pause(args.counter, args.reason)
        elif method == "open":
            state = svc.open_counter(args.counter, args.officer, args.takeover)
        else:
            state = getattr(svc, method)(args.counter)
        _out(args, state, f"{state.label}: {state.status.value}"
                          + (f" ({state.pause_reason})" if state.pause_reason else ""))
        return 0
    return run


def cmd_status(args) -> int:
    svc = _service(args)
    queues, counters = svc.queues(), svc.counters()
    lines = ["Layanan (menunggu / diterbitkan / kuota):"]
    for q in queues:
        state = "buka" if q.can_issue else {"quota": "kuota habis", "holiday": "libur",
                                            "closed": "tutup"}.get(q.closed_reason, "tutup")
        lines.append(f"  {q.prefix:<3} {q.name_id:<36} {q.waiting:>4} / {q.issued_today:>4} / "
                     f"{q.quota if q.quota else '-':>4}  terlama {q.longest_wait_min:5.1f} mnt  {state}")
    lines.append("Loket:")
    for c in counters:
        cur = f"{c.current.code} ({c.current.status.value})" if c.current else "-"
        lines.append(f"  {c.label:<22} {c.status.value:<7} {c.officer or '-':<10} {cur}"
                     + (f"  istirahat: {c.pause_reason}" if c.pause_reason else ""))
    _out(args, {"queues": queues, "counters": counters}, "\n".join(lines))
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


def cmd_ticket(args) -> int:
    svc = _service(args)
    t = svc.ticket(args.code)
    ahead = svc.people_ahead(t.code)
    _out(args, {"ticket": t, "people_ahead": ahead, "estimated_wait_min": svc.estimated_wait(t.code),
                "status_url": svc.config.status_url(t.token)},
         f"{_ticket_line(t)} — {ahead} orang di depan")
    return 0


def cmd_events(args) -> int:
    svc = _service(args)
    tz = svc.config.tz   # the office's local time, as everything shown
    after = args.after
    while True:
        events = svc.events_after(after, args.limit)
        for e in events:
            if args.json:
                print(json.dumps(_jsonable(e), ensure_ascii=False), flush=True)
            else:
                print(f"{e.seq:>7} {e.at.astimezone(tz):%Y-%m-%d %H:%M:%S} {e.type:<15} {e.ticket_code or '':<8} "
                      f"{e.counter or '':<4} {e.officer or ''} {json.dumps(e.detail) if e.detail else ''}",
                      flush=True)
            after = e.seq
        if not args.follow:
            return 0
        time.sleep(0.5)


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


def cmd_bench(args) -> int:
    from shared.bench.store import run_bench
    return run_bench(args)


def _app(module: str, what: str):
    def run(args) -> int:
        if importlib.util.find_spec(module) is None:
            raise AntreanError(f"Layar {what} belum tersedia di versi ini",
                               f"The {what} screen is not available in this version")
        return importlib.import_module(module).main(args)
    return run


def cmd_start(args) -> int:
    """The front desk on one PC: create the embedded database if needed, open every screen."""
    if args.counter:
        return _counter_action("start")(args)
    from shared.store.setup import init_database
    if not Path(args.db).exists():
        config = load_config(args.config or EXAMPLE_CONFIG)
        init_database(args.db, config)
        print(f"Basis data baru {args.db} dibuat dari {args.config or EXAMPLE_CONFIG}", flush=True)
        if args.config is None:
            _demo_pins(args)
    screens = args.only or ["kiosk", "board", "counter"]
    procs = []
    for name in screens:
        module = {"kiosk": "kiosk.app", "board": "kiosk.board.app", "counter": "counter.console.app"}[name]
        if importlib.util.find_spec(module) is None:
            log.warning("screen %s not available", name)
            continue
        cmd = [sys.executable, "-m", "shared.cli", "--db", str(args.db), name]
        if args.windowed or name != "kiosk":
            cmd.append("--windowed")  # on one PC only the kiosk takes the whole screen
        procs.append(subprocess.Popen(cmd))
    try:
        codes = [p.wait() for p in procs]
    except KeyboardInterrupt:
        for p in procs:
            p.terminate()
        return 130
    return max(codes, default=0)


DEMO_PIN = "1234"


def _demo_pins(args) -> None:
    """The example office gets PIN 1234 for every officer, so the counter console can be tried
    at once; said loudly, because a real office loads its own config with 'antrean init'."""
    from shared.store.service import SqliteQueueService
    svc = SqliteQueueService(args.db)
    users = [o.username for o in svc.config.officers]
    for user in users:
        svc.set_pin(user, DEMO_PIN)
    svc.close()
    print(f"Kantor contoh: semua petugas ({', '.join(users)}) memakai PIN {DEMO_PIN}. "
          "Ganti dengan 'antrean officer set-pin NAMA' sebelum dipakai sungguhan.", flush=True)


COMMANDS = {
    "init": cmd_init, "issue": cmd_issue, "call": cmd_call,
    "recall": _counter_action("recall"), "start": cmd_start, "finish": _counter_action("finish"),
    "no-show": _counter_action("no_show"), "transfer": cmd_transfer,
    "cancel": cmd_ticket_action("cancel"), "reactivate": cmd_ticket_action("reactivate"),
    "pause": cmd_counter_state("pause"), "resume": cmd_counter_state("resume"),
    "open": cmd_counter_state("open"), "close": cmd_counter_state("close_counter"),
    "ticket": cmd_ticket, "status": cmd_status, "stats": cmd_stats, "events": cmd_events,
    "officer": cmd_officer, "bench": cmd_bench,
    "kiosk": _app("kiosk.app", "kiosk"), "board": _app("kiosk.board.app", "board"),
    "counter": _app("counter.console.app", "counter"),
    "reprint": _app("kiosk.printing.reprint", "reprint"), "print-test": _app("kiosk.printing.reprint", "print-test"),
}

if __name__ == "__main__":
    sys.exit(main())
