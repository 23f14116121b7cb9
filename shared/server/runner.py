"""Running the app on uvicorn: `serve()` for `antrean serve`, `ServerThread` for tests and
benchmarks (the same server in a background thread on 127.0.0.1)."""
from __future__ import annotations

import logging
import threading
import time

import uvicorn

from shared.server.app import create_app
from shared.server.settings import ServerSettings

log = logging.getLogger(__name__)


class _Server(uvicorn.Server):
    """Ends every event stream first, so a stop (Ctrl+C, restart) never waits on open streams."""

    async def shutdown(self, sockets=None):
        self.config.app.state.antrean.broker.close()
        await super().shutdown(sockets)


def make_server(settings: ServerSettings, log_level: str = "warning", app=None) -> _Server:
    app = app or create_app(settings)
    config = uvicorn.Config(app, host=settings.host, port=settings.port, log_level=log_level,
                            access_log=False, timeout_graceful_shutdown=3,
                            proxy_headers=False, server_header=False, ws_ping_interval=20.0)
    return _Server(config)


def serve(settings: ServerSettings, log_level: str = "info") -> None:
    """Blocks until Ctrl+C."""
    make_server(settings, log_level).run()


class ServerThread:
    """`with ServerThread(settings) as srv: ... srv.url` — start, wait until listening, stop."""

    def __init__(self, settings: ServerSettings, app=None):
        self.settings = settings
        self.server = make_server(settings, app=app)
        self.app = self.server.config.app
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{self.settings.host}:{self.port}"

    @property
    def port(self) -> int:
        if self.settings.port:
            return self.settings.port
        servers = getattr(self.server, "servers", [])
        for s in servers:
            for sock in s.sockets:
                return sock.getsockname()[1]
        raise RuntimeError("server not started")

    def start(self, timeout: float = 10.0) -> "ServerThread":
        self._thread = threading.Thread(target=self.server.run, name="antrean-server", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start on {self.settings.host}:"
                                   f"{self.settings.port}")
            time.sleep(0.01)
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self.server.should_exit = True
        if self._thread:
            self._thread.join(timeout)
            if self._thread.is_alive():
                self.server.force_exit = True
                self._thread.join(timeout)

    def __enter__(self) -> "ServerThread":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
