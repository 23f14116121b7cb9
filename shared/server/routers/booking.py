"""Antrean online over HTTP: the visitor's booking page and its public JSON (no login, rate-limited
per address, writes from a stricter bucket), the staff list and booking for a phone caller, and
check-in by the kiosk."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response
from pydantic import AwareDatetime, Field, StringConstraints

from shared.booking import limits
from shared.booking.codes import booking_url
from shared.booking.slots import last_day, slot_times
from shared.domain import PriorityGroup
from shared.server import ratelimit
from shared.server.auth import Forbidden, Principal
from shared.server.deps import IdempotencyKey, Issuer, Reader, Service, Staff, State
from shared.server.models import BookingOut, BookingSlotOut, IssuedTicketOut, Strict
from shared.server.routers.common import error_responses, issued_json, write
from shared.server.routers.public import _page

router = APIRouter(tags=["booking"])
VISITOR = Principal("public", "visitor", "public")
CodePath = Annotated[str, Path(min_length=8, max_length=12, pattern=r"^[A-Za-z0-9-]+$",
                               description="the booking code, e.g. K7Q4-M2XA")]
ServicePath = Annotated[str, Path(min_length=1, max_length=32)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                        max_length=limits.MAX_NAME)]
ContactText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)]


class BookIn(Strict):
    service: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=32)]
    slot_start: AwareDatetime = Field(description="the slot's start, with its offset")
    name: Name
    contact: ContactText = Field(description="phone number or NIK, as the service asks")


class StaffBookIn(BookIn):
    staff: Annotated[str, StringConstraints(max_length=60)] | None = Field(
        None, description="the officer booking for a phone caller: must be the signed-in user")


class ProofIn(Strict):
    contact: ContactText = Field(description="the booking's phone number or NIK, as proof")


class RescheduleIn(Strict):
    slot_start: AwareDatetime
    contact: ContactText | None = Field(None, description="proof (optional for staff)")


class PublicRescheduleIn(RescheduleIn):
    contact: ContactText = Field(description="the booking's phone number or NIK, as proof")


class CheckInIn(Strict):
    code: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)] = \
        Field(description="what the scanner or the visitor typed: the code or the QR's URL")
    priority: PriorityGroup | None = None


def write_limit(request: Request) -> None:
    """The public booking writes: the status page's bucket, then a stricter one of their own."""
    ratelimit.check(request)
    app = request.app
    bucket = getattr(app.state, "booking_bucket", None)
    if bucket is None:
        extra = app.state.antrean.settings.extra
        bucket = app.state.booking_bucket = ratelimit.TokenBucket(
            extra.get("booking_rate_per_s", limits.WRITE_RATE_PER_S),
            extra.get("booking_burst", limits.WRITE_BURST))
    wait = bucket.take(ratelimit.client_address(request, app.state.antrean.settings.trusted_proxies))
    if wait > 0:
        raise ratelimit.RateLimited("Terlalu banyak pemesanan dari alamat ini: coba lagi nanti",
                                    "Too many bookings from this address: try again later",
                                    retry_after_s=max(1, round(wait)))


def booking_json(b) -> dict:
    return BookingOut.model_validate(b).model_dump(mode="json")


def _rebuild(svc):
    return lambda _ticket_id, ref: svc.booking(ref.split(":", 1)[1])


def _perform(state: State, principal, key, scope: str, action, status_code: int = 200):
    return write(state, principal, key, scope, action, booking_json, _rebuild(state.service),
                 status_code)


# --- pages ---------------------------------------------------------------------------------------
@router.get("/booking", include_in_schema=False, dependencies=[Depends(ratelimit.check)])
def booking_page():
    return _page("booking.html")


@router.get("/booking/{code}", include_in_schema=False, dependencies=[Depends(ratelimit.check)])
def booking_code_page(code: CodePath):
    return _page("booking.html")


