"""Who may do what on the LAN server: the role matrix (everything not allowed is 401 without a
token and 403 with one), token lifetimes, revocation, and who-did-it in the event log."""
from __future__ import annotations

import json

import pytest

from shared.store import survey
from shared.ikm import ELEMENT_KEYS
from shared.server import ServerSettings, create_app
from shared.server.testing import device_token, make_test_client, session_token

NONE, KIOSK, BOARD = "none", "kiosk", "board"
OFFICER1, OFFICER_FREE, SUPERVISOR, ADMIN = "officer@1", "officer-unbound", "supervisor", "admin"
PRINCIPALS = [NONE, KIOSK, BOARD, OFFICER1, OFFICER_FREE, SUPERVISOR, ADMIN]
READERS = {KIOSK, BOARD, OFFICER1, OFFICER_FREE, SUPERVISOR, ADMIN}
STAFF = {OFFICER1, OFFICER_FREE, SUPERVISOR, ADMIN}
EVERYONE = set(PRINCIPALS)
ANSWERS = {key: 3 for key in ELEMENT_KEYS}

# (method, path, json body, who may) — paths use ticket A-001 and {token} of that ticket
MATRIX = [
    ("POST", "/api/tickets", {"service": "ktp"}, {KIOSK, ADMIN}),
    ("GET", "/api/tickets/A-001", None, READERS),
    ("GET", "/api/tickets/A-001/position", None, READERS),
    ("POST", "/api/tickets/A-002/cancel", None, STAFF),
    ("POST", "/api/tickets/A-001/reactivate", None, STAFF),
    ("GET", "/api/counters", None, READERS),
    ("GET", "/api/counters/1", None, READERS),
    ("GET", "/api/counters/1/current", None, READERS),
    ("POST", "/api/counters/1/call", {}, {OFFICER1, ADMIN}),
    ("POST", "/api/counters/2/call", {}, {ADMIN}),
    ("POST", "/api/counters/1/recall", None, {OFFICER1, ADMIN}),
    ("POST", "/api/counters/1/start", None, {OFFICER1, ADMIN}),
    ("POST", "/api/counters/1/finish", None, {OFFICER1, ADMIN}),
    ("POST", "/api/counters/1/no-show", None, {OFFICER1, ADMIN}),
    ("POST", "/api/counters/1/transfer", {"service": "kk"}, {OFFICER1, ADMIN}),
    ("POST", "/api/counters/1/pause", {"reason": "x"}, {OFFICER1, ADMIN}),
    ("POST", "/api/counters/1/resume", None, {OFFICER1, ADMIN}),
    ("POST", "/api/counters/2/pause", {"reason": "x"}, {ADMIN}),
    ("POST", "/api/counters/3/close", None, {ADMIN}),
    ("POST", "/api/counters/4/open", {}, STAFF),
    ("POST", "/api/counters/4/open", {"officer": "rahmat"}, {ADMIN}),
    ("GET", "/api/queues", None, READERS),
    ("GET", "/api/services/ktp/waiting", None, READERS),
    ("GET", "/api/office/config", None, READERS),
    ("PUT", "/api/office/config", "CONFIG", {ADMIN}),
    ("GET", "/api/events", None, READERS),
    ("GET", "/api/events/last", None, READERS),
    ("POST", "/api/events", {"type": "printer_fault"}, {KIOSK, ADMIN}),
    ("GET", "/api/board", None, READERS),
    ("GET", "/api/officers/siti/day", None, {OFFICER1, SUPERVISOR, ADMIN}),
    ("GET", "/api/stats?from=2026-11-23&to=2026-11-23", None, {SUPERVISOR, ADMIN}),
    ("PUT", "/api/officers/agus/pin", {"pin": "1357"}, {ADMIN}),
    ("GET", "/api/devices", None, {ADMIN}),
    ("POST", "/api/devices", {"name": "papan-2", "role": "board"}, {ADMIN}),
    ("DELETE", "/api/devices/none-such", None, {ADMIN}),
    ("GET", "/api/auth/me", None, READERS),
    ("GET", "/healthz", None, EVERYONE),
    ("GET", "/api/public/tickets/{token}", None, EVERYONE),
    ("GET", "/api/public/survey/form", None, EVERYONE),
    ("GET", "/api/public/tickets/{token}/survey", None, EVERYONE),
    # A-001 is waiting: a 409 for everyone (a survey is for served tickets), never 401/403
    ("POST", "/api/public/tickets/{token}/survey", {"answers": ANSWERS}, EVERYONE),
    ("POST", "/api/public/tickets/{token}/survey", {"answers": ANSWERS, "channel": "kiosk"},
     {KIOSK, ADMIN}),
    ("POST", "/api/public/complaints", {"category": "saran", "text": "Tambah kursi"}, EVERYONE),
    ("POST", "/api/public/complaints", {"category": "saran", "text": "x", "channel": "kiosk"},
     {KIOSK, ADMIN}),
    ("GET", "/api/complaints", None, {SUPERVISOR, ADMIN}),
    ("GET", "/api/complaints/1", None, {SUPERVISOR, ADMIN}),
    ("PATCH", "/api/complaints/1", {"note": "Ditindaklanjuti"}, {SUPERVISOR, ADMIN}),
    ("GET", "/api/complaints/1/history", None, {SUPERVISOR, ADMIN}),
    ("GET", "/api/ikm?from=2026-11-23&to=2026-11-23", None, {SUPERVISOR, ADMIN}),
    ("GET", "/t/{token}", None, EVERYONE),
    ("GET", "/board", None, EVERYONE),
    # antrean online: ZZZZZZZZ is no booking (a 404/409 for those allowed, never 401/403)
    ("GET", "/booking", None, EVERYONE),
    ("GET", "/booking/ZZZZZZZZ", None, EVERYONE),
    ("GET", "/api/public/booking/services", None, EVERYONE),
    ("GET", "/api/public/booking/services/kk/slots?day=2026-11-24", None, EVERYONE),
    ("POST", "/api/public/bookings", {"service": "kk", "slot_start": "2026-11-24T09:00:00+07:00",
                                      "name": "Warga", "contact": "081234567890"}, EVERYONE),
    ("GET", "/api/public/bookings/ZZZZZZZZ", None, EVERYONE),
    ("GET", "/api/public/bookings/ZZZZZZZZ/qr.svg", None, EVERYONE),
    ("POST", "/api/public/bookings/ZZZZZZZZ/cancel", {"contact": "081234567890"}, EVERYONE),
    ("POST", "/api/public/bookings/ZZZZZZZZ/reschedule",
     {"slot_start": "2026-11-24T10:00:00+07:00", "contact": "081234567890"}, EVERYONE),
    ("GET", "/api/services/kk/slots?day=2026-11-24", None, READERS),
    ("GET", "/api/bookings?day=2026-11-24", None, STAFF),
    ("POST", "/api/bookings", {"service": "kk", "slot_start": "2026-11-24T09:30:00+07:00",
                               "name": "Penelepon", "contact": "081234567891"}, STAFF),
    ("GET", "/api/bookings/ZZZZZZZZ", None, READERS),
    ("POST", "/api/bookings/ZZZZZZZZ/cancel", None, STAFF),
    ("POST", "/api/bookings/ZZZZZZZZ/reschedule", {"slot_start": "2026-11-24T10:00:00+07:00"},
     STAFF),
    ("POST", "/api/bookings/release", None, STAFF),
    ("POST", "/api/check-in", {"code": "ZZZZZZZZ"}, {KIOSK, ADMIN}),
]


