"""The visitor's voice over the LAN server's API: the survey form and its refusals, the complaint
lifecycle, the IKM route, and `HttpQueueService`'s survey and complaint methods against the
embedded functions of `shared.store.survey`."""
from __future__ import annotations

from datetime import date

import pytest

from shared.http.client import InvalidRequest
from shared.ikm import ELEMENT_KEYS
from shared.server import ServerSettings, create_app
from shared.server.testing import asgi_service, device_token, make_test_client, session_token
from shared.store import survey
from shared.store.survey import SurveyRefused
from tests.survey_visits import DAY, PROFILE, TAPPED, all_answers, served, stored


# --- the API -----------------------------------------------------------------------------------
@pytest.fixture
def api(db_path, clock, service):
    app = create_app(ServerSettings(db_path, clock=clock, public_burst=10_000))
    tokens = {"kiosk": device_token(db_path, "kiosk-1", "kiosk", clock),
              "board": device_token(db_path, "papan-1", "board", clock),
              "siti": session_token(db_path, "siti", clock, counter="1"),
              "kepala": session_token(db_path, "kepala", clock),
              "admin": session_token(db_path, "admin", clock)}
    with make_test_client(app) as client:
        client.hdr = lambda who: {"Authorization": f"Bearer {tokens[who]}"} if who else {}
        yield client


def test_survey_form_has_nine_elements_with_their_own_labels(api):
    form = api.get("/api/public/survey/form").json()
    assert [e["key"] for e in form["elements"]] == list(ELEMENT_KEYS)
    biaya = next(e for e in form["elements"] if e["key"] == "biaya")
    assert biaya["labels"] == ["Sangat mahal", "Cukup mahal", "Murah", "Gratis"]
    assert biaya["labels_en"][3] == "Free" and biaya["question"].startswith("Bagaimana")
    assert {f["key"]: [c["value"] for c in f["choices"]] for f in form["profile"]} == \
        {k: list(v) for k, v in survey.PROFILE_CHOICES.items()}
    sex = next(f for f in form["profile"] if f["key"] == "sex")
    assert [c["label"] for c in sex["choices"]] == ["Laki-laki", "Perempuan"]
    assert [c["value"] for c in form["complaint_categories"]] == list(survey.COMPLAINT_CATEGORIES)
    assert all(c["label"] and c["label_en"] for f in form["profile"] for c in f["choices"])


@pytest.mark.parametrize("body,field", [
    ({"answers": {k: 4 for k in ELEMENT_KEYS[:8]}}, "body.answers.sarana"),
    ({"answers": all_answers(biaya=5)}, "body.answers.biaya"),
    ({"answers": all_answers(waktu=0)}, "body.answers.waktu"),
    ({"answers": all_answers(waktu="4")}, "body.answers.waktu"),
    ({"answers": all_answers(prosedur=True)}, "body.answers.prosedur"),
    ({"answers": {**all_answers(), "harga": 3}}, "body.answers.harga"),
    ({"answers": all_answers(), "profile": {"sex": "X"}}, "body.profile.sex"),
    ({"answers": all_answers(), "profile": {"hobby": "golf"}}, "body.profile.hobby"),
    ({"answers": all_answers(), "suggestion": "x" * 2001}, "body.suggestion"),
    ({"answers": all_answers(), "channel": "sms"}, "body.channel"),
    ({}, "body.answers"),
])
def test_bad_survey_input_is_422_naming_the_field(api, service, clock, body, field):
    t = served(service, clock)
    r = api.post(f"/api/public/tickets/{t.token}/survey", json=body)
    assert r.status_code == 422, r.text
    err = r.json()
    assert err["error"] == "invalid" and field in err["message"]
    assert field in [f["field"] for f in err["detail"]["fields"]]
    assert stored(service, t) == []


