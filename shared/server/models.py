"""Request and response models: pydantic, so bad input is a 422 naming the field and the OpenAPI
document describes the whole API. The responses that carry a domain object (a ticket, a counter,
a queue, an event, a complaint) are generated from its dataclass by `wire_model`, so the domain
is their one definition and the client (`shared.http.wire.from_json`) rebuilds them one to one."""
from __future__ import annotations

import dataclasses
import functools
import operator
from datetime import date, datetime
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin, get_type_hints

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, create_model, model_validator

from shared.domain import (Booking, BookingSlot, CounterState, Event, IssuedTicket, PriorityGroup,
                           ServiceQueue, Ticket, TicketStatus)
from shared.store.survey import Complaint

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
Text = Annotated[str, StringConstraints(max_length=200)]
Pin = Annotated[str, StringConstraints(pattern=r"^[0-9]{4,12}$")]
# what clients may log through POST /api/events (kiosk print worker, reprint): never a state
# change, which only the queue's own operations write (boards announce `called` events)
CLIENT_EVENT_TYPES = ("printer_fault", "reprinted")
EventType = Literal[CLIENT_EVENT_TYPES]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- responses ---------------------------------------------------------------------------------
def _wire_type(tp):
    """The pydantic field type for a dataclass field's type: nested dataclasses become their wire
    models, tuples JSON arrays; everything else (str, datetime, enums, unions) stays as it is."""
    origin = get_origin(tp)
    if origin in (Union, UnionType):
        return functools.reduce(operator.or_, (_wire_type(a) for a in get_args(tp)))
    if origin is tuple:
        return list[_wire_type(get_args(tp)[0])]
    if dataclasses.is_dataclass(tp):
        return wire_model(tp)
    return tp


@functools.cache
def wire_model(cls, name: str | None = None) -> type[BaseModel]:
    """The response model of a domain dataclass, field for field: the dataclass is the one
    definition of the object on the wire, and `shared.http.wire.from_json` reads it back."""
    fields = {}
    for f in dataclasses.fields(cls):
        tp = _wire_type(get_type_hints(cls)[f.name])
        if f.default is not dataclasses.MISSING:
            fields[f.name] = (tp, f.default)
        elif f.default_factory is not dataclasses.MISSING:
            fields[f.name] = (tp, Field(default_factory=f.default_factory))
        else:
            fields[f.name] = (tp, ...)
    doc = cls.__doc__ if not (cls.__doc__ or "").startswith(f"{cls.__name__}(") else None
    return create_model(name or f"{cls.__name__}Out", __config__=ConfigDict(from_attributes=True),
                        __doc__=doc, **fields)


TicketOut = wire_model(Ticket)
IssuedTicketOut = wire_model(IssuedTicket)
CounterStateOut = wire_model(CounterState)
ServiceQueueOut = wire_model(ServiceQueue)
EventOut = wire_model(Event)
ComplaintOut = wire_model(Complaint)
BookingOut = wire_model(Booking)
BookingSlotOut = wire_model(BookingSlot)


class PositionOut(BaseModel):
    code: str
    people_ahead: int
    estimated_wait_min: float


class SeqOut(BaseModel):
    seq: int


class ErrorOut(BaseModel):
    """Every refusal: a stable code, the reason in Indonesian and English, and details."""
    error: str = Field(examples=["illegal_transition"])
    message: str
    message_en: str
    detail: dict[str, Any] = {}


class LoginOut(BaseModel):
    token: str
    username: str
    full_name: str
    role: str
    counter: str | None
    expires_at: datetime


class MeOut(BaseModel):
    kind: str
    name: str
    role: str
    counter: str | None


class OfficerDayOut(BaseModel):
    served: int
    no_shows: int
    avg_service_min: float | None
    target_service_min: float | None
    within_target: int


class DeviceOut(BaseModel):
    id: int
    name: str
    role: str
    created_at: datetime
    revoked_at: datetime | None
    last_seen_at: datetime | None


class DeviceCreatedOut(BaseModel):
    name: str
    role: str
    token: str = Field(description="shown once; the server keeps only its hash")


class HealthOut(BaseModel):
    ok: bool
    now: datetime
    office: str
    last_event_seq: int


# --- requests ----------------------------------------------------------------------------------
class IssueIn(Strict):
    service: Code = Field(description="service code or prefix", examples=["ktp"])
    priority: PriorityGroup | None = None


class CallIn(Strict):
    ticket: Code | None = Field(None, description="call this ticket (a late visitor) instead of the next")
    officer: Name | None = None


class TransferIn(Strict):
    service: Code


class OpenIn(Strict):
    officer: Name | None = None
    takeover: bool = False


class PauseIn(Strict):
    reason: Text = ""


class EventIn(Strict):
    type: EventType
    ticket_code: Code | None = None
    counter: Name | None = None
    detail: dict[str, Any] = Field(default_factory=dict, max_length=20)


class LoginIn(Strict):
    username: Name
    pin: Annotated[str, StringConstraints(min_length=1, max_length=12)]
    counter: Name | None = Field(None, description="bind the session to this counter now")


