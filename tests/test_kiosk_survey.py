"""The survey (SKM) and complaints at the kiosk, driven through the real widgets on the embedded
store: the keypad and the scanner, the nine elements by tapping, the profile, the suggestion,
refusals in the store's words, complaints, idle, language, touch targets and screenshots."""
from __future__ import annotations


import pytest

from tests.conftest import screenshot_dir
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from conftest import make_service
from kiosk.survey import flow as kiosk_survey_flow
from kiosk.survey.lookup import ticket_ref_from_input
from kiosk.screens.window import KioskWindow
from shared.store import survey
from shared.ikm import ELEMENT_KEYS, ELEMENTS
from test_kiosk import open_kiosk, raw_config

pytestmark = pytest.mark.gui

SHOTS = screenshot_dir()
SCORES = dict(zip(ELEMENT_KEYS, (4, 3, 2, 1, 4, 3, 4, 2, 3)))


@pytest.fixture
def kiosk(qtbot, service):
    window = open_kiosk(qtbot, service)
    yield window
    window.shutdown()


def served(service, clock, code="ktp", counter="1"):
    t = service.issue(code).ticket
    service.call_next(counter)
    service.start(counter)
    clock.advance(minutes=4)
    service.finish(counter)
    return t


def tap(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def settle(qtbot, window: KioskWindow) -> None:
    qtbot.waitUntil(window._tap_ok, timeout=3000)


def type_on_keys(qtbot, keyboard, text: str) -> None:
    for ch in text:
        if ch.isupper() and keyboard.mode == "text":
            tap(qtbot, keyboard.keys["shift"])
            ch = ch.lower()
        tap(qtbot, keyboard.keys[ch])


def responses(service) -> list[tuple]:
    return service._conn.execute(
        "SELECT id, channel, age_group, sex, education, occupation, suggestion "
        "FROM survey_responses ORDER BY id").fetchall()


def open_survey(qtbot, window: KioskWindow, number: str) -> None:
    settle(qtbot, window)
    tap(qtbot, window.start.survey_button)
    assert window.current_screen() == "survey_entry"
    type_on_keys(qtbot, window.flow.entry.keyboard, number)
    assert window.flow.entry.field.text() == number
    tap(qtbot, window.flow.entry.next_button)


def answer_all(qtbot, window: KioskWindow, scores: dict[str, int] = SCORES) -> None:
    question = window.flow.question
    for i, element in enumerate(ELEMENTS):
        qtbot.waitUntil(lambda: window.current_screen() == "survey_question"
                        and question.index == i and not window.flow._turning, timeout=3000)
        assert question.element.key == element.key
        button = question.answer_button(scores[element.key])
        assert button.text() == element.labels[scores[element.key] - 1]
        tap(qtbot, button)
    qtbot.waitUntil(lambda: window.current_screen() == "survey_profile", timeout=3000)


def test_survey_on_the_keypad_end_to_end(qtbot, kiosk, service, clock, monkeypatch):
    monkeypatch.setattr(kiosk_survey_flow, "THANKS_SECONDS", 1)
    ticket = served(service, clock)
    open_survey(qtbot, kiosk, "A-001")
    assert kiosk.current_screen() == "survey_question"
    assert kiosk.flow.question.progress_label.text() == "Pertanyaan 1 dari 9"
    assert kiosk.flow.question.ticket_label.text() == "Nomor antrean A-001"
    answer_all(qtbot, kiosk)
    profile = kiosk.flow.profile
    for key, value in (("age_group", "30-39"), ("sex", "P"), ("education", "S1"),
                       ("occupation", "Wirausaha")):
        tap(qtbot, profile.buttons[key][value])
    tap(qtbot, profile.buttons["education"]["SMA"])   # changes her mind
    tap(qtbot, profile.next_button)
    assert kiosk.current_screen() == "survey_suggestion"
    page = kiosk.flow.suggestion
    type_on_keys(qtbot, page.keyboard, "Antre cepat, terima kasih.")
    assert page.area.text() == "Antre cepat, terima kasih."
    with qtbot.waitSignal(kiosk.flow.survey_submitted, timeout=3000) as submitted:
        tap(qtbot, page.submit_button)
    rid = submitted.args[0]
    assert responses(service) == [(rid, "kiosk", "30-39", "P", "SMA", "Wirausaha",
                                   "Antre cepat, terima kasih.")]
    rows = service._conn.execute("SELECT element, score FROM survey_answers "
                                 "WHERE response_id = ?", (rid,)).fetchall()
    assert dict(rows) == SCORES                                 # keyed by element, as tapped
    assert kiosk.current_screen() == "thanks"
    assert "A-001" in kiosk.flow.thanks.text.text()
    qtbot.waitUntil(lambda: kiosk.current_screen() == "start", timeout=4000)
    assert kiosk.flow.answers == {} and kiosk.flow.ticket is None
    # the same ticket once more: refused in the store's words, nothing stored twice
    open_survey(qtbot, kiosk, "A001")
    if kiosk.current_screen() == "survey_question":           # the store is asked at the end
        answer_all(qtbot, kiosk, {k: 1 for k in ELEMENT_KEYS})
        tap(qtbot, kiosk.flow.profile.skip_button)
        with qtbot.waitSignal(kiosk.flow.refused, timeout=3000):
            tap(qtbot, kiosk.flow.suggestion.skip_button)
    qtbot.waitUntil(kiosk.banner.isVisible, timeout=3000)
    assert ticket.code in kiosk.banner.text.text() and "sudah" in kiosk.banner.text.text()
    assert kiosk.banner.title.text() == "Mohon maaf"
    assert len(responses(service)) == 1


@pytest.mark.parametrize("state", ["waiting", "called", "no_show"])
def test_a_ticket_not_served_yet_is_refused_at_once(qtbot, kiosk, service, state):
    t = service.issue("kk").ticket
    if state != "waiting":
        service.call_next("3")
    if state == "no_show":
        service.no_show("3")
    with qtbot.waitSignal(kiosk.flow.refused, timeout=3000) as refused:
        open_survey(qtbot, kiosk, "B-001")
    assert isinstance(refused.args[0], survey.SurveyRefused)
    assert kiosk.current_screen() == "survey_entry"            # fix the number and go on
    assert kiosk.banner.isVisible()
    assert f"{t.code} belum selesai" in kiosk.banner.text.text()
    assert responses(service) == []


def test_an_unknown_number_is_refused_with_the_store_words(qtbot, kiosk, service):
    open_survey(qtbot, kiosk, "Z-999")
    assert kiosk.banner.isVisible()
    assert kiosk.banner.text.text() == "Tiket Z-999 tidak ditemukan hari ini"
    assert kiosk.current_screen() == "survey_entry"


def test_a_scanned_receipt_opens_the_survey_from_the_start_screen(qtbot, kiosk, service, clock):
    t = served(service, clock)
    url = service.config.status_url(t.token)
    assert ticket_ref_from_input(url) == t.token
    settle(qtbot, kiosk)
    qtbot.keyClicks(kiosk.scan_sink, url)                      # a scanner types like a keyboard
    qtbot.keyClick(kiosk.scan_sink, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: kiosk.current_screen() == "survey_question", timeout=3000)
    assert kiosk.flow.ticket.code == t.code


def test_a_scanner_on_the_entry_screen_submits_with_enter(qtbot, kiosk, service, clock):
    t = served(service, clock)
    settle(qtbot, kiosk)
    tap(qtbot, kiosk.start.survey_button)
    field = kiosk.flow.entry.field
    qtbot.keyClicks(field, f"http://antrean.kantor.go.id/t/{t.token}")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: kiosk.current_screen() == "survey_question", timeout=3000)
    assert kiosk.flow.ticket.ref == t.token