def test_survey_route_is_authorised_by_the_token_only(api, service, clock):
    t = served(service, clock)
    for ref in (t.code, "a1", "A001"):        # a code (any spelling) never opens it
        assert api.post(f"/api/public/tickets/{ref}/survey",
                        json={"answers": all_answers()}).status_code == 422
        assert api.get(f"/api/public/tickets/{ref}/survey").status_code == 422
    r = api.post("/api/public/tickets/" + "x" * 22 + "/survey", json={"answers": all_answers()})
    assert r.status_code == 404 and r.json()["error"] == "not_found"
    state = api.get(f"/api/public/tickets/{t.token}/survey").json()
    assert state == {"code": t.code, "ticket_status": "done", "answered": False, "can_answer": True,
                     "message": "Silakan beri penilaian atas pelayanan kami.",
                     "message_en": "Please rate our service."}
    # a kiosk answer needs a kiosk token: nobody can pass a web answer off as a kiosk one
    body = {"answers": all_answers(3), "channel": "kiosk"}
    assert api.post(f"/api/public/tickets/{t.token}/survey", json=body).status_code == 401
    r = api.post(f"/api/public/tickets/{t.token}/survey", json=body, headers=api.hdr("board"))
    assert r.status_code == 403 and r.json()["error"] == "forbidden"
    r = api.post(f"/api/public/tickets/{t.token}/survey", json=body, headers=api.hdr("kiosk"))
    assert r.status_code == 201 and r.json() == {"id": r.json()["id"], "code": t.code,
                                                  "channel": "kiosk"}
    assert stored(service, t)[0]["channel"] == "kiosk"
    assert service.events_after(0)[-1].detail["by"] == "kiosk-1"
    again = api.post(f"/api/public/tickets/{t.token}/survey", json={"answers": all_answers()})
    assert again.status_code == 409 and again.json()["error"] == "survey_refused"
    assert again.json()["message"] == f"Tiket {t.code} sudah memberi penilaian. Terima kasih!"
    assert api.get(f"/api/public/tickets/{t.token}/survey").json()["answered"] is True


def test_public_survey_routes_are_rate_limited(db_path, clock, service):
    t = served(service, clock)
    app = create_app(ServerSettings(db_path, clock=clock, public_burst=3, public_rate_per_s=0.1))
    with make_test_client(app) as client:
        codes = [client.get(f"/api/public/tickets/{t.token}/survey").status_code for _ in range(3)]
        assert codes == [200, 200, 200]
        for method, path, body in (
                ("GET", "/api/public/survey/form", None),
                ("POST", f"/api/public/tickets/{t.token}/survey", {"answers": all_answers()}),
                ("POST", "/api/public/complaints", {"category": "saran", "text": "x"})):
            r = client.request(method, path, json=body)
            assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1, path
    assert stored(service, t) == [] and survey.list_complaints(service) == []


