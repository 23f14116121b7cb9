"""What needs no staff login: the visitor's status page `/t/<token>` and its JSON and live feed
(rate-limited per address), the web board `/board` (its data needs a board token), health."""
from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from pathlib import Path as FilePath
from typing import Annotated

from anyio import to_thread
from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import FileResponse, StreamingResponse

from shared.domain import STATUS_LABELS, AntreanError
from shared.estimate.words import range_text, slip_text

from shared.server import ratelimit
from shared.server.broker import CLOSED
from shared.server.deps import Reader, Service, State
from shared.server.models import HealthOut
from shared.server.routers.common import error_responses

router = APIRouter(tags=["public"])
STATIC = FilePath(__file__).resolve().parent.parent / "static"
TokenPath = Annotated[str, Path(min_length=16, max_length=64, pattern=r"^[A-Za-z0-9_-]+$",
                                description="the ticket's token from the receipt's QR code")]
MAX_STREAMS_PER_CLIENT = 4
KEEPALIVE_S = 15.0   # also how often an open status page's estimate is worked out again
RECENT_CALLS = 5


def public_status(svc, token: str) -> dict:
    """A ticket as the visitor sees it: no personal data, no officer names."""
    t = svc.ticket_by_token(token)
    cfg = svc.config
    svc_cfg = cfg.service(t.service)
    counter_cfg = cfg.counter(t.counter) if t.counter else None
    label_id, label_en = STATUS_LABELS[t.status]
    now = svc.clock.now()
    est = svc.estimate_for(t)     # None unless waiting
    return {
        "code": t.code, "number": t.number, "status": t.status.value,
        "status_label": {"id": label_id, "en": label_en},
        "service": {"code": t.service, "name": svc_cfg.name if svc_cfg else t.service,
                    "name_en": svc_cfg.name_en if svc_cfg else t.service},
        "priority": t.priority_group.value if t.priority_group else None,
        "people_ahead": est.people_ahead if est else 0,
        "estimated_wait_min": round(est.minutes, 1) if est else 0.0,
        # the phone shows a range ("sekitar 20–30 menit"), worked out again as the day moves
        "wait": None if est is None else {
            "minutes": round(est.minutes, 1), "low_min": round(est.low_min, 1),
            "high_min": round(est.high_min, 1),
            "text": {lang: range_text(est.low_min, est.high_min, lang) for lang in ("id", "en")},
            "figure": {lang: slip_text(est.minutes, lang) for lang in ("id", "en")}},
        "counter": ({"name": t.counter, "label": counter_cfg.label if counter_cfg
                     else f"Loket {t.counter}"}
                    if t.counter and t.status.value in ("called", "serving") else None),
        "called_at": t.called_at.isoformat() if t.called_at else None,
        "recalls": t.recalls,
        "issued_at": t.issued_at.isoformat(),
        "business_day": t.business_day.isoformat(),
        "stale": (now - t.issued_at) > timedelta(hours=24),
        "office": {"name": cfg.name, "short_name": cfg.short_name or cfg.name},
        "now": now.isoformat(),
    }


@router.get("/healthz", response_model=HealthOut)
def health(svc: Service):
    """Alive, the server's clock and the newest event (clients measure their clock offset)."""
    return {"ok": True, "now": svc.clock.now(), "office": svc.config.name,
            "last_event_seq": svc.last_event_seq()}


def _page(name: str) -> FileResponse:
    return FileResponse(STATIC / name, media_type="text/html; charset=utf-8",
                        headers={"Cache-Control": "no-cache"})


@router.get("/t/{token}", include_in_schema=False, dependencies=[Depends(ratelimit.check)])
def status_page(token: TokenPath):
    """The visitor's page (the ticket is fetched by the page's script)."""
    return _page("status.html")


@router.get("/board", include_in_schema=False)
def board_page():
    return _page("board.html")


@router.get("/api/public/tickets/{token}", dependencies=[Depends(ratelimit.check)],
            responses=error_responses(404, 422, 429))
def public_ticket(token: TokenPath, svc: Service) -> dict:
    """The status page's data: number, service, status, people ahead, estimated wait, counter."""
    return public_status(svc, token)


@router.get("/api/public/tickets/{token}/stream", dependencies=[Depends(ratelimit.check)],
            responses={**error_responses(404, 422, 429),
                       200: {"content": {"text/event-stream": {}}}},
            response_class=StreamingResponse)
