"""The office: its configuration (read by every screen; replaced by admin) and the queues."""
from __future__ import annotations

import hashlib
from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Request, Response

from shared.config import parse_config
from shared.store.setup import apply_config

from shared.server.deps import Admin, Reader, Service, State
from shared.server.models import ServiceQueueOut, TicketOut
from shared.server.routers.common import error_responses, ticket_json

router = APIRouter(prefix="/api", tags=["office"])


@router.get("/office/config", responses={**error_responses(401, 403),
                                         304: {"description": "unchanged (If-None-Match)"}})
def get_config(request: Request, svc: Service, principal: Reader) -> dict[str, Any]:
    """The office configuration in force, as the TOML's tables (ETag: poll cheaply)."""
    text = svc.config.to_json()
    etag = '"' + hashlib.sha256(text.encode()).hexdigest()[:16] + '"'
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers={"ETag": etag})
    return Response(text, media_type="application/json", headers={"ETag": etag})


@router.put("/office/config", responses=error_responses(401, 403, 422))
def put_config(raw: Annotated[dict[str, Any], Body(description="the office config's tables")],
               state: State, principal: Admin) -> dict[str, Any]:
    """Load a new office configuration (as `antrean init --config`): history is kept."""
    config = parse_config(raw, "(api)")
    svc = state.service
    with svc.write_lock:
        summary = apply_config(svc.conn, config, svc.clock.now())
    state.broker.notify()
    return summary


@router.get("/queues", response_model=list[ServiceQueueOut], responses=error_responses(401, 403))
def queues(svc: Service, principal: Reader):
    """Every active service: waiting count and whether the kiosk can issue now."""
    return [ServiceQueueOut.model_validate(q).model_dump(mode="json") for q in svc.queues()]


@router.get("/services/{service}/waiting", response_model=list[TicketOut],
            responses=error_responses(401, 403, 409))
def waiting(service: Annotated[str, Path(min_length=1, max_length=64)], svc: Service,
            principal: Reader):
    """The waiting tickets of a service, in calling order."""
    return [ticket_json(t) for t in svc.waiting(service)]
