"""Regression tests for three server defects found in review:

1. a login naming a counter bound the session to a counter in use by another officer, and the
   counter actions trusted the session binding alone;
2. any device or officer could record state-change events (`called`, …) through POST /api/events;
3. the hot write paths (issue, call) and the device `last seen` update ran blocking SQLite writes
   on the event loop, so one held write lock stalled /healthz and every event stream.
"""
from __future__ import annotations

import sqlite3
import threading
import time

import httpx
import pytest

from shared.server import ServerSettings, create_app
from shared.server.runner import ServerThread
from shared.server.testing import device_token, make_test_client, session_token


def _h(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def client(db_path, clock, service):
    service.set_pin("siti", "1357")
    service.set_pin("budi", "2468")
    service.issue("ktp")
    service.issue("ktp")
    app = create_app(ServerSettings(db_path, clock=clock, public_burst=10_000))
    with make_test_client(app) as c:
        yield c


def _login(client, username, pin, counter=None):
    body = {"username": username, "pin": pin}
    if counter is not None:
        body["counter"] = counter
    return client.post("/api/auth/login", json=body)


# --- 1. a counter in use by another officer --------------------------------------------------
def test_login_with_a_counter_in_use_is_refused_like_open(client, service):
    siti = _h(_login(client, "siti", "1357").json()["token"])
    assert client.post("/api/counters/1/open", headers=siti).json()["officer"] == "siti"
    assert client.post("/api/counters/1/call", json={}, headers=siti).json()["code"] == "A-001"
    budi = _h(_login(client, "budi", "2468").json()["token"])
    refused_open = client.post("/api/counters/1/open", headers=budi)
    assert refused_open.status_code == 409

    r = _login(client, "budi", "2468", counter="1")
    assert r.status_code == 409, r.text
    assert r.json()["message"] == refused_open.json()["message"]      # the same refusal
    assert service.counter_state("1").officer == "siti"
    assert service.ticket("A-001").status.value == "called"


def test_login_with_a_free_counter_opens_it_and_binds(client, service):
    r = _login(client, "budi", "2468", counter="2")
    assert r.status_code == 200, r.text
    assert r.json()["counter"] == "2"
    assert service.counter_state("2").officer == "budi"
    budi = _h(r.json()["token"])
    assert client.get("/api/auth/me", headers=budi).json()["counter"] == "2"
    r = client.post("/api/counters/2/call", json={}, headers=budi)
    assert r.status_code == 200 and r.json()["officer"] == "budi"


def test_a_session_bound_to_a_counter_held_by_another_officer_cannot_act(
        client, db_path, clock, service):
    siti = _h(_login(client, "siti", "1357").json()["token"])
    client.post("/api/counters/1/open", headers=siti)
    client.post("/api/counters/1/call", json={}, headers=siti)
    stale = _h(session_token(db_path, "budi", clock, counter="1"))   # bound, but not at the desk
    for path in ("no-show", "recall", "start", "finish", "pause", "resume", "close"):
        r = client.post(f"/api/counters/1/{path}", headers=stale)
        assert r.status_code == 403, (path, r.text)
    assert client.post("/api/counters/1/call", json={}, headers=stale).status_code == 403
    r = client.post("/api/counters/1/transfer", json={"service": "kk"}, headers=stale)
    assert r.status_code == 403
    assert service.ticket("A-001").status.value == "called"
    # siti herself, and admin anywhere, still act
    assert client.post("/api/counters/1/start", headers=siti).status_code == 200
    admin = _h(session_token(db_path, "admin", clock))
    assert client.post("/api/counters/1/finish", headers=admin).status_code == 200


def test_after_a_takeover_the_old_session_cannot_act(client, service):
    siti = _h(_login(client, "siti", "1357").json()["token"])
    client.post("/api/counters/1/open", headers=siti)
    budi = _h(_login(client, "budi", "2468").json()["token"])
    r = client.post("/api/counters/1/open", json={"takeover": True}, headers=budi)
    assert r.status_code == 200 and r.json()["officer"] == "budi"
    assert client.post("/api/counters/1/call", json={}, headers=siti).status_code == 403
    assert client.post("/api/counters/1/call", json={}, headers=budi).status_code == 200


# --- 2. forged state-change events -----------------------------------------------------------
@pytest.mark.parametrize("type_", ["called", "finished", "no_show", "issued", "counter_opened",
                                   "reprint"])
def test_only_client_event_types_may_be_recorded(client, db_path, clock, type_):
    kiosk = _h(device_token(db_path, "kiosk-x", "kiosk", clock))
    r = client.post("/api/events", json={"type": type_, "ticket_code": "A-001", "counter": "3"},
                    headers=kiosk)
    assert r.status_code == 422, r.text
    assert [f["field"] for f in r.json()["detail"]["fields"]] == ["body.type"]


@pytest.mark.parametrize("type_", ["printer_fault", "reprinted"])
def test_a_kiosk_records_printer_events(client, db_path, clock, type_):
    kiosk = _h(device_token(db_path, "kiosk-x", "kiosk", clock))
    r = client.post("/api/events", json={"type": type_, "ticket_code": "A-001"}, headers=kiosk)
    assert r.status_code == 201, r.text
    assert r.json()["type"] == type_ and r.json()["detail"]["by"] == "kiosk-x"


def test_boards_and_officers_may_not_record_events(client, db_path, clock, service):
    board = _h(device_token(db_path, "papan-x", "board", clock))
    siti = _h(_login(client, "siti", "1357").json()["token"])
    seq = service.last_event_seq()
    for who in (board, siti):
        r = client.post("/api/events", json={"type": "printer_fault"}, headers=who)
        assert r.status_code == 403, r.text
    r = client.post("/api/events", json={"type": "called", "ticket_code": "A-001",
                                         "counter": "3"}, headers=board)
    assert r.status_code in (403, 422)
    assert service.last_event_seq() == seq
    assert client.get("/api/board", headers=board).json()["latest"] in (None, [])


# --- 3. blocking writes off the event loop ---------------------------------------------------
class _HeldWriteLock:
    """Another connection holds SQLite's write lock (`BEGIN IMMEDIATE`) for `seconds`."""

    def __init__(self, db_path, seconds: float):
        self.db_path, self.seconds = db_path, seconds
        self.held = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        conn = sqlite3.connect(str(self.db_path), isolation_level=None, check_same_thread=False)
        try:
            conn.execute("BEGIN IMMEDIATE")
            self.held.set()
            time.sleep(self.seconds)
            conn.execute("COMMIT")
        finally:
            conn.close()

    def __enter__(self):
        self.thread.start()
        assert self.held.wait(5)
        return self

    def __exit__(self, *exc):
        self.thread.join()


def _timed_get(url, **kw) -> tuple[httpx.Response, float]:
    t = time.perf_counter()
    r = httpx.get(url, timeout=30, **kw)
    return r, time.perf_counter() - t


def test_a_held_write_lock_does_not_stall_the_event_loop(db_path, clock, service):
    kiosk = device_token(db_path, "kiosk-1", "kiosk", clock)
    with ServerThread(ServerSettings(db_path, port=0, clock=clock)) as srv:
        url = srv.url
        with httpx.Client(base_url=url, timeout=30) as http:   # warm up: the device is known
            assert http.post("/api/tickets", json={"service": "ktp"},
                             headers=_h(kiosk)).status_code == 201
        before = len(service.waiting("ktp"))
        results = []

        def issue():
            t = time.perf_counter()
            r = httpx.post(url + "/api/tickets", json={"service": "ktp"},
                           headers={**_h(kiosk), "Idempotency-Key": "issue-under-lock-1"},
                           timeout=30)
            results.append((r, time.perf_counter() - t))

        with _HeldWriteLock(db_path, 2.0):
            th = threading.Thread(target=issue)
            th.start()
            time.sleep(0.3)                       # the issue now waits on the write lock
            r, took = _timed_get(url + "/healthz")
            assert r.status_code == 200
            assert took < 0.5, f"/healthz took {took:.2f}s while a write waited on the lock"
            th.join(10)
        assert not th.is_alive()
        (r, took), = results
        assert r.status_code == 201, r.text
        assert took > 1.0                          # it really waited for the lock
        assert len(service.waiting("ktp")) == before + 1    # issued exactly once
        again = httpx.post(url + "/api/tickets", json={"service": "ktp"},
                           headers={**_h(kiosk), "Idempotency-Key": "issue-under-lock-1"},
                           timeout=30)
        assert again.status_code == 201 and again.headers.get("Idempotent-Replayed") == "true"
        assert again.json()["ticket"]["code"] == r.json()["ticket"]["code"]
        assert len(service.waiting("ktp")) == before + 1


def test_last_seen_update_never_blocks_the_loop(db_path, clock, service):
    with ServerThread(ServerSettings(db_path, port=0, clock=clock)) as srv:
        url = srv.url
        assert httpx.get(url + "/healthz", timeout=10).status_code == 200
        board = device_token(db_path, "papan-baru", "board", clock)   # never seen yet
        with _HeldWriteLock(db_path, 2.0):
            done = []

            def read():
                done.append(_timed_get(url + "/api/counters", headers=_h(board)))
            th = threading.Thread(target=read)
            th.start()
            time.sleep(0.3)
            r, took = _timed_get(url + "/healthz")
            th.join(10)
            assert took < 0.5, f"/healthz took {took:.2f}s behind a 'last seen' write"
            (rr, read_took), = done
            assert rr.status_code == 200 and read_took < 0.5, read_took