def test_a_double_tap_answers_one_question_only(qtbot, kiosk, service, clock):
    served(service, clock)
    open_survey(qtbot, kiosk, "A1")
    question = kiosk.flow.question
    tap(qtbot, question.answer_button(4))
    tap(qtbot, question.answer_button(2))                      # the second tap of a double tap
    qtbot.waitUntil(lambda: question.index == 1 and not kiosk.flow._turning, timeout=3000)
    qtbot.wait(400)
    assert kiosk.flow.answers == {"persyaratan": 4}
    tap(qtbot, question.back_button)                           # back: the answer is kept
    assert question.index == 0 and question.answer_button(4).property("selected") == "true"


def test_idle_drops_a_half_filled_survey(qtbot, tmp_path, clock):
    svc = make_service(tmp_path, raw_config(kiosk={"idle_seconds": 1}), clock)
    window = open_kiosk(qtbot, svc)
    try:
        served(svc, clock)
        open_survey(qtbot, window, "A-001")
        for score in (4, 4, 3):
            qtbot.waitUntil(lambda: not window.flow._turning, timeout=3000)
            tap(qtbot, window.flow.question.answer_button(score))
        qtbot.waitUntil(lambda: len(window.flow.answers) == 3, timeout=3000)
        tap(qtbot, window.lang_button)
        qtbot.waitUntil(lambda: window.current_screen() == "start", timeout=4000)
        assert window.flow.answers == {} and window.flow.ticket is None
        assert window.lang == "id" and window.flow.entry.field.text() == ""
        assert responses(svc) == []
    finally:
        window.shutdown()
        svc.close()


