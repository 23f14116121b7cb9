"""The satisfaction survey (SKM, PermenPANRB 14/2017): the form, one response per served ticket
(authorised by the ticket's status token, never by its code), and the IKM for supervisors.

Anonymous: a response is linked to a ticket number, never to a person; nothing here returns
personal data."""
from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from shared.domain import NotFound
from shared.ikm import ELEMENTS
from shared.store.survey import (CATEGORY_LABELS, CHOICE_LABELS, COMPLAINT_CATEGORIES, MAX_TEXT,
                                 PROFILE_CHOICES, PROFILE_LABELS, ikm_report, submit_survey)

from shared.server import ratelimit
from shared.server.auth import Principal
from shared.server.deps import Analyst, Service, State, forbidden
from shared.server.models import IkmOut, SurveyFormOut, SurveyIn, SurveyOut, SurveyStateOut
from shared.server.routers.common import error_responses
from shared.server.routers.public import TokenPath

router = APIRouter(tags=["survey"])
MAX_IKM_DAYS = 366
VISITOR = Principal("public", "visitor", "public")   # who a web response is recorded as

def _choice(value: str, labels: dict) -> dict:
    label, label_en = labels.get(value, (value, value))
    return {"value": value, "label": label, "label_en": label_en}


def survey_form() -> dict:
    """The nine elements with their own four answers, the profile choices, complaint categories."""
    return {
        "elements": [{"key": e.key, "name": e.name, "name_en": e.name_en, "question": e.question,
                      "question_en": e.question_en, "labels": list(e.labels),
                      "labels_en": list(e.labels_en)} for e in ELEMENTS],
        "profile": [{"key": key, "label": PROFILE_LABELS.get(key, (key, key))[0],
                     "label_en": PROFILE_LABELS.get(key, (key, key))[1],
                     "choices": [_choice(v, CHOICE_LABELS) for v in choices]}
                    for key, choices in PROFILE_CHOICES.items()],
        "complaint_categories": [_choice(c, CATEGORY_LABELS) for c in COMPLAINT_CATEGORIES],
        "max_text": MAX_TEXT,
    }


def survey_state(svc, token: str) -> dict:
    t = svc.ticket_by_token(token)
    answered = svc.conn.execute("SELECT 1 FROM survey_responses WHERE ticket_id = ?",
                                (t.id,)).fetchone() is not None
    done = t.status.value == "done"
    if answered:
        msg = ("Terima kasih, penilaian Anda sudah tercatat.", "Thank you, your rating is recorded.")
    elif done:
        msg = ("Silakan beri penilaian atas pelayanan kami.", "Please rate our service.")
    else:
        msg = ("Survei dibuka setelah Anda selesai dilayani.",
               "The survey opens once you have been served.")
    return {"code": t.code, "ticket_status": t.status.value, "answered": answered,
            "can_answer": done and not answered, "message": msg[0], "message_en": msg[1]}


def channel_principal(state, request: Request, channel: str) -> Principal:
    """A web answer is the visitor's; a kiosk answer needs a kiosk (or admin) token, so the
    channel figures in the IKM report cannot be claimed by anyone."""
    if channel == "web":
        return VISITOR
    header = request.headers.get("authorization", "")
    token = header[7:].strip() if header.lower().startswith("bearer ") else None
    from shared.server.deps import _resolve
    principal = _resolve(state, token)
    if principal.role not in ("kiosk", "admin"):
        raise forbidden("mencatat jawaban kios", "record a kiosk answer", principal)
    return principal


@router.get("/api/public/survey/form", response_model=SurveyFormOut,
            dependencies=[Depends(ratelimit.check)], responses=error_responses(429))
def form():
    """The survey form: elements with questions and answers (id/en), profile, complaint categories."""
    return survey_form()


@router.get("/api/public/tickets/{token}/survey", response_model=SurveyStateOut,
            dependencies=[Depends(ratelimit.check)], responses=error_responses(404, 422, 429))
def get_survey(token: TokenPath, svc: Service):
    """Has this ticket answered, and may it answer now (only once served)?"""
    return survey_state(svc, token)


@router.post("/api/public/tickets/{token}/survey", status_code=201, response_model=SurveyOut,
             dependencies=[Depends(ratelimit.check)],
             responses=error_responses(401, 403, 404, 409, 422, 429))
def post_survey(token: TokenPath, body: SurveyIn, request: Request, state: State):
    """One response per ticket, only once it has been served: 409 `survey_refused` otherwise."""
    svc = state.service
    principal = channel_principal(state, request, body.channel)
    profile = body.profile.model_dump(exclude_none=True) if body.profile else None

    def action():
        t = svc.ticket_by_token(token)
        rid = submit_survey(svc, t.token, body.answers.model_dump(), profile,
                            body.suggestion or None, channel=body.channel)
        return {"id": rid, "code": t.code, "channel": body.channel}

    out, _ = state.perform(principal, None, f"POST survey {token}", action, lambda r: r,
                           lambda *_: None)
    return JSONResponse(out, status_code=201)


@router.get("/api/ikm", response_model=IkmOut, responses=error_responses(400, 401, 403, 404, 422))
def ikm(svc: Service, principal: Analyst,
        date_from: Annotated[date, Query(alias="from")],
        date_to: Annotated[date, Query(alias="to")],
        service: Annotated[str | None, Query(min_length=1, max_length=64,
                                             description="service code or prefix")] = None):
    """The IKM over local business days, per element (NRR) and overall, with the mutu and the
    Krejcie–Morgan sample check."""
    from shared.domain import AntreanError
    if date_to < date_from or (date_to - date_from).days > MAX_IKM_DAYS:
        raise AntreanError(f"Rentang tanggal harus 0–{MAX_IKM_DAYS} hari dan 'to' ≥ 'from'",
                           f"The date range must be 0–{MAX_IKM_DAYS} days with to ≥ from",
                           field="query.to")
    code = None
    if service:
        s_cfg = svc.config.service(service.strip())
        if s_cfg is None:
            raise NotFound(f"Layanan {service!r} tidak dikenal", f"Unknown service {service!r}")
        code = s_cfg.code
    return ikm_json(ikm_report(svc, date_from, date_to, code))


def ikm_json(rep) -> dict:
    names = {e.key: e for e in ELEMENTS}
    r = rep.result
    return {
        "first": rep.first, "last": rep.last, "service": rep.service,
        "respondents": r.respondents, "ikm": float(r.ikm) if r.ikm is not None else None,
        "mutu": r.mutu, "kinerja": r.kinerja, "kinerja_en": r.kinerja_en,
        "visitors": rep.visitors, "sample_needed": rep.sample_needed, "enough": rep.enough,
        "elements": [{"key": e.key, "name": names[e.key].name, "name_en": names[e.key].name_en,
                      "respondents": e.respondents, "total": e.total,
                      "nrr": float(e.nrr_decimal) if e.nrr is not None else None,
                      "converted": float(e.converted) if e.nrr is not None else None}
                     for e in r.elements],
    }
