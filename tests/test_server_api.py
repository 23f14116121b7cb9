"""The LAN server's HTTP surface: error JSON, 422 naming the field, idempotency keys, rate
limiting, the public status JSON, the board's data, config with ETag, statistics, and the push
channel (server-sent events and WebSocket) over a real socket."""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time

import httpx
import pytest

from shared.server import ServerSettings, create_app
from shared.server.runner import ServerThread
from shared.server.testing import device_token, make_test_client, session_token
from tests.conftest import ROOT


@pytest.fixture
def api(db_path, clock, service):
    app = create_app(ServerSettings(db_path, clock=clock, public_burst=5, public_rate_per_s=0.5))
    service.open_counter("1", "siti")   # siti is at counter 1 (her session bound there)
    tokens = {"kiosk": device_token(db_path, "kiosk-1", "kiosk", clock),
              "board": device_token(db_path, "papan-1", "board", clock),
              "admin": session_token(db_path, "admin", clock),
              "siti": session_token(db_path, "siti", clock, counter="1")}
    with make_test_client(app) as client:
        client.tokens = tokens
        client.hdr = lambda who: {"Authorization": f"Bearer {tokens[who]}"}
        yield client


def test_domain_errors_are_4xx_with_the_error_json(api):
    r = api.post("/api/counters/1/call", json={}, headers=api.hdr("siti"))
    assert r.status_code == 409
    body = r.json()
    assert body["error"] == "nobody_waiting" and "Loket 1" in body["message"]
    assert body["message_en"].startswith("Nobody") and body["detail"]["counter"] == "1"
    r = api.post("/api/counters/1/finish", headers=api.hdr("siti"))
    assert (r.status_code, r.json()["error"]) == (409, "illegal_transition")
    r = api.get("/api/tickets/Z-999", headers=api.hdr("board"))
    assert (r.status_code, r.json()["error"]) == (404, "not_found")
    r = api.post("/api/tickets", json={"service": "nope"}, headers=api.hdr("kiosk"))
    assert r.status_code == 409
    assert r.json()["error"] == "issue_refused" and r.json()["detail"]["reason"] == "unknown_service"
    r = api.get("/no/such/route")
    assert r.status_code == 404 and r.json()["error"] == "not_found"


@pytest.mark.parametrize("body,field", [
    ({}, "body.service"),
    ({"service": ""}, "body.service"),
    ({"service": "ktp", "priority": "vip"}, "body.priority"),
    ({"service": "ktp", "extra": 1}, "body.extra"),
    ({"service": "x" * 65}, "body.service"),
])
def test_bad_input_is_422_naming_the_field(api, body, field):
    r = api.post("/api/tickets", json=body, headers=api.hdr("kiosk"))
    assert r.status_code == 422
    err = r.json()
    assert err["error"] == "invalid" and field in err["message"]
    assert field in [f["field"] for f in err["detail"]["fields"]]


def test_bad_query_and_header_named(api):
    r = api.get("/api/events?after=-1", headers=api.hdr("board"))
    assert r.status_code == 422 and "query.after" in r.json()["message"]
    r = api.post("/api/tickets", json={"service": "ktp"},
                 headers={**api.hdr("kiosk"), "Idempotency-Key": "bad key!"})
    assert r.status_code == 422 and "Idempotency-Key" in r.json()["message"]


