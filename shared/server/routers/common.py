"""Helpers the routers share: serialising domain objects and running writes."""
from __future__ import annotations

from fastapi.responses import JSONResponse

from shared.domain import IssuedTicket

from shared.server.auth import Principal
from shared.server.models import CounterStateOut, IssuedTicketOut, TicketOut
from shared.server.state import ServerState

ERRORS = {  # documented in the OpenAPI document for every route that refuses
    401: {"description": "not signed in", "model": None},
}


def ticket_json(t) -> dict:
    return TicketOut.model_validate(t).model_dump(mode="json")


def counter_json(c) -> dict:
    return CounterStateOut.model_validate(c).model_dump(mode="json")


def issued_json(i: IssuedTicket) -> dict:
    return IssuedTicketOut.model_validate(i).model_dump(mode="json")


def write(state: ServerState, principal: Principal, key: str | None, scope: str, action,
          serialize, rebuild, status_code: int = 200) -> JSONResponse:
    body, replayed = state.perform(principal, key, scope, action, serialize, rebuild)
    headers = {"Idempotent-Replayed": "true"} if replayed else None
    return JSONResponse(body, status_code=status_code, headers=headers)


def error_responses(*codes: int) -> dict:
    from shared.server.models import ErrorOut
    texts = {400: "refused", 401: "not signed in (no, wrong, expired or revoked token)",
             403: "this role may not do that", 404: "unknown ticket, counter or service",
             409: "the queue's state refuses it now", 422: "invalid input (the field is named)",
             429: "too many requests"}
    return {c: {"model": ErrorOut, "description": texts.get(c, "error")} for c in codes}
