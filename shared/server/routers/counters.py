"""Counters: the officer's actions (call, recall, start, finish, no-show, transfer) and the
counter's state (open, close, pause, resume). An officer acts only at the counter its session
is bound to (`open` binds it) and that it still holds (a takeover ends that); admin anywhere."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Path

from shared.server import auth
from shared.server.auth import Principal
from shared.server.deps import (IdempotencyKey, Reader, Service, Staff, State, at_counter, forbidden,
                                holds_counter)
from shared.server.models import CallIn, CounterStateOut, OpenIn, PauseIn, TicketOut, TransferIn
from shared.server.routers.common import counter_json, error_responses, ticket_json, write

router = APIRouter(prefix="/api/counters", tags=["counters"])
CounterPath = Annotated[str, Path(min_length=1, max_length=60, description="counter name, e.g. 3")]
ACT = error_responses(401, 403, 404, 409, 422)


@router.get("", response_model=list[CounterStateOut], responses=error_responses(401, 403))
def counters(svc: Service, principal: Reader):
    """Every active counter and its state."""
    return [counter_json(c) for c in svc.counters()]


@router.get("/{counter}", response_model=CounterStateOut, responses=error_responses(401, 403, 404))
def counter(counter: CounterPath, svc: Service, principal: Reader):
    return counter_json(svc.counter_state(counter))


@router.get("/{counter}/current", response_model=TicketOut | None,
            responses=error_responses(401, 403, 404))
def current(counter: CounterPath, svc: Service, principal: Reader):
    """The ticket the counter has called or is serving (null when none)."""
    t = svc.current_ticket(counter)
    return ticket_json(t) if t else None


def _held(svc, principal: Principal, counter: str, action):
    """`action`, run only if the caller still holds the counter (checked in the same write)."""
    def run():
        holds_counter(svc, principal, counter)
        return action()
    return run


def _officer_for(principal: Principal, requested: str | None) -> str | None:
    """Staff act as themselves; only admin names another officer."""
    if principal.role == "admin":
        return requested
    if requested and requested.strip().lower() != principal.name:
        raise forbidden(f"bertindak atas nama {requested}", f"act as {requested}", principal)
    return principal.name


@router.post("/{counter}/call", response_model=TicketOut, responses=ACT)
async def call(counter: CounterPath, state: State, principal: Staff,
               body: Annotated[CallIn | None, Body()] = None, key: IdempotencyKey = None):
    """Call the next ticket under the office's priority policy, or `ticket` (a late visitor).
    409 `nobody_waiting`, `counter_paused` or `illegal_transition`."""
    at_counter(principal, counter)
    body = body or CallIn()
    officer = _officer_for(principal, body.officer)
    svc = state.service
    if body.ticket:
        action = lambda: svc.call_ticket(counter, body.ticket, officer)  # noqa: E731
    else:
        action = lambda: svc.call_next(counter, officer)  # noqa: E731
    return await state.off_loop(
        write, state, principal, key, f"POST /api/counters/{counter}/call {body.ticket or ''}",
        _held(svc, principal, counter, action), ticket_json, lambda tid, _c: svc.ticket_by_id(tid))


def _ticket_action(path: str, method: str, doc: str):
    def action(counter: CounterPath, state: State, principal: Staff, key: IdempotencyKey = None):
        at_counter(principal, counter)
        svc = state.service
        return write(state, principal, key, f"POST /api/counters/{counter}/{path}",
                     _held(svc, principal, counter, lambda: getattr(svc, method)(counter)),
                     ticket_json,
                     lambda tid, _c: svc.ticket_by_id(tid))
    action.__doc__, action.__name__ = doc, method
    router.post(f"/{{counter}}/{path}", response_model=TicketOut, responses=ACT,
                name=method)(action)


_ticket_action("recall", "recall", "Call the counter's current ticket again (counted, limited).")
_ticket_action("start", "start", "The visitor has arrived: service starts.")
_ticket_action("finish", "finish", "Service is done.")
_ticket_action("no-show", "no_show", "The called visitor did not come.")


@router.post("/{counter}/transfer", response_model=TicketOut, responses=ACT)
def transfer(counter: CounterPath, body: TransferIn, state: State, principal: Staff,
             key: IdempotencyKey = None):
    """Send the current ticket to another service, keeping its number and issue time."""
    at_counter(principal, counter)
    svc = state.service
    return write(state, principal, key, f"POST /api/counters/{counter}/transfer {body.service}",
                 _held(svc, principal, counter, lambda: svc.transfer(counter, body.service)),
                 ticket_json,
                 lambda tid, _c: svc.ticket_by_id(tid))


@router.post("/{counter}/open", response_model=CounterStateOut, responses=ACT)
def open_counter(counter: CounterPath, state: State, principal: Staff,
                 body: Annotated[OpenIn | None, Body()] = None, key: IdempotencyKey = None):
    """An officer sits down at a counter; an officer's session is bound to it from now on."""
    body = body or OpenIn()
    officer = _officer_for(principal, body.officer)
    svc = state.service
    response = write(state, principal, key, f"POST /api/counters/{counter}/open",
                     lambda: svc.open_counter(counter, officer, body.takeover), counter_json,
                     lambda _t, c: svc.counter_state(c or counter))
    if principal.kind == "session" and principal.role != "admin":
        with svc.write_lock:
            auth.bind_session(svc.conn, principal.token_hash, svc.counter_state(counter).name)
    return response


def _state_action(path: str, method: str, doc: str, with_reason: bool = False):
    if with_reason:
        def action(counter: CounterPath, state: State, principal: Staff,
                   body: Annotated[PauseIn | None, Body()] = None, key: IdempotencyKey = None):
            at_counter(principal, counter)
            svc = state.service
            reason = (body or PauseIn()).reason
            return write(state, principal, key, f"POST /api/counters/{counter}/{path}",
                         _held(svc, principal, counter, lambda: svc.pause(counter, reason)),
                         counter_json,
                         lambda _t, c: svc.counter_state(c or counter))
    else:
        def action(counter: CounterPath, state: State, principal: Staff,
                   key: IdempotencyKey = None):
            at_counter(principal, counter)
            svc = state.service
            return write(state, principal, key, f"POST /api/counters/{counter}/{path}",
                         _held(svc, principal, counter, lambda: getattr(svc, method)(counter)),
                         counter_json,
                         lambda _t, c: svc.counter_state(c or counter))
    action.__doc__, action.__name__ = doc, method
    router.post(f"/{{counter}}/{path}", response_model=CounterStateOut, responses=ACT,
                name=method)(action)


_state_action("close", "close_counter", "The officer leaves; the counter must hold no ticket.")
_state_action("pause", "pause", "Istirahat: the counter calls nobody until resumed.", True)
_state_action("resume", "resume", "Back from a break.")
