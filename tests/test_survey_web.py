"""The visitor's voice on the phone: the satisfaction survey (SKM) on the status page in real
headless Chromium (served ticket → nine elements and the profile filled by tapping → the store
holds the answers by element), its refusals on the page, and a complaint from the page. The same
over the API is tests/test_survey_api.py."""
from __future__ import annotations

import time

import pytest

from shared.http.client import HttpQueueService
from shared.ikm import ELEMENTS
from shared.server import ServerSettings
from shared.server.runner import ServerThread
from shared.server.testing import make_test_client
from shared.store import survey
from shared.store.survey import SurveyRefused
from tests.survey_visits import PROFILE, TAPPED, all_answers, served, stored
from tests.test_status_page_browser import Browser


# --- the page in Chromium ----------------------------------------------------------------------
class Phone(Browser):
    """The test's Chromium with a finger: taps land where a visitor's would (centre of the
    target, scrolled into view) and must hit the target, not something covering it."""

    def tap(self, selector: str) -> None:
        rect = self.js(
            f"(function(){{var e=document.querySelector({selector!r}); if(!e) return null;"
            f"e.scrollIntoView({{block:'center'}}); var r=e.getBoundingClientRect();"
            f"return [r.left+r.width/2, r.top+r.height/2, r.width, r.height]}})()")
        assert rect, f"nothing matches {selector}"
        x, y, w, h = rect
        assert w >= 44 and h >= 44 or selector.endswith("input"), f"{selector} is {w}×{h} px"
        hit = self.js(f"(function(){{var t=document.elementFromPoint({x},{y}),"
                      f"e=document.querySelector({selector!r});"
                      f"return !!t && (e.contains(t) || t.contains(e))}})()")
        assert hit, f"{selector} is covered at its centre"
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left",
                      clickCount=1)

    def type(self, selector: str, text: str) -> None:
        self.tap(selector)
        self.send("Input.insertText", text=text)

    def scroll_to(self, selector: str, block: str = "start") -> None:
        self.js(f"document.querySelector({selector!r}).scrollIntoView({{block:{block!r}}})")
        time.sleep(0.1)

    def visible(self, element_id: str) -> bool:
        return bool(self.js(f"(function(){{var e=document.getElementById({element_id!r});"
                            f"return !!e && !e.hidden && e.offsetParent !== null}})()"))


@pytest.fixture(scope="module")
def phone():
    b = Phone()
    yield b
    b.close()


@pytest.fixture
def live(db_path, clock, service):
    with ServerThread(ServerSettings(db_path, host="127.0.0.1", port=0, clock=clock)) as srv:
        yield srv


def option(key: str, score: int) -> str:
    return f"#q-{key} .opt:nth-child({score}) span"


def chip(field: str, value: str) -> str:
    return f"input[name='p-{field}'][value='{value}'] + span"


def _page(phone, url: str) -> None:
    phone.js("window.__previous = true")       # wait for the new document, not the old one
    phone.go(url)
    phone.wait("!window.__previous && document.getElementById('code').textContent !== '—'")


def test_served_ticket_answers_the_survey_by_tapping(phone, live, service, clock):
    phone.send("Runtime.evaluate", expression="localStorage.clear()")
    mine = served(service, clock)
    _page(phone, f"{live.url}/t/{mine.token}")
    phone.wait("document.querySelectorAll('#elements fieldset').length === 9")
    assert phone.visible("survey") and not phone.visible("thanks")
    assert phone.text("status-text") == "Layanan selesai. Terima kasih!"
    # every element with its own four answers, in the order the office's form lists them
    for e in ELEMENTS:
        labels = phone.js(f"Array.from(document.querySelectorAll('#q-{e.key} .opt span'))"
                          f".map(function(s){{return s.textContent}})")
        assert labels == list(e.labels), e.key
        assert e.question in phone.text(f"q-{e.key}")
    assert phone.js("document.querySelectorAll('#elements input[type=radio]').length") == 36
    assert phone.js("document.querySelectorAll('#elements label input').length") == 36  # labelled
    phone.screenshot("survey-phone-1-start")

    for key, score in list(TAPPED.items())[:-1]:
        phone.tap(option(key, score))
    assert phone.text("progress") == "8 dari 9 terjawab"
    phone.tap("#survey-submit")                 # one missing: refused on the page, nothing sent
    phone.wait("!document.getElementById('survey-error').hidden")
    assert "nomor 9" in phone.text("survey-error")
    assert phone.js("document.getElementById('q-sarana').className").endswith("missing")
    assert phone.js("document.activeElement.name") == "a-sarana"
    assert stored(service, mine) == []
    phone.tap(option("sarana", TAPPED["sarana"]))
    assert phone.text("progress") == "9 dari 9 terjawab"
    assert not phone.js("document.getElementById('q-sarana').classList.contains('missing')")

    phone.tap(chip("age_group", "30-39"))
    phone.tap(chip("sex", "L"))
    phone.tap(chip("sex", "L"))                 # tapped again: cleared (the profile is optional)
    assert phone.js("!document.querySelector(\"input[name='p-sex']:checked\")")
    for field, value in PROFILE.items():
        if field != "age_group":
            phone.tap(chip(field, value))
    phone.type("#suggestion", "Ruang tunggu sejuk, tambah kursi lansia")
    phone.scroll_to("#q-pengaduan", "center")
    phone.screenshot("survey-phone-2-answering")
    phone.scroll_to("#profile")
    phone.screenshot("survey-phone-3-profile")

    phone.tap("#survey-submit")
    phone.wait("!document.getElementById('thanks').hidden")
    assert not phone.visible("survey")
    assert phone.js("document.activeElement.id") == "thanks"
    assert "Terima kasih" in phone.text("thanks")
    phone.screenshot("survey-phone-4-thanks")
    assert stored(service, mine) == [{"channel": "web", "scores": TAPPED, "profile": PROFILE,
                                      "suggestion": "Ruang tunggu sejuk, tambah kursi lansia"}]
    event = service.events_after(0)[-1]
    assert (event.type, event.ticket_code, event.detail["by_role"]) == (
        "survey_submitted", mine.code, "public")

    # the page remembers: reopened, the server says it was answered; no second form
    _page(phone, f"{live.url}/t/{mine.token}")
    phone.wait("!document.getElementById('thanks').hidden")
    assert not phone.visible("survey") and phone.js("!document.querySelector('#elements input')")
    # English: the same thanks, and a second response over the API is refused
    phone.tap("#lang")
    phone.wait("document.getElementById('thanks').textContent.indexOf('Thank you') >= 0")
    phone.tap("#lang")
    web = HttpQueueService(live.url, retry_for_s=0)
    try:
        with pytest.raises(SurveyRefused, match="sudah memberi penilaian"):
            web.submit_survey(mine.token, all_answers(1), channel="web")
    finally:
        web.close()
    assert len(stored(service, mine)) == 1


