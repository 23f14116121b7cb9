"""Staff: PIN login (sessions), officers' day, statistics, PINs and devices (admin)."""
from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from fastapi.encoders import jsonable_encoder

from shared.domain import AntreanError

from shared.server import auth, ratelimit
from shared.server.deps import Admin, Analyst, Caller, Service, Staff, State, forbidden
from shared.server.models import (DeviceCreatedOut, DeviceIn, DeviceOut, LoginIn, LoginOut, MeOut,
                                  OfficerDayOut, PinIn)
from shared.server.routers.common import error_responses

router = APIRouter(prefix="/api", tags=["staff"])
UserPath = Annotated[str, Path(min_length=1, max_length=60)]
MAX_STATS_DAYS = 366


@router.post("/auth/login", response_model=LoginOut, dependencies=[Depends(ratelimit.check)],
             tags=["auth"], responses=error_responses(401, 404, 409, 422, 429))
def login(body: LoginIn, state: State):
    """An officer signs in with a PIN and gets a session token (wrong PINs lock the account).
    With `counter`, the counter is opened for the officer, as `open` does (409 when another
    officer is at it), and the session bound to it at once (otherwise by `open`)."""
    svc = state.service
    user = svc.authenticate(body.username, body.pin)
    counter = None
    if body.counter:
        me = auth.Principal("session", user["username"], user["role"])
        counter, _ = state.perform(
            me, None, "POST /api/auth/login",
            lambda: svc.open_counter(body.counter, user["username"], takeover=False),
            lambda c: c.name, None)
    with svc.write_lock:
        token, expires = auth.create_session(svc.conn, user["username"], svc.clock.now(),
                                             state.settings.session_hours, counter)
    return {"token": token, **user, "counter": counter, "expires_at": expires}


@router.post("/auth/logout", status_code=204, tags=["auth"], responses=error_responses(401))
def logout(state: State, principal: Caller):
    """End this session (a device token is revoked with `antrean device revoke`)."""
    if principal.kind == "session":
        with state.service.write_lock:
            auth.end_session(state.service.conn, principal.token_hash, state.service.clock.now())


@router.get("/auth/me", response_model=MeOut, tags=["auth"], responses=error_responses(401))
def me(principal: Caller):
    """Who this token is: kind, name, role and (for an officer) the counter."""
    return {"kind": principal.kind, "name": principal.name, "role": principal.role,
            "counter": principal.counter}


@router.get("/officers/{username}/day", response_model=OfficerDayOut,
            responses=error_responses(401, 403))
def officer_day(username: UserPath, svc: Service, principal: Staff):
    """An officer's day so far (an officer sees only their own; supervisor and admin anyone's)."""
    if principal.role == "officer" and username.strip().lower() != principal.name:
        raise forbidden("melihat hari petugas lain", "read another officer's day", principal)
    return svc.officer_day(username)


@router.put("/officers/{username}/pin", status_code=204, responses=error_responses(401, 403, 404, 422))
def set_pin(username: UserPath, body: PinIn, svc: Service, principal: Admin):
    """Set an officer's PIN (stored as scrypt)."""
    with svc.write_lock:
        svc.set_pin(username, body.pin)


@router.get("/stats", responses=error_responses(401, 403, 422))
def stats(svc: Service, principal: Analyst,
          date_from: Annotated[date, Query(alias="from")],
          date_to: Annotated[date, Query(alias="to")]) -> list[dict[str, Any]]:
    """Per service over local dates: issued, served, no-shows; waiting and service time figures
    against the standard."""
    from shared.reports.stats import service_stats
    if date_to < date_from or (date_to - date_from).days > MAX_STATS_DAYS:
        raise AntreanError(f"Rentang tanggal harus 0–{MAX_STATS_DAYS} hari dan 'to' ≥ 'from'",
                           f"The date range must be 0–{MAX_STATS_DAYS} days with to ≥ from",
                           field="query.to")
    rows = service_stats(svc.conn, svc.config, date_from, date_to)
    return jsonable_encoder([asdict(r) for r in rows])


@router.get("/devices", response_model=list[DeviceOut], tags=["devices"],
            responses=error_responses(401, 403))
def devices(svc: Service, principal: Admin):
    """Kiosks and boards with their role and when they were last seen."""
    return auth.list_devices(svc.conn)


@router.post("/devices", response_model=DeviceCreatedOut, status_code=201, tags=["devices"],
             responses=error_responses(400, 401, 403, 422))
def add_device(body: DeviceIn, state: State, principal: Admin):
    """Create a kiosk or board device; the token is in this answer only."""
    svc = state.service
    with svc.write_lock:
        token = auth.add_device(svc.conn, body.name, body.role, svc.clock.now())
    state.broker.notify()
    return {"name": body.name, "role": body.role, "token": token}


@router.delete("/devices/{name}", tags=["devices"], responses=error_responses(401, 403, 404))
def revoke_device(name: UserPath, state: State, principal: Admin) -> dict[str, Any]:
    """Revoke a device's token at once."""
    svc = state.service
    with svc.write_lock:
        out = auth.revoke_device(svc.conn, name, svc.clock.now())
    state.broker.notify()
    return out