# --- public ------------------------------------------------------------------------------------
def services_state(svc) -> dict:
    """The services that take bookings and, per day in reach, whether it has slots left."""
    cfg = svc.config
    now = svc.clock.now()
    today = now.astimezone(cfg.tz).date()
    out = []
    for s in cfg.services:
        if s.booking is None or not s.active:
            continue
        days = []
        d = today
        while d <= last_day(s.booking, today):
            if slot_times(cfg, s, d):
                free = sum(x.available for x in svc.booking_slots(s.code, d) if x.bookable)
                days.append({"date": d.isoformat(), "available": free})
            d += timedelta(days=1)
        out.append({"code": s.code, "prefix": s.prefix, "name": s.name, "name_en": s.name_en,
                    "identity": s.booking.identity, "slot_minutes": s.booking.slot_minutes,
                    "early_minutes": s.booking.early_minutes,
                    "late_minutes": s.booking.late_minutes, "days": days})
    return {"office": {"name": cfg.name, "short_name": cfg.short_name or cfg.name,
                       "timezone": cfg.timezone},
            "booking_base": booking_url(cfg.status_base_url, ""),
            "today": today.isoformat(), "now": now.isoformat(), "services": out}


@router.get("/api/public/booking/services", dependencies=[Depends(ratelimit.check)],
            responses=error_responses(429))
def public_services(svc: Service) -> dict:
    """The services that take bookings, their rules and the days that still have places."""
    return services_state(svc)


@router.get("/api/public/booking/services/{service}/slots", response_model=list[BookingSlotOut],
            dependencies=[Depends(ratelimit.check)], responses=error_responses(404, 409, 422, 429))
def public_slots(service: ServicePath, svc: Service, day: date = Query(...)):
    return svc.booking_slots(service, day)


@router.post("/api/public/bookings", status_code=201, response_model=BookingOut,
             dependencies=[Depends(write_limit)], responses=error_responses(404, 409, 422, 429))
def public_book(body: BookIn, state: State, key: IdempotencyKey = None):
    """Book a slot from the phone page. 409 `booking_refused` (detail.reason: full,
    past_cutoff, too_far, closed_day, limit, duplicate, bad_nik, bad_phone, no_booking)."""
    svc = state.service
    return _perform(state, VISITOR, key, f"POST /api/public/bookings {body.service}",
                    lambda: svc.book(body.service, body.slot_start, body.name, body.contact), 201)


@router.get("/api/public/bookings/{code}", response_model=BookingOut,
            dependencies=[Depends(ratelimit.check)], responses=error_responses(404, 422, 429))
def public_booking(code: CodePath, svc: Service):
    """One booking by its code (the contact masked: never a full NIK)."""
    return svc.booking(code)


@router.get("/api/public/bookings/{code}/qr.svg", dependencies=[Depends(ratelimit.check)],
            responses={**error_responses(404, 422, 429), 200: {"content": {"image/svg+xml": {}}}},
            response_class=Response)
def public_qr(code: CodePath, svc: Service):
    """The booking's QR code (SVG): `{base}/booking/{CODE}`, for the phone and the kiosk."""
    from shared.receipt import qr_matrix
    b = svc.booking(code)
    rows = qr_matrix(booking_url(svc.config.status_base_url, b.code))
    n, quiet = len(rows), 4
    path = "".join(f"M{x + quiet},{y + quiet}h1v1h-1z" for y, row in enumerate(rows)
                   for x, dark in enumerate(row) if dark)
    size = n + 2 * quiet
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
           f'shape-rendering="crispEdges"><rect width="{size}" height="{size}" fill="#fff"/>'
           f'<path d="{path}" fill="#000"/></svg>')
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "no-store"})


@router.post("/api/public/bookings/{code}/cancel", response_model=BookingOut,
             dependencies=[Depends(write_limit)], responses=error_responses(404, 409, 422, 429))
def public_cancel(code: CodePath, body: ProofIn, state: State, key: IdempotencyKey = None):
    """Cancel, with the booking's phone number or NIK as proof (409 `contact_mismatch`)."""
    svc = state.service
    return _perform(state, VISITOR, key, f"POST /api/public/bookings/{code}/cancel",
                    lambda: svc.cancel_booking(code, body.contact))


@router.post("/api/public/bookings/{code}/reschedule", response_model=BookingOut,
             dependencies=[Depends(write_limit)], responses=error_responses(404, 409, 422, 429))
