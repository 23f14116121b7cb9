"""The wire format of `antrean serve`, read back into the core's objects.

The client-side errors (`ServerUnavailable`, `Forbidden`, ...) and `error_from_json`, which
rebuilds the domain error a server raised from its `{"error", "message", "message_en", "detail"}`;
then one `*_from_json` converter per domain object. No I/O here: `shared.http.client` sends the
requests, `shared.http.events` follows the event stream.
"""
from __future__ import annotations

from datetime import date, datetime

from shared.domain import (AntreanError, AuthError, ConfigError, CounterPaused, CounterState,
                     CounterStatus, Event, IllegalTransition, IssueRefused, NobodyWaiting,
                     NotFound, PriorityGroup, ServiceQueue, Ticket, TicketStatus)
from shared.store.survey import Complaint, IkmReport, SurveyRefused


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
        nxt = _dt(detail.pop("next_opening", None))
        return IssueRefused(message, message_en, reason=reason, next_opening=nxt, **detail)
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
def datetime_from_json(text: str | None) -> datetime | None:
    """An ISO 8601 timestamp as the server writes it; None stays None."""
    return None if text is None else datetime.fromisoformat(text)


_dt = datetime_from_json   # shorthand for the converters below


def ticket_from_json(d: dict) -> Ticket:
    return Ticket(
        id=d["id"], code=d["code"], number=d["number"], service=d["service"],
        issued_service=d["issued_service"], business_day=date.fromisoformat(d["business_day"]),
        status=TicketStatus(d["status"]),
        priority_group=PriorityGroup(d["priority_group"]) if d.get("priority_group") else None,
        issued_at=_dt(d["issued_at"]), token=d["token"], counter=d.get("counter"),
        officer=d.get("officer"), first_called_at=_dt(d.get("first_called_at")),
        called_at=_dt(d.get("called_at")), started_at=_dt(d.get("started_at")),
        finished_at=_dt(d.get("finished_at")), no_show_at=_dt(d.get("no_show_at")),
        cancelled_at=_dt(d.get("cancelled_at")), recalls=d.get("recalls", 0),
        transfers=d.get("transfers", 0), reactivations=d.get("reactivations", 0))


def counter_from_json(d: dict) -> CounterState:
    return CounterState(
        name=d["name"], label=d["label"], services=tuple(d["services"]),
        priority_only=d["priority_only"], status=CounterStatus(d["status"]),
        pause_reason=d.get("pause_reason"), officer=d.get("officer"),
        current=ticket_from_json(d["current"]) if d.get("current") else None,
        active=d.get("active", True))


def queue_from_json(d: dict) -> ServiceQueue:
    return ServiceQueue(
        service=d["service"], name_id=d["name_id"], name_en=d["name_en"], prefix=d["prefix"],
        waiting=d["waiting"], priority_waiting=d["priority_waiting"],
        issued_today=d["issued_today"], quota=d.get("quota"),
        longest_wait_min=d["longest_wait_min"], can_issue=d["can_issue"],
        closed_reason=d.get("closed_reason"), next_opening=_dt(d.get("next_opening")))


def event_from_json(d: dict) -> Event:
    return Event(seq=d["seq"], at=_dt(d["at"]), type=d["type"], ticket_id=d.get("ticket_id"),
                 ticket_code=d.get("ticket_code"), service=d.get("service"),
                 counter=d.get("counter"), officer=d.get("officer"), detail=d.get("detail") or {})


def complaint_from_json(d: dict) -> Complaint:
    return Complaint(id=d["id"], ticket_code=d.get("ticket_code"), service=d.get("service"),
                     category=d["category"], text=d["text"], contact=d.get("contact"),
                     status=d["status"], created_at=_dt(d["created_at"]),
                     updated_at=_dt(d["updated_at"]), closed_at=_dt(d.get("closed_at")),
                     handled_by=d.get("handled_by"), follow_up=d.get("follow_up"),
                     channel=d["channel"])


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

