"""The visitor's voice at the kiosk, without Qt: which ticket a scan or a typed number means, the
labels of the profile choices and complaint categories, and one adapter over the two stores.

Embedded (`SqliteQueueService`): the functions of `shared.store.survey`. LAN (`HttpQueueService`): its
mirror methods. The server authorises a survey by the ticket's token (the receipt's QR code), so
on a LAN a typed number (A-012) is first looked up with the kiosk's device token — the kiosk is
a trusted device in the office, the phone is not.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from shared.store import survey as store_survey
from shared.backend import is_remote
from shared.domain import AntreanError, TicketStatus
from shared.ikm import ELEMENTS
from shared.store.survey import SurveyRefused

CHANNEL = "kiosk"
MAX_SUGGESTION = 500          # the kiosk keyboard is for a sentence or two, not a letter
MAX_CONTACT = 80
_TOKEN_IN_URL = re.compile(r"/t/([A-Za-z0-9_\-]{8,})/?(?:[?#].*)?$")
_CODE = re.compile(r"^[A-Za-z]{1,3}-?\d{1,4}$")


def ticket_ref_from_input(text: str) -> str:
    """What a visitor typed or a scanner sent: a status URL (…/t/<token>) gives its token; a
    number is upper-cased (a12, A012 and A-012 are the same ticket for the store)."""
    text = (text or "").strip()
    match = _TOKEN_IN_URL.search(text)
    if match:
        return match.group(1)
    if _CODE.match(text):
        return text.upper()
    return text


def looks_like_status_url(text: str) -> bool:
    return bool(_TOKEN_IN_URL.search((text or "").strip()))


@dataclass(frozen=True)
class SurveyTicket:
    """A ticket that may answer: its code (shown) and the reference the store accepts."""

    code: str
    ref: str


class VoiceBackend:
    """Survey and complaints on either store. Every method may block on the network: the kiosk
    calls them through a `ServiceWorker`, which hands each job the service to use."""

    @staticmethod
    def check_ticket(svc, text: str) -> SurveyTicket:
        """The ticket behind `text`, if it may answer now; `SurveyRefused` / `NotFound` if not."""
        ref = ticket_ref_from_input(text)
        if not ref:
            raise SurveyRefused("Silakan masukkan nomor antrean Anda",
                                "Please enter your queue number")
        if is_remote(svc):
            if len(ref) < 16:                       # a typed number: the device looks it up
                ref = svc.ticket(ref).token
            state = svc.survey_status(ref)
            if not state.get("can_answer"):
                raise SurveyRefused(state.get("message") or "", state.get("message_en") or "",
                                    code=state.get("code"))
            return SurveyTicket(state.get("code") or "", ref)
        ticket = svc.ticket(ref)
        status_fn = getattr(store_survey, "survey_status", None)
        if status_fn is not None:                   # answered already: refused before question 1
            state = status_fn(svc, ticket.token)
            if not state.get("can_answer"):
                raise SurveyRefused(state["message"], state["message_en"], code=ticket.code)
        elif ticket.status is not TicketStatus.DONE:
            raise SurveyRefused(
                f"Survei hanya untuk tiket yang sudah dilayani ({ticket.code} belum selesai)",
                f"The survey is only for tickets already served ({ticket.code} is not done)",
                code=ticket.code)
        return SurveyTicket(ticket.code, ticket.token)

    @staticmethod
    def submit_survey(svc, ticket: SurveyTicket, answers: dict, profile: dict | None,
                      suggestion: str | None) -> int:
        if is_remote(svc):
            return svc.submit_survey(ticket.ref, answers, profile or None, suggestion or None,
                                     channel=CHANNEL)
        return store_survey.submit_survey(svc, ticket.ref, answers, profile or None,
                                          suggestion or None, channel=CHANNEL)

    @staticmethod
    def file_complaint(svc, category: str, text: str, contact: str | None = None,
                       ticket_ref: str | None = None) -> int:
        if is_remote(svc):
            return svc.file_complaint(category, text, contact or None, ticket_ref,
                                      channel=CHANNEL)
        return store_survey.file_complaint(svc, category, text, contact or None, ticket_ref,
                                           channel=CHANNEL)


def element_count() -> int:
    return len(ELEMENTS)


def refusal_words(exc: BaseException) -> tuple[str, str]:
    """The store's own words for a refusal (id, en)."""
    if isinstance(exc, AntreanError):
        return exc.message, exc.message_en or exc.message
    return ("", "")
