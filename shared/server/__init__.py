"""The office LAN server: `antrean serve` owns the SQLite file and offers every `QueueService`
operation as JSON over HTTP (FastAPI on uvicorn), a push channel for events (server-sent events
and WebSocket), the visitor's status page `/t/<token>` and the web board `/board`.

`create_app(settings)` builds the application; `shared.http.client.HttpQueueService` is its client.
"""
from shared.server.app import create_app
from shared.server.settings import ServerSettings

__all__ = ["create_app", "ServerSettings"]