def test_complaint_lifecycle(api, service, clock):
    t = service.issue("ktp").ticket
    r = api.post("/api/public/complaints", json={
        "category": "petugas", "text": "  Petugas loket 1 tidak ada di tempat  ",
        "contact": "budi@example.org", "ticket_token": t.token})
    assert r.status_code == 201, r.text
    receipt = r.json()
    assert set(receipt) == {"id", "category", "status", "created_at"}     # no contact, no text
    cid = receipt["id"]
    assert receipt["status"] == "baru" and "example.org" not in r.text
    public = api.get(f"/api/public/tickets/{t.token}")
    assert "example.org" not in public.text and "pengaduan" not in public.text.lower()
    assert "example.org" not in api.get(f"/api/public/tickets/{t.token}/survey").text
    # a code in place of the token, an unknown token, a bad category, empty text: refused
    for bad, status, field in (({"ticket_token": t.code}, 422, "body.ticket_token"),
                               ({"ticket_token": "y" * 22}, 404, None),
                               ({"category": "ribut"}, 422, "body.category"),
                               ({"text": "   "}, 422, "body.text"),
                               ({"contact": "0" * 201}, 422, "body.contact")):
        r = api.post("/api/public/complaints", json={"category": "saran", "text": "x", **bad})
        assert r.status_code == status, (bad, r.text)
        if field:
            assert field in r.json()["message"]

    for who, code in ((None, 401), ("kiosk", 403), ("board", 403), ("siti", 403)):
        assert api.get("/api/complaints", headers=api.hdr(who)).status_code == code, who
        assert api.patch(f"/api/complaints/{cid}", json={"status": "diproses"},
                         headers=api.hdr(who)).status_code == code, who
        assert api.get(f"/api/complaints/{cid}/history", headers=api.hdr(who)).status_code == code
    [listed] = api.get("/api/complaints", headers=api.hdr("kepala")).json()
    assert (listed["contact"], listed["text"], listed["ticket_code"], listed["service"]) == (
        "budi@example.org", "Petugas loket 1 tidak ada di tempat", t.code, "ktp")

    clock.advance(minutes=30)
    r = api.patch(f"/api/complaints/{cid}", headers=api.hdr("kepala"),
                  json={"status": "diproses", "note": "Ditanyakan ke koordinator loket"})
    assert r.status_code == 200 and r.json()["handled_by"] == "kepala"
    assert r.json()["status"] == "diproses" and r.json()["closed_at"] is None
    r = api.patch(f"/api/complaints/{cid}", headers=api.hdr("kepala"),
                  json={"status": "selesai", "officer": "admin"})   # not in someone else's name
    assert r.status_code == 403
    clock.advance(minutes=120)
    r = api.patch(f"/api/complaints/{cid}", headers=api.hdr("admin"),
                  json={"status": "selesai", "note": "Jadwal piket loket 1 diperbaiki",
                        "officer": "admin"})
    assert r.status_code == 200
    done = r.json()
    assert (done["status"], done["handled_by"], done["follow_up"]) == (
        "selesai", "admin", "Jadwal piket loket 1 diperbaiki")
    assert done["closed_at"] == "2026-11-23T03:30:00Z"
    r = api.patch(f"/api/complaints/{cid}", headers=api.hdr("kepala"), json={"status": "diproses"})
    assert r.status_code == 409 and r.json()["error"] == "illegal_transition"   # never back
    r = api.patch(f"/api/complaints/{cid}", headers=api.hdr("kepala"), json={})
    assert r.status_code == 422 and r.json()["detail"]["fields"][0]["field"] == "body"
    assert api.patch("/api/complaints/999", headers=api.hdr("kepala"),
                     json={"note": "x"}).status_code == 404

    history = api.get(f"/api/complaints/{cid}/history", headers=api.hdr("kepala")).json()
    assert history == [
        {"at": "2026-11-23T01:00:00Z", "officer": None, "status": "baru", "note": None},
        {"at": "2026-11-23T01:30:00Z", "officer": "kepala", "status": "diproses",
         "note": "Ditanyakan ke koordinator loket"},
        {"at": "2026-11-23T03:30:00Z", "officer": "admin", "status": "selesai",
         "note": "Jadwal piket loket 1 diperbaiki"}]
    assert api.get("/api/complaints/999/history", headers=api.hdr("kepala")).status_code == 404
    only_open = api.get("/api/complaints?status=baru", headers=api.hdr("admin")).json()
    assert only_open == []
    events = [e for e in service.events_after(0) if e.type.startswith("complaint")]
    assert [(e.type, e.detail["by"], e.detail["by_role"]) for e in events] == [
        ("complaint_filed", "visitor", "public"), ("complaint_updated", "kepala", "supervisor"),
        ("complaint_updated", "admin", "admin")]


def test_ikm_route(api, service, clock):
    a, b = served(service, clock), served(service, clock)
    served(service, clock)                                 # served, did not answer
    survey.submit_survey(service, a.token, all_answers(4))
    api.post(f"/api/public/tickets/{b.token}/survey", json={"answers": all_answers(3, biaya=4)})
    r = api.get(f"/api/ikm?{DAY}", headers=api.hdr("kepala"))
    assert r.status_code == 200, r.text
    ikm = r.json()
    # NRR biaya 4, the others 3.5: Σ = 32 → 32/9 × 25 = 88.888… → 88.89, mutu A
    assert (ikm["ikm"], ikm["mutu"], ikm["kinerja"], ikm["respondents"]) == (88.89, "A", "Sangat baik", 2)
    assert (ikm["visitors"], ikm["sample_needed"], ikm["enough"]) == (3, 3, False)
    biaya = next(e for e in ikm["elements"] if e["key"] == "biaya")
    assert (biaya["nrr"], biaya["converted"], biaya["total"]) == (4.0, 100.0, 8)
    by_prefix = api.get(f"/api/ikm?{DAY}&service=A", headers=api.hdr("admin")).json()
    assert by_prefix["service"] == "ktp" and by_prefix["ikm"] == 88.89
    assert api.get(f"/api/ikm?{DAY}&service=kk", headers=api.hdr("admin")).json()["ikm"] is None
    assert api.get(f"/api/ikm?{DAY}&service=zz", headers=api.hdr("admin")).status_code == 404
    assert api.get("/api/ikm?from=2026-11-23&to=2026-01-01",
                   headers=api.hdr("admin")).status_code == 400
    assert "query.from" in api.get("/api/ikm?to=2026-11-23", headers=api.hdr("admin")).json()["message"]
    for who, code in ((None, 401), ("kiosk", 403), ("siti", 403)):
        assert api.get(f"/api/ikm?{DAY}", headers=api.hdr(who)).status_code == code


