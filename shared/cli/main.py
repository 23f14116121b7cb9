"""`antrean`: the one command. Scriptable: `--json` for machines, exit 1 with the reason on stderr
when an action is refused, exit 2 for bad usage.

The subcommands live in groups beside this module (office, tickets, apps), each with
`register(subparsers) -> {name: handler}`; the screens (kiosk, board, counter) are imported only
when asked for, so the core CLI runs without a display.
"""
from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import logging
import sys
from pathlib import Path

from shared.cli import apps, office, tickets
from shared.domain import AntreanError
from shared.store.database import DB_ENV, default_db_path

# The core groups, in the order `--help` lists them: set-up, the queue, the screens.
GROUPS = (office, tickets, apps)

# Feature modules add their own subcommands the same way (a handler takes the parsed args and
# returns an exit code; AntreanError → exit 1); each is optional, loaded only if installed.
CLI_EXTENSIONS = ("shared.cli.reports", "shared.cli.server", "shared.cli.survey", "shared.cli.plan",
                  "shared.cli.config", "shared.cli.backup", "shared.cli.install",
                  "shared.cli.booking")

COMMANDS: dict = {}


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
    for group in GROUPS:
        COMMANDS.update(group.register(sub))
    for module in CLI_EXTENSIONS:
        if importlib.util.find_spec(module) is not None:
            COMMANDS.update(importlib.import_module(module).register(sub))
    return p


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


if __name__ == "__main__":
    sys.exit(main())
