"""The wire format of `antrean serve`, read back into the core's objects.

The client-side errors (`ServerUnavailable`, `Forbidden`, ...) and `error_from_json`, which
rebuilds the domain error a server raised from its `{"error", "message", "message_en", "detail"}`;
then `from_json`, which reads any domain dataclass back by its own type hints (the
`*_from_json` names are its short forms). No I/O here: `shared.http.client` sends the
requests, `shared.http.events` follows the event stream.
"""
from __future__ import annotations

import dataclasses
import functools
from datetime import date, datetime
from enum import Enum
from types import UnionType
from typing import Any, Callable, TypeVar, Union, get_args, get_origin, get_type_hints

from shared.domain import (AntreanError, AuthError, Booking, BookingRefused, BookingSlot,
                           CheckInRefused, ConfigError, CounterPaused, CounterState,
                           Event, IllegalTransition, IssuedTicket, IssueRefused, NobodyWaiting,
                           NotFound, ServiceQueue, Ticket)
from shared.store.survey import Complaint, IkmReport, SurveyRefused

T = TypeVar("T")


class ServerUnavailable(AntreanError):
    """The server cannot be reached (or keeps failing): show 'offline' and retry later."""

    code = "offline"


class Forbidden(AuthError):
    """Signed in, but this role may not do that (HTTP 403)."""

    code = "forbidden"


class RateLimited(AntreanError):
    code = "rate_limited"


class InvalidRequest(AntreanError):
    """The server found the request malformed (HTTP 422); `detail['fields']` names the fields."""

    code = "invalid"


ERRORS: dict[str, type[AntreanError]] = {
    c.code: c for c in (NotFound, IllegalTransition, NobodyWaiting, CounterPaused, AuthError,
                        Forbidden, RateLimited, InvalidRequest, ServerUnavailable,
                        SurveyRefused)}


def error_from_json(status: int, body: dict) -> AntreanError:
    """Rebuild the domain error the server raised."""
    code = body.get("error", "error")
    message = body.get("message") or f"HTTP {status}"
    message_en = body.get("message_en") or message
    detail = dict(body.get("detail") or {})
    if code == "issue_refused":
        reason = detail.pop("reason", "closed")
        nxt = datetime_from_json(detail.pop("next_opening", None))
        return IssueRefused(message, message_en, reason=reason, next_opening=nxt, **detail)
    if code == "booking_refused":
        return BookingRefused(message, message_en, reason=detail.pop("reason", "refused"), **detail)
    if code == "check_in_refused":
        reason = detail.pop("reason", "unknown")
        booking = detail.pop("booking", None)
        opens = datetime_from_json(detail.pop("opens_at", None))
        return CheckInRefused(message, message_en, reason=reason, opens_at=opens,
                              booking=from_json(Booking, booking) if booking else None, **detail)
    if code == "config":
        return ConfigError(detail.get("file") or "(server)", detail.get("key") or "",
                           detail.get("problem") or message)
    cls = ERRORS.get(code)
    if cls is None:
        exc = AntreanError(message, message_en, **detail)
        exc.code = code  # keep the server's code (e.g. 'idempotency_conflict', 'busy')
        return exc
    return cls(message, message_en, **detail)


# --- JSON → domain ----------------------------------------------------------------------------
# The domain dataclasses are the one definition of every object on the wire: the server's pydantic
# models are generated from them (`shared.server.models.wire_model`) and the client reads the JSON
# back with `from_json`, which follows the dataclass's own type hints. A field added to `Ticket`
# reaches the API, its OpenAPI document and the client with no second copy to keep in step.
def datetime_from_json(text: str | None) -> datetime | None:
    """An ISO 8601 timestamp as the server writes it; None stays None."""
    return None if text is None else datetime.fromisoformat(text)


def _same(value):
    return value