def test_second_response_from_an_open_page_is_refused(phone, live, service, clock):
    """Two tabs (or phones) on one receipt: the later submit is refused and shows the thanks."""
    mine = served(service, clock)
    _page(phone, f"{live.url}/t/{mine.token}")
    phone.wait("document.querySelectorAll('#elements fieldset').length === 9")
    survey.submit_survey(service, mine.token, all_answers(2), channel="kiosk")   # the other tab
    for key, score in TAPPED.items():
        phone.tap(option(key, score))
    phone.tap("#survey-submit")
    phone.wait("!document.getElementById('thanks').hidden")
    assert not phone.visible("survey")
    [only] = stored(service, mine)
    assert only["scores"] == all_answers(2) and only["channel"] == "kiosk"


def test_ticket_not_yet_served_gets_no_survey_until_it_is(phone, live, service, clock):
    mine = service.issue("ktp").ticket
    _page(phone, f"{live.url}/t/{mine.token}")
    phone.wait("document.getElementById('ahead').textContent === '0'")
    time.sleep(0.5)                                       # give a wrong survey time to appear
    assert not phone.visible("survey") and not phone.visible("thanks")
    assert phone.js("!document.querySelector('#elements fieldset')")
    assert phone.visible("complain-open")                 # the complaint form is there at any time
    phone.screenshot("status-waiting-phone")
    with make_test_client(live.app) as client:
        r = client.post(f"/api/public/tickets/{mine.token}/survey", json={"answers": all_answers()})
        assert r.status_code == 409 and r.json()["error"] == "survey_refused"
        assert "sudah dilayani" in r.json()["message"] and "served" in r.json()["message_en"]
        state = client.get(f"/api/public/tickets/{mine.token}/survey").json()
        assert (state["answered"], state["can_answer"]) == (False, False)
    service.call_next("1")
    phone.wait("!document.getElementById('call').hidden")
    assert not phone.visible("survey")
    service.start("1")
    service.finish("1")                                   # served: the survey opens, no reload
    phone.wait("document.querySelectorAll('#elements fieldset').length === 9", timeout=15)
    assert phone.visible("survey")
    phone.tap("#lang")                                    # and reads in English on request
    phone.wait("document.getElementById('q-biaya').textContent.indexOf('Very expensive') >= 0")
    assert "Free" in phone.text("q-biaya") and "How fair" in phone.text("q-biaya")
    assert phone.text("survey-submit") == "Send rating"
    phone.tap("#lang")
    phone.wait("document.getElementById('survey-submit').textContent === 'Kirim penilaian'")


def test_complaint_from_the_status_page(phone, live, service, db_path, clock):
    mine = service.issue("ktp").ticket
    _page(phone, f"{live.url}/t/{mine.token}")
    assert not phone.visible("complaint")
    phone.tap("#complain-open")
    phone.wait("document.querySelectorAll('#categories input').length === 7")
    assert phone.js("document.getElementById('complain-open').getAttribute('aria-expanded')") == "true"
    phone.tap("#c-submit")                                # nothing chosen: told so, nothing sent
    phone.wait("!document.getElementById('c-error').hidden")
    assert "Pilih" in phone.text("c-error")
    phone.tap("input[name='c-cat'][value='waktu'] + span")
    phone.type("#c-text", "Antrean KTP lama, loket 2 tutup sejak pukul 09.00")
    phone.type("#c-contact", "0812-3456-7890")
    phone.scroll_to("#complaint")
    phone.screenshot("survey-phone-5-complaint")
    phone.tap("#c-submit")
    phone.wait("!document.getElementById('c-done').hidden")
    phone.screenshot("survey-phone-6-complaint-sent")
    [c] = survey.list_complaints(service)
    assert f"nomor #{c.id}" in phone.text("c-done-text")
    assert (c.category, c.text, c.contact, c.ticket_code, c.service, c.channel, c.status) == (
        "waktu", "Antrean KTP lama, loket 2 tutup sejak pukul 09.00", "0812-3456-7890",
        mine.code, "ktp", "web", "baru")
