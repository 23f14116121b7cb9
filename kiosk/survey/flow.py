"""The controller of the visitor's voice at the kiosk: the survey (ticket → nine elements →
profile → suggestion → thanks) and complaints (category → text → contact → thanks).

Every store call goes through the window's action `ServiceWorker`: at once with the embedded
store, off the GUI thread with `antrean serve`. A refusal shows the store's own words in the
kiosk's banner. `reset()` (idle, cancel) drops whatever was half filled.
"""
from __future__ import annotations

import logging
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from shared.domain import AntreanError, NotFound
from shared.ikm import ELEMENTS
from shared.qt.remote import ServiceWorker, is_offline_error

from kiosk.screens.banner import Banner
from kiosk.screens.common import Texts
from kiosk.survey.complaint import CONTACT_MAX, CONTACT_WORDS, TEXT_WORDS, ComplaintCategoryScreen
from kiosk.survey.lookup import MAX_SUGGESTION, SurveyTicket, VoiceBackend, refusal_words
from kiosk.survey.done import ThanksScreen
from kiosk.survey.entry import SurveyEntryScreen
from kiosk.survey.profile import SurveyProfileScreen
from kiosk.survey.question import SurveyQuestionScreen
from kiosk.survey.writing import TextEntryScreen

log = logging.getLogger(__name__)

THANKS_SECONDS = 6
ANSWER_PAUSE_MS = 250     # the chosen answer lights up, then the page turns; taps meanwhile are
                          # ignored, so a double tap never answers the next question too
COMPLAINT_MAX = 1000

T = Texts({
    "offline": ("Tidak terhubung ke server. Jawaban Anda masih tersimpan di layar ini — silakan "
                "coba kirim lagi sebentar lagi.",
                "Not connected to the server. Your answers are still on this screen — please "
                "try sending again in a moment."),
    "offline_check": ("Tidak terhubung ke server. Silakan coba lagi sebentar lagi.",
                      "Not connected to the server. Please try again in a moment."),
})

SUGGESTION_WORDS = {
    "title": ("Saran untuk kami (boleh dikosongkan)", "A suggestion for us (optional)"),
    "subtitle": ("Tulis dengan papan ketik di layar, lalu kirim penilaian Anda.",
                 "Write with the on-screen keyboard, then send your rating."),
    "placeholder": ("Ketik saran Anda di sini…", "Type your suggestion here…"),
    "skip": ("Kirim tanpa saran", "Send without a suggestion"),
    "submit": ("Kirim penilaian", "Send rating"),
}


class KioskHost(Protocol):
    """What the flow needs of the window that shows its screens (`kiosk.screens.window`): the
    window builds the flow, so the flow names only these few members, never the window's module."""

    actions: ServiceWorker
    banner: Banner

    def show_screen(self, name: str) -> None: ...
    def current_screen(self) -> str: ...
    def finish_visit(self) -> None: ...
    def _tap_ok(self) -> bool: ...


