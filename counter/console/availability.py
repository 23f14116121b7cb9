"""Which counter actions are possible now, and why not: computed from the counter and the queue.

Qt-free so the rules are tested without a window. The store enforces the same rules; this only
spares the officer a refused click and says the reason before it is tried.
"""
from __future__ import annotations

from dataclasses import dataclass

from shared.domain import CounterState, CounterStatus, TicketStatus

from counter.console.texts import text

# The order of the buttons on screen and of the default keys F1..F8.
ACTIONS = ("call_next", "recall", "start", "finish", "no_show", "transfer", "call_number", "pause")


@dataclass(frozen=True)
class Availability:
    enabled: bool
    reason_id: str = ""
    reason_en: str = ""

    def reason(self, lang: str = "id") -> str:
        return self.reason_en if lang == "en" else self.reason_id


def _no(key: str, **values) -> Availability:
    return Availability(False, text(key, "id", **values), text(key, "en", **values))


YES = Availability(True)


def waiting_for_counter(state: CounterState, queues) -> int:
    """How many tickets this counter could call now (priority only at a priority counter)."""
    served = set(state.services)
    return sum((q.priority_waiting if state.priority_only else q.waiting)
               for q in queues if q.service in served)


def availability(state: CounterState, officer: str, waiting: int, max_recalls: int,
                 other_services: int = 1) -> dict[str, Availability]:
    """Action name → Availability for this counter, held by `officer`, with `waiting` callable."""
    if state.status == CounterStatus.CLOSED:
        return {a: _no("why_closed") for a in ACTIONS}
    if state.officer and officer and state.officer.lower() != officer.lower():
        return {a: _no("why_not_mine", officer=state.officer) for a in ACTIONS}
    if state.status == CounterStatus.PAUSED:
        out = {a: _no("why_paused") for a in ACTIONS}
        out["pause"] = YES  # the same button resumes
        return out
    t = state.current
    if t is None:
        return {
            "call_next": YES if waiting > 0 else _no("why_nobody"),
            "recall": _no("why_no_ticket"), "start": _no("why_no_ticket"),
            "finish": _no("why_no_ticket"), "no_show": _no("why_no_ticket"),
            "transfer": _no("why_no_ticket"),
            "call_number": YES,   # a late visitor's no-show ticket may be called back
            "pause": YES,
        }
    busy = _no("why_finish_first", code=t.code)
    out = {"call_next": busy, "call_number": busy, "pause": busy,
           "transfer": YES if other_services else _no("why_no_other_service")}
    if t.status == TicketStatus.CALLED:
        out["recall"] = (YES if t.recalls < max_recalls else
                         _no("why_recall_limit", code=t.code, n=t.recalls, limit=max_recalls))
        out["start"] = YES
        out["finish"] = _no("why_not_started", code=t.code)
        out["no_show"] = YES
    else:  # serving
        serving = _no("why_serving", code=t.code)
        out["recall"] = serving
        out["start"] = serving
        out["finish"] = YES
        out["no_show"] = serving
    return out
