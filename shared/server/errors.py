"""Every refusal as one JSON shape: `{"error": code, "message", "message_en", "detail"}`.

Domain errors are 4xx by their stable code; bad input is a 422 naming the field; nothing a
caller sends should become a 5xx (an unexpected fault is logged with its traceback)."""
from __future__ import annotations

import logging
import sqlite3

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from shared.domain import AntreanError, BookingRefused, CheckInRefused, IssueRefused

log = logging.getLogger(__name__)

# 409: the request is well formed but the queue's state refuses it now (try again later or
# differently); 422 stays for malformed input, so a client can tell "fix your request" apart.
STATUS_BY_CODE = {
    "not_found": 404,
    "illegal_transition": 409,
    "nobody_waiting": 409,
    "counter_paused": 409,
    "issue_refused": 409,
    "survey_refused": 409,   # not served yet, or already answered
    "booking_refused": 409,  # full, past the cut-off, a limit reached (detail.reason)
    "check_in_refused": 409, # too early, too late, another day … (detail.reason, detail.booking)
    "auth": 401,
    "forbidden": 403,
    "config": 422,
    "idempotency_conflict": 422,
    "rate_limited": 429,
}


def error_body(code: str, message: str, message_en: str, detail: dict | None = None) -> dict:
    return {"error": code, "message": message, "message_en": message_en,
            "detail": jsonable_encoder(detail or {})}


def antrean_error_response(exc: AntreanError) -> JSONResponse:
    detail = dict(exc.detail)
    if isinstance(exc, IssueRefused):
        detail.update(reason=exc.reason,
                      next_opening=exc.next_opening.isoformat() if exc.next_opening else None)
    if isinstance(exc, (BookingRefused, CheckInRefused)):
        detail["reason"] = exc.reason
    if isinstance(exc, CheckInRefused):
        from shared.server.models import BookingOut
        detail.update(opens_at=exc.opens_at.isoformat() if exc.opens_at else None,
                      booking=BookingOut.model_validate(exc.booking).model_dump(mode="json")
                      if exc.booking else None)
    if exc.code == "config":
        detail.update(file=getattr(exc, "file", None), key=getattr(exc, "key", None),
                      problem=getattr(exc, "problem", None))
    status = STATUS_BY_CODE.get(exc.code, 400)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    if status == 429:
        headers = {"Retry-After": str(detail.get("retry_after_s", 1))}
    return JSONResponse(error_body(exc.code, exc.message, exc.message_en, detail),
                        status_code=status, headers=headers)


def _field(loc) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header"):
        where, rest = parts[0], parts[1:]
        return f"{where}.{'.'.join(rest)}" if rest else where
    return ".".join(parts)


def install(app: FastAPI) -> None:
    @app.exception_handler(AntreanError)
    async def _antrean(request: Request, exc: AntreanError):
        return antrean_error_response(exc)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        errors = [{"field": _field(e.get("loc", ())), "message": e.get("msg", ""),
                   "type": e.get("type", "")} for e in exc.errors()]
        names = ", ".join(e["field"] for e in errors) or "request"
        first = errors[0]["message"] if errors else ""
        return JSONResponse(error_body(
            "invalid", f"Isian tidak sah: {names} ({first})", f"Invalid input: {names} ({first})",
            {"fields": errors}), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        texts = {404: ("Alamat tidak ditemukan", "Not found"),
                 405: ("Metode tidak diizinkan", "Method not allowed")}
        msg_id, msg_en = texts.get(exc.status_code, (str(exc.detail), str(exc.detail)))
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http")
        return JSONResponse(error_body(code, msg_id, msg_en), status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(sqlite3.OperationalError)
    async def _busy(request: Request, exc: sqlite3.OperationalError):
        log.error("database error on %s %s: %s", request.method, request.url.path, exc)
        return JSONResponse(error_body("busy", "Basis data sibuk, coba lagi",
                                       "The database is busy, try again"),
                            status_code=503, headers={"Retry-After": "1"})

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return JSONResponse(error_body("internal", "Kesalahan server", "Server error"),
                            status_code=500)
