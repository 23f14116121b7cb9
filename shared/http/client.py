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

import logging
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone
from typing import Callable

import httpx

from shared.config import OfficeConfig, config_from_json
from shared.domain import (AntreanError, CounterState, Event, IssuedTicket, PriorityGroup, ServiceQueue,
                           Ticket)
from shared.http.booking import BookingClientMixin
from shared.http.events import EventSubscription
from shared.http.survey import SurveyClientMixin
# The errors and converters are re-exported: callers import them from here, as they always have.
from shared.http.wire import (ERRORS, Forbidden, InvalidRequest, RateLimited,
                              ServerUnavailable, complaint_from_json, counter_from_json,
                              datetime_from_json, error_from_json, event_from_json,
                              ikm_report_from_json, issued_from_json, queue_from_json,
                              ticket_from_json)
from shared.service import QueueService

__all__ = ["CONFIG_CHECK_SECONDS", "ERRORS", "RETRY_STATUS", "EventSubscription", "Forbidden",
           "HttpQueueService", "InvalidRequest", "RateLimited", "ServerClock", "ServerUnavailable",
           "complaint_from_json", "counter_from_json", "datetime_from_json", "error_from_json",
           "event_from_json", "ikm_report_from_json", "queue_from_json", "ticket_from_json"]

log = logging.getLogger(__name__)

CONFIG_CHECK_SECONDS = 2.0
RETRY_STATUS = (502, 503, 504)   # a reverse proxy or a busy database: worth another try


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
                health = self._service._request("GET", "/healthz", retry=False)
                server = datetime_from_json(health["now"])
                got = datetime.now(timezone.utc)
                self._offset = server - (sent + (got - sent) / 2)
                self._measured = time.monotonic()
            except AntreanError:
                if self._offset is None:
                    return datetime.now(timezone.utc)
        return datetime.now(timezone.utc) + self._offset


class HttpQueueService(SurveyClientMixin, BookingClientMixin, QueueService):
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
        return issued_from_json(d)

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

    # The visitor's voice (survey, complaints): `SurveyClientMixin` in shared.http.survey.

    # --- push ----------------------------------------------------------------------------
    def subscribe(self, on_events: Callable[[list[Event]], None], after: int | None = None,
                  on_connection: Callable[[bool], None] | None = None) -> "EventSubscription":
        """Follow the events over server-sent events in a background thread: `on_events(list)`
        for every batch (from the thread); `on_connection(bool)` when the link goes up or down.
        Reconnects by itself, resuming after the last event delivered: nothing lost, nothing
        twice. `after=None` starts from now."""
        sub = EventSubscription(self.base_url, self._headers, on_events, after, on_connection)
        sub.start()
        return sub