@pytest.fixture
def office(db_path, clock, service):
    """Two waiting tickets, siti at counter 1 (her session bound there), tokens for each role."""
    service.issue("ktp")
    service.issue("ktp")
    service.open_counter("1", "siti")
    survey.file_complaint(service, "sarana", "AC mati", contact="0812")   # complaint #1
    tokens = {
        NONE: None,
        KIOSK: device_token(db_path, "kiosk-1", "kiosk", clock),
        BOARD: device_token(db_path, "papan-1", "board", clock),
        OFFICER1: session_token(db_path, "siti", clock, counter="1"),
        OFFICER_FREE: session_token(db_path, "budi", clock),
        SUPERVISOR: session_token(db_path, "kepala", clock),
        ADMIN: session_token(db_path, "admin", clock),
    }
    app = create_app(ServerSettings(db_path, clock=clock, public_burst=10_000))
    with make_test_client(app) as client:
        yield client, tokens, service


def _call(client, method, path, body, token, service, config_raw):
    path = path.replace("{token}", service.ticket("A-001").token)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    json_body = config_raw if body == "CONFIG" else body
    return client.request(method, path, json=json_body, headers=headers)


@pytest.mark.parametrize("who", PRINCIPALS)
def test_role_matrix(office, who, office_config):
    client, tokens, service = office
    raw = json.loads(office_config.to_json())
    for method, path, body, allowed in MATRIX:
        r = _call(client, method, path, body, tokens[who], service, raw)
        label = f"{who}: {method} {path} → {r.status_code} {r.text[:200]}"
        assert r.status_code < 500, label
        if who in allowed:
            assert r.status_code not in (401, 403), label
        else:
            assert r.status_code == (401 if who == NONE else 403), label
            err = r.json()
            assert err["error"] == ("auth" if who == NONE else "forbidden"), label
            assert err["message"] and err["message_en"]


