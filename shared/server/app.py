"""`create_app(settings)`: the FastAPI application of `antrean serve`.

One `ServerQueueService` (a SQLite connection per worker thread, writes serialised in-process),
one router per resource, the error JSON for every refusal, the push broker started with the app,
and the static pages (status page, web board) served from `static/`: no CDN, no build step.
"""
from __future__ import annotations

import logging
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from shared.server import errors
from shared.server.routers import (booking, complaints, counters, events, office, public, staff,
                                   survey, tickets)
from shared.server.settings import ServerSettings
from shared.server.state import ServerState

log = logging.getLogger(__name__)

API_VERSION = "1"
# pages and API: scripts and styles only from this server; the token in /t/<token> never leaks
# through a Referer header
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy",
     b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
     b"connect-src 'self'; frame-ancestors 'none'"),
]


class SecurityHeaders:
    """A plain ASGI middleware (no buffering, so server-sent events stream through)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + SECURITY_HEADERS
            await send(message)
        await self.app(scope, receive, send_with_headers)


def create_app(settings: ServerSettings) -> FastAPI:
    """A new application on `settings.db_path` (which must exist and be migrated)."""
    state = ServerState.build(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        await state.broker.start()
        try:
            yield
        finally:
            await state.broker.stop()
            state.writer.shutdown(wait=True)
            state.service.close()

    app = FastAPI(
        title="antrean",
        version=API_VERSION,
        summary="Front-desk queue system for Indonesian public-service offices: the office LAN API",
        description=("Every QueueService operation as JSON. Sign in with a device token "
                     "(`antrean device add`) or an officer's session token "
                     "(`POST /api/auth/login`), as `Authorization: Bearer <token>`. Every refusal "
                     "is `{error, message, message_en, detail}`."),
        lifespan=lifespan,
        # the interactive pages load scripts from a CDN: an office LAN may have no internet,
        # and the CSP allows only this server. The document itself is /openapi.json.
        docs_url=None,
        redoc_url=None,
    )
    app.state.antrean = state
    app.state.public_streams = {}
    errors.install(app)
    for module in (tickets, counters, office, events, staff, public, survey, complaints, booking):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=public.STATIC), name="static")
    app.add_middleware(SecurityHeaders)
    return app
