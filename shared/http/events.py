"""`EventSubscription`: follows `antrean serve`'s event log over server-sent events.

A background thread reads `/api/events/stream` and hands every batch of new events to a callback,
reconnecting by itself and resuming after the last event it delivered: nothing lost, nothing
twice. `HttpQueueService.subscribe()` starts one.
"""
from __future__ import annotations

import json
import logging
import socket
import threading
from typing import Callable

import httpx

from shared.domain import AntreanError
from shared.http.wire import error_from_json, event_from_json

log = logging.getLogger(__name__)


class EventSubscription:
    """A background follower of `/api/events/stream`; `stop()` ends it.

    It knows the server by its address and a `headers()` callable (the caller's current device or
    session token), not by the client object, so the client and the stream stay apart."""

    def __init__(self, base_url: str, headers: Callable[[], dict], on_events, after,
                 on_connection):
        self.base_url = base_url
        self.headers = headers
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
        delay = 0.1
        with httpx.Client(base_url=self.base_url,
                          timeout=httpx.Timeout(5.0, read=40.0)) as client:  # keep-alives every 15 s
            while not self._stop.is_set():
                params = {} if self.last_seq is None else {"after": self.last_seq}
                try:
                    with client.stream("GET", "/api/events/stream", params=params,
                                       headers=self.headers()) as r:
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
