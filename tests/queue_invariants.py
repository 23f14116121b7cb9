"""The store's promises, checked after every step of the state machine in tests/test_invariants.py:
numbers and codes unique and gapless, one counter per ticket and officer, times in order, and the
tickets table equal to a replay of the append-only event log."""
from __future__ import annotations

import json
from collections import Counter

from hypothesis.stateful import invariant

HELD = ("called", "serving")
TICKET_EVENTS = {  # event type → status after it (None: unchanged)
    "issued": "waiting", "called": "called", "recalled": None, "started": "serving",
    "finished": "done", "no_show": "no_show", "transferred": "waiting",
    "reactivated": "waiting", "cancelled": "cancelled",
}


class StoreInvariants:
    """Mixed into the state machine, which provides `q(sql, params)` and `config`."""

    @invariant()
    def numbers_unique_and_gapless(self):
        dup = self.q("SELECT issued_service, business_day, number, COUNT(*) FROM tickets "
                     "GROUP BY 1, 2, 3 HAVING COUNT(*) > 1")
        assert not dup, f"number issued twice: {dup}"
        seqs = dict(((s, d), n) for s, d, n in self.q("SELECT * FROM day_sequences"))
        issued = {(s, d): (n, top) for s, d, n, top in self.q(
            "SELECT issued_service, business_day, COUNT(*), MAX(number) FROM tickets "
            "GROUP BY 1, 2")}
        for key, (count, top) in issued.items():
            assert count == top == seqs.get(key), f"{key}: {count} tickets, top {top}, " \
                                                  f"sequence {seqs.get(key)}"
        for (svc, _day), n in seqs.items():
            quota = self.config.service(svc).daily_quota
            assert quota is None or n <= quota, f"{svc} past its quota: {n}"

    @invariant()
    def codes_unique_per_day(self):
        dup = self.q("SELECT business_day, code, COUNT(*) FROM tickets GROUP BY 1, 2 "
                     "HAVING COUNT(*) > 1")
        assert not dup, f"code issued twice: {dup}"

    @invariant()
    def one_counter_per_ticket(self):
        held = self.q("SELECT current_ticket, name, status FROM counters "
                      "WHERE current_ticket IS NOT NULL")
        holders = Counter(t for t, _, _ in held)
        assert all(n == 1 for n in holders.values()), f"a ticket held twice: {held}"
        assert not [h for h in held if h[2] == "paused"], f"a paused counter holds a ticket {held}"
        by_ticket = {t: name for t, name, _ in held}
        for tid, status, counter in self.q("SELECT id, status, counter FROM tickets"):
            if status in HELD:
                assert by_ticket.get(tid) == counter, (
                    f"ticket {tid} is {status} at {counter!r}, held by {by_ticket.get(tid)!r}")
            else:
                assert tid not in by_ticket, f"ticket {tid} is {status} but held by a counter"
        open_segments = dict(self.q("SELECT ticket_id, COUNT(*) FROM segments "
                                    "WHERE ended_at IS NULL GROUP BY ticket_id"))
        assert set(open_segments) == set(by_ticket), (open_segments, by_ticket)
        assert all(n == 1 for n in open_segments.values()), open_segments

    @invariant()
    def one_counter_per_officer(self):
        twice = self.q("SELECT officer, COUNT(*) FROM counters WHERE officer IS NOT NULL AND "
                       "status != 'closed' GROUP BY officer HAVING COUNT(*) > 1")
        assert not twice, f"an officer logged in at two counters: {twice}"

    @invariant()
    def finished_at_most_once(self):
        twice = self.q("SELECT ticket_id, COUNT(*) FROM events WHERE type = 'finished' "
                       "GROUP BY ticket_id HAVING COUNT(*) > 1")
        assert not twice, f"finished twice: {twice}"

    @invariant()
    def times_in_order(self):
        for row in self.q("SELECT code, issued_at, first_called_at, called_at, started_at, "
                          "finished_at, status FROM tickets"):
            present = [t for t in row[1:6] if t is not None]
            assert present == sorted(present), f"times out of order: {row}"
            if row[6] == "done":
                assert None not in row[1:6], f"done without every time: {row}"

    @invariant()
    def tickets_match_event_log(self):
        tickets = {r[0]: r[1:] for r in self.q(
            "SELECT id, status, service, issued_at, finished_at, cancelled_at FROM tickets")}
        issued = self.q("SELECT COUNT(*) FROM events WHERE type = 'issued'")[0][0]
        assert len(tickets) == issued, f"{len(tickets)} tickets, {issued} 'issued' events"
        replay: dict[int, dict] = {}
        for seq, at, type_, tid, service, detail in self.q(
                "SELECT seq, at, type, ticket_id, service, detail FROM events "
                "WHERE ticket_id IS NOT NULL ORDER BY seq"):
            assert type_ in TICKET_EVENTS, f"unknown ticket event {type_!r} (seq {seq})"
            if type_ == "issued":
                assert tid not in replay, f"ticket {tid} issued twice"
                replay[tid] = {"status": "waiting", "service": service, "issued_at": at}
                continue
            state = replay[tid]
            if type_ == "transferred":
                state["service"] = json.loads(detail)["to"]
            if type_ == "finished":
                state["finished_at"] = at
            if type_ == "cancelled":
                state["cancelled_at"] = at
            if TICKET_EVENTS[type_]:
                state["status"] = TICKET_EVENTS[type_]
        assert set(replay) == set(tickets)
        for tid, state in replay.items():
            status, service, issued_at, finished_at, cancelled_at = tickets[tid]
            assert (status, service, issued_at) == (
                state["status"], state["service"], state["issued_at"]), (tid, tickets[tid], state)
            assert finished_at == state.get("finished_at"), (tid, finished_at, state)
            assert cancelled_at == state.get("cancelled_at"), (tid, cancelled_at, state)
        by_status = Counter(s["status"] for s in replay.values())
        in_table = Counter(dict(self.q("SELECT status, COUNT(*) FROM tickets GROUP BY status")))
        assert by_status == in_table, (by_status, in_table)
