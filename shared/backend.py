"""Which `QueueService` an app talks to: the embedded SQLite file, or `antrean serve` on the LAN."""
from __future__ import annotations

import os
from pathlib import Path

from shared.service import QueueService

SERVER_ENV = "ANTREAN_SERVER"
TOKEN_ENV = "ANTREAN_TOKEN"


def open_service(db: str | Path | None = None, server: str | None = None,
                 token: str | None = None, **http_options) -> QueueService:
    """`server` (or $ANTREAN_SERVER) → HttpQueueService with `token` (or $ANTREAN_TOKEN);
    otherwise the embedded SqliteQueueService on `db`."""
    server = server or os.environ.get(SERVER_ENV) or None
    if server:
        from shared.http.client import HttpQueueService
        return HttpQueueService(server, token=token or os.environ.get(TOKEN_ENV) or None,
                                **http_options)
    from shared.store.service import SqliteQueueService
    from shared.store.database import default_db_path
    return SqliteQueueService(db or default_db_path())


def is_remote(service: QueueService) -> bool:
    return type(service).__name__ == "HttpQueueService"
