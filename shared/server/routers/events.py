"""The event log and the push channel: `GET /api/events?after=N` for polling, server-sent events
(`/api/events/stream`, resumes from `Last-Event-ID`) and a WebSocket (`/api/events/ws`)."""
from __future__ import annotations

import asyncio
import json
from typing import Annotated

from anyio import to_thread
from fastapi import APIRouter, Header, Query, WebSocket, WebSocketDisconnect
from fastapi.responses import StreamingResponse

from shared.domain import AntreanError

from shared.server.broker import CLOSED
from shared.server.deps import IdempotencyKey, Reader, Recorder, Service, State, StreamCaller
from shared.server.models import EventIn, EventOut, SeqOut
from shared.server.routers.common import error_responses, write

router = APIRouter(prefix="/api/events", tags=["events"])
KEEPALIVE_S = 15.0
READ_ROLES = ("kiosk", "board", "officer", "supervisor", "admin")


def event_json(e) -> dict:
    return EventOut.model_validate(e).model_dump(mode="json")


@router.get("", response_model=list[EventOut], responses=error_responses(401, 403))
def events(svc: Service, principal: Reader, after: Annotated[int, Query(ge=0)] = 0,
           limit: Annotated[int, Query(ge=1, le=5000)] = 1000):
    """Events with a sequence number above `after`, oldest first."""
    return [event_json(e) for e in svc.events_after(after, limit)]


@router.get("/last", response_model=SeqOut, responses=error_responses(401, 403))
def last(svc: Service, principal: Reader):
    """The newest event's sequence number (0 when none)."""
    return {"seq": svc.last_event_seq()}


@router.post("", response_model=EventOut, status_code=201, responses=error_responses(401, 403, 404))
def record(body: EventIn, state: State, principal: Recorder, key: IdempotencyKey = None):
    """Log something that is not a state change (a printer fault, a reprint)."""
    svc = state.service
    return write(state, principal, key, f"POST /api/events {body.type}",
                 lambda: svc.record_event(body.type, ticket_code=body.ticket_code,
                                          counter=body.counter, detail=body.detail),
                 event_json, lambda _t, _c: svc.events_after(svc.last_event_seq() - 1, 1)[0], 201)


async def follow(state, after: int):
    """Yield lists of events above `after`: first what is stored, then what the broker pushes."""
    broker = state.broker
    queue = broker.subscribe()
    try:
        sent = after
        while True:  # catch up from the store
            batch = await to_thread.run_sync(state.service.events_after, sent, 500)
            if batch:
                sent = batch[-1].seq
                yield batch
            if len(batch) < 500:
                break
        while True:
            try:
                item = await asyncio.wait_for(queue.get(), KEEPALIVE_S)
            except asyncio.TimeoutError:
                yield []  # keep-alive
                continue
            if item is CLOSED:
                return
            fresh = [e for e in item if e.seq > sent]
            if fresh:
                sent = fresh[-1].seq
                yield fresh
    finally:
        broker.unsubscribe(queue)


def _sse(batch) -> str:
    if not batch:
        return ": keep-alive\n\n"
    data = json.dumps([event_json(e) for e in batch], ensure_ascii=False)
    return f"id: {batch[-1].seq}\nevent: events\ndata: {data}\n\n"


@router.get("/stream", responses={**error_responses(401, 403),
                                  200: {"content": {"text/event-stream": {}},
                                        "description": "server-sent events"}},
            response_class=StreamingResponse)
async def stream(state: State, principal: StreamCaller,
                 after: Annotated[int | None, Query(ge=0)] = None,
                 last_event_id: Annotated[str | None, Header(alias="Last-Event-ID",
                                                             max_length=20)] = None):
    """Server-sent events: each message (`event: events`, `id:` the last seq) is a JSON list of
    events. Starts after `after`, or `Last-Event-ID` on a reconnect, or now."""
    if principal.role not in READ_ROLES:
        from shared.server.deps import forbidden
        raise forbidden("mengikuti peristiwa", "follow events", principal)
    start = after
    if start is None and last_event_id and last_event_id.isdigit():
        start = int(last_event_id)
    if start is None:
        start = await to_thread.run_sync(state.service.last_event_seq)

    async def body():
        yield f"retry: 1000\nid: {start}\n\n"
        async for batch in follow(state, start):
            yield _sse(batch)
    return StreamingResponse(body(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


@router.websocket("/ws")
async def websocket(ws: WebSocket, after: int | None = None, access_token: str | None = None):
    """The same feed over a WebSocket: each message is a JSON list of events."""
    state = ws.app.state.antrean
    token = access_token or ws.headers.get("authorization", "").removeprefix("Bearer ").strip()
    try:
        principal = await to_thread.run_sync(   # the connection of the worker thread
            lambda: state.auth.resolve(state.service.conn, token, state.service.clock.now()))
        if principal.role not in READ_ROLES:
            raise AntreanError("forbidden")
    except AntreanError:
        await ws.close(code=4401)
        return
    await ws.accept()
    start = after if after is not None else await to_thread.run_sync(state.service.last_event_seq)
    try:
        async for batch in follow(state, start):
            if batch:
                await ws.send_text(json.dumps([event_json(e) for e in batch], ensure_ascii=False))
        await ws.close(code=1012)  # service restart: reconnect
    except (WebSocketDisconnect, RuntimeError):
        pass
