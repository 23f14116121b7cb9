"""The visitor's voice over HTTP: survey (SKM) and complaint methods of `HttpQueueService`.

A mixin, so the queue client stays readable: its methods only need `_request` and `_seg` from the
class they are mixed into. Same names and arguments as the functions of `shared.store.survey` (minus the
store), so a kiosk calls `survey.submit_survey(store, ...)` embedded or
`service.submit_survey(...)` on a LAN.
"""
from __future__ import annotations

from datetime import date, datetime

from shared.http.wire import (InvalidRequest, complaint_from_json, datetime_from_json,
                              ikm_report_from_json)
from shared.store.survey import Complaint, IkmReport


def _ticket_token(ticket_ref: str) -> str:
    """A status token, also from the receipt's whole status URL (…/t/<token>) as a QR scan gives it.
    A ticket code is refused here: the server authorises a visitor's survey by the token only."""
    ref = str(ticket_ref).strip().rstrip("/")
    token = ref.rsplit("/", 1)[-1] if "/" in ref else ref
    if len(token) < 16:
        raise InvalidRequest(
            "Survei dan pengaduan memerlukan token tiket (kode QR pada struk), bukan nomor antrean",
            "A survey or complaint needs the ticket's token (the receipt's QR code), not its number",
            fields=[{"field": "ticket_ref", "message": "a status token", "type": "value_error"}])
    return token


class SurveyClientMixin:
    """Survey and complaint calls, mixed into `HttpQueueService` (it gives `_request`, `_seg`)."""

    def survey_form(self) -> dict:
        """The nine elements (questions and four answers, id/en), profile choices, categories."""
        return self._request("GET", "/api/public/survey/form")

    def survey_status(self, ticket_ref: str) -> dict:
        """{code, ticket_status, answered, can_answer, message, message_en} of a ticket (token)."""
        return self._request("GET", f"/api/public/tickets/{self._seg(_ticket_token(ticket_ref))}/survey")

    def submit_survey(self, ticket_ref: str, answers: dict, profile: dict | None = None,
                      suggestion: str | None = None, channel: str = "kiosk") -> int:
        """One response for a served ticket (its token or status URL); returns the response id.
        `SurveyRefused` when not served yet or already answered. Retried while the server is
        away like every call; should a lost answer hide a stored response, the retry is refused
        as already rated (`survey_status()` then says `answered`)."""
        body = {"answers": answers, "profile": profile or None,
                "suggestion": suggestion or None, "channel": channel}
        return self._request("POST", f"/api/public/tickets/{self._seg(_ticket_token(ticket_ref))}/survey",
                             json_body=body)["id"]

    def file_complaint(self, category: str, text: str, contact: str | None = None,
                       ticket_ref: str | None = None, channel: str = "kiosk") -> int:
        """File a complaint or suggestion; returns its number. Sent once (no retry, which could
        file it twice); `ServerUnavailable` when the server cannot be reached."""
        body = {"category": category, "text": text, "contact": contact or None,
                "ticket_token": _ticket_token(ticket_ref) if ticket_ref else None,
                "channel": channel}
        return self._request("POST", "/api/public/complaints", json_body=body, retry=False)["id"]

    def list_complaints(self, status: str | None = None,
                        since: datetime | None = None) -> list[Complaint]:
        params = {k: v for k, v in (("status", status),
                                    ("since", since.isoformat() if since else None)) if v}
        return [complaint_from_json(d) for d in
                self._request("GET", "/api/complaints", params={**params, "limit": 1000})]

    def get_complaint(self, complaint_id: int) -> Complaint:
        return complaint_from_json(self._request("GET", f"/api/complaints/{int(complaint_id)}"))

    def update_complaint(self, complaint_id: int, officer: str | None = None,
                         status: str | None = None, note: str | None = None) -> Complaint:
        """The handler recorded is the signed-in user; `officer`, when given, must be them."""
        body = {"status": status, "note": note, "officer": officer}
        return complaint_from_json(self._request(
            "PATCH", f"/api/complaints/{int(complaint_id)}",
            json_body={k: v for k, v in body.items() if v is not None}))

    def complaint_history(self, complaint_id: int) -> list[dict]:
        return [{**h, "at": datetime_from_json(h["at"])} for h in
                self._request("GET", f"/api/complaints/{int(complaint_id)}/history")]

    def ikm_report(self, first: date, last: date, service: str | None = None) -> IkmReport:
        params = {"from": first.isoformat(), "to": last.isoformat()}
        if service:
            params["service"] = service
        return ikm_report_from_json(self._request("GET", "/api/ikm", params=params))
