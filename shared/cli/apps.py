"""`antrean` screens: start (front desk on one PC), kiosk, board, counter; reprint, print-test."""
from __future__ import annotations

import importlib
import importlib.util
import logging
import subprocess
import sys
from pathlib import Path

from assets import EXAMPLE_CONFIG
from shared.cli.common import _counter_action
from shared.config import load_config
from shared.domain import AntreanError

log = logging.getLogger(__name__)

DEMO_PIN = "1234"


def register(sub) -> dict:
    for name, text in (("kiosk", "the ticket kiosk (touchscreen)"),
                       ("board", "the lobby display board with voice calls"),
                       ("counter", "the counter officer's console")):
        s = sub.add_parser(name, help=text)
        s.add_argument("--windowed", action="store_true", help="not fullscreen (development)")
        if name == "counter":
            s.add_argument("--counter", dest="counter_name", help="counter name, e.g. 3")
        if name == "kiosk":
            s.add_argument("--portrait", action="store_true", help="1080×1920 window")
        if name in ("kiosk", "board"):
            s.add_argument("--keep-running", action="store_true",
                           help="start it again when it crashes (until closed on purpose)")
    s = sub.add_parser("start", help="without COUNTER: the whole front desk on one PC (kiosk, "
                                     "board, counter); with COUNTER: start serving its ticket")
    s.add_argument("counter", nargs="?", help="start serving this counter's current ticket")
    s.add_argument("--config", type=Path, default=None,
                   help="office config for a new database (default: the first-run wizard)")
    s.add_argument("--example", action="store_true",
                   help="a new database gets the example office, without the wizard")
    s.add_argument("--windowed", action="store_true")
    s.add_argument("--only", choices=["kiosk", "board", "counter"], action="append",
                   help="open only these screens")
    sub.add_parser("reprint", help="print a ticket's receipt again").add_argument("code")
    s = sub.add_parser("print-test", help="print a test receipt (and save its PNG preview)")
    s.add_argument("--png", type=Path, help="save the preview here")
    return {
        "kiosk": _app("kiosk.app", "kiosk"), "board": _app("kiosk.board.app", "board"),
        "counter": _app("counter.console.app", "counter"), "start": cmd_start,
        "reprint": _app("kiosk.printing.reprint", "reprint"),
        "print-test": _app("kiosk.printing.reprint", "print-test"),
    }


def _app(module: str, what: str):
    # imported only when asked for, so the core CLI runs without Qt or a display
    def run(args) -> int:
        if getattr(args, "keep_running", False):   # a Qt-free supervisor runs the screen
            from shared.install.supervise import keep_running_command
            return keep_running_command(args, [what, *(["--windowed"] if args.windowed else []),
                                               *(["--portrait"] if getattr(args, "portrait", False)
                                                 else [])])
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
    if not Path(args.db).exists() and args.config is None and not args.example:
        from counter.admin.wizard import run_wizard   # an empty machine: the first-run wizard
        if run_wizard(args.db) is None:
            print("Penyiapan dibatalkan: belum ada kantor, tidak ada layar yang dibuka.")
            return 0
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
    from shared.store.scheduler import BackupScheduler
    backups = BackupScheduler(args.db).start()      # the daily backup while the desk runs
    from shared.store.booking_release import ReleaseScheduler
    releases = ReleaseScheduler(args.db).start()   # booking no-shows, every minute
    try:
        codes = [p.wait() for p in procs]
    except KeyboardInterrupt:
        for p in procs:
            p.terminate()
        return 130
    finally:
        backups.stop()
        releases.stop()
    return max(codes, default=0)


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
