"""Helpers for tests and benchmarks of the LAN server: tokens straight from the store, and the
HTTP service in its three forms (in-process ASGI, real socket)."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from shared.store.database import connect

from shared.server import auth


def _now(clock) -> datetime:
    return clock.now() if clock is not None else datetime.now(timezone.utc)


def device_token(db_path: Path, name: str, role: str, clock=None) -> str:
    conn = connect(db_path)
    try:
        return auth.add_device(conn, name, role, _now(clock))
    finally:
        conn.close()


def session_token(db_path: Path, username: str, clock=None, counter: str | None = None,
                  hours: float = 24 * 365) -> str:
    """A session as if `username` had logged in (no PIN needed in tests)."""
    conn = connect(db_path)
    try:
        return auth.create_session(conn, username, _now(clock), hours, counter)[0]
    finally:
        conn.close()


@contextmanager
def asgi_service(db_path: Path, clock, token: str, **kwargs):
    """An `HttpQueueService` talking to the app in-process (Starlette's TestClient transport)."""
    import warnings
    with warnings.catch_warnings():  # Starlette ≥ 1.x nudges towards httpx2; httpx works
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from shared.http.client import HttpQueueService

    from shared.server.app import create_app
    from shared.server.settings import ServerSettings
    app = create_app(ServerSettings(db_path, clock=clock))
    with TestClient(app, base_url="http://testserver") as client:
        svc = HttpQueueService("http://testserver", token, client=client,
                               **{"adopt_login": False, "retry_for_s": 0.0, **kwargs})
        svc.app = app
        yield svc


@contextmanager
def socket_service(db_path: Path, clock, token: str, **kwargs):
    """An `HttpQueueService` talking to a real uvicorn on 127.0.0.1 (a free port)."""
    from shared.http.client import HttpQueueService

    from shared.server.runner import ServerThread
    from shared.server.settings import ServerSettings
    with ServerThread(ServerSettings(db_path, port=0, clock=clock)) as srv:
        svc = HttpQueueService(srv.url, token, **{"adopt_login": False, **kwargs})
        svc.server = srv
        try:
            yield svc
        finally:
            svc.close()


def make_test_client(app):
    """Starlette's in-process client for `app` (use as a context manager: runs the lifespan)."""
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    return TestClient(app, base_url="http://testserver", raise_server_exceptions=False)