class PinIn(Strict):
    pin: Pin


class DeviceIn(Strict):
    name: Name
    role: Annotated[str, StringConstraints(pattern=r"^(kiosk|board)$")]


# --- the visitor's voice: survey (SKM) and complaints --------------------------------------------
def _survey_models():
    """Built from `shared.ikm.ELEMENTS` and `shared.store.survey`'s choices, so the API follows them."""
    from typing import Literal

    from pydantic import create_model

    from shared.ikm import ELEMENTS
    from shared.store.survey import COMPLAINT_CATEGORIES, COMPLAINT_STATUSES, MAX_TEXT, PROFILE_CHOICES

    score = Annotated[int, Field(strict=True, ge=1, le=4)]
    answers = create_model(
        "SurveyAnswersIn", __base__=Strict, __doc__="A score 1–4 for each of the nine elements.",
        **{e.key: (score, Field(description=f"{e.name}: 1 = {e.labels[0]} … 4 = {e.labels[3]}"))
           for e in ELEMENTS})
    profile = create_model(
        "SurveyProfileIn", __base__=Strict, __doc__="The optional respondent profile.",
        **{key: (Literal[choices] | None, None) for key, choices in PROFILE_CHOICES.items()})
    long_text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=MAX_TEXT)]
    return (answers, profile, long_text, Literal[COMPLAINT_CATEGORIES],
            Literal[COMPLAINT_STATUSES], MAX_TEXT)


SurveyAnswersIn, SurveyProfileIn, LongText, ComplaintCategory, ComplaintStatus, MAX_TEXT = \
    _survey_models()
Channel = Annotated[str, StringConstraints(pattern=r"^(web|kiosk)$")]
TicketToken = Annotated[str, StringConstraints(min_length=16, max_length=64,
                                               pattern=r"^[A-Za-z0-9_-]+$")]
Contact = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
NoteText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                            max_length=MAX_TEXT)]


class SurveyIn(Strict):
    answers: SurveyAnswersIn
    profile: SurveyProfileIn | None = None
    suggestion: LongText | None = Field(None, description="saran: free text")
    channel: Channel = Field("web", description="`kiosk` only with a kiosk (or admin) token")


class SurveyOut(BaseModel):
    id: int
    code: str
    channel: str


class SurveyStateOut(BaseModel):
    """Whether this ticket's visitor may answer now, and why not."""
    code: str
    ticket_status: TicketStatus
    answered: bool
    can_answer: bool
    message: str
    message_en: str


class Choice(BaseModel):
    value: str
    label: str
    label_en: str


class ElementOut(BaseModel):
    key: str
    name: str
    name_en: str
    question: str
    question_en: str
    labels: list[str] = Field(description="the answers for scores 1, 2, 3, 4")
    labels_en: list[str]


class ProfileFieldOut(BaseModel):
    key: str
    label: str
    label_en: str
    choices: list[Choice]


class SurveyFormOut(BaseModel):
    elements: list[ElementOut]
    profile: list[ProfileFieldOut]
    complaint_categories: list[Choice]
    max_text: int


class ComplaintIn(Strict):
    category: ComplaintCategory
    text: NoteText
    contact: Contact | None = Field(None, description="optional; seen by staff only")
    ticket_token: TicketToken | None = Field(None, description="the ticket it is about (its token)")
    channel: Channel = Field("web", description="`kiosk` only with a kiosk (or admin) token")


class ComplaintReceiptOut(BaseModel):
    """What the visitor gets back: the number to quote, nothing else."""
    model_config = ConfigDict(from_attributes=True)
    id: int
    category: str
    status: str
    created_at: datetime


class ComplaintUpdateIn(Strict):
    status: ComplaintStatus | None = Field(None, description="forward only: baru → diproses → selesai")
    note: NoteText | None = Field(None, description="the follow-up (tindak lanjut)")
    officer: Name | None = Field(None, description="must be the signed-in user when given")

    @model_validator(mode="after")
    def _something(self):
        if self.status is None and self.note is None:
            raise ValueError("give a status, a note, or both")
        return self


class ComplaintHistoryOut(BaseModel):
    at: datetime
    officer: str | None
    status: str
    note: str | None


class IkmElementOut(BaseModel):
    key: str
    name: str
    name_en: str
    respondents: int
    total: int
    nrr: float | None = Field(description="average score 1–4, rounded half-up to 2 decimals")
    converted: float | None = Field(description="NRR × 25")


class IkmOut(BaseModel):
    first: date
    last: date
    service: str | None
    respondents: int
    ikm: float | None = Field(description="25–100, rounded half-up to 2 decimals; null until "
                                          "every element has an answer")
    mutu: str | None
    kinerja: str | None
    kinerja_en: str | None
    visitors: int = Field(description="tickets served in the period (the population)")
    sample_needed: int = Field(description="Krejcie–Morgan minimum for that population")
    enough: bool
    elements: list[IkmElementOut]
