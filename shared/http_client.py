"""`HttpQueueService`: the `QueueService` of an office LAN, talking to `antrean serve` over HTTP.

A drop-in for `SqliteQueueService`: the same methods, the same domain objects, the same
exceptions (rebuilt from the server's `{"error", "message", "message_en", "detail"}`). One
keep-alive connection pool (httpx), timeouts on every request, and retries with back-off while
the server is away: writes carry an `Idempotency-Key`, so a retry never issues a second ticket or
makes a second call. When the server stays unreachable the call raises `ServerUnavailable`
(code 'offline') so a screen can show an "offline" banner and try again.

`events_after` polls the event log; `subscribe(callback)` follows it over server-sent events in a
background thread, resuming after the last event it delivered.
"""
from __future__ import annotations

import json
import logging
import socket
import threading
import time
import uuid
from datetime import date, datetime, timedelta, timezone
from typing import Callable

import httpx

from .config import OfficeConfig, config_from_json
from .domain import (AntreanError, AuthError, ConfigError, CounterPaused, CounterState,
                     CounterStatus, Event, IllegalTransition, IssuedTicket, IssueRefused,
                     NobodyWaiting, NotFound, PriorityGroup, ServiceQueue, Ticket, TicketStatus)
from .service import QueueService
from .survey import Complaint, IkmReport, SurveyRefused

log = logging.getLogger(__name__)