def test_idempotency_key_returns_the_first_result(api, service):
    headers = {**api.hdr("kiosk"), "Idempotency-Key": "kiosk-1-0001-abcdef"}
    first = api.post("/api/tickets", json={"service": "ktp"}, headers=headers)
    again = api.post("/api/tickets", json={"service": "ktp"}, headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json() and again.headers["Idempotent-Replayed"] == "true"
    assert [e.type for e in service.events_after(0)].count("issued") == 1
    other = api.post("/api/tickets", json={"service": "ktp"},
                     headers={**api.hdr("kiosk"), "Idempotency-Key": "kiosk-1-0002-abcdef"})
    assert other.json()["ticket"]["code"] == "A-002"
    # the same key for another request is refused, not answered with the first result
    r = api.post("/api/tickets", json={"service": "kk"}, headers=headers)
    assert r.status_code == 422 and r.json()["error"] == "idempotency_conflict"
    # a call, retried
    call = {**api.hdr("siti"), "Idempotency-Key": "counter-1-call-0001"}
    c1 = api.post("/api/counters/1/call", json={}, headers=call)
    c2 = api.post("/api/counters/1/call", json={}, headers=call)
    assert c1.status_code == c2.status_code == 200 and c1.json() == c2.json()
    assert [e.type for e in service.events_after(0)].count("called") == 1


def test_refused_action_leaves_no_key(api, service):
    headers = {**api.hdr("siti"), "Idempotency-Key": "counter-1-call-0009"}
    assert api.post("/api/counters/1/call", json={}, headers=headers).status_code == 409
    service.issue("ktp")
    r = api.post("/api/counters/1/call", json={}, headers=headers)
    assert r.status_code == 200 and r.json()["code"] == "A-001"


def test_replay_answers_with_the_same_ticket_as_it_is_now(api, service):
    """The key row is written in the action's transaction; a retry answers with the first
    ticket in its current state (position included), never with a new one."""
    headers = {**api.hdr("kiosk"), "Idempotency-Key": "kiosk-1-lost-answer"}
    service.issue("ktp")
    first = api.post("/api/tickets", json={"service": "ktp"}, headers=headers).json()
    assert first["people_ahead"] == 1
    service.call_next("1")
    again = api.post("/api/tickets", json={"service": "ktp"}, headers=headers).json()
    assert again["ticket"] == first["ticket"] and again["people_ahead"] == 0
    assert [e.type for e in service.events_after(0)].count("issued") == 2


def test_public_status_json_has_no_personal_data_and_is_rate_limited(api, service):
    issued = service.issue("ktp")
    service.issue("ktp")
    token = service.issue("ktp").ticket.token
    r = api.get(f"/api/public/tickets/{token}")
    assert r.status_code == 200
    body = r.json()
    assert (body["code"], body["people_ahead"], body["status"]) == ("A-003", 2, "waiting")
    assert body["estimated_wait_min"] > 0 and body["service"]["name_en"].startswith("e-KTP")
    service.call_next("1", "siti")
    r = api.get(f"/api/public/tickets/{issued.ticket.token}")
    called = r.json()
    assert called["status"] == "called" and called["counter"] == {"name": "1", "label": "Loket 1"}
    assert "siti" not in r.text and "officer" not in r.text and "token" not in called
    assert r.headers["referrer-policy"] == "no-referrer"
    assert "script-src 'self'" in r.headers["content-security-policy"]
    # a code is not a token: the public route needs the unguessable token
    assert api.get("/api/public/tickets/A-001").status_code == 422
    assert api.get("/api/public/tickets/" + "x" * 22).status_code == 404
    # burst of 5 at 0.5/s: the rest of a quick burst is refused with Retry-After
    codes = [api.get(f"/api/public/tickets/{token}").status_code for _ in range(8)]
    assert 429 in codes
    r = api.get(f"/api/public/tickets/{token}")
    assert r.status_code == 429 and r.json()["error"] == "rate_limited"
    assert int(r.headers["retry-after"]) >= 1


def test_status_and_board_pages_are_served_locally(api, service):
    token = service.issue("ktp").ticket.token
    page = api.get(f"/t/{token}")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert '<script src="/static/status.js"' in page.text and "http" not in page.text.lower()
    assert '<script src="/static/survey.js"' in page.text
    total = sum(len(api.get(f"/static/{name}").content)
                for name in ("status.js", "status.css", "survey.js")) + len(page.content)
    assert total < 32_000, f"status page (with the survey) weighs {total} bytes"
    board = api.get("/board")
    assert board.status_code == 200 and "/static/board.js" in board.text
    for name in ("status.js", "board.js", "status.css", "board.css", "survey.js"):
        text = api.get(f"/static/{name}").text
        assert "http://" not in text and "https://" not in text, name  # no CDN


def test_board_state(api, service, clock):
    service.issue("ktp")
    service.issue("kk")
    service.call_next("1", "siti")
    clock.advance(seconds=30)
    service.call_next("3")
    service.pause("2", "Salat")
    r = api.get("/api/board", headers=api.hdr("board"))
    state = r.json()
    assert state["latest"]["code"] == "B-001" and state["latest"]["counter_label"] == "Loket 3"
    assert state["latest"]["say"].lower().startswith("nomor antrean, be, satu")
    assert [c["code"] for c in state["recent"]] == ["A-001"]
    counters = {c["name"]: c for c in state["counters"]}
    assert counters["1"]["current"] == "A-001" and counters["2"]["status"] == "paused"
    assert state["office"]["running_text"].startswith("Selamat datang")
    assert {q["service"]: q["waiting"] for q in state["queues"]}["ktp"] == 0


def test_config_etag_put_and_stats(api, service, office_config):
    r = api.get("/api/office/config", headers=api.hdr("kiosk"))
    assert r.status_code == 200 and r.json()["office"]["name"] == office_config.name
    etag = r.headers["etag"]
    again = api.get("/api/office/config", headers={**api.hdr("kiosk"), "If-None-Match": etag})
    assert again.status_code == 304
    raw = r.json()
    raw["office"]["running_text"] = "Teks baru"
    r = api.put("/api/office/config", json=raw, headers=api.hdr("admin"))
    assert r.status_code == 200 and r.json()["changed"] is True
    raw["services"][0]["daily_quota"] = 0
    r = api.put("/api/office/config", json=raw, headers=api.hdr("admin"))
    assert r.status_code == 422 and r.json()["error"] == "config"
    assert "daily_quota" in r.json()["message"]
    service.issue("ktp")
    kepala = session_token(service.path, "kepala", service.clock)
    r = api.get("/api/stats?from=2026-11-23&to=2026-11-23",
                headers={"Authorization": f"Bearer {kepala}"})
    assert r.status_code == 200
    assert {row["service"]: row["issued"] for row in r.json()}["ktp"] == 1
    r = api.get("/api/stats?from=2026-11-23&to=2025-01-01",
                headers={"Authorization": f"Bearer {kepala}"})
    assert r.status_code == 400


def test_openapi_describes_the_api(api):
    spec = api.get("/openapi.json").json()
    assert "bearer" in json.dumps(spec["components"]["securitySchemes"]).lower()
    issue = spec["paths"]["/api/tickets"]["post"]
    assert set(issue["responses"]) >= {"201", "401", "403", "409", "422"}
    assert "IssueIn" in spec["components"]["schemas"]


# --- the push channel over a real socket -------------------------------------------------------
@pytest.fixture
def live(db_path, clock, service):
    with ServerThread(ServerSettings(db_path, port=0, clock=clock)) as srv:
        srv.board = device_token(db_path, "papan-1", "board", clock)
        yield srv


def _sse_reader(url, params, headers, got, stop):
    with httpx.Client(timeout=10) as client:
        with client.stream("GET", url, params=params, headers=headers) as r:
            got.append(("status", r.status_code))
            for line in r.iter_lines():
                if line.startswith("data:"):
                    got.append(("data", json.loads(line[5:])))
                if stop.is_set():
                    return


def _wait(predicate, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False


def test_sse_pushes_events_and_resumes_after(live, service):
    got, stop = [], threading.Event()
    t = threading.Thread(target=_sse_reader, daemon=True, args=(
        f"{live.url}/api/events/stream", {"access_token": live.board}, {}, got, stop))
    t.start()
    assert _wait(lambda: ("status", 200) in got)
    time.sleep(0.2)
    issued = live.app.state.antrean.service.issue("ktp")   # a write through the server's store
    assert _wait(lambda: any(k == "data" for k, _ in got))
    events = [e for k, v in got if k == "data" for e in v]
    assert events[0]["type"] == "issued" and events[0]["ticket_code"] == issued.ticket.code
    service.issue("kk")                                    # another process's write: polled
    assert _wait(lambda: len([e for k, v in got if k == "data" for e in v]) == 2, 3.0)
    stop.set()
    # resume after seq 0: everything again, from the store
    r = httpx.get(f"{live.url}/api/events?after=0", headers={"Authorization": f"Bearer {live.board}"})
    assert [e["type"] for e in r.json()][-2:] == ["issued", "issued"]
    with httpx.stream("GET", f"{live.url}/api/events/stream",
                      headers={"Authorization": "Bearer nope"}) as r:
        assert r.status_code == 401


def test_websocket_pushes_events(live):
    from websockets.sync.client import connect
    url = live.url.replace("http://", "ws://") + f"/api/events/ws?after=0&access_token={live.board}"
    with connect(url, open_timeout=5) as ws:
        first = json.loads(ws.recv(timeout=5))
        assert first[0]["type"] == "config_loaded"
        live.app.state.antrean.service.issue("ktp")
        live.app.state.antrean.broker.notify()
        batch = json.loads(ws.recv(timeout=5))
        assert batch[-1]["type"] == "issued"
    bad = live.url.replace("http://", "ws://") + "/api/events/ws?access_token=nope"
    with pytest.raises(Exception):
        with connect(bad, open_timeout=5) as ws:
            ws.recv(timeout=5)


def test_public_stream_sends_the_status_when_it_changes(live, service):
    first = service.issue("ktp")
    mine = service.issue("ktp")
    got, stop = [], threading.Event()
    threading.Thread(target=_sse_reader, daemon=True, args=(
        f"{live.url}/api/public/tickets/{mine.ticket.token}/stream", {}, {}, got, stop)).start()
    assert _wait(lambda: any(k == "data" for k, _ in got))
    assert [v for k, v in got if k == "data"][0]["people_ahead"] == 1
    service.call_next("1")
    assert _wait(lambda: [v for k, v in got if k == "data"][-1]["people_ahead"] == 0, 3.0)
    service.no_show("1")
    service.call_next("2")
    assert _wait(lambda: [v for k, v in got if k == "data"][-1]["status"] == "called", 3.0)
    last = [v for k, v in got if k == "data"][-1]
    assert last["counter"]["label"] == "Loket 2" and first.ticket.code != last["code"]
    stop.set()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_antrean_serve_command(db_path):
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "shared.cli", "--db", str(db_path), "serve",
                             "--port", str(port), "--log-level", "warning"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        ok = _wait(lambda: _healthy(port), 20.0)
        assert ok, proc.stderr.read() if proc.poll() is not None else "no answer"
        spec = httpx.get(f"http://127.0.0.1:{port}/openapi.json").json()
        assert "/api/tickets" in spec["paths"]
    finally:
        proc.terminate()
        proc.wait(10)
    assert "127.0.0.1:%d" % port in proc.stdout.read()
    missing = subprocess.run([sys.executable, "-m", "shared.cli", "--db", str(db_path) + ".no",
                              "serve"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert missing.returncode == 1 and "antrean init" in missing.stderr


def _healthy(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).json()["ok"]
    except (httpx.HTTPError, ValueError):
        return False


def test_device_cli(db_path):
    def run(*args):
        return subprocess.run([sys.executable, "-m", "shared.cli", "--db", str(db_path), *args],
                              cwd=ROOT, capture_output=True, text=True, timeout=60)
    r = run("--json", "device", "add", "kiosk-lobi", "--role", "kiosk")
    assert r.returncode == 0, r.stderr
    token = json.loads(r.stdout)["token"]
    assert token.startswith("antd_") and len(token) >= 45
    stored = run("--json", "device", "list")
    assert token not in stored.stdout and json.loads(stored.stdout)[0]["name"] == "kiosk-lobi"
    assert run("device", "add", "kiosk-lobi", "--role", "kiosk").returncode == 1
    assert run("device", "add", "x", "--role", "admin").returncode == 2
    assert run("device", "revoke", "kiosk-lobi").returncode == 0
    assert run("device", "revoke", "kiosk-lobi").returncode == 1
    app = create_app(ServerSettings(db_path))
    with make_test_client(app) as client:
        r = client.get("/api/queues", headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 401