# --- HttpQueueService: the same calls as the embedded functions --------------------------------
def test_http_client_mirrors_the_embedded_survey_functions(db_path, clock, service, tmp_path):
    tickets = [served(service, clock) for _ in range(3)]
    kiosk_token = device_token(db_path, "kiosk-1", "kiosk", clock)
    kepala_token = session_token(db_path, "kepala", clock)
    with asgi_service(db_path, clock, kiosk_token) as kiosk:
        form = kiosk.survey_form()
        assert [e["key"] for e in form["elements"]] == list(ELEMENT_KEYS)
        status_url = service.config.status_url(tickets[0].token)
        assert kiosk.survey_status(status_url)["can_answer"] is True
        rid = kiosk.submit_survey(status_url, TAPPED, PROFILE, "Bagus")   # a QR scan: the URL
        assert isinstance(rid, int)
        assert kiosk.survey_status(tickets[0].token)["answered"] is True
        kiosk.submit_survey(tickets[1].token, all_answers(2), channel="kiosk")
        with pytest.raises(SurveyRefused) as refused:
            kiosk.submit_survey(tickets[1].token, all_answers(4))
        assert refused.value.code == "survey_refused" and "sudah" in refused.value.message
        with pytest.raises(InvalidRequest, match="token"):
            kiosk.submit_survey(tickets[2].code, all_answers(4))   # a number is not enough
        with pytest.raises(InvalidRequest) as bad:
            kiosk.submit_survey(tickets[2].token, all_answers(4, sarana=7))
        assert "body.answers.sarana" in bad.value.message
        cid = kiosk.file_complaint("sarana", "AC ruang tunggu mati", "0811",
                                   ticket_ref=tickets[2].token)
    assert [s["channel"] for s in stored(service, tickets[0])] == ["kiosk"]
    assert stored(service, tickets[0])[0]["scores"] == TAPPED
    assert stored(service, tickets[0])[0]["profile"] == PROFILE

    with asgi_service(db_path, clock, kepala_token) as kepala:
        [c] = kepala.list_complaints()
        assert c == survey.get_complaint(service, cid)          # the same dataclass, field by field
        assert kepala.list_complaints(status="selesai") == []
        clock.advance(minutes=10)
        moved = kepala.update_complaint(cid, "kepala", status="diproses", note="Teknisi dipanggil")
        assert moved == survey.get_complaint(service, cid) and moved.handled_by == "kepala"
        assert kepala.update_complaint(cid, status="selesai").status == "selesai"
        assert kepala.complaint_history(cid) == survey.complaint_history(service, cid)
        assert kepala.get_complaint(cid).channel == "kiosk"
        first = last = date(2026, 11, 23)
        assert kepala.ikm_report(first, last) == survey.ikm_report(service, first, last)
        assert kepala.ikm_report(first, last, "ktp") == survey.ikm_report(service, first, last, "ktp")
        with pytest.raises(Exception) as forbidden:
            kepala.update_complaint(cid, "siti", note="x")
        assert forbidden.value.code == "forbidden"


def test_complaints_since_is_office_local_time_and_bounded(api, service, clock):
    survey.file_complaint(service, "saran", "Sediakan air minum")     # 08.00 WIB = 01.00 UTC
    kepala = api.hdr("kepala")
    assert len(api.get("/api/complaints?since=2026-11-23T08:00:00", headers=kepala).json()) == 1
    assert api.get("/api/complaints?since=2026-11-23T08:00:01", headers=kepala).json() == []
    assert len(api.get("/api/complaints?since=2026-11-23T01:00:00Z", headers=kepala).json()) == 1
    for far in ("9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00"):
        r = api.get("/api/complaints", params={"since": far}, headers=kepala)
        assert r.status_code == 400 and r.json()["detail"]["field"] == "query.since"
