"""Dependencies shared by the routers: the app state, the caller, and the role rules.

Roles: kiosk (issue + reads + printer events), board (reads), officer (acts only at the counter
its session is bound to), supervisor (reads + statistics), admin (everything)."""
from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from shared.server.auth import Forbidden, Principal, unauthenticated
from shared.server.service import ServerQueueService
from shared.server.state import ServerState

bearer = HTTPBearer(auto_error=False, description="a device token (`antrean device add`) or "
                                                  "an officer's session token (`POST /api/auth/login`)")

READ_ROLES = ("kiosk", "board", "officer", "supervisor", "admin")
STAFF = ("officer", "supervisor", "admin")


async def get_state(request: Request) -> ServerState:
    return request.app.state.antrean


State = Annotated[ServerState, Depends(get_state)]


async def get_service(state: State) -> ServerQueueService:
    return state.service


Service = Annotated[ServerQueueService, Depends(get_service)]


def _resolve(state: ServerState, token: str | None) -> Principal:
    # one indexed lookup (~10 µs): run on the event loop rather than pay a thread hop
    if not token:
        raise unauthenticated()
    return state.auth.resolve(state.service._conn, token, state.service.clock.now())


async def get_principal(state: State, credentials: Annotated[
        HTTPAuthorizationCredentials | None, Depends(bearer)] = None) -> Principal:
    return _resolve(state, credentials.credentials if credentials else None)


async def get_stream_principal(state: State, credentials: Annotated[
        HTTPAuthorizationCredentials | None, Depends(bearer)] = None,
        access_token: Annotated[str | None, Query(max_length=200, description=(
            "the token, for clients that cannot set headers (EventSource, WebSocket)"))] = None
        ) -> Principal:
    return _resolve(state, credentials.credentials if credentials else access_token)


Caller = Annotated[Principal, Depends(get_principal)]
StreamCaller = Annotated[Principal, Depends(get_stream_principal)]


def forbidden(what_id: str, what_en: str, principal: Principal) -> Forbidden:
    return Forbidden(f"{principal.name} ({principal.role}) tidak boleh {what_id}",
                     f"{principal.name} ({principal.role}) may not {what_en}", role=principal.role)


def roles(*allowed: str, what: tuple[str, str] = ("melakukan ini", "do this")):
    """A dependency that lets only `allowed` roles through (401 without a token, 403 otherwise)."""
    async def check(principal: Caller) -> Principal:
        if principal.role not in allowed:
            raise forbidden(what[0], what[1], principal)
        return principal
    return check


def at_counter(principal: Principal, counter: str) -> None:
    """Officers and supervisors act only at the counter their session is bound to; admin anywhere."""
    if principal.role == "admin":
        return
    if principal.role not in ("officer", "supervisor"):
        raise forbidden("bertindak di loket", "act at a counter", principal)
    if principal.counter is None or principal.counter.lower() != counter.strip().lower():
        bound = principal.counter or "-"
        raise Forbidden(f"{principal.name} masuk di loket {bound}, bukan loket {counter}",
                        f"{principal.name} is signed in at counter {bound}, not {counter}",
                        counter=principal.counter)


def holds_counter(svc: ServerQueueService, principal: Principal, counter: str) -> None:
    """The counter's officer must be the caller (admin excepted): a session bound to a counter
    that was since taken over, or bound without `open`, acts nowhere. Call it inside the write
    (under `write_lock`), so the check and the action see the same counter."""
    if principal.role == "admin":
        return
    row = svc._counter_row(svc._conn, counter)   # 404 for an unknown counter
    if row[4] != principal.name:
        holder = row[4] or "-"
        raise Forbidden(f"{row[1]} tidak sedang dipakai {principal.name} (petugas: {holder})",
                        f"{row[1]} is not held by {principal.name} (officer: {holder})",
                        counter=row[0], officer=row[4])


Reader = Annotated[Principal, Depends(roles(*READ_ROLES))]
Staff = Annotated[Principal, Depends(roles(*STAFF, what=("tindakan petugas", "act as staff")))]
Issuer = Annotated[Principal, Depends(roles("kiosk", "admin", what=("mengambil nomor", "issue tickets")))]
Analyst = Annotated[Principal, Depends(roles("supervisor", "admin",
                                             what=("melihat statistik", "read statistics")))]
Admin = Annotated[Principal, Depends(roles("admin", what=("mengatur sistem", "administer")))]
Recorder = Annotated[Principal, Depends(roles("kiosk", "admin",
                                              what=("mencatat peristiwa", "record events")))]

IdempotencyKey = Annotated[str | None, Header(
    alias="Idempotency-Key", max_length=128, pattern=r"^[A-Za-z0-9._:-]{8,128}$",
    description="a retried request with the same key returns the first result")]