def test_matrix_covers_every_route(office):
    """A new route must be added to the matrix (and so get a role decision)."""
    client, _, _ = office
    spec = client.get("/openapi.json").json()
    routes = {(m.upper(), p) for p, ops in spec["paths"].items() for m in ops}
    covered = {(m, p.split("?")[0]) for m, p, _, _ in MATRIX}
    normalise = {"/api/tickets/A-001": "/api/tickets/{code}",
                 "/api/tickets/A-001/position": "/api/tickets/{code}/position",
                 "/api/tickets/A-002/cancel": "/api/tickets/{code}/cancel",
                 "/api/tickets/A-001/reactivate": "/api/tickets/{code}/reactivate",
                 "/api/services/ktp/waiting": "/api/services/{service}/waiting",
                 "/api/officers/siti/day": "/api/officers/{username}/day",
                 "/api/officers/agus/pin": "/api/officers/{username}/pin",
                 "/api/devices/none-such": "/api/devices/{name}",
                 "/api/complaints/1": "/api/complaints/{complaint_id}",
                 "/api/complaints/1/history": "/api/complaints/{complaint_id}/history",
                 "/api/services/kk/slots": "/api/services/{service}/slots",
                 "/api/public/booking/services/kk/slots":
                     "/api/public/booking/services/{service}/slots"}
    normalise.update({p: p.replace("ZZZZZZZZ", "{code}") for _, p, _, _ in MATRIX
                      if "ZZZZZZZZ" in p})
    covered = {(m, normalise.get(p, p)) for m, p in covered}
    covered |= {(m, p.replace("/1/", "/{counter}/").replace("/2/", "/{counter}/")
                 .replace("/3/", "/{counter}/").replace("/4/", "/{counter}/")
                 .removesuffix("/1")) for m, p in covered}
    covered |= {("GET", "/api/counters/{counter}")}
    missing = routes - covered - {("POST", "/api/auth/login"), ("POST", "/api/auth/logout"),
                                  ("GET", "/api/events/stream"),
                                  ("GET", "/api/public/tickets/{token}/stream")}
    assert not missing