class VoiceFlow(QObject):
    """Owns the survey and complaint screens; the window shows them and routes idle/language."""

    survey_submitted = Signal(int)     # response id
    complaint_filed = Signal(int)      # complaint number
    refused = Signal(object)           # the AntreanError shown

    def __init__(self, window: KioskHost):
        super().__init__(window)
        self.window = window
        self.entry = SurveyEntryScreen()
        self.question = SurveyQuestionScreen()
        self.profile = SurveyProfileScreen()
        self.suggestion = TextEntryScreen("survey_suggestion", SUGGESTION_WORDS, MAX_SUGGESTION)
        self.category = ComplaintCategoryScreen()
        self.complaint_text = TextEntryScreen("complaint_text", TEXT_WORDS, COMPLAINT_MAX,
                                              required=True, lines=4)
        self.complaint_contact = TextEntryScreen("complaint_contact", CONTACT_WORDS, CONTACT_MAX,
                                                 lines=1)
        self.thanks = ThanksScreen()
        self.screens = (self.entry, self.question, self.profile, self.suggestion, self.category,
                        self.complaint_text, self.complaint_contact, self.thanks)
        self.ticket: SurveyTicket | None = None
        self.answers: dict[str, int] = {}
        self.index = 0
        self.chosen_profile: dict[str, str] = {}
        self.complaint_category: str | None = None
        self._generation = 0            # answers for a dropped form are ignored
        self._turning = False
        self._seconds_left = 0
        self.thanks_timer = QTimer(self, interval=1000)
        self.thanks_timer.timeout.connect(self._tick_thanks)

        self.entry.entered.connect(self.check_ticket)
        self.entry.back.connect(self._leave)
        self.question.answered.connect(self._on_answer)
        self.question.previous.connect(self._previous_question)
        self.question.cancelled.connect(self._leave)
        self.profile.done.connect(self._on_profile)
        self.profile.previous.connect(lambda: self._show_question(len(ELEMENTS) - 1))
        self.suggestion.submitted.connect(self.submit_survey)
        self.suggestion.previous.connect(lambda: self.window.show_screen("survey_profile"))
        self.category.chosen.connect(self._on_category)
        self.category.back.connect(self._leave)
        self.complaint_text.submitted.connect(self._on_complaint_text)
        self.complaint_text.previous.connect(lambda: self.window.show_screen("complaint_category"))
        self.complaint_contact.submitted.connect(self.file_complaint)
        self.complaint_contact.previous.connect(lambda: self.window.show_screen("complaint_text"))
        self.thanks.tapped.connect(lambda: self.window._tap_ok() and self.window.finish_visit())

    # --- state -----------------------------------------------------------------------------
    def reset(self) -> None:
        """Drop a half-filled survey or complaint."""
        self._generation += 1
        self._turning = False
        self.thanks_timer.stop()
        self.ticket, self.answers, self.index = None, {}, 0
        self.chosen_profile, self.complaint_category = {}, None
        self.entry.reset()
        self.profile.reset()
        for page in (self.suggestion, self.complaint_text, self.complaint_contact):
            page.reset()

    def in_progress(self) -> bool:
        return self.ticket is not None or self.complaint_category is not None

    def _leave(self) -> None:
        if self.window._tap_ok():
            self.reset()
            self.window.show_screen("start")

    def _call(self, work, on_done, on_error) -> None:
        generation = self._generation

        def done(result):
            if generation == self._generation:
                on_done(result)

        def failed(exc):
            if generation == self._generation:
                on_error(exc)
        self.window.actions.submit(work, done, failed)

    def _show_refusal(self, exc: BaseException, offline_words: str = "offline") -> None:
        if is_offline_error(exc):
            words = (T(offline_words, "id"), T(offline_words, "en"))
        elif isinstance(exc, AntreanError):
            words = refusal_words(exc)
        else:
            log.error("survey/complaint call failed", exc_info=exc)
            self.window.banner.show_message("error")
            return
        log.info("kiosk survey/complaint refused: %s", words[0])
        self.window.banner.show_message("survey", words)
        self.refused.emit(exc)

    # --- the survey --------------------------------------------------------------------------
    def start_survey(self, scanned: str | None = None) -> None:
        self.reset()
        self.window.show_screen("survey_entry")
        self.entry.field.setFocus()
        if scanned:                       # a receipt scanned on the start screen
            self.entry.field.setText(scanned)
            self.check_ticket(scanned)

    def check_ticket(self, text: str) -> None:
        self.entry.set_busy(True)
        self._call(lambda svc: VoiceBackend.check_ticket(svc, text), self._ticket_ok,
                   self._ticket_refused)

    def _ticket_ok(self, ticket: SurveyTicket) -> None:
        self.entry.set_busy(False)
        self.ticket, self.answers = ticket, {}
        self.profile.reset()
        self.suggestion.reset()
        self._show_question(0)

    def _ticket_refused(self, exc: BaseException) -> None:
        self.entry.set_busy(False)
        self.entry.field.selectAll()      # the next key replaces the wrong number
        if isinstance(exc, NotFound):
            log.info("survey: ticket not found: %s", exc.message)
        self._show_refusal(exc, "offline_check")

    def _show_question(self, index: int) -> None:
        self.index = index
        self._turning = False
        self.question.show_element(index, self.ticket.code if self.ticket else "",
                                   self.answers.get(ELEMENTS[index].key))
        self.window.show_screen("survey_question")

    def _on_answer(self, key: str, score: int) -> None:
        if self._turning or self.ticket is None:
            return
        self._turning = True
        self.answers[key] = score
        generation = self._generation
        QTimer.singleShot(ANSWER_PAUSE_MS, lambda: generation == self._generation
                          and self._after_answer())

    def _after_answer(self) -> None:
        if self.index + 1 < len(ELEMENTS):
            self._show_question(self.index + 1)
        else:
            self._turning = False
            self.window.show_screen("survey_profile")

    def _previous_question(self) -> None:
        if self._turning:
            return
        if self.index > 0:
            self._show_question(self.index - 1)
        else:
            self.window.show_screen("survey_entry")

    def _on_profile(self, profile: dict) -> None:
        self.chosen_profile = profile
        self.window.show_screen("survey_suggestion")

    def submit_survey(self, suggestion: str) -> None:
        ticket, answers, profile = self.ticket, dict(self.answers), dict(self.chosen_profile)
        if ticket is None or len(answers) < len(ELEMENTS):
            return
        self.suggestion.set_busy(True)
        self._call(lambda svc: VoiceBackend.submit_survey(svc, ticket, answers, profile,
                                                          suggestion),
                   self._survey_done, self._survey_failed)

    def _survey_done(self, response_id: int) -> None:
        code = self.ticket.code if self.ticket else ""
        log.info("survey response %s stored for %s", response_id, code)
        self.reset()
        self.thanks.show_survey(code)
        self._show_thanks()
        self.survey_submitted.emit(response_id)

    def _survey_failed(self, exc: BaseException) -> None:
        self.suggestion.set_busy(False)
        if is_offline_error(exc) or not isinstance(exc, AntreanError):
            self._show_refusal(exc)       # the answers stay: send again when the link is back
            return
        self.reset()                      # refused for good (answered meanwhile, …)
        self.window.show_screen("start")
        self._show_refusal(exc)

    # --- complaints ----------------------------------------------------------------------------
    def start_complaint(self) -> None:
        self.reset()
        self.window.show_screen("complaint_category")

    def _on_category(self, category: str) -> None:
        if not self.window._tap_ok():
            return
        self.complaint_category = category
        self.window.show_screen("complaint_text")

    def _on_complaint_text(self, text: str) -> None:
        if text and self.complaint_category:
            self.window.show_screen("complaint_contact")

    def file_complaint(self, contact: str) -> None:
        category, text = self.complaint_category, self.complaint_text.text()
        if not category or not text:
            return
        self.complaint_contact.set_busy(True)
        self._call(lambda svc: VoiceBackend.file_complaint(svc, category, text, contact or None),
                   self._complaint_done, self._complaint_failed)

    def _complaint_done(self, number: int) -> None:
        log.info("complaint #%s filed at the kiosk", number)
        self.reset()
        self.thanks.show_complaint(number)
        self._show_thanks()
        self.complaint_filed.emit(number)

    def _complaint_failed(self, exc: BaseException) -> None:
        self.complaint_contact.set_busy(False)
        self._show_refusal(exc)

    # --- thanks --------------------------------------------------------------------------------
    def _show_thanks(self) -> None:
        self._seconds_left = THANKS_SECONDS
        self.thanks.set_seconds_left(self._seconds_left)
        self.window.show_screen("thanks")
        self.thanks_timer.start()

    def _tick_thanks(self) -> None:
        self._seconds_left -= 1
        self.thanks.set_seconds_left(self._seconds_left)
        if self._seconds_left <= 0:
            self.thanks_timer.stop()
            if self.window.current_screen() == "thanks":
                self.window.finish_visit()