def public_reschedule(code: CodePath, body: PublicRescheduleIn, state: State,
                      key: IdempotencyKey = None):
    """Move to another slot of the same service, with the phone number or NIK as proof."""
    svc = state.service
    return _perform(state, VISITOR, key, f"POST /api/public/bookings/{code}/reschedule",
                    lambda: svc.reschedule_booking(code, body.slot_start, body.contact))


# --- staff and kiosk -------------------------------------------------------------------------------
@router.get("/api/services/{service}/slots", response_model=list[BookingSlotOut], tags=["booking"],
            responses=error_responses(401, 403, 404, 409, 422))
def slots(service: ServicePath, svc: Service, principal: Reader, day: date = Query(...)):
    return svc.booking_slots(service, day)


@router.get("/api/bookings", response_model=list[BookingOut],
            responses=error_responses(401, 403, 422))
def day_list(svc: Service, principal: Staff, day: date = Query(...),
             service: Annotated[str | None, Query(max_length=32)] = None):
    """A day's bookings by slot (staff: who is expected when)."""
    return svc.bookings(day, service)


@router.post("/api/bookings", status_code=201, response_model=BookingOut,
             responses=error_responses(401, 403, 404, 409, 422))
def staff_book(body: StaffBookIn, state: State, principal: Staff, key: IdempotencyKey = None):
    """Book for a phone caller; `staff`, when given, must be the signed-in user."""
    if body.staff is not None and body.staff.lower() != principal.name.lower():
        raise Forbidden(f"{principal.name} tidak boleh memesan atas nama {body.staff}",
                        f"{principal.name} may not book in {body.staff}'s name", role=principal.role)
    svc = state.service
    return _perform(state, principal, key, f"POST /api/bookings {body.service}",
                    lambda: svc.book(body.service, body.slot_start, body.name, body.contact,
                                     staff=body.staff), 201)


@router.get("/api/bookings/{code}", response_model=BookingOut,
            responses=error_responses(401, 403, 404, 422))
def staff_booking(code: CodePath, svc: Service, principal: Reader):
    return svc.booking(code)


@router.post("/api/bookings/{code}/cancel", response_model=BookingOut,
             responses=error_responses(401, 403, 404, 409, 422))
def staff_cancel(code: CodePath, state: State, principal: Staff, key: IdempotencyKey = None):
    svc = state.service
    return _perform(state, principal, key, f"POST /api/bookings/{code}/cancel",
                    lambda: svc.cancel_booking(code))


@router.post("/api/bookings/{code}/reschedule", response_model=BookingOut,
             responses=error_responses(401, 403, 404, 409, 422))
def staff_reschedule(code: CodePath, body: RescheduleIn, state: State, principal: Staff,
                     key: IdempotencyKey = None):
    svc = state.service
    return _perform(state, principal, key, f"POST /api/bookings/{code}/reschedule",
                    lambda: svc.reschedule_booking(code, body.slot_start, body.contact))


@router.post("/api/check-in", status_code=201, response_model=IssuedTicketOut,
             responses=error_responses(401, 403, 409, 422))
def check_in(body: CheckInIn, state: State, principal: Issuer, key: IdempotencyKey = None):
    """The kiosk checks a booking in (the scanned text as it came) and gets its ticket. 409
    `check_in_refused`: detail.reason too_early (detail.opens_at), too_late, wrong_day,
    cancelled, already, unknown, no_show; detail.booking for the message."""
    svc = state.service
    return write(state, principal, key, f"POST /api/check-in {body.code}",
                 lambda: svc.check_in(body.code, body.priority), issued_json,
                 lambda tid, _c: svc.issued_ticket(svc.ticket_by_id(tid)), 201)


@router.post("/api/bookings/release", responses=error_responses(401, 403))
def release(state: State, principal: Staff) -> dict:
    """Mark bookings past their check-in window as no-shows now (it also happens by itself)."""
    svc = state.service
    out, _ = state.perform(principal, None, "POST /api/bookings/release",
                           lambda: svc.release_bookings(), lambda n: {"released": n},
                           lambda *_: None)
    return out

