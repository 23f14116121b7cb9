"""Tickets: issue (kiosk), read, cancel and reactivate (staff)."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from shared.server.deps import IdempotencyKey, Issuer, Reader, Service, Staff, State
from shared.server.models import IssuedTicketOut, IssueIn, PositionOut, TicketOut
from shared.server.routers.common import error_responses, issued_json, ticket_json, write

router = APIRouter(prefix="/api/tickets", tags=["tickets"])
CodePath = Annotated[str, Path(min_length=1, max_length=64, description="A-001, a1 or a token")]


@router.post("", status_code=201, response_model=IssuedTicketOut,
             responses=error_responses(401, 403, 409, 422))
async def issue(body: IssueIn, state: State, principal: Issuer, key: IdempotencyKey = None):
    """Issue the next number of a service (code or prefix). 409 `issue_refused` when closed,
    a holiday, the quota is used up, or the service is unknown or inactive."""
    svc = state.service

    def rebuild(ticket_id, _counter):
        return svc.issued_ticket(svc.ticket_by_id(ticket_id))

    scope = f"POST /api/tickets {body.service.lower()} {body.priority or ''}"
    return await state.off_loop(write, state, principal, key, scope,
                                lambda: svc.issue(body.service, body.priority), issued_json,
                                rebuild, 201)


@router.get("/{code}", response_model=TicketOut, responses=error_responses(401, 403, 404))
def get_ticket(code: CodePath, svc: Service, principal: Reader):
    """Today's ticket with this code (or a ticket token)."""
    return ticket_json(svc.ticket(code))


@router.get("/{code}/position", response_model=PositionOut,
            responses=error_responses(401, 403, 404))
def position(code: CodePath, svc: Service, principal: Reader):
    """People ahead and the estimated wait in minutes."""
    t = svc.ticket(code)
    return {"code": t.code, "people_ahead": svc.people_ahead(code),
            "estimated_wait_min": svc.estimated_wait(code)}


def _ticket_action(name: str, doc: str):
    def action(code: CodePath, state: State, principal: Staff, key: IdempotencyKey = None):
        svc = state.service
        return write(state, principal, key, f"POST /api/tickets/{code}/{name}",
                     lambda: getattr(svc, name)(code), ticket_json,
                     lambda tid, _c: svc.ticket_by_id(tid))
    action.__doc__ = doc
    action.__name__ = name
    router.post(f"/{{code}}/{name}", response_model=TicketOut, name=name,
                responses=error_responses(401, 403, 404, 409))(action)


_ticket_action("cancel", "Cancel a waiting ticket.")
_ticket_action("reactivate", "Put a no-show back in the queue after the configured number.")