def test_revoked_device_and_expired_session_and_logout(office, clock, db_path):
    client, tokens, service = office
    kiosk = {"Authorization": f"Bearer {tokens[KIOSK]}"}
    assert client.post("/api/tickets", json={"service": "ktp"}, headers=kiosk).status_code == 201
    admin = {"Authorization": f"Bearer {tokens[ADMIN]}"}
    assert client.delete("/api/devices/kiosk-1", headers=admin).status_code == 200
    r = client.post("/api/tickets", json={"service": "ktp"}, headers=kiosk)
    assert r.status_code == 401 and r.json()["error"] == "auth"
    short = session_token(db_path, "budi", clock, hours=1)
    me = client.get("/api/auth/me", headers={"Authorization": f"Bearer {short}"})
    assert me.json() == {"kind": "session", "name": "budi", "role": "officer", "counter": None}
    clock.advance(minutes=61)
    assert client.get("/api/auth/me",
                      headers={"Authorization": f"Bearer {short}"}).status_code == 401
    sup = {"Authorization": f"Bearer {tokens[SUPERVISOR]}"}
    assert client.post("/api/auth/logout", headers=sup).status_code == 204
    assert client.get("/api/auth/me", headers=sup).status_code == 401
    for bad in ("garbage", "antd_" + "x" * 43, "ants_" + "y" * 43, "z" * 300):
        r = client.get("/api/queues", headers={"Authorization": f"Bearer {bad}"})
        assert r.status_code == 401, bad
    # a token in the query string is for streams only
    assert client.get(f"/api/queues?access_token={tokens[ADMIN]}").status_code == 401


def test_login_binds_the_counter_and_officer_acts_only_there(office, db_path, clock):
    client, tokens, service = office
    service.set_pin("budi", "2468")
    r = client.post("/api/auth/login", json={"username": "budi", "pin": "2468"})
    assert r.status_code == 200, r.text
    login = r.json()
    assert login["role"] == "officer" and login["counter"] is None and len(login["token"]) > 40
    budi = {"Authorization": f"Bearer {login['token']}"}
    assert client.post("/api/counters/2/call", json={}, headers=budi).status_code == 403
    r = client.post("/api/counters/2/open", json={}, headers=budi)
    assert r.status_code == 200 and r.json()["officer"] == "budi"
    assert client.get("/api/auth/me", headers=budi).json()["counter"] == "2"
    r = client.post("/api/counters/2/call", json={}, headers=budi)
    assert r.status_code == 200 and r.json()["officer"] == "budi"
    assert client.post("/api/counters/1/finish", headers=budi).status_code == 403
    # acting in another officer's name is refused
    r = client.post("/api/counters/2/open", json={"officer": "siti"}, headers=budi)
    assert r.status_code == 403
    wrong = client.post("/api/auth/login", json={"username": "budi", "pin": "0000"})
    assert wrong.status_code == 401 and wrong.json()["error"] == "auth"
    # a login naming a counter opens it as `open` does: not while budi is still at counter 2
    r = client.post("/api/auth/login", json={"username": "budi", "pin": "2468", "counter": "3"})
    assert r.status_code == 409 and "Loket 2" in r.json()["message"]
    r = client.post("/api/auth/login", json={"username": "budi", "pin": "2468", "counter": "2"})
    assert r.status_code == 200 and r.json()["counter"] == "2"


def test_every_action_names_who_did_it(office):
    client, tokens, service = office
    seq = service.last_event_seq()
    kiosk = {"Authorization": f"Bearer {tokens[KIOSK]}"}
    siti = {"Authorization": f"Bearer {tokens[OFFICER1]}"}
    admin = {"Authorization": f"Bearer {tokens[ADMIN]}"}
    assert client.post("/api/tickets", json={"service": "ktp"}, headers=kiosk).status_code == 201
    assert client.post("/api/counters/1/call", json={}, headers=siti).status_code == 200
    assert client.post("/api/counters/1/no-show", headers=siti).status_code == 200
    assert client.post("/api/tickets/A-001/reactivate", headers=admin).status_code == 200
    assert client.post("/api/events", json={"type": "reprinted", "ticket_code": "A-002"},
                       headers=kiosk).status_code == 201
    events = service.events_after(seq)
    assert [(e.type, e.detail["by"], e.detail["by_role"]) for e in events] == [
        ("issued", "kiosk-1", "kiosk"), ("called", "siti", "officer"),
        ("no_show", "siti", "officer"), ("reactivated", "admin", "admin"),
        ("reprinted", "kiosk-1", "kiosk")]
    assert events[1].officer == "siti" and events[3].officer == "admin"
