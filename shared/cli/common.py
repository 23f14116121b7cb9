"""What every `antrean` subcommand group shares: opening the queue, output, ticket lines."""
from __future__ import annotations

import json
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from enum import Enum

from shared.domain import AntreanError


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


def _ticket_line(t) -> str:
    from shared.domain import STATUS_LABELS
    where = f" di loket {t.counter}" if t.counter and t.status.value in ("called", "serving") else ""
    return f"{t.code} [{t.service}] {STATUS_LABELS[t.status][0].lower()}{where}"


def _counter_action(method: str):
    """A handler acting on a counter's current ticket; here because `start COUNTER` (apps) is one
    of them as well as recall, finish and no-show (queue)."""
    def run(args) -> int:
        t = getattr(_service(args), method)(args.counter)
        _out(args, t, _ticket_line(t))
        return 0
    return run