CONFIG_CHECK_SECONDS = 2.0
RETRY_STATUS = (502, 503, 504)   # a reverse proxy or a busy database: worth another try


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
def _dt(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


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

    from .ikm import WEIGHT, ElementResult, IkmResult, classify, round_half_up
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


def _ticket_token(ticket_ref: str) -> str:
    """A status token, also from the receipt's whole status URL (…/t/<token>) as a QR scan gives it.
    A ticket code is refused here: the server authorises a visitor's survey by the token only."""
    ref = str(ticket_ref).strip().rstrip("/")
    token = ref.rsplit("/", 1)[-1] if "/" in ref else ref
    if len(token) < 16:
        raise InvalidRequest(
            "Survei dan pengaduan memerlukan token tiket (kode QR pada struk), bukan nomor antrean",
            "A survey or complaint needs the ticket's token (the receipt's QR code), not its number",
            fields=[{"field": "ticket_ref", "message": "a status token", "type": "value_error"}])
    return token


class ServerClock:
    """The server's time as seen from here (apps show it; demos run the server on a ManualClock).
    The offset is measured from `/healthz` and refreshed every few minutes."""

    REFRESH_S = 300.0

    def __init__(self, service: "HttpQueueService"):
        self._service = service
        self._offset: timedelta | None = None
        self._measured = 0.0

    def now(self) -> datetime:
        if self._offset is None or time.monotonic() - self._measured > self.REFRESH_S:
            try:
                sent = datetime.now(timezone.utc)
                server = _dt(self._service._request("GET", "/healthz", retry=False)["now"])
                got = datetime.now(timezone.utc)
                self._offset = server - (sent + (got - sent) / 2)
                self._measured = time.monotonic()
            except AntreanError:
                if self._offset is None:
                    return datetime.now(timezone.utc)
        return datetime.now(timezone.utc) + self._offset


class HttpQueueService(QueueService):
    """`QueueService` over HTTP. `token`: a device token (kiosk, board) or a session token;
    `authenticate()` signs an officer in and, with `adopt_login`, acts as them from then on."""

    def __init__(self, base_url: str, token: str | None = None, *, timeout: float = 5.0,
                 retry_for_s: float = 5.0, client: httpx.Client | None = None,
                 adopt_login: bool = True):
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.retry_for_s = retry_for_s
        self.adopt_login = adopt_login
        self.session: dict | None = None
        self._client = client or httpx.Client(
            base_url=self.base_url, timeout=httpx.Timeout(timeout, connect=min(timeout, 2.0)),
            limits=httpx.Limits(max_keepalive_connections=4, keepalive_expiry=30.0))
        self._config: OfficeConfig | None = None
        self._config_etag: str | None = None
        self._config_checked = 0.0
        self._config_lock = threading.Lock()
        self.clock = ServerClock(self)

    # --- plumbing ---------------------------------------------------------------------------
    def close(self) -> None:
        self._client.close()

    def _headers(self, key: str | None = None) -> dict:
        headers = {}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if key:
            headers["Idempotency-Key"] = key
        return headers

    def _send(self, method: str, path: str, *, json_body=None, params=None, headers=None,
              retry: bool = True) -> httpx.Response:
        """One request; transport failures and 502/503/504 are retried with back-off for up to
        `retry_for_s` (writes only with an idempotency key), then ServerUnavailable."""
        deadline = time.monotonic() + (self.retry_for_s if retry else 0.0)
        delay = 0.05
        while True:
            try:
                r = self._client.request(method, path, json=json_body, params=params,
                                         headers=headers)
                if r.status_code not in RETRY_STATUS:
                    return r
                problem = f"HTTP {r.status_code}"
            except httpx.TransportError as exc:   # refused, reset, timed out, closed keep-alive
                problem = f"{type(exc).__name__}: {exc}"
            if time.monotonic() + delay > deadline:
                raise ServerUnavailable(
                    f"Server antrean tidak dapat dihubungi ({self.base_url})",
                    f"The queue server cannot be reached ({self.base_url})", problem=problem)
            log.info("%s %s failed (%s): retrying in %.2f s", method, path, problem, delay)
            time.sleep(delay)
            delay = min(delay * 2, 1.0)

    def _request(self, method: str, path: str, *, json_body=None, params=None,
                 idempotent: bool = False, retry: bool = True):
        key = uuid.uuid4().hex if idempotent else None   # the same key for every retry
        r = self._send(method, path, json_body=json_body, params=params,
                       headers=self._headers(key), retry=retry)
        if r.status_code >= 400:
            try:
                body = r.json()
            except ValueError:
                body = {"error": "http", "message": f"HTTP {r.status_code}"}
            if not isinstance(body, dict):
                body = {"error": "http", "message": f"HTTP {r.status_code}"}
            raise error_from_json(r.status_code, body)
        if r.status_code == 204 or not r.content:
            return None
        return r.json()

    def _write(self, path: str, body: dict | None = None):
        return self._request("POST", path, json_body=body, idempotent=True)

    @staticmethod
    def _seg(value: str) -> str:
        from urllib.parse import quote
        return quote(str(value).strip(), safe="")

    # --- the office -----------------------------------------------------------------------
    @property
    def config(self) -> OfficeConfig:
        """Cached; checked with an ETag at most every 2 s; kept while the server is away."""
        with self._config_lock:
            if self._config is not None and \
                    time.monotonic() - self._config_checked < CONFIG_CHECK_SECONDS:
                return self._config
            headers = self._headers()
            if self._config_etag and self._config is not None:
                headers["If-None-Match"] = self._config_etag
            try:
                r = self._send("GET", "/api/office/config", headers=headers,
                               retry=self._config is None)
            except ServerUnavailable:
                if self._config is None:
                    raise
                return self._config
            self._config_checked = time.monotonic()
            if r.status_code == 304:
                return self._config
            if r.status_code >= 400:
                raise error_from_json(r.status_code, r.json())
            self._config = config_from_json(r.text, f"{self.base_url}/api/office/config")
            self._config_etag = r.headers.get("etag")
            return self._config

    # --- the visitor --------------------------------------------------------------------
    def issue(self, service: str, priority: PriorityGroup | str | None = None) -> IssuedTicket:
        d = self._write("/api/tickets", {"service": service,
                                          "priority": str(priority) if priority else None})
        return IssuedTicket(ticket_from_json(d["ticket"]), d["people_ahead"],
                            d["estimated_wait_min"], d["status_url"])

    def issue_ticket(self, service: str, priority: PriorityGroup | str | None = None) -> Ticket:
        return self.issue(service, priority).ticket

    def cancel(self, code: str) -> Ticket:
        return ticket_from_json(self._write(f"/api/tickets/{self._seg(code)}/cancel"))

    # --- the counter --------------------------------------------------------------------
    def _counter(self, counter: str, action: str, body: dict | None = None):
        return self._write(f"/api/counters/{self._seg(counter)}/{action}", body)

    def call_next(self, counter: str, officer: str | None = None) -> Ticket:
        return ticket_from_json(self._counter(counter, "call", {"officer": officer}))

    def call_ticket(self, counter: str, code: str, officer: str | None = None) -> Ticket:
        return ticket_from_json(self._counter(counter, "call", {"ticket": code, "officer": officer}))

    def recall(self, counter: str) -> Ticket:
        return ticket_from_json(self._counter(counter, "recall"))

    def start(self, counter: str) -> Ticket:
        return ticket_from_json(self._counter(counter, "start"))

    def finish(self, counter: str) -> Ticket:
        return ticket_from_json(self._counter(counter, "finish"))

    def no_show(self, counter: str) -> Ticket:
        return ticket_from_json(self._counter(counter, "no-show"))

    def transfer(self, counter: str, service: str) -> Ticket:
        return ticket_from_json(self._counter(counter, "transfer", {"service": service}))

    def reactivate(self, code: str) -> Ticket:
        return ticket_from_json(self._write(f"/api/tickets/{self._seg(code)}/reactivate"))

    def open_counter(self, counter: str, officer: str | None = None,
                     takeover: bool = False) -> CounterState:
        return counter_from_json(self._counter(counter, "open",
                                               {"officer": officer, "takeover": takeover}))

    def close_counter(self, counter: str) -> CounterState:
        return counter_from_json(self._counter(counter, "close"))

    def pause(self, counter: str, reason: str = "") -> CounterState:
        return counter_from_json(self._counter(counter, "pause", {"reason": reason}))

    def resume(self, counter: str) -> CounterState:
        return counter_from_json(self._counter(counter, "resume"))

    def record_event(self, type: str, *, ticket_code: str | None = None,
                     counter: str | None = None, detail: dict | None = None) -> Event:
        return event_from_json(self._write("/api/events", {
            "type": type, "ticket_code": ticket_code, "counter": counter, "detail": detail or {}}))

    # --- staff -------------------------------------------------------------------------
    def authenticate(self, username: str, pin: str) -> dict:
        d = self._request("POST", "/api/auth/login", json_body={"username": username, "pin": pin})
        self.session = d
        if self.adopt_login:
            self.token = d["token"]
        return {"username": d["username"], "full_name": d["full_name"], "role": d["role"]}

    def logout(self) -> None:
        if self.session:
            self._request("POST", "/api/auth/logout", retry=False)
            self.session = None

    def set_pin(self, username: str, pin: str) -> None:
        self._request("PUT", f"/api/officers/{self._seg(username)}/pin", json_body={"pin": pin})

    # --- reads -----------------------------------------------------------------------------
    def ticket(self, code: str) -> Ticket:
        return ticket_from_json(self._request("GET", f"/api/tickets/{self._seg(code)}"))

    def waiting(self, service: str) -> list[Ticket]:
        return [ticket_from_json(d) for d in
                self._request("GET", f"/api/services/{self._seg(service)}/waiting")]

    def _position(self, code: str) -> dict:
        return self._request("GET", f"/api/tickets/{self._seg(code)}/position")

    def people_ahead(self, code: str) -> int:
        return self._position(code)["people_ahead"]

    def estimated_wait(self, code: str) -> float:
        return self._position(code)["estimated_wait_min"]

    def current_ticket(self, counter: str) -> Ticket | None:
        d = self._request("GET", f"/api/counters/{self._seg(counter)}/current")
        return ticket_from_json(d) if d else None

    def counters(self) -> list[CounterState]:
        return [counter_from_json(d) for d in self._request("GET", "/api/counters")]

    def counter_state(self, counter: str) -> CounterState:
        return counter_from_json(self._request("GET", f"/api/counters/{self._seg(counter)}"))

    def queues(self) -> list[ServiceQueue]:
        return [queue_from_json(d) for d in self._request("GET", "/api/queues")]

    def officer_day(self, officer: str) -> dict:
        return self._request("GET", f"/api/officers/{self._seg(officer)}/day")

    def events_after(self, seq: int, limit: int = 1000) -> list[Event]:
        return [event_from_json(d) for d in
                self._request("GET", "/api/events", params={"after": seq, "limit": limit})]

    def last_event_seq(self) -> int:
        return self._request("GET", "/api/events/last")["seq"]

    # --- the visitor's voice: survey (SKM) and complaints ------------------------------------
    # Same names and arguments as the functions of `shared.survey` (minus the store), so a kiosk
    # calls `survey.submit_survey(store, ...)` embedded or `service.submit_survey(...)` on a LAN.
    def survey_form(self) -> dict:
        """The nine elements (questions and four answers, id/en), profile choices, categories."""
        return self._request("GET", "/api/public/survey/form")

    def survey_status(self, ticket_ref: str) -> dict:
        """{code, ticket_status, answered, can_answer, message, message_en} of a ticket (token)."""
        return self._request("GET", f"/api/public/tickets/{self._seg(_ticket_token(ticket_ref))}/survey")

    def submit_survey(self, ticket_ref: str, answers: dict, profile: dict | None = None,
                      suggestion: str | None = None, channel: str = "kiosk") -> int:
        """One response for a served ticket (its token or status URL); returns the response id.
        `SurveyRefused` when not served yet or already answered. Retried while the server is
        away like every call; should a lost answer hide a stored response, the retry is refused
        as already rated (`survey_status()` then says `answered`)."""
        body = {"answers": answers, "profile": profile or None,
                "suggestion": suggestion or None, "channel": channel}
        return self._request("POST", f"/api/public/tickets/{self._seg(_ticket_token(ticket_ref))}/survey",
                             json_body=body)["id"]

    def file_complaint(self, category: str, text: str, contact: str | None = None,
                       ticket_ref: str | None = None, channel: str = "kiosk") -> int:
        """File a complaint or suggestion; returns its number. Sent once (no retry, which could
        file it twice); `ServerUnavailable` when the server cannot be reached."""
        body = {"category": category, "text": text, "contact": contact or None,
                "ticket_token": _ticket_token(ticket_ref) if ticket_ref else None,
                "channel": channel}
        return self._request("POST", "/api/public/complaints", json_body=body, retry=False)["id"]

    def list_complaints(self, status: str | None = None,
                        since: datetime | None = None) -> list[Complaint]:
        params = {k: v for k, v in (("status", status),
                                    ("since", since.isoformat() if since else None)) if v}
        return [complaint_from_json(d) for d in
                self._request("GET", "/api/complaints", params={**params, "limit": 1000})]

    def get_complaint(self, complaint_id: int) -> Complaint:
        return complaint_from_json(self._request("GET", f"/api/complaints/{int(complaint_id)}"))

    def update_complaint(self, complaint_id: int, officer: str | None = None,
                         status: str | None = None, note: str | None = None) -> Complaint:
        """The handler recorded is the signed-in user; `officer`, when given, must be them."""
        body = {"status": status, "note": note, "officer": officer}
        return complaint_from_json(self._request(
            "PATCH", f"/api/complaints/{int(complaint_id)}",
            json_body={k: v for k, v in body.items() if v is not None}))

    def complaint_history(self, complaint_id: int) -> list[dict]:
        return [{**h, "at": _dt(h["at"])} for h in
                self._request("GET", f"/api/complaints/{int(complaint_id)}/history")]

    def ikm_report(self, first: date, last: date, service: str | None = None) -> IkmReport:
        params = {"from": first.isoformat(), "to": last.isoformat()}
        if service:
            params["service"] = service
        return ikm_report_from_json(self._request("GET", "/api/ikm", params=params))

    # --- push ----------------------------------------------------------------------------
    def subscribe(self, on_events: Callable[[list[Event]], None], after: int | None = None,
                  on_connection: Callable[[bool], None] | None = None) -> "EventSubscription":
        """Follow the events over server-sent events in a background thread: `on_events(list)`
        for every batch (from the thread); `on_connection(bool)` when the link goes up or down.
        Reconnects by itself, resuming after the last event delivered: nothing lost, nothing
        twice. `after=None` starts from now."""
        sub = EventSubscription(self, on_events, after, on_connection)
        sub.start()
        return sub


class EventSubscription:
    """A background follower of `/api/events/stream`; `stop()` ends it."""

    def __init__(self, service: HttpQueueService, on_events, after, on_connection):
        self.service = service
        self.on_events = on_events
        self.on_connection = on_connection
        self.last_seq = after
        self.connected = False
        self._stop = threading.Event()
        self._response: httpx.Response | None = None
        self._thread = threading.Thread(target=self._run, name="antrean-events", daemon=True)
        self._ready = threading.Event()

    def start(self) -> None:
        self._thread.start()

    def wait_connected(self, timeout: float = 5.0) -> bool:
        return self._ready.wait(timeout)

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        response = self._response
        if response is not None:   # wake the blocked read at once
            stream = response.extensions.get("network_stream")
            sock = stream.get_extra_info("socket") if stream is not None else None
            if sock is not None:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
        self._thread.join(timeout)

    def _set_connected(self, up: bool) -> None:
        if up != self.connected:
            self.connected = up
            if self.on_connection:
                try:
                    self.on_connection(up)
                except Exception:
                    log.exception("on_connection callback failed")

    def _run(self) -> None:
        svc = self.service
        delay = 0.1
        with httpx.Client(base_url=svc.base_url,
                          timeout=httpx.Timeout(5.0, read=40.0)) as client:  # keep-alives every 15 s
            while not self._stop.is_set():
                params = {} if self.last_seq is None else {"after": self.last_seq}
                try:
                    with client.stream("GET", "/api/events/stream", params=params,
                                       headers=svc._headers()) as r:
                        if r.status_code >= 400:
                            r.read()
                            err = error_from_json(r.status_code, _json_or_empty(r))
                            if r.status_code in (401, 403):
                                log.error("event stream refused: %s", err.message_en)
                                self._set_connected(False)
                                self._stop.wait(5.0)
                                continue
                            raise err
                        self._response = r
                        self._set_connected(True)
                        self._ready.set()
                        delay = 0.1
                        self._read(r)
                except (httpx.TransportError, AntreanError) as exc:
                    if self._stop.is_set():
                        break
                    log.info("event stream interrupted (%s): reconnecting", exc)
                finally:
                    self._response = None
                if self._stop.is_set():
                    break
                self._set_connected(False)
                self._stop.wait(delay)
                delay = min(delay * 2, 2.0)
        self._set_connected(False)

    def _read(self, r: httpx.Response) -> None:
        data, seq = [], None
        for line in r.iter_lines():
            if self._stop.is_set():
                return
            if line.startswith("data:"):
                data.append(line[5:].strip())
            elif line.startswith("id:"):
                seq = line[3:].strip()
            elif line == "" and data:
                events = [event_from_json(d) for d in json.loads("".join(data))]
                data, seq_text, seq = [], seq, None
                fresh = [e for e in events if self.last_seq is None or e.seq > self.last_seq]
                if seq_text and seq_text.isdigit():
                    self.last_seq = max(self.last_seq or 0, int(seq_text))
                if fresh:
                    self.last_seq = fresh[-1].seq
                    try:
                        self.on_events(fresh)
                    except Exception:
                        log.exception("on_events callback failed")
            elif line == "":   # an id without data: where the stream starts
                if seq and seq.isdigit() and self.last_seq is None:
                    self.last_seq = int(seq)
                data, seq = [], None


def _json_or_empty(r: httpx.Response) -> dict:
    try:
        body = r.json()
        return body if isinstance(body, dict) else {}
    except ValueError:
        return {}