def test_a_complaint_filed_at_the_kiosk_is_in_the_store(qtbot, kiosk, service):
    settle(qtbot, kiosk)
    tap(qtbot, kiosk.start.complaint_button)
    assert kiosk.current_screen() == "complaint_category"
    tap(qtbot, kiosk.flow.category.buttons["saran"])           # the tap that opened the page:
    assert kiosk.current_screen() == "complaint_category"      # …its double is ignored
    settle(qtbot, kiosk)
    tap(qtbot, kiosk.flow.category.buttons["sarana"])
    text_page, contact_page = kiosk.flow.complaint_text, kiosk.flow.complaint_contact
    assert not text_page.submit_button.isEnabled()             # a complaint needs words
    type_on_keys(qtbot, text_page.keyboard, "AC mati")
    tap(qtbot, text_page.submit_button)
    assert kiosk.current_screen() == "complaint_contact"
    type_on_keys(qtbot, contact_page.keyboard, "0812")
    with qtbot.waitSignal(kiosk.flow.complaint_filed, timeout=3000) as filed:
        tap(qtbot, contact_page.submit_button)
    [complaint] = survey.list_complaints(service)
    assert complaint.id == filed.args[0]
    assert (complaint.category, complaint.text, complaint.contact, complaint.channel,
            complaint.status) == ("sarana", "AC mati", "0812", "kiosk", "baru")
    assert kiosk.current_screen() == "thanks"
    assert f"#{complaint.id}" in kiosk.flow.thanks.text.text()


# --- language and look --------------------------------------------------------------------------

NEUTRAL = {"1", "2", "3", "4", "SD", "SMP", "S1", "S2", "S3", "D1–D4", "PNS", "TNI", "POLRI",
           "A-001", "?", "–", "⌫", "English", "Bahasa Indonesia"}


def visible_texts(window) -> dict:
    out = {}
    for w in window.findChildren(QLabel) + window.findChildren(QPushButton):
        if w.isVisibleTo(window) and w.text().strip():
            out[w] = w.text()
    return out


def assert_translates(qtbot, window) -> None:
    before = visible_texts(window)
    tap(qtbot, window.lang_button)
    after = visible_texts(window)
    same = [(w.objectName(), t) for w, t in before.items() if after.get(w) == t
            and t not in NEUTRAL and len(t) > 1 and w.objectName() not in
            ("OfficeName", "SurveyTicket", "HeaderZone") and w.parent() is not
            window.flow.entry.keyboard]   # HeaderZone: WIB/WITA/WIT, a name in English too
    assert same == [], f"texts without an English version: {same}"
    tap(qtbot, window.lang_button)
    again = visible_texts(window)
    assert {w: t for w, t in again.items() if w is not window.clock_label} == \
        {w: t for w, t in before.items() if w is not window.clock_label}


def walk_every_page(qtbot, window, service, clock, visit) -> None:
    """Call `visit(name)` on each survey and complaint page."""
    served(service, clock)
    settle(qtbot, window)
    tap(qtbot, window.start.survey_button)
    type_on_keys(qtbot, window.flow.entry.keyboard, "A-001")
    visit("keypad")
    tap(qtbot, window.flow.entry.next_button)
    qtbot.waitUntil(lambda: window.current_screen() == "survey_question", timeout=3000)
    for _ in range(3):
        tap(qtbot, window.flow.question.answer_button(4))
        qtbot.waitUntil(lambda: not window.flow._turning, timeout=3000)
    visit("question")
    window.flow.answers = dict.fromkeys(ELEMENT_KEYS, 3)
    window.show_screen("survey_profile")
    for key, value in (("age_group", "40-49"), ("sex", "L"), ("occupation", "Swasta")):
        tap(qtbot, window.flow.profile.buttons[key][value])
    visit("profile")
    window.show_screen("survey_suggestion")
    type_on_keys(qtbot, window.flow.suggestion.keyboard, "Ruang tunggu nyaman")
    visit("suggestion")
    window.flow._survey_done(1)
    visit("thanks")
    window.finish_visit()
    settle(qtbot, window)
    tap(qtbot, window.start.complaint_button)
    visit("complaint")


@pytest.mark.parametrize("orientation", ["landscape", "portrait"])
def test_every_page_translates_has_large_targets_and_is_photographed(qtbot, service, clock,
                                                                     orientation):
    portrait = orientation == "portrait"
    window = open_kiosk(qtbot, service, portrait=portrait)

    def visit(name: str) -> None:
        QApplication.processEvents()
        assert window.size().toTuple() == ((1080, 1920) if portrait else (1920, 1080))
        buttons = [b for b in window.findChildren(QPushButton) if b.isVisibleTo(window)]
        small = [(b.objectName(), b.text(), b.width(), b.height()) for b in buttons
                 if b.height() < 90 or b.width() < 90]
        assert small == [], name
        assert_translates(qtbot, window)
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"kiosk-survey-{name}-{orientation}.png"
        window.grab().save(str(path))
        assert QImage(str(path)).size().toTuple() == window.size().toTuple()

    try:
        walk_every_page(qtbot, window, service, clock, visit)
    finally:
        window.shutdown()
