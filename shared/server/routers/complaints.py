"""Complaints and suggestions (*pengaduan, saran dan masukan*): a visitor files one (public,
rate-limited; the contact they leave is seen by staff only); supervisors and admins list them,
move them baru → diproses → selesai with follow-up notes, and read who changed what and when."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse

from shared.domain import AntreanError
from shared.store.survey import (complaint_history, file_complaint, get_complaint, list_complaints,
                                 update_complaint)

from shared.server import ratelimit
from shared.server.auth import Forbidden
from shared.server.deps import Principal, Service, State, roles
from shared.server.models import (ComplaintHistoryOut, ComplaintIn, ComplaintOut, ComplaintReceiptOut,
                                  ComplaintStatus, ComplaintUpdateIn)
from shared.server.routers.common import error_responses
from shared.server.routers.survey import channel_principal

router = APIRouter(tags=["complaints"])
IdPath = Annotated[int, Path(ge=1, le=2**53, description="the complaint's number")]
Handler = Annotated[Principal, Depends(roles("supervisor", "admin",
                                             what=("menangani pengaduan", "handle complaints")))]


def complaint_json(c) -> dict:
    return ComplaintOut.model_validate(c).model_dump(mode="json")


@router.post("/api/public/complaints", status_code=201, response_model=ComplaintReceiptOut,
             dependencies=[Depends(ratelimit.check)],
             responses=error_responses(401, 403, 404, 422, 429))
def file(body: ComplaintIn, request: Request, state: State):
    """File a complaint or suggestion; with `ticket_token`, about that ticket (its service)."""
    svc = state.service
    principal = channel_principal(state, request, body.channel)

    def action():
        ref = svc.ticket_by_token(body.ticket_token).token if body.ticket_token else None
        cid = file_complaint(svc, body.category, body.text, body.contact or None, ref,
                             channel=body.channel)
        return ComplaintReceiptOut.model_validate(get_complaint(svc, cid)).model_dump(mode="json")

    out, _ = state.perform(principal, None, "POST /api/public/complaints", action, lambda r: r,
                           lambda *_: None)
    return JSONResponse(out, status_code=201)


@router.get("/api/complaints", response_model=list[ComplaintOut],
            responses=error_responses(401, 403, 422))
def complaints(svc: Service, principal: Handler, status: ComplaintStatus | None = None,
               since: datetime | None = Query(None, description="filed at or after (ISO 8601)"),
               limit: Annotated[int, Query(ge=1, le=1000)] = 200):
    """Complaints, newest first, with the visitor's contact (staff only). A `since` without a
    UTC offset is the office's local time."""
    if since is not None:
        if since.tzinfo is None:
            since = since.replace(tzinfo=svc.config.tz)
        try:
            since.astimezone(timezone.utc)
        except OverflowError:
            raise AntreanError("'since' di luar rentang tanggal", "'since' is out of range",
                               field="query.since") from None
    return [complaint_json(c) for c in list_complaints(svc, status, since)[:limit]]


@router.get("/api/complaints/{complaint_id}", response_model=ComplaintOut,
            responses=error_responses(401, 403, 404, 422))
def complaint(complaint_id: IdPath, svc: Service, principal: Handler):
    return complaint_json(get_complaint(svc, complaint_id))


@router.patch("/api/complaints/{complaint_id}", response_model=ComplaintOut,
              responses=error_responses(401, 403, 404, 409, 422))
def update(complaint_id: IdPath, body: ComplaintUpdateIn, state: State, principal: Handler):
    """Move a complaint on (forward only) and/or add a follow-up note; the handler recorded is
    the signed-in user. 409 for a step back or no change."""
    if body.officer is not None and body.officer.lower() != principal.name.lower():
        raise Forbidden(f"{principal.name} tidak boleh mencatat atas nama {body.officer}",
                        f"{principal.name} may not act in {body.officer}'s name",
                        role=principal.role)
    svc = state.service
    out, _ = state.perform(
        principal, None, f"PATCH /api/complaints/{complaint_id}",
        lambda: update_complaint(svc, complaint_id, principal.name, body.status, body.note),
        complaint_json, lambda *_: None)
    return out


@router.get("/api/complaints/{complaint_id}/history", response_model=list[ComplaintHistoryOut],
            responses=error_responses(401, 403, 404, 422))
def history(complaint_id: IdPath, svc: Service, principal: Handler):
    """Every change: when, by whom (null = filed by the visitor), the status, the note."""
    get_complaint(svc, complaint_id)   # 404 for an unknown number, not an empty list
    return complaint_history(svc, complaint_id)
