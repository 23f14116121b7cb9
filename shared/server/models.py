"""Request and response models: pydantic, so bad input is a 422 naming the field and the OpenAPI
document describes the whole API. Responses mirror the domain dataclasses field for field, so the
client rebuilds them one to one."""
from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from shared.domain import CounterStatus, PriorityGroup, TicketStatus

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
Text = Annotated[str, StringConstraints(max_length=200)]
Pin = Annotated[str, StringConstraints(pattern=r"^[0-9]{4,12}$")]
EventType = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- responses ---------------------------------------------------------------------------------
class TicketOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    code: str
    number: int
    service: str
    issued_service: str
    business_day: date
    status: TicketStatus
    priority_group: PriorityGroup | None
    issued_at: datetime
    token: str
    counter: str | None = None
    officer: str | None = None
    first_called_at: datetime | None = None
    called_at: datetime | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    no_show_at: datetime | None = None
    cancelled_at: datetime | None = None
    recalls: int = 0
    transfers: int = 0
    reactivations: int = 0


class IssuedTicketOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    ticket: TicketOut
    people_ahead: int
    estimated_wait_min: float
    status_url: str


class CounterStateOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    name: str
    label: str
    services: list[str]
    priority_only: bool
    status: CounterStatus
    pause_reason: str | None
    officer: str | None
    current: TicketOut | None
    active: bool = True


class ServiceQueueOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    service: str
    name_id: str
    name_en: str
    prefix: str
    waiting: int
    priority_waiting: int
    issued_today: int
    quota: int | None
    longest_wait_min: float
    can_issue: bool
    closed_reason: str | None = None
    next_opening: datetime | None = None


class EventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    seq: int
    at: datetime
    type: str
    ticket_id: int | None
    ticket_code: str | None
    service: str | None
    counter: str | None
    officer: str | None
    detail: dict[str, Any] = {}


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