def _converter(tp) -> Callable[[Any], Any]:
    """How one JSON value becomes a value of type `tp` (the hint of a dataclass field)."""
    origin = get_origin(tp)
    if origin in (Union, UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        inner = _converter(args[0]) if len(args) == 1 else _same
        return lambda v: None if v is None else inner(v)
    if origin in (tuple, list):
        item = _converter(get_args(tp)[0]) if get_args(tp) else _same
        return lambda v: origin(item(x) for x in v)
    if tp is datetime:
        return datetime.fromisoformat
    if tp is date:
        return date.fromisoformat
    if isinstance(tp, type) and issubclass(tp, Enum):
        return tp
    if dataclasses.is_dataclass(tp):
        return lambda v: from_json(tp, v)
    return _same


@functools.cache
def _plan(cls) -> tuple[tuple[str, Callable[[Any], Any], bool, Callable[[], Any] | None], ...]:
    """Per field: its name, its converter, whether it may be None, and how to make its default."""
    hints = get_type_hints(cls)
    plan = []
    for f in dataclasses.fields(cls):
        tp = hints[f.name]
        optional = get_origin(tp) in (Union, UnionType) and type(None) in get_args(tp)
        if f.default is not dataclasses.MISSING:
            make_default = functools.partial(_same, f.default)
        elif f.default_factory is not dataclasses.MISSING:
            make_default = f.default_factory
        else:
            make_default = None
        plan.append((f.name, _converter(tp), optional, make_default))
    return tuple(plan)


def from_json(cls: type[T], d: dict) -> T:
    """Rebuild the dataclass `cls` from the server's JSON. A field the server left out (an older
    server) or sent as null where it cannot be null takes the dataclass's default."""
    kwargs = {}
    for name, convert, optional, make_default in _plan(cls):
        value = d.get(name)
        if value is not None or (optional and name in d):
            kwargs[name] = convert(value)
        elif make_default is not None:
            kwargs[name] = make_default()
        elif optional or name in d:
            kwargs[name] = None       # absent and optional, or a null the type does not expect
        else:
            raise KeyError(name)
    return cls(**kwargs)


def ticket_from_json(d: dict) -> Ticket:
    return from_json(Ticket, d)


def issued_from_json(d: dict) -> IssuedTicket:
    return from_json(IssuedTicket, d)


def counter_from_json(d: dict) -> CounterState:
    return from_json(CounterState, d)


def queue_from_json(d: dict) -> ServiceQueue:
    return from_json(ServiceQueue, d)


def event_from_json(d: dict) -> Event:
    return from_json(Event, d)


def booking_from_json(d: dict) -> Booking:
    return from_json(Booking, d)


def slot_from_json(d: dict) -> BookingSlot:
    return from_json(BookingSlot, d)


def complaint_from_json(d: dict) -> Complaint:
    return from_json(Complaint, d)


def ikm_report_from_json(d: dict) -> IkmReport:
    """Rebuild the exact report from the per-element totals (NRR = total ÷ respondents as a
    fraction), so the IKM and its rounding are the embedded store's to the last digit."""
    from fractions import Fraction

    from shared.ikm import WEIGHT, ElementResult, IkmResult, classify, round_half_up
    elements = tuple(ElementResult(e["key"], e["respondents"], e["total"],
                                   Fraction(e["total"], e["respondents"]) if e["respondents"] else None)
                     for e in d["elements"])
    exact = ikm = mutu = kinerja = kinerja_en = None
    if elements and all(e.nrr is not None for e in elements):
        exact = sum((e.nrr * WEIGHT for e in elements), Fraction(0)) * 25
        ikm = round_half_up(exact, 2)
        mutu, kinerja, kinerja_en = classify(ikm)
    result = IkmResult(d["respondents"], elements, exact, ikm, mutu, kinerja, kinerja_en)
    return IkmReport(date.fromisoformat(d["first"]), date.fromisoformat(d["last"]), d.get("service"),
                     result, d["visitors"], d["sample_needed"], d["enough"])