async def public_stream(token: TokenPath, request: Request, state: State):
    """Server-sent events: the status page's data again whenever it changes."""
    svc = state.service
    first = await to_thread.run_sync(public_status, svc, token)  # 404 before streaming
    streams = request.app.state.public_streams
    client = ratelimit.client_address(request, state.settings.trusted_proxies)
    if streams.get(client, 0) >= MAX_STREAMS_PER_CLIENT:
        raise ratelimit.RateLimited("Terlalu banyak halaman status terbuka dari alamat ini",
                                    "Too many open status pages from this address",
                                    retry_after_s=5)
    streams[client] = streams.get(client, 0) + 1
    queue = state.broker.subscribe()

    def message(status: dict) -> str:
        return f"event: status\ndata: {json.dumps(status, ensure_ascii=False)}\n\n"

    async def body():
        try:
            yield "retry: 2000\n\n" + message(first)
            last = {k: v for k, v in first.items() if k != "now"}
            while True:
                quiet = False
                try:
                    item = await asyncio.wait_for(queue.get(), KEEPALIVE_S)
                except asyncio.TimeoutError:
                    quiet = True     # no event: time has passed, the estimate may have moved
                if not quiet and item is CLOSED:
                    return
                try:
                    status = await to_thread.run_sync(public_status, svc, token)
                except AntreanError:
                    return
                comparable = {k: v for k, v in status.items() if k != "now"}
                if comparable != last:
                    last = comparable
                    yield message(status)
                elif quiet:
                    yield ": keep-alive\n\n"
        finally:
            state.broker.unsubscribe(queue)
            streams[client] -= 1
            if streams[client] <= 0:
                streams.pop(client, None)
    return StreamingResponse(body(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


def _say(code: str, counter: str) -> str | None:
    """The spoken call for browsers with a speech engine (the Qt board plays recorded clips)."""
    try:
        from shared.announce import announcement_text
        return announcement_text(code, counter, "id")
    except Exception:  # no words for this code: the chime and the screen carry the call
        return None


def board_state(svc) -> dict:
    """Everything the web board shows: the latest call, recent calls, counters, queues."""
    cfg = svc.config
    now = svc.clock.now()
    today = now.astimezone(cfg.tz).date()
    last = svc.last_event_seq()
    events = svc.events_after(max(0, last - 3000), 3000)
    calls = []
    for e in events:
        if e.type in ("called", "recalled") and e.ticket_code and e.counter \
                and e.at.astimezone(cfg.tz).date() == today:
            calls = [c for c in calls if c["code"] != e.ticket_code]
            c_cfg, s_cfg = cfg.counter(e.counter), cfg.service(e.service) if e.service else None
            calls.append({"seq": e.seq, "code": e.ticket_code, "counter": e.counter,
                          "counter_label": c_cfg.label if c_cfg else f"Loket {e.counter}",
                          "service_name": s_cfg.name if s_cfg else "",
                          "service_name_en": s_cfg.name_en if s_cfg else "",
                          "recall": e.type == "recalled", "at": e.at.isoformat(),
                          "say": _say(e.ticket_code, e.counter)})
    calls.reverse()
    counters = [{"name": c.name, "label": c.label, "status": c.status.value,
                 "pause_reason": c.pause_reason, "priority_only": c.priority_only,
                 "current": c.current.code if c.current else None,
                 "current_status": c.current.status.value if c.current else None}
                for c in svc.counters()]
    queues = [{"service": q.service, "prefix": q.prefix, "name": q.name_id, "name_en": q.name_en,
               "waiting": q.waiting, "can_issue": q.can_issue, "closed_reason": q.closed_reason}
              for q in svc.queues()]
    return {"office": {"name": cfg.name, "short_name": cfg.short_name or cfg.name,
                       "timezone": cfg.timezone, "running_text": cfg.running_text},
            "now": now.isoformat(), "seq": last, "latest": calls[0] if calls else None,
            "recent": calls[1:RECENT_CALLS + 1], "counters": counters, "queues": queues}


@router.get("/api/board", tags=["board"], responses=error_responses(401, 403))
def board(svc: Service, principal: Reader) -> dict:
    """The web board's data (a board device token)."""
    return board_state(svc)


